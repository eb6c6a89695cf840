"""The acceptance checklist as a .docx in the circular's layout: A4 landscape, GB/T 9704 fonts,
page numbers, one table whose header row repeats on every page (styles.py, table.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.shared import Pt

from mscli.acceptance.records import Verdict
from mscli.catalogue.models import project_label
from mscli.quantities import chinese_date
from mscli.render.circular.docx.styles import add_styles, fix_doc_defaults, page_numbers, set_page
from mscli.render.circular.docx.table import Column, build_table
from mscli.render.terminal.acceptance import basis_text, counts_text, criterion_row
from mscli.results.acceptance import AcceptanceChecklist

COLUMNS = (
    Column("序号", 9, "center"),
    Column("验收标准", 66),
    Column("关联指标（完成情况）", 52),
    Column("核查环节", 44),
    Column("结论", 16, "center"),
    Column("佐证材料", 14),
    Column("待办", 24),
)
"""No English ids: each criterion by its place in 附件2 (第2条) at the head of its standard; each
project a row of its own across the table, above its criteria."""
SIZE = 9.0  # 小五
PITCH = 13.0  # exact line pitch of its rows
VERDICT_COLUMN = 4
VERDICT_FILL: dict[Verdict, str | None] = {  # the attachment's shades (render/columns)
    Verdict.met: "E1F4E1",
    Verdict.not_met: "E09393",
    Verdict.pending: "D7C061",
    Verdict.not_applicable: "FAFAFA",
}
PROJECT_FILL = "F2F2F2"


def title(checklist: AcceptanceChecklist) -> str:
    return f"{checklist.year}年重点民生实事验收清单"


@dataclass(frozen=True)
class ChecklistRows:
    rows: list[tuple[str, ...]]
    fills: list[str | None]
    projects: list[int]
    """The rows that name a project (one cell across the table)."""


def checklist_rows(checklist: AcceptanceChecklist) -> ChecklistRows:
    """A row per project, then a row per criterion, numbered through the checklist."""
    found = ChecklistRows([], [], [])
    number = 0
    blank = ("",) * (len(COLUMNS) - 1)
    for project in checklist.projects:
        found.projects.append(len(found.rows))
        found.rows.append((project_label(project.block, project.number, project.title), *blank))
        found.fills.append(PROJECT_FILL)
        for c in project.criteria:
            number += 1
            place, standard, *rest, _ = (
                cell.replace("\n", "；") for cell in criterion_row(c, chinese_date)
            )
            shown = f"{place}　{standard}" if c.position else standard
            # 待办 without the indicators' status, which their own column shows
            found.rows.append((str(number), shown, *rest, "；".join(c.steps) or "无"))
            found.fills.append(VERDICT_FILL[c.verdict])
    return found


def build_checklist_document(
    checklist: AcceptanceChecklist, *, issuer: str, issued: dt.date
) -> Document:
    """The checklist in landscape with its header on every page; a criterion's row continues on
    the next page rather than leaving a page half empty."""
    document = docx.Document()
    fix_doc_defaults(document)
    add_styles(document)
    for name in ("表格文字", "表头文字"):  # a dense table: 小五, the size of a form's small print
        style = document.styles[name]
        style.font.size = Pt(SIZE)
        style.paragraph_format.line_spacing = Pt(PITCH)
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    set_page(section, landscape=True)
    page_numbers(section)
    document.add_paragraph(title(checklist), style="公文标题")
    document.add_paragraph(counts_text(checklist) + basis_text(checklist), style="公文正文")
    table = checklist_rows(checklist)
    build_table(
        document,
        COLUMNS,
        table.rows,
        fills=table.fills,
        fill_column=VERDICT_COLUMN,
        spanned=table.projects,
        split_rows=True,
    )
    props = document.core_properties
    props.title = title(checklist)
    props.subject = f"{checklist.year}年重点民生实事年终验收"
    props.author = props.last_modified_by = issuer
    props.comments = props.keywords = ""
    props.language = "zh-CN"
    props.created = props.modified = dt.datetime.combine(issued, dt.time(9, 0))
    props.revision = 1
    return document
