"""`mscli new-year`: keep the finished year, start the next one from its catalogue as a draft.

The finished year's indicators.yaml, units.yaml and config.yaml are copied unchanged (only the
schema comment on the first line follows the new place) to data/archive/<year>/, where every
command reads them with `--year`. Its progress files and acceptance records are keyed by year
already and stay. The new data/indicators.yaml keeps the projects, indicators, metrics, units and
acceptance criteria as a starting point; what the new circular decides (its number, date, title,
each indicator's texts and Ruzhou's targets) is written as 待填, with last year's value as a
comment, and `validate` reports each one until it is filled. The new config.yaml drops last
year's circular numbers and dates. Nothing is written here: the CLI writes the plan.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mscli.buffers import read_head
from mscli.catalogue.config import CONFIG_FILE
from mscli.catalogue.load import INDICATORS_FILE, UNITS_FILE
from mscli.catalogue.placeholders import PLACEHOLDER, count_unfilled
from mscli.plans.records import PLANS_DIR
from mscli.problems import MscliError, Problem, Severity
from mscli.yamlio.modeline import MARKER, schema_comment
from mscli.yamlio.source import CATALOGUE_MAX_BYTES, CATALOGUE_VALUES, parse_yaml
from mscli.yamlio.write import dump, round_trip_yaml
from mscli.years.kept import archive_dir

_PROGRAMME_FIELDS = ("document", "issued", "title", "basis")


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    text: str


@dataclass(frozen=True)
class YearPlan:
    finished: int
    year: int
    kept: tuple[PlannedFile, ...]
    """The finished year's files, as they go to data/archive/<finished>/ (none exists yet)."""
    draft: tuple[PlannedFile, ...]
    """The new year's files, replacing those in the data folder."""
    unfilled: int
    """How many values the draft marks 待填."""
    carried: int = 0
    """How many values the draft carries over, marked 沿用 (new-year --keep-values)."""
    plans: tuple[PlannedFile, ...] = ()
    """The finished year's plans (落实方案) carried to the new year as drafts, dates moved."""


def _with_schema_line(text: str, line: str | None) -> str:
    """`text` with its first-line schema comment pointing where `line` says."""
    if line is None or not text.startswith(MARKER):
        return text
    return line + text[text.index("\n") :] if "\n" in text else line + "\n"


def _header(text: str, note: str) -> str:
    """`text` with its opening comment block (after the schema line) replaced by `note`."""
    lines = text.splitlines(keepends=True)
    schema = lines[:1] if lines and lines[0].startswith(MARKER) else []
    rest = lines[len(schema) :]
    while rest and rest[0].startswith("#"):
        rest.pop(0)
    return "".join([*schema, *(f"# {line}\n" for line in note.splitlines()), *rest])


def _mark(mapping: Any, key: str, finished: int) -> bool:
    """Replace mapping[key] with 待填, last year's value kept as a comment; False when absent."""
    if key not in mapping or mapping[key] is None:
        return False
    old = mapping[key]
    shown = " ".join((old.isoformat() if hasattr(old, "isoformat") else str(old)).split())
    mapping[key] = PLACEHOLDER
    mapping.yaml_add_eol_comment(f"{finished}年：{shown}", key)
    return True


def carried_note(finished: int) -> str:
    """The comment `new-year --keep-values` leaves beside each value it carries over."""
    return f"{CARRIED}{finished}年的值，新文件不同时改写，核对后删去本注释"


CARRIED = "沿用"


def _keep(mapping: Any, key: str, finished: int) -> bool:
    """Keep mapping[key] as it was, marked as carried over; False when absent."""
    if key not in mapping or mapping[key] is None:
        return False
    mapping.yaml_add_eol_comment(carried_note(finished), key)
    return True


def _programme(document: Any) -> Iterator[tuple[Any, str]]:
    programme = document.get("programme") or {}
    for key in _PROGRAMME_FIELDS:
        yield programme, key


def _targets(document: Any) -> Iterator[tuple[Any, str]]:
    """Every (mapping, key) a new circular decides, in file order."""
    yield from _programme(document)
    yield from _indicator_values(document)


def _indicator_values(document: Any) -> Iterator[tuple[Any, str]]:
    for project in document.get("projects") or ():
        for indicator in project.get("indicators") or ():
            yield indicator, "text"
            target = indicator.get("target") or {}
            yield target, "text"
            for metric in target.get("metrics") or ():
                yield metric, "value"
                yield metric, "maximum"


