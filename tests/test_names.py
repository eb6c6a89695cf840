"""Units, indicators and metrics named in the office's own words: ids, Chinese names, aliases and
abbreviations are accepted; an ambiguous or unknown name is a Chinese usage error (exit 2) that
lists the candidates and changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from conftest import invoke


def run(data: Path, *args: str) -> object:
    return invoke(*args, "--data", data)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def value(data: Path, unit: str, indicator: str, metric: str) -> object:
    path = data / f"progress/2023-Q2/{unit}.yaml"
    document = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    return document["indicators"][indicator]["values"][metric]


def submitted(data: Path, unit: str) -> object:
    path = data / f"progress/2023-Q2/{unit}.yaml"
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))["submitted"]


def snapshot(data: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in data.rglob("*.yaml")}


def add_alias(data: Path, indicator: str, alias: str) -> None:
    path = data / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    line = f"      - id: {indicator}\n"
    assert text.count(line) == 1
    path.write_text(text.replace(line, f"{line}        aliases: [{alias}]\n"), encoding="utf-8")


# --- set: indicators and metrics ---------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ["skill-training", "trainees"],  # ids
        ["技能培训", "技能培训"],  # Chinese names
        ["skill-training", "技能培训"],
        ["技能培训"],  # the only metric left out
        ["skill-training"],
        ["技能 培训"],  # white space does not matter
    ],
)
def test_set_takes_ids_and_chinese_names(data: Path, words: list[str]) -> None:
    result = invoke("set", *words, "1.6", "-q", "2", "-d", data)
    assert result.exit_code == 0, result.output
    assert "技能培训（skill-training.trainees）：1.52万人次 → 1.6万人次" in result.output
    assert value(data, "rz-hrss", "skill-training", "trainees") == 1.6


def test_set_takes_the_issue_example_with_a_chinese_metric(data: Path) -> None:
    result = invoke("set", "standard-clinics", "标准化村卫生室", "310", "-q", "2", "-d", data)
    assert result.exit_code == 0, result.output
    assert value(data, "rz-health", "standard-clinics", "clinics") == 310


def test_set_takes_a_metric_of_a_multi_metric_indicator_by_its_name(data: Path) -> None:
    result = invoke("set", "宫颈癌筛查", "3300", "-q", "2", "-d", data)
    assert result.exit_code == 0, result.output
    shown = "两癌筛查·宫颈癌筛查（cancer-screening.cervical-cancer）：3210人 → 3300人"
    assert flat(shown) in flat(result.output)
    assert value(data, "rz-health", "cancer-screening", "cervical-cancer") == 3300
    both = invoke("set", "两癌筛查", "乳腺癌筛查", "3300", "-q", "2", "-d", data)
    assert both.exit_code == 0, both.output
    assert value(data, "rz-health", "cancer-screening", "breast-cancer") == 3300


def test_set_takes_an_alias_registered_in_indicators_yaml(data: Path) -> None:
    add_alias(data, "skill-training", "职业技能培训")
    result = invoke("set", "职业技能培训", "1.6", "-q", "2", "-d", data)
    assert result.exit_code == 0, result.output
    assert value(data, "rz-hrss", "skill-training", "trainees") == 1.6


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (
            ["两癌筛查", "3300"],
            "指标“两癌筛查”有多个指标项，请写明是哪一项：宫颈癌筛查（cervical-cancer）、"
            "乳腺癌筛查（breast-cancer）",
        ),
        (
            ["卫生室", "300"],
            "“卫生室”可指多个指标：标准化村卫生室（standard-clinics）、长明灯村卫生室"
            "（all-night-clinics）、行政村卫生室经费补助（clinic-subsidies）；请写全称或编号",
        ),
        (["技能陪训", "1.6"], "找不到指标“技能陪训”。是不是“技能培训（skill-training）”？"),
        (["skill-trainin", "trainees", "1"], "找不到指标“skill-trainin”。是不是“技能培训"),
        (
            ["skill-training", "trainee", "1"],
            "指标“技能培训”没有指标项“trainee”。是不是“技能培训（trainees）”？"
            "可填：技能培训（trainees）",
        ),
        (["技能培训"], "请在“技能培训”之后给出数值"),
    ],
)
def test_set_refuses_ambiguous_and_unknown_names(
    data: Path, words: list[str], message: str
) -> None:
    before = snapshot(data)
    result = invoke("set", *words, "-q", "2", "-d", data)
    assert result.exit_code == 2, result.output
    assert flat(message) in flat(result.output)
    assert "Traceback" not in result.output
    assert snapshot(data) == before


# --- units: --unit of set and sheet export ------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    ["rz-hrss", "市人力资源和社会保障局", "市人力资源社会保障局", "市人社局", "人社局", "人社"],
)
def test_set_submitted_takes_the_units_id_name_alias_and_abbreviation(
    data: Path, unit: str
) -> None:
    result = invoke("set", "--submitted", "2023-06-21", "-q", "2", "-u", unit, "-d", data)
    assert result.exit_code == 0, result.output
    assert "市人力资源和社会保障局的报送日期：2023-06-20 → 2023-06-21" in result.output
    assert str(submitted(data, "rz-hrss")) == "2023-06-21"


def test_set_value_and_date_together_in_chinese(data: Path) -> None:
    result = invoke(
        "set",
        "技能培训",
        "1.6",
        "-q",
        "2",
        "--submitted",
        "2023-06-21",
        "-u",
        "市人社局",
        "-d",
        data,
    )
    assert result.exit_code == 0, result.output
    assert value(data, "rz-hrss", "skill-training", "trainees") == 1.6
    assert str(submitted(data, "rz-hrss")) == "2023-06-21"


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("管理局", "“管理局”可指多个汝州市单位："),
        ("市人社厅", "找不到汝州市单位“市人社厅”。是不是“市人力资源和社会保障局（rz-hrss）”"),
        ("平顶山市城市管理局", "“平顶山市城市管理局”是平顶山市单位平顶山市城市管理局"),
    ],
)
def test_commands_refuse_ambiguous_and_unknown_units(data: Path, unit: str, message: str) -> None:
    before = snapshot(data)
    for args in (
        ["set", "--submitted", "2023-06-21", "-q", "2", "-u", unit],
        ["set", "rural-roads", "5", "-q", "2", "-u", unit],
        ["sheet", "export", "-q", "3", "-u", unit],
        ["acceptance", "-u", unit, "-f", "json"],
    ):
        result = invoke(*args, "-d", data)
        assert result.exit_code == 2, (args, result.output)
        assert flat(message) in flat(result.output), args
    assert snapshot(data) == before


@pytest.mark.parametrize("unit", ["市卫健委", "卫健委", "市卫生健康委", "rz-health"])
def test_sheet_export_takes_an_abbreviation(
    data: Path, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent)
    result = invoke("sheet", "export", "-q", "3", "-u", unit, "-d", data)
    assert result.exit_code == 0, result.output
    written = data.parent / "output" / "2023-Q3-市卫生健康委.xlsx"
    assert "市卫生健康委 2023年第3季度进度填报表" in result.output
    assert load_workbook(written).sheetnames[0] == "进度"


@pytest.mark.parametrize("unit", ["市人社局", "人社局", "rz-hrss"])
def test_acceptance_takes_an_abbreviation(data: Path, unit: str) -> None:
    full = invoke("acceptance", "-u", "市人力资源和社会保障局", "-f", "json", "-d", data)
    short = invoke("acceptance", "-u", unit, "-f", "json", "-d", data)
    assert full.exit_code == short.exit_code == 0, short.output
    assert short.stdout == full.stdout and "市人力资源和社会保障局" in short.stdout
