"""Chinese working days, including 调休 make-up days, from the maintained ``chinese_calendar`` package.

Dates travel through the engine as day numbers (days since 1970-01-01, float64,
NaN = missing). Working-day counts are a cumulative-sum lookup, so they vectorise.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

EPOCH = dt.date(1970, 1, 1)


def day_number(value: dt.date) -> int:
    return (value - EPOCH).days


def from_day_number(number: float) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


@lru_cache(maxsize=1)
def _workday_table() -> tuple[int, int, np.ndarray]:
    """(first day number, last day number, cumulative working days up to and including each day)."""
    import chinese_calendar

    first = min(chinese_calendar.holidays)
    last = max(max(chinese_calendar.holidays), max(chinese_calendar.workdays))
    last = dt.date(last.year, 12, 31)
    start, days = day_number(first), (last - first).days + 1
    # 1970-01-01 was a Thursday: weekday index 3.
    weekday = (np.arange(start, start + days) + 3) % 7
    flags = (weekday < 5).astype(np.int32)
    # Statutory holidays are off even on weekdays; 调休 make-up days are worked even at weekends.
    flags[np.array([day_number(d) - start for d in chinese_calendar.holidays], dtype=np.int64)] = 0
    flags[np.array([day_number(d) - start for d in chinese_calendar.workdays], dtype=np.int64)] = 1
    return start, day_number(last), np.cumsum(flags)


def calendar_years() -> tuple[int, int]:
    """The years the working-day calendar covers."""
    first, last, _ = _workday_table()
    return from_day_number(first).year, from_day_number(last).year


def workdays_between(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Working days after ``start`` up to and including ``end``; second array marks days out of coverage."""
    first, last, cumulative = _workday_table()
    outside = ~np.isnan(start) & ~np.isnan(end) & (
        (start < first) | (start > last) | (end < first) | (end > last)
    )
    usable = ~np.isnan(start) & ~np.isnan(end) & ~outside
    result = np.full(start.shape, np.nan)
    s = start[usable].astype(np.int64) - first
    e = end[usable].astype(np.int64) - first
    result[usable] = cumulative[e] - cumulative[s]
    return result, outside
