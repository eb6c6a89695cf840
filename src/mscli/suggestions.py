"""One way to say "did you mean": the closest candidates to a misspelt word, phrased in Chinese."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

CUTOFF = 0.6


def closest(word: str, choices: Iterable[str], *, n: int = 3, cutoff: float = CUTOFF) -> list[str]:
    """Up to `n` of `choices` most like `word`, best first."""
    return difflib.get_close_matches(word, sorted(set(choices)), n=n, cutoff=cutoff)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def did_you_mean(candidates: Sequence[str]) -> str:
    """是不是“甲”、“乙”？ — or nothing when there is no candidate."""
    return f"是不是“{'”、“'.join(candidates)}”？" if candidates else ""


def hint(word: str, choices: Iterable[str], *, n: int = 3) -> str:
    """`did_you_mean` of the closest `choices` to `word`."""
    return did_you_mean(closest(word, choices, n=n))
