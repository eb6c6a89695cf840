"""A quarter's summary on a small hand-built catalogue: statuses, totals, timeliness, ranking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mscli.catalogue.load import Catalogue
from mscli.catalogue.models import IndicatorsFile, UnitsFile
from mscli.catalogue.unit_index import UnitIndex
from mscli.progress.reports import ProgressFile, ProgressReport
from mscli.results.completion import Status
from mscli.results.summary import QuarterSummary, Timeliness, summarize
from mscli.yamlio.source import Source

UNITS = {
    "units": [
        {"id": "rz-a", "name": "市甲局", "level": "county"},
        {"id": "rz-b", "name": "市乙局", "level": "county", "aliases": ["市乙"]},
        {"id": "rz-c", "name": "市丁局", "level": "county"},
        {"id": "pds-x", "name": "平顶山市丙局", "level": "prefecture"},
    ]
}


def count(id_: str, value: float) -> dict[str, Any]:
    return {"id": id_, "name": id_, "kind": "count", "value": value, "unit": "个"}


def row(id_: str, *metrics: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "text": f"{id_}原文",
        "target": {"text": "目标", "metrics": list(metrics)},
        **extra,
    }


def delegated(id_: str, text: str = "由平顶山市丙局统一安排实施") -> dict[str, Any]:
    return {"id": id_, "text": "原文", "target": {"text": text, "delegated_to": ["平顶山市丙局"]}}


def catalogue(
    extra_rows: list[dict[str, Any]] | None = None,
    extra_projects: list[dict[str, Any]] | None = None,
) -> Catalogue:
    projects = [
        {
            "id": "p1",
            "block": "市",
            "number": 1,
            "title": "项目一",
            "lead": ["市甲局"],
            "indicators": [
                row("c1", count("m", 100)),
                row(
                    "r1",
                    {
                        "id": "m",
                        "name": "合格率",
                        "kind": "rate",
                        "value": 98,
                        "unit": "%",
                        "sustained": True,
                    },
                ),
                delegated("d1"),
                *(extra_rows or []),
            ],
        },
        {
            "id": "p2",
            "block": "市",
            "number": 2,
            "title": "项目二",
            "lead": ["市乙"],
            "indicators": [row("c2", count("m", 10))],
        },
        *(extra_projects or []),
    ]
    data = {
        "programme": {
            "year": 2023,
            "document": "文号",
            "issued": "2023-05-26",
            "issuer": "机关",
            "title": "标题",
        },
        "projects": projects,
    }
    units = UnitsFile.model_validate(UNITS)
    return Catalogue(IndicatorsFile.model_validate(data), UnitIndex(units.units))


def report(unit: str, quarter: int, submitted: str, values: dict[str, float]) -> ProgressReport:
    data = ProgressFile.model_validate(
        {
            "submitted": submitted,
            "indicators": {k: {"values": {"m": v}} for k, v in values.items()},
        }
    )
    return ProgressReport(
        unit, 2023, quarter, data, Source(f"{unit}.yaml", None), Path(f"{unit}.yaml")
    )


def by_id(summary: QuarterSummary) -> dict[str, Any]:
    return {r.id: r for r in summary.indicators}


def test_statuses_totals_and_ranking() -> None:
    reports = [report("rz-a", 2, "2023-06-20", {"c1": 60, "r1": 99})]
    summary = summarize(catalogue(), reports, quarter=2)
    results = by_id(summary)
    assert results["c1"].status is Status.ahead  # 60% against a 50% schedule
    assert results["c1"].completion == pytest.approx(0.6)
    assert results["r1"].status is Status.done
    assert results["d1"].status is Status.delegated and results["d1"].completion is None
    assert results["c2"].status is Status.missing
    assert summary.completion == pytest.approx((0.6 + 1 + 0) / 3)
    assert summary.projects[0].completion == pytest.approx(0.8)
    assert summary.counts[Status.delegated] == 1
    units = {u.id: u for u in summary.units}
    assert units["rz-a"].timeliness is Timeliness.on_time
    assert (units["rz-a"].score, units["rz-a"].rank) == (100.0, 1)
    assert (units["rz-b"].timeliness, units["rz-b"].score, units["rz-b"].rank) == (
        Timeliness.missing,
        0.0,
        2,
    )
    assert summary.deadline == dt.date(2023, 6, 25)


def test_tied_scores_share_a_rank_and_the_next_unit_keeps_its_place() -> None:
    """README: 同分同名次. Two units at 100 are both first; the unit after them is third."""
    third = {
        "id": "p3",
        "block": "市",
        "number": 3,
        "title": "项目三",
        "lead": ["市丁局"],
        "indicators": [row("c3", count("m", 10))],
    }
    reports = [
        report("rz-a", 2, "2023-06-20", {"c1": 60, "r1": 99}),  # both ahead of schedule: 100
        report("rz-b", 2, "2023-06-21", {"c2": 5}),  # 50% against a 50% schedule: 100
        report("rz-c", 2, "2023-06-22", {"c3": 1}),  # 10% against 50%: 20
    ]
    summary = summarize(catalogue(extra_projects=[third]), reports, quarter=2)
    assert [(u.id, u.score, u.rank) for u in summary.units] == [
        ("rz-a", 100.0, 1),
        ("rz-b", 100.0, 1),
        ("rz-c", 20.0, 3),
    ]


def test_late_report_loses_points_and_units_are_not_ranked_in_q1() -> None:
    reports = [
        report("rz-a", 1, "2023-03-27", {"c1": 10, "r1": 90}),
        report("rz-b", 1, "2023-03-25", {"c2": 0}),
    ]
    summary = summarize(catalogue(), reports, quarter=1)
    results = by_id(summary)
    assert results["c1"].status is Status.behind  # 10% against 25%: 15 points behind
    assert results["r1"].status is Status.seriously_behind  # 90% < 98%: not met
    assert results["c2"].status is Status.seriously_behind  # 0% against 25%: 25 points behind
    units = {u.id: u for u in summary.units}
    assert units["rz-a"].timeliness is Timeliness.late
    # mean(min(0.1/0.25, 1), 0/1) = 0.2 -> 20, less 5 for the late report
    assert units["rz-a"].score == pytest.approx(15.0)
    assert units["rz-b"].timeliness is Timeliness.on_time
    assert all(u.rank is None for u in summary.units)


def totals(summary: QuarterSummary) -> tuple[Any, ...]:
    counted = {s: n for s, n in summary.counts.items() if s is not Status.delegated}
    return (
        summary.completion,
        counted,
        [p.completion for p in summary.projects],
        [(u.id, u.score, u.rank) for u in summary.units],
    )


PRINTABLE = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cf", "Zl", "Zp"))


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(PRINTABLE, min_size=1, max_size=20).filter(str.strip),
    how_many=st.integers(0, 3),
)
def test_delegated_rows_never_change_any_total(text: str, how_many: int) -> None:
    reports = [
        report("rz-a", 2, "2023-06-20", {"c1": 30, "r1": 99}),
        report("rz-b", 2, "2023-06-28", {"c2": 4}),
    ]
    base = totals(summarize(catalogue(), reports, quarter=2))
    rows = [delegated(f"extra-{k}", text) for k in range(how_many)]
    assert totals(summarize(catalogue(rows), reports, quarter=2)) == base


def draft(unit: str, quarter: int, values: dict[str, float]) -> ProgressReport:
    data = ProgressFile.model_validate(
        {"submitted": None, "indicators": {k: {"values": {"m": v}} for k, v in values.items()}}
    )
    return ProgressReport(
        unit, 2023, quarter, data, Source(f"{unit}.yaml", None), Path(f"{unit}.yaml")
    )


DEADLINES = {1: dt.date(2023, 3, 25), 2: dt.date(2023, 6, 25), 3: dt.date(2023, 9, 25)}
DEADLINES[4] = dt.date(2023, 12, 25)
ONE_DAY = dt.timedelta(days=1)


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
@pytest.mark.parametrize(
    ("how", "before", "after"),
    [
        # how the unit's file stands; its state a week before, and a week after, the deadline
        ("on time", Timeliness.on_time, Timeliness.on_time),
        ("late", Timeliness.pending, Timeliness.late),
        ("draft", Timeliness.pending, Timeliness.missing),
        ("no file", Timeliness.pending, Timeliness.missing),
    ],
)
@pytest.mark.parametrize("when", ["before", "after"])
def test_a_unit_stands_as_its_report_did_on_the_day_judged(
    quarter: int, how: str, before: Timeliness, after: Timeliness, when: str
) -> None:
    due = DEADLINES[quarter]
    values: dict[str, float] = {"c2": 7}
    reports = {
        "on time": [report("rz-b", quarter, (due - 10 * ONE_DAY).isoformat(), values)],
        "late": [report("rz-b", quarter, (due + 3 * ONE_DAY).isoformat(), values)],
        "draft": [draft("rz-b", quarter, values)],
        "no file": [],
    }[how]
    as_of = due - 7 * ONE_DAY if when == "before" else due + 7 * ONE_DAY
    summary = summarize(catalogue(), reports, quarter=quarter, as_of=as_of)
    unit = {u.id: u for u in summary.units}["rz-b"]
    expected = before if when == "before" else after
    assert unit.timeliness is expected
    assert summary.as_of == as_of and summary.deadline == due
    assert summary.deadline_passed is (when == "after")
    assert unit.draft is (how == "draft" or (how == "late" and when == "before"))
    c2 = by_id(summary)["c2"]
    if expected.reported:
        assert c2.completion == pytest.approx(0.7) and unit.submitted is not None
    else:  # a draft's pre-filled value, or a report not yet sent, is not progress
        assert c2.status is Status.missing and c2.completion is None and c2.report is None
        assert unit.submitted is None and unit.score == 0.0


def test_on_the_deadline_itself_a_unit_is_still_pending_and_a_report_that_day_is_on_time() -> None:
    due = DEADLINES[3]
    late = summarize(catalogue(), [], quarter=3, as_of=due)
    assert {u.timeliness for u in late.units} == {Timeliness.pending}
    sent = summarize(catalogue(), [report("rz-b", 3, due.isoformat(), {"c2": 1})], quarter=3)
    assert {u.id: u.timeliness for u in sent.units}["rz-b"] is Timeliness.on_time
