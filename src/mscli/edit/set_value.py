"""Changing progress files safely: edit one value in place, check the whole folder, then write.

A file is edited with ruamel.yaml's round-trip mode, so its comments, key order, quotes and blank
lines survive; only the value asked for changes. Before anything is written, the edited text is
checked together with every other file by `dataset.check_dataset`, as `mscli validate` would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from mscli.catalogue.load import Catalogue, Row
from mscli.catalogue.models import TASK_STAGE, Metric, MetricKind, Unit
from mscli.catalogue.names import find_indicator, find_metric, find_target, find_unit
from mscli.problems import MscliError, Problem, display_path
from mscli.progress.notes import settle
from mscli.progress.reports import report_path
from mscli.quantities import show, to_base, written_date
from mscli.suggestions import hint
from mscli.yamlio.load import read_limited
from mscli.yamlio.source import MAX_BYTES
from mscli.yamlio.write import INDENTS, dump, round_trip_yaml
from mscli.years.dataset import Dataset, Draft, check_dataset

_NUMBER = re.compile(r"^[+-]?(?:0|[1-9]\d{0,17})(?:\.\d{1,12})?$")
"""A plain number as people type one; longer runs of digits are text, refused by the checks."""


class EditError(MscliError):
    """The edit cannot be made (unknown indicator, missing file…); nothing was written."""


def typed_value(text: str) -> int | float | str:
    """The value as the user typed it: a plain number stays a number, anything else is text."""
    text = text.strip()
    if _NUMBER.match(text):
        value = round_trip_yaml().load(text)  # keeps "1.60" as written
        return cast("int | float", value)
    quoted: str = DoubleQuotedScalarString(text)  # written back with its quotes
    return quoted


def shown(raw: Any, metric: Metric) -> str:
    """A reported value in the metric's display unit, or as written when it cannot be read."""
    if raw is None:
        return "（未填写）"
    unit, display = metric.unit, metric.display_unit
    try:
        return show(to_base(raw, unit, display), unit, display)
    except ValueError:
        return f"“{raw}”"


@dataclass(frozen=True)
class Edit:
    """One value changed in one progress file, with the folder's problems after the change."""

    path: Path
    indicator_id: str
    indicator_label: str
    metric: Metric | None
    """None when only texts were written."""
    old: Any
    new: int | float | str | None
    before: str
    after: str
    added: bool
    reformatted: bool
    problems: tuple[Problem, ...]
    submitted: DateChange | None = None
    unit: Unit | None = None
    texts: Mapping[str, tuple[Any, str]] = field(default_factory=dict)
    """Each text written: what the file said before (None: nothing) and now."""
    stage: StageChange | None = None
    """A milestone's stage or a task's completion written, instead of a value."""

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class StageChange:
    """The date a milestone's stage (or a task: `TASK_STAGE`) was reached, before and after (None:
    not reached, as when a date entered by mistake is cleared)."""

    stage: str
    old: dt.date | None
    new: dt.date | None


@dataclass(frozen=True)
class DateChange:
    """The submission date of a progress file, before (None: a draft) and after."""

    old: dt.date | None
    new: dt.date


