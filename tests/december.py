"""A year played to December on the frozen 2023 data, for the tests of the year's end.

- Q1 and Q2 are the fixture's own reports.
- Q3 and Q4 are each unit's Q2 report with every value grown (Q3 ×1.5, Q4 ×2.2, whole numbers
  stay whole). An indicator at 0 in Q2 stays 0 and ends the year 未完成; most others end over
  their target.
- In Q3, LATE_UNIT hands in after the deadline and MISSING_UNIT does not hand in at all.
- December's acceptance records go through 自查 → 初核 → 认定. Every criterion is 达标, except
  that FAILED_PROJECT's first criterion is 未达标 at 初核 and PENDING_PROJECT has only its 自查.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from conftest import copy_data, invoke
from mscli.acceptance.criteria import criteria_index
from mscli.acceptance.records import Stage
from mscli.catalogue.models import MetricKind
from mscli.years.dataset import load_dataset

LATE_UNIT = "rz-youth-league"
MISSING_UNIT = "rz-transport"
FAILED_PROJECT = "one-card-subsidies"
PENDING_PROJECT = "emergency-capacity"
SUBMITTED = {3: "2023-09-20", 4: "2023-12-20"}
LATE_DAY = "2023-09-28"
GROWTH = {3: Decimal("1.5"), 4: Decimal("2.2")}
AS_OF = {1: "2023-04-05", 2: "2023-07-05", 3: "2023-10-08", 4: "2024-01-08"}
_VALUE = re.compile(r'(?m)^(      [\w-]+: )"?([0-9０-９]+(?:\.[0-9]+)?)"?$')
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _grown(match: re.Match[str], factor: Decimal, rate: bool) -> str:
    value = Decimal(match[2].translate(_FULL_WIDTH)) * factor
    if rate:
        value = min(value, Decimal(100))
    whole = "." not in match[2]
    shown = str(int(value)) if whole else f"{value.quantize(Decimal('0.01')).normalize()}"
    return f"{match[1]}{shown}"


def _rates(data: Path) -> set[tuple[str, str]]:
    """(indicator, metric) of every rate: a rate grows to 100% at most."""
    dataset, problems = load_dataset(data)
    assert dataset is not None, problems
    return {
        (indicator.id, metric.id)
        for project in dataset.catalogue.projects
        for indicator in project.indicators
        for metric in indicator.target.metrics
        if metric.kind is MetricKind.rate
    }


def _grow(text: str, factor: Decimal, rates: set[tuple[str, str]]) -> str:
    lines, indicator = [], ""
    for line in text.splitlines(keepends=True):
        if (head := re.match(r"  ([\w-]+):\s*$", line)) is not None:
            indicator = head[1]
        elif (match := _VALUE.match(line.rstrip("\n"))) is not None:
            metric = match[1].strip().rstrip(":")
            line = _grown(match, factor, (indicator, metric) in rates) + "\n"
        lines.append(line)
    return "".join(lines)


def _report_quarter(data: Path, quarter: int, rates: set[tuple[str, str]]) -> None:
    source = data / "progress" / "2023-Q2"
    target = data / "progress" / f"2023-Q{quarter}"
    target.mkdir()
    for file in sorted(source.iterdir()):
        if quarter == 3 and file.stem == MISSING_UNIT:
            continue
        day = LATE_DAY if quarter == 3 and file.stem == LATE_UNIT else SUBMITTED[quarter]
        text = re.sub(r"(?m)^submitted: .*$", f"submitted: {day}", file.read_text("utf-8"))
        text = _grow(text, GROWTH[quarter], rates)
        (target / file.name).write_text(text, encoding="utf-8")


def _stage(by: tuple[str, ...], day: str, verdict: str) -> str:
    shown = by[0] if len(by) == 1 else "[" + ", ".join(by) + "]"
    return f"{{by: {shown}, date: {day}, verdict: {verdict}}}"


def _record_acceptance(data: Path) -> None:
    assert invoke("new-acceptance", "-d", data).exit_code == 0
    dataset, problems = load_dataset(data)
    assert dataset is not None, problems
    index = criteria_index(dataset.catalogue)
    for file in sorted((data / "acceptance" / "2023").glob("*.yaml")):
        lines = ["criteria:"]
        for number, criterion in enumerate(c for c in index.values() if c.project.id == file.stem):
            lines.append(f"  {criterion.id}:")
            lead = (criterion.self_check_unit(dataset.catalogue),)
            lines.append(f"    self_check: {_stage(lead, '2023-12-05', '达标')}")
            if file.stem == PENDING_PROJECT:
                continue
            verdict = "未达标" if file.stem == FAILED_PROJECT and number == 0 else "达标"
            for stage, day in (
                (Stage.verification, "2023-12-18"),
                (Stage.certification, "2023-12-28"),
            ):
                refs = criterion.stage_refs(stage)
                if refs:
                    lines.append(f"    {stage.value}: {_stage(refs, day, verdict)}")
        head = file.read_text("utf-8").split("criteria:")[0]
        file.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")


def play_december(folder: Path) -> Path:
    """The 2023 data in `folder / "data"`, played to December (see the module's docstring)."""
    data = copy_data(folder / "data")
    rates = _rates(data)
    for quarter in (3, 4):
        _report_quarter(data, quarter, rates)
    _record_acceptance(data)
    return data
