"""The validator's own rules and words in the JSON Schemas, for the editor's language server.

pydantic's schemas say what a field is; `mscli validate` says more. Here each generated schema is
reworked so that the YAML extension of VS Code (yaml-language-server) reports what validate
reports, at the same line, in Chinese, whatever language the editor's interface is in:

- every type, pattern, enum and required field carries an `errorMessage` / `patternErrorMessage`
  (the server's per-schema custom messages) in validate's wording (`应为整数`, `编号格式不对：…`);
- a bound (minLength, maximum, minItems …) is moved into `if`, with an `else` that refuses the value
  with validate's message: the server has no custom message for bounds, and says
  `Value is above the maximum of 100.` otherwise. What passes and what fails is unchanged;
- an optional field is one schema with `type: [x, "null"]`, not pydantic's `anyOf` of two, which
  made the server show the field's title twice on hover (`报送日期 || 报送日期`);
- the rules validate applies between the fields of one object (a rate's unit is %, a range has
  a maximum, a verdict other than 待核 has a date, 初核 needs 自查 …) are `if`/`then` rules here.

Rules that need another file (is this unit the lead? is 120 a rate?) stay validate's alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mscli.catalogue.models import MAX_AMOUNT, NO_CONTROL, ONE_LINE
from mscli.plans.records import PHONE_WORDS
from mscli.quantities import DATE_PATTERN
from mscli.yamlio.pydantic_errors import PATTERNS

Schema = dict[str, Any]

_DASHED_DAY = (
    r"\d{4}-(0?[13578]|1[02])-(0?[1-9]|[12]\d|3[01])"
    r"|\d{4}-(0?[469]|11)-(0?[1-9]|[12]\d|30)"
    r"|\d{4}-0?2-(0?[1-9]|1\d|2[0-8])"
    r"|(\d\d(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-0?2-29"
)
DAY_PATTERN = f"^({_DASHED_DAY}|{_DASHED_DAY.replace('-', '/')})$"
"""A day that exists, written 2023-09-20, 2023-9-20 or 2023/9/20 (29 February in leap years
only), as quantities.written_date reads it."""
DATE_WORDS = "日期格式不对或该日不存在：应写作 2023-06-20、2023-6-20 或 2023/6/20"

CONTROL_WORDS = "含有不可见的控制字符（如 U+0007、U+202E），请删除它"
ONE_LINE_WORDS = "这一项只能写一行，不能含换行、制表符或不可见的控制字符"

AMOUNT_TEXT = "^\\s*[+＋]?(?![0０]\\s*[xXoObBｘＸｏＯｂＢ])[0-9０-９]"
"""A value written as text begins with its digits: 1.52万, ２７２００, 85%; never 一万五 or -1."""
AMOUNT_WORDS = "累计值应为不小于 0 的数字，可带“万”，如 1.52 或 1.52万"

_TYPES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": " true 或 false",
    "array": "列表（每项以“- ”开头）",
    "object": "“键: 值”的映射",
}


def _bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def refuse(message: str) -> Schema:
    """A schema no value passes, with the message the editor shows."""
    return {"enum": [], "errorMessage": message}


def _bounds(node: Schema) -> list[Schema]:
    """The node's bounds moved into if/else rules, each with validate's message."""
    rules: list[Schema] = []
    words: dict[str, Callable[[Any], str]] = {
        "minLength": lambda n: "不能为空" if n == 1 else f"太短了：至少 {n} 个字符",
        "maxLength": lambda n: f"太长了：最多 {n} 个字符",
        "minimum": lambda n: f"不能小于 {_bound(n)}",
        "maximum": lambda n: f"不能大于 {_bound(n)}",
        "exclusiveMinimum": lambda n: f"必须大于 {_bound(n)}",
        "exclusiveMaximum": lambda n: f"必须小于 {_bound(n)}",
        "minItems": lambda n: f"至少要有 {n} 项",
        "maxItems": lambda n: f"最多 {n} 项",
        "minProperties": lambda n: f"至少要有 {n} 项",
        "uniqueItems": lambda n: "列表中有重复的项",
    }
    for key, word in words.items():
        if key in node:
            bound = node.pop(key)
            rules.append({"if": {key: bound}, "else": refuse(word(bound))})
    return rules


def _type_words(node: Schema) -> str | None:
    kind = node.get("type")
    kinds = [kind] if isinstance(kind, str) else list(kind or [])
    named = [_TYPES[k] for k in kinds if k in _TYPES]
    if not named:
        return None
    text = "应为" + "或".join(named)
    if "object" in kinds and isinstance(node.get("properties"), dict):
        fields = "、".join(
            f"{name}（{sub.get('title', '')}）"
            if isinstance(sub, dict) and sub.get("title")
            else name
            for name, sub in node["properties"].items()
        )
        text += f"，可填写的字段：{fields}"
        if node.get("required"):
            text += f"；必须填写 {'、'.join(node['required'])}"
        if node.get("additionalProperties") is False:
            text += "（字段名写错的内容不会被读取）"
    if "null" in kinds:
        text += "，或不填写"
    return text


def _flatten_optional(node: Schema) -> None:
    """{anyOf: [{type: string, …}, {type: null}]} → {type: [string, null], …}."""
    options = node.get("anyOf")
    if not isinstance(options, list) or len(options) != 2 or {"type": "null"} not in options:
        return
    other = options[0] if options[1] == {"type": "null"} else options[1]
    if not isinstance(other.get("type"), str) or "$ref" in other or "anyOf" in other:
        return
    del node["anyOf"]
    for key, value in other.items():
        node.setdefault(key, value)
    node["type"] = [other["type"], "null"]


def _phone(node: Schema) -> None:
    """A phone number's branches all say what a phone number looks like."""
    for branch in node.pop("anyOf"):
        rules = _bounds(branch)
        for rule in rules:
            rule["else"]["errorMessage"] = PHONE_WORDS
        branch.update(errorMessage=PHONE_WORDS, patternErrorMessage=PHONE_WORDS)
        if rules:
            branch["allOf"] = rules
        node.setdefault("anyOf", []).append(branch)
    del node["$comment"]


