"""How big anything a circular template makes may get: checked before the C call that would make it.

A template can ask one call for a gigabyte (`"x"|center(10**9)`, `"x".ljust(10**9)`,
`"{:>999999999}".format(1)`) or double a value forty times in a loop (`ns.s ~ ns.s`,
`[ns.s, ns.s]`); the time limit cannot stop a single allocation. So every value a template hands to
a filter, a method, an operator or its output is weighed first (`weight`: about how many characters
its text takes, counting only up to the limit), every argument that sizes a result (a width, a
count, a separator times the items) is turned into the size of that result before the call, and
every concatenation and every template's whole output are measured before they are joined. The
sandbox in circular.py calls these; on Linux an address-space limit while rendering (`memory_limit`)
stops whatever might still slip through. Filters that pretty-print nested data (`pprint`, `tojson`)
or write HTML (`urlize`, `xmlattr`) and `lipsum` are not offered: a circular needs none of them.
"""

from __future__ import annotations

import functools
import inspect
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from string import Formatter
from types import FrameType
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.runtime import LoopContext
from jinja2.utils import Namespace

SIZE_LIMIT = 1_000_000
"""Characters (or items) in any one value a template makes, and in a template's whole output;
the bundled circular body is about 5,000 characters."""
MEMORY_LIMIT = 1 << 30
"""Bytes of address space a template may add while rendering (Linux only): the backstop."""
MAX_BITS = 4_000
"""A product of two whole numbers is at most about 10**1200."""
WITHHELD_FILTERS = ("pprint", "tojson", "urlize", "xmlattr")
WITHHELD_GLOBALS = ("lipsum",)
_PASSED = ("context", "eval_ctx", "environment", "env")
_SPEC_NUMBER = re.compile(r"\d+")
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


class TooBig(Exception):
    """A value, a call's result or a template's output would pass SIZE_LIMIT; `line` is the
    template's line when the frame that made it has already returned."""

    def __init__(self, message: str, *, line: tuple[str, int] | None = None) -> None:
        super().__init__(message)
        self.line = line


def weight(value: Any, limit: int = SIZE_LIMIT) -> int:
    """About how many characters `value` takes as text, counted only until past `limit`.

    str() of a list shows each item, so an item held twice counts twice: `[x, x]` doubled forty
    times weighs 2**40 (and is found out after `limit` steps, not 2**40).
    """
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str | bytes | bytearray):
            total += len(item)
        elif isinstance(item, Mapping):
            total += len(item) + 1
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item) + 1
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, Namespace):
            total += 1
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        else:
            total += 1
    return total


def check(value: Any, what: str) -> Any:
    """`value` unchanged, or TooBig when it weighs more than SIZE_LIMIT."""
    if weight(value) > SIZE_LIMIT:
        raise TooBig(f"{what}超过 {SIZE_LIMIT} 个字符")
    return value


def check_binop(operator: str, left: Any, right: Any) -> None:
    """`text * n`, `list + list`, `n * m`: the result's size before it is made."""
    sized = [x for x in (left, right) if isinstance(x, str | bytes | list | tuple)]
    whole = [x for x in (left, right) if isinstance(x, int) and not isinstance(x, bool)]
    if operator == "*" and sized and whole and weight(sized[0]) * abs(whole[0]) > SIZE_LIMIT:
        raise TooBig("重复文字或列表的结果太长")
    if operator == "*" and len(whole) == 2 and sum(n.bit_length() for n in whole) > MAX_BITS:
        raise TooBig("乘积的数太大")
    if operator == "+" and len(sized) == 2 and weight(left) + weight(right) > SIZE_LIMIT:
        raise TooBig("相加（拼接）的结果太长")


def check_size(size: int, what: str) -> None:
    if size > SIZE_LIMIT:
        raise TooBig(f"{what}会有约 {size} 个字符，超过上限 {SIZE_LIMIT}")


