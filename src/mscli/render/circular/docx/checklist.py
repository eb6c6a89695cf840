"""The acceptance checklist as a .docx in the circular's layout: A4 landscape, GB/T 9704 fonts,
page numbers, one table whose header row repeats on every page (render/docx_layout, docx_table)."""

from __future__ import annotations

import docx
from docx.document import Document

from mscli.acceptance.records import Verdict
from mscli.catalogue.models import project_label
from mscli.render.circular.docx.styles import add_styles, fix_doc_defaults, page_numbers, set_page
from mscli.render.circular.docx.table import Column, build_table
from mscli.render.terminal.acceptance import basis_text, counts_text, criterion_row
from mscli.results.acceptance import AcceptanceChecklist

COLUMNS = (
    Column("序号", 8, "center"),
    Column("项目", 24),
    Column("编号", 20),
    Column("验收标准", 50),
    Column("关联指标（完成情况）", 34),
    Column("核查环节", 34),
    Column("结论", 16, "center"),
    Column("佐证材料", 21),
    Column("待办", 18),
)
VERDICT_COLUMN = 6
VERDICT_FILL: dict[Verdict, str | None] = {
    Verdict.met: "C6EFCE",
    Verdict.not_met: "FFC7CE",
    Verdict.pending: "FFEB9C",
    Verdict.not_applicable: "EDEDED",
}


def title(checklist: AcceptanceChecklist) -> str:
    return f"{checklist.year}年重点民生实事验收清单"


def build_checklist_document(checklist: AcceptanceChecklist) -> Document:
    document = docx.Document()
    fix_doc_defaults(document)
    add_styles(document)
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    set_page(section, landscape=True)
    page_numbers(section)
    document.add_paragraph(title(checklist), style="公文标题")
    document.add_paragraph(counts_text(checklist) + basis_text(checklist), style="公文正文")
    rows, fills = [], []
    number = 0
    for project in checklist.projects:
        for c in project.criteria:
            number += 1
            cells = [cell.replace("\n", "；") for cell in criterion_row(c)]
            rows.append(
                (str(number), project_label(project.block, project.number, project.title), *cells)
            )
            fills.append(VERDICT_FILL[c.verdict])
    build_table(document, COLUMNS, rows, fills=fills, fill_column=VERDICT_COLUMN)
    document.core_properties.title = title(checklist)
    document.core_properties.language = "zh-CN"
    return document
