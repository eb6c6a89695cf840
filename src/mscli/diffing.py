"""What a change to the data does: the data folder at a git revision against the working tree.

No printing: the folder as it was at the revision is copied out of git into a temporary folder,
loaded like any other, and both sides are summarised quarter by quarter and their definitions
compared. The result is a frozen value for the renderers in `mscli.render.diff`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from mscli.catalogue import Catalogue, Row
from mscli.completion import Status
from mscli.config import Config
from mscli.dataset import Dataset, load_dataset
from mscli.models import Indicator, Level, Metric
from mscli.problems import MscliError, Severity
from mscli.quantities import plain, show
from mscli.reports import IndicatorReport, Report
from mscli.summary import IndicatorResult, MetricResult, QuarterSummary, summarize

GIT_TIMEOUT = 120  # seconds; reading a few dozen small files takes well under one
SAME = 1e-9


class BaseDataError(MscliError):
    """The data at the base revision is unusable: a problem in the data (exit 1), not of usage."""


# --- the data folder at a revision ---------------------------------------------------------------


def _git(
    args: list[str], *, cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                              check=False, timeout=GIT_TIMEOUT)
    except FileNotFoundError as exc:
        raise MscliError("找不到 git 命令：mscli diff 需要安装 git，并能在命令行中运行") from exc
    except subprocess.TimeoutExpired as exc:
        raise MscliError(f"git {args[0]} 运行超过 {GIT_TIMEOUT} 秒仍未结束") from exc
    except OSError as exc:
        raise MscliError(f"无法运行 git：{exc.strerror or exc}") from exc


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """Git's own first line of complaint, to quote after our message."""
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return f"（git：{lines[0].strip()}）" if lines else ""


def _locate(data: Path) -> tuple[Path, str]:
    """The repository's top level and the data folder's path inside it ('' at the top)."""
    done = _git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd=data)
    lines = done.stdout.decode("utf-8", "surrogateescape").splitlines()
    if done.returncode != 0 or not lines:
        raise MscliError(f"数据目录 {data} 不在 git 仓库中，无法与修订版本比较{_said(done)}")
    prefix = lines[1] if len(lines) > 1 else ""
    return Path(lines[0]), prefix.rstrip("/")


def _commit(top: Path, ref: str) -> str:
    hint = "请检查分支名、标签或提交编号"
    if "/" in ref:
        hint += ("；远程分支需先 git fetch"
                 "（GitHub Actions 中可给 actions/checkout 设置 fetch-depth: 0）")
    if not ref.strip() or ref.startswith("-"):
        raise MscliError(f"找不到修订版本“{ref}”：{hint}")
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                cwd=top)
    if done.returncode != 0:
        raise MscliError(f"找不到修订版本“{ref}”：{hint}{_said(done)}")
    return done.stdout.decode("ascii").strip()


