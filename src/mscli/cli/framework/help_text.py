"""Help pages as plain text, laid out like Typer's panels, without loading rich.

Typer prints help through rich (and with it rich.markdown, markdown_it, pygments and attrs): half
a second's worth of imports and layout for a page of text, more than the start of the whole tool.
The same page is drawn here with box characters and, on a terminal, a few ANSI styles; Chinese
text wraps between characters but never before closing punctuation, nor inside a number or a
Latin word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mscli.render.terminal.linebreak import glued

_PIECE = r"(?s)[0-9A-Za-z.,:/%+\-—~×_<>=()\[\]']+ ?|\s+|."
"""A run of Latin text or a number (with the space after it), a run of spaces, or one character.
(Patterns here are compiled, and cached by `re`, when help is printed, not at every start.)"""
NO_LINE_START = frozenset("，。、；：！？）》〕」』】”’%…·,.;:!?)]")
NO_LINE_END = frozenset("（《〔「『【“‘([")
MIN_DESCRIPTION = 24
"""Narrower than this, a description goes under its option's names instead of beside them."""
_ANSI = r"\x1b\[[0-9;]*m"
STYLES = {"bold": "1", "dim": "2", "green": "32", "yellow": "33", "magenta": "35", "cyan": "36"}


@dataclass(frozen=True)
class Row:
    """One option, argument or command: short cells that never wrap, then its description."""

    cells: tuple[str, ...]
    text: str
    notes: tuple[str, ...] = ()
    """Shown after the text, each kept whole where it fits: [默认：…], [环境变量：…], [必填]."""


@dataclass(frozen=True)
class Panel:
    title: str
    rows: tuple[Row, ...]
    styles: tuple[str, ...]
    """The style of each leading cell."""
    widths: tuple[int, ...] = ()
    """Least widths of the leading cells (commands line up across panels)."""


@dataclass(frozen=True)
class Page:
    usage: str
    text: tuple[str, ...]
    """The first paragraph of the help, then the others."""
    panels: tuple[Panel, ...]


def cells(text: str) -> int:
    """Width of `text` on a terminal: wide and full-width characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pieces(text: str) -> list[str]:
    found = (m.group() for m in re.finditer(_PIECE, text))
    return glued(found, no_line_start=NO_LINE_START, no_line_end=NO_LINE_END)


def wrap(text: str, width: int) -> list[str]:
    """The lines of `text` at most `width` cells wide (a piece longer than that is cut)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for piece in _pieces(paragraph):
            if line and used + cells(piece.rstrip()) > width:
                lines.append(line.rstrip())
                line = piece.lstrip()
                used = cells(line)
            else:
                line += piece
                used += cells(piece)
            while used > width > 1:
                cut = next(i for i in range(len(line), 0, -1) if cells(line[:i]) <= width)
                lines.append(line[:cut])
                line = line[cut:]
                used = cells(line)
        lines.append(line.rstrip())
    return lines


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        codes = ";".join(STYLES[s] for s in styles if s)
        if not self.color or not codes or not text:
            return text
        return f"\x1b[{codes}m{text}\x1b[0m"


def _description(row: Row, width: int, paint: _Painter) -> list[str]:
    lines = wrap(row.text, width) if row.text else [""]
    for note in row.notes:
        last = lines[-1]
        if last and cells(last) + 1 + cells(note) <= width:
            lines[-1] = f"{last} {paint(note, 'dim')}"
        elif not last:
            lines[-1] = paint(note, "dim")
        else:
            lines += [paint(line, "dim") for line in wrap(note, width)]
    return lines


def _panel(panel: Panel, width: int, paint: _Painter) -> list[str]:
    inner = width - 4  # "│ " and " │"
    count = len(panel.styles)
    widths = [
        max([*(cells(r.cells[i]) for r in panel.rows), *panel.widths[i : i + 1], 0])
        for i in range(count)
    ]
    shown = [i for i in range(count) if widths[i]]
    lead = sum(widths[i] + 1 for i in shown)
    stacked = inner - lead < MIN_DESCRIPTION  # narrow: each description under its names
    room = inner - 2 if stacked else inner - lead
    title = f"─ {panel.title} "
    edge = paint("│", "dim")

    def line(content: str) -> str:
        fill = " " * max(inner - cells(re.sub(_ANSI, "", content)), 0)
        return f"{edge} {content}{fill} {edge}"

    out = [paint(f"╭{title}{'─' * max(width - 2 - cells(title), 0)}╮", "dim")]
    for row in panel.rows:
        names = [(row.cells[i], widths[i], panel.styles[i]) for i in shown]
        description = _description(row, room, paint)
        if stacked:
            text = " ".join(paint(c, *style.split()) for c, _, style in names if c)
            out.append(line(text))
            out += [line("  " + text) for text in description if text]
            continue
        for number, text in enumerate(description):
            parts = [
                paint(c if number == 0 else "", *style.split())
                + " " * (w - (cells(c) if number == 0 else 0) + 1)
                for c, w, style in names
            ]
            out.append(line("".join(parts) + text))
    out.append(paint(f"╰{'─' * (width - 2)}╯", "dim"))
    return out


def render(page: Page, *, width: int, color: bool) -> str:
    """The page `width` cells wide; with ANSI styles when `color`."""
    paint = _Painter(color)
    out = ["", *(" " + paint(line, "bold") for line in wrap(page.usage, width - 2)), ""]
    for number, paragraph in enumerate(page.text):
        if number == 1:
            out.append("")
        style = "" if number == 0 else "dim"
        out += [" " + paint(line, style) for line in wrap(paragraph, width - 2)]
    if page.text:
        out.append("")
    for panel in page.panels:
        if panel.rows:
            out += _panel(panel, width, paint)
    return "\n".join(out) + "\n"
