"""The circular's attachment: the per-indicator table on landscape pages, laid out before printing.

Row heights are known in advance (exact line pitch, fixed cell padding, and line counts from the
width table in render/textwidth), so the table is cut into pages here rather than by the word
processor:

- columns whose values are single tokens (序号, percentages, status labels) are exactly as wide as
  their widest value; the rest of the type area goes, 2 mm at a time, to whichever text column
  shortens the table most;
- each page gets its own table with the header row, and the project cell is merged over its
  indicators on that page, so a project cut by a page break is named again at the top of the next;
- no page holds a single row (the last page takes a row from the one before when it would).

A small safety margin on every page keeps Word (with the office's real fonts) and LibreOffice to the
same breaks.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.shared import Pt

from mscli.catalogue.models import Structure
from mscli.quarters import Quarter
from mscli.render.circular.docx.fast_body import add_paragraph
from mscli.render.circular.docx.styles import LINE_PITCH, TABLE_PITCH, TABLE_SIZE, set_page
from mscli.render.circular.docx.table import (
    CELL_MARGIN_X_MM,
    CELL_MARGIN_Y_MM,
    Column,
    add_table,
    prepare_table,
)
from mscli.render.circular.docx.textwidth import (
    Piece,
    line_count,
    measure,
    measured_line_count,
    text_width,
    wrap,
)
from mscli.render.circular.wording import wave_ranges
from mscli.render.columns import (
    INDICATOR_COLUMNS,
    PROJECT_COLUMN,
    ROW_NUMBER,
    STATUS_COLUMN,
    STATUS_FILL,
    column_title,
    indicator_cells,
)
from mscli.results.summary import QuarterSummary

PT_PER_MM = 72 / 25.4
WIDTH_MM = 225.0  # landscape type area: 297 − 37 − 35
HEIGHT_MM = 156.0  # 210 − 28 − 26
TITLE_SIZE = 22.0
RULE_PT = 0.5  # the table's single rules (w:sz 4)
SLACK_PT = 2.0  # added to single-token columns, so a renderer's rounding never wraps them
STEP_MM = 2.0
LOOKAHEAD = 15  # steps tried at once when widening a column
SAMPLE_ROWS = 200  # rows the width search looks at (evenly spread) in a very long table
SAFETY_PT = TABLE_PITCH  # kept free on every page: a line that wraps differently in Word
COLUMNS = (ROW_NUMBER, *INDICATOR_COLUMNS)
NUMBER = 0  # 序号, merged over a project's rows like the project cell
MERGED = PROJECT_COLUMN + 1  # the project column, after 序号
FILLED = STATUS_COLUMN + 1


@dataclass(frozen=True)
class AttachmentLayout:
    columns: tuple[Column, ...]
    pages: tuple[tuple[int, ...], ...]
    """Row indices on each page."""
    heights: tuple[float, ...]
    """Each page's estimated table height in points (header included)."""
    free: float
    """Room left under the table on the last page, in points (the safety margin included)."""


LONGEST_TOKEN_SHARE = 0.25
"""The widest share of the table one unbreakable run of text may claim for its column."""


def _padding() -> float:
    return 2 * CELL_MARGIN_X_MM * PT_PER_MM + RULE_PT


def _lines(text: str, width_pt: float) -> int:
    return line_count(text, width_pt - _padding(), TABLE_SIZE)


def _height(lines: int) -> float:
    return lines * TABLE_PITCH + 2 * CELL_MARGIN_Y_MM * PT_PER_MM + RULE_PT


def _narrowest(texts: Sequence[str], wraps: bool) -> float:
    """The least width (pt) of a column: its widest token, or its widest unbreakable piece."""
    distinct = set(texts)  # a long table repeats its statuses, units and project names
    if not wraps:
        return max(text_width(t, TABLE_SIZE) for t in distinct) + _padding() + SLACK_PT
    widest = max(text_width(line, TABLE_SIZE) for t in distinct for line in wrap(t, 1, TABLE_SIZE))
    # an unbreakable run longer than this (400 digits in a title) is broken by Word anyway
    widest = min(widest, LONGEST_TOKEN_SHARE * WIDTH_MM * PT_PER_MM)
    return max(widest, 3 * TABLE_SIZE) + _padding() + SLACK_PT


