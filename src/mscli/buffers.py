"""Data files as the checks read them: from disk, or, in the language server (`mscli lsp`), from
the editor's unsaved text of the files open in it.

Every read of a data file goes through `read_head`, so that `mscli validate` and the editor see
the same problems: the server puts the open buffers in place with `unsaved()` while it checks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_UNSAVED: ContextVar[Mapping[Path, bytes] | None] = ContextVar("unsaved", default=None)


@contextmanager
def unsaved(texts: Mapping[Path, bytes]) -> Iterator[None]:
    """Meanwhile, read these files' contents (absolute paths) instead of what is on disk."""
    token = _UNSAVED.set({path.resolve(): raw for path, raw in texts.items()})
    try:
        yield
    finally:
        _UNSAVED.reset(token)


def unsaved_text(path: Path) -> bytes | None:
    """The editor's text of `path` while a check runs in the language server; None otherwise."""
    texts = _UNSAVED.get()
    return texts.get(path.resolve()) if texts else None


def read_head(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the file (a huge file is refused, not read whole)."""
    raw = unsaved_text(path)
    if raw is not None:
        return raw[:limit]
    with path.open("rb") as handle:
        return handle.read(limit)
