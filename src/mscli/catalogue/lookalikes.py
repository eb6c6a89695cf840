"""Unit names folded to what a reader sees: two names that look the same fold to one key.

NFKC first (full-width forms, Kangxi radicals, compatibility ideographs), then a small map of
the look-alikes NFKC leaves apart among the characters unit names use: 巿 (U+5DFF) for 市, the
simplified CJK radicals (⻔ for 门, ⻓ for 长…), katakana that look like ideographs (ロ 口, エ 工,
カ 力…), middle dots and dashes, Cyrillic and Greek letters that look Latin. Format characters
(Unicode category Cf, such as U+200B) and white space are dropped, and case is folded.
"""

from __future__ import annotations

import re
import unicodedata

_PAIRS = (
    # ideographs and radicals that look like a common character of unit names
    "巿市 ⺁厂 ⺇几 ⺊卜 ⺎兀 ⺒巳 ⺓幺 ⺟母 ⺠民 ⺧牛 ⺩王 ⺬示 ⺮竹 ⺯糸 ⺰纟 ⺶羊 ⺼月 ⻁虎 ⻄西 ⻅见"
    " ⻆角 ⻈讠 ⻉贝 ⻋车 ⻏阝 ⻐钅 ⻑長 ⻓长 ⻔门 ⻖阝 ⻗雨 ⻘青 ⻙韦 ⻚页 ⻛风 ⻜飞 ⻝食 ⻠饣 ⻢马"
    " ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻪黾 ⻬齐 ⻮齿 ⻰龙 ⻳龟 囗口"
    # katakana, bopomofo and symbols that look like ideographs
    " ロ口 エ工 カ力 タ夕 ハ八 ニ二 ト卜 ー一 ㄧ一 ○〇 ◯〇"
    # dots and dashes
    " ・· ‧· •· ∙· ⋅· ‐- ‑- ‒- −- –— ―— ─—"
    # Cyrillic and Greek letters that look Latin
    " Аa Вb Еe Кk Мm Нh Оo Рp Сc Тt Хx Уy аa еe оo рp сc уy хx іi јj ѕs"
    " Αa Βb Εe Ζz Ηh Ιi Κk Μm Νn Οo Ρp Τt Υy Χx οo ιi κk νv ρp τt υu χx"
)
CONFUSABLES = {pair[0]: pair[1] for pair in _PAIRS.split()}
"""Each look-alike and the character it is taken for."""
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """The key two look-alike names share: 巿人社局 and 市人社局, or 市人社局 with a U+200B."""
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    normal = unicodedata.normalize("NFKC", visible)
    mapped = "".join(CONFUSABLES.get(c, c) for c in normal)
    return _SPACE.sub("", mapped).casefold()


def differences(text: str, other: str) -> str:
    """The characters by which two look-alike names differ, for a message: “巿”U+5DFF."""
    a, b = (_SPACE.sub("", unicodedata.normalize("NFKC", t)) for t in (text, other))
    if len(a) != len(b):
        return ""
    found = [
        f"“{x}”U+{ord(x):04X} 与“{y}”U+{ord(y):04X}" for x, y in zip(a, b, strict=True) if x != y
    ]
    return "，".join(dict.fromkeys(found))
