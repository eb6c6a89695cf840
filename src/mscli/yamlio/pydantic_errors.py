"""Validate a `Source` against a pydantic model; each pydantic error becomes a located Problem."""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from mscli.codes import Code
from mscli.problems import Problem
from mscli.suggestions import hint
from mscli.yamlio.source import PathKey, Source


class FieldError(ValueError):
    """A whole-object check that blames one field: problems then point at that field's line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


M = TypeVar("M", bound=BaseModel)

_TYPES = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为有效的日期，格式如 2023-06-25",
    "date_parsing": "应为有效的日期，格式如 2023-06-25",
    "date_from_datetime_parsing": "应为有效的日期，格式如 2023-06-25",
    "date_from_datetime_inexact": "应为日期（不带时间），格式如 2023-06-25",
    "list_type": "应为列表（每项以“- ”开头）",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为“键: 值”的映射",
    "model_type": "应为“键: 值”的映射",
    "model_attributes_type": "应为“键: 值”的映射",
    "string_unicode": "应为文字（其中有无法识别的字符编码）",
    "string_not_ascii": "只能用英文字母、数字和符号",
    "int_parsing_size": "整数位数太多",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "frozen_set_type": "应为列表（每项以“- ”开头）",
    "set_type": "应为列表（每项以“- ”开头）",
    "iterable_type": "应为列表（每项以“- ”开头）",
    "mapping_type": "应为“键: 值”的映射",
    "datetime_type": "应为有效的日期时间，格式如 2023-06-25 09:30",
    "datetime_parsing": "应为有效的日期时间，格式如 2023-06-25 09:30",
    "time_type": "应为有效的时间，格式如 09:30",
    "time_parsing": "应为有效的时间，格式如 09:30",
}
_OTHER = {
    "set_item_not_hashable": "列表中有不能比较的项（如映射）",
    "none_required": "此处应留空",
    "multiple_of": "数值不符合规定的倍数",
    "decimal_max_digits": "数字位数太多",
    "decimal_max_places": "小数位数太多",
    "decimal_whole_digits": "整数部分位数太多",
    "date_past": "应为过去的日期",
    "date_future": "应为将来的日期",
    "recursion_loop": "内容自我引用（如锚点循环）",
    "recursion_depth_exceeded": "嵌套层数太深",
    "union_tag_invalid": "类型标记不是可用的值之一",
    "union_tag_not_found": "缺少类型标记",
}
"""Errors the models do not raise today, worded in case a future field does."""


PATTERNS: dict[str, tuple[Code, str, str]] = {}
"""The advice for a value that misses a field's pattern, by the pattern: (code, what the value
is, how to write it). The models register their patterns (`advise_pattern`), so a GitHub account
is told about its @ and an id about its letters; an unregistered pattern gets the plain wording."""


ADVICE_FOR_VALUE: dict[str, Callable[[str], str | None]] = {}
"""For some patterns, advice that reads the value (what is wrong with this one), before the
general advice of PATTERNS (which the schemas carry, as they cannot read the value)."""


def advise_pattern(
    pattern: str,
    code: Code,
    what: str,
    advice: str,
    for_value: Callable[[str], str | None] | None = None,
) -> str:
    """Register the advice for values that miss `pattern`; returns the pattern, for the model.
    `for_value`: the advice for one value in particular (None when it has none to give)."""
    PATTERNS[pattern] = (code, what, advice)
    if for_value is not None:
        ADVICE_FOR_VALUE[pattern] = for_value
    return pattern


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "“true”" if value else "“false”"
    text = str(value)
    if len(text) > 24:
        return f"“{text[:12]}…”（共 {len(text)} 个字符）"
    return f"“{text}”"


def _number(value: Any) -> str:
    text = str(value)
    return f"{text[:12]}…（共 {len(text)} 位）" if len(text) > 24 else text


def _bound(value: Any) -> str:
    """A limit as people read it: 1000000000000, not 1e+12."""
    if not isinstance(value, int | float):
        return str(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def message_for(error: ErrorDetails, vocabulary: set[str]) -> tuple[Code, str]:
    """Return (code, Chinese message) for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    loc = error["loc"]
    field = str(loc[-1]) if loc else ""
    value = error.get("input")
    if kind == "missing":
        return "missing", f"缺少必填字段“{field}”"
    if kind == "extra_forbidden":
        close = hint(field, vocabulary, n=1)
        return (
            "unknown-field",
            f"未知字段“{field}”{'，' + close if close else ''}（字段名写错的内容不会被读取）",
        )
    if kind == "finite_number":
        return "type", f"应为有限的数字，实际是{_shown(value)}"
    if kind in _TYPES:
        return "type", f"{_TYPES[kind]}，实际是{_shown(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        word = "不能小于" if kind == "greater_than_equal" else "必须大于"
        return "range", f"{word} {_bound(bound)}，实际是 {_number(value)}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        word = "不能大于" if kind == "less_than_equal" else "必须小于"
        return "range", f"{word} {_bound(bound)}，实际是 {_number(value)}"
    if kind == "too_short":
        return (
            "length",
            f"至少要有 {ctx.get('min_length')} 项，实际 {ctx.get('actual_length', 0)} 项",
        )
    if kind == "too_long":
        return "length", f"最多 {ctx.get('max_length')} 项，实际 {ctx.get('actual_length')} 项"
    if kind == "string_too_short":
        return "empty", "不能为空"
    if kind == "string_too_long":
        return "length", f"太长了：最多 {ctx.get('max_length')} 个字符"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        code, what, advice = PATTERNS.get(pattern, ("value", "", ""))
        if isinstance(value, str) and pattern in ADVICE_FOR_VALUE:
            advice = ADVICE_FOR_VALUE[pattern](value) or advice
        return code, f"{what}{_shown(value)}格式不对{'：' + advice if advice else ''}"
    if kind in ("enum", "literal_error"):
        choices = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return "choice", f"只能是 {'、'.join(choices.split(', '))} 之一，实际是{_shown(value)}"
    if kind in ("value_error", "assertion_error"):
        reason = ctx.get("error")
        return "value", str(reason) if reason is not None else "值不符合要求"
    if kind in _OTHER:
        return "value", _OTHER[kind]
    return "value", f"值不符合要求，实际是{_shown(value)}"


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation can hold (through Optional, tuple, dict, Annotated, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> set[str] | None:
    """The field names valid in the mapping at `loc` (None when it cannot be told)."""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        nested = [
            m
            for c in current
            if part in c.model_fields
            for m in _models_in(c.model_fields[part].annotation)
        ]
        if nested:
            current = nested
        elif not any(part in c.model_fields for c in current):
            continue  # a dict key such as an indicator id: the value's model is already current
    return {name for c in current for name in c.model_fields} or None


def _field_names(annotation: Any, seen: set[type]) -> set[str]:
    names: set[str] = set()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return names
        seen.add(annotation)
        for name, info in annotation.model_fields.items():
            names.add(name)
            names |= _field_names(info.annotation, seen)
        return names
    for arg in typing.get_args(annotation):
        names |= _field_names(arg, seen)
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            names |= _field_names(arg, seen)
    return names


def locate(source: Source, loc: tuple[int | str, ...], *, key: bool) -> PathKey:
    """Map a pydantic location onto the data path, skipping union tags that are not in the data."""
    path: PathKey = ()
    for part in loc:
        if source.has((*path, part)) or (key and (*path, part) in source.keys):
            path = (*path, part)
    return path


def readable(path: PathKey) -> str:
    """projects 第 1 项 › indicators 第 2 项 › target"""
    parts = [f"第 {part + 1} 项" if isinstance(part, int) else part for part in path]
    return " › ".join(parts).replace(" › 第", " 第")


def validate(
    model: type[M], source: Source, *, drop_unknown: bool = False
) -> tuple[M | None, list[Problem]]:
    """The model and the problems; with `drop_unknown`, a file whose only errors are unknown
    (misspelt) keys still gives a model, read without those keys, so that the checks across files
    can go on: one typo must not hide the other problems."""
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        problems = _problems(model, source, exc)
        errors = exc.errors(include_url=False)
        if not drop_unknown or any(e["type"] != "extra_forbidden" for e in errors):
            return None, problems
        data = copy.deepcopy(source.data)
        for error in errors:
            *parents, key = error["loc"]
            _drop(data, tuple(parents), key)
        try:
            return model.model_validate(data), problems
        except ValidationError:
            return None, problems


def _drop(data: Any, parents: tuple[int | str, ...], key: int | str) -> None:
    for part in parents:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, dict):
        data.pop(key, None)


