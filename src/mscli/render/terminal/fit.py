"""Terminal tables that fit the width they are given (80, 100, 200 columns, or a pipe).

rich folds a cell of Chinese text one character at a time, anywhere: `2.72` may end one line and
`万人次` start the next, a status label may break in two. Here the layout is decided before rich
sees it:

- every column has a kind: a `token` (number, percentage, status label, date) never wraps, its
  width is its longest value; a `text` column wraps, only where Chinese text may break (between
  CJK characters, never inside a number or a Latin word, never before closing punctuation);
- the widths are computed once for all rows of a view, so the tables of every project line up;
- columns marked `optional` are left out, in order, until the rest fits; when even that does not
  fit, `lay_out` returns None and the caller chooses its compact layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from mscli.render.terminal.linebreak import glued


@dataclass(frozen=True)
class Words:
    """Tokens that wrap only between each other (已完成1、超序时2): never inside one."""

    tokens: tuple[Text, ...]
    sep: str = "、"

    @property
    def text(self) -> Text:
        return Text(self.sep).join(self.tokens)

    @property
    def pieces(self) -> list[str]:
        last = len(self.tokens) - 1
        return [t.plain + (self.sep if i < last else "") for i, t in enumerate(self.tokens)]


Cell = str | Text | Words
Justify = Literal["left", "right", "center"]

_UNBROKEN = re.compile(
    r"[0-9][0-9.,%—~×-]*[万亿千百]?[个所人次户家条座处名台辆公里米元套张间项起倍年月日号吨亩%]{0,3}"
    r"|[0-9A-Za-z.,:/%+\-—~×_]+|.",
    re.DOTALL,
)
"""A quantity (2.72万人次, 100.0%, 2—3个) or a run of Latin text (rz-hrss) stays whole; other
characters (CJK) are pieces of their own."""
NO_LINE_START = set("，。、；：！？）》〕」』】”’%…·")
NO_LINE_END = set("（《〔「『【“‘")
BORDERS = 3
"""Each column of a boxed rich table costs its padding and one rule: 3 cells."""


def pieces(text: str) -> list[str]:
    """The unbreakable pieces of one line of text."""
    found = (m.group() for m in _UNBROKEN.finditer(text))
    return glued(found, no_line_start=NO_LINE_START, no_line_end=NO_LINE_END)


def _paragraphs(cell: Cell) -> list[list[str]]:
    if isinstance(cell, Words):
        return [cell.pieces]
    return [pieces(line) for line in _plain(cell).split("\n")]


def longest_piece(cell: Cell) -> int:
    return max((cell_len(p.strip()) for line in _paragraphs(cell) for p in line), default=0)


def wrap(cell: Cell, width: int) -> list[str]:
    """The lines a cell takes in a column `width` cells wide (explicit newlines kept). A piece
    wider than the column is cut only as a last resort."""
    lines: list[str] = []
    for paragraph in _paragraphs(cell):
        line = ""
        start = len(lines)
        for piece in paragraph:
            if line and cell_len(line + piece.rstrip()) > width:
                lines.append(line.rstrip())
                line = piece.lstrip()
            else:
                line += piece
            while cell_len(line) > width > 1:  # only a piece longer than the column
                cut = next(i for i in range(len(line), 0, -1) if cell_len(line[:i]) <= width)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line.rstrip())
        if len(lines) - start >= 2:
            lines[-2:] = _no_orphan(lines[-2], lines[-1], width)
    return lines


def _no_orphan(before: str, last: str, width: int) -> list[str]:
    """A wrapped name never leaves one character alone on its last line (家庭医生签约服 / 务, or
    务） with the punctuation that closes it): the previous line gives it its last piece when that
    keeps both lines within `width`."""
    if not _lone_character(last):
        return [before, last]
    found = pieces(before)
    if len(found) < 3 or cell_len(found[-1] + last) > width:
        return [before, last]
    return ["".join(found[:-1]).rstrip(), found[-1].lstrip() + last]


def _lone_character(line: str) -> bool:
    """One ideograph, with nothing beside it but punctuation (务, 务）, 务。”)."""
    ideographs = sum("\u3400" <= c <= "\u9fff" for c in line)
    return ideographs == 1 and not any(c.isalnum() and not "\u3400" <= c <= "\u9fff" for c in line)


def wrap_text(cell: Cell, width: int) -> Text:
    """A cell wrapped to `width`, its styles kept."""
    text = _rich(cell)
    out = Text(style=text.style)
    offset = 0
    plain = text.plain
    for number, line in enumerate(wrap(cell, width)):
        start = plain.find(line, offset) if line else offset
        if number:
            out.append("\n")
        out.append_text(text[start : start + len(line)])
        offset = start + len(line)
    return out


def _rich(cell: Cell) -> Text:
    if isinstance(cell, Words):
        return cell.text
    return cell if isinstance(cell, Text) else Text(cell)


def clip(cell: Cell, width: int) -> Text:
    """One line at most `width` cells wide, ending in … when cut."""
    text = _rich(cell)
    if cell_len(text.plain) <= width:
        return text
    cut = next(i for i in range(len(text.plain), -1, -1) if cell_len(text.plain[:i]) < width)
    return text[:cut] + Text("…")


def width_of(cell: Cell) -> int:
    plain = _plain(cell)
    return max((cell_len(line) for line in plain.split("\n")), default=0)


@dataclass(frozen=True)
class Column:
    title: str
    kind: Literal["token", "text", "clip"] = "text"
    """token: never wraps; text: wraps where Chinese text may break; clip: one line, cut with …"""
    minimum: int = 0
    """Narrowest a text or clip column may become (in cells)."""
    comfortable: int = 0
    """Narrowest it should be before an optional column is shown beside it (default: minimum)."""
    justify: Justify = "left"
    style: str = ""
    optional: int = 0
    """0: always shown; otherwise left out, 1 first, when the table does not fit with it."""
    share: int = 1
    """Weight of a text column in the spare width."""


@dataclass(frozen=True)
class Layout:
    columns: tuple[int, ...]
    """Indexes of the columns shown."""
    widths: tuple[int, ...]


@dataclass(frozen=True)
class _Measured:
    """A column's widest cell and, for a text column, its longest unbreakable piece."""

    widest: int
    piece: int


