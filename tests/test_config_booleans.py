"""One rule for booleans in validate and in the schemas (YAML 1.2): only true and false; yes, on,
"true", 1 are refused by both (True is YAML 1.2's too), at the value's line and column."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, invoke, replace_once

OLD = "  print_header: true"


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", '"true"', "1", "0"])
def test_a_boolean_not_written_true_or_false_is_refused_by_validate_and_the_schema(
    data: Path, written: str
) -> None:
    replace_once(data / "config.yaml", OLD, f"  print_header: {written}")
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1, result.stdout
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["code"]) == ("data/config.yaml", "type")
    assert problem["message"].startswith("应为 true 或 false")
    lines = (data / "config.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  print_header:"))
    assert (problem["line"], problem["column"]) == (line, 17)
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    value = json.loads(written) if written.startswith('"') or written.isdigit() else written
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"circular": {"print_header": value}}, schema)


@pytest.mark.parametrize("written", ["true", "false"])
def test_true_and_false_pass_both(data: Path, written: str) -> None:
    replace_once(data / "config.yaml", OLD, f"  print_header: {written}")
    assert invoke("validate", "-d", data).exit_code == 0
    schema = json.loads((ROOT / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate({"circular": {"print_header": written == "true"}}, schema)
