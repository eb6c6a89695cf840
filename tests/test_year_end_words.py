"""At the year's end every output words an indicator short of its target as the year-end
circular does (未完成, never 滞后 against a schedule that has run out), and before the Q4 deadline
a unit that has not reported yet is not ranked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import invoke

LAGGING = ("超序时", "按序时", "滞后", "严重滞后")


@pytest.fixture
def december(data: Path) -> Path:
    """Every Q2 report handed in again for Q4, on 20 December."""
    q4 = data / "progress" / "2023-Q4"
    q4.mkdir()
    for file in (data / "progress" / "2023-Q2").iterdir():
        text = re.sub(r"(?m)^submitted: .*$", "submitted: 2023-12-20", file.read_text("utf-8"))
        (q4 / file.name).write_text(text, encoding="utf-8")
    return data


def _run(*args: str | Path) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_status_units_and_the_dashboard_say_what_the_circular_says(
    december: Path, tmp_path: Path
) -> None:
    rows = json.loads(
        _run("status", "-q", "4", "--as-of", "2023-12-31", "-d", december, "-f", "json")
    )
    words = {r["status"] for r in rows}
    assert "未完成" in words and not words & set(LAGGING)
    context = tmp_path / "context.json"
    _run("report", "-q", "4", "--as-of", "2023-12-31", "-d", december, "-f", "json", "-o", context)
    circular = json.loads(context.read_text(encoding="utf-8"))
    by_id = {i["id"]: i["status"] for i in circular["indicators"]}
    assert {r["id"]: r["status"] for r in rows if r["id"] in by_id} == by_id
    table = _run("units", "-q", "4", "--as-of", "2023-12-31", "-d", december)
    assert "未完成" in table and not any(word in table for word in ("滞后", "按序时", "超序时"))
    site = tmp_path / "site"
    _run("site", "-q", "4", "--as-of", "2023-12-31", "-d", december, "-o", site)
    html = (site / "index.html").read_text(encoding="utf-8")
    overview = html.split('id="overview"', 1)[-1].split("</section>", 1)[0]
    assert "未完成" in overview and "滞后" not in overview
    options = re.search(r'<select id="filter-status">(.*?)</select>', html)
    assert options is not None and "滞后" not in options[1] and "未完成" in options[1]


def test_the_second_quarter_keeps_its_schedule_words(data: Path) -> None:
    rows = json.loads(_run("status", "-q", "2", "--as-of", "2023-07-10", "-d", data, "-f", "json"))
    assert {"滞后", "按序时"} <= {r["status"] for r in rows}


def test_before_the_q4_deadline_a_unit_yet_to_report_is_not_ranked(december: Path) -> None:
    late = december / "progress" / "2023-Q4" / "rz-civil-affairs.yaml"
    late.write_text(re.sub(r"(?m)^submitted: .*$", "submitted:", late.read_text("utf-8")), "utf-8")
    units = json.loads(
        _run("units", "-q", "4", "--as-of", "2023-12-22", "-d", december, "-f", "json")
    )
    waiting = next(u for u in units if u["id"] == "rz-civil-affairs")
    assert waiting["timeliness"] == "待报送" and waiting["rank"] is None
    assert all(u["rank"] is not None for u in units if u["timeliness"] == "按时报送")
    table = _run("units", "-q", "4", "--as-of", "2023-12-22", "-d", december)
    assert "未报送的单位暂不排名，截止后参加排名" in table
    after = json.loads(
        _run("units", "-q", "4", "--as-of", "2023-12-31", "-d", december, "-f", "json")
    )
    missing = next(u for u in after if u["id"] == "rz-civil-affairs")
    assert missing["timeliness"] == "未报送" and missing["rank"] is not None
