"""`mscli report`: the .docx reopened with python-docx and read as a reader would."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Row
from docx.text.paragraph import Paragraph

from conftest import (
    FIXTURE_DATA,
    TEMPLATES,
    copy_data,
    found,
    invoke,
    lengthen_last_indicator,
    style_name,
    without_projection_paragraph,
)
from mscli.results.completion import Status


def report(*args: str, data: Path = FIXTURE_DATA) -> Any:
    return invoke("report", "--data", data, "--templates", TEMPLATES, *args)


@pytest.fixture(scope="module")
def q2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    path = folder / "q2.docx"
    data = without_projection_paragraph(copy_data(folder / "data"))
    result = report("--quarter", "2", "--output", str(path), data=data)
    assert result.exit_code == 0, result.output
    assert "已写入" in result.output and "汝州市承担的" in result.output
    return path


@pytest.fixture(scope="module")
def document(q2: Path) -> Document:
    return docx.Document(str(q2))


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def east_asia(paragraph: Paragraph) -> str | None:
    """The East Asian font a reader's Word would use: the run's own, else its paragraph style's."""
    for run in paragraph.runs:
        fonts = run._r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return fonts.get(qn("w:eastAsia"))
    style = paragraph.style
    while style is not None:
        fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return str(fonts.get(qn("w:eastAsia")))
        style = style.base_style
    return None


def test_title_and_document_number(document: Document) -> None:
    lines = texts(document)
    title = [p.text for p in document.paragraphs if style_name(p) == "公文标题" and p.text]
    assert "汝州市人民政府办公室文件" in lines
    assert "".join(title[1:3]) == "关于2023年第二季度重点民生实事推进情况的通报"
    assert "汝政办〔2023〕\u3000\u3000号" in lines
    assert "各乡镇人民政府，市政府各部门，各街道办事处，有关单位：" in lines
    assert "2023年6月30日" in lines and "汝州市人民政府办公室" in lines
    assert any(t.startswith("附件：2023年第二季度重点民生实事指标推进情况表") for t in lines)
    assert document.core_properties.title == "关于2023年第二季度重点民生实事推进情况的通报"
    assert document.core_properties.author == "汝州市人民政府办公室"
    assert document.core_properties.comments == ""


def test_overall_counts_equal_status_json(document: Document) -> None:
    result = invoke("status", "-q", "2", "--data", FIXTURE_DATA, "--format", "json")
    assert result.exit_code == 0, result.output
    counts = Counter(r["status"] for r in json.loads(result.stdout))
    body = "\n".join(texts(document))
    overall = next(t for t in texts(document) if t.startswith("截至"))
    assert f"由平顶山市统一安排实施{counts[Status.delegated.value]}项" in overall
    assert f"我市承担的{sum(counts.values())}项" in overall
    for status in Status:
        if status is not Status.delegated and counts[status.value]:
            assert f"{status.value}{counts[status.value]}项" in overall, status
    assert "二、各项目推进情况" in body


def attachment_rows(document: Document) -> list[_Row]:
    """The attachment's rows: one table per printed page, each with its own header row."""
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "序号"]
    return [row for t in tables for row in t.rows[1:]]


def test_one_attachment_row_per_indicator(document: Document) -> None:
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "序号"]
    assert len(tables) > 1  # the table is cut into pages before printing
    rows = attachment_rows(document)
    numbers = [row.cells[0].text for row in rows]  # the project's number, merged over its rows
    assert len(numbers) == 44 and list(dict.fromkeys(numbers)) == [str(n) for n in range(1, 15)]
    table = tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "序号",
        "项目",
        "平顶山市指标任务",
        "汝州市指标任务",
        "累计完成",
        "完成率",
        "时序进度",
        "状态",
        "牵头单位",
    ]
    assert all(found(t.rows[0]._tr.trPr).find(qn("w:tblHeader")) is not None for t in tables)
    statuses = {row.cells[7].text for row in rows}
    assert statuses == {s.value for s in Status}  # the frozen Q2 shows all seven
    fills: dict[str, set[str | None]] = {}
    for row in rows:
        shd = row.cells[7]._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        fills.setdefault(row.cells[7].text, set()).add(found(shd).get(qn("w:fill")))
    # every status has its own single colour
    assert all(len(colours) == 1 for colours in fills.values())
    assert len({next(iter(c)) for c in fills.values()}) == len(Status)