def _int(value: Any) -> int:
    """A number argument as a count (anything else counts as nothing: the call rejects it)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return abs(value)
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return int(abs(value))
    return 0


def _text(value: Any) -> int:
    return weight(value) if value is not None else 0


def _lines(value: Any) -> int:
    return str(value).count("\n") + 1 if isinstance(value, str) else 1


def _replaced(text: Any, old: Any, new: Any, count: Any) -> int:
    if not (isinstance(text, bytes) and isinstance(old, bytes)):  # the filter takes str() of both
        text, old = str(text), str(old)
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
        found = min(found, count)
    return len(text) + found * _text(new)


def _joined(items: Any, separator: Any) -> int:
    items = list(items) if not isinstance(items, str) else items
    return _text(separator) * len(items) + weight(items)


def _wrapped(arguments: Mapping[str, Any]) -> int:
    text = str(arguments["s"])
    width = max(_int(arguments["width"]), 1)
    breaks = len(text) // width + text.count("\n") + 1
    return len(text) + breaks * max(_text(arguments["wrapstring"]), 1)


def _indented(arguments: Mapping[str, Any]) -> int:
    width = arguments["width"]
    pad = len(width) if isinstance(width, str) else _int(width)
    return _text(arguments["s"]) + _lines(arguments["s"]) * pad


def _formatted(arguments: Mapping[str, Any]) -> int:
    """The `format` filter is `value % args`: each width and precision counts, * takes one."""
    values = [*arguments["args"], *arguments["kwargs"].values()]
    size = _text(arguments["value"]) + weight(values)
    for spec in _PERCENT_SPEC.finditer(str(arguments["value"])):
        for number in spec.groups():
            if number == "*":
                size += max((_int(v) for v in values), default=0)
            elif number is not None:
                size += int(number) if len(number) < 10 else SIZE_LIMIT + 1
    return size


FILTER_SIZES: dict[str, Callable[[Mapping[str, Any]], int]] = {
    "center": lambda a: max(_text(a["value"]), _int(a["width"])),
    "indent": _indented,
    "wordwrap": _wrapped,
    "replace": lambda a: _replaced(a["s"], a["old"], a["new"], a["count"]),
    "join": lambda a: _joined(a["value"], a["d"]),
    "format": _formatted,
    "batch": lambda a: _int(a["linecount"]),
    "slice": lambda a: _int(a["slices"]),
    "truncate": lambda a: _text(a["s"]) + _text(a["end"]),
}
"""The filters whose result can be far bigger than their arguments: the size it would have."""

METHOD_SIZES: dict[str, Callable[[Any, Mapping[str, Any]], int]] = {
    "center": lambda s, a: max(len(s), _int(a["width"])),
    "ljust": lambda s, a: max(len(s), _int(a["width"])),
    "rjust": lambda s, a: max(len(s), _int(a["width"])),
    "zfill": lambda s, a: max(len(s), _int(a["width"])),
    "expandtabs": lambda s, a: (
        len(s) + s.count("\t" if isinstance(s, str) else b"\t") * _int(a["tabsize"])
    ),
    "replace": lambda s, a: _replaced(s, a["old"], a["new"], a["count"]),
    "join": lambda s, a: _joined(a["iterable"], s),
    "translate": lambda s, a: len(s) * max([1, *map(_text, _values(a["table"]))]),
}
"""The same for the methods of str and bytes."""


def _values(table: Any) -> Iterable[Any]:
    return table.values() if isinstance(table, Mapping) else ()


def guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` (a filter), refusing arguments or results over the limit before it runs."""
    passes = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    size = FILTER_SIZES.get(name)
    signature = inspect.signature(function) if size is not None else None
    # async_variant filters take the context first but show the plain function's parameters
    named = signature is not None and next(iter(signature.parameters), "") in _PASSED

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > passes and _lazy(args[passes]):  # weighed and read once, as a list
            args = (*args[:passes], _read(args[passes], name), *args[passes + 1 :])
        for value in (*args[passes:], *kwargs.values()):
            check(value, f"过滤器 {name} 的参数")
        if size is not None and signature is not None:
            bound = signature.bind(*(args if named else args[passes:]), **kwargs)
            bound.apply_defaults()
            check_size(size(bound.arguments), f"过滤器 {name} 的结果")
        return check(function(*args, **kwargs), f"过滤器 {name} 的结果")

    return guarded


def _lazy(value: Any) -> bool:
    return isinstance(value, Iterator) and not isinstance(value, LoopContext)


