"""Start-up: only the command being run is built from its function's signature.

At every start Typer builds each command from its function's signature (inspect, then every
annotation evaluated): 20 ms for the seventeen commands, a fifth of `mscli --help`. The command
named on the command line is built so; every other command is needed only for its name and
first line (the command list of a help page, the suggestion for a mistyped name) and is built as
a stand-in without parameters, which nothing can run. Shell completion, which may look into any
command, builds them all. tests/test_standins.py checks that what users see stays the same.
"""

from __future__ import annotations

import copy
import inspect
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter as TyperParameter
from typer.main import get_command_name
from typer.models import CommandInfo

COMPLETION_VARIABLE = "_MSCLI_COMPLETE"
"""Set by the shell when it asks `mscli` to complete a command line."""


class _UntilAValue:
    """A parameter's coercion until a value comes. Typer builds each parameter's coercion (a
    pydantic TypeAdapter: importing pydantic and its plugin loader, 40 ms) as soon as the
    parameter is processed, even for a flag not given, whose None needs no coercion: so every
    `mscli <command> --help` paid for it. The real one is built with the first value."""

    def coerce(self, value: object, param: TyperParameter, ctx: Any) -> object:
        if value is None:  # what Typer's RuntimeParam.coerce gives for None
            return () if param.multiple or param.nargs == -1 else None
        param._runtime_param = build_runtime_param(param.type_descriptor)
        return param._runtime_param.coerce(value, param=param, ctx=ctx)


_UNTIL_A_VALUE = _UntilAValue()


def _deferred(self: TyperParameter) -> object:
    return self._runtime_param or _UNTIL_A_VALUE


TyperParameter.get_runtime_param = _deferred  # type: ignore[method-assign,assignment]


def run(app: typer.Typer, args: Sequence[str]) -> None:
    """`app()` for the command line `args` (without the program name)."""
    if COMPLETION_VARIABLE in os.environ:
        app()
        return
    with only(app, invoked(args)):
        app()


def invoked(args: Sequence[str]) -> str | None:
    """The command named in `args`: `mscli` itself takes only flags before it (`--help`,
    `--version`), and a `--` may stand before the name. None when no name is given."""
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] != "--":
        rest.pop(0)
    if rest and rest[0] == "--":
        rest.pop(0)
    return rest[0] if rest else None


@contextmanager
def only(app: typer.Typer, name: str | None) -> Iterator[None]:
    """Meanwhile the commands of `app` other than `name` (a command or a group of commands) are
    stand-ins; a group's commands are built in full only when the group is the one named."""
    kept: list[tuple[typer.Typer, list[CommandInfo]]] = []

    def replace(group: typer.Typer, keep: str | None) -> None:
        kept.append((group, group.registered_commands))
        group.registered_commands = [
            info if keep is not None and _name(info) == keep else _stand_in(info)
            for info in group.registered_commands
        ]
        for sub in group.registered_groups:
            if sub.typer_instance is not None and (keep is None or sub.name != keep):
                replace(sub.typer_instance, None)

    replace(app, name)
    try:
        yield
    finally:
        for group, commands in kept:
            group.registered_commands = commands


def _name(info: CommandInfo) -> str | None:
    if info.name:
        return info.name
    return get_command_name(info.callback.__name__) if info.callback else None


def _stand_in(info: CommandInfo) -> CommandInfo:
    """`info` with its name and help as Typer would read them, and a callback without parameters."""
    stand_in = copy.copy(info)
    stand_in.name = _name(info)
    if info.help is None and info.callback is not None:
        stand_in.help = inspect.getdoc(info.callback)
    stand_in.callback = _listed_only
    return stand_in


def _listed_only() -> None:
    """The callback of a stand-in, which is listed but never run (the command run is built in
    full)."""
    raise AssertionError("a stand-in command was run")
