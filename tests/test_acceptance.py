"""Year-end acceptance: criterion ids, records of verdicts, the checklist in every format, and bad
records as file cases (tests/cases/acceptance-invalid/<case>/ overlays the data with records and
lists its problems in expected.txt: `FILE:LINE:COLUMN CODE MESSAGE`, FILE relative to data/)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from typer.testing import CliRunner

from conftest import (
    CASES,
    FIXTURE_DATA,
    SEED,
    copy_data,
    expected_problems,
    found,
    invoke,
    validated,
)
from mscli.catalogue.load import load_catalogue
from mscli.cli import app

ACCEPTANCE_CASES = CASES / "acceptance-invalid"
NAMES = sorted(p.name for p in ACCEPTANCE_CASES.iterdir() if p.is_dir())

EMPLOYMENT = """\
criteria:
  employment-1:
    self_check: {by: 市人力资源和社会保障局, date: 2023-12-05, verdict: 达标}
    verification: {by: 平顶山市人力资源和社会保障局, date: 2023-12-15, verdict: 达标}
    certification: {by: 市统计局, date: 2023-12-28, verdict: 达标}
    evidence:
      - {title: 2023年职业技能培训台账, number: 汝人社〔2023〕88号, link: https://example.org/tz}
  employment-2:
    self_check: {by: 人社局, date: 2023-12-05, verdict: 未达标, notes: 补贴资金拨付滞后}
  employment-3:
    self_check: {by: rz-hrss, date: 2023-12-06, verdict: 不适用}
    verification: {by: 市人力资源和社会保障局, date: 2023-12-16, verdict: 不适用}
    certification: {by: 平顶山市统计局, date: 2023-12-29, verdict: 不适用}
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = copy_data(tmp_path / "data")
    units = copy / "units.yaml"  # aliases a clerk would use, so that aliases are exercised
    text = units.read_text(encoding="utf-8")
    old = "aliases: [市人力资源社会保障局, 市人社局]"
    assert old in text
    text = text.replace(old, "aliases: [市人力资源社会保障局, 市人社局, 人社局]")
    units.write_text(text, encoding="utf-8")
    return copy


def record(data: Path, text: str = EMPLOYMENT, project: str = "employment") -> Path:
    path = data / "acceptance" / "2023" / f"{project}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def normalized(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_every_criterion_has_an_id_and_comes_from_the_circular() -> None:
    catalogue, problems = load_catalogue(FIXTURE_DATA)
    assert catalogue is not None, problems
    criteria = [c for p in catalogue.projects for s in p.standards for c in s.items]
    assert len(criteria) == 114
    assert len({c.id for c in criteria}) == 114
    seed = normalized(SEED.read_text(encoding="utf-8"))
    assert [c.id for c in criteria if normalized(c.text) not in seed] == []


def test_checklist_json_records_verdicts_chain_and_open_items(data: Path) -> None:
    record(data)
    result = invoke("acceptance", "--unit", "市人力资源和社会保障局", "-f", "json", "-d", data)
    assert result.exit_code == 0, result.output
    checklist = json.loads(result.stdout)
    assert checklist["quarter"] == 2  # the latest quarter with reports
    [project] = checklist["projects"]
    assert project["title"] == "开展职业技能培训和评价取证，扩大重点群体就业"
    criteria = {c["id"]: c for c in project["criteria"]}
    catalogue, _ = load_catalogue(data)
    assert catalogue is not None
    texts = {c.id: c.text for s in catalogue.projects[0].standards for c in s.items}
    assert {k: c["text"] for k, c in criteria.items()} == texts  # verbatim, all six
    first = criteria["employment-1"]
    assert [(s["label"], s["units"], s["by"], s["verdict"]) for s in first["chain"]] == [
        ("牵头单位自查", ["市人力资源和社会保障局"], "市人力资源和社会保障局", "达标"),
        ("初核", ["平顶山市人力资源和社会保障局"], "平顶山市人力资源和社会保障局", "达标"),
        ("认定", ["平顶山市统计局"], "平顶山市统计局", "达标"),  # as units.yaml names it
    ]
    assert (first["verdict"], first["standing"]) == ("达标", "已认定")
    assert first["evidence"][0]["number"] == "汝人社〔2023〕88号"
    assert [i["id"] for i in first["indicators"]] == [
        "skill-training",
        "new-skilled-workers",
        "new-high-skilled-workers",
    ]
    assert first["indicators"][0]["actual"] == "1.52万人次"
    assert "关联指标“技能培训”按序时" in first["open"]
    second = criteria["employment-2"]
    assert (second["verdict"], second["standing"]) == ("未达标", "已自查")
    assert second["open"][:2] == ["待初核（平顶山市人力资源和社会保障局）", "未达标，需整改"]
    assert "未附佐证材料" in second["open"]
    third = criteria["employment-3"]
    assert (third["verdict"], third["standing"]) == ("不适用", "已认定")
    untouched = criteria["employment-5"]
    assert (untouched["verdict"], untouched["standing"]) == ("待核", "未自查")
    assert untouched["open"][0] == "待牵头单位自查（市人力资源和社会保障局）"
    assert checklist["counts"] == {"达标": 1, "未达标": 1, "待核": 3, "不适用": 1}


def test_table_and_markdown_show_the_criteria(data: Path) -> None:
    record(data)
    table = CliRunner(env={"COLUMNS": "400"}).invoke(
        app, ["acceptance", "-u", "rz-hrss", "-d", str(data)]
    )
    assert table.exit_code == 0, table.output
    assert "2023年验收标准共 6 条：达标 1 条，未达标 1 条，待核 3 条，不适用 1 条。" in table.stdout
    assert "人员身份信息是否真实有效；" in table.stdout
    md = invoke("acceptance", "-u", "rz-hrss", "-f", "md", "-d", data)
    assert md.exit_code == 0, md.output
    row = next(line for line in md.stdout.splitlines() if line.startswith("| 第2条 |"))
    assert (
        "牵头单位自查：未达标（市人力资源和社会保障局，2023-12-05，补贴资金拨付滞后）<br>初核：待初核"
        in row
    )  # 人社局 as written, the unit's name as units.yaml gives it
    assert row.endswith(
        "未达标，需整改；关联指标“技能培训”按序时；"
        "关联指标“新增技能人才”超序时；"
        "关联指标“新增高技能人才”按序时；未附佐证材料 |"
    )


def test_docx_is_a_landscape_table_with_repeated_header_and_page_numbers(
    data: Path, tmp_path: Path
) -> None:
    record(data)
    out = tmp_path / "验收清单.docx"
    result = invoke("acceptance", "-f", "docx", "-o", out, "-d", data)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    section = document.sections[0]
    assert found(section.page_width) > found(section.page_height)
    [table] = document.tables
    header = table.rows[0]
    assert found(header._tr.trPr).find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == [
        "序号", "验收标准", "关联指标（完成情况）", "核查环节", "结论", "佐证材料", "待办"
    ]  # fmt: skip
    assert len(table.rows) == 1 + 14 + 114  # a row per project, then its criteria
    project, first = table.rows[1], table.rows[2].cells
    assert [c.text for c in project.cells][:1] == [
        "【市】1. 开展职业技能培训和评价取证，扩大重点群体就业"
    ]
    span = found(found(project._tr.tc_lst[0].tcPr).find(qn("w:gridSpan")))
    assert span.get(qn("w:val")) == "7"
    assert first[0].text == "1"
    assert first[1].text.startswith("第1条\u3000")
    assert first[1].text.endswith("职业技能培训人次、新增技能人才及高技能人才目标任务全部完成。")
    assert first[4].text == "达标（已认定）"
    # dates as a 通报 writes them, no English id anywhere, the indicators' status in their column
    assert "2023年12月5日" in first[3].text and "2023-12-05" not in first[3].text
    text = "\n".join(c.text for row in table.rows for c in row.cells)
    assert re.findall(r"[a-z]+(?:-[a-z0-9]+)+", text) == []
    second = table.rows[3].cells
    assert second[6].text == "待初核（平顶山市人力资源和社会保障局）；未达标，需整改；未附佐证材料"
    assert (
        "技能培训2.72万人次，完成" in second[2].text and "技能培训：技能培训" not in second[2].text
    )
    # a tall criterion continues on the next page; a project's row stays with its first criterion
    assert found(table.rows[2]._tr.trPr).find(qn("w:cantSplit")) is None
    assert project._tr.tc_lst[0].find(f".//{qn('w:keepNext')}") is not None
    props = document.core_properties
    assert props.author == "汝州市人民政府办公室" and props.title == "2023年重点民生实事验收清单"
    assert props.created is not None and props.created.date() == dt.date.today()
    assert props.language == "zh-CN"
    footer = section.footer._element.xml
    assert "PAGE" in footer
    assert invoke("acceptance", "-f", "docx", "-o", out, "-d", data).exit_code == 1  # no overwrite


def test_new_acceptance_scaffolds_valid_files_and_never_overwrites(data: Path) -> None:
    mine = record(data)
    result = invoke("new-acceptance", "-d", data)
    assert result.exit_code == 0, result.output
    assert "共 14 个项目：新建 13 个验收记录文件，1 个已存在。" in result.stdout
    assert mine.read_text(encoding="utf-8") == EMPLOYMENT
    text = (data / "acceptance" / "2023" / "schools-kindergartens.yaml").read_text("utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schemas/acceptance.schema.json"
    )
    assert "# verification: {by: 平顶山市教育体育局" in text
    assert "# certification:" not in text  # 附件1 names no 认定单位 for this project
    assert invoke("validate", "-d", data).exit_code == 0
    again = invoke("new-acceptance", "-d", data)
    assert "新建 0 个验收记录文件，14 个已存在。" in again.stdout


def test_a_record_pointing_at_a_renamed_criterion_is_caught(data: Path) -> None:
    """Renumbering ids would move verdicts: the old id no longer exists, and validate says so."""
    record(data)
    indicators = data / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8").replace(
        "id: employment-2\n", "id: employment-20\n"
    )
    indicators.write_text(text, encoding="utf-8")
    result = invoke("validate", "-f", "json", "-d", data)
    assert result.exit_code == 1
    [problem] = [p for p in json.loads(result.stdout) if p["code"] == "unknown-criterion"]
    assert (problem["file"], problem["line"]) == ("data/acceptance/2023/employment.yaml", 8)


