"""The command line: parse options, call the core, pick a renderer, set the exit code.

`app.py` holds the Typer app and what commands share; each other module is one command group and
registers its commands on import, which happens here. `errors.py` maps the tool's errors to
messages and exit codes, once.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from mscli.cli import acceptance, check, diff, edit, quarter, remind, repo, sheet, site, year
from mscli.cli.app import app
from mscli.cli.errors import interrupted

__all__ = [
    "acceptance",
    "app",
    "check",
    "diff",
    "edit",
    "main",
    "quarter",
    "remind",
    "repo",
    "sheet",
    "site",
    "year",
]


def main() -> None:
    """The `mscli` program: run the app; Ctrl-C or SIGTERM exits 130 without a traceback.

    SIGTERM is turned into the same interruption, so that the atomic writers' cleanup runs and no
    temporary file is left behind.
    """
    try:
        signal.signal(signal.SIGTERM, _terminate)
        app()
    except KeyboardInterrupt:
        sys.exit(interrupted())


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
