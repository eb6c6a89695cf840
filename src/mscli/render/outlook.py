"""The year-end projection (mscli.results.projection) worded once, for every output.

Every phrase starts from 按目前进度预计 (`WORDING`): a projection is never stated as a fact.
"""

from __future__ import annotations

from mscli.catalogue.models import MetricKind
from mscli.quantities import chinese_date, multiplier, percent, show
from mscli.results.projection import (
    FORMULA,
    WORDING,
    IndicatorProjection,
    ItemOutlook,
    MetricProjection,
    Outlook,
    Pace,
    Projection,
)


def basis_text(p: IndicatorProjection) -> str:
    """据第二季度报告 (the report the figures come from)."""
    if p.quarter is None:
        return "尚无已报送的报告"
    return f"据第{'一二三四'[p.quarter - 1]}季度报告"


def projected_value(m: MetricProjection) -> str:
    """约3.07万人次: a projection rounded to two decimals of its display unit (whole base units
    when the target is whole and shown in them)."""
    unit, display = m.metric.unit, m.metric.display_unit
    scale = multiplier(unit or "", display)
    if scale > 1:
        value = round(m.projected / scale, 2) * scale
    elif float(m.target).is_integer():
        value = float(round(m.projected))
    else:
        value = round(m.projected, 2)
    return "约" + show(value, unit, display)


def reaches_text(p: IndicatorProjection) -> str:
    """When the target is reached at the current pace, as a phrase after 按目前进度预计."""
    if p.reached:
        return "已达到目标"
    day = p.reaches
    if day is None:
        planned = any(m.pace is Pace.plan for m in p.metrics)
        return "年内无法达到目标" if planned else "无法达到目标"
    return f"{chinese_date(day)}达到目标"


def item_text(item: ItemOutlook) -> str:
    """The stage overdue and by how many days, or the days left."""
    if item.done:
        return "已完成"
    if item.kind is MetricKind.task and item.next is not None and item.next.planned:
        due = chinese_date(item.next.planned)
        if item.overdue and item.overdue[0].days_late > 0:
            return f"已超过完成时限（{due}）{item.overdue[0].days_late}天"
        if item.days_left == 0:
            return f"完成时限（{due}）为今天"
        return f"距完成时限（{due}）还有{item.days_left}天"
    if item.overdue and item.overdue[0].days_late > 0:
        first = item.overdue[0]
        more = f"等{len(item.overdue)}个阶段" if len(item.overdue) > 1 else ""
        return f"“{first.name}”{more}已逾期{first.days_late}天"
    if item.next is not None and item.days_left is not None and item.next.planned is not None:
        if item.days_left == 0:
            return f"“{item.next.name}”时限（{chinese_date(item.next.planned)}）为今天"
        return (
            f"距“{item.next.name}”时限（{chinese_date(item.next.planned)}）还有{item.days_left}天"
        )
    return "各阶段未定时限"


def sentence(p: IndicatorProjection) -> str:
    """按目前进度预计年底完成约3.07万人次（完成率 112.7%，按年初以来平均进度），2023年11月20日达到
    目标：可完成。"""
    if p.outlook is None:
        return ""
    values = "、".join(projected_value(m) for m in p.metrics)
    return (
        f"{WORDING}年底完成{values}（完成率 {percent(p.rate)}，{p.basis}），"
        f"{reaches_text(p)}：{p.outlook.value}"
    )


def unlikely_line(p: IndicatorProjection) -> str:
    """One indicator of the circular's list: 名称（牵头单位，预计年底完成率 67.2%）."""
    return f"{p.name}（{p.lead_unit}，预计年底完成率{percent(p.rate)}，{p.basis}）"


def formula_note(projection: Projection) -> str:
    rules = projection.rules
    return (
        f"预计按 {FORMULA}：{Pace.plan.value}（有落实方案累计目标值的指标项：按所据报告日已完成数与"
        "落实方案当日应完成数之比，乘以方案的年底值），否则"
        f"{Pace.average.value}（以年初至所据报告季度末的平均进度外推到年底）；预计完成率不低于"
        f"{rules.likely:g}%为{Outlook.likely.value}，低于{rules.unlikely:g}%为"
        f"{Outlook.unlikely.value}，其间为{Outlook.at_risk.value}。"
    )


def counts_text(projection: Projection) -> str:
    """按目前进度预计：可完成20项、有风险5项、难以完成7项。"""
    parts = [
        f"{o.value}{len(projection.with_outlook(o))}项"
        for o in (Outlook.likely, Outlook.at_risk, Outlook.unlikely)
    ]
    return f"{WORDING}：" + "、".join(parts) + "。"
