"""Dates as a clerk types them: 2023-9-20 is the 20 September in a data file, on the command line
and in the schemas; a day that does not exist is named as such."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, invoke


def _submit(data: Path, written: str) -> Path:
    file = data / "progress" / "2023-Q2" / "rz-hrss.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(re.sub(r"(?m)^submitted: .*$", f"submitted: {written}", text), encoding="utf-8")
    return file


def test_a_single_digit_month_and_day_is_a_date_in_a_report(data: Path) -> None:
    _submit(data, "2023-6-20")
    assert invoke("validate", "-d", data).exit_code == 0
    result = invoke("units", "-q", "2", "--as-of", "2023-7-1", "-d", data, "-f", "json")
    assert result.exit_code == 0, result.output
    [unit] = [u for u in json.loads(result.stdout) if u["id"] == "rz-hrss"]
    assert unit["submitted"] == "2023-06-20" and unit["timeliness"] == "按时报送"


def test_a_day_that_does_not_exist_is_named_at_its_line(data: Path) -> None:
    _submit(data, "2023-6-31")
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["line"], problem["column"]) == (4, 12)
    assert problem["message"] == "日期“2023-6-31”不存在"


def test_the_command_line_takes_the_same_spellings(data: Path) -> None:
    for written in ("2023-7-1", "2023年7月1日"):
        result = invoke("status", "-q", "2", "--as-of", written, "-d", data, "-f", "json")
        assert result.exit_code == 0, result.output
        assert {row["as_of"] for row in json.loads(result.stdout)} == {"2023-07-01"}
    wrong = invoke("status", "-q", "2", "--as-of", "7月1日", "-d", data)
    assert wrong.exit_code == 2
    assert "不是有效的日期" in wrong.output


def test_the_schema_takes_what_validate_takes() -> None:
    schema = json.loads((ROOT / "schemas" / "progress.schema.json").read_text(encoding="utf-8"))
    base: dict[str, object] = {"indicators": {}}
    jsonschema.validate({**base, "submitted": "2023-6-20"}, schema)
    try:
        jsonschema.validate({**base, "submitted": "20230620"}, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("20230620 passed the schema")


def test_a_slashed_date_is_a_date_in_a_report(data: Path) -> None:
    _submit(data, "2023/6/20")
    assert invoke("validate", "-d", data).exit_code == 0
    result = invoke("units", "-q", "2", "--as-of", "2023/7/1", "-d", data, "-f", "json")
    assert result.exit_code == 0, result.output
    [unit] = [u for u in json.loads(result.stdout) if u["id"] == "rz-hrss"]
    assert unit["submitted"] == "2023-06-20" and unit["timeliness"] == "按时报送"


@pytest.mark.parametrize("written", ["2023/6/31", "2023/2/29"])
def test_a_slashed_day_that_does_not_exist_is_named_at_its_line(data: Path, written: str) -> None:
    _submit(data, written)
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["line"], problem["column"]) == (4, 12)
    assert problem["message"] == f"日期“{written}”不存在"


def test_mixed_separators_are_not_a_date(data: Path) -> None:
    _submit(data, "2023-6/20")
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["line"] == 4 and "2023/6/25" in problem["message"]


def test_every_date_option_takes_the_slash(data: Path) -> None:
    options = re.findall(
        r'"(--as-of|--date|--submitted|--done)",\s*\n\s*(parser=\w+)?',
        "".join(f.read_text(encoding="utf-8") for f in (ROOT / "src/mscli/cli").glob("*.py")),
    )
    assert {o for o, _ in options} == {"--as-of", "--date", "--submitted", "--done"}
    assert {p for _, p in options} == {"parser=parse_day"}  # one reading for every date option
    result = invoke("status", "-q", "2", "--as-of", "2023/7/1", "-d", data, "-f", "json")
    assert {row["as_of"] for row in json.loads(result.stdout)} == {"2023-07-01"}
    wrong = invoke("status", "-q", "2", "--as-of", "2023/6/31", "-d", data)
    assert wrong.exit_code == 2 and "“2023/6/31”不是有效的日期" in "".join(wrong.output.split())


def test_set_writes_a_slashed_date_back_as_2023_09_20(data: Path) -> None:
    file = _submit(data, "2023/6/20")  # a date YAML leaves as text, which set used to refuse
    result = invoke("set", "--submitted", "2023/6/22", "-q", "2", "-u", "rz-hrss", "-d", data)
    assert result.exit_code == 0, result.output
    assert "submitted: 2023-06-22" in file.read_text(encoding="utf-8").splitlines()
    assert "2023-06-20→2023-06-22" in "".join(result.output.split())
    wrong = invoke("set", "--submitted", "2023/6/31", "-q", "2", "-u", "rz-hrss", "-d", data)
    assert wrong.exit_code == 2
    assert "submitted: 2023-06-22" in file.read_text(encoding="utf-8").splitlines()


PLAN = """\
indicators:
  skill-training:
    nodes:
      trainees:
        - {date: 2023/3/31, value: 0.5}
        - {date: 2023-6-30, value: 1.5万}
        - {date: 2023/12/31, value: 2.72}
