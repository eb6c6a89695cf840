"""Amounts and dates as people write them (1.2万, ２７２００, 75%) and as the circular prints them."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
_OTHER_BASE = re.compile(r"^\s*[+-]?0[xXoObB]")
"""0x1F, 0o17, 0b101: another base, a slip, never read as a (different) number."""
_AMOUNT = re.compile(r"^(?P<number>[+-]?\d+(?:\.\d+)?)\s*(?P<mult>[万亿]?)\s*(?P<rest>.*)$")


def multiplier(unit: str, display_unit: str | None) -> int:
    """How many base units one display unit holds (万人次 over 人次 is 10000)."""
    if display_unit and display_unit[:1] in MULTIPLIERS and display_unit[1:] == unit:
        return MULTIPLIERS[display_unit[:1]]
    return 1


def parse_amount(text: str) -> tuple[float, str] | None:
    """Read '1.2万', '２７２００', '3,500 人次' as (value in base units, trailing unit text)."""
    folded = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "").strip()
    match = _AMOUNT.match(folded)
    if match is None:
        return None
    if len(match["number"]) > 30:
        return None  # no amount needs more digits; Decimal of 100,000 digits is slow to print
    try:
        number = Decimal(match["number"])
    except InvalidOperation:
        return None
    factor = MULTIPLIERS.get(match["mult"], 1)
    return float(number * factor), match["rest"].strip()


def plain(value: float, digits: int = 2) -> str:
    """A number without trailing zeros: 27200.0 -> '27200', 2.720 -> '2.72'."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def show(value: float, unit: str | None, display_unit: str | None = None) -> str:
    """A base-unit value in its display unit: (27200, 人次, 万人次) -> '2.72万人次'."""
    if unit is None:
        return plain(value)
    factor = multiplier(unit, display_unit)
    shown_unit = display_unit if factor != 1 and display_unit else unit
    return f"{plain(value / factor, 4)}{shown_unit}"


NUMERALS = "〇一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1-99 in Chinese numerals: 1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十; larger stay Arabic."""
    if not 0 <= n < 100:
        return str(n)
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[ones] if ones else "")


_WRITTEN_DATE = re.compile(
    r"^(\d{4})(?:-(\d{1,2})-(\d{1,2})|/(\d{1,2})/(\d{1,2})|年(\d{1,2})月(\d{1,2})日)$"
)
DATE_PATTERN = r"^\d{4}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2})$"
"""A date as a clerk types it in a data file: 2023-09-20, 2023-9-20 or 2023/9/20 (the schemas'
pattern); one separator throughout, never 2023-9/20."""


def written_date(text: str) -> dt.date | None:
    """2023-09-20, 2023-9-20, 2023/9/20 or 2023年9月20日 as a date; None when it is not written so.
    A day that does not exist (2023-02-30, 2023/6/31) raises ValueError."""
    match = _WRITTEN_DATE.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(x) for x in (match[1], *(g for g in match.groups()[1:] if g)))
    return dt.date(year, month, day)


def chinese_date(day: dt.date) -> str:
    """2023年6月30日: Arabic numerals, no zero padding (GB/T 9704-2012)."""
    return f"{day.year}年{day.month}月{day.day}日"


def percent(fraction: float | None, digits: int = 1) -> str:
    return "—" if fraction is None else f"{fraction * 100:.{digits}f}%"


def to_base(raw: float | str, unit: str | None, display_unit: str | None) -> float:
    """A reported value in base units. Plain numbers are read in the display unit.

    (1.52, 人次, 万人次) -> 15200; ('1.52万', …) -> 15200; ('15200人次', …) -> 15200;
    ('８５%', %, None) -> 85. Raises ValueError with a Chinese message when unreadable.
    """
    value = _to_base(raw, unit, display_unit)
    if not math.isfinite(value) or abs(value) > LIMIT:
        raise ValueError(f"数值{_quoted(raw)}过大，请核对")
    return value


def _quoted(raw: object) -> str:
    """The value in quotes, cut short when it is long (a pasted column, a run of digits)."""
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) >= 10**40:
        return "“一个极大的整数”"
    text = str(raw)
    return f"“{text[:20]}…”（共 {len(text)} 个字符）" if len(text) > 40 else f"“{text}”"


LIMIT = 1e13
"""Larger than any target (models.MAX_AMOUNT, in display units) times 万: beyond it, a typo."""


def _to_base(raw: float | str, unit: str | None, display_unit: str | None) -> float:
    factor = multiplier(unit or "", display_unit)
    if isinstance(raw, bool):
        raise ValueError(f"无法读取的数值{_quoted(raw)}")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise ValueError(f"无法读取的数值{_quoted(raw)}")
        return float(Decimal(str(raw)) * factor)  # 1.13 in 万 is 11300, not 11299.999…
    parsed = parse_amount(raw)
    if parsed is None or _OTHER_BASE.match(unicodedata.normalize("NFKC", raw)):
        raise ValueError(f"无法读取的数值{_quoted(raw)}：应为数字，可带“万”，如 1.52万")
    value, rest = parsed
    has_multiplier = any(m in unicodedata.normalize("NFKC", raw) for m in MULTIPLIERS)
    if has_multiplier:
        if rest and unit and rest != unit:
            raise ValueError(f"数值{_quoted(raw)}的单位{_quoted(rest)}与指标项单位“{unit}”不符")
        return value
    if not rest or rest == display_unit:
        return value * factor
    if rest == unit:
        return value
    expected = display_unit or unit or "（无单位）"
    raise ValueError(f"数值{_quoted(raw)}的单位{_quoted(rest)}与指标项单位“{expected}”不符")
