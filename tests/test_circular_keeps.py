"""The circular's pagination rules, written into the document so that Word and LibreOffice both obey
them (GB/T 9704 §7.3.5: the 署名 and 成文日期 share a page with the body; no heading alone at the foot
of a page): keep-with-next and keep-lines-together on the body's last paragraph, the 附件说明, the
署名 and the blank lines between; on every heading; widow/orphan control in the body.

The .docx is checked as Word reads it (its XML). Where LibreOffice is present, the Q1 circular is
printed with its body made longer by just the lines that would, without these rules, leave the 署名
(or the 附件说明 and the 署名) alone at the top of a page, and the PDF is read back.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import TEMPLATES, copy_data, invoke, replace_once
from mscli.render.circular.pdf import convert, find_office
from test_circular_pdf import LINE_PT, OFFICE_FONTS, Word, words

SIGNER = "汝州市人民政府办公室"
DATE = "2023年4月10日"
NEXT_STEPS = "下步将优先整治学校、医院周边和背街小巷的隐患窨井。"
FILLER = "加快推进" * 7  # 28 characters: one more line in the paragraph
TOP_PT = 37 * 72 / 25.4  # the portrait type area's upper edge
HEADINGS = ("公文一级标题", "公文二级标题", "公文三级标题")
NO_OFFICE = find_office() is None or shutil.which("pdftotext") is None


def report(data: Path, out: Path, *extra: str) -> Path:
    result = invoke(
        "report", "-q", "1", "--as-of", "2023-04-05", "--number", "21", "--date", "2023-04-10",
        "--data", data, "--templates", TEMPLATES, "-o", out, *extra, env=OFFICE_FONTS,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def paragraphs(document: Document) -> list[Paragraph]:
    """The first section's paragraphs: the front, the body and the closing."""
    found = []
    for p in document.element.body.iterchildren(qn("w:p")):
        found.append(Paragraph(p, document))
        if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            break
    return found


def flag(paragraph: Paragraph, name: str) -> bool:
    """A paragraph property as Word resolves it: the paragraph's own, else its styles'."""
    value = getattr(paragraph.paragraph_format, name)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, name)
        style = style.base_style
    return bool(value)


def test_the_body_keeps_its_last_paragraph_with_the_signature(tmp_path: Path) -> None:
    document = docx.Document(str(report(copy_data(tmp_path / "data"), tmp_path / "q1.docx")))
    first = paragraphs(document)
    note = next(i for i, p in enumerate(first) if p.text.startswith("附件："))
    date = next(i for i, p in enumerate(first) if p.text == DATE)
    assert first[date - 1].text == SIGNER
    last_body = note - 2
    assert first[last_body].text.startswith("3.请各牵头单位")  # the body's last paragraph
    assert first[last_body + 1].text == ""
    chain = first[last_body:date]
    assert all(flag(p, "keep_with_next") for p in chain), [p.text for p in chain]
    assert all(flag(p, "keep_together") for p in first[last_body : date + 1])
    assert not flag(first[date], "keep_with_next")  # the page may end under the date
    assert first[last_body - 1].paragraph_format.keep_with_next is None  # the rest may break


def test_headings_keep_with_the_next_paragraph_and_the_body_has_widow_control(
    tmp_path: Path,
) -> None:
    document = docx.Document(str(report(copy_data(tmp_path / "data"), tmp_path / "q1.docx")))
    body = paragraphs(document)
    headings = [p for p in body if p.style is not None and p.style.name in HEADINGS]
    assert [p.text for p in headings if re.match("[一二三四五]、", p.text)] == [
        "一、总体进展情况",
        "二、各项目推进情况",
        "三、滞后指标及牵头单位",
        "四、进展报送情况",
        "五、下一步工作要求",
    ]
    assert all(flag(p, "keep_with_next") and flag(p, "keep_together") for p in headings)
    text = [p for p in body if p.style is not None and p.style.name == "公文正文" and p.text]
    assert len(text) > 20 and all(flag(p, "widow_control") for p in text)
    for name in HEADINGS:  # in the styles, for a heading a user adds in Word
        style = document.styles[name].element
        assert style.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def lines(page: list[Word]) -> list[tuple[float, str]]:
    """A page's lines, top to bottom, as (y, text without the spaces pdftotext puts in)."""
    rows: dict[int, list[Word]] = {}
    for w in page:
        rows.setdefault(round(w.y), []).append(w)
    return [
        (y, "".join(w.text for w in sorted(ws, key=lambda w: w.x)))
        for y, ws in sorted(rows.items())
    ]


