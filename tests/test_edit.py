"""`mscli new-quarter` and `mscli set`, end to end on a copy of the frozen data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_DATA, invoke
from mscli.quantities import to_base
from mscli.yamlio.write import dump, round_trip_yaml
from mscli.years.dataset import Draft, check_dataset, load_dataset, read_dataset

LEAD_UNITS = [
    "rz-civil-affairs",
    "rz-disabled-federation",
    "rz-education",
    "rz-finance",
    "rz-health",
    "rz-housing",
    "rz-hrss",
    "rz-market",
    "rz-postal",
    "rz-state-grid",
    "rz-transport",
    "rz-youth-league",
]


def run(data: Path, *args: str) -> Any:
    return invoke(*args, "--data", data)


def flat(text: str) -> str:
    """The output without line breaks or spaces: the terminal may wrap lines anywhere."""
    return re.sub(r"\s+", "", text)


def read(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def metric_units(data: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    dataset, _ = load_dataset(data)
    assert dataset is not None
    return {
        (row.indicator.id, m.id): (m.unit, m.display_unit)
        for row in dataset.catalogue.rows()
        for m in row.indicator.target.metrics
    }


# --- round trip -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    sorted(FIXTURE_DATA.glob("progress/*/*.yaml")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_every_progress_file_round_trips_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    yaml = round_trip_yaml()
    assert dump(yaml, yaml.load(text)) == text


def test_a_draft_is_checked_as_if_it_were_on_disk(data: Path) -> None:
    hrss = data / "progress/2023-Q2/rz-hrss.yaml"
    text = hrss.read_text(encoding="utf-8").replace("trainees: 1.52", "trainees: 0.5")
    dataset, problems = read_dataset(data)
    assert dataset is not None and problems == []
    in_memory = check_dataset(dataset, [Draft(hrss, 2023, 2, text)])
    hrss.write_text(text, encoding="utf-8")
    (data / "progress/2023-Q2/rz-postal.yaml").write_text("submitted: [\n", encoding="utf-8")
    on_disk = load_dataset(data)[1]
    assert "cumulative-decrease" in {p.code for p in in_memory}
    assert in_memory == [p for p in on_disk if "rz-postal" not in p.file]
    assert check_dataset(dataset) == []  # the draft changed nothing on disk or in the dataset


# --- new-quarter ------------------------------------------------------------------------------


def test_new_quarter_writes_one_file_per_lead_unit_that_validates(data: Path) -> None:
    result = run(data, "new-quarter", "--quarter", "3")
    assert result.exit_code == 0, result.output
    q3 = data / "progress/2023-Q3"
    assert sorted(p.stem for p in q3.iterdir()) == LEAD_UNITS
    assert flat(result.output).count("已创建") == len(LEAD_UNITS)
    assert "报送截止：2023年9月25日" in flat(result.output)

    hrss = (q3 / "rz-hrss.yaml").read_text(encoding="utf-8")
    lines = hrss.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/progress.schema.json"
    assert "# 市人力资源和社会保障局 2023年第三季度重点民生实事进展" in lines
    assert "# 报送截止：2023年9月25日" in lines
    # a draft: the date stays empty until the unit reports
    assert (
        "submitted:  # 报送日期：报送时填写当天的日期，格式如 2023-09-25；留空即为草稿，不算已报送"
    ) in lines
    assert read(q3 / "rz-hrss.yaml")["submitted"] is None
    # 0.98万 in Q2 is written as the plain number 0.98 (万人), as the README asks clerks to write
    assert (
        "      skilled-workers: 0.98  # 新增技能人才（万人）：第2季度累计值，请改为年初至今累计值"
    ) in lines
    assert list(read(q3 / "rz-hrss.yaml")["indicators"]) == [
        "skill-training",
        "new-skilled-workers",
        "new-high-skilled-workers",
        "urban-employment",
    ]

    validated = run(data, "validate")
    assert validated.exit_code == 0, validated.output
    assert "数据检查通过，未发现问题。另有12个进度文件是草稿" in flat(validated.output)
    assert "草稿：data/progress/2023-Q3/ 市人力资源和社会保障局、" in validated.output
    one = run(data, "validate", "--unit", "rz-hrss")
    assert "data/progress/2023-Q3/rz-hrss.yaml" in one.output
    assert "5:1" in one.output and "(draft)" in one.output


def test_new_quarter_values_equal_the_latest_earlier_quarter(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    units = metric_units(data)
    compared = 0
    for path in sorted((data / "progress/2023-Q3").iterdir()):
        new = read(path)["indicators"]
        # 市残联 did not report in Q2: its starting point is Q1's
        quarter = "2023-Q2" if (data / "progress/2023-Q2" / path.name).exists() else "2023-Q1"
        old = read(data / "progress" / quarter / path.name)["indicators"]
        assert list(new) == list(old)
        for indicator, entry in new.items():
            for metric, value in entry["values"].items():
                unit, display = units[(indicator, metric)]
                before = old[indicator]["values"][metric]
                assert isinstance(value, int | float), (path.name, metric, value)
                expected = to_base(before, unit, display)
                assert to_base(value, unit, display) == pytest.approx(expected)
                compared += 1
    assert compared == len(units)  # every metric Ruzhou reports on
    rehab = (data / "progress/2023-Q3/rz-disabled-federation.yaml").read_text(encoding="utf-8")
    assert "children: 86  # 残疾儿童康复救助（人）：第1季度累计值" in rehab


def test_new_quarter_without_earlier_values_starts_at_zero(data: Path) -> None:
    shutil.rmtree(data / "progress/2023-Q1")
    shutil.rmtree(data / "progress/2023-Q2")
    result = run(data, "new-quarter", "-q", "1")
    assert result.exit_code == 0, result.output
    hrss = (data / "progress/2023-Q1/rz-hrss.yaml").read_text(encoding="utf-8")
    assert "      trainees: 0  # 技能培训（万人次）：填写年初至今累计值" in hrss.splitlines()
    assert "# 报送截止：2023年3月25日" in hrss
    assert "# contact: 联系人 电话" in hrss
    assert run(data, "validate").exit_code == 0


def test_new_quarter_twice_changes_nothing(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    q3 = data / "progress/2023-Q3"
    first = snapshot(q3)
    again = run(data, "new-quarter", "-q", "3")
    assert again.exit_code == 0, again.output
    assert snapshot(q3) == first
    assert flat(again.output).count("已存在（未改动）") == len(LEAD_UNITS)
    assert "已创建" not in again.output


def test_new_quarter_never_touches_an_existing_report(data: Path) -> None:
    q2 = data / "progress/2023-Q2"
    before = snapshot(q2)
    result = run(data, "new-quarter", "-q", "2")
    assert result.exit_code == 0, result.output
    after = snapshot(q2)
    assert after.pop("rz-disabled-federation.yaml")
    assert after == before
    assert "已创建" in flat(result.output) and "rz-disabled-federation.yaml" in result.output
    assert flat(result.output).count("已存在（未改动）") == len(LEAD_UNITS) - 1


def test_new_quarter_refuses_data_with_errors(data: Path) -> None:
    (data / "progress/2023-Q2/rz-postal.yaml").write_text("submitted: [\n", encoding="utf-8")
    result = run(data, "new-quarter", "-q", "3")
    assert result.exit_code == 1
    assert "请先修正数据" in result.output
    assert not (data / "progress/2023-Q3").exists()


def test_new_quarter_for_another_year_is_refused(data: Path) -> None:
    result = run(data, "new-quarter", "-q", "1", "--year", "2024")
    assert result.exit_code == 2
    assert "没有 2024 年的指标目录（数据目录中有 2023 年）" in result.output
    assert "mscli new-year --year 2024" in result.output
    assert not (data / "progress/2024-Q1").exists()


# --- set --------------------------------------------------------------------------------------


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_set_changes_exactly_one_line(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-hrss.yaml"
    before = path.read_text(encoding="utf-8")
    result = run(data, "set", "skill-training", "trainees", "1.6", "--quarter", "2")
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [("      trainees: 1.52", "      trainees: 1.6")]
    assert f"技能培训（skill-training.trainees）：1.52万人次 → 1.6万人次（{path}）" in result.output
    assert run(data, "validate").exit_code == 0


def test_set_writes_text_values_as_text(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-health.yaml"
    before = path.read_text(encoding="utf-8")
    result = run(data, "set", "family-doctor-contracts", "contracts", "42万", "-q", "2")
    assert result.exit_code == 0, result.output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        ('      contracts: "41.6万"', '      contracts: "42万"')
    ]
    assert "41.6万人次 → 42万人次" in result.output


def test_set_keeps_the_comments_of_a_new_quarter_file(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    path = data / "progress/2023-Q3/rz-market.yaml"
    before = path.read_text(encoding="utf-8")
    yaml = round_trip_yaml()
    assert dump(yaml, yaml.load(before)) == before  # a generated file round-trips too
    result = run(data, "set", "food-sampling", "pass-rate", "99.15", "-q", "3")
    assert result.exit_code == 0, result.output
    assert changed_lines(before, path.read_text(encoding="utf-8")) == [
        (
            "      pass-rate: 98.6  # 食品安全抽验合格率（%）：第2季度数值，请改为本季度数值",
            "      pass-rate: 99.15  # 食品安全抽验合格率（%）",  # the instruction is done with
        )
    ]


def test_set_adds_an_indicator_missing_from_the_file(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-transport.yaml"
    path.write_text(
        "# 交通运输局\nsubmitted: 2023-06-22\n\nindicators:\n  other-thing: {}\n", encoding="utf-8"
    )
    # the stray indicator makes the data invalid: set refuses, the file stays as it was
    refused = run(data, "set", "rural-roads", "roads", "5", "-q", "2")
    assert refused.exit_code == 1
    assert "other-thing" in refused.output
    path.write_text("# 交通运输局\nsubmitted: 2023-06-22\n\nindicators: {}\n", encoding="utf-8")
    result = run(data, "set", "rural-roads", "roads", "5", "-q", "2")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        "# 交通运输局\nsubmitted: 2023-06-22\n\nindicators:\n  rural-roads:\n    values:\n"
        "      roads: 5\n"
    )
    assert "（未填写） → 5公里" in result.output


def test_set_keeps_windows_line_endings(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-postal.yaml"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    assert run(data, "set", "village-delivery-stations", "villages", "60", "-q", "2").exit_code == 0
    after = path.read_bytes().decode("utf-8")
    assert after.count("\r\n") == text.count("\r\n") and "\n" not in after.replace("\r\n", "")
    assert changed_lines(text, after) == [("      villages: 56.3", "      villages: 60")]


def test_set_writes_a_suspicious_value_and_warns(data: Path) -> None:
    result = run(data, "set", "skill-training", "trainees", "10", "-q", "2")
    assert result.exit_code == 0, result.output
    assert "trainees: 10" in (data / "progress/2023-Q2/rz-hrss.yaml").read_text(encoding="utf-8")
    assert "警告" in result.output and "超过目标" in flat(result.output)


def test_set_with_an_unchanged_value_leaves_the_file_alone(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-hrss.yaml"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = run(data, "set", "skill-training", "trainees", "1.52", "-q", "2")
    assert result.exit_code == 0, result.output
    assert "文件未改动" in flat(result.output)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_set_refuses_a_value_below_the_previous_quarter(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-hrss.yaml"
    before = path.read_bytes()
    result = run(data, "set", "skill-training", "trainees", "0.5", "-q", "2")
    assert result.exit_code == 1
    output = flat(result.output)
    assert "技能培训的累计值0.5万人次低于上一季度" in output
    assert "未写入" in output
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["heating", "1"], "由平顶山市统一安排实施，汝州市不报送进度"),
        (["skill-training", "trainees", "很多"], "无法读取的数值“很多”"),
        (["skill-training", "trainees", "1.6万户"], "与指标项单位“人次”不符"),
        (["rural-roads", "roads", "5", "--unit", "rz-hrss"], "不是指标“rural-roads”的牵头单位"),
        (["prenatal-newborn-screening", "prenatal", "101"], "超过了100%"),
    ],
)
def test_set_refusals_leave_the_data_unchanged(data: Path, args: list[str], message: str) -> None:
    before = {p: p.read_bytes() for p in data.rglob("*.yaml")}
    result = run(data, "set", *args, "-q", "2")
    assert result.exit_code == 1
    assert "错误" in result.output and flat(message) in flat(result.output)
    assert {p: p.read_bytes() for p in data.rglob("*.yaml")} == before


def test_set_without_the_quarters_file_suggests_new_quarter(data: Path) -> None:
    result = run(data, "set", "skill-training", "trainees", "2", "-q", "3")
    assert result.exit_code == 1
    assert flat("请先运行 mscli new-quarter --quarter 3 生成") in flat(result.output)
    assert not (data / "progress/2023-Q3").exists()


def test_missing_data_folder_is_a_usage_error(tmp_path: Path) -> None:
    for args in (["new-quarter", "-q", "3"], ["set", "skill-training", "trainees", "1", "-q", "2"]):
        result = run(tmp_path / "nowhere", *args)
        assert result.exit_code == 2
        assert "不存在" in result.output


def test_set_submitted_turns_a_draft_into_a_report(data: Path) -> None:
    assert run(data, "new-quarter", "--quarter", "3").exit_code == 0
    path = data / "progress/2023-Q3/rz-transport.yaml"
    before = path.read_text(encoding="utf-8")
    missing_unit = run(data, "set", "--submitted", "2023-09-20", "-q", "3")
    assert missing_unit.exit_code == 2 and "--unit" in missing_unit.output
    bad_day = run(data, "set", "--submitted", "2023-9-31", "-q", "3", "-u", "市交通运输局")
    assert bad_day.exit_code == 2 and "不是有效的日期" in flat(bad_day.output)
    assert path.read_text(encoding="utf-8") == before

    result = run(data, "set", "--submitted", "2023-09-27", "-q", "3", "-u", "市交通运输局")
    assert result.exit_code == 0, result.output
    assert "报送日期：未填（草稿）→2023-09-27，晚于报送截止2023年9月25日，计为迟报" in flat(
        result.output
    )
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [a for a, b in zip(after, before.splitlines(), strict=True) if a != b]
    assert changed == ["submitted: 2023-09-27  # 报送日期"]  # every other line and comment kept
    assert read(path)["submitted"].isoformat() == "2023-09-27"
    # the values are last quarter's and nothing was written about progress
    assert "(unchanged-report)" in result.output


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("9" * 100_000, "无法读取的数值“99999999999999999999…”（共 100000 个字符）"),
        ("9" * 19, "过大，请核对"),
        ("1" + "万" * 1000, "（共 1001 个字符）"),
        ("1e309", "与指标项单位"),
    ],
    ids=["100000 digits", "19 digits", "1000 万", "1e309"],
)
def test_set_refuses_an_absurd_number_briefly_and_writes_nothing(
    data: Path, value: str, said: str
) -> None:
    report = data / "progress" / "2023-Q2" / "rz-hrss.yaml"
    before = report.read_bytes()
    result = invoke("set", "skill-training", "trainees", value, "-q", "2", "--data", data)
    assert result.exit_code == 1
    assert said in result.output and len(result.output) < 400, result.output
    assert report.read_bytes() == before