def word(node: Any) -> None:
    """Rework a schema (and everything in it) in place: messages, bounds, optional fields."""
    if isinstance(node, dict) and node.get("$comment") == "phone":
        _phone(node)
        return
    if isinstance(node, list):
        for item in node:
            word(item)
        return
    if not isinstance(node, dict):
        return
    _ids_as_keys(node)
    for key, value in list(node.items()):
        if key in ("properties", "patternProperties", "$defs"):
            for sub in value.values():
                word(sub)
        elif key not in (
            "enum",
            "const",
            "default",
            "examples",
            "required",
            "propertyNames",
            "if",
            "not",
        ):
            word(value)
    if isinstance(node.get("propertyNames"), dict):
        names = node["propertyNames"]
        if "maxLength" in names:
            node.setdefault("allOf", []).append(
                {
                    "if": {"propertyNames": {"maxLength": names.pop("maxLength")}},
                    "else": refuse("键太长了"),
                }
            )
    _flatten_optional(node)
    if node.get("pattern") == DATE_PATTERN:
        node["pattern"] = DAY_PATTERN
        node["patternErrorMessage"] = DATE_WORDS
    elif node.get("pattern") in (NO_CONTROL, ONE_LINE):
        node["patternErrorMessage"] = (
            CONTROL_WORDS if node["pattern"] == NO_CONTROL else ONE_LINE_WORDS
        )
    elif isinstance(node.get("pattern"), str):
        code_what_advice = PATTERNS.get(node["pattern"])
        if code_what_advice is not None:
            _, what, advice = code_what_advice
            node["patternErrorMessage"] = f"{what}格式不对：{advice}" if what else advice
    if isinstance(node.get("enum"), list) and node["enum"] and "errorMessage" not in node:
        choices = "、".join(str(v) for v in node["enum"])
        node["errorMessage"] = f"只能是 {choices} 之一"
    elif "errorMessage" not in node and (words := _type_words(node)) is not None:
        node["errorMessage"] = words
    rules = _bounds(node)
    if rules:
        node["allOf"] = [*node.get("allOf", []), *rules]


def _kind_is(*kinds: str) -> Schema:
    return {"properties": {"kind": {"enum": list(kinds)}}, "required": ["kind"]}


def _absent(field: str, message: str) -> Schema:
    return {"properties": {field: refuse(message)}}


def _needs(field: str, message: str) -> Schema:
    return {"required": [field], "errorMessage": message}


