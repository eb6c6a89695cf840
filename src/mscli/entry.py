"""The `mscli` program: what must hold before the app is imported, and around it.

Three things happen here, before anything heavy loads, so that no start-up condition ends in a
traceback:

- Ctrl-C or SIGTERM at any moment (also while this module or the command modules are still
  importing: `mscli/__init__.py` takes Ctrl-C first) exits 130 with a short note; SIGTERM is
  turned into the same interruption so that the atomic writers' cleanup runs and no temporary
  file is left behind.
- An output stream that cannot encode Chinese (`PYTHONIOENCODING=ascii`) writes `\\uXXXX` escapes
  instead of failing: nothing is lost and the exit code stays the command's.
- A closed output pipe (`mscli status | head`) ends the command quietly, as other tools do; an
  output that cannot be written to the end (a file-size limit, `ulimit -f`) or a standard output
  closed before start (`mscli status >&-`) is a message and exit 1, never a truncated result with
  exit 0. A text the stream cannot encode (a lone surrogate) is written as an escape.
- A SIGTERM that a library's import swallowed still ends the command with exit 130.
- Width settings that would hide every message (`COLUMNS=0`, `TERMINAL_WIDTH=abc`) are corrected.
"""

from __future__ import annotations

import io
import os
import signal
import stat
import sys
from collections.abc import MutableMapping
from types import FrameType
from typing import Any

MIN_WIDTH = 40
"""Narrower than this, rich wraps a message one or two characters per line, or drops it."""
MAX_WIDTH = 10_000
_WIDTHS = ("COLUMNS", "TERMINAL_WIDTH", "JUPYTER_COLUMNS")
_HEIGHTS = ("LINES", "JUPYTER_LINES")


_terminated = False
"""Set by SIGTERM: the command ends with 130 even if the KeyboardInterrupt raised was swallowed."""


class _Closed(io.TextIOBase):
    """Stands in for a standard stream closed before start (`mscli status >&-`): what is written
    goes nowhere, and the command then ends with exit 1 instead of a traceback."""

    written = False
    encoding = "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written = self.written or bool(text)
        return len(text)


def main() -> None:
    """Run the app; Ctrl-C or SIGTERM exits 130 without a traceback."""
    code: Any = 0
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # KeyboardInterrupt from here on
        signal.signal(signal.SIGTERM, _terminate)
        usable_streams()
        usable_sizes(os.environ)
        from mscli.cli import app
        from mscli.cli.framework.standins import run

        try:
            run(app, sys.argv[1:])
        except SystemExit as exc:
            code = exc.code
        _flush()
    except KeyboardInterrupt:
        _note("已中断。")
        sys.exit(130)
    except BrokenPipeError:  # the reader of our output (`| head`) has gone: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # Python wraps an interrupt inside __set_name__ in a RuntimeError
        if not _from_interrupt(exc):
            raise
        _note("已中断。")
        sys.exit(130)
    # The command is done and its output flushed: a Ctrl-C in the last instructions would
    # otherwise end in a traceback (there is nothing left to interrupt).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _terminated:
        _note("已中断。")
        sys.exit(130)
    if isinstance(sys.stdout, _Closed) and sys.stdout.written and code in (0, None):
        _note("错误：标准输出已关闭，结果无法输出（请去掉 >&- 或用 -o 写入文件）")
        sys.exit(1)
    sys.exit(code)


def _from_interrupt(exc: BaseException) -> bool:
    """Whether `exc` was raised because of a Ctrl-C or SIGTERM (a KeyboardInterrupt in its
    chain): an interrupt while a class is being made comes out as RuntimeError("Error calling
    __set_name__ …") with the KeyboardInterrupt as its cause."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, KeyboardInterrupt):
            return True
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return False


def _flush() -> None:
    """Write out what stdout still holds now, where a failure can be told (exit 1)."""
    from mscli.oserrors import reason

    if sys.stdout.closed:  # the language server's transport closes it on exit
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _note(f"错误：无法写出结果：{reason(exc)}，输出不完整")
        sys.exit(1)


def usable_streams() -> None:
    """Make stdout and stderr write what their encoding cannot hold (Chinese on an ascii
    terminal, a lone surrogate anywhere) as backslash escapes; a stream closed before start is
    replaced by a stand-in. An OSError that Python could only report as “Exception ignored” (a
    zip file python-docx left open after a full disk, already reported) is not shown."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    if sys.stderr is None:
        sys.stderr = _Closed()
    _whole_stdout()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    default = sys.unraisablehook

    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            default(unraisable)

    sys.unraisablehook = quiet


class _WholeWrites(io.RawIOBase):
    """Standard output into a regular file, written to the last byte or failing: Python's own
    writer takes a short write under a file-size limit (`ulimit -f`) for success and drops the
    rest, so a cut-short result would end with exit 0."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self._fd, view[done:])  # the next write after a short one raises
        return done


def _whole_stdout() -> None:
    """Standard output redirected to a regular file goes through `_WholeWrites`."""
    try:
        fd = sys.stdout.fileno()
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return
    if regular:
        sys.stdout.flush()
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(_WholeWrites(fd)),
            encoding=sys.stdout.encoding,
            errors="backslashreplace",
        )


def usable_sizes(environ: MutableMapping[str, str]) -> None:
    """Drop terminal sizes that are not whole numbers; bring widths into [MIN_WIDTH, MAX_WIDTH]."""
    for name in (*_WIDTHS, *_HEIGHTS):
        text = environ.get(name)
        if text is None:
            continue
        if not text.strip().isdigit() or not text.strip().isascii():
            del environ[name]
        elif name in _WIDTHS:
            environ[name] = str(min(max(int(text), MIN_WIDTH), MAX_WIDTH))
        elif int(text) < 1:
            del environ[name]


def _note(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, UnicodeEncodeError):
        pass


def _terminate(signum: int, frame: FrameType | None) -> None:
    global _terminated
    _terminated = True
    raise KeyboardInterrupt
