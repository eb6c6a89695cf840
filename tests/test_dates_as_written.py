"""Dates as a clerk types them: 2023-9-20 is the 20 September in a data file, on the command line
and in the schemas; a day that does not exist is named as such."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

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
