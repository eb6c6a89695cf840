"""The command line: parse options, call the core, pick a renderer, set the exit code.

`app.py` holds the Typer app and what commands share; each other module is one command group and
registers its commands on import, which happens here. `errors.py` maps the tool's errors to
messages and exit codes, once.
"""

from __future__ import annotations

from mscli.cli import (
    acceptance,
    bundle,
    check,
    diff,
    edit,
    history,
    plan,
    quarter,
    rank,
    remind,
    repo,
    sheet,
    site,
    year,
)
from mscli.cli.app import app

__all__ = [
    "acceptance",
    "app",
    "bundle",
    "check",
    "diff",
    "edit",
    "history",
    "plan",
    "quarter",
    "rank",
    "remind",
    "repo",
    "sheet",
    "site",
    "year",
]