def draft_indicators(
    text: str, *, finished: int, year: int, keep_values: bool = False
) -> tuple[str, int, int]:
    """The new year's indicators.yaml from the finished year's, how many values are 待填 and how
    many are carried over. With `keep_values`, each indicator's texts and targets stay as they
    were, each marked “沿用<year>年的值” (validate counts those still marked); only the circular's
    own number, date, title and basis are 待填."""
    yaml = round_trip_yaml()
    document = yaml.load(text)
    document["programme"]["year"] = year
    if keep_values:
        marked = sum(_mark(mapping, key, finished) for mapping, key in _programme(document))
        kept = sum(_keep(mapping, key, finished) for mapping, key in _indicator_values(document))
    else:
        marked = sum(_mark(mapping, key, finished) for mapping, key in _targets(document))
        kept = 0
    note = (
        f"{year}年重点民生实事指标目录（草稿）：由 mscli new-year 从 {finished} 年的目录生成。\n"
        f"项目、指标、指标项、单位和验收标准沿用 {finished} 年的，作为起点；标为“待填”的文号、"
        f"日期、标题、指标任务原文和目标值\n"
        f"请按 {year} 年的文件填写（行尾注释是 {finished} 年的值，填写后可删去），并核对其余内容。"
        f"\nmscli validate 会列出每个尚未填写的值。{finished} 年的目录保存在 archive/{finished}/。"
    )
    if keep_values:
        note = (
            f"{year}年重点民生实事指标目录（草稿）：由 mscli new-year --keep-values 从 {finished} 年的"
            "目录生成。\n"
            f"文号、日期、标题和依据文件标为“待填”，请按 {year} 年的文件填写（行尾注释是 {finished} 年的值）。\n"
            f"指标任务原文和目标值沿用 {finished} 年的（行尾注释“{CARRIED}{finished}年的值”）：与 {year} 年的"
            "文件相同的，删去注释即可；不同的，改写后删去注释。\n"
            f"mscli validate 会列出每个待填的值和尚未核对的沿用值个数。{finished} 年的目录保存在 "
            f"archive/{finished}/。"
        )
    text = re.sub(f"(?m)^(\\s*\\S+: {PLACEHOLDER}) +#", r"\1  #", dump(yaml, document))
    text = re.sub(f"(?m)^(.*\\S) +(# {CARRIED}{finished}年的值)", r"\1  \2", text)
    return _header(text, note), marked, kept


def draft_config(text: str, *, finished: int, year: int) -> str:
    """The new year's config.yaml: the same settings without last year's circular numbers."""
    yaml = round_trip_yaml()
    document = yaml.load(text)
    if document is None:
        return text
    circular = document.get("circular")
    if circular is not None and "quarters" in circular:
        del circular["quarters"]
        if not circular:
            del document["circular"]
    return dump(yaml, document)


_DATE = re.compile(r"(?m)(\bdate:\s*)(\d{4})([-/])(\d{1,2})\3(\d{1,2})\b")
"""A plan node's date as written (2023-09-20, 2023-9-20 or 2023/9/20; quantities.written_date)."""


def draft_plan(text: str, *, finished: int, year: int) -> str:
    """A plan of `finished` carried to `year`: every node's date moved to the same day of the new
    year (29 February to the 28th) and written 2024-09-20 however it was typed, `draft: true` so
    that it drives no schedule until the unit confirms it, and a note that its values are last
    year's."""

    def moved(match: re.Match[str]) -> str:
        if int(match[2]) != finished:
            return match[0]
        month, day = int(match[4]), int(match[5])
        if (month, day) == (2, 29) and not calendar.isleap(year):
            day = 28
        return f"{match[1]}{year}-{month:02d}-{day:02d}"

    note = (
        f"{year}年落实方案（草稿）：由 mscli new-year 从 {finished} 年的方案生成，节点日期已移到 {year} 年，\n"
        f"节点值、责任领导、责任人和主要措施沿用 {finished} 年的：请按 {year} 年的目标改写，"
        "确定后删去 draft 一行。"
    )
    lines = _DATE.sub(moved, text).splitlines(keepends=True)
    schema = 1 if lines and lines[0].startswith(MARKER) else 0
    lines[schema:schema] = [f"# {line}\n" for line in note.splitlines()]  # last year's notes stay
    at = 0
    while at < len(lines) and lines[at].startswith("#"):
        at += 1
    lines.insert(at, "draft: true  # 草稿：不用于时序进度和节点预警\n")
    return "".join(lines)


