"""The comments `new-quarter` writes into a draft, and how a filled-in file loses them.

A draft says what each line wants (`# 技能培训（万人次）：第2季度累计值，请改为年初至今累计值`,
`# progress: 进展情况`). Once `set` or `sheet import` has written the value or the text, that
instruction is no longer true: the value keeps only its label (`# 技能培训（万人次）`) and the
placeholder of a text now written is removed. Both writers go through `settle`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from mscli.catalogue.models import Metric, MetricKind
from mscli.quantities import multiplier

TEXT_KEYS: dict[str, str] = {
    "progress": "进展情况",
    "issues": "存在问题（可选）",
    "next_steps": "下步打算（可选）",
}
"""The texts of an indicator's report, with the placeholder a draft shows for each."""

DONE_INSTRUCTION = "，尚未完成时留空，完成后填写当天的日期"
"""What a draft's `done:` comment asks for, true only until the date is written."""

STAGE_PLACEHOLDER = "达到后删除行首的“# ”并填写日期"
"""A draft's commented-out line of a stage not yet reached: `# 主体完工: 达到后…`."""

_INSTRUCTION = re.compile(r"：(?:第\d季度(?:累计值|数值)，请改为\S*|填写\S*)$")
"""The part of a value's comment that asks for the value: true only until it is filled in."""


def unit_label(metric: Metric) -> str:
    if metric.kind is MetricKind.prohibition:
        return "发生起数"
    if multiplier(metric.unit or "", metric.display_unit) != 1 and metric.display_unit:
        return metric.display_unit
    return metric.unit or ""


def value_label(metric: Metric) -> str:
    """技能培训（万人次）: what a value's comment keeps once the value is written."""
    return f"{metric.name}（{unit_label(metric)}）"


def value_note(metric: Metric, previous_quarter: int | None) -> str:
    """A draft value's comment: the label and what to write there. `previous_quarter` is the
    quarter the pre-filled value comes from (None: the value is 0, nothing reported yet). A rate
    is the quarter's own figure (a coverage, a pass rate), not a sum since January."""
    level = metric.sustained or metric.kind is MetricKind.rate  # a rate is a level, not a sum
    if previous_quarter is None:
        note = "填写本季度数值" if level else "填写年初至今累计值"
    elif level:
        note = f"第{previous_quarter}季度数值，请改为本季度数值"
    else:
        note = f"第{previous_quarter}季度累计值，请改为年初至今累计值"
    return f"{value_label(metric)}：{note}"


def placeholder_lines(indent: str = "    ") -> list[str]:
    return [f"{indent}# {key}: {text}" for key, text in TEXT_KEYS.items()]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_PLACEHOLDER = re.compile(r"^    #\s*(progress|issues|next_steps):")


def settle(text: str, written: Mapping[str, tuple[Collection[str], Collection[str]]]) -> str:
    """`text` (a progress file) with the drafts' instructions removed where values or texts were
    written: `written` maps an indicator id to the metric ids and text keys now filled in. The
    placeholders of texts still to write move below the texts written, in the draft's order."""
    out: list[str] = []
    block: list[str] = []
    name: str | None = None  # the indicator whose lines `block` holds
    in_indicators = False

    def flush() -> None:
        if name is None or name not in written:
            out.extend(block)
        else:
            out.extend(_settle_block(block, *written[name]))
        block.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        depth = _indent(line)
        if stripped and not stripped.startswith("#") and depth <= 2:
            flush()
            if depth == 0:
                in_indicators = stripped.startswith("indicators:")
                name = None
            elif in_indicators:
                name = stripped.split(":", 1)[0].strip("'\"")
        block.append(line)
    flush()
    return "\n".join(out)


def _settle_block(lines: list[str], metrics: Collection[str], texts: Collection[str]) -> list[str]:
    kept: list[str] = []
    waiting: list[str] = []  # placeholders of texts not yet written
    for line in lines:
        placeholder = _PLACEHOLDER.match(line)
        if placeholder:
            if placeholder[1] not in texts:
                waiting.append(line)
            continue
        key = line.strip().split(":", 1)[0]
        if _indent(line) == 6 and key in metrics and "  # " in line:
            head, _, comment = line.partition("  # ")
            line = f"{head}  # {_INSTRUCTION.sub('', comment)}"
        kept.append(line)
    end = len(kept)
    while end and not kept[end - 1].strip():  # blank lines stay after the block
        end -= 1
    return kept[:end] + waiting + kept[end:]