"""


def test_a_plan_with_slashed_dates_drives_the_schedule_and_moves_to_the_new_year(
    data: Path,
) -> None:
    from mscli.years.new_year import draft_plan

    path = data / "plans" / "2023" / "rz-hrss.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(PLAN, encoding="utf-8")
    assert invoke("validate", "-d", data).exit_code == 0
    result = invoke("status", "-q", "2", "--as-of", "2023/7/1", "-d", data, "-f", "json")
    [row] = [r for r in json.loads(result.stdout) if r["id"] == "skill-training"]
    assert row["schedule_basis"] == "按落实方案"
    moved = draft_plan(PLAN, finished=2023, year=2024)
    assert "- {date: 2024-03-31, value: 0.5}" in moved
    assert "- {date: 2024-06-30, value: 1.5万}" in moved
    assert "- {date: 2024-12-31, value: 2.72}" in moved
    path.write_text(PLAN.replace("2023/12/31", "2023/11/31"), encoding="utf-8")
    wrong = invoke("validate", "-d", data, "-f", "json")
    assert wrong.exit_code == 1
    [problem] = json.loads(wrong.stdout)
    assert (problem["line"], problem["message"]) == (7, "日期“2023/11/31”不存在")


def test_the_schema_takes_the_slash_and_refuses_a_day_that_does_not_exist() -> None:
    schema = json.loads((ROOT / "schemas" / "progress.schema.json").read_text(encoding="utf-8"))
    base: dict[str, object] = {"indicators": {}}
    jsonschema.validate({**base, "submitted": "2023/6/20"}, schema)
    for wrong in ("2023/6/31", "2023-6/20", "2023/2/29"):
        try:
            jsonschema.validate({**base, "submitted": wrong}, schema)
        except jsonschema.ValidationError:
            continue
        raise AssertionError(f"{wrong} passed the schema")


ACCEPTANCE = """\
criteria:
  employment-1:
    self_check: {by: 市人力资源和社会保障局, date: 2023/12/5, verdict: 达标}
    verification: {by: 平顶山市人力资源和社会保障局, date: 2023-12-15, verdict: 达标}
"""


def test_an_acceptance_record_takes_the_slash_and_names_a_day_that_does_not_exist(
    data: Path,
) -> None:
    path = data / "acceptance" / "2023" / "employment.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(ACCEPTANCE, encoding="utf-8")
    assert invoke("validate", "-d", data).exit_code == 0
    result = invoke("acceptance", "-u", "rz-hrss", "-f", "json", "-d", data)
    assert result.exit_code == 0, result.output
    assert '"2023-12-05"' in result.stdout
    path.write_text(ACCEPTANCE.replace("2023/12/5", "2023/12/32"), encoding="utf-8")
    wrong = invoke("validate", "-d", data, "-f", "json")
    assert wrong.exit_code == 1
    [problem] = json.loads(wrong.stdout)
    assert (problem["line"], problem["message"]) == (3, "日期“2023/12/32”不存在")
