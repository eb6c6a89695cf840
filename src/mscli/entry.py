"""The `mscli` program: what must hold before the app is imported, and around it.

Three things happen here, before anything heavy loads, so that no start-up condition ends in a
traceback:

- Ctrl-C or SIGTERM at any moment (also while the command modules are still importing) exits 130
  with a short note; SIGTERM is turned into the same interruption so that the atomic writers'
  cleanup runs and no temporary file is left behind.
- An output stream that cannot encode Chinese (`PYTHONIOENCODING=ascii`) writes `\\uXXXX` escapes
  instead of failing: nothing is lost and the exit code stays the command's.
- A closed output pipe (`mscli status | head`) ends the command quietly, as other tools do.
- Width settings that would hide every message (`COLUMNS=0`, `TERMINAL_WIDTH=abc`) are corrected.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import MutableMapping
from types import FrameType

MIN_WIDTH = 40
"""Narrower than this, rich wraps a message one or two characters per line, or drops it."""
MAX_WIDTH = 10_000
_WIDTHS = ("COLUMNS", "TERMINAL_WIDTH", "JUPYTER_COLUMNS")
_HEIGHTS = ("LINES", "JUPYTER_LINES")


def main() -> None:
    """Run the app; Ctrl-C or SIGTERM exits 130 without a traceback."""
    try:
        signal.signal(signal.SIGTERM, _terminate)
        usable_streams()
        usable_sizes(os.environ)
        from mscli.cli import app
        from mscli.cli.framework.standins import run

        run(app, sys.argv[1:])
    except KeyboardInterrupt:
        _note("已中断。")
        sys.exit(130)
    except BrokenPipeError:  # the reader of our output (`| head`) has gone: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def usable_streams() -> None:
    """Make stdout and stderr write what their encoding cannot hold as backslash escapes."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "中文".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")


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
    raise KeyboardInterrupt
