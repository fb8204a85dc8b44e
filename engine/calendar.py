"""Chinese working days and festival dates: ``chinese_calendar`` (调休 make-up days, 清明) and ``lunardate``.

Dates travel through the engine as day numbers (days since 1970-01-01, float64,
NaN = missing). Working-day counts are a cumulative-sum lookup, so they vectorise.
Festival dates (春节前, 端午节前 …, the deadlines real rubrics print) come from the
maintained ``lunardate`` package for lunar festivals and from ``chinese_calendar``'s
solar terms for 清明, never typed in by hand.

Shared leaf: imports nothing of perfscore.
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


def latest_within(start: np.ndarray, workdays: np.ndarray) -> np.ndarray:
    """The last day whose working days after ``start`` (as :func:`workdays_between` counts them) are at most
    ``workdays``; NaN where an input is missing or the day falls outside the calendar."""
    first, last, cumulative = _workday_table()
    start = np.asarray(start, dtype=float)
    workdays = np.broadcast_to(np.asarray(workdays, dtype=float), start.shape)
    usable = np.isfinite(start) & np.isfinite(workdays) & (start >= first) & (start <= last)
    result = np.full(start.shape, np.nan)
    s = start[usable].astype(np.int64) - first
    index = np.searchsorted(cumulative, cumulative[s] + workdays[usable], side="right") - 1
    result[usable] = np.where(index < len(cumulative) - 1, index + first, np.nan)
    return result


# Festivals a deadline may name: (month, day) of a fixed solar date, ("lunar", month, day) or ("term", name).
FESTIVALS: dict[str, tuple] = {
    "元旦": (1, 1),
    "除夕": ("eve",),
    "春节": ("lunar", 1, 1),
    "元宵节": ("lunar", 1, 15),
    "清明节": ("term", "清明"),
    "劳动节": (5, 1),
    "端午节": ("lunar", 5, 5),
    "中秋节": ("lunar", 8, 15),
    "国庆节": (10, 1),
}
FESTIVAL_ALIASES = {"元宵": "元宵节", "清明": "清明节", "端午": "端午节", "中秋": "中秋节", "国庆": "国庆节",
                    "五一": "劳动节", "新年": "元旦"}
FESTIVAL_YEARS = (1901, 2099)  # lunardate converts lunar years 1900–2099; 除夕 needs the year before too


def festival_name(text: str) -> str | None:
    """The canonical name of a festival (``端午`` → ``端午节``), or None when it is none we know."""
    name = FESTIVAL_ALIASES.get(text, text)
    return name if name in FESTIVALS else None


@lru_cache(maxsize=4096)
def festival_day(name: str, year: int) -> int | None:
    """Day number of festival ``name`` (canonical) in Gregorian ``year``, None outside :data:`FESTIVAL_YEARS`."""
    if not FESTIVAL_YEARS[0] <= year <= FESTIVAL_YEARS[1]:
        return None
    rule = FESTIVALS[name]
    if rule[0] == "lunar":
        from lunardate import LunarDate

        return day_number(LunarDate(year, rule[1], rule[2]).to_solar_date())
    if rule[0] == "eve":  # the last day before 春节 of the same Gregorian year
        return festival_day("春节", year) - 1  # type: ignore[operator]
    if rule[0] == "term":
        import chinese_calendar

        terms = chinese_calendar.get_solar_terms(dt.date(year, 3, 1), dt.date(year, 4, 30))
        return next(day_number(day) for day, term in terms if term == rule[1])
    return day_number(dt.date(year, rule[0], rule[1]))


def festival_days(name: str, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each year's festival date as a day number; second array marks years outside :data:`FESTIVAL_YEARS`."""
    result = np.full(years.shape, np.nan)
    present = ~np.isnan(years)
    whole = present & (np.floor(np.where(present, years, 0)) == np.where(present, years, 0))
    outside = present & ~(whole & (years >= FESTIVAL_YEARS[0]) & (years <= FESTIVAL_YEARS[1]))
    usable = present & ~outside
    for year in np.unique(years[usable]).tolist():
        result[usable & (years == year)] = festival_day(name, int(year))
    return result, outside
