"""督办 on a played year: remind writes 督办 instead of 催办 after the deadline when the rules say
so; `mscli duban` writes each unit's 督办通知, numbered and dated, read back from the .docx and
from its PDF (LibreOffice, where present); the circular names 挂牌督办."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import FIXTURES, TEMPLATES, invoke
from mscli.render.circular.pdf import find_office
from played_year import AS_OF, CATCHES_UP, WILL_MISS, play_year

COUNTY = FIXTURES / "county-2023"


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return play_year(tmp_path_factory.mktemp("year"))


def test_remind_is_a_cuiban_before_the_deadline_and_a_duban_after(year: Path) -> None:
    before = invoke("remind", "-q", "3", "--as-of", "2023-09-20", "-d", year)
    assert before.exit_code == 0, before.output
    assert before.stdout.startswith("【催办】") and "督办" not in before.stdout
    after = invoke("remind", "-q", "3", "--as-of", "2023-09-27", "-d", year)
    assert after.stdout.startswith("【督办】")
    # 市交通运输局: 改造农村公路 严重滞后 in Q1 and Q2 (督办), not reported in Q3 (挂牌督办)
    assert "1. 市交通运输局【挂牌督办】：未报送（已逾期2天）" in after.stdout
    records = json.loads(
        invoke("remind", "-q", "3", "--as-of", "2023-09-27", "-d", year, "-f", "json").stdout
    )
    assert {r["id"]: r["kind"] for r in records}["rz-transport"] == "挂牌督办"
    early = json.loads(
        invoke("remind", "-q", "3", "--as-of", "2023-09-20", "-d", year, "-f", "json").stdout
    )
    assert {r["kind"] for r in early} == {"催办"}


def test_a_unit_behind_once_gets_a_cuiban(tmp_path: Path) -> None:
    """With 督办 only after three quarters behind, Q3's missing units are 催办 still — except
    the one whose indicator was behind in Q1 and Q2 too (市交通运输局)."""
    data = play_year(tmp_path)
    with (data / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("escalation:\n  supervise_after: 3\n")
    records = json.loads(
        invoke("remind", "-q", "3", "--as-of", "2023-09-27", "-d", data, "-f", "json").stdout
    )
    kinds = {r["id"]: r["kind"] for r in records}
    assert kinds["rz-transport"] == "督办"


def _text(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text.strip()]


def test_duban_writes_one_numbered_dated_notice_per_unit(year: Path, tmp_path: Path) -> None:
    out = tmp_path / "duban"
    result = invoke(
        "duban", "-q", "2", "--as-of", AS_OF[2], "-n", "7", "--date", "2023-07-10",
        "-d", year, "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.docx"))
    assert files, result.output
    education = out / "2023年第2季度督办通知（市教育体育局（教育））.docx"
    lines = _text(education)
    # 信函格式: the issuer's name in the first page's header, the 发文字号 first in the body
    head = docx.Document(str(education)).sections[0].first_page_header.paragraphs
    assert [p.text for p in head] == ["汝州市人民政府办公室"]
    assert lines[0] == "汝政办督〔2023〕8号"
    numbers = {f.name: next(t for t in _text(f) if t.startswith("汝政办督")) for f in files}
    # numbered from 7 in units.yaml's order, each its own
    assert set(numbers.values()) == {f"汝政办督〔2023〕{n}号" for n in range(7, 7 + len(files))}
    assert len(set(numbers.values())) == len(files)
    assert "关于对市教育体育局（教育）重点民生实事滞后事项予以督办的通知" in lines
    assert "市教育体育局（教育）：" in lines
    # two indicators: one line each, the first run in after the heading; short sections run in
    assert lines[4:6] == [
        "一、督办事项。1. 新建、改扩建公办幼儿园：完成率40.0%，滞后2个季度。",
        "2. 新增公办幼儿园学位：完成率33.3%，滞后2个季度。",
    ]
    assert lines[6].startswith("二、存在问题。1. 新建、改扩建公办幼儿园：")
    assert lines[7] == (
        "2. 新增公办幼儿园学位：其余学位需待新建幼儿园投入使用后形成。"
        "按目前进度预计年底完成率67.2%，难以完成。"
    )
    assert lines[8].startswith("三、整改要求。倒排工期")
    assert lines[9] == "四、办结时限。2023年7月25日前。"  # 15 days after the date
    assert lines[10] == "五、责任人。落实方案未填写，由单位主要负责同志负责。"  # the same for both
    assert lines[-2:] == ["汝州市人民政府办公室", "2023年7月10日"]
    # the 挂牌督办 indicator's unit, the housing bureau, is listed at Q2 as 督办
    housing = _text(out / "2023年第2季度督办通知（市住房和城乡建设局）.docx")
    assert (  # its only indicator: run in after the heading, with its target
        "一、督办事项。新开工改造老旧小区：年度目标478户，累计完成120户，完成率25.1%，"
        "已连续2个季度滞后。" in housing
    )
    again = invoke("duban", "-q", "2", "--as-of", AS_OF[2], "-d", year, "-o", out)
    assert again.exit_code == 1 and "--force" in again.output


def test_the_indicator_that_caught_up_leaves_the_notice(year: Path, tmp_path: Path) -> None:
    out = tmp_path / "q3"
    assert invoke("duban", "-q", "3", "--as-of", AS_OF[3], "-d", year, "-o", out).exit_code == 0
    lines = _text(out / "2023年第3季度督办通知（市教育体育局（教育））.docx")
    assert not any(CATCHES_UP in t or "新增公办幼儿园学位" in t for t in lines)
    assert "关于对市教育体育局（教育）重点民生实事滞后事项予以挂牌督办的通知" in lines
    housing = _text(out / "2023年第3季度督办通知（市住房和城乡建设局）.docx")
    assert any(t.startswith("一、督办事项。新开工改造老旧小区：年度目标478户") for t in housing)
    assert any("赶上后解除督办，挂牌期间在通报中点名。" in t for t in housing)


def test_the_blank_number_and_one_unit(year: Path, tmp_path: Path) -> None:
    out = tmp_path / "one"
    result = invoke("duban", "-q", "2", "--as-of", AS_OF[2], "-u", "住建局", "-d", year, "-o", out)
    assert result.exit_code == 0, result.output
    [only] = out.glob("*.docx")
    assert "汝政办督〔2023〕\u3000\u3000号" in _text(only)
    assert "2023年7月5日" in _text(only)  # dated on the day judged


def test_another_programme_with_plans_gives_the_people(tmp_path: Path) -> None:
    """青山县: its own 发文字号 pattern with 督, and 责任领导/责任人 from the plan."""
    out = tmp_path / "county"
    result = invoke("duban", "-q", "4", "--as-of", "2024-01-10", "-n", "3", "-d", COUNTY, "-o", out)
    assert result.exit_code == 0, result.output
    health = _text(out / "2023年第4季度督办通知（县卫生健康委）.docx")
    assert "青政办督〔2024〕3号" in health  # dated on the day judged, in 2024
    assert "五、责任人。责任领导 刘建华（党组书记、主任），责任人 马丽（0375-5012345）。" in health


def test_a_bad_document_number_is_reported_at_its_line(year: Path, tmp_path: Path) -> None:
    data = play_year(tmp_path)
    text = (data / "config.yaml").read_text(encoding="utf-8")
    line = len(text.splitlines()) + 2
    with (data / "config.yaml").open("a", encoding="utf-8") as f:
        f.write("escalation:\n  document_number: 督〔{year:04}〕{number}号\n")
    result = invoke("validate", "-d", data, "-f", "json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"]) == ("data/config.yaml", line)
    assert "只能使用 {year} 和 {number}" in problem["message"]


def test_the_circular_names_the_listed_indicators(year: Path) -> None:
    result = invoke(
        "report", "-q", "3", "--as-of", AS_OF[3], "-d", year, "-t", TEMPLATES, "-f", "md"
    )
    assert result.exit_code == 0, result.output
    assert "予以挂牌督办：" in result.stdout
    assert (
        "新开工改造老旧小区（牵头单位：市住房和城乡建设局），已连续3个季度滞后。" in result.stdout
    )
    q2 = invoke("report", "-q", "2", "--as-of", AS_OF[2], "-d", year, "-t", TEMPLATES, "-f", "md")
    assert "挂牌督办" not in q2.stdout  # two quarters behind is a 督办, not yet 挂牌
    q4 = invoke("report", "-q", "4", "--as-of", AS_OF[4], "-d", year, "-t", TEMPLATES, "-f", "md")
    assert "继续挂牌督办：" in q4.stdout and WILL_MISS not in q4.stdout


@pytest.mark.skipif(find_office() is None, reason="LibreOffice 未安装")
def test_the_pdf_reads_back_numbered_and_dated(year: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "pdf"
    result = invoke(
        "duban", "-q", "3", "--as-of", AS_OF[3], "-n", "12", "--date", "2023-10-10",
        "-u", "市住房和城乡建设局", "-d", year, "-o", out, "-f", "pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [pdf] = out.glob("*.pdf")
    text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    flat = "".join(text.split())
    assert "汝政办督〔2023〕12号" in flat
    assert "关于对市住房和城乡建设局重点民生实事滞后事项予以挂牌督办的通知" in flat
    for heading in ("一、督办事项", "二、存在问题", "三、整改要求", "四、办结时限", "五、责任人"):
        assert heading in flat
    assert "2023年10月25日前" in flat
    assert "汝州市人民政府办公室2023年10月10日" in flat


def _items(path: Path) -> int:
    """How many indicators a notice lists under 督办事项 (run in: one)."""
    lines = _text(path)
    if not lines[4].startswith("一、督办事项。1. "):
        return 1
    return next(i for i, t in enumerate(lines) if t.startswith("二、存在问题。")) - 4


def test_the_notice_reads_back_with_its_pitch_and_run_in_headings(
    year: Path, tmp_path: Path
) -> None:
    out = tmp_path / "docx"
    assert invoke("duban", "-q", "3", "--as-of", AS_OF[3], "-d", year, "-o", out).exit_code == 0
    document = docx.Document(str(out / "2023年第3季度督办通知（团市委）.docx"))
    body = [p for p in document.paragraphs if p.text.strip()]
    assert all(p.paragraph_format.line_spacing is None for p in body)  # the styles' pitch
    for name in ("公文正文", "公文一级标题", "主送机关", "署名"):
        assert document.styles[name].paragraph_format.line_spacing == Pt(24)
    assert document.styles["公文标题"].paragraph_format.line_spacing == Pt(28.95)
    sections = [p for p in body if p.text[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert [p.runs[0].text for p in sections] == [
        "一、督办事项。", "二、存在问题。", "三、整改要求。", "四、办结时限。", "五、责任人。",
    ]  # fmt: skip
    for p in sections:  # the heading in 黑体, the text after it in the body's 仿宋
        fonts = p.runs[0]._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")) == "黑体"
        assert p.runs[1]._r.find(qn("w:rPr")) is None  # the style's 仿宋
        assert p.style is not None and p.style.name == "公文正文"
    assert sections[3].text == "四、办结时限。2023年10月23日前。"


@pytest.mark.skipif(find_office() is None, reason="LibreOffice 未安装，无法转为 PDF 数页数")
@pytest.mark.parametrize(("quarter", "items", "day"), [(3, 2, "2023-10-10"), (4, 3, "2024-01-10")])
def test_the_notice_with_the_most_indicators_is_one_page(
    year: Path, tmp_path: Path, quarter: int, items: int, day: str
) -> None:
    from pypdf import PdfReader

    out = tmp_path / "all"
    shown = str(quarter)
    assert (
        invoke("duban", "-q", shown, "--as-of", AS_OF[quarter], "-d", year, "-o", out).exit_code
        == 0
    )
    counts = {f: _items(f) for f in out.glob("*.docx")}
    most = max(counts, key=lambda f: (counts[f], f.name))
    assert counts[most] == items  # Q3: 市民政局 and 市卫生健康委 two each; Q4: 市卫生健康委 three
    unit = most.stem.split("（", 1)[1][:-1]
    pdf_out = tmp_path / "pdf"
    result = invoke(
        "duban", "-q", shown, "--as-of", AS_OF[quarter], "-n", "12", "--date", day,
        "-u", unit, "-d", year, "-o", pdf_out, "-f", "pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [pdf] = pdf_out.glob("*.pdf")
    pages = PdfReader(str(pdf)).pages
    assert len(pages) == 1
    flat = "".join((pages[0].extract_text() or "").split())
    year_, month, date_ = (int(x) for x in day.split("-"))
    assert flat.endswith(f"汝州市人民政府办公室{year_}年{month}月{date_}日")


def test_the_year_end_notice_projects_nothing(year: Path, tmp_path: Path) -> None:
    """From the fourth quarter's report the figures are the year's: no 按目前进度预计 in 存在问题."""
    out = tmp_path / "q4"
    assert invoke("duban", "-q", "4", "--as-of", AS_OF[4], "-d", year, "-o", out).exit_code == 0
    lines = _text(out / "2023年第4季度督办通知（市卫生健康委）.docx")
    assert "2. 两癌筛查：部分偏远乡镇适龄妇女外出务工较多，集中筛查到检率偏低。" in lines
    assert not any("预计" in t for t in lines)


def test_a_notice_issued_in_january_is_numbered_in_that_year(year: Path, tmp_path: Path) -> None:
    """The 文号's year is the year of issue, as the circular's (〔2024〕 for Q4 dated 2024-01-10)."""
    out = tmp_path / "q4"
    args = ("duban", "-q", "4", "--as-of", AS_OF[4], "-n", "3", "--date", "2024-01-10")
    assert invoke(*args, "-u", "市卫生健康委", "-d", year, "-o", out).exit_code == 0
    lines = _text(out / "2023年第4季度督办通知（市卫生健康委）.docx")
    assert "汝政办督〔2024〕3号" in lines
    assert "2024年1月10日" in lines