def _read(items: Iterator[Any], name: str) -> list[Any]:
    """An iterator's items (a `map` of filters, say), weighed one by one as they come."""
    found, size = [], 0
    for item in items:
        size += weight(item) + 1
        if size > SIZE_LIMIT:
            raise TooBig(f"{name} 读取的内容超过 {SIZE_LIMIT} 个字符")
        found.append(item)
    return found


def guard_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Refuse a method call whose arguments or result would pass the limit; the arguments to call
    it with (an iterator to join is read into a list to be measured)."""
    receiver = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    what = f"{name}() 的结果" if name else "调用的结果"
    for value in (*args, *kwargs.values()):
        check(value, f"{name or '调用'}() 的参数")
    if isinstance(receiver, str | bytes) and name in METHOD_SIZES:
        if name == "join" and args and _lazy(args[0]):
            args = (_read(args[0], "join()"), *args[1:])
        plain = str if isinstance(receiver, str) else bytes  # Markup wraps them as (*args)
        try:
            bound = inspect.signature(getattr(plain, name)).bind(receiver, *args, **kwargs)
        except (TypeError, ValueError):
            return args  # the call itself says what is wrong with its arguments
        bound.apply_defaults()
        check_size(METHOD_SIZES[name](receiver, bound.arguments), what)
    return args


def checked_result(function: Any, result: Any) -> Any:
    """A call's result, and the object whose method it was (list.extend grows it), weighed."""
    name = getattr(function, "__name__", "")
    receiver = getattr(function, "__self__", None)
    if isinstance(receiver, list | dict | set | Namespace):
        check(receiver, f"{name}() 之后的值")
    return check(result, f"{name}() 的结果" if name else "调用的结果")


def check_format_spec(spec: str) -> None:
    """A str.format field's width and precision: `{:>999999999}` is refused before formatting."""
    for number in _SPEC_NUMBER.findall(spec):
        if len(number) > len(str(SIZE_LIMIT)) or int(number) > SIZE_LIMIT:
            raise TooBig(f"格式“{spec[:30]}”中的宽度或精度超过 {SIZE_LIMIT}")


class LimitedFormatter(Formatter):
    """Mixed into Jinja's sandboxed formatters: every field's spec is checked first."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_format_spec(format_spec)
        return super().format_field(value, format_spec)


def checked_concat(pieces: Iterable[Any]) -> str:
    """The join of a template's output (or a macro's, a block's): measured before joining."""
    frame: FrameType | None = getattr(pieces, "gi_frame", None)
    parts, size = [], 0
    for piece in pieces:
        size += len(piece) if isinstance(piece, str) else weight(piece)
        if size > SIZE_LIMIT:
            raise TooBig(f"输出超过 {SIZE_LIMIT} 个字符", line=_template_line(frame))
        parts.append(piece)
    return "".join(parts)


def checked_str_join(values: Iterable[Any]) -> str:
    """`a ~ b`: each part weighed before str(), the sum before joining."""
    parts = [str(check(value, "用 ~ 连接的值")) for value in values]
    check_size(sum(map(len, parts)), "用 ~ 连接的结果")
    return "".join(parts)


def _template_line(frame: FrameType | None) -> tuple[str, int] | None:
    """The template file and line a suspended template generator stands at."""
    if frame is None or not frame.f_code.co_filename.endswith(".j2"):
        return None
    pairs = str(frame.f_globals.get("debug_info", ""))
    line = 1
    for pair in filter(None, pairs.split("&")):
        template_line, code_line = map(int, pair.split("="))
        if code_line > frame.f_lineno:
            break
        line = template_line
    return frame.f_code.co_filename, line


class LimitedCodeGenerator(CodeGenerator):
    """Jinja's compiler, but `a ~ b` calls the environment's checked join."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.str_join((")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


@contextmanager
def memory_limit(extra: int = MEMORY_LIMIT) -> Iterator[None]:
    """Let the process grow by at most `extra` bytes of address space meanwhile (Linux, main
    thread): an allocation past it is a MemoryError, not a machine out of memory."""
    statm = Path("/proc/self/statm")
    if threading.current_thread() is not threading.main_thread() or not statm.exists():
        yield
        return
    import resource  # POSIX only; /proc/self/statm says this is Linux

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = int(statm.read_text().split()[0]) * resource.getpagesize()
    wanted = used + extra
    if soft != resource.RLIM_INFINITY:
        wanted = min(wanted, soft)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
