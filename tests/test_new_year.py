"""Starting 2024 from the frozen 2023 data: 2023 stays readable with --year 2023 and gives what it
gave before; 2024 is a draft that validate reports, place by place, until it is filled."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURE_DATA, TEMPLATES, copy_data, invoke

AS_OF = "2023-07-10"
STATUS = ("status", "--year", "2023", "-q", "2", "--as-of", AS_OF)
STATUS_JSON = (*STATUS, "-f", "json")
ACCEPTANCE = ("acceptance", "--year", "2023", "-f", "json")


def run(data: Path, *args: str | Path) -> Any:
    result = invoke(*args, "--data", data)
    assert result.exit_code == 0, result.output
    return result


def circular(data: Path, target: Path) -> str:
    args = ("report", "--year", "2023", "-q", "2", "--as-of", AS_OF, "-f", "json", "-o", target)
    run(data, *args, "-t", TEMPLATES, "--force")
    return target.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The data before and after `mscli new-year --year 2024`, and 2023's outputs before it."""
    base = tmp_path_factory.mktemp("new-year")
    data = copy_data(base / "data")
    run(data, "new-acceptance", "--year", "2023")
    before = {
        "status": run(data, *STATUS).stdout,
        "status_json": run(data, *STATUS_JSON).stdout,
        "report": circular(data, base / "before.json"),
        "acceptance": run(data, *ACCEPTANCE).stdout,
    }
    started = run(data, "new-year", "--year", "2024")
    return {"data": data, "base": base, "before": before, "said": started.stdout}


def test_the_finished_year_is_kept_unchanged_in_the_archive(years: dict[str, Any]) -> None:
    data: Path = years["data"]
    for name in ("indicators.yaml", "units.yaml", "config.yaml"):
        kept = (data / "archive/2023" / name).read_text(encoding="utf-8").splitlines()
        frozen = (FIXTURE_DATA / name).read_text(encoding="utf-8").splitlines()
        assert kept[1:] == frozen[1:], name  # only the schema comment follows the new place
        assert kept[0].endswith(f"$schema=../../../schemas/{name.replace('.yaml', '.schema.json')}")
    assert (data / "progress/2023-Q2").is_dir() and (data / "acceptance/2023").is_dir()
    assert "2024 年的指标目录是草稿：135 个值标为“待填”" in years["said"].replace("\n", "")


@pytest.mark.parametrize("what", ["status", "status_json", "report", "acceptance"])
def test_2023_gives_exactly_what_it_gave_before(years: dict[str, Any], what: str) -> None:
    data: Path = years["data"]
    makers: dict[str, Callable[[], Any]] = {
        "status": lambda: run(data, *STATUS).stdout,
        "status_json": lambda: run(data, *STATUS_JSON).stdout,
        "report": lambda: circular(data, years["base"] / "after.json"),
        "acceptance": lambda: run(data, *ACCEPTANCE).stdout,
    }
    after = makers[what]()
    assert after == years["before"][what]
    if what == "report":
        context = json.loads(after)
        assert context["year"] == 2023 and len(context["indicators"]) == 44


def test_the_new_year_is_a_draft_until_filled(years: dict[str, Any]) -> None:
    data: Path = years["data"]
    text = (data / "indicators.yaml").read_text(encoding="utf-8")
    assert "  year: 2024\n" in text
    assert "value: 待填  # 2023年：27200\n" in text  # the old target stays in sight
    assert "title: 开展职业技能培训和评价取证，扩大重点群体就业\n" in text  # projects kept
    assert "id: employment-1\n" in text  # acceptance criteria kept with their ids
    checked = invoke("validate", "--data", data, "-f", "json")
    assert checked.exit_code == 1
    problems = json.loads(checked.stdout)
    assert {p["code"] for p in problems} == {"unfilled"}
    assert len(problems) == 135 and {p["file"] for p in problems} == {"data/indicators.yaml"}
    line = text.splitlines().index("              value: 待填  # 2023年：27200") + 1
    assert {
        "file": "data/indicators.yaml",
        "line": line,
        "column": 22,
        "code": "unfilled",
        "severity": "error",
        "message": "目标值（value）待填：请按 2024 年的文件填写",
    } in problems
    status = invoke("status", "-q", "1", "--data", data)
    assert status.exit_code == 1
    assert "文号（document）待填：请按 2024 年的文件填写" in status.output


