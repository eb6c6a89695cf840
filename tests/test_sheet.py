"""`mscli sheet export|import` end to end on a copy of the frozen data.

The workbook is reopened with openpyxl to check what a clerk sees, filled in as a clerk would, and
imported back; the progress file written must pass `mscli validate`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ruamel.yaml import YAML

from conftest import FIXTURE_DATA, invoke

FIRST = 5  # the first metric row of 进度, under the title, the date row and the header


def reported(output: str, cell: str, message: str, label: str = "错误") -> bool:
    """The problem list names `cell` with its label and message on one line."""
    return any(
        line.strip().startswith(cell) and label in line and message in line
        for line in output.splitlines()
    )


def export(data: Path, unit: str, quarter: int, *extra: str) -> Path:
    output = data.parent / f"{unit}-Q{quarter}.xlsx"
    result = invoke(
        "sheet",
        "export",
        "-q",
        str(quarter),
        "-u",
        unit,
        "-d",
        str(data),
        "-o",
        str(output),
        *extra,
    )
    assert result.exit_code == 0, result.output
    return output


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def metric_rows(sheet: Any) -> list[int]:
    return [row for row in range(FIRST, sheet.max_row + 1) if sheet[f"C{row}"].value]


def fill(
    workbook: Path,
    values: dict[str, Any],
    *,
    date: Any = dt.date(2023, 9, 20),
    texts: dict[str, str] | None = None,
) -> Path:
    """Fill cells as a clerk would (keys are cell addresses on 进度) and save a copy."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["进度"]
    sheet["B3"] = date
    for cell, value in {**values, **(texts or {})}.items():
        sheet[cell] = value
    filled = workbook.with_name(f"填好的-{workbook.name}")
    book.save(filled)
    return filled


def previous_or(sheet: Any, row: int, default: float) -> Any:
    shown = sheet[f"E{row}"].value
    return shown if isinstance(shown, int | float) else default


# ---------------------------------------------------------------- export


def test_export_shows_the_clerk_what_to_fill(data: Path) -> None:
    book = openpyxl.load_workbook(export(data, "rz-hrss", 3))
    sheet = book["进度"]
    assert book.sheetnames == ["进度", "元数据", "说明"]
    assert book["元数据"].sheet_state == "veryHidden"
    assert sheet["A1"].value == "市人力资源和社会保障局 2023年第三季度重点民生实事进展"
    assert "报送截止：2023年9月25日" in sheet["A2"].value
    assert sheet["A3"].value == "报送日期"
    headers = [sheet.cell(4, column).value for column in range(1, 11)]
    assert headers[:7] == [
        "指标",
        "指标（原文）",
        "指标项",
        "年度目标",
        "上季度累计值",
        "本季度累计值（填写）",
        "单位",
    ]
    assert sheet.freeze_panes == "A5"
    setup = sheet.page_setup  # A4 (paper size 9) landscape, one page wide, the header on each page
    assert (str(setup.paperSize), setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        "9",
        "landscape",
        1,
        0,
    )
    assert sheet.print_title_rows == "$4:$4"

    q2 = load_yaml(data / "progress/2023-Q2/rz-hrss.yaml")["indicators"]
    rows = metric_rows(sheet)
    # one row per metric, in order, led by the indicator's Chinese name; the ids are in 元数据
    assert [sheet[f"A{row}"].value for row in rows] == [
        "技能培训",
        "新增技能人才",
        "新增高技能人才",
        "城镇新增就业",
    ]
    meta = book["元数据"]
    assert [meta.cell(row, 2).value for row in range(8, 12)] == list(q2)
    assert [sheet[f"E{row}"].value for row in rows] == [1.52, 0.98, 0.29, 0.43]  # "0.98万" too
    assert sheet[f"D{rows[0]}"].value == 2.72 and sheet[f"G{rows[0]}"].value == "万人次"
    assert sheet[f"B{rows[0]}"].value == "完成技能培训16万人次。"

    assert sheet.protection.sheet and book.security.lockStructure
    unlocked = {
        cell.coordinate for line in sheet.iter_rows() for cell in line if not cell.protection.locked
    }
    to_fill = {"B3", "H3"} | {f"{col}{row}" for row in rows for col in "FHIJ"}
    assert unlocked == to_fill  # every other cell is locked
    validated = {str(rule.sqref) for rule in sheet.data_validations.dataValidation}
    assert validated == {"B3"} | {f"F{row}" for row in rows}