class _Heights:
    """Row and merged-cell heights for given column widths (line counts cached per width; each
    distinct text measured once)."""

    def __init__(self, rows: Sequence[Sequence[str]], groups: Sequence[Hashable]) -> None:
        self.rows = rows
        self.groups = groups
        self._lines: dict[tuple[int, float], list[int]] = {}
        self._measured: dict[str, tuple[tuple[Piece, ...], ...]] = {}

    def lines(self, column: int, width: float) -> list[int]:
        key = (column, round(width, 3))
        if key not in self._lines:
            room = width - _padding()
            counts: dict[str, int] = {}
            for text in {r[column] for r in self.rows}:
                if text not in self._measured:
                    self._measured[text] = measure(text)
                counts[text] = measured_line_count(self._measured[text], room, TABLE_SIZE)
            self._lines[key] = [counts[r[column]] for r in self.rows]
        return self._lines[key]

    def rows_and_cells(self, widths: Sequence[float]) -> tuple[list[float], list[float]]:
        """Each row's height without the merged column, and each row's merged cell height."""
        counts = [self.lines(i, w) for i, w in enumerate(widths) if i != MERGED]
        own = [_height(max(c)) for c in zip(*counts, strict=True)]
        merged = [_height(n) for n in self.lines(MERGED, widths[MERGED])]
        return own, merged

    def total(self, widths: Sequence[float]) -> float:
        own, merged = self.rows_and_cells(widths)
        total, start = 0.0, 0
        for i in range(len(self.rows) + 1):
            if i == len(self.rows) or self.groups[i] != self.groups[start]:
                total += max(sum(own[start:i]), merged[start])
                start = i
        return total