@dataclass(frozen=True)
class SubmittedEdit:
    """A progress file's submission date filled in (or changed), with the folder's problems after."""

    path: Path
    unit: Unit
    change: DateChange
    before: str
    after: str
    reformatted: bool
    problems: tuple[Problem, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _row(catalogue: Catalogue, indicator: str, metric: str | None) -> tuple[Row, Metric]:
    """The indicator and metric the user's words name (ids, Chinese names or aliases); with no
    metric, `indicator` may name a metric itself, or an indicator that has only one."""
    if metric is None:
        row, chosen = find_target(catalogue, indicator)
    else:
        row, chosen = find_indicator(catalogue, indicator), None
    if row.indicator.target.delegated:
        raise EditError(_delegated(catalogue, row))
    found = chosen or find_metric(row, metric)
    if found.kind.staged:
        where = (
            "stages 下（如 stages: {开工: 2023-04-20}）"
            if found.kind is MetricKind.milestone
            else "done 中（如 done: 2023-08-15）"
        )
        raise EditError(
            f"指标“{row.indicator.label}”是{found.kind.label}，没有数值：达到的阶段和日期写在进度文件的"
            f"{where}，可用 mscli set {row.indicator.id} {_stage_usage(found.kind)} -q 季度 填写，"
            "或用 Excel 填报表填写"
        )
    return row, found


def _delegated(catalogue: Catalogue, row: Row) -> str:
    structure = catalogue.structure
    return (
        f"指标“{row.indicator.label}”由{structure.prefecture}统一安排实施，"
        f"{structure.county}不报送进度"
    )


def _stage_usage(kind: MetricKind) -> str:
    if kind is MetricKind.milestone:
        return "--stage 阶段 --date 日期"
    return "--done 完成日期"


def _unit(catalogue: Catalogue, row: Row, unit: str | None) -> Unit:
    leads = catalogue.lead_units(row)
    names = "、".join(f"{u.name}（{u.id}）" for u in leads) or "（未找到）"
    indicator = row.indicator.id
    if unit is not None:
        chosen = find_unit(catalogue, unit)
        if chosen not in leads:
            raise EditError(f"{chosen.name}不是指标“{indicator}”的牵头单位；牵头单位是{names}")
        return chosen
    if not leads:
        refs = "、".join(row.lead_refs)
        raise EditError(f"指标“{indicator}”的牵头单位“{refs}”不在单位名录中")
    if len(leads) > 1:
        raise EditError(
            f"指标“{indicator}”有多个牵头单位：{names}；请用 --unit 指定写入哪个单位的文件"
        )
    return leads[0]


def _mapping(parent: CommentedMap, key: str, where: str, *, first: bool = False) -> CommentedMap:
    """The mapping under `key`, created when absent or empty; an error when it is something else."""
    value = parent.get(key)
    if value is None:
        value = CommentedMap()
        if first:
            parent.insert(0, key, value)
        else:
            parent[key] = value
    if not isinstance(value, CommentedMap):
        raise EditError(f"{where} 中“{key}”应为“键: 值”的映射，请先修正（mscli validate 可查看）")
    if value.fa.flow_style():
        value.fa.set_block_style()
    return value


def _eol_comment(mapping: CommentedMap, key: str) -> str | None:
    """The comment at the end of `key`'s line, if any."""
    tokens = mapping.ca.items.get(key)
    token = tokens[2] if tokens and len(tokens) > 2 else None
    if token is None or not str(token.value).startswith("#"):
        return None
    return str(token.value).split("\n", 1)[0].rstrip()


def _space_comment(before: str, after: str, line: int, comment: str | None) -> str:
    """Keep the spaces between a changed value and its end-of-line comment as they were.

    ruamel.yaml keeps the comment's column instead, so a longer value leaves one space before it
    (yamllint wants two) and a shorter one a wide gap.
    """
    old, new = before.split("\n"), after.split("\n")
    if comment is None or line >= min(len(old), len(new)):
        return after
    if not (old[line].endswith(comment) and new[line].endswith(comment)):
        return after
    old_head, new_head = old[line][: -len(comment)], new[line][: -len(comment)]
    gap = len(old_head) - len(old_head.rstrip())
    new[line] = f"{new_head.rstrip()}{' ' * max(gap, 1)}{comment}"
    return "\n".join(new)


def _load(path: Path, text: str) -> tuple[YAML, CommentedMap, bool]:
    """The document, with the first indentation that reproduces the file exactly (if any does)."""
    try:
        document = round_trip_yaml().load(text)
    except YAMLError as exc:
        raise EditError(
            f"无法读取 {path}：YAML 语法有误，请先运行 mscli validate 查看并修正"
        ) from exc
    if not isinstance(document, CommentedMap):
        raise EditError(f"{path} 的顶层应是“键: 值”的映射，请先运行 mscli validate 查看并修正")
    for indent in INDENTS:
        yaml = round_trip_yaml(indent)
        if dump(yaml, document) == text:
            return yaml, document, False
    return round_trip_yaml(), document, True


@dataclass(frozen=True)
class _Text:
    """A file's text as read, and what is needed to write it back the same way."""

    original: str
    before: str
    bom: str
    crlf: bool

    def restore(self, text: str) -> str:
        return self.bom + (text.replace("\n", "\r\n") if self.crlf else text)


def _read(path: Path) -> _Text:
    raw = read_limited(path)  # a file too big to check is refused unread, as by the loader
    if len(raw) > MAX_BYTES:
        raise EditError(
            f"{path} 超过 {MAX_BYTES} 字节，无法修改；请先运行 mscli validate 查看并修正"
        )
    try:
        original = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EditError(f"{path} 不是 UTF-8 编码，请先运行 mscli validate 查看并修正") from exc
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    return _Text(original, original.replace("\r\n", "\n"), bom, "\r\n" in original)


def _progress_path(dataset: Dataset, lead: Unit, year: int, quarter: int) -> Path:
    path = report_path(dataset.root, year, quarter, lead.id)
    if not path.is_file():
        hint = f"mscli new-quarter --quarter {quarter}"
        if year != dataset.catalogue.programme.year:
            hint += f" --year {year}"
        raise EditError(
            f"{lead.name}{year}年第{quarter}季度的进度文件 {path} 不存在；请先运行 {hint} 生成"
        )
    return path


DRAFT_NOTE = "留空即为草稿"
"""Part of the comment new-quarter puts beside an empty date; untrue once a date is filled in."""


def _written_day(value: Any) -> Any:
    """A date YAML left as text (2023-9-20, 2023/9/20) as the date it names; anything else as it is."""
    if isinstance(value, str):
        try:
            return written_date(value) or value
        except ValueError:
            return value
    return value


def _fill_date(document: CommentedMap, day: dt.date) -> tuple[DateChange, int | None, str | None]:
    """Set `submitted`; the line it stands on (to tidy after dumping) and the comment to keep."""
    old = _written_day(document.get("submitted"))
    if old is not None and not isinstance(old, dt.date):
        raise EditError("报送日期（submitted）不是有效的日期，请先运行 mscli validate 查看并修正")
    line = document.lc.key("submitted")[0] if "submitted" in document else None
    comment = _eol_comment(document, "submitted")
    if comment is not None and DRAFT_NOTE in comment:
        comment = "# 报送日期"
    if "submitted" in document:
        document["submitted"] = day
    else:
        document.insert(0, "submitted", day)
    return DateChange(old, day), line, comment


def _date_line(text: str, line: int | None, day: dt.date, comment: str | None) -> str:
    """Write the date's line as new-quarter does: `submitted: 2023-09-20  # 报送日期`."""
    if line is None:
        return text
    lines = text.split("\n")
    if line < len(lines) and lines[line].startswith("submitted:"):
        lines[line] = f"submitted: {day.isoformat()}" + (f"  {comment}" if comment else "")
    return "\n".join(lines)


def set_value(
    dataset: Dataset,
    *,
    indicator: str,
    metric: str | None,
    value: str | None,
    quarter: int,
    year: int | None = None,
    unit: str | None = None,
    submitted: dt.date | None = None,
    texts: Mapping[str, str] | None = None,
) -> Edit:
    """Change one value (and/or the indicator's texts: progress, issues, next_steps) in the lead
    unit's file for the quarter, in memory, and check the result; with `submitted`, fill in the
    submission date in the same edit. What the draft's comments asked for is then no longer
    asked (`progress.notes.settle`); a value typed as text ("60万") is written as the file writes
    numbers (60, in the display unit) when that reads back the same.

    Raises EditError when the edit cannot be made; nothing is written here.
    """
    catalogue = dataset.catalogue
    texts = dict(texts or {})
    if value is None:  # texts only: the indicator's words, no metric
        row, chosen = find_indicator(catalogue, indicator), None
        if row.indicator.target.delegated:
            raise EditError(_delegated(catalogue, row))
    else:
        row, chosen = _row(catalogue, indicator, metric)
    indicator_id = row.indicator.id
    lead = _unit(catalogue, row, unit)
    year = year or catalogue.programme.year
    path = _progress_path(dataset, lead, year, quarter)
    text = _read(path)
    yaml, document, reformatted = _load(path, text.before)

    indicators = _mapping(document, "indicators", str(path))
    added = indicator_id not in indicators
    entry = _mapping(indicators, indicator_id, str(path))
    values = _mapping(entry, "values", str(path), first=True)
    old: Any = None
    new: int | float | str | None = None
    line = None
    if chosen is not None and value is not None:
        old = values.get(chosen.id)
        new = _in_convention(typed_value(value), old, chosen)
        added = added or chosen.id not in values
        line = values.lc.key(chosen.id)[0] if chosen.id in values else None
        values[chosen.id] = new
    spaced = None
    if line is not None and chosen is not None:
        spaced = (line, _eol_comment(values, chosen.id))
    return _finish(
        dataset,
        Edit(
            path=path,
            indicator_id=indicator_id,
            indicator_label=row.indicator.label,
            metric=chosen,
            old=old,
            new=new,
            unit=lead,
            before=text.bom + text.original,
            after="",
            added=added,
            reformatted=reformatted,
            problems=(),
        ),
        text,
        yaml,
        document,
        entry,
        year=year,
        quarter=quarter,
        texts=texts,
        submitted=submitted,
        spaced=spaced,
    )


def _finish(
    dataset: Dataset,
    edit: Edit,
    text: _Text,
    yaml: YAML,
    document: CommentedMap,
    entry: CommentedMap,
    *,
    year: int,
    quarter: int,
    texts: Mapping[str, str],
    submitted: dt.date | None,
    spaced: tuple[int, str | None] | None = None,
) -> Edit:
    """What set_value and set_stage share once the indicator's entry is changed: the texts and the
    submission date written, the document dumped and tidied (`spaced`: the changed value's line
    and comment), the notes settled, and the folder checked with the file as it would be."""
    old_texts = {key: entry.get(key) for key in texts}
    for key, words in texts.items():
        entry[key] = _text_scalar(words)
    date = _fill_date(document, submitted) if submitted else None
    after = dump(yaml, document)
    if spaced is not None:
        after = _space_comment(text.before, after, *spaced)
    if date is not None and submitted is not None:
        after = _date_line(after, date[1], submitted, date[2])
    metrics = [edit.metric.id] if edit.metric is not None else []
    after = text.restore(settle(after, {edit.indicator_id: (metrics, list(texts))}))
    return replace(
        edit,
        texts={k: (old_texts[k], v) for k, v in texts.items()},
        after=after,
        problems=tuple(check_dataset(dataset, [Draft(edit.path, year, quarter, after)])),
        submitted=date[0] if date else None,
    )


def _staged(
    catalogue: Catalogue, indicator: str, stage: str | None, *, clearing: bool = False
) -> tuple[Row, Metric, str]:
    """The milestone (with `stage`) or task (`stage` None) the user's words name, and the stage
    named as the catalogue writes it; refused with the way to write what the indicator is."""
    row, chosen = find_target(catalogue, indicator)
    label = row.indicator.label
    if row.indicator.target.delegated:
        raise EditError(_delegated(catalogue, row))
    metric = chosen or next((m for m in row.indicator.target.metrics if m.kind.staged), None)
    if metric is None or not metric.kind.staged:
        raise EditError(
            f"指标“{label}”是数量指标，没有阶段和完成日期：请写数值，如 mscli set "
            f"{row.indicator.id} 数值 -q 季度"
        )
    if stage is None:
        if metric.kind is MetricKind.milestone:
            way = "--clear" if clearing else "--date 日期"
            raise EditError(
                f"指标“{label}”是节点事项，{'清除时要写阶段' if clearing else '不用 --done'}："
                f"请写{'要清除的阶段' if clearing else '达到的阶段和日期'}，如 mscli set "
                f"{row.indicator.id} --stage {metric.stages[0]} {way} -q 季度"
                f"（阶段：{'、'.join(metric.stages)}）"
            )
        return row, metric, TASK_STAGE
    if metric.kind is MetricKind.task:
        way = (
            "清除完成日期时不写 --stage，如 mscli set {} --clear"
            if clearing
            else "完成后写完成日期，如 mscli set {} --done 日期"
        )
        raise EditError(
            f"指标“{label}”是工作任务，没有阶段：{way.format(row.indicator.id)} -q 季度"
        )
    name = stage.strip()
    if name not in metric.stages:
        raise EditError(
            f"指标“{label}”没有阶段“{name}”。{hint(name, metric.stages, n=1)}"
            f"可填：{'、'.join(metric.stages)}"
        )
    return row, metric, name


def _block_lines(lines: list[str], indicator_id: str) -> range:
    """The line numbers of `indicator_id`'s block under `indicators:` (as new-quarter writes it,
    two spaces in); empty when the file has no such block."""
    start: int | None = None
    in_indicators = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        depth = len(line) - len(line.lstrip(" "))
        if not stripped or stripped.startswith("#") or depth > 2:
            continue
        if start is not None:
            return range(start, number)
        if depth == 0:
            in_indicators = stripped.startswith("indicators:")
        elif in_indicators and stripped.split(":", 1)[0].strip("'\"") == indicator_id:
            start = number + 1
    return range(start, len(lines)) if start is not None else range(0)


def _fill_in_place(text: str, indicator_id: str, stage: str, day: dt.date) -> str | None:
    """`text` with the stage's date written on its own line, as a clerk would: a draft's
    commented-out `# 主体完工: 达到后…` line, a stage's date already there, or a task's `done:`
    line (its comment kept, less what it asked for). None when there is no such line (a flow
    mapping, an indicator not in the file): the document is then edited instead."""
    from mscli.progress.notes import DONE_INSTRUCTION

    lines = text.split("\n")
    block = _block_lines(lines, indicator_id)
    stages_depth: int | None = None
    for number in block:
        line = lines[number]
        stripped = line.strip()
        depth = len(line) - len(line.lstrip(" "))
        indent = " " * depth
        key, colon, rest = stripped.lstrip("#").strip().partition(":")
        if not colon:
            continue
        value, hash_, note = rest.partition(" #")
        comment = f"  #{note}" if hash_ else ""
        if depth == 4 and not stripped.startswith("#"):
            stages_depth = depth if key == "stages" and not value.strip() else None
            if stage == TASK_STAGE and key == "done":
                comment = comment.replace(DONE_INSTRUCTION, "")
                lines[number] = f"{indent}done: {day.isoformat()}{comment}"
                return "\n".join(lines)
            continue
        if stages_depth is None or depth <= stages_depth or key.strip() != stage:
            continue
        if stripped.startswith("#"):
            from mscli.progress.notes import STAGE_PLACEHOLDER

            if value.strip() != STAGE_PLACEHOLDER:
                continue
            comment = ""
        lines[number] = f"{indent}{stage}: {day.isoformat()}{comment}"
        return "\n".join(lines)
    return None


def _write_stage(
    entry: CommentedMap, metric: Metric, stage: str, day: dt.date | None, where: str
) -> None:
    """The stage's date (a task's `done`) set in the document, in the catalogue's order; with no
    day, the stage's line (a task's `done`) removed, and `stages` with it when none is left."""
    if day is None:
        key, holder = ("done", entry) if stage == TASK_STAGE else (stage, entry.get("stages"))
        if isinstance(holder, CommentedMap) and key in holder:
            del holder[key]
            if holder is not entry and not holder:
                del entry["stages"]
        return
    if stage == TASK_STAGE:
        if "done" in entry:
            entry["done"] = day
        else:
            entry.insert(0, "done", day)
        return
    stages = entry.get("stages")
    if stages is None:
        stages = CommentedMap()
        if "stages" in entry:
            entry["stages"] = stages
        else:
            entry.insert(0, "stages", stages)
    if not isinstance(stages, CommentedMap):
        raise EditError(
            f"{where} 中“stages”应为“阶段: 日期”的映射，请先修正（mscli validate 可查看）"
        )
    if stage in stages:
        stages[stage] = day
        return
    order = list(metric.stages)
    before = sum(1 for k in stages if k in order and order.index(k) < order.index(stage))
    stages.insert(before, stage, day)


def set_stage(
    dataset: Dataset,
    *,
    indicator: str,
    stage: str | None,
    day: dt.date | None,
    quarter: int,
    year: int | None = None,
    unit: str | None = None,
    submitted: dt.date | None = None,
    texts: Mapping[str, str] | None = None,
) -> Edit:
    """Write the date a milestone reached `stage` (a task, `stage` None: the date it was done) in
    the lead unit's file for the quarter, in memory, and check the result as `set_value` does: a
    stage the catalogue does not know is refused here, a date after the quarter's end or a stage
    skipped is among the problems returned. Comments and layout are kept; a draft's commented-out
    line for the stage becomes the stage's line. With `day` None the stage (the task's date) is
    cleared: refused when the file has none, a later stage left without it is among the problems."""
    catalogue = dataset.catalogue
    texts = dict(texts or {})
    row, metric, name = _staged(catalogue, indicator, stage, clearing=day is None)
    indicator_id = row.indicator.id
    lead = _unit(catalogue, row, unit)
    year = year or catalogue.programme.year
    path = _progress_path(dataset, lead, year, quarter)
    text = _read(path)
    yaml, document, reformatted = _load(path, text.before)
    indicators = _mapping(document, "indicators", str(path))
    added = indicator_id not in indicators
    entry = _mapping(indicators, indicator_id, str(path))
    reached = entry.get("done") if name == TASK_STAGE else (entry.get("stages") or {})
    if name != TASK_STAGE and not isinstance(reached, Mapping):
        raise EditError(
            f"{path} 中“stages”应为“阶段: 日期”的映射，请先修正（mscli validate 可查看）"
        )
    old = reached.get(name) if isinstance(reached, Mapping) else reached
    if day is None and old is None:
        what = "完成日期" if name == TASK_STAGE else f"达到“{name}”的日期"
        raise EditError(f"{path} 中{row.indicator.label}没有填写{what}，无需清除")
    filled = (
        None if reformatted or day is None else _fill_in_place(text.before, indicator_id, name, day)
    )
    if filled is not None:
        yaml, document, _ = _load(path, filled)
        entry = document["indicators"][indicator_id]
    else:
        _write_stage(entry, metric, name, day, str(path))
    return _finish(
        dataset,
        Edit(
            path=path,
            indicator_id=indicator_id,
            indicator_label=row.indicator.label,
            metric=None,
            old=None,
            new=None,
            unit=lead,
            before=text.bom + text.original,
            after="",
            added=added,
            reformatted=reformatted,
            problems=(),
            stage=StageChange(
                name, was if isinstance(was := _written_day(old), dt.date) else None, day
            ),
        ),
        text,
        yaml,
        document,
        entry,
        year=year,
        quarter=quarter,
        texts=texts,
        submitted=submitted,
    )


def _in_convention(new: int | float | str, old: Any, metric: Metric) -> int | float | str:
    """A value typed as text ("60万") in the file's own convention: a plain number in the display
    unit (60), when the value it replaces is not itself written as such text and the number reads
    back exactly; otherwise as typed."""
    try:
        base = to_base(new, metric.unit, metric.display_unit)
    except ValueError as exc:
        raise EditError(str(exc)) from exc
    if not isinstance(new, str) or isinstance(old, str):
        return new
    from mscli.progress.new_quarter import display_text

    written = display_text(new, base, metric)
    if written.startswith('"'):
        return new
    number = typed_value(written)
    return number if isinstance(number, int | float) else new


def _text_scalar(words: str) -> str:
    from ruamel.yaml.scalarstring import LiteralScalarString

    words = words.strip()
    if not words:
        raise EditError("文字不能为空；不填写的项请不要给出")
    literal: str = LiteralScalarString(words) if "\n" in words else words
    return literal


def set_submitted(
    dataset: Dataset,
    *,
    unit: str,
    day: dt.date,
    quarter: int,
    year: int | None = None,
) -> SubmittedEdit:
    """Fill in (or change) the submission date of a unit's file for the quarter: from then on the
    file is a report, no longer a draft. Comments and layout are kept; nothing is written here."""
    catalogue = dataset.catalogue
    lead = find_unit(catalogue, unit)
    year = year or catalogue.programme.year
    path = _progress_path(dataset, lead, year, quarter)
    text = _read(path)
    yaml, document, reformatted = _load(path, text.before)
    change, line, comment = _fill_date(document, day)
    after = text.restore(_date_line(dump(yaml, document), line, day, comment))
    draft = Draft(path, year, quarter, after)
    return SubmittedEdit(
        path=path,
        unit=lead,
        change=change,
        before=text.bom + text.original,
        after=after,
        reformatted=reformatted,
        problems=tuple(check_dataset(dataset, [draft])),
    )


def problems_in(problems: Sequence[Problem], path: Path, root: Path) -> list[Problem]:
    name = display_path(path, root)
    return [p for p in problems if p.file == name]


def update_report(
    path: Path,
    *,
    submitted: dt.date,
    contact: str | None,
    indicators: Mapping[str, tuple[Mapping[str, float | int], Mapping[str, str]]],
    stages: Mapping[str, Mapping[str, dt.date] | dt.date | None] | None = None,
) -> str:
    """The file at `path` with a report filled in: the date, the contact, each indicator's values
    and texts (by key; a text left out stays as it was). Everything else in the file (evidence,
    comments, other keys) is kept. Raises EditError when the file cannot be edited."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    text = _read(path)
    yaml, document, _ = _load(path, text.before)
    _, date_line, comment = _fill_date(document, submitted)
    if contact:
        if "contact" in document:
            document["contact"] = contact
        else:
            document.insert(1, "contact", contact)
    lines: list[tuple[int, str | None]] = []
    entries = _mapping(document, "indicators", str(path))
    for indicator_id, (values, texts) in indicators.items():
        entry = _mapping(entries, indicator_id, str(path))
        if stages is not None and indicator_id in stages:
            reached = stages[indicator_id]  # a milestone's stages, a task's date (None: not done)
            if isinstance(reached, Mapping):
                entry["stages"] = dict(reached) if reached else None
            else:
                entry["done"] = reached
            for key, words in texts.items():
                entry[key] = LiteralScalarString(words) if "\n" in words else words
            continue
        numbers = _mapping(entry, "values", str(path), first=True)
        for metric_id, value in values.items():
            if metric_id in numbers:
                lines.append((numbers.lc.key(metric_id)[0], _eol_comment(numbers, metric_id)))
            numbers[metric_id] = value
        for key, words in texts.items():
            entry[key] = LiteralScalarString(words) if "\n" in words else words
    after = dump(yaml, document)
    for line, note in lines:
        after = _space_comment(text.before, after, line, note)
    after = _date_line(after, date_line, submitted, comment)
    written = {key: (list(values), list(texts)) for key, (values, texts) in indicators.items()}
    return text.restore(settle(after, written))