def _plans(root: Path, finished: int, year: int) -> list[PlannedFile]:
    folder = root / PLANS_DIR / str(finished)
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        target = root / PLANS_DIR / str(year) / path.name
        if target.exists():
            continue  # never overwritten: the unit has started its new plan already
        text = path.read_text(encoding="utf-8")
        text = _with_schema_line(
            draft_plan(text, finished=finished, year=year), schema_comment(target, root)
        )
        found.append(PlannedFile(target, text))
    return found


def refuse_started(root: Path) -> None:
    """Stop a second `new-year` (one run again, or one that waited for the first's lock) with a
    clear answer: the current year's catalogue is a draft new-year wrote (the year before it is
    kept in archive/) and some of its values are still 待填."""
    path = root / INDICATORS_FILE
    try:
        with path.open("rb") as handle:
            raw = handle.read(CATALOGUE_MAX_BYTES + 1)
    except OSError:
        return  # the loader reports it
    source, _ = parse_yaml(
        raw, file=INDICATORS_FILE, limit=CATALOGUE_VALUES, max_bytes=CATALOGUE_MAX_BYTES
    )
    programme = source.data.get("programme") if source and isinstance(source.data, dict) else None
    year = programme.get("year") if isinstance(programme, dict) else None
    if not isinstance(year, int) or isinstance(year, bool) or source is None:
        return
    kept = archive_dir(root, year - 1)
    left = count_unfilled(source.data)
    if left and kept.is_dir():
        raise MscliError(
            f"{year} 年已经开始：mscli new-year 已运行过（{year - 1} 年已保存在 {kept}，"
            f"{year} 年的指标目录是草稿，还有 {left} 个值“待填”）。请填写草稿"
            "（mscli validate 列出每一处），不需要再运行 mscli new-year"
        )


def plan_new_year(
    *, root: Path, finished: int, year: int | None = None, keep_values: bool = False
) -> YearPlan:
    """What `mscli new-year` writes to start `year` (default: the next) after `finished`."""
    year = finished + 1 if year is None else year
    if year <= finished:
        raise MscliError(f"当前年度是 {finished} 年，新的年度应晚于它，不能开始 {year} 年")
    keep = archive_dir(root, finished)
    if keep.exists():
        raise MscliError(
            f"{keep} 已存在：{finished} 年似乎已经保存过；请检查后删除或改名再运行 mscli new-year"
        )
    kept: list[PlannedFile] = []
    draft: list[PlannedFile] = []
    unfilled = carried = 0
    for name in (INDICATORS_FILE, UNITS_FILE, CONFIG_FILE):
        source = root / name
        if not source.is_file():
            continue  # config.yaml may be absent: the defaults
        text = source.read_text(encoding="utf-8")
        target = keep / name
        kept.append(PlannedFile(target, _with_schema_line(text, schema_comment(target, root))))
        if name == INDICATORS_FILE:
            text, unfilled, carried = draft_indicators(
                text, finished=finished, year=year, keep_values=keep_values
            )
        elif name == CONFIG_FILE:
            text = draft_config(text, finished=finished, year=year)
        draft.append(PlannedFile(source, text))
    plans = tuple(_plans(root, finished, year))
    return YearPlan(finished, year, tuple(kept), tuple(draft), unfilled, carried, plans)


_CARRIED_LINE = re.compile(f"#\\s*{CARRIED}(\\d{{4}})年的值")


def carried_over(path: Path, file: str) -> list[Problem]:
    """One notice for the values `new-year --keep-values` carried over and nobody has confirmed
    yet (their 沿用 comment is still there), at the first of them."""
    try:
        raw = read_head(path, CATALOGUE_MAX_BYTES + 1)
        if len(raw) > CATALOGUE_MAX_BYTES:  # refused unread by the loader, and here too
            return []
        lines = raw.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):  # the loader reports an unreadable catalogue
        return []
    found = [(n, m) for n, line in enumerate(lines, 1) if (m := _CARRIED_LINE.search(line))]
    if not found:
        return []
    line, match = found[0]
    message = (
        f"{len(found)} 个指标任务原文或目标值沿用{match[1]}年的值（行尾注释“{CARRIED}{match[1]}年的值”），"
        "尚未核对：与新文件相同的删去注释，不同的改写数值并删去注释"
    )
    return [Problem(file, line, match.start() + 1, "carried-over", message, Severity.notice)]
