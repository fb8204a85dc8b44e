"""Department goal tables (个性指标): each row met → full, short → in proportion, qualitative → tier.

Rows arrive in long form (department index per row) and are scored with numpy,
then summed per department with ``bincount``; the block's points are shared out
in proportion to the rows' own points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .inputs import MetricBatch
from .model import GoalTable
from .vexpr import Reasons


def qualitative_tier(shape: GoalTable, actual: str, target: str) -> int | None:
    """Index of the tier a qualitative actual names (a word equal to the target is the top tier)."""
    word = actual.strip()
    for index, tier in enumerate(shape.qualitative):
        if word == tier.name or word in tier.aliases:
            return index
    if word and word == target.strip():
        return 0
    return None


def score_row(shape: GoalTable, row: dict) -> tuple[float, bool, str]:
    """(share of the row's points, met, how) for one goal row."""
    target, actual, direction = row.get("target"), row.get("actual"), row.get("direction", ">=")
    if actual is None:
        return 0.0, False, "缺少实际完成值"
    if isinstance(target, float) and isinstance(actual, float):
        if direction == ">=":
            met = actual >= target
            share = 1.0 if met else (actual / target if target > 0 else 0.0)
        elif direction == "<=":
            met = actual <= target
            share = 1.0 if met else (target / actual if actual > 0 else 0.0)
        else:
            met = round(actual, 9) == round(target, 9)
            share = 1.0 if met else max(0.0, 1 - abs(actual - target) / abs(target)) if target else 0.0
        if not met and shape.short_rule == "zero":
            share = 0.0
        return float(min(max(share, 0.0), 1.0)), met, "定量"
    tier = qualitative_tier(shape, str(actual), str(target if target is not None else ""))
    if tier is None:
        return 0.0, False, f"无法判断定性完成情况“{actual}”"
    share = shape.qualitative[tier].share.high
    if "score" in row and row.get("points"):
        share = min(max(row["score"] / row["points"], 0.0), share)
    return share, tier == 0, "定性"


class DepartmentGoals(Sequence):
    """One department's scored goal rows as dicts, made when a reason or scorecard reads them."""

    def __init__(self, scored: "ScoredGoals", start: int, end: int):
        self.scored, self.start, self.end = scored, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        return self.scored.row(self.start + (k % len(self)))


class ScoredGoals:
    """Per goal row: share, met, score and how, over the batch's rows in department order."""

    def __init__(self, rows: list[dict], share: np.ndarray, met: np.ndarray, score: np.ndarray, how: list[str]):
        self.rows, self.share, self.met, self.score, self.how = rows, share, met, score, how

    def row(self, k: int) -> dict:
        return {**self.rows[k], "share": float(self.share[k]), "met": bool(self.met[k]),
                "score": float(self.score[k]), "how": self.how[k]}


def score_all_rows(shape: GoalTable, rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`score_row` over every row: plain ≥/≤ numeric rows with numpy, the rest one by one."""
    count = len(rows)
    share = np.zeros(count)
    met = np.zeros(count, bool)
    how = ["定量"] * count
    numeric = np.fromiter((isinstance(r.get("target"), float) and isinstance(r.get("actual"), float)
                           and r.get("direction", ">=") in (">=", "<=") for r in rows), bool, count=count)
    if numeric.any():
        picked = [rows[k] for k in np.flatnonzero(numeric)]
        target = np.array([r["target"] for r in picked])
        actual = np.array([r["actual"] for r in picked])
        above = np.array([r.get("direction", ">=") == ">=" for r in picked])
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = np.where(above, actual >= target, actual <= target)
            short = np.where(above, np.where(target > 0, actual / np.where(target > 0, target, 1.0), 0.0),
                             np.where(actual > 0, target / np.where(actual > 0, actual, 1.0), 0.0))
        part = np.where(ok, 1.0, 0.0 if shape.short_rule == "zero" else short)
        share[numeric] = np.minimum(np.maximum(part, 0.0), 1.0)
        met[numeric] = ok
    for k in np.flatnonzero(~numeric):
        share[k], met[k], how[k] = score_row(shape, rows[k])
    return share, met, how


def score_goal_rows(shape: GoalTable, points: float, batch: MetricBatch, reasons: Reasons, criterion_id: str):
    n = batch.n
    department = np.asarray(batch.goals.department, dtype=np.int64)
    if department.size == 0:
        code = reasons.code("缺少数据：未提供部门绩效目标表（个性指标）")
        return np.zeros(n), np.full(n, -1), {"_why": np.full(n, code, np.int32)}
    share, met_mask, how = score_all_rows(shape, batch.goals.rows)
    met = met_mask.astype(float)
    row_points = np.array([row["points"] for row in batch.goals.rows])
    declared = np.bincount(department, weights=row_points, minlength=n)
    scale = np.where(declared > 0, points / np.where(declared > 0, declared, 1.0), 0.0)
    row_scores = share * row_points * scale[department]
    totals = np.bincount(department, weights=row_scores, minlength=n)
    count = np.bincount(department, minlength=n)
    met_count = np.bincount(department, weights=met, minlength=n)
    branch = np.where(count == 0, -1, np.where(met_count == count, 0, np.where(met_count == 0, 2, 1)))
    code = reasons.code("缺少数据：未提供部门绩效目标表（个性指标）")
    order = np.argsort(department, kind="stable")
    scored = ScoredGoals([batch.goals.rows[k] for k in order], share[order], met_mask[order], row_scores[order],
                         [how[k] for k in order])
    rows = np.empty(n, dtype=object)
    rows.fill(DepartmentGoals(scored, 0, 0))
    starts = np.searchsorted(department[order], np.arange(n), "left")
    ends = np.searchsorted(department[order], np.arange(n), "right")
    for i in np.flatnonzero(ends > starts):
        rows[i] = DepartmentGoals(scored, int(starts[i]), int(ends[i]))
    return totals, branch, {"_why": np.where(count == 0, code, 0).astype(np.int32), "rows": rows,
                            "declared_points": declared}