def _measure(column: Column, index: int, rows: Sequence[Sequence[Cell]]) -> _Measured:
    """Each distinct cell measured once (a long table repeats units, statuses and rates)."""
    cells = list({_key(r[index]): r[index] for r in rows}.values())
    widest = max([cell_len(column.title), *(width_of(cell) for cell in cells)])
    piece = max((longest_piece(cell) for cell in cells), default=0)
    return _Measured(widest, piece if column.kind == "text" else 0)


def _key(cell: Cell) -> object:
    """What a cell's measures depend on: its text, and a Words cell's tokens."""
    if isinstance(cell, Words):
        return ("words", cell.sep, tuple(t.plain for t in cell.tokens))
    return cell if isinstance(cell, str) else ("text", cell.plain)


def _natural(column: Column, measured: _Measured, *, comfortable: bool) -> tuple[int, int]:
    """(narrowest, widest) the column can be."""
    widest = measured.widest
    if column.kind == "token":
        return widest, widest
    least = max(column.comfortable, column.minimum) if comfortable else column.minimum
    floor = max(cell_len(column.title), least)
    if column.kind == "text":
        floor = max(floor, measured.piece, 0)
    return min(floor, widest), widest


def _plain(cell: Cell) -> str:
    return cell if isinstance(cell, str) else _rich(cell).plain


def _fits(bounds: list[tuple[int, int]], shown: list[int], width: int, borders: int) -> int:
    """The spare cells once the shown columns have their floors (negative: does not fit)."""
    room = width - borders * len(shown) - (1 if borders else 0)
    return room - sum(bounds[i][0] for i in shown)


def lay_out(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int, *, borders: int = BORDERS
) -> Layout | None:
    """Which columns to show and how wide, or None when the required ones cannot fit.

    Optional columns are shown only while every text column keeps its comfortable width; without
    them, the required columns may shrink to their minimum."""
    optional = sorted(
        (i for i, c in enumerate(columns) if c.optional), key=lambda i: columns[i].optional
    )
    shown = list(range(len(columns)))
    measured = [_measure(c, i, rows) for i, c in enumerate(columns)]
    bounds = [_natural(c, m, comfortable=True) for c, m in zip(columns, measured, strict=True)]
    while _fits(bounds, shown, width, borders) < 0 and optional:
        shown.remove(optional.pop(0))
    if _fits(bounds, shown, width, borders) < 0:
        bounds = [_natural(c, m, comfortable=False) for c, m in zip(columns, measured, strict=True)]
        if _fits(bounds, shown, width, borders) < 0:
            return None
    widths = {i: bounds[i][0] for i in shown}
    spare = _fits(bounds, shown, width, borders)
    growing = [i for i in shown if widths[i] < bounds[i][1]]
    while spare > 0 and growing:
        weight = sum(columns[i].share for i in growing)
        handed = 0
        for i in growing:
            more = min(max(spare * columns[i].share // weight, 1), bounds[i][1] - widths[i])
            more = min(more, spare - handed)
            widths[i] += more
            handed += more
        spare -= handed
        growing = [i for i in growing if widths[i] < bounds[i][1]]
        if handed == 0:
            break
    return Layout(tuple(shown), tuple(widths[i] for i in shown))


def table(
    columns: Sequence[Column],
    layout: Layout,
    rows: Sequence[Sequence[Cell]],
    *,
    boxed: bool = True,
    header: bool = True,
) -> Table:
    """A rich table with exactly the layout's widths; text cells pre-wrapped, nothing folds."""
    grid = Table(
        box=box.HEAVY_HEAD if boxed else None,
        show_header=header,
        header_style="bold",
        pad_edge=boxed,
        padding=(0, 1) if boxed else (0, 2, 0, 0),
    )
    for index, width in zip(layout.columns, layout.widths, strict=True):
        column = columns[index]
        grid.add_column(
            column.title,
            width=width,
            no_wrap=True,
            justify=column.justify,
            style=column.style,
            overflow="ellipsis",
        )
    for row in rows:
        cells: list[Text] = []
        for index, width in zip(layout.columns, layout.widths, strict=True):
            cell = row[index]
            kind = columns[index].kind
            cells.append(wrap_text(cell, width) if kind == "text" else clip(cell, width))
        grid.add_row(*cells)
    return grid


def lines(text: str, width: int, style: str = "") -> Text:
    """A paragraph wrapped to the full width where Chinese text may break."""
    return wrap_text(Text(text, style=style), width)


class Fitted:
    """A renderable built for the width it is printed at (a console's width, or a pipe's 80)."""

    def __init__(self, build: Callable[[int], Iterator[RenderableType]]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.build(options.max_width)
