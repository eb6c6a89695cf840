"""Checks of the plans (落实方案) against the catalogue: every problem with file, line, column.

- the file is named after a Ruzhou unit, in the catalogue's year;
- every planned indicator exists, is carried out by Ruzhou itself, and is led by that unit;
- every metric named has a plan of time nodes only where nodes mean something (not for a
  prohibition), and the metric exists;
- node dates lie in the programme year and follow each other; values read in the metric's unit
  and never decrease; the last node reaches the target (a warning when not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Level, Metric, MetricKind
from mscli.codes import Code
from mscli.plans.records import Node, Plan
from mscli.problems import Problem, Severity
from mscli.quantities import show, to_base
from mscli.quarters import Quarter
from mscli.suggestions import hint


def node_value(node: Node, metric: Metric) -> float:
    """A node's value in the metric's base units (ValueError with the reason when unreadable)."""
    if node.value is None:
        raise ValueError("节点缺少累计目标值 value")
    return to_base(node.value, metric.unit, metric.display_unit)


def _check_nodes(
    plan: Plan, row: Row, metric: Metric, nodes: tuple[Node, ...]
) -> Iterator[Problem]:
    path = ("indicators", row.indicator.id, "nodes", metric.id)
    if metric.kind is MetricKind.prohibition:
        yield plan.source.where(path, key=True).problem(
            "plan-node-kind",
            f"指标项“{metric.id}”（{metric.name}）是禁止事项，不设时间节点",
        )
        return
    if metric.sustained:
        yield plan.source.where(path, key=True).problem(
            "plan-node-kind",
            f"指标项“{metric.id}”（{metric.name}）须每季度保持达标，不设时间节点",
        )
        return
    if metric.kind.staged:
        yield from _check_stages(plan, metric, nodes, path)
        return
    first, last = Quarter(plan.year, 1).start, Quarter(plan.year, 4).end
    previous: tuple[dt.date, float | None] | None = None
    value: float | None = None
    for i, node in enumerate(nodes):
        at = (*path, i)
        if node.stage is not None:
            yield plan.source.where((*at, "stage"), key=True).problem(
                "plan-node-kind",
                f"指标项“{metric.id}”（{metric.name}）是{metric.kind.label}类，节点写累计值 value，"
                "不写阶段 stage",
            )
        if node.value is None and node.stage is None:
            yield plan.source.where(at).problem(
                "plan-value",
                f"节点缺少累计目标值 value：写明到 {node.date.isoformat()} 应达到的年初至今累计值",
            )
        if node.value is None:
            previous = (node.date, None)
            continue
        if not first <= node.date <= last:
            yield plan.source.where((*at, "date")).problem(
                "plan-date",
                f"节点日期 {node.date.isoformat()} 不在 {plan.year} 年内"
                f"（{first.isoformat()} 至 {last.isoformat()}）",
            )
        if previous is not None and node.date <= previous[0]:
            yield plan.source.where((*at, "date")).problem(
                "plan-date-order",
                f"节点日期 {node.date.isoformat()} 应晚于上一个节点的日期 {previous[0].isoformat()}",
            )
        try:
            value = node_value(node, metric)
        except ValueError as exc:
            yield plan.source.where((*at, "value")).problem("plan-value", str(exc))
            value = None
        earlier = previous[1] if previous is not None else None
        if value is not None and earlier is not None and value < earlier:
            unit, display = metric.unit, metric.display_unit
            yield plan.source.where((*at, "value")).problem(
                "plan-value-order",
                f"节点值 {show(value, unit, display)} 低于上一个节点的 "
                f"{show(earlier, unit, display)}：节点是年初至今的累计值，不能减少",
            )
        previous = (node.date, value)
    target, unit = metric.base_target
    if nodes and nodes[-1].value is not None and value is not None and value != target:
        yield plan.source.where((*path, len(nodes) - 1, "value")).problem(
            "plan-target",
            f"最后一个节点 {show(value, unit, metric.display_unit)} 与指标项“{metric.name}”的"
            f"目标 {show(target, unit, metric.display_unit)} 不符",
            Severity.warning,
        )


def _in_year(plan: Plan, node: Node, at: tuple[str | int, ...]) -> Iterator[Problem]:
    first, last = Quarter(plan.year, 1).start, Quarter(plan.year, 4).end
    if not first <= node.date <= last:
        yield plan.source.where((*at, "date")).problem(
            "plan-date",
            f"节点日期 {node.date.isoformat()} 不在 {plan.year} 年内"
            f"（{first.isoformat()} 至 {last.isoformat()}）",
        )


def _check_stages(
    plan: Plan, metric: Metric, nodes: tuple[Node, ...], path: tuple[str | int, ...]
) -> Iterator[Problem]:
    """A milestone's nodes each name a stage of the catalogue, once, in the catalogue's order,
    on later dates; a task has one node, its due date, and neither value nor stage."""
    for i, node in enumerate(nodes):
        if node.value is not None:
            yield plan.source.where((*path, i, "value"), key=True).problem(
                "plan-node-kind",
                f"指标项“{metric.id}”（{metric.name}）是{metric.kind.label}，没有数量，不写 value",
            )
    if metric.kind is MetricKind.task:
        for i, node in enumerate(nodes):
            if node.stage is not None:
                yield plan.source.where((*path, i, "stage"), key=True).problem(
                    "plan-node-kind",
                    f"指标项“{metric.id}”（{metric.name}）是工作任务，没有阶段：只写完成时限 date",
                )
        if len(nodes) > 1:
            yield plan.source.where((*path, 1)).problem(
                "plan-node-kind",
                f"工作任务“{metric.name}”只有一个时间节点（完成时限），实际写了 {len(nodes)} 个",
            )
        for i, node in enumerate(nodes[:1]):
            yield from _in_year(plan, node, (*path, i))
        return
    order = {stage: n for n, stage in enumerate(metric.stages)}
    previous: tuple[int, Node] | None = None
    for i, node in enumerate(nodes):
        at = (*path, i)
        yield from _in_year(plan, node, at)
        if node.stage is None:
            yield plan.source.where(at).problem(
                "plan-node-kind",
                f"节点事项“{metric.name}”的节点须写阶段 stage（{'、'.join(metric.stages)}）",
            )
            continue
        position = order.get(node.stage)
        if position is None:
            yield plan.source.where((*at, "stage")).problem(
                "plan-stage",
                f"指标项“{metric.name}”没有阶段“{node.stage}”。{hint(node.stage, order, n=1)}"
                f"可填：{'、'.join(metric.stages)}",
            )
            continue
        if previous is not None and position <= previous[0]:
            yield plan.source.where((*at, "stage")).problem(
                "plan-stage-order",
                f"阶段“{node.stage}”应排在“{previous[1].stage}”之前：按指标目录的顺序"
                f"（{'、'.join(metric.stages)}）逐个写，每个阶段只写一次",
            )
        elif previous is not None and node.date < previous[1].date:
            yield plan.source.where((*at, "date")).problem(
                "plan-date-order",
                f"阶段“{node.stage}”的日期 {node.date.isoformat()} 早于上一阶段"
                f"“{previous[1].stage}”的 {previous[1].date.isoformat()}",
            )
        previous = (position, node)


def check_plan(catalogue: Catalogue, plan: Plan) -> Iterator[Problem]:
    top = plan.source.where(())
    unit = catalogue.index.by_id.get(plan.unit_id)
    if unit is None or unit.level is not Level.county:
        ids = [u.id for u in catalogue.index.units if u.level is Level.county]
        yield top.problem(
            "plan-unit",
            f"落实方案文件名“{plan.path.name}”应为{catalogue.structure.county}牵头单位的编号"
            "（见 units.yaml）。"
            f"{hint(plan.unit_id, ids, n=1)}",
        )
    if plan.year != catalogue.programme.year:
        yield top.problem(
            "plan-year",
            f"落实方案所属年度 {plan.year} 与指标目录的年度 {catalogue.programme.year} 不符",
        )
    if plan.data.draft:
        yield plan.source.where(("draft",)).problem(
            "plan-draft",
            "落实方案是草稿（draft: true），不用于时序进度和节点预警；确定后删去 draft 一行",
            Severity.warning,
        )
    people: tuple[tuple[str, str, Code], ...] = (
        ("leader", "责任领导", "plan-leader"),
        ("contact", "责任人", "plan-contact"),
    )
    for key, what, code in people:
        if getattr(plan.data, key) is None:
            yield top.problem(
                code,
                f"落实方案未填写{what}（{key}）",
                Severity.warning,
            )
    rows = catalogue.by_indicator
    for indicator_id, entry in plan.data.indicators.items():
        where = plan.source.where(("indicators", indicator_id), key=True)
        row = rows.get(indicator_id)
        if row is None:
            yield where.problem(
                "unknown-indicator",
                f"没有编号为“{indicator_id}”的指标。{hint(indicator_id, rows, n=1)}",
            )
            continue
        if row.indicator.target.delegated:
            yield where.problem(
                "delegated-planned",
                f"指标“{indicator_id}”由{catalogue.structure.prefecture}统一安排实施，"
                f"{catalogue.structure.county}不制定落实方案",
            )
            continue
        if unit is not None and plan.unit_id not in {u.id for u in catalogue.lead_units(row)}:
            yield where.problem(
                "not-lead",
                f"指标“{indicator_id}”的牵头单位是{catalogue.lead_name(row)}，"
                f"不应出现在 {plan.unit_id} 的落实方案中",
            )
            continue
        metrics = {m.id: m for m in row.indicator.target.metrics}
        for metric_id, nodes in entry.nodes.items():
            metric = metrics.get(metric_id)
            if metric is None:
                yield plan.source.where(
                    ("indicators", indicator_id, "nodes", metric_id), key=True
                ).problem(
                    "unknown-metric",
                    f"指标“{indicator_id}”没有指标项“{metric_id}”。"
                    f"{hint(metric_id, metrics, n=1)}可填：{'、'.join(metrics)}",
                )
                continue
            yield from _check_nodes(plan, row, metric, nodes)


def run_plan_checks(catalogue: Catalogue, plans: list[Plan]) -> list[Problem]:
    return [p for plan in plans for p in check_plan(catalogue, plan)]