def _widths(header: Sequence[str], rows: Sequence[Sequence[str]], heights: _Heights) -> list[float]:
    """Single-token columns as wide as their widest value; the spare width goes, a step at a time,
    where it shortens the table most per millimetre (trying up to LOOKAHEAD steps at once)."""
    wraps = [c.wraps for c in COLUMNS]
    widths = [_narrowest([h, *(r[i] for r in rows)], wraps[i]) for i, h in enumerate(header)]
    step = STEP_MM * PT_PER_MM
    text_columns = [i for i, w in enumerate(wraps) if w]
    overflow = sum(widths) - WIDTH_MM * PT_PER_MM
    if overflow > 0:  # the text columns give up what they asked for beyond their share
        for i in text_columns:
            widths[i] = max(widths[i] - overflow / len(text_columns), 3 * TABLE_SIZE + _padding())
    steps = int((WIDTH_MM * PT_PER_MM - sum(widths)) // step)
    while steps > 0:
        now = heights.total(widths)
        best: tuple[float, int, int] = (0.0, 0, text_columns[0])
        for i in text_columns:
            for k in range(1, min(steps, LOOKAHEAD) + 1):
                trial = list(widths)
                trial[i] += k * step
                gain = (now - heights.total(trial)) / k
                if gain > best[0] + 1e-9:
                    best = (gain, k, i)
        gain, k, column = best
        if gain <= 0:  # nothing gets shorter any more: share the rest out evenly
            for i in text_columns:
                widths[i] += steps * step / len(text_columns)
            break
        widths[column] += k * step
        steps -= k
    widths[text_columns[-1]] += WIDTH_MM * PT_PER_MM - sum(widths)
    return widths


def _paginate(
    heights: _Heights, widths: Sequence[float], header: float, first: float, page: float
) -> tuple[list[list[int]], list[float]]:
    own, merged = heights.rows_and_cells(widths)
    groups = heights.groups

    def used(rows: Sequence[int]) -> float:
        total, start = header, 0
        for k in range(1, len(rows) + 1):
            if k == len(rows) or groups[rows[k]] != groups[rows[start]]:
                total += max(sum(own[j] for j in rows[start:k]), merged[rows[start]])
                start = k
        return total

    pages: list[list[int]] = [[]]
    for index in range(len(own)):
        room = first if len(pages) == 1 else page
        if pages[-1] and used([*pages[-1], index]) > room:
            pages.append([])
        pages[-1].append(index)
    if len(pages) > 1 and len(pages[-1]) == 1 and len(pages[-2]) > 2:
        pages[-1].insert(0, pages[-2].pop())  # no page holds a single row
    return pages, [used(p) for p in pages]


def lay_out(
    header: Sequence[str], rows: Sequence[Sequence[str]], groups: Sequence[Hashable], title: str
) -> AttachmentLayout:
    """Column widths and page breaks for the attachment table."""
    heights = _Heights(rows, groups)
    every = max(1, len(rows) // SAMPLE_ROWS)
    sample = _Heights(rows[::every], groups[::every])
    widths = _widths(header, rows, sample)
    first, height = page_room(title)
    header_height = _height(max(_lines(h, w) for h, w in zip(header, widths, strict=True)))
    pages, used = _paginate(heights, widths, header_height, first, height)
    columns = tuple(
        Column(h, w / PT_PER_MM, c.align) for h, c, w in zip(header, COLUMNS, widths, strict=True)
    )
    room = first if len(pages) == 1 else height
    free = room - used[-1] + SAFETY_PT
    return AttachmentLayout(columns, tuple(tuple(p) for p in pages), tuple(used), free)


def page_room(title: str) -> tuple[float, float]:
    """The height (pt) a table may take on the attachment's first page, under the mark and the
    title (start_attachment), and on each page after it; the safety margin kept free."""
    height = HEIGHT_MM * PT_PER_MM - SAFETY_PT
    title_lines = line_count(title, WIDTH_MM * PT_PER_MM, TITLE_SIZE)
    return height - (3 + title_lines) * LINE_PITCH.pt, height


def row_height(texts: Sequence[str], columns: Sequence[Column]) -> float:
    """A table row's height (pt) with these texts in these columns, as the attachment's rows."""
    lines = max(_lines(t, c.width_mm * PT_PER_MM) for t, c in zip(texts, columns, strict=True))
    return _height(lines)


def page_break(document: Document) -> None:
    """The one-point paragraph that starts the next page's table."""
    breaker = add_paragraph(document, "表格文字")
    breaker.paragraph_format.page_break_before = True
    breaker.paragraph_format.line_spacing = Pt(1)


def attachment_rows(summary: QuarterSummary) -> list[tuple[str, ...]]:
    """The attachment's rows: 序号 (the project's number, as the body and the seed's 附件1 number
    the projects; merged with the 项目 cell), then the shared indicator columns; every text
    through `wave_ranges` (2～3个), as in the body."""
    year_end = Quarter(summary.year, summary.quarter).is_year_end
    numbers = {p.id: n for n, p in enumerate(summary.projects, start=1)}
    return [
        (
            str(numbers[r.project_id]),
            *(wave_ranges(c) for c in indicator_cells(r, year_end=year_end)),
        )
        for r in summary.indicators
    ]


def attachment_header(structure: Structure) -> list[str]:
    """The column headings, the seed's for the two target columns: 平顶山市指标任务 (the
    superior's text of the task; 指标任务原文 for a county's own programme, which no superior
    assigns) and 汝州市指标任务 (the programme's own target)."""
    own = {
        "text": structure.source_title,
        "target": f"{structure.county}指标任务",
    }
    return [own.get(c.key) or column_title(c, structure) for c in COLUMNS]


def add_attachment(document: Document, summary: QuarterSummary, title: str) -> AttachmentLayout:
    """附件 on new landscape pages: the mark, the title, then one table per page."""
    start_attachment(document, title)
    rows = attachment_rows(summary)
    groups = [r.project_id for r in summary.indicators]
    fills = [STATUS_FILL[r.status] for r in summary.indicators]
    layout = lay_out(attachment_header(summary.structure), rows, groups, title)
    prepared = prepare_table(document, layout.columns)
    for number, page in enumerate(layout.pages):
        if number:
            page_break(document)
        add_table(
            document,
            prepared,
            [rows[i] for i in page],
            fills=[fills[i] for i in page],
            fill_column=FILLED,
            groups=[groups[i] for i in page],
            merge_columns=(NUMBER, MERGED),
            deferred=True,
        )
    close_attachment(document)
    return layout


def start_attachment(document: Document, title: str) -> None:
    """A new landscape section: the mark 附件, a blank line, the title, a blank line (the
    circular's attachment and the prefecture's ranking table)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    set_page(section, landscape=True)
    for text, style in (
        ("附件", "附件标识"),
        ("", "主送机关"),
        (title, "公文标题"),
        ("", "主送机关"),
    ):
        paragraph = document.add_paragraph(style=style)
        if text:
            paragraph.add_run(text)


def close_attachment(document: Document) -> None:
    """The paragraph after the attachment's last table: a section cannot end in a table."""
    closing = document.add_paragraph(style="表格文字")
    closing.paragraph_format.line_spacing = Pt(1)