def _metric_rules() -> list[Schema]:
    """Metric._coherent and _staged: what each kind of 指标项 must and must not have."""
    staged_fields = ("value", "maximum", "unit", "display_unit")
    rules: list[Schema] = []
    for kind, label in (("milestone", "节点事项"), ("task", "工作任务")):
        rules += [
            {"if": _kind_is(kind), "then": _absent(f, f"{label}（{kind}）没有数量，不填写 {f}")}
            for f in staged_fields
        ]
    staged = ("milestone", "task")
    rules += [
        {
            "if": {"not": _kind_is("milestone")},
            "then": _absent("stages", "只有节点事项（milestone）可以填写阶段 stages"),
        },
        {
            "if": {"not": _kind_is("task")},
            "then": _absent("due", "只有工作任务（task）可以填写完成时限 due"),
        },
        {
            "if": _kind_is("milestone"),
            "then": {
                "required": ["stages"],
                "errorMessage": "节点事项（milestone）必须填写阶段 stages，如 [开工, 主体完工, 竣工]",
                "properties": {"stages": {"uniqueItems": True, "minItems": 1}},
            },
        },
        {
            "if": _kind_is("prohibition"),
            "then": {
                "properties": {
                    "value": {
                        "if": {"enum": [0, None]},
                        "else": refuse("禁止事项（prohibition）不设目标值"),
                    }
                }
            },
        },
        {
            "if": {"not": _kind_is("prohibition", *staged)},
            "then": {
                "required": ["value", "unit"],
                "errorMessage": "数量、比率、区间类指标项必须填写目标值 value 和单位 unit",
            },
        },
        {
            "if": _kind_is("rate"),
            "then": {
                "properties": {
                    "unit": {"if": {"const": "%"}, "else": refuse("比率类指标项的单位必须是 %")},
                    "value": {"if": {"maximum": 100}, "else": refuse("比率目标超过 100%")},
                }
            },
        },
        {"if": _kind_is("range"), "then": _needs("maximum", "区间类指标项必须填写上限 maximum")},
        {
            "if": {"not": _kind_is("range")},
            "then": _absent("maximum", "只有区间类指标项可以填写上限 maximum"),
        },
        {
            "if": {"not": _kind_is("rate")},
            "then": {
                "properties": {
                    "sustained": {
                        "if": {"const": False},
                        "else": refuse("只有比率类指标项可以设置 sustained"),
                    }
                }
            },
        },
    ]
    return rules


def _target_rules() -> list[Schema]:
    """Target._one_kind: metrics or delegated_to, never both, never neither."""
    return [
        {
            "if": {"properties": {"delegated_to": {"minItems": 1}}, "required": ["delegated_to"]},
            "then": _absent("metrics", "由上级统一实施的指标不能再设本级自己的指标项（metrics）"),
            "else": {
                "if": {"properties": {"metrics": {"minItems": 1}}, "required": ["metrics"]},
                "else": _absent(
                    "text", "指标任务须有 metrics，或以 delegated_to 注明由上级统一实施"
                ),
            },
        },
        {
            "if": {
                "properties": {"metrics": {"contains": _kind_is("milestone", "task")}},
                "required": ["metrics"],
            },
            "then": {
                "properties": {
                    "metrics": {
                        "if": {"maxItems": 1},
                        "else": refuse(
                            "有节点事项或工作任务的指标只能有这一个指标项（其他内容另设指标）"
                        ),
                    }
                }
            },
        },
    ]


def _stage_rules() -> list[Schema]:
    """StageRecord._dated: a verdict other than 待核 has its date (blamed on the verdict)."""
    undated = {
        "anyOf": [{"not": {"required": ["date"]}}, {"properties": {"date": {"type": "null"}}}]
    }
    return [
        {
            "if": undated,
            "then": {
                "properties": {
                    "verdict": {
                        "if": {"const": "待核"},
                        "else": refuse("结论不是“待核”时须填写日期 date"),
                    }
                }
            },
        }
    ]


def _criterion_rules() -> list[Schema]:
    """A stage is recorded only after the one before it (初核 after 自查, 认定 after 初核)."""
    return [
        {
            "if": {"not": {"required": ["self_check"]}},
            "then": _absent("verification", "记录了初核，但没有牵头单位自查 self_check"),
        },
        {
            "if": {"not": {"required": ["verification"]}},
            "then": _absent("certification", "记录了认定，但没有初核 verification"),
        },
    ]