def test_filling_one_target_leaves_the_rest_reported_and_2023_as_it_was(
    years: dict[str, Any], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(years["data"], data)
    path = data / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("value: 待填  # 2023年：27200", "value: 30000", 1)
    path.write_text(text, encoding="utf-8")
    problems = json.loads(invoke("validate", "--data", data, "-f", "json").stdout)
    assert len(problems) == 134
    assert all("value" not in p["message"] or p["line"] != 33 for p in problems)
    assert run(data, *STATUS).stdout == years["before"]["status"]
    assert circular(data, tmp_path / "after.json") == years["before"]["report"]


def _filled(text: str) -> str:
    """Every 待填 given back last year's value from its comment (a text quoted)."""

    def value(match: re.Match[str]) -> str:
        old = match[2]
        plain = re.fullmatch(r"\d+(\.\d+)?|\d{4}-\d{2}-\d{2}", old)
        return f"{match[1]}{old if plain else repr(old)}"

    return re.sub(r"(?m)^(\s*\S+: )待填  # 2023年：(.*)$", value, text)


def test_once_filled_the_new_year_runs_beside_the_old(
    years: dict[str, Any], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(years["data"], data)
    path = data / "indicators.yaml"
    path.write_text(_filled(path.read_text(encoding="utf-8")), encoding="utf-8")
    checked = invoke("validate", "--data", data)
    assert checked.exit_code == 0, checked.output
    run(data, "new-quarter", "-q", "1")
    assert len(list((data / "progress/2024-Q1").glob("*.yaml"))) == 12
    rows = json.loads(run(data, "status", "-q", "1", "--as-of", "2024-03-01", "-f", "json").stdout)
    skills = next(row for row in rows if row["id"] == "skill-training")
    assert (skills["status"], skills["metrics"][0]["actual"]) == ("未报送", None)  # drafts only
    assert run(data, *STATUS).stdout == years["before"]["status"]
    # a problem in a kept year names that year in its path
    (data / "progress/2023-Q2/rz-postal.yaml").write_text("submitted: [\n", encoding="utf-8")
    (data / "archive/2023/units.yaml").write_text("units: []\n", encoding="utf-8")
    found = json.loads(invoke("validate", "--data", data, "-f", "json").stdout)
    files = {p["file"] for p in found if p["severity"] == "error"}
    assert files == {"data/progress/2023-Q2/rz-postal.yaml", "data/archive/2023/units.yaml"}


def test_a_second_new_year_is_refused(years: dict[str, Any], tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(years["data"], data)
    again = invoke("new-year", "--data", data)
    assert again.exit_code == 1
    flat = "".join(again.output.split())  # 2024 is still a draft: it cannot be finished
    assert "2024年已经开始" in flat and "还有135个值“待填”" in flat
    path = data / "indicators.yaml"
    path.write_text(_filled(path.read_text(encoding="utf-8")), encoding="utf-8")
    (data / "archive/2024").mkdir()
    again = invoke("new-year", "--data", data)
    assert again.exit_code == 1 and "archive/2024 已存在" in again.output
    backwards = invoke("new-year", "--year", "2023", "--data", data)
    assert backwards.exit_code == 1 and "不能开始 2023 年" in backwards.output


@pytest.mark.parametrize(
    "command",
    [
        ("status", "-q", "2"),
        ("units", "-q", "2"),
        ("report", "-q", "2", "-f", "md"),
        ("remind", "-q", "2"),
        ("acceptance",),
        ("new-acceptance",),
        ("new-quarter", "-q", "1"),
        ("set", "skill-training", "trainees", "2", "-q", "2"),
        ("sheet", "export", "-q", "2", "-u", "rz-hrss"),
        ("indicators",),
    ],
)
def test_a_year_without_a_catalogue_is_a_clear_error(
    years: dict[str, Any], command: tuple[str, ...]
) -> None:
    result = invoke(*command, "--year", "2022", "--data", years["data"])
    assert result.exit_code == 2, result.output
    assert "没有 2022 年的指标目录（数据目录中有 2023、2024 年）" in result.output
    assert "Traceback" not in result.output


def test_progress_of_a_year_without_a_catalogue_is_reported(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    (data / "progress/2022-Q4").mkdir()
    (data / "progress/2022-Q4/rz-hrss.yaml").write_text("indicators: {}\n", encoding="utf-8")
    problems = json.loads(invoke("validate", "--data", data, "-f", "json").stdout)
    assert [(p["file"], p["code"]) for p in problems] == [("data/progress/2022-Q4", "no-catalogue")]
    assert run(data, "status", "-q", "2", "--as-of", AS_OF).stdout  # the current year still runs
