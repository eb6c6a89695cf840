"""How wide a line of the circular's text is, and how many lines it wraps to, without a renderer.

A documented width table stands in for font files (which an office PC has and this tool does not):

- CJK ideographs, kana, full-width punctuation and forms (，。；：、（）“”《》〔〕—…) are one em in
  every Chinese face (仿宋_GB2312, 黑体, 宋体, and the Noto CJK substitutes alike); the runs carry
  `w:hint="eastAsia"`, so the ambiguous “”—… are drawn by the Chinese face too.
- Latin text is set in Times New Roman (Liberation Serif, its metric twin, on Linux); the widths
  below are its advance widths in em (2048 units), digits all 0.5.
- Anything else counts as one em, which can only make an estimate safer.

Word and LibreOffice add a little space between CJK and Latin runs (autoSpaceDE/DN); `CJK_LATIN_GAP`
accounts for it. Line breaking follows the usual Chinese rules closely enough for layout: a break may
fall before or after any CJK character, and inside Latin text only at a space; closing punctuation
never starts a line (it stays with the character before it).
"""

from __future__ import annotations

from itertools import pairwise

LATIN_EM: dict[str, float] = {
    **dict.fromkeys("0123456789", 0.5),
    " ": 0.25,
    ".": 0.25,
    ",": 0.25,
    ":": 0.278,
    ";": 0.278,
    "%": 0.833,
    "-": 0.333,
    "+": 0.564,
    "/": 0.278,
    "(": 0.333,
    ")": 0.333,
    "~": 0.541,
    "×": 0.564,
    **dict.fromkeys("abcdeghknopqsuvxyz", 0.5),
    **dict.fromkeys("fijlrt", 0.3),
    "m": 0.778,
    "w": 0.722,
    **dict.fromkeys("ABCDEGHKNOQRUVXY", 0.722),
    **dict.fromkeys("FJLPSTZ", 0.611),
    "I": 0.333,
    "M": 0.889,
    "W": 0.944,
}
CJK_LATIN_GAP = 0.25
"""Extra space, in em, where a CJK character meets a Latin one (autoSpaceDE/DN)."""
NO_LINE_START = frozenset("，。、；：？！）》」』〕】”’%…—·,.;:!?)]")
"""Closing punctuation: a line never starts with it."""


def char_em(char: str) -> float:
    """Advance width of one character in em: the table above, else a full em."""
    return LATIN_EM.get(char, 1.0)


def _is_latin(char: str) -> bool:
    return char in LATIN_EM


def _gap(before: str, char: str) -> float:
    """The autospace between two neighbours, in em."""
    if " " in (before, char) or _is_latin(before) == _is_latin(char):
        return 0.0
    return CJK_LATIN_GAP


def text_width(text: str, size_pt: float) -> float:
    """Width of `text` on one line, in points, at `size_pt`."""
    em = sum(char_em(c) for c in text) + sum(_gap(a, b) for a, b in pairwise(text))
    return em * size_pt


def _pieces(text: str) -> list[str]:
    """Unbreakable pieces: a CJK character, or a run of Latin text up to and including a space;
    closing punctuation joins the piece before it."""
    pieces: list[str] = []
    for char in text:
        latin_run = pieces and _is_latin(char) and _is_latin(pieces[-1][-1])
        joins = latin_run and pieces[-1][-1] != " "
        if pieces and (joins or char in NO_LINE_START):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap(text: str, width_pt: float, size_pt: float) -> list[str]:
    """The lines `text` breaks into in a box `width_pt` wide (explicit newlines kept)."""
    limit = width_pt / size_pt
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for piece in _pieces(paragraph):
            ink = piece.rstrip()
            gap = _gap(line[-1], piece[0]) if line else 0.0
            if line and used + gap + text_width(ink, 1) > limit:
                lines.append(line.rstrip())
                line = piece.lstrip()
                used = text_width(line, 1)
            else:
                used += gap + text_width(piece, 1)
                line += piece
        lines.append(line.rstrip())
    return lines


def line_count(text: str, width_pt: float, size_pt: float) -> int:
    return len(wrap(text, width_pt, size_pt))
