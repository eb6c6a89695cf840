"""Checks of the lead units' reports against the catalogue and against each other.

Each check takes the catalogue, all reports and the rules, and yields located problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from mscli.catalogue.config import StatusRules
from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import Level, Metric, MetricKind
from mscli.codes import Code
from mscli.problems import Problem, Severity
from mscli.progress.reports import ProgressReport, earlier_reading, earlier_reports
from mscli.quantities import show
from mscli.quarters import Quarter
from mscli.suggestions import hint

ProgressCheck = Callable[[Catalogue, list[ProgressReport], StatusRules], Iterable[Problem]]
DRAFT_CODE: Code = "draft"


def _close(word: str, choices: Iterable[str]) -> str:
    return hint(word, choices, n=1)


def check_file(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """The file is named after a Ruzhou unit, the year is the programme's, the date is plausible."""
    ids = [u.id for u in catalogue.index.units if u.level is Level.county]
    for report in reports:
        top = report.source.where(())
        unit = catalogue.index.by_id.get(report.unit_id)
        if unit is None or unit.level is not Level.county:
            yield top.problem(
                "progress-unit",
                f"进度文件名“{report.path.name}”应为{catalogue.structure.county}牵头单位的编号"
                "（见 units.yaml）。"
                f"{_close(report.unit_id, ids)}",
            )
        if report.year != catalogue.programme.year:
            yield top.problem(
                "progress-year",
                f"进度所属年度 {report.year} 与指标目录的年度 {catalogue.programme.year} 不符",
            )
        first, last = Quarter(report.year, report.quarter).reporting_window()
        submitted = report.data.submitted
        if submitted is not None and not first <= submitted <= last:
            yield report.source.where(("submitted",)).problem(
                "progress-date",
                f"报送日期 {submitted.isoformat()} 不合理：{report.year}年第{report.quarter}季度的报告"
                f"应在 {first.isoformat()} 至 {last.isoformat()} 之间报送",
            )


