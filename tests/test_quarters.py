"""The quarter calendar: every quarter of every year, with any deadline day from 1 to 31."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mscli.quarters import Quarter

quarters = st.builds(Quarter, st.integers(2000, 2100), st.integers(1, 4))


def test_a_deadline_day_past_the_month_end_falls_on_the_last_day() -> None:
    assert [Quarter(2023, q).deadline(31) for q in (1, 2, 3, 4)] == [
        dt.date(2023, 3, 31),
        dt.date(2023, 6, 30),
        dt.date(2023, 9, 30),
        dt.date(2023, 12, 31),
    ]
    assert Quarter(2024, 1).deadline(30) == dt.date(2024, 3, 30)


def test_the_year_turns_after_the_fourth_quarter() -> None:
    assert Quarter(2023, 4).next == Quarter(2024, 1)
    assert Quarter(2024, 1).previous == Quarter(2023, 4)
    assert Quarter(2023, 4).is_year_end and not Quarter(2023, 2).is_year_end


def test_names_and_folders() -> None:
    q = Quarter(2023, 3)
    assert (q.label, q.cn, q.folder) == ("2023年第三季度", "三", "2023-Q3")
    assert (q.start, q.end) == (dt.date(2023, 7, 1), dt.date(2023, 9, 30))
    assert q.reporting_window() == (dt.date(2023, 7, 1), dt.date(2023, 12, 31))


@pytest.mark.parametrize("number", [0, 5, -1])
def test_there_are_four_quarters(number: int) -> None:
    with pytest.raises(ValueError, match="季度应为 1 至 4"):
        Quarter(2023, number)


@given(quarters, st.integers(1, 31))
def test_every_deadline_lies_in_its_quarters_last_month(q: Quarter, day: int) -> None:
    due = q.deadline(day)
    assert q.start <= due <= q.end
    assert due.month == q.last_month
    assert due.day == min(day, q.end.day)


@given(quarters)
def test_quarters_tile_the_years(q: Quarter) -> None:
    assert q.next.previous == q
    assert q.next.start == q.end + dt.timedelta(days=1)
    assert q < q.next
