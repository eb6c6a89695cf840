"""The quarter calendar: a quarter's days, its report deadline, its neighbours and its Chinese name.

Every module that needs a date of the yearly cycle asks this one. A deadline day past the end of a
quarter's last month (``deadline_day: 31`` in June or September) falls on that month's last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from mscli.quantities import chinese_number

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter of one year; ``Quarter(2023, 4).next`` is ``Quarter(2024, 1)``."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if self.number not in QUARTERS:
            raise ValueError(f"季度应为 1 至 4，而不是 {self.number}")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.number * 3 - 2, 1)

    @property
    def last_month(self) -> int:
        return self.number * 3

    @property
    def end(self) -> dt.date:
        month = self.last_month
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def deadline(self, day: int) -> dt.date:
        """The report deadline: `day` of the quarter's last month, at most that month's last day."""
        month = self.last_month
        return dt.date(self.year, month, min(day, calendar.monthrange(self.year, month)[1]))

    @property
    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def is_year_end(self) -> bool:
        return self.number == 4

    @property
    def folder(self) -> str:
        """The progress folder's name, ``2023-Q2``."""
        return f"{self.year}-Q{self.number}"

    @property
    def cn(self) -> str:
        """``二`` for the second quarter."""
        return chinese_number(self.number)

    @property
    def label(self) -> str:
        """``2023年第二季度``."""
        return f"{self.year}年第{self.cn}季度"

    def reporting_window(self) -> tuple[dt.date, dt.date]:
        """The dates a report for this quarter may plausibly carry: from its start to the next one's end."""
        return self.start, self.next.end
