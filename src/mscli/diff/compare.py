"""What a change to the data does: the data folder at a git revision against the working tree.

No printing: the old side is copied out of git (`mscli.diff.git`), loaded like any other data
folder, and both sides are summarised quarter by quarter; their definitions are compared in
`mscli.diff.definitions`. The result is a frozen value for the renderers in `mscli.render.terminal.diff`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from mscli.catalogue.models import Metric
from mscli.diff.definitions import DefinitionChange, definition_changes
from mscli.diff.git import data_at
from mscli.problems import MscliError, Severity
from mscli.progress.reports import IndicatorProgress, ProgressReport, Reading
from mscli.quantities import show
from mscli.results.completion import Status
from mscli.results.summary import IndicatorResult, MetricResult, QuarterSummary, summarize
from mscli.years.dataset import Dataset, load_dataset
from mscli.years.kept import archived_years as kept_years

SAME = 1e-9


class BaseDataError(MscliError):
    """The data at the base revision is unusable: a problem in the data (exit 1), not of usage."""


@dataclass(frozen=True)
class MetricChange:
    id: str
    name: str
    old: MetricResult | None
    new: MetricResult | None

    @property
    def changed(self) -> bool:
        return _differ(self.old.actual if self.old else None, self.new.actual if self.new else None)


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator in one quarter on both sides (None where the catalogue lacks it)."""

    id: str
    old: IndicatorResult | None
    new: IndicatorResult | None
    metrics: tuple[MetricChange, ...]

    @property
    def lead_unit(self) -> str:
        either = self.new or self.old
        return either.lead_unit if either else ""

    @property
    def name(self) -> str:
        """The indicator's Chinese name, as a clerk knows it (its id when neither side has it)."""
        either = self.new or self.old
        return either.name if either else self.id

    @property
    def staged(self) -> bool:
        """A milestone or a task: worded by its stages, its completion never shown as a rate."""
        return any(r is not None and r.item is not None for r in (self.old, self.new))

    @property
    def completion_old(self) -> float | None:
        return self.old.completion if self.old and not self.staged else None

    @property
    def completion_new(self) -> float | None:
        return self.new.completion if self.new and not self.staged else None

    @property
    def status_old(self) -> Status | None:
        return self.old.status if self.old else None

    @property
    def status_new(self) -> Status | None:
        return self.new.status if self.new else None

    @property
    def correction(self) -> str | None:
        """The unit's note when it corrected an earlier figure downwards (更正说明)."""
        report = self.new.report if self.new else None
        return report.correction if report else None


@dataclass(frozen=True)
class ReportChange:
    """A report added (新报送) or removed, its date or its wording changed."""

    kind: str  # added / removed / submitted / draft / text
    unit_id: str
    unit: str
    message: str


@dataclass(frozen=True)
class QuarterChanges:
    year: int
    quarter: int
    indicators: tuple[IndicatorChange, ...]
    reports: tuple[ReportChange, ...]


@dataclass(frozen=True)
class DataDiff:
    base: str
    quarters: tuple[QuarterChanges, ...]
    definitions: tuple[DefinitionChange, ...]
    notes: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.quarters and not self.definitions

    @property
    def report_count(self) -> int:
        return sum(len(q.reports) for q in self.quarters)


