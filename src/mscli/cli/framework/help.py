"""`--help` without rich: the page is gathered from the commands here and drawn by render/help.py.

Typer prints help (and a bare `mscli`) through typer.rich_utils, whose imports alone took longer
than the tool's own start-up. Its `format_help` is replaced for Typer's commands and groups with
one that prints the same panels, in Chinese, as plain text; usage errors keep Typer's rich
panels (cli/zh.py translates them).
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from mscli.cli.framework.help_text import Page, Panel, Row, render
from mscli.cli.framework.zh import HELP as CHINESE_HELP

ARGUMENTS = "参数"
OPTIONS = "选项"
COMMANDS = "命令"
DEFAULT = "[默认：{}]"
ENVVAR = "[环境变量：{}]"
REQUIRED = "[必填]"
MIN_WIDTH = 40
_BREAK = re.compile(r"(\S?)[ \t]*\n[ \t]*(\S?)")
_LATIN = re.compile(r"^[\x21-\x7e]{2}$")


def install() -> None:
    """Typer's commands and groups print their help with `show`."""
    for cls in (TyperCommand, TyperGroup):
        if getattr(cls.format_help, "_mscli", False):
            continue

        def format_help(self: Any, ctx: Any, formatter: Any) -> None:
            show(self, ctx)

        format_help._mscli = True  # type: ignore[attr-defined]
        cls.format_help = format_help  # type: ignore[method-assign]


def show(command: Any, ctx: Any) -> None:
    """Print the help of `command` on stdout now, as Typer's rich help does (a bare `mscli` shows
    its help while Click builds the error that stops it)."""
    color = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    text = render(page(command, ctx), width=_width(), color=color)
    typer.echo(text, nl=False, color=True if os.environ.get("FORCE_COLOR") else None)


def _unwrap(text: str) -> str:
    """A paragraph's line breaks removed: Chinese lines join directly, Latin words with a space."""
    return _BREAK.sub(lambda m: " " if _LATIN.match(m[1] + m[2]) else m[1] + m[2], text).strip()


def _width() -> int:
    fixed = os.environ.get("TERMINAL_WIDTH", "")
    width = int(fixed) if fixed.isdigit() else shutil.get_terminal_size((80, 24)).columns
    return max(width, MIN_WIDTH)


def page(command: Any, ctx: Any) -> Page:
    """What the help of `command` shows: usage, its text, its arguments, options and commands."""
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    first, *rest = text.split("\n\n")
    paragraphs = tuple(p for p in (_unwrap(first), "\n\n".join(map(_unwrap, rest))) if p)
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    panels = [
        _parameters(ARGUMENTS, [p for p in params if isinstance(p, TyperArgument)], ctx),
        _parameters(OPTIONS, [p for p in params if not isinstance(p, TyperArgument)], ctx),
    ]
    if isinstance(command, TyperGroup):
        panels.append(_commands(command, ctx))
    return Page(command.get_usage(ctx).strip(), paragraphs, tuple(panels))


def _parameters(title: str, params: list[Any], ctx: Any) -> Panel:
    rows = []
    for param in params:
        if isinstance(param, TyperArgument):
            long, short = "", param._rich_display_name()
        else:
            long = ",".join(o for o in param.opts if "--" in o)
            short = ",".join(o for o in param.opts if "--" not in o)
        negative = ",".join(param.secondary_opts)
        shown = param.display_type_rich(ctx=ctx) if hasattr(param, "display_type_rich") else None
        kind = shown or ""
        if hasattr(param, "_get_number_range_help_str"):
            limits = param._get_number_range_help_str()
            kind += f" [{limits}]" if limits else ""
        help_text = getattr(param, "help", None) or ""
        help_text = CHINESE_HELP.get(help_text, help_text)
        lines = [_unwrap(x) for x in help_text.split("\n\n")]
        rows.append(
            Row(
                (long, short, negative, kind.strip()),
                "\n".join(lines).strip(),
                _notes(param, ctx),
            )
        )
    return Panel(title, tuple(rows), ("bold cyan", "bold green", "bold magenta", "yellow"))


def _notes(param: Any, ctx: Any) -> tuple[str, ...]:
    notes = []
    envvar = getattr(param, "envvar", None)
    if envvar and getattr(param, "show_envvar", None):
        notes.append(ENVVAR.format(envvar if isinstance(envvar, str) else ", ".join(envvar)))
    if isinstance(param, TyperOption | TyperArgument):
        default = param._extract_default_help_str(ctx=ctx)
        as_text = isinstance(param.show_default, str)
        if as_text or (default is not None and (param.show_default or ctx.show_default)):
            shown = param._get_default_string(
                ctx=ctx, show_default_is_str=as_text, default_value=default
            )
            if shown:
                notes.append(DEFAULT.format(shown))
    if param.required:
        notes.append(REQUIRED)
    return tuple(notes)


def _commands(group: TyperGroup, ctx: Any) -> Panel:
    rows = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        text = inspect.cleandoc(command.short_help or command.help or "")
        rows.append(Row((name,), _unwrap(text.split("\n\n")[0])))
    return Panel(COMMANDS, tuple(rows), ("bold cyan",))
