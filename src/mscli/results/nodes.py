"""Warnings keyed to the plans' time nodes (预警): 正常 / 临期 / 逾期 / 已达成 on a given day.

For each metric a plan gives nodes for, the value that counts is the latest cumulative value the
lead unit reported this year in a report submitted by that day. A node is met when that value
reaches the node's value. On the day judged:
- 已达成: every node is met;
- 逾期: a node whose date has passed is not met (the earliest such node is named);
- 临期: the next node not met falls due within `node_warning_days` days (config, default 10);
- 正常: otherwise (the next node not met is named).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import Metric, MetricKind
from mscli.plans.records import Contact, Leader, Node, Plan
from mscli.plans.schedule import planned_value
from mscli.progress.reports import ProgressReport
from mscli.progress.submission import counts_as_report
from mscli.quantities import show, to_base


class NodeState(StrEnum):
    overdue = "逾期"
    due_soon = "临期"
    normal = "正常"
    met = "已达成"


@dataclass(frozen=True)
class NodeWarning:
    indicator_id: str
    indicator: str
    unit_id: str
    unit: str
    metric: Metric
    state: NodeState
    node: Node
    """The node that decides the state: the earliest one not met, or the last one when all are."""
    node_value: str
    """The node's value as shown: 1.5万人次; a milestone's stage (主体完工), a task's 完成."""
    reached: str | None
    """The latest reported cumulative value as shown; a milestone's stages reached (5月15日开工),
    empty when none is; None when nothing is reported yet."""
    days: int
    """Days from the day judged to the node's date (negative once passed)."""
    leader: Leader | None
    contact: Contact | None

    @property
    def warned(self) -> bool:
        return self.state in (NodeState.overdue, NodeState.due_soon)


def _latest(
    reports: Sequence[ProgressReport],
    unit_id: str,
    year: int,
    indicator_id: str,
    metric: Metric,
    as_of: dt.date,
) -> float | None:
    own = sorted(
        (
            r
            for r in reports
            if r.unit_id == unit_id
            and r.year == year
            and counts_as_report(r.data.submitted, as_of=as_of)
        ),
        key=lambda r: -r.quarter,
    )
    for report in own:
        reading = report.reading(indicator_id, metric)
        if reading.base is not None:
            return reading.base
    return None


def node_warnings(
    catalogue: Catalogue,
    reports: Sequence[ProgressReport],
    plans: Sequence[Plan],
    *,
    as_of: dt.date,
    days: int = 10,
) -> tuple[NodeWarning, ...]:
    """Every planned metric's state on `as_of`, in catalogue order; overdue and due-soon ones are
    the 预警."""
    year = catalogue.programme.year
    found = []
    by_unit = {p.unit_id: p for p in plans if p.year == year and not p.data.draft}
    for row in catalogue.rows():
        for unit in catalogue.lead_units(row):
            plan = by_unit.get(unit.id)
            entry = plan.data.indicators.get(row.indicator.id) if plan else None
            if plan is None or entry is None:
                continue
            for metric in row.indicator.target.metrics:
                nodes = entry.nodes.get(metric.id)
                if nodes and metric.kind.staged:
                    stages = _reached(reports, unit.id, year, row.indicator.id, metric, as_of)
                    warning = _stage_warning(
                        row.indicator.id,
                        row.indicator.label,
                        unit.id,
                        unit.name,
                        metric,
                        nodes,
                        stages,
                        plan,
                        as_of,
                        days,
                    )
                    if warning is not None:
                        found.append(warning)
                    continue
                if not nodes or planned_value(nodes, metric, as_of) is None:
                    continue  # no nodes, or one validate refuses
                reached = _latest(reports, unit.id, year, row.indicator.id, metric, as_of)
                found.append(
                    _warning(
                        row.indicator.id,
                        row.indicator.label,
                        unit.id,
                        unit.name,
                        metric,
                        nodes,
                        reached,
                        plan,
                        as_of,
                        days,
                    )
                )
    return tuple(found)


def _reached(
    reports: Sequence[ProgressReport],
    unit_id: str,
    year: int,
    indicator_id: str,
    metric: Metric,
    as_of: dt.date,
) -> dict[str, dt.date] | None:
    """The stages the unit's latest report submitted by `as_of` names reached by then; None
    when it has reported nothing on the indicator this year."""
    own = sorted(
        (
            r
            for r in reports
            if r.unit_id == unit_id
            and r.year == year
            and counts_as_report(r.data.submitted, as_of=as_of)
        ),
        key=lambda r: -r.quarter,
    )
    for report in own:
        found = report.reached(indicator_id, metric)
        if found is not None:
            return {stage: day for stage, day in found.items() if day <= as_of}
    return None


def _stage_warning(
    indicator_id: str,
    label: str,
    unit_id: str,
    unit_name: str,
    metric: Metric,
    nodes: Sequence[Node],
    stages: dict[str, dt.date] | None,
    plan: Plan,
    as_of: dt.date,
    days: int,
) -> NodeWarning | None:
    """A milestone's stage nodes (a task's due date) against the stages reported reached: the
    node is the stage (完成 for a task); `reached` words the stages reached (5月15日开工), empty
    when none is; None when no node names a stage of the metric (validate reports it)."""
    steps = metric.steps
    if metric.kind is MetricKind.task:
        dated = [(steps[0], nodes[0])]
    else:
        dated = [(n.stage, n) for n in nodes if n.stage in steps]
    if not dated:
        return None
    unmet = [(stage, node) for stage, node in dated if stage not in (stages or {})]
    if not unmet:
        (stage, node), state = dated[-1], NodeState.met
    else:
        stage, node = unmet[0]
        left = (node.date - as_of).days
        if left < 0:
            state = NodeState.overdue
        elif left <= days:
            state = NodeState.due_soon
        else:
            state = NodeState.normal
    reached = None
    if stages is not None:
        reached = "、".join(f"{d.month}月{d.day}日{s}" for s, d in stages.items())
    return NodeWarning(
        indicator_id=indicator_id,
        indicator=label,
        unit_id=unit_id,
        unit=unit_name,
        metric=metric,
        state=state,
        node=node,
        node_value=stage,
        reached=reached,
        days=(node.date - as_of).days,
        leader=plan.leader(indicator_id),
        contact=plan.contact(indicator_id),
    )


def _warning(
    indicator_id: str,
    label: str,
    unit_id: str,
    unit_name: str,
    metric: Metric,
    nodes: Sequence[Node],
    reached: float | None,
    plan: Plan,
    as_of: dt.date,
    days: int,
) -> NodeWarning:
    unit, display = metric.unit, metric.display_unit
    values = [to_base(n.value, unit, display) if n.value is not None else 0.0 for n in nodes]
    unmet = [n for n, v in zip(nodes, values, strict=True) if reached is None or reached + 1e-9 < v]
    if not unmet:
        node, state = nodes[-1], NodeState.met
    else:
        node = unmet[0]
        left = (node.date - as_of).days
        if left < 0:
            state = NodeState.overdue
        elif left <= days:
            state = NodeState.due_soon
        else:
            state = NodeState.normal
    return NodeWarning(
        indicator_id=indicator_id,
        indicator=label,
        unit_id=unit_id,
        unit=unit_name,
        metric=metric,
        state=state,
        node=node,
        node_value=show(values[list(nodes).index(node)], unit, display),
        reached=None if reached is None else show(reached, unit, display),
        days=(node.date - as_of).days,
        leader=plan.leader(indicator_id),
        contact=plan.contact(indicator_id),
    )