@pytest.mark.parametrize("name", NAMES)
def test_acceptance_case(name: str, tmp_path: Path) -> None:
    case = ACCEPTANCE_CASES / name
    data = copy_data(tmp_path / "data")
    shutil.copytree(case / "acceptance", data / "acceptance")
    found = validated(data)
    assert found == expected_problems(case / "expected.txt")


def test_year_end_circular_and_status_count_the_verdicts(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "q4.md"
    before = invoke("report", "-q", "4", "-f", "md", "-o", out, "-d", data)
    assert before.exit_code == 0, before.output
    assert "条验收标准中" not in out.read_text(encoding="utf-8")  # no record yet: no sentence
    record(data)
    after = invoke("report", "-q", "4", "-f", "md", "-o", out, "--force", "-d", data)
    assert after.exit_code == 0, after.output
    assert "目前114条验收标准中，已达标1条，未达标1条，待核111条。" in out.read_text("utf-8")
    context = tmp_path / "q4.json"
    invoke("report", "-q", "4", "-f", "json", "-o", context, "-d", data)
    assert json.loads(context.read_text("utf-8"))["acceptance"] == {
        "recorded": True,
        "total": 114,
        "met": 1,
        "not_met": 1,
        "pending": 111,
        "not_applicable": 1,
    }
    status = CliRunner(env={"COLUMNS": "300"}).invoke(
        app, ["status", "-q", "2", "--as-of", "2023-12-31", "-d", str(data)]
    )
    assert (
        "验收：114 条验收标准中，达标 1 条，未达标 1 条，待核 111 条，不适用 1 条" in status.stdout
    )


def test_every_hint_new_acceptance_writes_is_valid_as_written(data: Path) -> None:
    """Uncommented as they stand, every stage hint passes validate, a joint 初核 included, and
    the checklist names both units; one of the two alone is also a valid 初核."""
    assert invoke("new-acceptance", "-d", data).exit_code == 0
    folder = data / "acceptance" / "2023"
    joint = 0
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^    # ((?:verification|certification): \{.*)$", r"    \1", text)
        text = text.replace("verdict: 待核", "verdict: 达标, date: 2023-12-10").replace(
            "      verdict: 达标, date: 2023-12-10", "      verdict: 达标\n      date: 2023-12-10"
        )
        joint += text.count("verification: {by: [")
        path.write_text(text, encoding="utf-8")
    assert joint > 0
    result = invoke("validate", "-d", data, "-f", "json")
    assert [p for p in json.loads(result.stdout) if p["severity"] == "error"] == [], result.stdout
    emergency = folder / "emergency-capacity.yaml"
    md = invoke("acceptance", "-f", "md", "-d", data, "-u", "市应急管理局")
    assert md.exit_code == 0, md.output
    assert "初核：达标（平顶山市应急管理局、平顶山市城市运行管理中心，2023-12-20）" in md.stdout
    text = emergency.read_text(encoding="utf-8")
    one = text.replace(
        "by: [平顶山市应急管理局, 平顶山市城市运行管理中心]", "by: 平顶山市城市运行管理中心", 1
    )
    emergency.write_text(one, encoding="utf-8")
    checked = invoke("validate", "-d", data, "-f", "json")
    assert "acceptance-checker" not in checked.stdout
    wrong = one.replace(
        "by: 平顶山市城市运行管理中心", "by: [平顶山市应急管理局, 平顶山市民政局]", 1
    )
    emergency.write_text(wrong, encoding="utf-8")
    [problem] = [p for p in json.loads(invoke("validate", "-d", data, "-f", "json").stdout)
                 if p["code"] == "acceptance-checker"]  # fmt: skip
    assert "“平顶山市民政局”不是验收标准" in problem["message"]