def test_attachment_merges_projects_and_fits_single_tokens(document: Document) -> None:
    rows = attachment_rows(document)
    # the first project's four indicators share one project cell; the fifth row starts the next
    merges = [found(row._tr.tc_lst[1].tcPr).find(qn("w:vMerge")) for row in rows[:5]]
    assert [found(m).get(qn("w:val")) for m in merges] == ["restart", None, None, None, "restart"]
    assert rows[0].cells[1].text == "开展职业技能培训和评价取证，扩大重点群体就业"
    # 序号 44, 100.0%, 严重滞后 fit in their columns at 五号 (10.5 pt): CJK one em, digits half
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    widths_pt = [table.columns[i].width.pt for i in range(9)]
    padding = 2 * 1.5 / 25.4 * 72
    assert widths_pt[0] - padding >= 2 * 10.5  # 序号 (header, two characters)
    assert widths_pt[5] - padding >= (0.5 * 4 + 0.25 + 0.833) * 10.5  # 100.0%
    assert widths_pt[7] - padding >= 4 * 10.5  # 严重滞后
    assert sum(widths_pt) == pytest.approx(225 / 25.4 * 72, abs=1)


def imprint_rows(document: Document) -> list[str]:
    """The 版记: the document's last table, one row of text per rule-separated line."""
    return [row.cells[0].text for row in document.tables[-1].rows]


IMPRINT = [
    "抄送：市委各部门，市人大常委会办公室，市政协办公室，市法院，市检察院。",
    "汝州市人民政府办公室\t2023年6月30日印发",
]


def test_imprint_at_the_foot_of_the_attachments_last_page(document: Document) -> None:
    """The bundled Q2's body takes 10 pages on the 22-line grid, safely away from a page break, and
    its attachment 6 with room left on the last: the 版记 follows the last table on that even page,
    pushed to its foot by an empty paragraph of exact height, with no page of its own."""
    assert len(document.sections) == 2
    assert imprint_rows(document) == IMPRINT
    table = document.tables[-1]
    rules = {
        rule.tag.split("}")[1]: (rule.get(qn("w:val")), rule.get(qn("w:sz")))
        for rule in found(table._tbl.tblPr.find(qn("w:tblBorders")))
    }  # thick above and below, thin between, nothing at the sides: as wide as the type area
    assert rules == {"top": ("single", "8"), "bottom": ("single", "8"), "insideH": ("single", "6")}
    assert mm(table.columns[0].width) == 225
    spacer = Paragraph(found(table._tbl.getprevious()), document._body)  # type: ignore[arg-type]
    assert spacer.text == ""
    assert spacer.paragraph_format.line_spacing.pt > 1
    assert spacer.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY


def test_imprint_left_to_word_when_the_attachment_ends_on_an_odd_page(tmp_path: Path) -> None:
    """Six more clauses in the last indicator give the attachment a seventh page, which follows
    the body's ten: an odd page. The 版记 goes to a portrait section that Word starts on the next
    even page (adding a blank page itself, should its layout of the body differ), numbered."""
    data = lengthen_last_indicator(without_projection_paragraph(copy_data(tmp_path / "data")), 6)
    path = tmp_path / "q2.docx"
    assert report("--quarter", "2", "--output", str(path), data=data).exit_code == 0
    document = docx.Document(str(path))
    last = document.sections[-1]
    assert len(document.sections) == 3
    assert last.start_type == WD_SECTION.EVEN_PAGE
    assert last.orientation == WD_ORIENT.PORTRAIT
    assert all(f.is_linked_to_previous for f in (last.footer, last.even_page_footer))
    assert imprint_rows(document) == IMPRINT
    assert mm(document.tables[-1].columns[0].width) == 156


def test_east_asian_fonts(document: Document) -> None:
    by_style = {style_name(p): p for p in document.paragraphs if p.text}
    assert east_asia(by_style["公文正文"]) == "仿宋_GB2312"
    assert east_asia(by_style["公文标题"]) == "方正小标宋简体"
    assert east_asia(by_style["公文一级标题"]) == "黑体"
    assert east_asia(by_style["公文二级标题"]) == "楷体_GB2312"
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert defaults.get(qn("w:eastAsiaTheme")) is None
    lang = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def mm(length: int | None) -> float:
    assert length is not None
    return round(length / Mm(1), 1)  # stored in twips: 210 mm reads back as 210.0 after rounding


