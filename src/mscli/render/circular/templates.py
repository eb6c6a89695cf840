"""The circular's wording: Jinja templates, sandboxed, fed with a quarter's figures.

Templates arrive by pull request, so they run in Jinja's sandbox with StrictUndefined, and every
template error becomes an MscliError naming the file and line in Chinese. The context they receive
is built in render/circular_context.py.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import update_wrapper
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateNotFound, UndefinedError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from markupsafe import Markup

from mscli.catalogue.config import CircularFacts
from mscli.files import OUTSIDE_MESSAGE, leads_outside
from mscli.oserrors import reason
from mscli.problems import MscliError
from mscli.render.circular import limits as limits
from mscli.render.circular.context import build_context
from mscli.render.circular.syntax import syntax_message
from mscli.render.circular.wording import inner, labelled, wave_ranges
from mscli.results.escalation import Escalation
from mscli.results.issuance import CircularIssue
from mscli.results.projection import Projection
from mscli.results.summary import QuarterSummary

TEMPLATE_FILES: dict[str, str] = {
    "title": "title.txt.j2",
    "addressees": "addressees.txt.j2",
    "attachment_title": "attachment-title.txt.j2",
    "body": "circular.md.j2",
    "signature": "signature.txt.j2",
}
"""Which file holds which part; the attachment title is rendered first, the body may use it."""

_MD_INLINE = re.compile(r"([\\`*_\[\]|#<>~!])")
_MD_LINE_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+])(?=\s|$)")


def markdown_escape(value: Any) -> Any:
    """Keep data from turning into Markdown: a title with * or | stays plain text."""
    if isinstance(value, bool | int | float):
        return value
    text = _MD_INLINE.sub(r"\\\1", str(value))
    return _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


@dataclass(frozen=True)
class RenderedCircular:
    """The templates' output: the wording the docx renderer lays out."""

    title: tuple[str, ...]
    addressees: str
    body: str
    signature: tuple[str, ...]
    attachment_title: str
    document_number: str
    date: str
    issued: dt.date
    context: dict[str, Any] = field(repr=False)


def _where(exc: BaseException, directory: Path, fallback: str) -> tuple[str, int | None]:
    """The template file and line an error happened in, from Jinja's rewritten traceback."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.name or fallback, exc.lineno
    root = directory.resolve()
    found: tuple[str, int | None] = (fallback, None)
    if isinstance(exc, limits.TooBig) and exc.line is not None:  # from a suspended generator
        path = Path(exc.line[0]).resolve()
        if path.is_relative_to(root):
            found = (path.relative_to(root).as_posix(), exc.line[1])
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):  # a template's frame (a relative path when --templates is)
            path = Path(filename).resolve()
            if path.is_relative_to(root):
                found = (path.relative_to(root).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _explain(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, SecurityError) and not text.isascii():
        return f"出于安全原因，模板不能这样写：{text}"
    if isinstance(exc, SecurityError) or "unsafe" in text:
        m = re.search(r"attribute '([^']+)'", text)
        what = f"“{m[1]}”" if m else "该属性或方法"
        return f"出于安全原因，模板不能访问{what}（模板只能使用 docs/templates.md 列出的变量）"
    if isinstance(exc, UndefinedError):
        if m := re.fullmatch(r"'([^']+)' is undefined", text):
            return f"未定义的变量“{m[1]}”（可用变量见 docs/templates.md）"
        if m := re.fullmatch(r"'[^']+' has no attribute '([^']+)'", text):
            return f"变量没有属性“{m[1]}”（可用变量见 docs/templates.md）"
        return f"未定义的值（{text}）"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板语法错误：{syntax_message(text)}"
    if isinstance(exc, _TooLong):
        return f"模板运行时间过长，已停止（{text}）；请检查循环"
    if isinstance(exc, limits.TooBig):
        return f"模板产生的内容过大，已停止（{text}）"
    if isinstance(exc, MemoryError):
        return f"模板占用的内存超过 {limits.MEMORY_LIMIT >> 20} MB，已停止"
    if isinstance(exc, RecursionError):
        return "模板递归过深（宏调用了自己？），已停止"
    kind = next((word for cls, word in _RUNTIME if isinstance(exc, cls)), "执行出错")
    return f"模板{kind}（Python 原文：{type(exc).__name__}: {text}）"


_RUNTIME: tuple[tuple[type[BaseException], str], ...] = (
    (ZeroDivisionError, "中出现除以零"),
    (OverflowError, "中的数太大"),
    (KeyError, "取了不存在的键"),
    (IndexError, "取的下标超出范围"),
    (TypeError, "中值的类型不对（如文字与数字相加）"),
    (ValueError, "中有无效的值"),
)


_CLOSED = tuple("。！？；…”）")


def sentence(value: Any) -> str:
    """A unit's own text as a full sentence: stripped, ending with 。 unless it already ends one."""
    text = str(value).strip()
    return text if not text or text.endswith(_CLOSED) else text + "。"


