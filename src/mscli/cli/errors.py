"""The one place where errors become messages and exit codes.

Exit codes: 0 clean, 1 problems found in the data or the command could not do its work,
2 usage error (bad option, missing data folder, unknown git revision), 130 interrupted.

A command stops by raising `mscli.problems.MscliError` (or a subclass); its `exit_code` says how.
The handler sits in the app's top-level group (`Group.invoke`), so it runs for `mscli` itself and
for `CliRunner.invoke(app, …)` in the tests alike; Typer's own usage errors keep their exit 2.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from mscli.problems import MscliError
from mscli.render import console


class Group(TyperGroup):
    """The top-level command group: runs the command, turns an MscliError into message + exit."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MscliError as exc:
            console.error(str(exc))
            raise typer.Exit(exc.exit_code) from None


def interrupted() -> int:
    """Ctrl-C: a short note instead of a traceback; the exit code to use."""
    console.warn("已中断。")
    return 130
