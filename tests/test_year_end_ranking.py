"""The 年末 ranking scores the year's record, not the fourth quarter alone (#22 item 7): on the
played year (tests/december.py) a unit late in Q3 and one missing in Q3 carry it into December."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import TEMPLATES, invoke
from december import AS_OF, LATE_UNIT, MISSING_UNIT, play_december


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_december(tmp_path_factory.mktemp("december"))


def units(data: Path, quarter: int, as_of: str | None = None) -> dict[str, dict[str, Any]]:
    result = invoke(
        "units", "-d", data, "-q", str(quarter), "--as-of", as_of or AS_OF[quarter], "-f", "json"
    )
    assert result.exit_code == 0, result.output
    return {u["id"]: u for u in json.loads(result.stdout)}


def test_the_year_end_score_weighs_the_earlier_quarters(played: Path) -> None:
    earlier = {q: units(played, q) for q in (1, 2, 3)}
    year_end = units(played, 4)
    for unit_id, unit in year_end.items():
        scores = [earlier[q][unit_id]["score"] for q in (1, 2, 3)]
        expected = round(0.6 * unit["quarter_score"] + 0.4 * sum(scores) / 3, 1)
        assert unit["score"] == pytest.approx(expected, abs=0.05), unit_id
        assert [r["score"] for r in unit["year_record"]] == scores
    late, missing = year_end[LATE_UNIT], year_end[MISSING_UNIT]
    assert late["timeliness"] == "按时报送" and late["year_record"][2]["timeliness"] == "迟报"
    assert missing["year_record"][2] == {"quarter": 3, "timeliness": "未报送", "score": 0.0}
    assert late["score"] < late["quarter_score"] and missing["score"] < missing["quarter_score"]
    assert (
        earlier[2][LATE_UNIT]["year_record"] == []
        and earlier[2][LATE_UNIT]["quarter_score"] is None
    )


def test_the_units_table_and_the_circular_say_the_years_record(
    played: Path, tmp_path: Path
) -> None:
    table = invoke("units", "-d", played, "-q", "4", "--as-of", AS_OF[4], env={"COLUMNS": "300"})
    assert table.exit_code == 0, table.output
    named = units(played, 4)
    row = {
        unit_id: next(line for line in table.stdout.splitlines() if f" {unit_id} " in line)
        for unit_id in (LATE_UNIT, MISSING_UNIT)
    }
    assert named[LATE_UNIT]["name"] in row[LATE_UNIT] and "第三季度迟报" in row[LATE_UNIT]
    assert "第三季度未报送" in row[MISSING_UNIT]
    out = tmp_path / "q4.docx"
    made = invoke(
        "report", "-d", played, "-t", TEMPLATES, "-q", "4", "--as-of", AS_OF[4], "-o", str(out)
    )
    assert made.exit_code == 0, made.output
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "年末得分按第四季度得分占60%、前三季度平均得分占40%合成" in text
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "排名")
    said = {row.cells[1].text: row.cells[3].text for row in ranking.rows[1:]}
    assert "第三季度迟报" in said[named[LATE_UNIT]["name"]]
    assert "第三季度未报送" in said[named[MISSING_UNIT]["name"]]
    assert "全年按时报送" in said.values()


def test_the_office_can_score_the_fourth_quarter_alone(played: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(played, data)
    with (data / "config.yaml").open("a", encoding="utf-8") as config:
        config.write("status:\n  year_record_weight: 0\n")
    for unit in units(data, 4).values():
        assert unit["score"] == unit["quarter_score"]
    md = invoke("report", "-d", data, "-t", TEMPLATES, "-q", "4", "--as-of", AS_OF[4], "-f", "md")
    assert "年末得分按第四季度完成情况和报送情况计算" in md.stdout


def test_no_unit_is_ranked_before_it_could_report(played: Path) -> None:
    before = units(played, 4, "2023-12-10")
    assert {u["timeliness"] for u in before.values()} == {"待报送"}
    assert {u["rank"] for u in before.values()} == {None}
