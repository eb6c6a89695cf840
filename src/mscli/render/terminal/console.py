"""The two consoles the CLI prints to, and helpers that print text literally.

Messages carry paths and the user's own words; rich would read `[bold]` in them as markup (and fail
on a stray `[/bold]`). `say` and `warn` therefore never interpret markup: the only styling is the
optional `label`, printed in `style` before the text.

rich is imported when something is printed, not with the CLI: `--help` prints without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

T = TypeVar("T")


def _console(*, stderr: bool) -> Console:
    """A console made when it prints: it writes to whatever sys.stdout/sys.stderr is then (tests
    swap them) and takes the width of that moment (COLUMNS, the terminal), not of import time."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def __getattr__(name: str) -> Console:
    """`console.stdout` and `console.stderr`, for renderers that print to a console themselves."""
    if name in ("stdout", "stderr"):
        return _console(stderr=name == "stderr")
    raise AttributeError(name)


def _line(text: str, label: str, style: str) -> Text:
    from rich.text import Text

    line = Text(label, style=style) if label else Text()
    line.append(text)
    return line


def say(text: str, *, label: str = "", style: str = "") -> None:
    """One message on stdout, printed as it is (no markup)."""
    _console(stderr=False).print(_line(text, label, style), soft_wrap=True)


def warn(text: str, *, label: str = "", style: str = "") -> None:
    """One message on stderr, printed as it is (no markup)."""
    _console(stderr=True).print(_line(text, label, style), soft_wrap=True)


def error(message: str) -> None:
    """A message that stops a command: `错误：` in red, then the message, on stderr."""
    warn(message, label="错误：", style="red")


def show(renderable: object) -> None:
    """A table or other rich renderable built by a render module, on stdout."""
    _console(stderr=False).print(renderable)


def table_or_json(
    value: T, *, as_json: bool, table: Callable[[T], object], json: Callable[[T], str]
) -> None:
    """`value` as JSON text (plain print, no wrapping) or as a rich table."""
    if as_json:
        print(json(value))
    else:
        show(table(value))
