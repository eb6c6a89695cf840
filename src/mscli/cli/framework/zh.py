"""Chinese for the messages Typer and its bundled Click print on a usage error and in help panels."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

# Patterns as text, compiled (and cached by `re`) at the first usage error, not at every start.
_PATTERNS: tuple[tuple[str, str], ...] = tuple(
    (pattern, chinese)
    for pattern, chinese in (
        (r"^No such option: (?P<a>\S+)(?: Did you mean (?P<b>\S+)\?)?$", "没有选项 {a}{b}"),
        (r"^No such option: (?P<a>\S+) \(Possible options: (?P<b>.+)\)$", "没有选项 {a}{b}"),
        (r"^No such command '(?P<a>[^']+)'\.(?: Did you mean (?P<b>.+)\?)?$", "没有命令“{a}”{b}"),
        (r"^Missing option (?P<a>.+?)\.?$", "缺少必填选项 {a}"),
        (r"^Missing argument (?P<a>.+?)\.?$", "缺少必填参数 {a}"),
        (r"^Option (?P<a>.+) requires an argument\.$", "选项 {a} 需要一个值"),
        (r"^Got unexpected extra arguments?(?:\(s\))? \(\)$", '多余的参数：一个空的参数（""）'),
        (r"^Got unexpected extra arguments?(?:\(s\))? \((?P<a>.+)\)$", "多余的参数：{a}"),
        (r"^Invalid value for (?P<a>.+?): (?P<b>.+)$", "选项 {a} 的值无效：{b}"),
    )
)
_DETAILS: tuple[tuple[str, str], ...] = tuple(
    (pattern, chinese)
    for pattern, chinese in (
        (r"'?(?P<a>[^']*)'? is not a valid integer(?: range)?\.?", "“{a}”不是整数"),
        (r"'(?P<a>[^']*)' is not one of (?P<b>.+)\.", "“{a}”不是可选值，可选：{b}"),
        (r"(?P<a>\S+) is not in the range (?P<b>.+)\.", "{a} 不在范围 {b} 内"),
    )
)


def _filler(chinese: str) -> Callable[[re.Match[str]], str]:
    return lambda match: chinese.format(**match.groupdict())


def translate(message: str) -> str:
    text = message.strip()
    for pattern, chinese in _DETAILS:
        text = re.sub(pattern, _filler(chinese), text)
    for pattern, chinese in _PATTERNS:
        match = re.match(pattern, text, re.DOTALL)  # a value may hold a line break
        if match:
            parts = {k: v or "" for k, v in match.groupdict().items()}
            if parts.get("b") and chinese.startswith(("没有选项", "没有命令")):
                likely = "、".join(name.strip("'") for name in parts["b"].split(", "))
                parts["b"] = f"，是不是 {likely}？"
            return chinese.format(**parts)
    return text


def install() -> None:
    """Put Chinese into Typer's help panels and usage errors.

    Typer imports `typer.rich_utils` (and with it rich.markdown, markdown_it, pygments and attrs,
    about half of the start-up) only to print a usage error (help is cli/help.py's); the
    translation is applied when that happens, so that a command printing none never loads them.
    """
    _chinese_usage()
    _plain_types()
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        _translate(loaded)
    elif not any(isinstance(finder, _OnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _OnImport())


class _OnImport:
    """Finds nothing itself: when `typer.rich_utils` is imported, translates it once it has run.

    (A finder on sys.meta_path needs only `find_spec`; importlib.abc's base class would load
    importlib.resources and tempfile at every start.)"""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        loader = spec.loader if spec else None
        if spec is None or loader is None:
            return spec
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _translate(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _translate(rich_utils: Any) -> None:
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.ABORTED_TEXT = "已中止。"
    rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    original = rich_utils.rich_format_error
    if getattr(original, "_mscli", False):
        return

    def chinese_error(self: Any) -> None:
        refused = _refused(self)
        if refused is not None:
            self.message = refused
        english = self.format_message
        self.format_message = lambda: translate(english())
        original(self)

    chinese_error._mscli = True  # type: ignore[attr-defined]
    rich_utils.rich_format_error = chinese_error
    parameter_help = rich_utils._get_parameter_help

    def chinese_parameter_help(*, param: Any, **rest: Any) -> Any:
        english = getattr(param, "help", None)
        if english in HELP:
            param.help = HELP[english]
        columns = parameter_help(param=param, **rest)
        for item in getattr(columns, "renderables", ()):
            _fold(item)
        return columns

    rich_utils._get_parameter_help = chinese_parameter_help
    command_help = rich_utils._make_command_help

    def folded_command_help(**kwargs: Any) -> Any:
        return _fold(command_help(**kwargs))

    rich_utils._make_command_help = folded_command_help
    _plain_types()


def _refused(error: Any) -> str | None:
    """Why an option's value was refused, in Chinese, when Typer checked it with pydantic (whose
    English it passes on): the data files' wording of the same errors (modelcheck)."""
    from pydantic import ValidationError

    from mscli.yamlio.pydantic_errors import message_for

    cause = error.__cause__
    if not isinstance(cause, ValidationError):
        return None
    return "；".join(message_for(detail, set())[1] for detail in cause.errors())


HELP = {
    "Show this message and exit.": "显示此帮助并退出。",
    "Install completion for the current shell.": "为当前的 shell 安装命令补全（Tab 键补全命令和选项）。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，可复制或自行安装。"
    ),
}


def _fold(text: Any) -> Any:
    """Chinese has no spaces to wrap at: fold a long run onto the next line instead of cutting it
    off with "…" (rich's default in a table cell)."""
    if hasattr(text, "overflow"):
        text.overflow = "fold"
    return text


_TYPE_NAMES = {"<str>": "文字", "<int>": "整数", "<path>": "路径", "<float>": "数字"}


def _plain_types() -> None:
    """No `<bool>` beside a flag, and Chinese words for the other value types in help."""
    from typer.core import TyperArgument, TyperOption

    for cls in (TyperOption, TyperArgument):
        original = cls.display_type_rich
        if getattr(original, "_mscli", False):
            continue

        def display_type(self: Any, ctx: Any, _original: Any = original) -> str | None:
            if getattr(self, "is_flag", False):
                return None
            shown: str | None = _original(self, ctx)
            if shown is None:
                return None
            if shown in _TYPE_NAMES:
                return _TYPE_NAMES[shown]
            return shown.removeprefix("<").removesuffix(">")

        display_type._mscli = True  # type: ignore[attr-defined]
        cls.display_type_rich = display_type  # type: ignore[method-assign]


def _chinese_usage() -> None:
    """用法： instead of Usage: (Typer's bundled Click has no translation hook for it)."""
    try:
        from typer._click.formatting import HelpFormatter
    except ImportError:  # another Typer layout (tests/test_typer_layout.py names it): no crash
        return
    original = HelpFormatter.write_usage
    if getattr(original, "_mscli", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, "用法：" if prefix is None else prefix)

    write_usage._mscli = True  # type: ignore[attr-defined]
    HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
