"""What parsing and validating a file gave, kept between checks of the same folder while the
language server runs: after a keystroke only the file that changed is read anew, the others'
bytes are still read from disk and compared, so an edit on disk is never missed.

Outside `remembered()` nothing is kept (the command line checks each file once). The kept values
are frozen models and sources that nothing downstream changes (pydantic_errors.validate copies
the data before it drops a key).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """Results by key; a run keeps only what it used, so that a file's older texts go."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, object] = {}
        self._used: dict[Hashable, object] = {}

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        if key in self._used:
            return self._used[key]  # type: ignore[return-value]
        value = self._kept[key] if key in self._kept else make()
        self._used[key] = value
        return value  # type: ignore[return-value]

    def end_run(self) -> None:
        self._kept, self._used = self._used, {}


_MEMO: ContextVar[Memo | None] = ContextVar("memo", default=None)


@contextmanager
def remembered(memo: Memo) -> Iterator[None]:
    """Meanwhile, parse results are kept in and taken from `memo`; its run ends on leaving."""
    token = _MEMO.set(memo)
    try:
        yield
    finally:
        _MEMO.reset(token)
        memo.end_run()


def memoised(key: Hashable, make: Callable[[], T]) -> T:
    """`make()`, or what it gave for `key` in this or the last run while `remembered`."""
    memo = _MEMO.get()
    return make() if memo is None else memo.get_or_make(key, make)
