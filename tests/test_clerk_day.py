"""A clerk's quarter without friction (issue #29): what validate, set, sheet, diff, acceptance,
new-quarter and new-year say to the office, end to end on copies of the frozen data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from conftest import invoke, replace_once


def run(data: Path, *args: str) -> Any:
    return invoke(*args, "--data", data)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- 1. draft notices


def test_other_units_drafts_are_one_line_and_validate_unit_shows_one_unit(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    replace_once(data / "progress/2023-Q3/rz-hrss.yaml", "trainees: 1.52", "trainees: -1")
    result = run(data, "validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert sum("草稿" in line for line in lines) == 2  # the one-line list and the summary
    assert not any("(draft)" in line for line in lines)
    drafts = next(line for line in lines if line.startswith("草稿："))
    # the units' Chinese names, in units.yaml's order, and how to look at one unit
    assert (
        "data/progress/2023-Q3/ 市人力资源和社会保障局、市民政局、市教育体育局（教育）、" in drafts
    )
    assert "（12 个）" in drafts and "mscli validate --unit 单位" in drafts
    assert "技能培训的累计值 -1万人次 不能为负数" in result.stdout

    mine = run(data, "validate", "--unit", "市人社局")
    assert mine.exit_code == 1
    assert "rz-civil-affairs" not in mine.stdout and "草稿：data" not in mine.stdout
    assert "5:1   提示    草稿：报送日期（submitted）未填写" in mine.stdout  # its own, in full
    other = run(data, "validate", "-u", "民政局")
    assert other.exit_code == 1  # CI's verdict is the whole folder's
    assert "negative" not in other.stdout
    assert flat(
        "这个单位的文件未发现问题。另有 1 个进度文件是草稿（未填报送日期，尚未算作报送）。"
        "其他单位和目录文件另有 1 个错误、0 个警告（去掉 --unit 可查看）。"
    ) in flat(other.stdout)


def test_in_github_actions_other_units_drafts_are_one_notice(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    replace_once(data / "progress/2023-Q3/rz-hrss.yaml", "trainees: 1.52", "trainees: -1")
    lines = run(data, "validate", "-f", "github").stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    [drafts] = [line for line in annotations if "draft" in line]  # one, not one per unit
    assert drafts.startswith(
        "::notice title=mscli draft::草稿：data/progress/2023-Q3/ 市人力资源和社会保障局、市民政局、"
    )
    assert "（12 个）" in drafts and "file=" not in drafts
    assert any(
        a.startswith("::error file=data/progress/2023-Q3/rz-hrss.yaml,line=") for a in annotations
    )
    mine = run(data, "validate", "-f", "github", "--unit", "市人社局").stdout
    assert (
        "::notice file=data/progress/2023-Q3/rz-hrss.yaml,line=5,col=1,title=mscli draft::" in mine
    )
    assert "草稿：data" not in mine


def test_set_says_once_that_the_file_is_still_a_draft(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    result = run(data, "set", "技能培训", "2.05", "-q", "3")
    assert result.exit_code == 0, result.output
    assert "(draft)" not in result.output and "数据检查通过" not in result.output
    assert flat(
        "（文件仍是草稿，报送时填写报送日期：mscli set --submitted 日期 -q 3 "
        "--unit 市人力资源和社会保障局）"
    ) in flat(result.output)


# ---------------------------------------------------------------- 2. the scaffold's comments


def test_set_settles_the_drafts_comments_and_writes_texts(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    path = data / "progress/2023-Q3/rz-hrss.yaml"
    assert run(data, "set", "技能培训", "2.05", "-q", "3").exit_code == 0
    result = run(
        data,
        "set",
        "技能培训",
        "-q",
        "3",
        "--progress",
        "累计培训2.05万人次",
        "--issues",
        "报名不足",
    )
    assert result.exit_code == 0, result.output
    assert "技能培训的进展情况：累计培训2.05万人次；技能培训的存在问题：报名不足" in flat(
        result.output
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("  skill-training:") : lines.index("  new-skilled-workers:")]
    assert block == [
        "  skill-training:",
        "    values:",
        "      trainees: 2.05  # 技能培训（万人次）",
        "    progress: 累计培训2.05万人次",
        "    issues: 报名不足",
        "    # next_steps: 下步打算（可选）",
    ]
    # the next indicator is untouched: still a draft's line
    assert (
        "      skilled-workers: 0.98  # 新增技能人才（万人）：第2季度累计值，请改为年初至今累计值"
        in lines
    )
    assert run(data, "set", "技能培训", "-q", "3", "--next-steps", "下季度扩大培训").exit_code == 0
    entry = load_yaml(path)["indicators"]["skill-training"]
    assert entry["next_steps"] == "下季度扩大培训"
    lines = path.read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("  skill-training:") : lines.index("  new-skilled-workers:")]
    assert block[-1] == "    next_steps: 下季度扩大培训"
    assert run(data, "validate").exit_code == 0


def test_a_value_typed_with_wan_is_written_as_the_file_writes_numbers(data: Path) -> None:
    assert run(data, "new-quarter", "-q", "3").exit_code == 0
    result = run(data, "set", "家庭医生签约服务", "60万", "-q", "3")
    assert result.exit_code == 0, result.output
    assert "41.6万人次 → 60万人次" in result.output
    text = (data / "progress/2023-Q3/rz-health.yaml").read_text(encoding="utf-8")
    assert "      contracts: 60  # 家庭医生签约服务（万人次）\n" in text


# ---------------------------------------------------------------- 3. a report with no text


def test_a_submitted_report_without_any_text_is_a_warning(data: Path) -> None:
    path = data / "progress/2023-Q2/rz-health.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    words = ("    progress:", "    issues:", "    next_steps:")
    path.write_text("\n".join(x for x in lines if not x.startswith(words)) + "\n", encoding="utf-8")
    result = run(data, "validate")
    assert result.exit_code == 0, result.output  # a warning: the report still counts
    assert flat(
        "4:12  警告    已报送，但没有填写任何进展情况（progress）、存在问题或下步打算：通报中滞后的指标"
        "将写作“牵头单位未说明滞后原因和下步打算”。"
    ) in flat(result.output)
    assert "silent-report" in result.output
    # one text is enough to say something
    assert run(data, "set", "标准化村卫生室", "-q", "2", "--progress", "已完成230个").exit_code == 0
    assert "silent-report" not in run(data, "validate").output


# ---------------------------------------------------------------- 4. a blank value


def test_a_blank_value_is_one_error(data: Path) -> None:
    replace_once(
        data / "progress/2023-Q2/rz-health.yaml", "      clinics: 230\n", "      clinics:\n"
    )
    result = run(data, "validate")
    assert result.exit_code == 1
    found = [line for line in result.stdout.splitlines() if line.strip().startswith("9:")]
    assert len(found) == 1, result.stdout
    assert "数值未填写（冒号后是空的）：请填写年初至今累计值，如 1.52 或 1.52万" in found[0]
    assert "应为文字" not in result.stdout


# ---------------------------------------------------------------- 12. tables, labels, 0x1F


def test_a_wrapped_name_never_leaves_one_character_alone(data: Path) -> None:
    result = invoke(
        "status", "-q", "2", "--as-of", "2023-07-01", "-d", data, env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.output
    cells = [
        part.strip()
        for line in result.stdout.splitlines()
        if line.startswith("│")
        for part in line.strip("│").split("│")
    ]
    alone = [c for c in cells if len(c) == 1 and "\u4e00" <= c <= "\u9fff"]
    assert not alone, alone
    assert "家庭医生签约" in cells and "服务" in cells


def test_block_labels_stand_apart_from_the_number(data: Path) -> None:
    result = invoke(
        "status", "-q", "2", "--as-of", "2023-07-01", "-d", data, env={"COLUMNS": "100"}
    )
    assert "【市】1. 开展职业技能培训和评价取证，扩大重点群体就业（完成率 58.3%）" in result.stdout
    assert not re.search(r"^市\d", result.stdout, re.M)
    listed = invoke("indicators", "-d", data, env={"COLUMNS": "100"})
    assert "【市】3. 提升基层医疗卫生服务能力" in listed.stdout


def test_a_value_in_another_base_is_refused(data: Path) -> None:
    replace_once(data / "progress/2023-Q2/rz-health.yaml", "clinics: 230\n", "clinics: 0x1F\n")
    result = run(data, "validate")
    assert result.exit_code == 1
    assert "9:16  错误    无法读取的数值“0x1F”：应为数字，可带“万”，如 1.52万" in result.stdout
    assert "31个" not in result.stdout
    typed = run(data, "set", "标准化村卫生室", "0o17", "-q", "2")
    assert typed.exit_code != 0 and "无法读取的数值“0o17”" in typed.output


# ---------------------------------------------------------------- 7. the circular's metadata in CI


def test_validate_warns_of_a_reused_number_and_a_date_before_the_deadline(data: Path) -> None:
    replace_once(
        data / "config.yaml",
        "  # quarters:\n",
        "  quarters:\n    3: {number: 68, date: 2023-10-10}\n    4: {number: 68, date: 2023-12-20}\n",
    )
    result = run(data, "validate")
    assert result.exit_code == 0, result.output  # warnings, as report gives them
    out = flat(result.stdout)
    assert (
        flat(
            "26:17 警告 发文顺序号 68（circular.quarters.4.number）已用于2023年第三季度通报，"
            "见 data/config.yaml 第 25 行；每期通报应有自己的顺序号"
        )
        in out
    )
    assert (
        flat(
            "26:27 警告 2023年第四季度通报的成文日期 2023年12月20日（circular.quarters.4.date）"
            "早于本季度报送截止日 2023年12月25日"
        )
        in out
    )
    assert "25:17" in result.stdout  # the quarter that shares it is pointed at too
    github = run(data, "validate", "-f", "github")
    assert "::warning file=data/config.yaml,line=26,col=27,title=mscli circular-date::" in (
        github.stdout
    )


# ---------------------------------------------------------------- 9. a target's text and value


def test_a_target_text_that_disagrees_with_its_value_is_an_error(data: Path) -> None:
    replace_once(data / "indicators.yaml", "          text: 5所\n", "          text: 3所\n")
    result = run(data, "validate")
    assert result.exit_code == 1
    assert flat(
        "错误 新建、改扩建公办幼儿园的目标值 5所（value）与目标原文“3所”中的 3所 不一致："
        "通报印出的是原文，完成率却按目标值计算；请把两处改成一致 (target-text)"
    ) in flat(result.stdout)
    line = next(x for x in result.stdout.splitlines() if "target-text" in x).split()[0]
    text = (data / "indicators.yaml").read_text(encoding="utf-8").splitlines()
    assert text[int(line.split(":")[0]) - 1].strip() == "value: 5"


def test_a_target_in_the_display_unit_agrees_with_its_base_value(data: Path) -> None:
    # 2.72万人次 is 27200 人次: no problem; 2.27万人次 is one
    assert run(data, "validate").exit_code == 0
    replace_once(
        data / "indicators.yaml", "          text: 2.72万人次\n", "          text: 2.27万人次\n"
    )
    result = run(data, "validate")
    assert flat(
        "技能培训的目标值 2.72万人次（value）与目标原文“2.27万人次”中的 2.27万人次 不一致"
    ) in flat(result.stdout)


# ---------------------------------------------------------------- 10, 11. the new year


def _fill_programme(data: Path) -> None:
    path = data / "indicators.yaml"
    filled = {
        "document": "汝政办〔2024〕12号",
        "issued": "2024-03-01",
        "title": "关于明确我市承担的平顶山市2024年重点民生实事责任单位的通知",
        "basis": "平政办明电〔2024〕3号",
    }
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        key = line.strip().split(":", 1)[0]
        if key in filled and "待填" in line:
            lines[n] = f"  {key}: {filled[key]}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_new_year_keep_values_leaves_only_the_circulars_own_facts_to_fill(data: Path) -> None:
    result = run(data, "new-year", "--keep-values")
    assert result.exit_code == 0, result.output
    assert flat(
        "2024 年的指标目录是草稿：4 个值标为“待填”（文号、日期、标题和依据文件），131 个指标任务原文和"
        "目标值沿用 2023 年的值，行尾注明“沿用2023年的值”。"
    ) in flat(result.output)
    text = (data / "indicators.yaml").read_text(encoding="utf-8")
    assert (
        "          text: 2.72万人次  # 沿用2023年的值，新文件不同时改写，核对后删去本注释\n" in text
    )
    assert (
        "              value: 27200  # 沿用2023年的值，新文件不同时改写，核对后删去本注释\n" in text
    )
    _fill_programme(data)
    checked = run(data, "validate")
    assert checked.exit_code == 0, checked.output
    assert flat(
        "提示 131 个指标任务原文或目标值沿用2023年的值（行尾注释“沿用2023年的值”），尚未核对"
    ) in flat(checked.stdout)
    # a changed target: the value and its text rewritten, the note gone; a half-done change is
    # caught by the text/value check
    replace_once(
        data / "indicators.yaml",
        "          text: 5所  # 沿用2023年的值，新文件不同时改写，核对后删去本注释\n",
        "          text: 3所\n",
    )
    half = run(data, "validate")
    assert half.exit_code == 1 and "target-text" in half.stdout
    assert flat("130 个指标任务原文或目标值沿用2023年的值") in flat(half.stdout)
    # without the flag every value is 待填, as before
    assert "--keep-values" in invoke("new-year", "--help").output


def test_new_year_first_quarter_says_zero_and_keeps_contacts(data: Path) -> None:
    assert run(data, "new-year", "--keep-values").exit_code == 0
    _fill_programme(data)
    result = run(data, "new-quarter", "-q", "1")
    assert result.exit_code == 0, result.output
    assert "数值预填的是上季度" not in result.output
    assert flat("新文件是草稿：2024年还没有已报送的数值，数值预填为 0，") in flat(result.output)
    health = (data / "progress/2024-Q1/rz-health.yaml").read_text(encoding="utf-8")
    assert "\ncontact: 王某某 0375-0000000\n" in health  # last year's latest contact
    assert "      prenatal: 0  # 孕早中期产前筛查覆盖率（%）：填写本季度数值\n" in health
    assert "      clinics: 0  # 标准化村卫生室（个）：填写年初至今累计值\n" in health
    remind = run(data, "remind", "-q", "1", "--as-of", "2024-03-20")
    assert remind.exit_code == 0, remind.output
    assert "王某某 0375-0000000" in remind.stdout


# ---------------------------------------------------------------- 8. acceptance records


def test_new_acceptance_prefills_the_lead_of_the_criterions_indicators(data: Path) -> None:
    assert run(data, "new-acceptance").exit_code == 0
    rural = load_yaml(data / "acceptance/2023/rural-infrastructure.yaml")["criteria"]
    assert rural["rural-infrastructure-5"]["self_check"]["by"] == "市邮政管理局"
    assert rural["rural-infrastructure-8"]["self_check"]["by"] == "国网汝州供电公司"
    women = load_yaml(data / "acceptance/2023/women-children-health.yaml")["criteria"]
    assert women["women-children-health-7"]["self_check"]["by"] == "市残联"
    assert run(data, "validate").exit_code == 0


def test_acceptance_unit_names_are_resolved_as_everywhere(data: Path) -> None:
    assert run(data, "new-acceptance").exit_code == 0
    path = data / "acceptance/2023/employment.yaml"
    replace_once(
        path,
        "  employment-1:  #",
        "  employment-1:\n    verification: {by: 平顶山市人社局, date: 2023-12-10, verdict: 达标}\n  #",
    )
    text = path.read_text(encoding="utf-8").replace(
        "    self_check:\n      by: 市人力资源和社会保障局\n      verdict: 待核\n",
        "    self_check: {by: 市人社局, date: 2023-12-05, verdict: 达标}\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    checked = run(data, "validate")
    assert "acceptance-checker" not in checked.stdout, checked.stdout
    md = run(data, "acceptance", "-u", "市人社局", "-f", "md")
    row = next(line for line in md.stdout.splitlines() if line.startswith("| 第1条 |"))
    assert "牵头单位自查：达标（市人力资源和社会保障局，2023-12-05）" in row
    assert "初核：达标（平顶山市人力资源和社会保障局，2023-12-10）" in row
    assert "技能培训2.72万人次，完成" in row and "skill-training" not in row


# ---------------------------------------------------------------- 5, 6. names and order


def test_the_workbook_is_named_after_the_unit(data: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(data.parent)
    result = invoke("sheet", "export", "-q", "2", "-u", "民政局", "-d", data)
    assert result.exit_code == 0, result.output
    assert (data.parent / "output" / "2023-Q2-市民政局.xlsx").is_file()


def test_every_list_of_units_follows_units_yaml(data: Path) -> None:
    import json

    listed = [u["id"] for u in load_yaml(data / "units.yaml")["units"]]
    for quarter, day in (("3", "2023-10-01"), ("2", "2023-07-01")):  # unranked, then ranked
        result = run(data, "units", "-q", quarter, "--as-of", day, "-f", "json")
        assert result.exit_code == 0, result.output
        units = json.loads(result.stdout)
        ids = [u["id"] for u in units]
        if quarter == "3":
            assert ids == [i for i in listed if i in ids]
        else:  # ties keep units.yaml's order
            scores = [u["score"] for u in units]
            for a, b, sa, sb in zip(ids, ids[1:], scores, scores[1:], strict=False):
                if sa == sb:
                    assert listed.index(a) < listed.index(b), (a, b)
    remind = run(data, "remind", "-q", "3", "--as-of", "2023-10-01", "-f", "json")
    owing = [u["id"] for u in json.loads(remind.stdout)]
    assert owing == [i for i in listed if i in owing]


def test_validate_lists_a_quarters_files_in_the_units_order(data: Path) -> None:
    folder = data / "progress" / "2023-Q2"
    for unit in ("rz-hrss", "rz-civil-affairs"):  # listed in this order, id order the other way
        text = (folder / f"{unit}.yaml").read_text(encoding="utf-8")
        (folder / f"{unit}.yaml").write_text(
            re.sub(r"(?m)^submitted: .*$", "submitted: 2023-13-01", text), encoding="utf-8"
        )
    out = run(data, "validate").stdout
    headings = [line for line in out.splitlines() if line.startswith("data/progress/2023-Q2/")]
    assert headings == [
        "data/progress/2023-Q2/rz-hrss.yaml",
        "data/progress/2023-Q2/rz-civil-affairs.yaml",
    ]
