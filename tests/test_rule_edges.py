"""Rules at their edges, each a documented behaviour that a one-line change could break unseen
(the hand mutations of the code review): a sustained rate exactly at its target, an indicator
whose schedule is still 0, and the last day a quarter's report may carry."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

from conftest import invoke
from mscli.catalogue.config import StatusRules
from mscli.catalogue.models import Metric
from mscli.cli.app import summarize_quarter
from mscli.progress.submission import Timeliness
from mscli.quarters import Quarter
from mscli.results.completion import metric_completion
from mscli.results.summary import unit_score


def _rate(value: float, *, sustained: bool) -> Metric:
    return Metric.model_validate(
        {"id": "cover", "name": "覆盖率", "kind": "rate", "value": value, "unit": "%",
         "sustained": sustained}
    )  # fmt: skip


def test_a_sustained_rate_exactly_at_its_target_is_met_and_a_hair_below_is_not() -> None:
    held = _rate(95, sustained=True)
    assert metric_completion(held, 95) == 1.0
    assert metric_completion(held, 95.2) == 1.0
    assert metric_completion(held, 94.9) == 0.0
    assert metric_completion(_rate(95, sustained=False), 94.9) < 1.0


def test_an_indicator_whose_schedule_is_still_0_counts_full_in_its_units_score(
    data: Path,
) -> None:
    _, summary = summarize_quarter(data, 1, None, as_of=dt.date(2023, 4, 10))
    unit = next(u for u in summary.units if u.timeliness is Timeliness.on_time and u.indicators)
    rules = StatusRules()
    reported = [r for r in unit.indicators if r.completion is not None]
    assert reported
    ahead = tuple(replace(r, completion=0.1, schedule=0.0) for r in reported)
    behind = tuple(replace(r, completion=0.1, schedule=0.4) for r in reported)
    assert unit_score(ahead, Timeliness.on_time, rules) == 100.0
    assert unit_score(behind, Timeliness.on_time, rules) == 25.0
    unreported = tuple(replace(r, completion=None, schedule=0.0) for r in reported)
    assert unit_score(unreported, Timeliness.on_time, rules) == 0.0


def test_the_last_plausible_submission_day_is_accepted_and_the_next_is_not(data: Path) -> None:
    _, last = Quarter(2023, 1).reporting_window()
    assert last == dt.date(2023, 6, 30)  # the next quarter's end
    file = next((data / "progress" / "2023-Q1").glob("*.yaml"))
    text = file.read_text(encoding="utf-8")
    for day, errors in ((last, 0), (last + dt.timedelta(days=1), 1)):
        file.write_text(
            re.sub(r"(?m)^submitted: .*$", f"submitted: {day.isoformat()}", text), encoding="utf-8"
        )
        result = invoke("validate", "--data", data, "-f", "json")
        found = [p for p in json.loads(result.stdout) if p["code"] == "progress-date"]
        assert len(found) == errors, result.stdout
