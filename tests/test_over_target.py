"""Over-fulfilment is stated as it is (2.81 against 2.72万人次 is 103.3%, not 100.0%), in every
output; only totals and scores cap an indicator at 100%, so a surplus never hides a shortfall."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke, replace_once

AS_OF = "2023-07-10"


@pytest.fixture
def over(data: Path) -> Path:
    replace_once(data / "progress" / "2023-Q2" / "rz-hrss.yaml", "trainees: 1.52", "trainees: 2.81")
    return data


def _json(*args: str | Path) -> Any:
    result = invoke(*args, "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_true_rate_is_stated_in_status_json_and_markdown(over: Path) -> None:
    skill = next(r for r in _json("status", "-q", "2", "-d", over) if r["id"] == "skill-training")
    assert skill["completion"] == pytest.approx(2.81 / 2.72, abs=1e-6)
    assert skill["status"] == "已完成"
    md = invoke("status", "-q", "2", "--as-of", AS_OF, "-d", over, "-f", "md").stdout
    line = next(x for x in md.splitlines() if "| 技能培训2.72万人次 |" in x)
    assert "| 103.3% |" in line and "100.0%" not in line


def test_the_circular_states_it_in_the_body_and_the_attachment(over: Path, tmp_path: Path) -> None:
    body = invoke("report", "-q", "2", "--as-of", AS_OF, "-d", over, "-f", "md").stdout
    assert "技能培训年度目标2.72万人次，累计完成2.81万人次（完成率103.3%）" in body
    out = tmp_path / "context.json"
    result = invoke("report", "-q", "2", "--as-of", AS_OF, "-d", over, "-f", "json", "-o", out)
    assert result.exit_code == 0, result.output
    context = json.loads(out.read_text(encoding="utf-8"))
    skill = next(i for i in context["indicators"] if i["id"] == "skill-training")
    assert (skill["completion"], skill["metrics"][0]["completion"]) == ("103.3%", "103.3%")
    project = context["projects"][0]  # 开展职业技能培训…, whose first indicator is 技能培训
    rows = [r for r in _json("status", "-q", "2", "-d", over) if r["project"] == project["title"]]
    capped = sum(min(r["completion"] or 0.0, 1.0) for r in rows) / len(rows)
    assert project["completion"] == f"{capped * 100:.1f}%"  # the surplus counts 100%


def test_scores_stay_within_100(over: Path) -> None:
    units = _json("units", "-q", "2", "-d", over)
    hrss = next(u for u in units if u["id"] == "rz-hrss")
    assert hrss["score"] <= 100