def signature_page(pdf: Path) -> list[tuple[float, str]]:
    pages, _ = words(pdf)
    found = [lines(p) for p in pages if any(t == DATE for _, t in lines(p))]
    assert len(found) == 1
    return found[0]


def without_rules(source: Path, target: Path) -> Path:
    """The same .docx without any keep or widow rule (the circular as it was written before)."""
    document = docx.Document(str(source))
    root = document.element
    for tag in ("w:keepNext", "w:keepLines"):
        for element in list(root.iter(qn(tag))) + list(document.styles.element.iter(qn(tag))):
            element.getparent().remove(element)
    for element in list(root.iter(qn("w:widowControl"))) + list(
        document.styles.element.iter(qn("w:widowControl"))
    ):
        element.set(qn("w:val"), "0")
    document.save(str(target))
    return target


def line_of(pdf: Path, text: str) -> int:
    """The grid line (1 to 22) on which the line `text` is printed."""
    pages, _ = words(pdf)
    y = next(y for page in pages for y, t in lines(page) if t == text)
    return round((y - TOP_PT) / LINE_PT + 0.5)


def lengthened(tmp_path: Path, name: str, text: str, line: int) -> Path:
    """The fixture data with a lagging indicator's 下步打算 made just so many lines longer that,
    printed without any keep or widow rule, the line `text` falls on grid line `line` of a page."""
    office = find_office()
    assert office is not None
    base = report(copy_data(tmp_path / f"{name}-base"), tmp_path / f"{name}-base.docx")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FONTCONFIG_FILE", OFFICE_FONTS["FONTCONFIG_FILE"])
        unkept = convert(without_rules(base, tmp_path / f"{name}-unkept.docx"), office=office)
        shift = (line - line_of(unkept, text)) % 22
        data = copy_data(tmp_path / name)
        housing = data / "progress" / "2023-Q1" / "rz-housing.yaml"
        replace_once(housing, NEXT_STEPS, FILLER * shift + NEXT_STEPS)
        again = report(data, tmp_path / f"{name}-longer.docx")
        unkept = convert(
            without_rules(again, tmp_path / f"{name}-longer-unkept.docx"), office=office
        )
        assert line_of(unkept, text) == line  # the page as it would break without the rules
    return data


@pytest.mark.skipif(NO_OFFICE, reason="LibreOffice (soffice) or pdftotext is not installed")
@pytest.mark.parametrize(
    ("line", "alone"),
    [(1, "the 署名"), (4, "the 附件说明 and the 署名")],
    ids=["signature-at-the-top", "attachment-note-at-the-top"],
)
def test_the_signature_page_holds_the_end_of_the_body(
    tmp_path: Path, line: int, alone: str
) -> None:
    """Without the rules, the longer body leaves the 署名 on the first line of a page (or on the
    fourth: the 附件说明 on the first); with them that page also holds the body's last lines, then
    the 附件说明, the 署名 and the date."""
    data = lengthened(tmp_path, "q1", SIGNER, line)
    page = [t for _, t in signature_page(report(data, tmp_path / "q1.pdf"))]
    note = next(i for i, t in enumerate(page) if t.startswith("附件："))
    assert note >= 2, f"{alone} with no body text above: {page}"
    assert page[note + 1 :] == [SIGNER, DATE, page[-1]]  # and the page number
    assert "".join(page[:note]).endswith("逾期按迟报通报。")


@pytest.mark.skipif(NO_OFFICE, reason="LibreOffice (soffice) or pdftotext is not installed")
def test_no_heading_ends_a_page(tmp_path: Path) -> None:
    """Without the rules, the longer body puts the heading 四、进展报送情况 on a page's last line;
    with them no heading is the last line of any page."""
    data = lengthened(tmp_path, "q1", "四、进展报送情况", 22)
    source = report(data, tmp_path / "q1.docx")
    headings = {
        p.text
        for p in paragraphs(docx.Document(str(source)))
        if p.style is not None and p.style.name in HEADINGS
    }
    pages, bottoms = words(report(data, tmp_path / "q1.pdf"))
    for number, (page, bottom) in enumerate(zip(pages, bottoms, strict=True), 1):
        text = [t for y, t in lines(page) if y < bottom]
        assert not text or text[-1] not in headings, f"page {number} ends with {text[-1]}"
