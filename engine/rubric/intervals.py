"""Interval notation for bands and tiers: ``[90, +inf)``, ``(0, 10]``, ``[0, 0]``, ``[80%, 100%]``."""

from __future__ import annotations

import math
import re

from .model import Interval

_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\])])\s*$")


def _bound(text: str, percent: bool) -> float:
    text = text.strip().replace("∞", "inf").replace("＋", "+").replace("－", "-")
    if text in ("inf", "+inf"):
        return math.inf
    if text == "-inf":
        return -math.inf
    share = text.endswith("%")
    if share != percent and share:
        raise ValueError(f"“{text}”：百分号 % 只用于档次的比例")
    try:
        number = float(text[:-1] if share else text)
    except ValueError:
        raise ValueError(f"“{text}”不是数") from None
    if math.isnan(number):
        raise ValueError(f"“{text}”不是数")
    return number / 100 if share else number


def parse_interval(text: str, *, percent: bool = False) -> Interval:
    """Parse interval notation; raises ``ValueError`` with a human-readable reason."""
    match = _INTERVAL.match(str(text))
    if not match:
        raise ValueError(f"“{text}”不是区间")
    left, low_text, high_text, right = match.groups()
    low, high = _bound(low_text, percent), _bound(high_text, percent)
    low_inclusive, high_inclusive = left == "[", right == "]"
    if math.isinf(low) and low_inclusive or math.isinf(high) and high_inclusive:
        raise ValueError(f"“{text}”：无穷的一端必须是开区间，例如 (-inf, 60) 或 [90, +inf)")
    if low > high or (low == high and not (low_inclusive and high_inclusive)):
        raise ValueError(f"“{text}”是空区间")
    return Interval(low, high, low_inclusive, high_inclusive, str(text).strip())


def format_number(value: float) -> str:
    if math.isinf(value):
        return "+∞" if value > 0 else "-∞"
    return f"{value:g}"


def describe(interval: Interval, unit: str = "") -> str:
    """Chinese description, e.g. ``≥90%``, ``0%``, ``大于0%且不超过10%``."""
    lo, hi = interval.low, interval.high
    if lo == hi:
        return f"{format_number(lo)}{unit}"
    low_text = f"{'≥' if interval.low_inclusive else '>'}{format_number(lo)}{unit}"
    high_text = f"{'≤' if interval.high_inclusive else '<'}{format_number(hi)}{unit}"
    if math.isinf(hi):
        return low_text
    if math.isinf(lo):
        return high_text
    return f"{low_text}且{high_text}"


def overlaps(a: Interval, b: Interval) -> bool:
    if a.high < b.low or b.high < a.low:
        return False
    if a.high == b.low:
        return a.high_inclusive and b.low_inclusive
    if b.high == a.low:
        return b.high_inclusive and a.low_inclusive
    return True


def gaps(intervals: list[Interval], domain: Interval) -> list[str]:
    """Parts of ``domain`` that no interval covers, described as text."""
    ordered = sorted(intervals, key=lambda i: (i.low, not i.low_inclusive))
    found: list[str] = []
    cursor, cursor_closed = domain.low, not domain.low_inclusive  # cursor_closed: cursor itself is covered
    for interval in ordered:
        if interval.low > cursor or (interval.low == cursor and not cursor_closed and not interval.low_inclusive):
            left = "(" if cursor_closed else "["
            right = ")" if interval.low_inclusive else "]"
            found.append(f"{left}{format_number(cursor)}, {format_number(interval.low)}{right}")
        if interval.high > cursor or (interval.high == cursor and interval.high_inclusive):
            cursor, cursor_closed = interval.high, interval.high_inclusive
    if cursor < domain.high or (cursor == domain.high and domain.high_inclusive and not cursor_closed):
        left = "(" if cursor_closed else "["
        right = "]" if domain.high_inclusive else ")"
        found.append(f"{left}{format_number(cursor)}, {format_number(domain.high)}{right}")
    return found
