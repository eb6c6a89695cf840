"""The proof-reader's rules for data put into the circular's sentences, as template filters.

- `labelled`: a unit's own text after a label (下步打算：, 存在问题：), the label left out when the
  text already opens with it or its words (下步将…, 存在问题是…), so it is never said twice;
- `inner`: text set inside round brackets (（牵头单位：…）) with its own （…） turned into 〔…〕,
  so brackets of one kind never nest (GB/T 15834: the inner pair of another kind);
- `wave_ranges`: a numeric range written with a dash (2—3个, 2-3个) written with the wave dash
  (2～3个, GB/T 15834 §4.13); applied to every value the templates print and to the attachment.
"""

from __future__ import annotations

import re
from typing import Any

LABEL_OPENERS: dict[str, tuple[str, ...]] = {
    "下步打算": ("下步", "下一步"),
    "存在问题": ("存在问题", "问题"),
}
"""A label and the openings of a unit's text that already say it."""

_RANGE = re.compile(
    r"(?<![\dA-Za-z.])(?<!\d[—–‐-])(\d+(?:\.\d+)?)\s*[—–‐-]\s*(\d+(?:\.\d+)?)(?![\d.]|\s*[—–‐-]\s*\d)"
)
"""Two numbers joined by a dash; a chain of three (2023-05-26, a date) is left alone."""


_INNER = str.maketrans("（）()", "〔〕〔〕")


def labelled(text: Any, label: str) -> str:
    """`label：text`, or `text` alone when it already opens with the label's words."""
    value = str(text).strip()
    openers = (label, *LABEL_OPENERS.get(label, ()))
    if value.startswith(openers):
        return value
    return f"{label}：{value}"


def inner(text: Any) -> str:
    """Text to be put inside （…）: its own round brackets, full- or half-width, become 〔〕."""
    return str(text).translate(_INNER)


def wave_ranges(value: Any) -> Any:
    """2—3个, 2-3个 and 2–3个 as 2～3个; anything not text is returned as it is."""
    if not isinstance(value, str):
        return value
    return _RANGE.sub(r"\1～\2", value)