class _ConfinedLoader(FileSystemLoader):
    """Reads templates only from inside their folder: a symlink leading out is refused."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory, encoding="utf-8", followlinks=False)
        self.directory = directory

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if leads_outside(Path(filename), self.directory):
            raise MscliError(f"模板 {(self.directory / template).as_posix()} {OUTSIDE_MESSAGE}")
        return source, filename, uptodate


RANGE_BUDGET = 100_000
"""How many numbers all of a template's range() calls may produce together."""
TIME_LIMIT = 20
"""Seconds the templates of one circular may take together (render_circular renders ten, each
within what the others left); the bundled ones take milliseconds."""
_deadline: ContextVar[float | None] = ContextVar("mscli_template_deadline", default=None)
_now = time.monotonic


@contextmanager
def _shared_time_limit() -> Iterator[None]:
    """Every template rendered inside shares one TIME_LIMIT."""
    if _deadline.get() is not None:
        yield
        return
    token = _deadline.set(_now() + TIME_LIMIT)
    try:
        yield
    finally:
        _deadline.reset(token)


class _TooLong(Exception):
    """A template ran past TIME_LIMIT or its range() budget."""


class _LimitedFormatter(limits.LimitedFormatter, SandboxedFormatter):
    pass


class _LimitedEscapeFormatter(limits.LimitedFormatter, SandboxedEscapeFormatter):
    pass


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with bounds on what an endless or exploding template can do: the size
    checks of template_limits on every call, operator, concatenation and output."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = limits.LimitedCodeGenerator
    concat = staticmethod(limits.checked_concat)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`x.items` in a template is the context's key, never dict.items (a key wins)."""
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def str_join(self, values: Iterable[Any]) -> str:
        """`a ~ b`, as compiled by LimitedCodeGenerator."""
        return limits.checked_str_join(values)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "%" and isinstance(left, str):
            raise SecurityError("模板中不能用 % 格式化文字")
        if operator == "**" and (abs(_number(right)) > 64 or abs(_number(left)) > 10**6):
            raise SecurityError("乘方运算的数太大")
        limits.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        args = limits.guard_call(__obj, args, kwargs)
        return limits.checked_result(__obj, super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed str.format and format_map, with every field's width checked."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text: str = value.__self__
        formatter: SandboxedFormatter = (
            _LimitedEscapeFormatter(self, escape=text.escape)
            if isinstance(text, Markup)
            else _LimitedFormatter(self)
        )
        format_map = value.__name__ == "format_map"

        def limited(*args: Any, **kwargs: Any) -> str:
            if format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return type(text)(formatter.vformat(text, args, kwargs))

        return update_wrapper(limited, value)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _budgeted_range() -> Callable[..., range]:
    left = [RANGE_BUDGET]

    def budgeted(*args: int) -> range:
        numbers = range(*args)
        left[0] -= len(numbers)
        if left[0] < 0:
            raise _TooLong(f"range() 共产生的数超过 {RANGE_BUDGET} 个")
        return numbers

    return budgeted


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a template that runs too long (on the main thread, where signals can be used)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _TooLong(f"渲染超过 {TIME_LIMIT} 秒")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _environment(directory: Path, *, markdown: bool) -> SandboxedEnvironment:
    def finalize(value: Any) -> Any:  # what {{ }} shows: weighed before str() makes it text
        limits.check(value, "输出的值")
        value = wave_ranges(value)
        return markdown_escape(value) if markdown else value

    env = _Sandbox(
        loader=_ConfinedLoader(directory),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters["sentence"] = sentence
    env.filters["labelled"] = labelled
    env.filters["inner"] = inner
    for name in limits.WITHHELD_FILTERS:
        del env.filters[name]
    env.filters = {name: limits.guard_filter(name, f) for name, f in env.filters.items()}
    for name in limits.WITHHELD_GLOBALS:
        del env.globals[name]
    env.globals["range"] = _budgeted_range()
    return env


def render_template(directory: Path, name: str, context: dict[str, Any]) -> str:
    """One template's text, or MscliError naming the file and line in Chinese."""
    shown = (directory / name).as_posix()
    if (directory / name).is_symlink() and leads_outside(directory / name, directory):
        raise MscliError(f"模板 {shown} {OUTSIDE_MESSAGE}")
    try:
        mode = (directory / name).stat().st_mode
    except FileNotFoundError:
        raise MscliError(
            f"找不到模板文件 {shown}（可用 --templates 或环境变量 MSCLI_TEMPLATES 指定模板目录）"
        ) from None
    except OSError as exc:  # a folder that may not be read, a name too long: said as such
        raise MscliError(f"无法读取模板 {shown}：{reason(exc)}") from None
    if not stat.S_ISREG(mode):
        raise MscliError(f"模板 {shown} 不是文件（是文件夹或设备）；模板应是纯文本文件")
    env = _environment(directory, markdown=name.endswith(".md.j2"))
    deadline = _deadline.get()
    left = TIME_LIMIT if deadline is None else deadline - _now()
    if left <= 0:
        raise MscliError(
            f"模板 {shown}：模板运行时间过长，已停止（渲染超过 {TIME_LIMIT} 秒）；请检查循环"
        )
    try:
        with _time_limit(left), limits.memory_limit():
            return env.get_template(name).render(context)
    except MscliError:
        raise
    except TemplateNotFound as exc:
        raise MscliError(f"模板 {shown}：找不到被引用的模板 {exc.name}") from None
    except Exception as exc:  # any failure of a template from a pull request ends cleanly
        file, line = _where(exc, directory, name)
        at = f"第 {line} 行" if line else "渲染时"
        raise MscliError(f"模板 {(directory / file).as_posix()} {at}：{_explain(exc)}") from None


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


TEMPLATES_DIR = "templates"


BUNDLED_TEMPLATES = Path(__file__).resolve().parent / "bundled"
"""A copy of the repository's templates/ carried inside the package (the wheel has it), for a data
folder with no templates of its own; tests/test_templates_found.py keeps it identical."""


def templates_beside(data: Path) -> Path:
    """The circular's templates when none are named: the repository's templates/ beside its data
    folder (so `--data` from anywhere finds them), else templates/ in the current folder, else the
    copy bundled with mscli."""
    for folder in (data.parent / TEMPLATES_DIR, Path(TEMPLATES_DIR)):
        if folder.is_dir():
            return folder
    return BUNDLED_TEMPLATES


def _missing(templates: Path) -> str:
    """A templates folder that is not there, or is a file or device: said which."""
    where = "" if templates.is_absolute() else f"找的是 {Path.cwd() / templates}；"
    what = "不是文件夹" if templates.exists() else "不存在"
    return f"模板目录 {templates} {what}（{where}可用 --templates 或环境变量 MSCLI_TEMPLATES 指定）"


def render_circular(
    *,
    summary: QuarterSummary,
    facts: CircularFacts,
    issue: CircularIssue,
    templates: Path,
    acceptance: dict[str, Any] | None = None,
    projection: Projection | None = None,
    escalated: Mapping[str, Escalation] | None = None,
) -> RenderedCircular:
    """Render every template of the circular with the quarter's context."""
    if not templates.is_dir():
        raise MscliError(_missing(templates))
    context = build_context(summary, facts, issue, acceptance, projection, escalated)
    with _shared_time_limit():
        attachment_title = " ".join(
            _lines(render_template(templates, TEMPLATE_FILES["attachment_title"], context))
        )
        context["attachment_title"] = attachment_title
        part = {
            key: render_template(templates, file, context)
            for key, file in TEMPLATE_FILES.items()
            if key != "attachment_title"
        }
    return RenderedCircular(
        title=_lines(part["title"]),
        addressees=" ".join(_lines(part["addressees"])),
        body=part["body"],
        signature=_lines(part["signature"]),
        attachment_title=attachment_title,
        document_number=context["document_number"],
        date=context["date"],
        issued=issue.date,
        context=context,
    )
