"""A target's text agrees with its values: `text: 3所` beside `value: 5` is a problem, because the
circular prints the text while completion is computed against the value.

The figures of the text that carry a metric's unit (所, 万人次, %…) are read; when there is such a
figure and none of them is the metric's value (or a range's bounds), the text or the value is
wrong. A text without a figure in the metric's unit says nothing to compare, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from pydantic import ValidationError

from mscli.catalogue.checks.context import Context, mappings
from mscli.catalogue.models import Metric, MetricKind
from mscli.problems import Problem
from mscli.quantities import multiplier, show

_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def _figures(text: str, metric: Metric) -> list[float]:
    """The figures of `text` written in the metric's unit (or display unit), in base units."""
    unit, display = metric.unit or "", metric.display_unit or ""
    names = sorted({u for u in (unit, display) if u}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(
        r"(?<![\d.])(\d+(?:\.\d+)?)\s*([万亿]?)\s*(" + "|".join(map(re.escape, names)) + ")"
    )
    found = []
    for match in pattern.finditer(text):
        number = Decimal(match[1])
        if match[2]:
            number *= _MULTIPLIERS[match[2]]
            if match[3] == display and display != unit:  # 1.5万万人次: not a figure to trust
                continue
        elif match[3] == display and display != unit:
            number *= Decimal(str(multiplier(unit, display)))
        found.append(float(number))
    return found


def check(context: Context) -> Iterator[Problem]:
    source = context.indicators
    if source is None:
        return
    for path, _, row in context.rows():
        target = row.get("target")
        if not isinstance(target, dict) or not isinstance(target.get("text"), str):
            continue
        text = target["text"]
        for metric_path, raw in mappings(target.get("metrics"), (*path, "target", "metrics")):
            try:
                metric = Metric.model_validate(raw)
            except ValidationError:  # reported by the schema check
                continue
            if metric.kind is MetricKind.prohibition or metric.value is None:
                continue
            figures = _figures(text, metric)
            wanted = {metric.value, *([metric.maximum] if metric.maximum is not None else [])}
            if not figures or any(abs(f - w) < 1e-9 * max(1.0, w) for f in figures for w in wanted):
                continue
            value = show(metric.value, metric.unit, metric.display_unit)
            written = "、".join(show(f, metric.unit, metric.display_unit) for f in figures)
            yield source.where((*metric_path, "value")).problem(
                "target-text",
                f"{metric.name}的目标值 {value}（value）与目标原文“{text}”中的 {written} 不一致："
                "通报印出的是原文，完成率却按目标值计算；请把两处改成一致",
            )
