"""Items that are not counts (#21): milestones (stages reached on dates) and tasks (done on a
date), and a programme that is not Ruzhou's: tests/fixtures/county-2023, the invented 青山县's
own programme, verified by its own 县政府督查局, with three milestones, a money item, a task and
two counts, plans and Q2 + Q4 reports.

tests/cases/item-invalid/<case>/ overlays that fixture with one file and lists its problems in
expected.txt: `FILE:LINE:COLUMN CODE MESSAGE`, FILE relative to data/.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from conftest import CASES, FIXTURES, expected_problems, invoke, replace_once, validated

COUNTY = FIXTURES / "county-2023"
ITEM_CASES = CASES / "item-invalid"
NAMES = sorted(p.name for p in ITEM_CASES.iterdir() if p.is_dir())
KINDERGARTEN_Q2 = "已于4月20日开工，计划9月底前主体完工"


def county(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(COUNTY, data)
    return data


def status_of(data: Path, quarter: int) -> dict[str, dict[str, Any]]:
    result = invoke("status", "-q", str(quarter), "-f", "json", "--data", data)
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


def report_md(data: Path, quarter: int, tmp_path: Path) -> str:
    out = tmp_path / f"q{quarter}.md"
    result = invoke("report", "-q", str(quarter), "-f", "md", "-o", out, "--data", data)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


# --- validate ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_item_case(name: str, tmp_path: Path) -> None:
    data = county(tmp_path)
    shutil.copytree(ITEM_CASES / name, data, dirs_exist_ok=True)
    (data / "expected.txt").unlink()
    assert validated(data) == expected_problems(ITEM_CASES / name / "expected.txt")


def test_there_are_item_cases_for_each_rule() -> None:
    codes = {
        code
        for n in NAMES
        for _, _, _, code, _ in expected_problems(ITEM_CASES / n / "expected.txt")
    }
    assert {
        "unknown-stage",
        "stage-kind",
        "stage-date",
        "stage-order",
        "plan-stage",
        "plan-stage-order",
        "plan-node-kind",
        "plan-date-order",
        "choice",  # a block the programme does not have
        "unit-level",  # a verifier of the level the structure does not allow
        "value",  # a milestone without stages, with a value, beside a count …
    } <= codes


def test_the_county_programme_validates(tmp_path: Path) -> None:
    assert validated(county(tmp_path)) == set()


# --- status on a date ----------------------------------------------------------------------------


def test_milestones_reached_on_time_late_and_never(tmp_path: Path) -> None:
    data = county(tmp_path)
    q2, q4 = status_of(data, 2), status_of(data, 4)
    # 开工 4-20 before its 4-30 node; 主体完工 due 9-30, not yet
    assert q2["kindergarten-building"]["status"] == "按序时"
    assert q4["kindergarten-building"]["status"] == "已完成"
    # 开工 late (5-15 for 3-31) but reached; 主体完工 due 6-30 not reached; 竣工 due 11-30 missed
    assert q2["outpatient-building"]["status"] == "滞后"
    assert q4["outpatient-building"]["status"] == "未完成"  # the year-end word
    assert q4["outpatient-building"]["schedule_status"] == "滞后"  # one stage overdue, 31 days
    # never started: 开工 due 5-31 is 30 days overdue at Q2; all three stages overdue at Q4
    assert q2["market"]["status"] == "滞后"
    assert q4["market"]["schedule_status"] == "严重滞后"


def test_milestone_json_carries_stages_and_no_completion_rate(tmp_path: Path) -> None:
    row = status_of(county(tmp_path), 2)["kindergarten-building"]
    assert row["completion"] is None and row["schedule"] is None
    (metric,) = row["metrics"]
    assert metric["completion"] is None
    assert metric["kind"] == "milestone"
    assert metric["text"] == KINDERGARTEN_Q2
    assert metric["stages"] == [
        {"stage": "开工", "planned": "2023-04-30", "reached": "2023-04-20", "overdue": False},
        {"stage": "主体完工", "planned": "2023-09-30", "reached": None, "overdue": False},
        {"stage": "竣工", "planned": "2023-12-20", "reached": None, "overdue": False},
        {"stage": "投入使用", "planned": "2023-12-31", "reached": None, "overdue": False},
    ]


def test_seriously_behind_by_stages_or_by_days_as_configured(tmp_path: Path) -> None:
    data = county(tmp_path)
    config = data / "config.yaml"
    text = config.read_text(encoding="utf-8")
    # default: 60 days; the market's 开工 is 30 days overdue at Q2
    config.write_text(text + "status: {days_serious: 20}\n", encoding="utf-8")
    assert status_of(data, 2)["market"]["status"] == "严重滞后"
    assert status_of(data, 2)["outpatient-building"]["status"] == "滞后"  # due that very day
    # three stages overdue at Q4 (214 days): serious by stages even when days would allow it
    config.write_text(text + "status: {days_serious: 366}\n", encoding="utf-8")
    assert status_of(data, 4)["market"]["schedule_status"] == "严重滞后"
    config.write_text(text + "status: {days_serious: 366, stages_serious: 4}\n", encoding="utf-8")
    assert status_of(data, 4)["market"]["schedule_status"] == "滞后"


def test_a_task_is_on_schedule_until_due_then_behind_or_done(tmp_path: Path) -> None:
    data = county(tmp_path)
    assert status_of(data, 2)["upkeep-mechanism"]["status"] == "按序时"  # due 8-31
    assert status_of(data, 4)["upkeep-mechanism"]["status"] == "已完成"  # done 8-15
    report = data / "progress" / "2023-Q4" / "qs-housing.yaml"
    replace_once(report, "    done: 2023-08-15\n", "")
    row = status_of(data, 4)["upkeep-mechanism"]
    assert row["schedule_status"] == "严重滞后"  # 122 days past 8-31
    assert row["metrics"][0]["text"] == "尚未完成（计划8月底前完成，已逾期122天）"


def test_a_task_without_a_plan_is_due_by_the_catalogue(tmp_path: Path) -> None:
    data = county(tmp_path)
    plan = data / "plans" / "2023" / "qs-housing.yaml"
    replace_once(plan, "    nodes:\n      mechanism:\n        - {date: 2023-08-31}\n", "")
    row = status_of(data, 2)["upkeep-mechanism"]
    assert row["schedule_basis"] == "按指标目录所定完成时限（未报落实方案）"
    assert row["metrics"][0]["text"] == "计划9月底前完成"


def test_a_milestone_without_a_plan_is_due_by_the_years_end(tmp_path: Path) -> None:
    data = county(tmp_path)
    (data / "plans" / "2023" / "qs-commerce.yaml").unlink()
    q2, q4 = status_of(data, 2)["market"], status_of(data, 4)["market"]
    assert q2["status"] == "按序时"
    assert q2["metrics"][0]["text"] == "尚未开工，计划年底前投入使用"
    assert q2["schedule_basis"] == "按年底前完成（未报落实方案）"
    assert q4["schedule_status"] == "滞后"  # only the last stage has a date: 12-31, that day
    assert q4["metrics"][0]["text"] == "尚未开工，计划年底前投入使用，已逾期"


def test_status_markdown_words_stages_never_a_rate(tmp_path: Path) -> None:
    result = invoke("status", "-q", "2", "-f", "md", "--data", county(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = next(x for x in lines if x.startswith("| kindergarten-building |"))
    assert f"| {KINDERGARTEN_Q2} | — | — | 按落实方案 | 按序时 |" in row
    assert "| 指标 | 青山县目标 |" in result.stdout
    # a project of milestones alone has no 完成率 in its heading; one with a count keeps it
    assert "**【县】1. 新建第一实验幼儿园**" in lines
    assert "**【县】2. 提升县域医疗服务能力**（完成率 36.7%）" in lines
    assert "2023年第2季度：青山县承担的7项指标中，按序时4项、滞后3项；" in result.stdout
    assert "平顶山市" not in result.stdout


# --- the circular --------------------------------------------------------------------------------


def test_q2_circular_of_a_county_programme(tmp_path: Path) -> None:
    text = report_md(county(tmp_path), 2, tmp_path)
    assert "季度全县重点民生实事推进情况通报如下：" in text
    assert "截至2023年6月30日，全县重点民生实事共7项指标任务，其中按序时4项、滞后3项；" in text
    assert "## 县重点民生实事" in text
    assert f"第一实验幼儿园建设工程（开工、主体完工、竣工、投入使用），{KINDERGARTEN_Q2}。" in text
    assert "建立老旧小区长效管护机制，计划8月底前完成；" in text
    assert (
        "城东便民市场（开工、主体完工、投入使用），尚未开工（计划5月底前开工，已逾期30天），"
        "滞后（牵头单位：县商务局）。存在问题：用地手续尚未办结" in text
    )
    assert "完成民生项目投资年度目标5000万元，累计完成2300万元（完成率46.0%）。" in text
    assert "按照7月份重点民生实事“年中”评价安排" in text
    for word in ("平顶山市", "我市", "全市", "完成率25.0%）。\n项目完成率25.0%"):
        assert word not in text
    kindergarten = text[text.index("### 新建第一实验幼儿园") : text.index("### 提升县域")]
    assert "%" not in kindergarten


def test_q4_circular_of_a_county_programme(tmp_path: Path) -> None:
    text = report_md(county(tmp_path), 4, tmp_path)
    assert (
        "截至2023年12月31日，全县重点民生实事共7项指标任务，其中全年已完成5项，未完成2项；" in text
    )
    assert "已于4月20日开工、9月10日主体完工、12月12日竣工、12月20日投入使用。" in text
    assert "建立老旧小区长效管护机制，已于8月15日完成；" in text
    assert (
        "县人民医院门急诊综合楼（开工、主体完工、竣工），已于5月15日开工、8月28日主体完工，"
        "尚未竣工（计划11月底前竣工，已逾期31天），未完成（牵头单位：县卫生健康委）。" in text
    )
    assert "主动对接初核单位和认定单位" in text
    assert "平顶山市" not in text


def test_the_attachment_words_milestones_in_its_cells(tmp_path: Path) -> None:
    out = tmp_path / "q2.docx"
    result = invoke("report", "-q", "2", "-o", out, "--data", county(tmp_path))
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    pages = [t for t in document.tables if t.rows[0].cells[0].text == "序号"]
    header = [c.text for c in pages[0].rows[0].cells]
    assert header[2:4] == ["指标任务原文", "青山县指标任务"]  # no superior assigns its items
    rows = [[c.text for c in r.cells] for t in pages for r in t.rows[1:]]
    assert len(rows) == 7
    kindergarten = next(r for r in rows if r[4] == KINDERGARTEN_Q2)
    assert kindergarten[5:8] == ["—", "—", "按序时"]
    money = next(r for r in rows if r[1] == "加大民生项目投入")
    assert money[3:8] == ["完成民生项目投资5000万元", "2300万元", "46.0%", "40%", "按序时"]


def test_the_dashboard_words_milestones(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = invoke("site", "-q", "2", "-o", out, "--data", county(tmp_path))
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert KINDERGARTEN_Q2 in page
    assert "尚未开工（计划5月底前开工，已逾期30天）" in page
    assert "<th>青山县目标</th>" in page and "汝州市" not in page
    row = page[page.index(KINDERGARTEN_Q2) :]
    row = row[: row.index("</tr>")]
    assert '<td class="num completion">—</td>' in row
    assert 'title="按落实方案">—</td>' in row  # no * after a schedule it does not have
    # 项目 1 has only a milestone: no rate in the projects' table either
    project = page[page.index("<td>【县】1. 新建第一实验幼儿园</td>") :]
    assert project.startswith(
        '<td>【县】1. 新建第一实验幼儿园</td><td>县教育局</td><td class="num">—</td><td class="num">—</td>'
    )


# --- scaffolds -----------------------------------------------------------------------------------


def test_new_quarter_carries_the_stages_reached(tmp_path: Path) -> None:
    data = county(tmp_path)
    result = invoke("new-quarter", "-q", "3", "--data", data)
    assert result.exit_code == 0, result.output
    education = (data / "progress" / "2023-Q3" / "qs-education.yaml").read_text(encoding="utf-8")
    assert "      开工: 2023-04-20\n      # 主体完工: 达到后删除行首的“# ”并填写日期" in education
    housing = (data / "progress" / "2023-Q3" / "qs-housing.yaml").read_text(encoding="utf-8")
    assert "    done:  # 建立老旧小区长效管护机制：完成日期" in housing
    # the clerk uncomments a stage and dates the report: it counts
    q3 = data / "progress" / "2023-Q3" / "qs-commerce.yaml"
    replace_once(q3, "      # 开工: 达到后删除行首的“# ”并填写日期", "      开工: 2023-07-20")
    replace_once(q3, "submitted:  #", "submitted: 2023-09-20  #")
    assert {code for _, _, _, code, _ in validated(data)} == {"draft", "silent-report"}
    market = status_of(data, 3)["market"]
    assert market["metrics"][0]["text"] == (
        "已于7月20日开工，尚未主体完工（计划8月底前主体完工，已逾期30天）"
    )


def test_new_plan_lists_stages_and_due_dates(tmp_path: Path) -> None:
    data = county(tmp_path)
    shutil.rmtree(data / "plans")
    result = invoke("new-plan", "--data", data)
    assert result.exit_code == 0, result.output
    market = (data / "plans" / "2023" / "qs-commerce.yaml").read_text(encoding="utf-8")
    assert "        # - {stage: 开工, date: 计划达到该阶段的日期}" in market
    assert "        - {stage: 投入使用, date: 2023-12-31}" in market
    housing = (data / "plans" / "2023" / "qs-housing.yaml").read_text(encoding="utf-8")
    assert (
        "      mechanism:  # 建立老旧小区长效管护机制（工作任务），完成时限\n        - {date: 2023-09-30}"
        in (housing)
    )


# --- node warnings (预警) for stages -------------------------------------------------------------


def test_stage_nodes_are_due_soon_then_overdue_and_remind_names_the_person(tmp_path: Path) -> None:
    data = county(tmp_path)

    def remind(as_of: str) -> str:
        result = invoke("remind", "-q", "2", "--as-of", as_of, "--data", data)
        assert result.exit_code == 0, result.output
        return result.stdout.partition("【时间节点预警】")[2]

    before = remind("2023-06-19")  # no report of the year yet: each first node is overdue
    assert (
        "逾期｜县人民医院门急诊综合楼：应于2023年3月31日前开工，本年尚未报送，已逾期80天；"
        in before
    )
    after = remind("2023-06-26")  # every Q2 report is in
    assert "应于2023年3月31日前开工" not in after  # 开工 on 5-15, late, but the node is met
    assert (
        "逾期｜城东便民市场：应于2023年5月31日前开工，目前尚未开工，已逾期26天；"
        "责任人 钱磊（13637500003），责任领导 赵明（副局长），县商务局"
    ) in after
    assert (
        "临期｜县人民医院门急诊综合楼：应于2023年6月30日前主体完工，目前已于5月15日开工，还剩4天；"
        "责任人 马丽（0375-5012345）"
    ) in after
    # the kindergarten's 开工 node (4-30) was met on 4-20: its next node is 9-30, 正常
    assert "第一实验幼儿园" not in after
    late = remind("2023-09-05")
    assert "逾期｜老旧小区长效管护机制：应于2023年8月31日前完成，目前尚未完成，已逾期5天；" in late


def test_a_stage_reached_meets_its_node(tmp_path: Path) -> None:
    data = county(tmp_path)
    result = invoke("status", "-q", "4", "-f", "json", "--as-of", "2023-12-28", "--data", data)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert [n["state"] for n in rows["kindergarten-building"]["nodes"]] == ["已达成"]
    (hospital,) = rows["outpatient-building"]["nodes"]
    assert (hospital["state"], hospital["value"], hospital["date"]) == (
        "逾期",
        "竣工",
        "2023-11-30",
    )
    assert hospital["reached"] == "5月15日开工、8月28日主体完工"


def test_remind_names_the_stages_last_reported(tmp_path: Path) -> None:
    data = county(tmp_path)
    assert invoke("new-quarter", "-q", "3", "--data", data).exit_code == 0
    result = invoke("remind", "-q", "3", "--as-of", "2023-09-20", "--data", data)
    assert result.exit_code == 0, result.output
    assert "   - 县人民医院门急诊综合楼（阶段：开工、主体完工、竣工，第2季度报送5月15日开工）" in (
        result.stdout
    )
    assert (
        "   - 城东便民市场（阶段：开工、主体完工、投入使用，第2季度报送尚未开工）" in result.stdout
    )


# --- the Excel bridge ----------------------------------------------------------------------------


def _sheet(data: Path, unit: str) -> tuple[Path, Any]:
    import openpyxl

    out = data.parent / f"{unit}.xlsx"
    result = invoke("sheet", "export", "-q", "3", "-u", unit, "-d", data, "-o", out)
    assert result.exit_code == 0, result.output
    return out, openpyxl.load_workbook(out)


def _filled(book: Any, path: Path, cells: dict[str, Any]) -> Path:
    sheet = book["进度"]
    sheet["B3"] = dt.date(2023, 9, 20)
    for cell, value in cells.items():
        sheet[cell] = value
    book.save(path)
    return path


def test_the_workbook_has_a_date_row_per_stage(tmp_path: Path) -> None:
    from openpyxl.utils.datetime import from_excel

    data = county(tmp_path)
    _, book = _sheet(data, "qs-education")
    sheet = book["进度"]
    rows = [[sheet[f"{c}{r}"].value for c in "CDEFG"] for r in range(5, 9)]
    assert rows == [
        ["开工", "节点事项", dt.datetime(2023, 4, 20), None, "日期"],
        ["主体完工", "节点事项", "未达到", None, "日期"],
        ["竣工", "节点事项", "未达到", None, "日期"],
        ["投入使用", "节点事项", "未达到", None, "日期"],
    ]
    assert sheet["F5"].number_format == "yyyy-mm-dd" and not sheet["F5"].protection.locked
    checks = [v for v in sheet.data_validations.dataValidation if "F6" in str(v.sqref)]
    assert [v.type for v in checks] == ["date"]
    assert "日期" in book["说明"]["A8"].value
    # Excel itself refuses a date outside 1 January .. the quarter's end, as validate would
    (check,) = checks
    window = [from_excel(int(check.formula1)).date(), from_excel(int(check.formula2)).date()]
    assert (check.operator, window) == ("between", [dt.date(2023, 1, 1), dt.date(2023, 9, 30)])
    assert check.showErrorMessage and "2023-01-01 至 2023-09-30 之间" in check.error
    _, housing = _sheet(data, "qs-housing")
    task = housing["进度"]
    assert [task[f"{c}6"].value for c in "CDEG"] == [
        "建立老旧小区长效管护机制",
        "工作任务",
        "未完成",
        "日期",
    ]
    assert task["F6"].number_format == "yyyy-mm-dd"
    (done,) = [v for v in task.data_validations.dataValidation if "F6" in str(v.sqref)]
    assert (done.type, done.operator, done.formula2) == ("date", "between", check.formula2)


def test_stages_and_a_task_round_trip_through_the_workbook(tmp_path: Path) -> None:
    data = county(tmp_path)
    path, book = _sheet(data, "qs-education")
    filled = _filled(book, path, {"F5": dt.date(2023, 4, 20), "F6": "2023年9月10日"})
    result = invoke("sheet", "import", filled, "-d", data)
    assert result.exit_code == 0, result.output
    written = (data / "progress" / "2023-Q3" / "qs-education.yaml").read_text(encoding="utf-8")
    assert "    stages:\n      开工: 2023-04-20\n      主体完工: 2023-09-10\n" in written
    path, book = _sheet(data, "qs-housing")
    assert book["进度"]["E6"].value == "未完成"
    filled = _filled(book, path, {"F5": 8, "F6": dt.date(2023, 8, 15)})
    assert invoke("sheet", "import", filled, "-d", data).exit_code == 0
    housing = (data / "progress" / "2023-Q3" / "qs-housing.yaml").read_text(encoding="utf-8")
    assert "  upkeep-mechanism:\n    done: 2023-08-15\n" in housing
    assert status_of(data, 3)["kindergarten-building"]["metrics"][0]["text"] == (
        "已于4月20日开工、9月10日主体完工，计划12月20日前竣工"
    )


def test_bad_stage_cells_are_refused_with_their_address(tmp_path: Path) -> None:
    data = county(tmp_path)
    path, book = _sheet(data, "qs-education")
    # 竣工 without 主体完工; a date after the quarter's end; a word for a date
    filled = _filled(book, path, {"F5": dt.date(2023, 4, 20), "F7": dt.date(2023, 9, 10)})
    result = invoke("sheet", "import", filled, "-d", data)
    assert result.exit_code == 1
    assert "进度!F7" in result.output and "没有报告它之前的阶段“主体完工”" in result.output
    filled = _filled(book, path, {"F6": dt.date(2023, 10, 10), "F7": None})
    result = invoke("sheet", "import", filled, "-d", data)
    assert result.exit_code == 1
    assert "进度!F6" in result.output and "2023-10-10 应在 2023-01-01 至 2023-09-30 之间" in (
        result.output
    )
    path, book = _sheet(data, "qs-housing")
    result = invoke("sheet", "import", _filled(book, path, {"F5": 8, "F6": "八月中旬"}), "-d", data)
    assert result.exit_code == 1
    assert "进度!F6" in result.output and "完成日期“八月中旬”不是有效的日期" in result.output
    assert not (data / "progress" / "2023-Q3").exists()


def test_a_workbook_fills_the_quarters_draft(tmp_path: Path) -> None:
    data = county(tmp_path)
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    path, book = _sheet(data, "qs-housing")
    filled = _filled(book, path, {"F5": 8, "F6": dt.date(2023, 8, 15), "H6": "办法已印发。"})
    result = invoke("sheet", "import", filled, "-d", data)
    assert result.exit_code == 0, result.output
    housing = (data / "progress" / "2023-Q3" / "qs-housing.yaml").read_text(encoding="utf-8")
    assert "  upkeep-mechanism:\n    done: 2023-08-15 " in housing  # the draft's comment kept
    assert "    progress: 办法已印发。\n" in housing
    assert status_of(data, 3)["upkeep-mechanism"]["status"] == "已完成"


# --- diff ----------------------------------------------------------------------------------------


def test_diff_words_a_stage_reached_and_a_due_date_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "mscli 测试")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.invalid")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)

    top = tmp_path / "repo"
    top.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=top, capture_output=True, check=True)

    data = county(top)
    git("init", "--quiet", "--initial-branch=main")
    git("add", "--all")
    git("commit", "--quiet", "--no-gpg-sign", "-m", "数据")
    replace_once(
        data / "progress" / "2023-Q2" / "qs-health.yaml",
        "stages: {开工: 2023-05-15}",
        "stages: {开工: 2023-05-15, 主体完工: 2023-06-28}",
    )
    replace_once(
        data / "plans" / "2023" / "qs-housing.yaml", "{date: 2023-08-31}", "{date: 2023-10-31}"
    )
    result = invoke("diff", "--data", data, "--format", "md")
    assert result.exit_code == 0, result.output
    assert (
        "| 县人民医院门急诊综合楼（outpatient-building） | 县卫生健康委 "
        "| 已于5月15日开工，尚未主体完工（计划6月底前主体完工，已逾期） "
        "| 已于5月15日开工、6月28日主体完工，计划11月底前竣工 | — | 滞后 → 按序时 |"
    ) in result.stdout
    assert (
        "| 老旧小区长效管护机制（upkeep-mechanism） | 县住房和城乡建设局 "
        "| 计划8月底前完成 | 计划10月底前完成 | — |" in (result.stdout)
    )
    assert "其他文字有改动" not in result.stdout  # a stage is no text
    # at Q4 the task was done on 8-15 either way: the moved due date changes nothing there
    report = json.loads(invoke("diff", "--data", data, "--format", "json").stdout)
    q4 = [q for q in report["quarters"] if q["quarter"] == 4]
    assert all(i["id"] != "upkeep-mechanism" for q in q4 for i in q["indicators"])
    (q2,) = [q for q in report["quarters"] if q["quarter"] == 2]
    hospital = next(i for i in q2["indicators"] if i["id"] == "outpatient-building")
    assert (hospital["completion_old"], hospital["schedule_new"]) == (None, None)


def test_set_refuses_a_milestone_and_says_where_its_stages_go(tmp_path: Path) -> None:
    data = county(tmp_path)
    result = invoke("set", "kindergarten-building", "2023-09-10", "-q", "2", "-d", data)
    assert result.exit_code == 1
    assert "是节点事项，没有数值：达到的阶段和日期写在进度文件的stages 下" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_set_writes_a_stage_on_the_drafts_line_for_it(tmp_path: Path) -> None:
    data = county(tmp_path)
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    path = data / "progress" / "2023-Q3" / "qs-education.yaml"
    before = path.read_text(encoding="utf-8")
    result = invoke(
        "set", "幼儿园建设", "--stage", "主体完工", "--date", "2023-09-10",
        "--submitted", "2023-09-20", "-q", "3", "-d", data,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "第一实验幼儿园建设达到“主体完工”的日期：未填写 → 2023-09-10" in result.stdout
    after = path.read_text(encoding="utf-8")
    # exactly the commented-out line of 主体完工 became the stage's line; every comment else kept
    draft = "submitted:  # 报送日期：报送时填写当天的日期，格式如 2023-09-25；留空即为草稿，不算已报送\n"
    assert after == before.replace(
        "      # 主体完工: 达到后删除行首的“# ”并填写日期\n", "      主体完工: 2023-09-10\n"
    ).replace(draft, "submitted: 2023-09-20  # 报送日期\n")
    assert status_of(data, 3)["kindergarten-building"]["metrics"][0]["text"] == (
        "已于4月20日开工、9月10日主体完工，计划12月20日前竣工"
    )


def test_set_changes_a_stage_in_a_flow_mapping_and_its_texts(tmp_path: Path) -> None:
    data = county(tmp_path)
    path = data / "progress" / "2023-Q2" / "qs-education.yaml"
    before = path.read_text(encoding="utf-8")
    result = invoke(
        "set", "kindergarten-building", "--stage", "主体完工", "--date", "2023-06-28",
        "--progress", "主体已完工。", "-q", "2", "-d", data,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == before.replace(
        "stages: {开工: 2023-04-20}", "stages: {开工: 2023-04-20, 主体完工: 2023-06-28}"
    ).replace(
        "progress: 4月20日开工建设，基础工程已完成，正在进行主体施工。", "progress: 主体已完工。"
    )
    result = invoke("set", "kindergarten-building", "--stage", "开工", "--date", "2023-04-22",
                    "-q", "2", "-d", data)  # fmt: skip
    assert "达到“开工”的日期：2023-04-20 → 2023-04-22" in result.stdout
    assert "stages: {开工: 2023-04-22, 主体完工: 2023-06-28}" in path.read_text(encoding="utf-8")


def test_set_done_marks_a_task_done(tmp_path: Path) -> None:
    data = county(tmp_path)
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    path = data / "progress" / "2023-Q3" / "qs-housing.yaml"
    before = path.read_text(encoding="utf-8")
    result = invoke("set", "长效管护机制", "--done", "2023-08-15", "-q", "3", "-d", data)
    assert result.exit_code == 0, result.output
    assert "老旧小区长效管护机制完成日期：未填写 → 2023-08-15" in result.stdout
    old_line = (
        "    done:  # 建立老旧小区长效管护机制：完成日期，尚未完成时留空，完成后填写当天的日期\n"
    )
    new_line = "    done: 2023-08-15  # 建立老旧小区长效管护机制：完成日期\n"
    assert path.read_text(encoding="utf-8") == before.replace(old_line, new_line)
    submitted = invoke("set", "--submitted", "2023-09-20", "-q", "3", "-u", "县住建局", "-d", data)
    assert submitted.exit_code == 0, submitted.output
    assert status_of(data, 3)["upkeep-mechanism"]["status"] == "已完成"


def test_set_clear_removes_a_stage_entered_by_mistake(tmp_path: Path) -> None:
    data = county(tmp_path)
    path = data / "progress" / "2023-Q2" / "qs-education.yaml"
    before = path.read_text(encoding="utf-8")
    wrong = invoke("set", "幼儿园建设", "--stage", "主体完工", "--date", "2023-06-28",
                   "-q", "2", "-d", data)  # fmt: skip
    assert wrong.exit_code == 0, wrong.output
    assert status_of(data, 2)["kindergarten-building"]["metrics"][0]["text"].startswith(
        "已于4月20日开工、6月28日主体完工"
    )
    result = invoke("set", "幼儿园建设", "--stage", "主体完工", "--clear", "-q", "2", "-d", data)
    assert result.exit_code == 0, result.output
    assert "第一实验幼儿园建设达到“主体完工”的日期：2023-06-28 → 已清除" in result.stdout
    assert path.read_text(encoding="utf-8") == before
    assert status_of(data, 2)["kindergarten-building"]["metrics"][0]["text"] == (
        "已于4月20日开工，计划9月底前主体完工"
    )


def test_set_clear_of_the_only_stage_and_of_a_tasks_date(tmp_path: Path) -> None:
    data = county(tmp_path)
    path = data / "progress" / "2023-Q2" / "qs-education.yaml"
    result = invoke("set", "kindergarten-building", "--stage", "开工", "--clear", "-q", "2",
                    "-d", data)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "stages" not in path.read_text(encoding="utf-8").split("kindergarten-building:")[1]
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    task = data / "progress" / "2023-Q3" / "qs-housing.yaml"
    assert (
        invoke("set", "长效管护机制", "--done", "2023-08-15", "-q", "3", "-d", data).exit_code == 0
    )
    cleared = invoke("set", "长效管护机制", "--clear", "-q", "3", "-d", data)
    assert cleared.exit_code == 0, cleared.output
    assert "老旧小区长效管护机制完成日期：2023-08-15 → 已清除" in cleared.stdout
    assert "done: 2023-08-15" not in task.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["kindergarten-building", "--stage", "主体完功", "--date", "2023-09-10"],
            "指标“第一实验幼儿园建设”没有阶段“主体完功”。是不是“主体完工”？"
            "可填：开工、主体完工、竣工、投入使用",
        ),
        (
            ["kindergarten-building", "--stage", "主体完工", "--date", "2023-10-10"],
            "qs-education.yaml 11:13 错误 “主体完工”的日期 2023-10-10 应在 2023-01-01 至 "
            "2023-09-30 之间（2023年第3季度末以前）",
        ),
        (
            ["market", "--stage", "主体完工", "--date", "2023-08-10"],
            "qs-commerce.yaml 11:7 错误 报告了阶段“主体完工”，但没有报告它之前的阶段“开工”",
        ),
        (["upkeep-mechanism", "--done", "2023-10-01"], "完成日期 2023-10-01 应在"),
        (
            ["kindergarten-building", "--done", "2023-09-10"],
            "是节点事项，不用 --done：请写达到的阶段和日期，如 mscli set kindergarten-building "
            "--stage 开工 --date 日期 -q 季度",
        ),
        (
            ["upkeep-mechanism", "--stage", "完成", "--date", "2023-08-15"],
            "是工作任务，没有阶段：完成后写完成日期，如 mscli set upkeep-mechanism --done 日期",
        ),
        (["cancer-screening", "--done", "2023-08-15"], "是数量指标，没有阶段和完成日期"),
        (["kindergarten-building", "--stage", "开工"], "--stage 与 --date 要一起给出"),
        (["kindergarten-building", "--date", "2023-09-10"], "--stage 与 --date 要一起给出"),
        (
            ["kindergarten-building", "1", "--stage", "开工", "--date", "2023-04-20"],
            "写阶段或完成日期时只给出指标，不写指标项和数值",
        ),
        (
            ["kindergarten-building", "--stage", "竣工", "--clear"],
            "qs-education.yaml 中第一实验幼儿园建设没有填写达到“竣工”的日期，无需清除",
        ),
        (
            ["kindergarten-building", "--clear"],
            "是节点事项，清除时要写阶段：请写要清除的阶段，如 mscli set kindergarten-building "
            "--stage 开工 --clear -q 季度",
        ),
        (
            ["upkeep-mechanism", "--stage", "完成", "--clear"],
            "是工作任务，没有阶段：清除完成日期时不写 --stage，如 mscli set upkeep-mechanism --clear",
        ),
        (["upkeep-mechanism", "--clear"], "没有填写完成日期，无需清除"),
        (
            ["kindergarten-building", "--stage", "开工", "--date", "2023-04-20", "--clear"],
            "--clear 清除阶段或完成日期，不与 --date、--done 一起使用",
        ),
    ],
)
def test_set_refuses_a_wrong_stage_or_date_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    data = county(tmp_path)
    assert invoke("new-quarter", "-q", "3", "-d", data).exit_code == 0
    folder = data / "progress" / "2023-Q3"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = invoke("set", *args, "-q", "3", "-d", data)
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_indicators_heads_its_columns_with_the_programmes_names(tmp_path: Path) -> None:
    result = invoke("indicators", "-d", county(tmp_path), env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "指标任务原文" in result.stdout and "青山县指标任务" in result.stdout
    assert "汝州市" not in result.stdout and "平顶山市" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["status", "-q", "2"],
        ["status", "-q", "4", "-f", "md"],
        ["units", "-q", "2"],
        ["remind", "-q", "2"],
        ["indicators"],
        ["indicators", "-f", "json"],
    ],
    ids=" ".join,
)
def test_a_county_programme_never_reads_ruzhou_or_its_prefecture(
    tmp_path: Path, args: list[str]
) -> None:
    result = invoke(*args, "-d", county(tmp_path), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "县" in result.stdout
    assert "汝州" not in result.stdout and "平顶山" not in result.stdout


def test_a_county_programmes_circular_and_workbook_never_read_ruzhou(tmp_path: Path) -> None:
    data = county(tmp_path)
    for quarter in (2, 4):
        out = tmp_path / f"q{quarter}.docx"
        result = invoke("report", "-q", str(quarter), "-o", out, "--data", data)
        assert result.exit_code == 0, result.output
        document = Document(str(out))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
        assert "青山县" in text and "汝州" not in text and "平顶山" not in text
        assert "汝州" not in report_md(data, quarter, tmp_path)
    _, book = _sheet(data, "qs-education")
    guide = "\n".join(str(c.value) for r in book["说明"].iter_rows() for c in r if c.value)
    assert "由县政府办公室用 mscli sheet import 导入" in guide
    assert "市" not in guide.replace("市场", "")