def check_indicators(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """Each reported indicator exists, is Ruzhou's own, and is led by the reporting unit."""
    rows = catalogue.by_indicator
    for report in reports:
        if report.unit_id not in catalogue.index.by_id:
            continue  # the file name is wrong, which check_file reports once
        for indicator_id in report.data.indicators:
            where = report.source.where(("indicators", indicator_id), key=True)
            row = rows.get(indicator_id)
            if row is None:
                yield where.problem(
                    "unknown-indicator",
                    f"没有编号为“{indicator_id}”的指标。{_close(indicator_id, rows)}",
                )
                continue
            if row.indicator.target.delegated:
                yield where.problem(
                    "delegated-reported",
                    f"指标“{indicator_id}”由{catalogue.structure.prefecture}统一安排实施，"
                    f"{catalogue.structure.county}不报送进度",
                )
                continue
            leads = catalogue.lead_units(row)
            if report.unit_id not in {u.id for u in leads}:
                lead = catalogue.lead_name(row)
                yield where.problem(
                    "not-lead",
                    f"指标“{indicator_id}”的牵头单位是{lead}，不应出现在 {report.unit_id} 的报告中",
                )


def _reported_rows(
    catalogue: Catalogue, report: ProgressReport
) -> Iterator[tuple[Row, dict[str, float | str]]]:
    rows = catalogue.by_indicator
    for indicator_id, entry in report.data.indicators.items():
        row = rows.get(indicator_id)
        if row is not None and not row.indicator.target.delegated:
            yield row, entry.values


def read_values(
    catalogue: Catalogue, report: ProgressReport
) -> Iterator[tuple[Row, Metric | None, float | None, Problem | None]]:
    """Every metric value of a report in base units, or the problem that prevents reading it."""
    for row, values in _reported_rows(catalogue, report):
        metrics = {m.id: m for m in row.indicator.target.metrics}
        base = ("indicators", row.indicator.id, "values")
        for metric_id in values:
            if metric_id not in metrics:
                where = report.source.where((*base, metric_id), key=True)
                yield (
                    row,
                    None,
                    None,
                    where.problem(
                        "unknown-metric",
                        f"指标“{row.indicator.id}”没有指标项“{metric_id}”。"
                        f"{_close(metric_id, metrics)}可填：{'、'.join(metrics)}",
                    ),
                )
        misspelt = any(metric_id not in metrics for metric_id in values)
        for metric in metrics.values():
            if metric.kind.staged:
                if metric.id in values:
                    where = report.source.where((*base, metric.id), key=True)
                    field = "stages" if metric.kind is MetricKind.milestone else "done"
                    yield (
                        row,
                        None,
                        None,
                        where.problem(
                            "stage-kind",
                            f"指标项“{metric.id}”（{metric.name}）是{metric.kind.label}，没有数值："
                            f"不填写 values，改填 {field}",
                        ),
                    )
                continue
            if metric.id not in values and misspelt:
                continue  # the misspelt key is reported instead
            if metric.id not in values:
                where = report.source.where(base if values else base[:2])
                yield (
                    row,
                    metric,
                    None,
                    where.problem(
                        "missing-value",
                        f"指标“{row.indicator.id}”缺少指标项“{metric.id}”（{metric.name}）的数值",
                    ),
                )
                continue
            reading = report.reading(row.indicator.id, metric)
            if reading.error is None:
                yield row, metric, reading.base, None
            else:
                where = report.source.where((*base, metric.id))
                yield row, metric, None, where.problem("bad-value", reading.error)


def check_values(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """Values are readable, not negative, rates at most 100%, and not far above the target."""
    for report in reports:
        for row, metric, value, problem in read_values(catalogue, report):
            if problem is not None:
                yield problem
                continue
            assert value is not None and metric is not None
            where = report.source.where(("indicators", row.indicator.id, "values", metric.id))
            shown = show(value, metric.unit, metric.display_unit)
            if value < 0:
                yield where.problem("negative", f"{metric.name}的累计值 {shown} 不能为负数")
            elif metric.kind is MetricKind.rate and value > 100:
                yield where.problem("rate-over-100", f"{metric.name} {shown} 超过了 100%")
            elif metric.value and not metric.sustained and value > rules.far_above * metric.value:
                target = show(metric.value, metric.unit, metric.display_unit)
                yield where.problem(
                    "far-above-target",
                    f"{metric.name}的累计值 {shown} 超过目标 {target} 的 {rules.far_above:g} 倍，"
                    "请核对单位（数字按显示单位填写，如 1.52 表示 1.52万）",
                    Severity.warning,
                )


def check_stages(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """A milestone's reported stages are the catalogue's, reached in its order on dates of the
    year no later than the quarter's end; a task's completion date likewise; neither is written
    under an indicator of another kind."""
    rows = catalogue.by_indicator
    for report in reports:
        end = Quarter(report.year, report.quarter).end
        first = Quarter(report.year, 1).start
        for indicator_id, entry in report.data.indicators.items():
            row = rows.get(indicator_id)
            if row is None or row.indicator.target.delegated:
                continue
            base = ("indicators", indicator_id)
            staged = next((m for m in row.indicator.target.metrics if m.kind.staged), None)
            kind = staged.kind if staged else None
            if entry.stages and kind is not MetricKind.milestone:
                yield report.source.where((*base, "stages"), key=True).problem(
                    "stage-kind",
                    f"指标“{indicator_id}”不是节点事项（milestone），不填写 stages"
                    + ("：工作任务完成后填写 done: 完成日期" if kind is MetricKind.task else ""),
                )
            if entry.done is not None and kind is not MetricKind.task:
                yield report.source.where((*base, "done"), key=True).problem(
                    "stage-kind",
                    f"指标“{indicator_id}”不是工作任务（task），不填写 done"
                    + (
                        "：节点事项填写 stages: {阶段: 日期}"
                        if kind is MetricKind.milestone
                        else ""
                    ),
                )
            if staged is None:
                continue
            dated: list[tuple[tuple[str | int, ...], str, dt.date]] = []
            if kind is MetricKind.task and entry.done is not None:
                dated.append(((*base, "done"), "完成日期", entry.done))
            for name, when in entry.stages.items() if kind is MetricKind.milestone else ():
                if name not in staged.stages:
                    yield report.source.where((*base, "stages", name), key=True).problem(
                        "unknown-stage",
                        f"指标“{indicator_id}”没有阶段“{name}”。{_close(name, staged.stages)}"
                        f"可填：{'、'.join(staged.stages)}",
                    )
                    continue
                dated.append(((*base, "stages", name), f"“{name}”的日期", when))
            for path, what, when in dated:
                if not first <= when <= end:
                    yield report.source.where(path).problem(
                        "stage-date",
                        f"{what} {when.isoformat()} 应在 {first.isoformat()} 至 {end.isoformat()} 之间"
                        f"（{report.year}年第{report.quarter}季度末以前）",
                    )
            if kind is MetricKind.milestone:
                yield from _stage_order(report, indicator_id, staged, entry.stages)


def _stage_order(
    report: ProgressReport, indicator_id: str, metric: Metric, reached: dict[str, dt.date]
) -> Iterator[Problem]:
    """Stages are reached one after another: none skipped, none dated before the one before it."""
    base = ("indicators", indicator_id, "stages")
    previous: tuple[str, dt.date] | None = None
    missing: str | None = None
    for name in metric.stages:
        when = reached.get(name)
        if when is None:
            missing = missing or name
            continue
        if missing is not None:
            yield report.source.where((*base, name), key=True).problem(
                "stage-order",
                f"报告了阶段“{name}”，但没有报告它之前的阶段“{missing}”：阶段按"
                f"{'、'.join(metric.stages)}的顺序逐个达到，请补填“{missing}”的日期",
            )
            missing = None
        elif previous is not None and when < previous[1]:
            yield report.source.where((*base, name)).problem(
                "stage-order",
                f"阶段“{name}”的日期 {when.isoformat()} 早于上一阶段“{previous[0]}”的 "
                f"{previous[1].isoformat()}",
            )
        previous = (name, when)


def _by_unit(reports: list[ProgressReport]) -> dict[tuple[str, int], list[ProgressReport]]:
    """Reports by (unit, year), so that finding what came before looks at four files, not all."""
    groups: dict[tuple[str, int], list[ProgressReport]] = {}
    for report in reports:
        groups.setdefault((report.unit_id, report.year), []).append(report)
    return groups


def check_cumulative(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """A year-to-date value never falls below the latest one submitted before it (across a
    quarter the unit did not report)."""
    by_unit = _by_unit(reports)
    for report in reports:
        earlier = earlier_reports(
            by_unit[(report.unit_id, report.year)],
            unit_id=report.unit_id,
            year=report.year,
            quarter=report.quarter,
        )
        if not earlier:
            continue
        for row, metric, value, problem in read_values(catalogue, report):
            if problem is not None or value is None or metric is None or metric.sustained:
                continue
            if value < 0:  # reported by check_values
                continue
            before = earlier_reading(earlier, row.indicator.id, metric)
            if before is None or value >= before.base:
                continue
            where = report.source.where(("indicators", row.indicator.id, "values", metric.id))
            when = (
                "上一季度"
                if before.report.quarter == report.quarter - 1
                else f"第{before.report.quarter}季度"
            )
            fell = (
                f"{metric.name}的累计值 {show(value, metric.unit, metric.display_unit)} "
                f"低于{when} {before.report.source.file} 中的 "
                f"{show(before.base, metric.unit, metric.display_unit)}"
            )
            entry = report.data.indicators[row.indicator.id]
            if entry.correction:  # a documented correction of an earlier wrong figure
                yield where.problem(
                    "cumulative-correction",
                    f"{fell}，已说明为更正：{entry.correction}",
                    Severity.warning,
                )
                continue
            yield where.problem(
                "cumulative-decrease",
                f"{fell}；累计值（年初至今）不应减少。如是更正此前报错的数字，"
                "请在该指标下写 correction: 更正说明",
            )


def check_coverage(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """A unit's report covers every indicator it leads (a warning: the rest count as 未报送)."""
    led = catalogue.reporting_units()
    for report in reports:
        _, rows = led.get(report.unit_id, (None, []))
        for row in rows:
            if row.indicator.id not in report.data.indicators:
                yield report.source.where(("indicators",), key=True).problem(
                    "indicator-not-reported",
                    f"本单位牵头的指标“{row.indicator.id}”未填写进度，将按未报送统计",
                    Severity.warning,
                )


def check_drafts(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """A file without a submission date is a draft: listed (not an error), as it is no report."""
    for report in reports:
        if report.draft:
            yield report.source.where(("submitted",), key=True).problem(
                DRAFT_CODE,
                "草稿：报送日期（submitted）未填写，本文件尚未算作报送，其中的数值不计入进度；"
                "报送时填写当天的日期",
                Severity.notice,
            )


def check_unchanged(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> Iterator[Problem]:
    """A submitted report that repeats last quarter's values and says nothing of progress is most
    likely a scaffolded file dated without being filled in; one that has new values but no text
    at all (no progress, issues or next steps) leaves the circular with nothing to quote."""
    by_unit = _by_unit(reports)
    for report in reports:
        if report.draft or not report.data.indicators:
            continue
        if any(entry.progress for entry in report.data.indicators.values()):
            continue
        group = by_unit[(report.unit_id, report.year)]
        earlier = earlier_reports(
            group, unit_id=report.unit_id, year=report.year, quarter=report.quarter
        )
        before = earlier[0] if earlier else None
        if before is None or not _repeats(catalogue, before, report):
            if not any(e.issues or e.next_steps for e in report.data.indicators.values()):
                yield report.source.where(("submitted",)).problem(
                    "silent-report",
                    "已报送，但没有填写任何进展情况（progress）、存在问题或下步打算：通报中滞后的指标"
                    "将写作“牵头单位未说明滞后原因和下步打算”。请为各指标填写进展情况"
                    f"（如 mscli set 指标 -q {report.quarter} --progress 文字）",
                    Severity.warning,
                )
            continue
        yield report.source.where(("submitted",)).problem(
            "unchanged-report",
            f"已填写报送日期，但各项数值与第{before.quarter}季度（{before.source.file}）完全相同，"
            "且没有填写任何进展情况（progress）：请更新为本季度的累计值并填写进展情况；"
            "尚未报送的请把报送日期留空",
            Severity.warning,
        )


def _repeats(catalogue: Catalogue, before: ProgressReport, report: ProgressReport) -> bool:
    """Every value of `report` is readable and the same as in `before`."""
    old = {
        (row.indicator.id, metric.id): value
        for row, metric, value, _ in read_values(catalogue, before)
        if metric is not None
    }
    new = {
        (row.indicator.id, metric.id): value
        for row, metric, value, _ in read_values(catalogue, report)
        if metric is not None
    }
    return bool(new) and None not in new.values() and all(old.get(k) == v for k, v in new.items())


PROGRESS_CHECKS: dict[str, ProgressCheck] = {
    "file": check_file,
    "indicators": check_indicators,
    "values": check_values,
    "stages": check_stages,
    "cumulative": check_cumulative,
    "coverage": check_coverage,
    "drafts": check_drafts,
    "unchanged": check_unchanged,
}


def run_progress_checks(
    catalogue: Catalogue, reports: list[ProgressReport], rules: StatusRules
) -> list[Problem]:
    return [p for check in PROGRESS_CHECKS.values() for p in check(catalogue, reports, rules)]