def test_texts_are_filled_once_per_indicator(data: Path) -> None:
    sheet = openpyxl.load_workbook(export(data, "rz-health", 3))["进度"]
    rows = {(sheet[f"C{row}"].value): row for row in metric_rows(sheet)}
    first, second = rows["宫颈癌筛查"], rows["乳腺癌筛查"]
    assert second == first + 1
    assert not sheet[f"F{second}"].protection.locked
    assert not sheet[f"H{first}"].protection.locked and sheet[f"H{second}"].protection.locked
    assert f"A{first}:A{second}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet[f"G{rows['孕早中期产前筛查覆盖率']}"].value == "%"


def test_first_quarter_has_no_previous_values(data: Path) -> None:
    sheet = openpyxl.load_workbook(export(data, "rz-market", 1))["进度"]
    assert {sheet[f"E{row}"].value for row in metric_rows(sheet)} == {"—"}
    prohibition = next(r for r in metric_rows(sheet) if sheet[f"C{r}"].value == "重大食品安全事故")
    assert sheet[f"D{prohibition}"].value == "不发生" and sheet[f"G{prohibition}"].value == "起"


def test_export_default_path_overwrite_and_force(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data.parent)
    args = (
        "sheet",
        "export",
        "--quarter",
        "3",
        "--unit",
        "市人力资源和社会保障局",
        "--data",
        "data",
    )
    assert invoke(*args).exit_code == 0
    written = data.parent / "output" / "2023-Q3-市人力资源和社会保障局.xlsx"
    before = written.read_bytes()
    again = invoke(*args)
    assert again.exit_code == 1 and "已存在" in again.output and "--force" in again.output
    assert written.read_bytes() == before
    assert invoke(*args, "--force").exit_code == 0


def test_export_names_an_unknown_unit(data: Path) -> None:
    result = invoke("sheet", "export", "-q", "3", "-u", "市人力资源和社会保険局", "-d", str(data))
    assert result.exit_code == 2
    assert "找不到汝州市单位" in result.output and "市人力资源和社会保障局" in result.output


# ---------------------------------------------------------------- import


def test_import_writes_the_progress_file(data: Path) -> None:
    workbook = export(data, "rz-hrss", 3)
    filled = fill(
        workbook,
        {"F5": 2.1, "F6": "1.2万", "F7": "０.４１", "F8": 0.55, "H3": "张某某 0375-0000000"},
        texts={
            "H5": "累计培训2.1万人次。\n其中：企业职工1万人次",
            "I5": "无",
            "J5": "继续推进",
            "H6": "累计新增技能人才1.2万人",
        },
    )
    result = invoke("sheet", "import", str(filled), "--data", str(data))
    assert result.exit_code == 0, result.output
    written = data / "progress/2023-Q3/rz-hrss.yaml"
    assert str(written) in result.output
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../schemas/progress.schema.json"
    assert filled.name in lines[2]
    report = load_yaml(written)
    assert report["submitted"] == dt.date(2023, 9, 20)
    assert report["contact"] == "张某某 0375-0000000"
    values = {key: entry["values"] for key, entry in report["indicators"].items()}
    assert values == {
        "skill-training": {"trainees": 2.1},
        "new-skilled-workers": {"skilled-workers": 1.2},
        "new-high-skilled-workers": {"high-skilled-workers": 0.41},
        "urban-employment": {"new-jobs": 0.55},
    }
    training = report["indicators"]["skill-training"]
    assert training["progress"] == "累计培训2.1万人次。\n其中：企业职工1万人次"
    assert (training["issues"], training["next_steps"]) == ("无", "继续推进")
    assert "progress" not in report["indicators"]["urban-employment"]
    check = invoke("validate", "--data", str(data))
    assert check.exit_code == 0, check.output
    assert "未发现问题" in check.output


