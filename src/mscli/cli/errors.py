"""The one place where errors become messages and exit codes.

Exit codes: 0 clean, 1 problems found in the data or the command could not do its work,
2 usage error (bad option, missing data folder, unknown git revision), 130 interrupted
(`mscli.entry`). An OSError no command expected (a full disk, a name too long for the file system)
is reported with its file and a Chinese reason, exit 1.

A command stops by raising `mscli.problems.MscliError` (or a subclass); its `exit_code` says how.
The handler sits in the app's top-level group (`Group.invoke`), so it runs for `mscli` itself and
for `CliRunner.invoke(app, …)` in the tests alike; Typer's own usage errors keep their exit 2.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from mscli.oserrors import reason
from mscli.problems import MscliError
from mscli.render.terminal import console


class Group(TyperGroup):
    """The top-level command group: runs the command, turns an MscliError into message + exit."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MscliError as exc:
            console.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # `mscli status | head`: the reader has gone; nothing to say
            raise
        except OSError as exc:  # one the command did not expect: a full disk, a long name…
            console.error(os_message(exc))
            raise typer.Exit(1) from None


def os_message(exc: OSError) -> str:
    """`无法处理 <file>：<reason>` for a file operation the operating system refused."""
    names = [str(name) for name in (exc.filename, exc.filename2) if name is not None]
    where = f" {' → '.join(names)}" if names else ""
    return f"无法处理{where}：{reason(exc)}"
