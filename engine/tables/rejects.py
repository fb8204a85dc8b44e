"""A record that was not scored, and why: the unit of a batch's rejects file (imports nothing of perfscore)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reject:
    """One reason a record was not scored: which table, row and column, the cell, and why."""

    table: str
    row: int
    column: str
    value: str
    reason: str
