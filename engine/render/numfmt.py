"""Number and date formatting shared by reasons, scorecards and renderers (deterministic, no locale)."""

from __future__ import annotations

import math

from ..calendar import from_day_number


def points_text(value: float) -> str:
    """Points without trailing zeros: 5 → '5', 4.5 → '4.5', 3.25 → '3.25'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def value_text(value: float, decimals: int) -> str:
    """A measured value at the profile's declared precision: 105 → '105.00' with 2 decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def measured_text(value: float, decimals: int) -> str:
    """A criterion's value: :func:`value_text`, except that a value kept off an exact band (not at the
    declared precision, e.g. 0.0026 where 2 decimals would print 0.00) keeps its first two significant digits."""
    text = value_text(value, decimals)
    if value is None or not math.isfinite(value) or float(text) == value:
        return text
    for more in range(decimals + 1, 10):
        if float(f"{value:.{more}f}") != float(text):
            return f"{value:.{min(more + 1, 9)}f}".rstrip("0")
    return text


def date_text(day: float) -> str:
    return from_day_number(day).isoformat()


def json_number(value: float | None, decimals: int = 6) -> float | int | None:
    """A float made JSON-stable: NaN and ±inf (JSON has neither) → None, integral → int, otherwise rounded."""
    if value is None or not math.isfinite(value):
        return None
    rounded = round(float(value), decimals) + 0.0
    return int(rounded) if rounded.is_integer() else rounded