def _project_rules() -> list[Schema]:
    """One lead for the project, or one named by each indicator (the lead-count check)."""
    return [
        {
            "properties": {
                "lead": {
                    "if": {"minItems": 1},
                    "else": refuse("项目没有牵头单位：lead 至少写一个单位"),
                }
            }
        },
        {
            "if": {"properties": {"lead": {"minItems": 2}}, "required": ["lead"]},
            "then": {
                "properties": {
                    "indicators": {
                        "items": {
                            "if": {
                                "properties": {
                                    "target": {
                                        "properties": {"delegated_to": {"minItems": 1}},
                                        "required": ["delegated_to"],
                                    }
                                },
                                "required": ["target"],
                            },
                            "else": {
                                "required": ["lead"],
                                "errorMessage": "项目有多个牵头单位时，由本级实施的指标须在 lead 写明一个牵头单位",
                            },
                        }
                    }
                }
            },
        },
    ]


def _indicator_rules() -> list[Schema]:
    """The schedule ends the year at 100; an indicator's own lead is one unit (unless delegated)."""
    last = {"prefixItems": [True, True, True, {"const": 100}]}
    delegated = {
        "properties": {
            "target": {
                "properties": {"delegated_to": {"minItems": 1}},
                "required": ["delegated_to"],
            }
        },
        "required": ["target"],
    }
    return [
        {
            "properties": {
                "schedule": {"if": last, "else": refuse("时序进度 schedule 第四季度必须为 100")}
            }
        },
        {
            "if": {"not": delegated},
            "then": {
                "properties": {
                    "lead": {
                        "if": {"maxItems": 1},
                        "else": refuse("由本级实施的指标须由一个单位牵头报送：lead 只写一个单位"),
                    }
                }
            },
        },
    ]


def _circular_rules() -> list[Schema]:
    """config.py's document_number_ok: only bare {year} and {number}."""
    return [
        {
            "properties": {
                "document_number": {
                    "if": {"pattern": "^([^{}]|\\{\\{|\\}\\}|\\{(year|number)\\})*$"},
                    "else": refuse(
                        "发文字号格式 document_number 只能使用 {year} 和 {number} 两个占位符，"
                        "不能加格式说明（如 {number:03}）或属性（如 {year.real}）"
                    ),
                }
            }
        }
    ]


RULES = {
    "Metric": _metric_rules,
    "Target": _target_rules,
    "StageRecord": _stage_rules,
    "CriterionRecord": _criterion_rules,
    "Project": _project_rules,
    "Indicator": _indicator_rules,
    "CircularFacts": _circular_rules,
}
"""Rules between the fields of one object, by the model's name in the schema's $defs."""


def _reported_value() -> Schema:
    """A reported cumulative value: a number 0 … 1万亿, or a text starting with its digits."""
    return {
        "type": ["number", "string"],
        "minimum": 0,
        "maximum": MAX_AMOUNT,
        "pattern": AMOUNT_TEXT,
        "maxLength": 40,
        "errorMessage": AMOUNT_WORDS,
        "patternErrorMessage": AMOUNT_WORDS,
    }


def _ids_as_keys(node: Schema) -> None:
    """{patternProperties: {ID: x}} → propertyNames (the key's pattern, with its message) and
    additionalProperties x: a Chinese name as a key (技能培训:) is then refused, not ignored."""
    patterns = node.get("patternProperties")
    if not isinstance(patterns, dict) or len(patterns) != 1 or "additionalProperties" in node:
        return
    ((pattern, value),) = patterns.items()
    code_what_advice = PATTERNS.get(pattern)
    if code_what_advice is None:
        return
    del node["patternProperties"]
    names = dict(node.pop("propertyNames", {}))
    names["pattern"] = pattern
    names["patternErrorMessage"] = (
        f"这里的键应为英文编号（见指标目录 indicators.yaml 的 id），不能写中文名称：{code_what_advice[2]}"
    )
    node["propertyNames"] = names
    node["additionalProperties"] = value


def rework(schema: Schema) -> Schema:
    """The generated schema with validate's rules and words (see the module's docstring)."""
    defs: dict[str, Schema] = schema.get("$defs", {})
    for name, rules in RULES.items():
        if name in defs:
            defs[name]["allOf"] = [*defs[name].get("allOf", []), *rules()]
    if "IndicatorProgress" in defs:
        values = defs["IndicatorProgress"]["properties"]["values"]
        (pattern,) = values["patternProperties"]
        values["patternProperties"][pattern] = _reported_value()
    word(schema)
    return schema
