"""The long CSV breakdown of scorecards (department × criterion); their JSON is :mod:`.cards`' text."""

from __future__ import annotations

from typing import Any

from .csvfile import rows_text

BREAKDOWN_COLUMNS = ("dept_name", "year", "criterion_id", "path", "name", "points", "score", "value", "unit", "rule",
                     "reason", "missing")


def breakdown_rows(cards: list[dict[str, Any]]):
    for card in cards:
        dept = card["department"]
        for c in card["criteria"]:
            yield {"dept_name": dept.get("dept_name", ""), "year": dept.get("year", ""), "criterion_id": c["id"],
                   "path": c["path"], "name": c["name"], "points": c["points"], "score": c["score"],
                   "value": "" if c["value"] is None else c["value"], "unit": c["unit"], "rule": c["rule"],
                   "reason": c["reason"], "missing": c["missing"] or ""}


def to_csv(cards: list[dict[str, Any]]) -> str:
    """The long breakdown of scorecards as CSV text, by the one CSV writer (text neutralised)."""
    return rows_text(BREAKDOWN_COLUMNS, ([row[k] for k in BREAKDOWN_COLUMNS] for row in breakdown_rows(cards)))
