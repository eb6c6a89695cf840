"""Whether a unit has reported, judged on a given day: the rule every view of a quarter uses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import copy_data
from mscli.problems import Problem, Severity, has_errors
from mscli.progress.submission import Timeliness, days_to_deadline, timeliness
from mscli.quarters import Quarter
from mscli.years.dataset import load_dataset

quarters = st.builds(Quarter, st.integers(2020, 2030), st.integers(1, 4))
days = st.integers(-60, 60)


@given(quarters, st.integers(1, 31), st.one_of(st.none(), days), days)
def test_the_state_follows_the_submission_date_the_deadline_and_the_day_judged(
    quarter: Quarter, day: int, sent: int | None, judged: int
) -> None:
    due = quarter.deadline(day)
    submitted = None if sent is None else due + dt.timedelta(days=sent)
    as_of = due + dt.timedelta(days=judged)
    state = timeliness(deadline=due, submitted=submitted, as_of=as_of)
    if submitted is not None and submitted <= as_of:
        assert state is (Timeliness.on_time if submitted <= due else Timeliness.late)
    elif as_of <= due:
        assert state is Timeliness.pending  # a draft, no file, or a report dated later
    else:
        assert state is Timeliness.missing
    assert state.reported is (state in (Timeliness.on_time, Timeliness.late))
    assert days_to_deadline(deadline=due, as_of=as_of) == -judged


def test_the_four_states_read_as_the_office_writes_them() -> None:
    due = dt.date(2023, 9, 25)
    cases = [
        (dt.date(2023, 9, 20), dt.date(2023, 9, 22), "按时报送"),
        (dt.date(2023, 9, 28), dt.date(2023, 9, 22), "待报送"),
        (dt.date(2023, 9, 28), dt.date(2023, 10, 8), "迟报"),
        (None, dt.date(2023, 9, 25), "待报送"),
        (None, dt.date(2023, 9, 26), "未报送"),
    ]
    for submitted, as_of, label in cases:
        assert timeliness(deadline=due, submitted=submitted, as_of=as_of).value == label


# --- the checks `mscli validate` runs on drafts and on reports that repeat last quarter --------

HRSS_Q2 = "progress/2023-Q2/rz-hrss.yaml"
HRSS_Q3 = "progress/2023-Q3/rz-hrss.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = copy_data(tmp_path / "data")
    (copy / "progress/2023-Q3").mkdir(exist_ok=True)
    return copy


def q3_from_q2(data: Path, *, submitted: str | None, keep_progress: int = 0) -> Path:
    """The unit's Q2 report as its Q3 file: same values, dated `submitted` (None: a draft), with
    only the first `keep_progress` progress texts left."""
    yaml = YAML(typ="safe", pure=True)
    report = yaml.load((data / HRSS_Q2).read_text(encoding="utf-8"))
    report["submitted"] = submitted and dt.date.fromisoformat(submitted)
    for position, entry in enumerate(report["indicators"].values()):
        if position >= keep_progress:
            entry.pop("progress", None)
    path = data / HRSS_Q3
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(report, stream)
    return path


def line_of(path: Path, key: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(f"{key}:"))


def problems_of(data: Path, file: str) -> list[Problem]:
    _, problems = load_dataset(data)
    return [p for p in problems if p.file == f"data/{file}"]


def test_a_submitted_copy_of_last_quarter_without_progress_text_is_warned_about(data: Path) -> None:
    path = q3_from_q2(data, submitted="2023-09-20")
    found = [p for p in problems_of(data, HRSS_Q3) if p.code == "unchanged-report"]
    assert len(found) == 1
    [problem] = found
    assert problem.severity is Severity.warning and (problem.line, problem.column) == (
        line_of(path, "submitted"),
        12,
    )
    assert "与第2季度" in problem.message and "进展情况" in problem.message


def test_progress_text_or_an_empty_date_means_no_such_warning(data: Path) -> None:
    q3_from_q2(data, submitted="2023-09-20", keep_progress=1)
    assert not [p for p in problems_of(data, HRSS_Q3) if p.code == "unchanged-report"]
    path = q3_from_q2(data, submitted=None)
    codes = {p.code: p for p in problems_of(data, HRSS_Q3)}
    assert "unchanged-report" not in codes
    assert codes["draft"].severity is Severity.notice and codes["draft"].line == line_of(
        path, "submitted"
    )
    _, problems = load_dataset(data)
    assert not has_errors(problems)  # a draft passes validate (and CI)