def _problems(model: type[M], source: Source, exc: ValidationError) -> list[Problem]:
    """Each pydantic error as a located Problem."""
    vocabulary = _field_names(model, set())
    problems = []
    blanks: dict[tuple[int, int], list[tuple[Problem, str]]] = {}
    errors = exc.errors(include_url=False)
    deeper = {e["loc"][:k] for e in errors for k in range(len(e["loc"]))}
    for error in errors:
        if error["type"] == "too_short" and error["loc"] in deeper:
            continue  # pydantic counts the items left after failing ones: not a real error
        loc = tuple(error["loc"])
        here = fields_at(model, loc[:-1]) if error["type"] == "extra_forbidden" else None
        code, message = message_for(error, here if here is not None else vocabulary)
        blamed = (error.get("ctx") or {}).get("error")
        if isinstance(blamed, FieldError):
            loc = (*loc, blamed.field)
        on_key = error["type"] == "extra_forbidden"
        path = locate(source, loc, key=on_key)
        if error["type"] == "missing" and path:
            message = f"{readable(path)} 中{message}"
        where = source.where(path, key=on_key)
        if error.get("input", ...) is None and error["type"] in _TYPES:
            blanks.setdefault((where.line, where.column), []).append(
                (where.problem(code, message), _TYPES[error["type"]].removeprefix("应为"))
            )
            continue
        problems.append(where.problem(code, message))
    # a blank where a union expects one of several types is one problem, not one per type
    for found in blanks.values():
        wanted = list(dict.fromkeys(kind for _, kind in found))
        if len(wanted) == 1:
            problems.append(found[0][0])
            continue
        first = found[0][0]
        message = f"未填写（冒号后是空的），应填写{'或'.join(wanted)}"
        problems.append(Problem(first.file, first.line, first.column, "blank", message))
    return problems