def _blobs(top: Path, commit: str, prefix: str) -> list[tuple[str, str]]:
    """(object id, path below the data folder) of every regular file of the folder at `commit`."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    done = _git([*args, "--", prefix] if prefix else args, cwd=top)
    if done.returncode != 0:
        raise MscliError(f"无法列出修订版本中的文件{_said(done)}")
    start = f"{prefix}/" if prefix else ""
    found = []
    for entry in done.stdout.split(b"\0"):
        meta, _, raw = entry.partition(b"\t")
        fields = meta.split()
        path = os.fsdecode(raw)
        # symbolic links (120000) and submodules (commit) are not data files
        if len(fields) == 3 and fields[1] == b"blob" and fields[0] != b"120000" \
                and path.startswith(start):
            found.append((fields[2].decode("ascii"), path[len(start):]))
    return found


def _write_blobs(top: Path, blobs: list[tuple[str, str]], dest: Path) -> None:
    """Write the files' contents under `dest`, read in one `git cat-file --batch`."""
    done = _git(["cat-file", "--batch"], cwd=top,
                stdin=b"".join(f"{oid}\n".encode("ascii") for oid, _ in blobs))
    if done.returncode != 0:
        raise MscliError(f"无法读取修订版本中的文件{_said(done)}")
    stream, at = done.stdout, 0
    for _, relative in blobs:
        end = stream.index(b"\n", at)
        header = stream[at:end].split()
        if len(header) != 3:
            raise MscliError(f"无法读取修订版本中的文件 {relative}（git 仓库可能不完整）")
        size = int(header[2])
        target = dest.joinpath(*PurePosixPath(relative).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(stream[end + 1:end + 1 + size])
        at = end + 1 + size + 1


def materialise(data: Path, ref: str, into: Path) -> Path:
    """Copy the data folder as it was at `ref` into the folder `into`; return the copy."""
    if not data.is_dir():
        raise MscliError(f"数据目录 {data} 不存在（可用 --data 或环境变量 MSCLI_DATA 指定）")
    top, prefix = _locate(data.resolve())
    commit = _commit(top, ref)
    blobs = _blobs(top, commit, prefix)
    if not blobs:
        raise MscliError(f"修订版本“{ref}”中没有数据目录 {prefix or '（仓库根目录）'}，无法比较")
    root = into / (PurePosixPath(prefix).name or "data")
    root.mkdir(parents=True)
    _write_blobs(top, blobs, root)
    return root


@contextmanager
def data_at(data: Path, ref: str) -> Iterator[Path]:
    """The data folder as it was at `ref`, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="mscli-diff-") as folder:
        yield materialise(data, ref, Path(folder))


# --- definitions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DefinitionChange:
    """A change to the catalogue, the units or the configuration."""

    kind: str
    id: str
    message: str


ROLES = (("responsible", Level.county), ("verifiers", Level.prefecture),
         ("certifiers", Level.prefecture))


def _shown(value: object) -> str:
    if value is None or value == ():
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, int | float):
        return plain(float(value), 4)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return "、".join(_shown(v) for v in value)
    return str(value)


def _fields(old: BaseModel, new: BaseModel, *, skip: Iterable[str] = ()
            ) -> Iterator[tuple[str, str, Any, Any]]:
    """(field, Chinese title, old value, new value) of every field that differs."""
    for name, info in type(new).model_fields.items():
        before, after = getattr(old, name, None), getattr(new, name, None)
        if name not in skip and before != after:
            yield name, info.title or name, before, after


def _resolved(
    catalogue: Catalogue, refs: Iterable[str], level: Level
) -> tuple[tuple[str, ...], str]:
    """The units' ids (a name that finds none stays as written) and their names, for display.

    Compared by id, so that renaming a unit or writing an alias is not a change of units.
    """
    found = [(catalogue.index.resolve(ref, level), ref) for ref in refs]
    ids = tuple(unit.id if unit else ref for unit, ref in found)
    return ids, "、".join(unit.name if unit else ref for unit, ref in found) or "（无）"


def _units(old: Catalogue, new: Catalogue) -> Iterator[DefinitionChange]:
    before, after = old.index.by_id, new.index.by_id
    for key, unit in after.items():
        if key not in before:
            yield DefinitionChange("unit-added", key,
                                   f"新增单位：{unit.name}（{key}，{unit.level.label}）")
    for key, unit in before.items():
        if key not in after:
            yield DefinitionChange("unit-removed", key, f"删除单位：{unit.name}（{key}）")
    for key, unit in after.items():
        if key not in before:
            continue
        for name, title, a, b in _fields(before[key], unit, skip={"id"}):
            if name == "name":
                yield DefinitionChange("unit-renamed", key, f"单位 {key} 更名：{a} → {b}")
            else:
                yield DefinitionChange("unit-changed", key, f"单位 {unit.name}（{key}）的{title}："
                                       f"{_shown(a)} → {_shown(b)}")


def _projects(old: Catalogue, new: Catalogue) -> Iterator[DefinitionChange]:
    before = {p.id: p for p in old.projects}
    after = {p.id: p for p in new.projects}
    for key, project in after.items():
        if key not in before:
            yield DefinitionChange("project-added", key, f"新增项目：{project.block.value}"
                                   f"{project.number}. {project.title}（{key}）")
    for key, project in before.items():
        if key not in after:
            yield DefinitionChange("project-removed", key, f"删除项目：{project.title}（{key}）")
    # the lead units are compared per indicator, where they take effect
    skip = {"id", "indicators", "lead", "standards", *(role for role, _ in ROLES)}
    for key, project in after.items():
        was = before.get(key)
        if was is None:
            continue
        for _, title, a, b in _fields(was, project, skip=skip):
            yield DefinitionChange("project-changed", key,
                                   f"项目 {key} 的{title}：{_shown(a)} → {_shown(b)}")
        for role, level in ROLES:
            (ids_a, a), (ids_b, b) = (_resolved(old, getattr(was, role), level),
                                      _resolved(new, getattr(project, role), level))
            if ids_a != ids_b:
                role_title = type(project).model_fields[role].title or role
                yield DefinitionChange("project-changed", key,
                                       f"项目 {key} 的{role_title}：{a} → {b}")
        if was.standards != project.standards:
            yield DefinitionChange("standards", key,
                                   f"项目 {key}（{project.title}）的验收标准有修改")


def _metric_value(metric: Metric, value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and metric.unit:
        return show(float(value), metric.unit, metric.display_unit)
    return _shown(value)


def _metrics(key: str, old: Indicator, new: Indicator) -> Iterator[DefinitionChange]:
    before = {m.id: m for m in old.target.metrics}
    after = {m.id: m for m in new.target.metrics}
    for mid, metric in after.items():
        if mid not in before:
            target = _metric_value(metric, metric.value)
            yield DefinitionChange("metric-added", f"{key}/{mid}",
                                   f"指标 {key} 新增指标项 {mid}（{metric.name}），目标值 {target}")
    for mid, metric in before.items():
        if mid not in after:
            yield DefinitionChange("metric-removed", f"{key}/{mid}",
                                   f"指标 {key} 删除了指标项 {mid}（{metric.name}）")
    for mid, metric in after.items():
        was = before.get(mid)
        if was is None:
            continue
        for name, title, a, b in _fields(was, metric, skip={"id"}):
            if name in ("value", "maximum"):
                a, b = _metric_value(was, a), _metric_value(metric, b)
            yield DefinitionChange("metric-changed", f"{key}/{mid}",
                                   f"指标 {key} 指标项 {mid}（{metric.name}）的{title}："
                                   f"{_shown(a)} → {_shown(b)}")


def _schedule(indicator: Indicator) -> str:
    if indicator.schedule is None:
        return "默认（25/50/75/100）"
    return "/".join(plain(v) for v in indicator.schedule)


def _effective(row: Row, role: str) -> tuple[str, ...]:
    """The indicator's own units in `role`, or its project's when it names none."""
    own: tuple[str, ...] | None = getattr(row.indicator, role)
    return own if own is not None else tuple(getattr(row.project, role))


def _indicator_definitions(old: Catalogue, new: Catalogue) -> Iterator[DefinitionChange]:
    before = {row.indicator.id: row for row in old.rows()}
    after = {row.indicator.id: row for row in new.rows()}
    for key, row in after.items():
        if key not in before:
            yield DefinitionChange("indicator-added", key,
                                   f"新增指标 {key}（{row.project.title}）：{row.indicator.text}"
                                   f"汝州市任务 {row.indicator.target.text}，"
                                   f"牵头单位 {new.lead_name(row)}")
    for key, row in before.items():
        if key not in after:
            yield DefinitionChange("indicator-removed", key,
                                   f"删除指标 {key}：{row.indicator.text}")
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            continue
        a, b = was.indicator, row.indicator
        if was.project.id != row.project.id:
            yield DefinitionChange("indicator-moved", key, f"指标 {key} 从项目“{was.project.title}”"
                                   f"移到“{row.project.title}”")
        if a.text != b.text:
            yield DefinitionChange("indicator-text", key,
                                   f"指标 {key} 的平顶山市指标任务：{a.text} → {b.text}")
        if a.target.text != b.target.text:
            yield DefinitionChange("target-text", key, f"指标 {key} 的汝州市指标任务："
                                   f"{a.target.text} → {b.target.text}")
        yield from _metrics(key, a, b)
        (ids_a, owners_a), (ids_b, owners_b) = (
            _resolved(old, a.target.delegated_to, Level.prefecture),
            _resolved(new, b.target.delegated_to, Level.prefecture))
        if ids_a != ids_b:
            text = (f"改为由{owners_b}统一安排实施" if not ids_a else
                    f"不再由上级实施（原为{owners_a}），由汝州市承担" if not ids_b else
                    f"的上级实施单位：{owners_a} → {owners_b}")
            yield DefinitionChange("delegation", key, f"指标 {key} {text}")
        (ids_a, leads_a), (ids_b, leads_b) = (_resolved(old, was.lead_refs, Level.county),
                                              _resolved(new, row.lead_refs, Level.county))
        if ids_a != ids_b:
            yield DefinitionChange("lead", key, f"指标 {key} 的牵头单位：{leads_a} → {leads_b}")
        for role, level in ROLES:
            if getattr(a, role) is None and getattr(b, role) is None:
                continue  # both follow their project, compared there
            (ids_a, names_a), (ids_b, names_b) = (_resolved(old, _effective(was, role), level),
                                                  _resolved(new, _effective(row, role), level))
            if ids_a != ids_b:
                title = type(b).model_fields[role].title
                yield DefinitionChange("indicator-units", key,
                                       f"指标 {key} 的{title}：{names_a} → {names_b}")
        if a.schedule != b.schedule:
            yield DefinitionChange("schedule", key,
                                   f"指标 {key} 的时序进度：{_schedule(a)} → {_schedule(b)}")


def _config(old: Config, new: Config) -> Iterator[DefinitionChange]:
    for section, info in type(new).model_fields.items():
        a, b = getattr(old, section), getattr(new, section)
        if isinstance(a, BaseModel) and isinstance(b, BaseModel):
            for name, title, x, y in _fields(a, b):
                yield DefinitionChange("config", f"{section}.{name}",
                                       f"配置“{info.title}”的{title}（{section}.{name}）："
                                       f"{_shown(x)} → {_shown(y)}")
        elif a != b:
            yield DefinitionChange("config", section, f"配置“{info.title or section}”"
                                   f"（{section}）：{_shown(a)} → {_shown(b)}")


def definition_changes(old: Dataset, new: Dataset) -> Iterator[DefinitionChange]:
    """Programme, units, projects, indicators and configuration, in that order."""
    for name, title, a, b in _fields(old.catalogue.programme, new.catalogue.programme):
        yield DefinitionChange("programme", name, f"年度计划的{title}：{_shown(a)} → {_shown(b)}")
    yield from _units(old.catalogue, new.catalogue)
    yield from _projects(old.catalogue, new.catalogue)
    yield from _indicator_definitions(old.catalogue, new.catalogue)
    yield from _config(old.config, new.config)


# --- the comparison ------------------------------------------------------------------------------


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
    def completion_old(self) -> float | None:
        return self.old.completion if self.old else None

    @property
    def completion_new(self) -> float | None:
        return self.new.completion if self.new else None

    @property
    def status_old(self) -> Status | None:
        return self.old.status if self.old else None

    @property
    def status_new(self) -> Status | None:
        return self.new.status if self.new else None


@dataclass(frozen=True)
class ReportChange:
    """A report added (新报送) or removed, its date or its wording changed."""

    kind: str  # added / removed / submitted / text
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


def _indicator(old: IndicatorResult | None, new: IndicatorResult | None) -> IndicatorChange | None:
    """The indicator's change, or None when a reader of the status table would see none."""
    olds = {m.id: m for m in old.metrics} if old else {}
    news = {m.id: m for m in new.metrics} if new else {}
    metrics = tuple(
        MetricChange(key, (news.get(key) or olds[key]).name, olds.get(key), news.get(key))
        for key in [*news, *(k for k in olds if k not in news)]
    )
    one = old or new
    assert one is not None
    change = IndicatorChange(one.id, old, new, metrics)
    if old is None or new is None:
        # an indicator added or removed is a definition change; here only when it carried values
        return change if any(m.actual is not None for m in one.metrics) else None
    moved = (any(m.changed for m in metrics) or _differ(old.completion, new.completion)
             or old.status is not new.status)
    return change if moved else None


def _narrative(entry: IndicatorReport | None) -> object:
    return entry.model_dump(exclude={"values"}) if entry else None


def _reports(old: Dataset, new: Dataset, old_sum: QuarterSummary, new_sum: QuarterSummary,
             ) -> Iterator[ReportChange]:
    key = (new_sum.year, new_sum.quarter)
    before = {r.unit_id: r for r in old.reports if (r.year, r.quarter) == key}
    after = {r.unit_id: r for r in new.reports if (r.year, r.quarter) == key}
    timely_old = {u.id: u.timeliness for u in old_sum.units}
    timely_new = {u.id: u.timeliness for u in new_sum.units}
    for unit_id in sorted(before.keys() | after.keys()):
        unit = new.catalogue.index.by_id.get(unit_id) or old.catalogue.index.by_id.get(unit_id)
        name = unit.name if unit else unit_id
        was: Report | None = before.get(unit_id)
        now: Report | None = after.get(unit_id)
        if was is None and now is not None:
            when = now.data.submitted.isoformat()
            yield ReportChange("added", unit_id, name,
                               f"新报送：{name}（{unit_id}.yaml，报送日期 {when}）")
            continue
        if now is None:
            yield ReportChange("removed", unit_id, name, f"删除报送：{name}（{unit_id}.yaml）")
            continue
        assert was is not None
        if was.data.submitted != now.data.submitted:
            before_t, after_t = timely_old.get(unit_id), timely_new.get(unit_id)
            extra = (f"，{before_t.value} → {after_t.value}"
                     if before_t and after_t and before_t is not after_t else "")
            yield ReportChange("submitted", unit_id, name,
                               f"{name}的报送日期：{was.data.submitted.isoformat()} → "
                               f"{now.data.submitted.isoformat()}{extra}")
        ids = sorted(
            i for i in was.data.indicators.keys() | now.data.indicators.keys()
            if _narrative(was.data.indicators.get(i)) != _narrative(now.data.indicators.get(i))
        )
        if ids:
            yield ReportChange("text", unit_id, name,
                               f"{name}修改了进展情况等文字：{'、'.join(ids)}")


def _summary(dataset: Dataset, year: int, quarter: int) -> QuarterSummary:
    return summarize(dataset.catalogue, list(dataset.reports), quarter=quarter, year=year,
                     rules=dataset.config.status)


def _quarter(old: Dataset, new: Dataset, year: int, quarter: int) -> QuarterChanges:
    before, after = _summary(old, year, quarter), _summary(new, year, quarter)
    olds = {r.id: r for r in before.indicators}
    news = {r.id: r for r in after.indicators}
    order = [*news, *(key for key in olds if key not in news)]
    found = (_indicator(olds.get(key), news.get(key)) for key in order)
    return QuarterChanges(year, quarter, tuple(c for c in found if c is not None),
                          tuple(_reports(old, new, before, after)))


def compare(old: Dataset, new: Dataset, *, base: str, notes: Iterable[str] = ()) -> DataDiff:
    """Every quarter reported on either side, and the definitions, old against new."""
    quarters = sorted({(r.year, r.quarter) for r in (*old.reports, *new.reports)})
    found = (_quarter(old, new, year, quarter) for year, quarter in quarters)
    return DataDiff(base, tuple(q for q in found if q.indicators or q.reports),
                    tuple(definition_changes(old, new)), tuple(notes))


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
    return compare(old, new, base=base, notes=notes)
