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

from functools import lru_cache
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
HALF = 0.5
BODY_GAP = 0.2
"""The autospace measured in body text (LibreOffice 7.4, 16 pt): only where an ideograph meets a
Latin letter or digit, never next to punctuation."""
NO_LINE_START = frozenset("，。、；：？！）》」』〕】”’%…—·,.;:!?)]")
"""Closing punctuation: a line never starts with it."""
HANGING = frozenset("，。、．")
"""Punctuation that Word and LibreOffice let hang past the end of a full line (w:overflowPunct)."""


def char_em(char: str) -> float:
    """Advance width of one character in em: the table above, else a full em."""
    return LATIN_EM.get(char, 1.0)


def _is_latin(char: str) -> bool:
    return char in LATIN_EM


def _gap(before: str, char: str, body: bool = False) -> float:
    """The autospace between two neighbours, in em."""
    if " " in (before, char) or _is_latin(before) == _is_latin(char):
        return 0.0
    if body:
        return BODY_GAP if before.isalnum() and char.isalnum() else 0.0
    return CJK_LATIN_GAP


def text_width(text: str, size_pt: float, *, body: bool = False) -> float:
    """Width of `text` on one line, in points, at `size_pt`. `body`: body text, whose Latin
    characters the Chinese face draws half an em wide (仿宋_GB2312, 方正小标宋简体), with the
    autospace measured there (`BODY_GAP`)."""
    widths = (HALF if body and _is_latin(c) else char_em(c) for c in text)
    em = sum(widths) + sum(_gap(a, b, body) for a, b in pairwise(text))
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


@lru_cache(maxsize=1 << 16)
def _em(piece: str, body: bool) -> float:
    """A piece's width in em, measured once (pieces repeat: most are one character)."""
    return text_width(piece, 1, body=body)


def wrap(text: str, width_pt: float, size_pt: float, *, body: bool = False) -> list[str]:
    """The lines `text` breaks into in a box `width_pt` wide (explicit newlines kept). `body`: body
    text (see `text_width`), where a comma or full stop may also stand past the end of a full
    line; table cells are estimated without that, to be safe."""
    limit = width_pt / size_pt
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for piece in _pieces(paragraph):
            ink = piece.rstrip()
            if body and len(ink) > 1 and ink[-1] in HANGING:
                ink = ink[:-1]
            gap = _gap(line[-1], piece[0], body) if line else 0.0
            if line and used + gap + _em(ink, body) > limit:
                lines.append(line.rstrip())
                line = piece.lstrip()
                used = _em(line, body)
            else:
                used += gap + _em(piece, body)
                line += piece
        lines.append(line.rstrip())
    return lines


Piece = tuple[str, str, float, float, float, bool]
"""An unbreakable piece as `wrap` uses it: its first and last character, its width, the width of
its ink (without trailing spaces), the width and emptiness of what starts a line (without leading
spaces); widths in em."""


def measure(text: str) -> tuple[tuple[Piece, ...], ...]:
    """`text` (table text, not body text) cut into its paragraphs' unbreakable pieces, measured
    once: `measured_line_count` then wraps it at any width by adding numbers (the attachment's
    width search tries hundreds)."""
    return tuple(
        tuple(
            (
                piece[0],
                piece[-1],
                text_width(piece, 1),
                text_width(piece.rstrip(), 1),
                text_width(piece.lstrip(), 1),
                not piece.lstrip(),
            )
            for piece in _pieces(paragraph)
        )
        for paragraph in text.split("\n")
    )


def measured_line_count(
    paragraphs: tuple[tuple[Piece, ...], ...], width_pt: float, size_pt: float
) -> int:
    """How many lines `wrap` breaks the measured text into: the same steps on the same numbers."""
    limit = width_pt / size_pt
    count = 0
    for pieces in paragraphs:
        last: str | None = None  # the current line's last character; None while it is empty
        used = 0.0
        for first, final, width, ink, start, blank in pieces:
            gap = _gap(last, first) if last is not None else 0.0
            if last is not None and used + gap + ink > limit:
                count += 1
                last = None if blank else final
                used = start
            else:
                used += gap + width
                last = final
        count += 1
    return count


def line_count(text: str, width_pt: float, size_pt: float, *, body: bool = False) -> int:
    if body:
        return len(wrap(text, width_pt, size_pt, body=True))
    return measured_line_count(measure(text), width_pt, size_pt)


def hanging_lines(
    text: str, first_pt: float, rest_pt: float, size_pt: float, *, body: bool = False
) -> int:
    """Lines of a paragraph whose first line is `first_pt` wide and the others `rest_pt` (a hanging
    or a first-line indent); `body`: body text (hanging punctuation, half-width Latin)."""
    first = wrap(text, first_pt, size_pt, body=body)
    if len(first) == 1:
        return 1
    rest = text[len(first[0]) :].lstrip(" ")
    return 1 + line_count(rest, rest_pt, size_pt, body=body)
