"""A programme that is not Ruzhou's and leaves config.yaml's circular out is told that its circular
would carry Ruzhou's issuer, 文号 and addressees (#21); Ruzhou's own programme is not."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from ruamel.yaml import YAML

from conftest import FIXTURES, copy_data, invoke


def _county(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "county-2023", data)
    return data


def test_a_county_without_circular_settings_is_warned_at_the_config_file(tmp_path: Path) -> None:
    data = _county(tmp_path)
    (data / "config.yaml").unlink()
    result = invoke("validate", "-d", data)
    assert result.exit_code == 0, result.output  # a warning, not an error
    assert "circular-defaults" in result.output
    text = re.sub(r"\s+", "", result.output)
    assert "本方案为青山县的" in text
    assert "issuer（发文机关）" in text and "document_number（发文字号格式）" in text
    assert "汝州市人民政府办公室文件" in text


def test_the_warning_names_only_what_is_missing_at_the_circular_line(tmp_path: Path) -> None:
    data = _county(tmp_path)
    path = data / "config.yaml"
    yaml = YAML()
    config = yaml.load(path)
    del config["circular"]["copy_to"]
    del config["circular"]["document_number"]
    yaml.dump(config, path)
    line = next(
        n
        for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if text.startswith("circular:")
    )
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 0, result.output
    found = [p for p in json.loads(result.stdout) if p["code"] == "circular-defaults"]
    assert [p["line"] for p in found] == [line]
    assert "copy_to（抄送机关）" in found[0]["message"]
    assert "document_number（发文字号格式）" in found[0]["message"]
    assert "issuer" not in found[0]["message"]


def test_report_says_so_too(tmp_path: Path) -> None:
    data = _county(tmp_path)
    (data / "config.yaml").unlink()
    result = invoke("report", "-q", "2", "-d", data, "-o", tmp_path / "q2.docx")
    assert result.exit_code == 0, result.output
    assert "本方案为青山县的" in re.sub(r"\s+", "", result.output)


def test_a_county_that_writes_its_names_and_ruzhou_are_not_warned(tmp_path: Path) -> None:
    for data in (_county(tmp_path / "a"), copy_data(tmp_path / "b" / "data")):
        result = invoke("validate", "-d", data)
        assert result.exit_code == 0, result.output
        assert "circular-defaults" not in result.output
