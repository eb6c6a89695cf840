"""A year's plan files (落实方案): one per lead unit, listing the indicators it leads, never
overwriting.

Each file is a draft that validates as it is only once the 责任领导 and 责任人 are filled in (they
are written as placeholders the unit replaces; `validate` says which are missing). Every metric
that time nodes make sense for is given one node, the year's target on the last day of the year,
and the dates of the quarter ends as commented-out examples; the unit's own nodes replace them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Metric, MetricKind, Unit
from mscli.plans.records import plan_path
from mscli.problems import MscliError, Problem, Severity, display_path
from mscli.quantities import multiplier
from mscli.quarters import Quarter
from mscli.yamlio.modeline import schema_comment


@dataclass(frozen=True)
class NewPlan:
    unit_id: str
    unit_name: str
    path: Path
    text: str
    exists: bool


def display_value(value: float, metric: Metric) -> str:
    """A base value in the metric's display unit as YAML text: 27200 人次 shown in 万人次 → 2.72."""
    factor = multiplier(metric.unit or "", metric.display_unit)
    text = format((Decimal(repr(value)) / factor).normalize(), "f")
    return text if text not in ("-0", "") else "0"


def _shown_unit(metric: Metric) -> str:
    if multiplier(metric.unit or "", metric.display_unit) != 1 and metric.display_unit:
        return metric.display_unit
    return metric.unit or ""


def has_nodes(metric: Metric) -> bool:
    """Whether time nodes mean something for `metric`: not for a prohibition (nothing to reach),
    nor for a rate to be kept every quarter (it is due all year)."""
    return metric.kind is not MetricKind.prohibition and not metric.sustained


def _staged_lines(metric: Metric, year: int) -> list[str]:
    """A milestone's stages each with a date to fill in, the last at the year's end; a task's
    due date (the catalogue's, else the year's end)."""
    end = Quarter(year, 4).end.isoformat()
    if metric.kind is MetricKind.task:
        due = (metric.due.isoformat() if metric.due else None) or end
        return [
            f"      {metric.id}:  # {metric.name}（工作任务），完成时限",
            f"        - {{date: {due}}}",
        ]
    lines = [f"      {metric.id}:  # {metric.name}（节点事项），各阶段的计划日期"]
    for stage in metric.stages[:-1]:
        lines.append(f"        # - {{stage: {stage}, date: 计划达到该阶段的日期}}")
    lines.append(f"        - {{stage: {metric.stages[-1]}, date: {end}}}")
    return lines


def _indicator_lines(row: Row, year: int) -> list[str]:
    indicator = row.indicator
    lines = [f"  {indicator.id}:  # {indicator.label}", "    nodes:"]
    noded = [m for m in indicator.target.metrics if has_nodes(m)]
    if not noded:
        lines[-1] = "    nodes: {}  # 禁止事项和须每季度保持的比率不设时间节点"
    for metric in noded:
        if metric.kind.staged:
            lines += _staged_lines(metric, year)
            continue
        target = display_value(metric.base_target[0], metric)
        lines.append(
            f"      {metric.id}:  # {metric.name}（{_shown_unit(metric)}），年度目标 {target}"
        )
        for quarter in (1, 2, 3):
            end = Quarter(year, quarter).end.isoformat()
            lines.append(f"        # - {{date: {end}, value: 第{quarter}季度末应累计完成的数值}}")
        lines.append(f"        - {{date: {Quarter(year, 4).end.isoformat()}, value: {target}}}")
    lines += [
        "    # measures: 主要措施",
        "    # leader: {name: 姓名, post: 职务}  # 与全单位不同时填写",
        "    # contact: {name: 姓名, phone: 电话}",
    ]
    return lines


def plan_text(*, root: Path, path: Path, unit: Unit, rows: list[Row], year: int) -> str:
    lines = []
    schema = schema_comment(path, root)
    if schema is not None:
        lines.append(schema)
    lines += [
        f"# {unit.name} {year}年重点民生实事落实方案",
        "# 填写说明：leader 为责任领导（姓名 name、职务 post），contact 为责任人（姓名 name、电话 phone）；"
        "某项指标的责任领导或责任人不同时，在该指标下另写 leader、contact。",
        "# nodes 为各指标项的时间节点：到 date 应达到的年初至今累计值 value（按显示单位，写法同进度文件），"
        "日期先后排列、数值不减少，最后一个节点应等于年度目标；measures 为主要措施。",
        "# leader: {name: 姓名, post: 职务}  # 责任领导：删除行首的“# ”后填写",
        "# contact: {name: 姓名, phone: 电话}  # 责任人",
        "indicators:",
    ]
    for row in rows:
        lines += _indicator_lines(row, year)
    return "\n".join(lines) + "\n"


def plan_plans(*, root: Path, catalogue: Catalogue, year: int | None = None) -> list[NewPlan]:
    """Every lead unit's plan file for the year, with its text; nothing is written here."""
    programme_year = catalogue.programme.year
    year = year or programme_year
    if year != programme_year:
        raise MscliError(f"指标目录是 {programme_year} 年度的，不能生成 {year} 年的落实方案")
    planned = []
    for unit_id, (unit, rows) in catalogue.reporting_units().items():
        path = plan_path(root, year, unit_id)
        text = plan_text(root=root, path=path, unit=unit, rows=rows, year=year)
        planned.append(NewPlan(unit_id, unit.name, path, text, path.exists()))
    return planned


def draft_problems(*, root: Path, catalogue: Catalogue, plans: list[NewPlan]) -> list[Problem]:
    """The errors the new files would have, by the rules `mscli validate` applies (a draft's
    missing 责任领导 and 责任人 are warnings, and expected)."""
    from mscli.plans.checks import check_plan
    from mscli.plans.records import parse_plan

    found: list[Problem] = []
    for new in plans:
        if new.exists:
            continue
        file = display_path(new.path, root)
        parsed, problems = parse_plan(
            new.text.encode("utf-8"), path=new.path, file=file, year=catalogue.programme.year
        )
        found += problems
        if parsed is not None:
            found += check_plan(catalogue, parsed)
    return [p for p in found if p.severity is Severity.error]
