"""`mscli validate --format sarif`: a SARIF 2.1.0 log GitHub code scanning takes (checked against
the vendored OASIS schema, tests/vendor/), with the same problems as the JSON report, and the
workflow that uploads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import ROOT, TESTS, MakeData, invoke

SARIF_SCHEMA = TESTS / "vendor" / "sarif-2.1.0-rtm.5.json"


def sarif_of(data: Path) -> tuple[int, dict[str, Any]]:
    result = invoke("validate", "--format", "sarif", "--data", data)
    log: dict[str, Any] = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    return result.exit_code, log


@pytest.mark.parametrize("case", ["rate-over-100", "misspelt-key", "bad-date", "alias-bomb"])
def test_every_problem_is_a_result_at_its_line(case: str, make_data: MakeData) -> None:
    data = make_data(case)
    code, log = sarif_of(data)
    assert code == 1
    [run] = log["runs"]
    problems = json.loads(invoke("validate", "--format", "json", "--data", data).stdout)
    results = [
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["ruleId"],
            r["level"],
            r["message"]["text"],
        )
        for r in run["results"]
    ]
    assert results == [
        (p["file"], p["line"], p["column"], p["code"], p["severity"], p["message"])
        for p in problems
    ]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} == {p["code"] for p in problems}
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert all("\u4e00" <= r["shortDescription"]["text"][0] <= "\u9fff" for r in rules)


def test_clean_data_is_an_empty_log(make_data: MakeData) -> None:
    code, log = sarif_of(make_data(None))
    assert code == 0
    assert log["runs"][0]["results"] == []


def test_a_notice_is_a_note(data: Path) -> None:
    progress = data / "progress" / "2023-Q2" / "rz-hrss.yaml"
    text = progress.read_text(encoding="utf-8")
    progress.write_text(text.replace("submitted: 2023-06-20\n", ""), encoding="utf-8")  # a draft
    code, log = sarif_of(data)
    assert code == 0
    [result] = log["runs"][0]["results"]
    assert (result["ruleId"], result["level"]) == ("draft", "note")


def test_the_workflow_uploads_the_log_even_when_validation_fails() -> None:
    workflow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "mscli.yml").read_text())
    job = workflow["jobs"]["validate"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    [write] = [s for s in steps if "--format sarif" in s.get("run", "")]
    [upload] = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert write["if"].startswith("always()") and upload["if"].startswith("always()")
    assert upload["with"]["sarif_file"] in write["run"]
    assert len(upload["uses"].split("@")[1]) == 40  # pinned to a commit
