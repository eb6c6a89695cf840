"""Which number (发文顺序号) and date (成文日期) a quarter's circular carries.

Each circular has its own: from `report --number/--date`, else from `circular.quarters.<N>` in
config.yaml, else no number (a gap filled in by hand) and the quarter's last day. Nothing is taken
from another quarter; a date before the quarter's reporting deadline, or a number another quarter
issued in the same calendar year already uses (numbers run per year of issue, as the 文号's year is
the year of issue), comes back as a warning naming the config line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mscli.catalogue.config import CONFIG_FILE, CircularFacts
from mscli.catalogue.models import Structure
from mscli.codes import Code
from mscli.problems import Location, Problem, Severity
from mscli.quantities import chinese_date
from mscli.quarters import Quarter
from mscli.yamlio.source import Source


@dataclass(frozen=True)
class CircularIssue:
    """The number and date one quarter's circular is issued with."""

    number: int | None
    date: dt.date
    dated: bool
    """Whether the date was given (by option or config) rather than the quarter's last day."""


@dataclass(frozen=True)
class IssueWarning:
    code: Code
    message: str
    where: Location | None = None
    """The config line the value came from; None when it came from the command line."""


def _where(source: Source | None, quarter: int, key: str) -> Location | None:
    path = ("circular", "quarters", str(quarter), key)
    if source is None or not source.has(path):
        return None
    return source.where(path)


def _config_line(where: Location | None) -> str:
    return f"（{where.file} 第 {where.line} 行）" if where else ""


def circular_issue(
    *,
    facts: CircularFacts,
    quarter: Quarter,
    deadline: dt.date,
    number: int | None = None,
    date: dt.date | None = None,
    source: Source | None = None,
) -> tuple[CircularIssue, list[IssueWarning]]:
    """This quarter's number and date (options first, then config) and what looks reused.

    `source` is config.yaml as read (for line numbers); `deadline` the quarter's reporting deadline.
    """
    entry = facts.quarters.get(quarter.number)
    chosen_number = number if number is not None else (entry.number if entry else None)
    chosen_date = date if date is not None else (entry.date if entry else None)
    issue = CircularIssue(chosen_number, chosen_date or quarter.end, chosen_date is not None)
    warnings: list[IssueWarning] = []
    if chosen_date is not None and chosen_date < deadline:
        where = None if date is not None else _where(source, quarter.number, "date")
        given = "--date" if date is not None else f"circular.quarters.{quarter.number}.date"
        warnings.append(
            IssueWarning(
                "circular-date",
                f"{quarter.label}通报的成文日期 {chinese_date(chosen_date)}（{given}）"
                f"早于本季度报送截止日 {chinese_date(deadline)}，是否沿用了其他季度的日期？"
                f"{_config_line(where)}",
                where,
            )
        )
    if chosen_number is not None:
        for other, other_entry in sorted(facts.quarters.items()):
            if other == quarter.number or other_entry.number != chosen_number:
                continue
            other_issued = other_entry.date or Quarter(quarter.year, other).end
            if other_issued.year != issue.date.year:
                continue  # 顺序号按成文年度编排：另一年度发出的通报可以同号
            where = None if number is not None else _where(source, quarter.number, "number")
            used = _where(source, other, "number")
            given = (
                "--number" if number is not None else f"circular.quarters.{quarter.number}.number"
            )
            at = f"，见 {used.file} 第 {used.line} 行" if used else f"，见 {CONFIG_FILE}"
            warnings.append(
                IssueWarning(
                    "circular-number",
                    f"发文顺序号 {chosen_number}（{given}）已用于{Quarter(quarter.year, other).label}"
                    f"通报{at}；每期通报应有自己的顺序号",
                    where,
                )
            )
    return issue, warnings


BORROWED_NAMES = {
    "issuer": "发文机关",
    "header": "发文机关标志",
    "document_number": "发文字号格式",
    "addressees": "主送机关",
    "copy_to": "抄送机关",
    "printer": "印发机关",
    "signer": "署名",
}
"""The circular's settings whose defaults are Ruzhou's own (汝州市人民政府办公室, 汝政办〔…〕…号,
市政府各部门…): right for no other programme."""


def borrowed_names_warning(facts: CircularFacts, county: str) -> str | None:
    """For a programme that is not Ruzhou's (units.yaml's structure.county), the circular settings
    config.yaml leaves at Ruzhou's defaults, as a warning; None when every one is written down."""
    if county == Structure.model_fields["county"].default:
        return None
    left = [
        f"{key}（{title}）"
        for key, title in BORROWED_NAMES.items()
        if key not in facts.model_fields_set
    ]
    if not left:
        return None
    return (
        f"本方案为{county}的，但 {CONFIG_FILE} 的 circular 未写 {'、'.join(left)}，"
        f"通报将沿用汝州市的写法（“{facts.header}”“{facts.document_number}”）；"
        f"请在 circular 下写明本级的发文机关、文号和主送、抄送机关"
    )


def borrowed_names_problems(
    facts: CircularFacts, *, county: str, source: Source | None, config_file: str
) -> list[Problem]:
    """`borrowed_names_warning` as a warning at config.yaml's `circular` key (the whole file when
    the key or the file is absent; `config_file` names it)."""
    borrowed = borrowed_names_warning(facts, county)
    if borrowed is None:
        return []
    if source is not None and source.has(("circular",)):
        return [
            source.where(("circular",), key=True).problem(
                "circular-defaults", borrowed, Severity.warning
            )
        ]
    return [Problem(config_file, 0, 0, "circular-defaults", borrowed, Severity.warning)]


def configured_problems(
    facts: CircularFacts, *, year: int, deadline_day: int, source: Source | None
) -> list[Problem]:
    """What `report` would warn about every circular config.yaml sets up (a number two quarters
    share, a date before the deadline), as warnings at the config line: `validate` (CI) says so
    before the circular is made."""
    found = []
    for number in sorted(facts.quarters):
        quarter = Quarter(year, number)
        _, warnings = circular_issue(
            facts=facts, quarter=quarter, deadline=quarter.deadline(deadline_day), source=source
        )
        for warning in warnings:
            if warning.where is not None:
                message = warning.message.replace(_config_line(warning.where), "")
                found.append(warning.where.problem(warning.code, message, Severity.warning))
    return found