def _differ(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(a - b) > SAME


def _in_order(olds: Mapping[str, object], news: Mapping[str, object]) -> list[str]:
    """The new side's ids in its order, then those only the old side has."""
    return [*news, *(key for key in olds if key not in news)]


def _indicator(old: IndicatorResult | None, new: IndicatorResult | None) -> IndicatorChange | None:
    """The indicator's change, or None when a reader of the status table would see none."""
    olds = {m.id: m for m in old.metrics} if old else {}
    news = {m.id: m for m in new.metrics} if new else {}
    metrics = tuple(
        MetricChange(key, (news.get(key) or olds[key]).name, olds.get(key), news.get(key))
        for key in _in_order(olds, news)
    )
    one = old or new
    assert one is not None
    change = IndicatorChange(one.id, old, new, metrics)
    if old is None or new is None:
        # an indicator added or removed is a definition change; here only when it carried values
        return change if any(m.actual is not None for m in one.metrics) else None
    moved = (
        any(m.changed for m in metrics)
        or _differ(old.completion, new.completion)
        or old.status is not new.status
        or _differ(old.schedule, new.schedule)  # a plan's node moved (落实方案)
        or old.schedule_basis is not new.schedule_basis
        or _item_moved(old, new)  # a milestone's stage reached, a planned date moved
    )
    return change if moved else None


def _item_moved(old: IndicatorResult, new: IndicatorResult) -> bool:
    if old.item is None or new.item is None:
        return old.item is not new.item
    return old.item.shown != new.item.shown


def _narrative(entry: IndicatorProgress | None) -> object:
    return entry.model_dump(exclude={"values", "stages", "done"}) if entry else None


_TEXTS = {"progress": "进展情况", "issues": "存在问题", "next_steps": "下步打算"}


def _texts_said(
    dataset: Dataset,
    indicator_id: str,
    was: IndicatorProgress | None,
    now: IndicatorProgress | None,
) -> str:
    """技能培训：存在问题改为“……”: what each changed text of the indicator now says."""
    row = dataset.catalogue.by_indicator.get(indicator_id)
    label = row.indicator.label if row else indicator_id
    parts = []
    for key, title in _TEXTS.items():
        before = getattr(was, key) if was else None
        after = getattr(now, key) if now else None
        if before == after:
            continue
        parts.append(f"{title}改为“{after}”" if after else f"删去了{title}")
    return f"{label}：{'，'.join(parts) or '其他文字有改动'}"


def _shown(reading: Reading, metric: Metric) -> str:
    if reading.base is not None:
        return show(reading.base, metric.unit, metric.display_unit)
    return "未填" if reading.raw is None else f"“{reading.raw}”"


def _draft_values(
    dataset: Dataset, was: ProgressReport, now: ProgressReport, order: Mapping[str, int]
) -> list[str]:
    """技能培训 1.52万人次 → 1.9万人次: each value a draft's change enters, which no summary shows
    (a draft counts for nothing until its submission date is set), in the catalogue's order."""
    found = []
    for row in sorted(dataset.catalogue.rows(), key=lambda r: order.get(r.indicator.id, 0)):
        for metric in row.indicator.target.metrics:
            before = was.reading(row.indicator.id, metric)
            after = now.reading(row.indicator.id, metric)
            if before.raw == after.raw:
                continue
            found.append(f"{metric.name} {_shown(before, metric)} → {_shown(after, metric)}")
    return found


def _date(report: ProgressReport) -> str:
    submitted = report.data.submitted
    return submitted.isoformat() if submitted else "（未填，草稿）"


def _reports(
    old: Dataset,
    new: Dataset,
    old_sum: QuarterSummary,
    new_sum: QuarterSummary,
) -> Iterator[ReportChange]:
    key = (new_sum.year, new_sum.quarter)
    before = {r.unit_id: r for r in old.reports if (r.year, r.quarter) == key}
    after = {r.unit_id: r for r in new.reports if (r.year, r.quarter) == key}
    timely_old = {u.id: u.timeliness for u in old_sum.units}
    timely_new = {u.id: u.timeliness for u in new_sum.units}
    listed = {u.id: n for n, u in enumerate(new.catalogue.index.units)}
    order = {
        row.indicator.id: n for n, row in enumerate(new.catalogue.rows())
    }  # once for all units
    for unit_id in sorted(
        before.keys() | after.keys(), key=lambda u: (listed.get(u, len(listed)), u)
    ):
        unit = new.catalogue.index.by_id.get(unit_id) or old.catalogue.index.by_id.get(unit_id)
        name = unit.name if unit else unit_id
        was: ProgressReport | None = before.get(unit_id)
        now: ProgressReport | None = after.get(unit_id)
        if was is None and now is not None:
            if now.draft:
                text = f"新草稿：{name}（{unit_id}.yaml，报送日期未填，尚未报送）"
            else:
                text = f"新报送：{name}（{unit_id}.yaml，报送日期 {_date(now)}）"
            yield ReportChange("added", unit_id, name, text)
            continue
        if now is None:
            yield ReportChange("removed", unit_id, name, f"删除报送：{name}（{unit_id}.yaml）")
            continue
        assert was is not None
        if was.data.submitted != now.data.submitted:
            before_t, after_t = timely_old.get(unit_id), timely_new.get(unit_id)
            extra = (
                f"，{before_t.value} → {after_t.value}"
                if before_t and after_t and before_t is not after_t
                else ""
            )
            yield ReportChange(
                "submitted",
                unit_id,
                name,
                f"{name}的报送日期：{_date(was)} → {_date(now)}{extra}",
            )
        if now.draft:
            entered = _draft_values(new, was, now, order)
            if entered:
                text = f"{name}的草稿（报送日期未填，尚未计入进度）中的数值：{'；'.join(entered)}"
                yield ReportChange("draft", unit_id, name, text)
        ids = sorted(
            (
                i
                for i in was.data.indicators.keys() | now.data.indicators.keys()
                if _narrative(was.data.indicators.get(i)) != _narrative(now.data.indicators.get(i))
            ),
            key=lambda i: (order.get(i, len(order)), i),  # the catalogue's order
        )
        if ids:
            said = "；".join(
                _texts_said(new, i, was.data.indicators.get(i), now.data.indicators.get(i))
                for i in ids
            )
            yield ReportChange("text", unit_id, name, f"{name}修改了进展情况等文字：{said}")


def _summary(dataset: Dataset, year: int, quarter: int) -> QuarterSummary:
    return summarize(
        dataset.catalogue,
        list(dataset.reports),
        quarter=quarter,
        year=year,
        rules=dataset.config.status,
        plans=list(dataset.plans),
    )


def _quarter(old: Dataset, new: Dataset, year: int, quarter: int) -> QuarterChanges:
    before, after = _summary(old, year, quarter), _summary(new, year, quarter)
    olds = {r.id: r for r in before.indicators}
    news = {r.id: r for r in after.indicators}
    found = (_indicator(olds.get(key), news.get(key)) for key in _in_order(olds, news))
    return QuarterChanges(
        year,
        quarter,
        tuple(c for c in found if c is not None),
        tuple(_reports(old, new, before, after)),
    )


def compare(old: Dataset, new: Dataset, *, base: str, notes: Iterable[str] = ()) -> DataDiff:
    """Every quarter reported on either side, and the definitions, old against new."""
    quarters = sorted({(r.year, r.quarter) for r in (*old.reports, *new.reports)})
    found = (_quarter(old, new, year, quarter) for year, quarter in quarters)
    return DataDiff(
        base,
        tuple(q for q in found if q.indicators or q.reports),
        tuple(definition_changes(old, new)),
        tuple(notes),
    )


def diff_data(*, data: Path, new: Dataset, base: str) -> DataDiff:
    """The data folder at git revision `base` against `new`, the checked working-tree data.

    Raises MscliError when git cannot produce the old side, BaseDataError when it is unusable.
    """
    with data_at(data, base) as root:
        old, problems = load_dataset(root)
    errors = sum(p.severity is Severity.error for p in problems)
    if old is None:
        raise BaseDataError(
            f"修订版本“{base}”中的指标目录或配置有 {errors} 个错误，无法读取，也就无法比较；"
            f"可在该版本上运行 mscli validate 查看"
        )
    notes = []
    if errors:
        notes.append(
            f"修订版本“{base}”中的数据有 {errors} 个错误，其中无法读取的进度文件未计入，"
            f"比较结果可能不完整（可在该版本上运行 mscli validate 查看）。"
        )
    started, finished = new.catalogue.programme.year, old.catalogue.programme.year
    if started == finished:
        return compare(old, new, base=base, notes=notes)
    # the pull request that runs `mscli new-year`: the finished year now lies in archive/, so it is
    # compared with itself there, and the new year's definitions with the finished year's
    kept, _ = load_dataset(data, year=finished) if finished in kept_years(data)[0] else (None, [])
    notes.append(
        f"本次变更开始了{started}年（mscli new-year）：{finished}年的数据与保存到 archive/{finished}/ "
        f"之后的相比较{'' if kept else '（未找到保存的目录，未比较）'}；"
        f"定义变更是{started}年的指标目录相对{finished}年的。"
    )
    same = compare(old, kept, base=base, notes=notes) if kept else DataDiff(base, (), (), ())
    return replace(same, definitions=tuple(definition_changes(old, new)), notes=tuple(notes))