UNITS = sorted(p.stem for p in (FIXTURE_DATA / "progress/2023-Q1").glob("*.yaml"))


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_round_trips(data: Path, unit: str) -> None:
    """Every kind of metric (counts, 万 units, rates, ranges, prohibitions) comes back as filled."""
    workbook = export(data, unit, 3)
    sheet = openpyxl.load_workbook(workbook)["进度"]
    cells = {f"F{row}": previous_or(sheet, row, 1) for row in metric_rows(sheet)}
    result = invoke("sheet", "import", str(fill(workbook, cells)), "-d", str(data))
    assert result.exit_code == 0, result.output
    report = load_yaml(data / f"progress/2023-Q3/{unit}.yaml")
    filled = [
        value for entry in report["indicators"].values() for value in entry["values"].values()
    ]
    assert filled == list(cells.values())
    check = invoke("validate", "--data", str(data))
    assert check.exit_code == 0, check.output


def test_bad_cells_are_all_reported_by_address(data: Path) -> None:
    workbook = export(data, "rz-hrss", 3)
    filled = fill(workbook, {"F5": "两万", "F6": None, "F7": 0.4, "F8": 0.1}, date="六月底")
    result = invoke("sheet", "import", str(filled), "-d", str(data))
    assert result.exit_code == 1
    output = result.output
    assert reported(output, "进度!F5", "无法读取的数值“两万”")
    assert reported(output, "进度!F6", "没有填写“新增技能人才”的本季度累计值")
    assert reported(output, "进度!B3", "报送日期“六月底”不是有效的日期")
    # found by the progress checks in the same run: below the second quarter's 0.43万人
    assert reported(output, "进度!F8", "城镇新增就业的累计值 0.1万人 低于上一季度")
    assert "进度!F7" not in output
    assert "有 4 个问题，未写入任何文件" in output
    assert not (data / "progress/2023-Q3").exists()


def test_empty_date_and_percent_cells(data: Path) -> None:
    workbook = export(data, "rz-postal", 3)
    book = openpyxl.load_workbook(workbook)
    sheet = book["进度"]
    sheet["F5"] = 0.8  # 80% typed into a cell Excel formats as a percentage
    sheet["F5"].number_format = "0%"
    book.save(workbook)
    result = invoke("sheet", "import", str(workbook), "-d", str(data))
    assert result.exit_code == 1 and reported(result.output, "进度!B3", "没有填写报送日期")
    result = invoke("sheet", "import", str(fill(workbook, {})), "-d", str(data))
    assert result.exit_code == 0, result.output
    report = load_yaml(data / "progress/2023-Q3/rz-postal.yaml")
    assert report["indicators"]["village-delivery-stations"]["values"] == {"villages": 80}


def test_a_date_outside_the_quarter_points_at_its_cell(data: Path) -> None:
    workbook = export(data, "rz-transport", 3)
    result = invoke(
        "sheet",
        "import",
        str(fill(workbook, {"F5": 30}, date=dt.date(2023, 1, 5))),
        "-d",
        str(data),
    )
    assert result.exit_code == 1
    assert reported(result.output, "进度!B3", "报送日期 2023-01-05 不合理")


def test_overwrite_is_refused_without_force(data: Path) -> None:
    existing = data / "progress/2023-Q2/rz-hrss.yaml"
    before = existing.read_text(encoding="utf-8")
    workbook = export(data, "rz-hrss", 2)
    cells = {"F5": 1.6, "F6": 1.0, "F7": 0.3, "F8": 0.5}
    filled = fill(workbook, cells, date=dt.date(2023, 6, 21))
    refused = invoke("sheet", "import", str(filled), "-d", str(data))
    assert refused.exit_code == 1
    assert "已报送（报送日期 2023-06-20）" in refused.output and "--force" in refused.output
    assert existing.read_text(encoding="utf-8") == before
    forced = invoke("sheet", "import", str(filled), "-d", str(data), "--force")
    assert forced.exit_code == 0, forced.output
    report = load_yaml(existing)
    assert report["submitted"] == dt.date(2023, 6, 21)
    assert report["indicators"]["skill-training"]["values"] == {"trainees": 1.6}
    # what the workbook has no column for stays: evidence, the unit's texts, the file's comments
    training = report["indicators"]["skill-training"]
    assert training["evidence"][0]["title"] == "2023年第二季度职业技能培训台账"
    assert training["progress"].startswith("截至6月20日")
    assert existing.read_text(encoding="utf-8").splitlines()[:3] == before.splitlines()[:3]
    assert invoke("validate", "--data", str(data)).exit_code == 0


