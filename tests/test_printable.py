"""The models' `printable` check takes Python's str.isprintable() as a fast path: it must refuse
exactly the characters the character-by-character rule refuses, with the same message."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from typing import cast

import pytest

from mscli.catalogue.models import _BIDI, printable


def _rule(text: str, *, lines: bool) -> str | None:
    """The message the rule gives for `text` (None: accepted), one character at a time."""
    for char in text:
        if char in "\n\t":
            if lines:
                continue
            return "这一项只能写一行，不能含换行或制表符"
        if char in _BIDI or unicodedata.category(char) in ("Cc", "Cs", "Co"):
            return f"含有不可见的控制字符 U+{ord(char):04X}，请删除它"
        if not lines and unicodedata.category(char) == "Cf":
            return (
                f"含有不可见的格式字符 U+{ord(char):04X}，名称看起来和别的名称一样却不同，请删除它"
            )
    return None


def _check(text: str, *, lines: bool) -> str | None:
    try:
        check = cast(Callable[[str], str], printable(lines=lines).func)
        check(text)
    except ValueError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("lines", [True, False], ids=["lines", "one-line"])
def test_every_character_is_judged_as_the_rule_says(lines: bool) -> None:
    differ = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if _check(f"汝州{chr(code)}市", lines=lines) != _rule(f"汝州{chr(code)}市", lines=lines)
    ]
    assert differ == []
    assert _check("第一行\n第二行\u202e", lines=lines) == _rule("第一行\n第二行\u202e", lines=lines)
    assert _check("全角　空格与 U+00A0\u00a0", lines=lines) is None  # not printable, yet allowed
