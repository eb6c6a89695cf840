"""Where a line of Chinese text may break: the rule shared by the terminal tables and the help.

A line may not start with closing punctuation (，。）…) nor end with opening punctuation (（《“…);
such a character is glued to its neighbour, so that wrapping never separates them.
"""

from __future__ import annotations

from collections.abc import Iterable, Set


def glued(found: Iterable[str], *, no_line_start: Set[str], no_line_end: Set[str]) -> list[str]:
    """The unbreakable pieces: `found` in order, with punctuation glued to its neighbour."""
    out: list[str] = []
    glue = False
    for piece in found:
        if out and (glue or piece[0] in no_line_start):
            out[-1] += piece
        else:
            out.append(piece)
        glue = piece[-1] in no_line_end
    return out
