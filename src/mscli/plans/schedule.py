"""An indicator's 时序进度 from its plan's time nodes (落实方案), and which schedule applies.

The rule: a node is a commitment "by date D, cumulative value V". Between two nodes the planned
value runs in a straight line from one to the next; before the first node it runs from 0 on the
last day of the previous year; after the last node it stays at the last node's value. 时序进度 on
a day is that planned value as a share of the target (at most 100%).

Why a straight line rather than "the last node due": the two agree on every node's date, but
under a step rule nothing would be due until a node's date and all of it on that day, so a unit
would be "on schedule" at zero until the day before; and the draft every unit starts from
(mscli new-plan: one node, the target at the year's end) would hold 0% due in every quarter
until December. A straight line makes that draft the even schedule (25/50/75/100% at the quarter
ends, near enough), which is the default an indicator without a plan is measured against.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from mscli.catalogue.models import Metric
from mscli.plans.records import Node
from mscli.quantities import to_base


class Basis(StrEnum):
    """Which schedule an indicator is measured against, in the words every output shows."""

    plan = "按落实方案"
    partly = "部分指标项按落实方案，其余按季度均衡序时"
    even = "按季度均衡序时（未报落实方案）"
    catalogue = "按指标目录所定季度序时（未报落实方案）"
    held = "每季度均须达标"
    due_by_catalogue = "按指标目录所定完成时限（未报落实方案）"
    year_end = "按年底前完成（未报落实方案）"


def planned_value(nodes: Sequence[Node], metric: Metric, day: dt.date) -> float | None:
    """The cumulative value the nodes commit to by `day`, in base units; None when a node's
    value cannot be read (validate reports it)."""
    if metric.kind.staged or any(n.value is None for n in nodes):
        return None  # stages, not values (mscli.results.milestones)
    try:
        points = [
            (n.date, to_base(n.value, metric.unit, metric.display_unit))
            for n in nodes
            if n.value is not None
        ]
    except ValueError:
        return None
    if not points:
        return None
    start = (dt.date(points[0][0].year - 1, 12, 31), 0.0)
    previous = start
    for when, value in points:
        if day <= when:
            span = (when - previous[0]).days
            if span <= 0:
                return value
            elapsed = max((day - previous[0]).days, 0)
            return previous[1] + (value - previous[1]) * elapsed / span
        previous = (when, value)
    return previous[1]


def planned_share(nodes: Sequence[Node], metric: Metric, day: dt.date) -> float | None:
    """时序进度 of one metric on `day` from its nodes: the planned value over the target, at most 1."""
    value = planned_value(nodes, metric, day)
    if value is None:
        return None
    target, _ = metric.base_target
    if target <= 0:
        return 1.0
    return min(max(value / target, 0.0), 1.0)