def test_import_into_a_draft_needs_no_force_and_keeps_evidence_and_comments(data: Path) -> None:
    assert invoke("new-quarter", "-q", "3", "-d", str(data)).exit_code == 0
    draft = data / "progress/2023-Q3/rz-hrss.yaml"
    text = draft.read_text(encoding="utf-8").replace(
        "    # progress: 进展情况\n",
        "    # progress: 进展情况\n    evidence:\n      - title: 三季度培训台账\n",
        1,
    )
    draft.write_text(text, encoding="utf-8")
    workbook = export(data, "rz-hrss", 3)
    filled = fill(
        workbook, {"F5": 2.1, "F6": 1.2, "F7": 0.41, "F8": 0.55}, texts={"H5": "累计培训2.1万人次"}
    )
    result = invoke("sheet", "import", str(filled), "-d", str(data))
    assert result.exit_code == 0, result.output
    assert "报送日期 2023-09-20" in result.output
    lines = draft.read_text(encoding="utf-8").splitlines()
    assert "submitted: 2023-09-20  # 报送日期" in lines
    # the draft's instructions are done with: the value keeps its label, the placeholder goes
    assert "      trainees: 2.1  # 技能培训（万人次）" in lines
    block = lines[lines.index("  skill-training:") : lines.index("  new-skilled-workers:")]
    assert "    # progress: 进展情况" not in block
    assert block[-2:] == ["    # issues: 存在问题（可选）", "    # next_steps: 下步打算（可选）"]
    assert "# 报送截止：2023年9月25日" in lines  # new-quarter's header is kept
    training = load_yaml(draft)["indicators"]["skill-training"]
    assert training["evidence"] == [{"title": "三季度培训台账"}]
    assert training["progress"] == "累计培训2.1万人次"
    units = invoke("units", "-q", "3", "-d", str(data), "--as-of", "2023-09-21", "-f", "json")
    hrss = {u["id"]: u for u in json.loads(units.stdout)}["rz-hrss"]
    assert (hrss["timeliness"], hrss["submitted"]) == ("按时报送", "2023-09-20")


def test_a_value_below_last_quarter_is_refused_even_with_force(data: Path) -> None:
    workbook = export(data, "rz-hrss", 2)
    filled = fill(workbook, {"F5": 0.5, "F6": 1.0, "F7": 0.3, "F8": 0.5}, date=dt.date(2023, 6, 21))
    result = invoke("sheet", "import", str(filled), "-d", str(data), "--force")
    assert result.exit_code == 1
    assert reported(result.output, "进度!F5", "技能培训的累计值 0.5万人次 低于上一季度")
    assert "data/progress/2023-Q1/rz-hrss.yaml" in result.output


