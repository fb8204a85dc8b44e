"""Scalar number rules for the rete path: numpy twins on plain floats and rule-safe integers.

The vector backend rounds with numpy; the rete path re-performs the same
arithmetic on Python floats: the scalar rounding twins live in the shared leaf
:mod:`engine.rounding` (``np_round_scalar``, ``round_half_up_scalar``), and the
ceil/floor/min/max/clip twins here replay numpy one float at a time.

durable_rules' C parser reads no exponent, no NaN and no infinity, and compares
a string with a number lexicographically. So a value never reaches the engine
as a float: a value rounded to ``d`` decimals is sent as the integer
``k = value × 10^d`` (clamped to ``±LIMIT``), and every threshold ``t`` becomes
the integer edge ``K`` with ``value >= t ⟺ k >= K`` — decided by the same
float comparison the vector backend makes, so the two agree exactly.

Imports only the shared leaves (``engine.errors``).
"""

from __future__ import annotations

import math

from ..errors import PerfscoreError, Position, Problem

LIMIT = 2 ** 53 - 1  # largest integer sent to the engine; floats are exact up to here
EDGE_LIMIT = 2 ** 50  # thresholds must scale below this, so a clamped value still sorts correctly


def fceil(x: float) -> float:
    """``numpy.ceil`` on one float (infinities and NaN pass through)."""
    return float(math.ceil(x)) if math.isfinite(x) else x


def ffloor(x: float) -> float:
    return float(math.floor(x)) if math.isfinite(x) else x


def fmax(a: float, b: float) -> float:
    """``numpy.maximum``: NaN wins; of two equal values (0.0 and -0.0) the second."""
    if math.isnan(a) or math.isnan(b):
        return math.nan
    return a if a > b else b


def fmin(a: float, b: float) -> float:
    if math.isnan(a) or math.isnan(b):
        return math.nan
    return a if a < b else b


def fclip(x: float, low: float, high: float) -> float:
    return fmin(fmax(x, low), high)


def to_rule_int(value: float, decimals: int) -> int:
    """A finite value already rounded to ``decimals`` places as the integer the rules compare."""
    scaled = value * 10.0 ** decimals
    if not math.isfinite(scaled):  # a finite value near the float limit overflows when scaled: clamp it
        return LIMIT if scaled > 0 else -LIMIT
    return max(-LIMIT, min(LIMIT, round(scaled)))


def _value_of(k: int, scale: float) -> float:
    return k / scale


def edge(threshold: float, decimals: int, strict: bool, where: Position) -> int:
    """The least integer ``K`` with ``k/10^d > t`` (strict) or ``>= t``; every such test becomes ``k >= K``."""
    scale = 10.0 ** decimals
    guess = threshold * scale
    if not math.isfinite(guess) or abs(guess) >= EDGE_LIMIT:
        raise PerfscoreError(Problem(where, f"阈值 {threshold!r} 超出规则引擎可比较的范围",
                                     f"|阈值| < {EDGE_LIMIT / scale:.0f}（按 rounding.ratio={decimals} 位小数）"))
    k = math.ceil(guess)

    def holds(candidate: int) -> bool:
        value = _value_of(candidate, scale)
        return value > threshold if strict else value >= threshold

    while holds(k - 1):
        k -= 1
    while not holds(k):
        k += 1
    return k
