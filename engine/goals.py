"""Department goal tables (个性指标): each row met → full, short → in proportion, qualitative → tier.

Rows arrive in long form (department index per row) and are scored with numpy,
then summed per department with ``bincount``; the block's points are shared out
in proportion to the rows' own points.
"""

from __future__ import annotations

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


def score_goal_rows(shape: GoalTable, points: float, batch: MetricBatch, reasons: Reasons, criterion_id: str):
    n = batch.n
    department = np.asarray(batch.goals.department, dtype=np.int64)
    if department.size == 0:
        code = reasons.code("缺少数据：未提供部门绩效目标表（个性指标）")
        return np.zeros(n), np.full(n, -1), {"_why": np.full(n, code, np.int32)}
    scored = [score_row(shape, row) for row in batch.goals.rows]
    share = np.array([s for s, _, _ in scored])
    met = np.array([m for _, m, _ in scored], dtype=float)
    row_points = np.array([row["points"] for row in batch.goals.rows])
    declared = np.bincount(department, weights=row_points, minlength=n)
    scale = np.where(declared > 0, points / np.where(declared > 0, declared, 1.0), 0.0)
    row_scores = share * row_points * scale[department]
    totals = np.bincount(department, weights=row_scores, minlength=n)
    count = np.bincount(department, minlength=n)
    met_count = np.bincount(department, weights=met, minlength=n)
    branch = np.where(count == 0, -1, np.where(met_count == count, 0, np.where(met_count == 0, 2, 1)))
    code = reasons.code("缺少数据：未提供部门绩效目标表（个性指标）")
    rows = np.empty(n, dtype=object)
    for i in range(n):
        rows[i] = []
    for k, dept in enumerate(department):
        rows[dept].append({**batch.goals.rows[k], "share": float(share[k]), "met": bool(met[k]),
                           "score": float(row_scores[k]), "how": scored[k][2]})
    return totals, branch, {"_why": np.where(count == 0, code, 0).astype(np.int32), "rows": rows,
                            "declared_points": declared}
