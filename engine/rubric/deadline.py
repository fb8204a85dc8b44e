"""Deadline tests among checklist items: what a ``when:`` compares, so a reason can show the evidence.

A checklist item such as ``days_between(budget_approved_date, budget_disclosed_date) <= 20`` (a span
of days against a limit) or ``self_eval_disclosed_date <= self_eval_disclosure_deadline`` (a date
against a deadline) is recognised once, at compile time, as a :class:`Deadline`. Both engines then
record the dates, the days counted, the limit and the days late (:func:`days_late`, one rule for
both) as the item's detail, and the reason names them: 批复日期、公开日期、用时、时限、逾期天数.

May import: :mod:`.expr` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection

import numpy as np

from .expr import Call, Compare, Expr, Name

SPAN_FUNCTIONS = ("days_between", "workdays_between")
_MIRRORED = {">": "<", ">=": "<="}


@dataclass(frozen=True)
class Deadline:
    """``span``: days from ``start`` to ``end`` (``measure``, the days_between call) at most ``limit`` days;
    ``date``: the date ``end`` no later than the date ``limit``. ``strict``: ``<`` (the limit itself is late)."""

    kind: str  # span | date
    end: Expr
    limit: Expr
    start: Expr | None = None
    measure: Expr | None = None
    working: bool = False
    strict: bool = False

    def parts(self) -> dict[str, Expr]:
        """The expressions whose values are the evidence, by the detail key suffix they are recorded under."""
        if self.kind == "span":
            assert self.start is not None and self.measure is not None
            return {"start": self.start, "end": self.end, "count": self.measure, "limit": self.limit}
        return {"end": self.end, "limit": self.limit}


def deadline_of(expr: Expr, dates: Collection[str]) -> Deadline | None:
    """The deadline test ``expr`` is (parameters already substituted), or None. ``dates``: the metric ids
    whose kind is date."""
    if not isinstance(expr, Compare) or len(expr.ops) != 1:
        return None
    op, (left, right) = expr.ops[0], expr.operands
    if op in _MIRRORED:  # limit >= value reads as value <= limit
        op, left, right = _MIRRORED[op], right, left
    if op not in ("<", "<="):
        return None
    if isinstance(left, Call) and left.func in SPAN_FUNCTIONS and not _is_date(right, dates):
        return Deadline("span", left.args[1], right, left.args[0], left, left.func == "workdays_between", op == "<")
    if _is_date(left, dates) and _is_date(right, dates):
        return Deadline("date", left, right, strict=op == "<")
    return None


def _is_date(expr: Expr, dates: Collection[str]) -> bool:
    return (isinstance(expr, Name) and expr.name in dates) or (isinstance(expr, Call) and expr.func == "make_date")


def days_late(deadline: Deadline, values: dict[str, np.ndarray | float]) -> np.ndarray | float:
    """Days (or working days) past the limit, 0 when in time, NaN when unknown: the one rule of both engines."""
    measured = values["count"] if deadline.kind == "span" else values["end"]
    with np.errstate(invalid="ignore"):
        late = np.asarray(measured, dtype=float) - np.asarray(values["limit"], dtype=float) + (1 if deadline.strict else 0)
        late = np.where(np.isnan(late), np.nan, np.maximum(late, 0.0))
    return late if late.ndim else float(late)
