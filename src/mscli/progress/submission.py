"""Whether a unit has reported for a quarter, judged on a given day.

A progress file counts as a report only once its `submitted` date is filled in and that date has
come: a scaffolded file with an empty date is a draft, and a report dated after the day judged on
did not exist yet on that day. Without a report a unit is 待报送 until the deadline has passed and
未报送 after it; with one it is 按时报送 or 迟报. Pure: no clock is read here.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Timeliness(StrEnum):
    on_time = "按时报送"
    late = "迟报"
    pending = "待报送"
    missing = "未报送"

    @property
    def reported(self) -> bool:
        return self in (Timeliness.on_time, Timeliness.late)


def counts_as_report(submitted: dt.date | None, *, as_of: dt.date) -> bool:
    """A file is a report on `as_of` when its submission date is filled in and not later."""
    return submitted is not None and submitted <= as_of


def timeliness(*, deadline: dt.date, submitted: dt.date | None, as_of: dt.date) -> Timeliness:
    """A unit's standing on `as_of`; `submitted` is None for a draft or when there is no file."""
    if counts_as_report(submitted, as_of=as_of):
        assert submitted is not None
        return Timeliness.on_time if submitted <= deadline else Timeliness.late
    return Timeliness.pending if as_of <= deadline else Timeliness.missing


def days_to_deadline(*, deadline: dt.date, as_of: dt.date) -> int:
    """Days left until the deadline (0 on the day itself); negative when it has passed."""
    return (deadline - as_of).days