def test_page_and_margins(document: Document) -> None:
    first = document.sections[0]
    assert (mm(first.page_width), mm(first.page_height)) == (210, 297)
    assert (mm(first.top_margin), mm(first.left_margin)) == (37, 28)
    assert (mm(first.right_margin), mm(first.bottom_margin)) == (26, 35)
    assert first.orientation == WD_ORIENT.PORTRAIT
    body = next(p for p in document.paragraphs if style_name(p) == "公文正文" and p.text)
    assert body.style is not None and body.style.paragraph_format.line_spacing.pt == pytest.approx(
        28.95, abs=0.05
    )


def test_page_numbers_in_odd_and_even_footers(document: Document) -> None:
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (document.sections[0].footer, document.sections[0].even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("— ")


def test_landscape_attachment_section(document: Document) -> None:
    sections = document.sections
    assert sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert mm(sections[1].page_width) == 297
    # the page number's line 7 mm under the type area, as on the portrait pages: a footer that
    # reached into the type area would take room from the attachment's pages
    for section in sections[:2]:
        assert mm(section.bottom_margin) - mm(section.footer_distance) == 13


def test_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "c.docx"
    path.write_bytes(b"old")
    result = report("-q", "1", "-o", str(path))
    assert result.exit_code == 1
    assert "已存在" in result.output and "--force" in result.output
    assert path.read_bytes() == b"old"
    result = report("-q", "1", "-o", str(path), "--force")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(path)).tables


def test_atomic_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self: Document, target: str) -> None:
        Path(target).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Document, "save", broken_save)
    out = tmp_path / "out"
    result = report("-q", "1", "-o", str(out / "c.docx"))
    assert result.exit_code == 1
    assert "写入" in result.output and "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_markdown_and_json_formats(tmp_path: Path) -> None:
    md, js = tmp_path / "c.md", tmp_path / "c.json"
    assert report("-q", "2", "-f", "md", "-o", str(md)).exit_code == 0
    assert md.read_text(encoding="utf-8").startswith("按照《")
    assert report("-q", "2", "-f", "json", "-o", str(js)).exit_code == 0
    context = json.loads(js.read_text(encoding="utf-8"))
    assert context["quarter_cn"] == "二" and len(context["indicators"]) == 44
    assert context["date"] == "2023年6月30日"


@pytest.mark.parametrize(
    ("quarter", "next_deadline"),
    [("1", "2023年6月30日前将第二季度"), ("3", "2023年12月31日前将第四季度")],
    ids=["q1", "q3"],
)
def test_deadline_day_31_reports_name_the_last_day_of_the_month(
    data: Path, tmp_path: Path, quarter: str, next_deadline: str
) -> None:
    config = data / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "status:\n  deadline_day: 31\n", encoding="utf-8"
    )
    out = tmp_path / f"q{quarter}.md"
    result = report("-q", quarter, "-f", "md", "-o", str(out), data=data)
    assert result.exception is None, result.exception  # the old month arithmetic raised here
    assert result.exit_code == 0, result.output
    assert f"请各牵头单位于{next_deadline}推进情况报送" in out.read_text(encoding="utf-8")


def test_default_output_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert report("-q", "2", "-f", "json").exit_code == 0
    assert (tmp_path / "output" / "2023年第2季度重点民生实事推进情况通报.json").is_file()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_renders_it(q2: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(q2),
        ],
        capture_output=True,
        check=False,
        timeout=240,
    )
    pdf = tmp_path / "q2.pdf"
    assert pdf.is_file(), done.stderr
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext 未安装")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = text.count("\f")
    assert 6 <= pages <= 40
    flat = "".join(text.split())
    for key in ("推进情况的通报", "汝政办〔2023〕", "附件", "牵头单位", "—1—", "印发"):
        assert key in flat, key


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--also-pdf"]])
def test_pdf_without_libreoffice_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("MSCLI_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / ("c.pdf" if "pdf" in args else "c.docx")  # the format follows the name
    result = report("-q", "2", "-o", str(out), *args)
    assert result.exit_code == 1
    assert "未找到 LibreOffice" in result.output and "apt-get install" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing half-written