def test_a_workbook_not_made_by_export(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "自己做的表.xlsx"
    book = openpyxl.Workbook()
    book.worksheets[0]["A1"] = "技能培训"
    book.save(other)
    result = invoke("sheet", "import", str(other), "-d", str(data))
    assert result.exit_code == 1
    assert "不是由 mscli sheet export 生成的填报表" in result.output

    text = tmp_path / "不是表格.xlsx"
    text.write_text("技能培训 2.1", encoding="utf-8")
    result = invoke("sheet", "import", str(text), "-d", str(data))
    assert result.exit_code == 1 and "无法打开 不是表格.xlsx" in result.output


def test_an_unknown_unit_in_the_metadata(data: Path) -> None:
    workbook = export(data, "rz-hrss", 3)
    book = openpyxl.load_workbook(workbook)
    book["元数据"]["B3"] = "rz-nowhere"
    book.save(workbook)
    result = invoke("sheet", "import", str(fill(workbook, {"F5": 2})), "-d", str(data))
    assert result.exit_code == 1
    assert reported(
        result.output, "元数据!B3", "单位编号“rz-nowhere”不是 units.yaml 中的汝州市单位"
    )


def test_moved_rows_are_noticed(data: Path) -> None:
    workbook = export(data, "rz-hrss", 3)
    book = openpyxl.load_workbook(workbook)
    book["进度"].delete_rows(6)
    book.save(workbook)
    result = invoke("sheet", "import", str(fill(workbook, {"F5": 2})), "-d", str(data))
    assert result.exit_code == 1
    assert reported(result.output, "进度!A6", "这一行应是指标“新增技能人才”")
    assert "没有填写" not in result.output  # the cells below are not blamed for the move


def test_a_workbook_exported_with_ids_in_column_a_still_imports(data: Path) -> None:
    """Format 1 (before the Chinese names) had the indicator's id in column A."""
    workbook = export(data, "rz-transport", 3)
    book = openpyxl.load_workbook(workbook)
    book["元数据"]["B2"] = 1
    book["进度"]["A5"] = "rural-roads"
    book.save(workbook)
    result = invoke("sheet", "import", str(fill(workbook, {"F5": 12})), "-d", str(data))
    assert result.exit_code == 0, result.output
    assert load_yaml(data / "progress/2023-Q3/rz-transport.yaml")["indicators"]["rural-roads"][
        "values"
    ] == {"roads": 12}


def test_a_workbook_of_an_unknown_format_is_refused_clearly(data: Path) -> None:
    workbook = export(data, "rz-transport", 3)
    book = openpyxl.load_workbook(workbook)
    book["元数据"]["B2"] = 9
    book.save(workbook)
    before = (data / "progress/2023-Q3").exists()
    result = invoke("sheet", "import", str(fill(workbook, {"F5": 12})), "-d", str(data))
    assert result.exit_code == 1
    assert reported(result.output, "元数据!B2", "格式版本“9”")
    assert "请用现在的 mscli sheet export 重新导出填报表" in result.output.replace("\n", "")
    assert (data / "progress/2023-Q3").exists() == before


def test_warnings_do_not_stop_the_import(data: Path) -> None:
    workbook = export(data, "rz-transport", 3)
    result = invoke("sheet", "import", str(fill(workbook, {"F5": 70})), "-d", str(data))
    assert result.exit_code == 0, result.output
    assert reported(
        result.output, "进度!F5", "改造农村公路的累计值 70公里 超过目标 20公里 的 3 倍", "警告"
    )
    assert (data / "progress/2023-Q3/rz-transport.yaml").exists()


def test_a_missing_workbook_is_a_usage_error(data: Path) -> None:
    result = invoke("sheet", "import", str(data.parent / "没有.xlsx"), "-d", str(data))
    assert result.exit_code == 2 and "找不到填报表" in result.output


def _check_of(sheet: Any, cell: str) -> Any:
    [check] = [v for v in sheet.data_validations.dataValidation if cell in v.sqref]
    return check


def test_the_guide_and_the_cells_check_tell_one_story(data: Path) -> None:
    """说明 asks for a plain number (1.52 in a 万人次 column), each value cell's data validation
    allows only a number, and import words a cell it cannot read as the validation does."""
    workbook = export(data, "rz-hrss", 3)
    book = openpyxl.load_workbook(workbook)
    guide = "".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert "也可写" not in guide
    assert "只填数字" in guide and "1.52 表示 1.52万人次" in guide and "不要写“万”字或单位" in guide
    sheet = book["进度"]
    rows = metric_rows(sheet)
    assert sheet[f"G{rows[0]}"].value == "万人次"
    checks = [_check_of(sheet, f"F{row}") for row in rows]
    assert {c.type for c in checks} <= {"decimal", "whole"}  # no text passes Excel's check
    assert all(c.showErrorMessage and c.errorStyle in (None, "stop") for c in checks)
    words = checks[0].error
    assert (
        words
        == "请填写不小于 0 的数字，单位：万人次（只填数字，1.52 表示 1.52万人次，不要写“万”字或单位）"
    )
    # a number as the guide says, and the same amount pasted as text (pasting skips the check)
    cells = {f"F{row}": previous_or(sheet, row, 1) for row in rows}
    good = fill(workbook, {**cells, f"F{rows[0]}": 2.1})
    assert invoke("sheet", "import", str(good), "-d", str(data)).exit_code == 0
    report = data / "progress/2023-Q3/rz-hrss.yaml"
    assert load_yaml(report)["indicators"]["skill-training"]["values"]["trainees"] == 2.1
    report.unlink()
    pasted = fill(workbook, {**cells, f"F{rows[0]}": "2.1万"})
    assert invoke("sheet", "import", str(pasted), "-d", str(data)).exit_code == 0
    assert load_yaml(report)["indicators"]["skill-training"]["values"]["trainees"] == 2.1
    report.unlink()
    wrong = fill(workbook, {**cells, f"F{rows[0]}": "两万一"})
    result = invoke("sheet", "import", str(wrong), "-d", str(data))
    assert result.exit_code == 1
    assert reported(result.output, f"进度!F{rows[0]}", f"无法读取的数值“两万一”：{words}")
