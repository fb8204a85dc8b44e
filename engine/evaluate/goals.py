"""Department goal tables (个性指标): each row met → full, short → in proportion, qualitative → tier.

Rows arrive in long form (department index per row) and are scored with numpy,
then summed per department with ``bincount``; the block's points are shared out
in proportion to the rows' own points.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..inputs.batch import MetricBatch
from ..rubric.model import GoalTable
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
        if "score" in row and row.get("points"):
            # the assessor scored the row (部门特性指标): the score counts, within the row's points; met stays
            # what target and actual say
            return float(min(max(row["score"] / row["points"], 0.0), 1.0)), met, "定量（评价人员评分）"
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


class GoalRowsColumn:
    """A goal table's detail column: department i's :class:`DepartmentGoals` at ``[i]`` (None where it has none).

    Reads like a one-dimensional object array (``[i]``, boolean masks and index arrays, ``np.asarray``) but holds
    only where each department's rows start and end: the per-department objects are made when read.
    """

    dtype = np.dtype(object)

    def __init__(self, scored: "ScoredGoals", starts: np.ndarray, ends: np.ndarray):
        self.scored = scored
        self.starts = starts  # into the scored rows; -1: no rows (None)
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)):
            start = int(self.starts[key])
            return None if start < 0 else DepartmentGoals(self.scored, start, int(self.ends[key]))
        return GoalRowsColumn(self.scored, self.starts[key], self.ends[key])

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        out = np.full(len(self), None, dtype=object)
        some = np.flatnonzero(self.starts >= 0)
        # fromiter stores the objects as they are (a list would be inspected as nested sequences, slowly)
        out[some] = np.fromiter((DepartmentGoals(self.scored, start, end) for start, end in
                                 zip(self.starts[some].tolist(), self.ends[some].tolist())), dtype=object,
                                count=len(some))
        return out if dtype is None else out.astype(dtype)

    def where(self, keep: np.ndarray) -> "GoalRowsColumn":
        """These rows where ``keep``, None elsewhere."""
        return GoalRowsColumn(self.scored, np.where(keep, self.starts, -1), np.where(keep, self.ends, -1))


class ScoredGoals:
    """Per goal row: share, met, score and how, over the batch's rows in department order (``order``)."""

    def __init__(self, rows: Sequence, order: np.ndarray, share: np.ndarray, met: np.ndarray, score: np.ndarray,
                 how: np.ndarray):
        self.rows, self.order, self.share, self.met, self.score, self.how = rows, order, share, met, score, how

    def row(self, k: int) -> dict:
        return {**self.rows[int(self.order[k])], "share": float(self.share[k]), "met": bool(self.met[k]),
                "score": float(self.score[k]), "how": self.how[k]}


_NO_SCORE = object()


def score_all_rows(shape: GoalTable, rows: Sequence) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`score_row` over every row: plain ≥/≤ numeric rows with numpy, the rest once per distinct row."""
    count = len(rows)
    share = np.zeros(count)
    met = np.zeros(count, bool)
    how = np.empty(count, dtype=object)
    how.fill("定量")  # np.full is slow on object arrays
    columnar = hasattr(rows, "target_number")  # a table's goal rows (:class:`..tables.goals.GoalStore`)
    if columnar:
        target, actual = rows.target_number, rows.actual_number
        direction = rows.direction
        above = direction == ">="
        numeric = ~np.isnan(target) & ~np.isnan(actual) & (above | (direction == "<=")) & np.isnan(rows.score)
        target, actual, above = target[numeric], actual[numeric], above[numeric]
    else:
        numeric = np.fromiter((isinstance(r.get("target"), float) and isinstance(r.get("actual"), float)
                               and r.get("direction", ">=") in (">=", "<=") and "score" not in r for r in rows),
                              bool, count=count)
        picked = [rows[k] for k in np.flatnonzero(numeric)]
        target = np.array([r["target"] for r in picked])
        actual = np.array([r["actual"] for r in picked])
        above = np.array([r.get("direction", ">=") == ">=" for r in picked], bool)
    if numeric.any():
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = np.where(above, actual >= target, actual <= target)
            short = np.where(above, np.where(target > 0, actual / np.where(target > 0, target, 1.0), 0.0),
                             np.where(actual > 0, target / np.where(actual > 0, actual, 1.0), 0.0))
        part = np.where(ok, 1.0, 0.0 if shape.short_rule == "zero" else short)
        share[numeric] = np.minimum(np.maximum(part, 0.0), 1.0)
        met[numeric] = ok
    if columnar:  # the rest: each distinct (target, actual, direction, score, points) scored once
        import pandas as pd

        rest = np.flatnonzero(~numeric)
        if len(rest):
            key = np.zeros(len(rest), np.int64)
            for column in (rows.target, rows.actual, rows.direction, rows.score, rows.points):
                codes, uniques = pd.factorize(np.asarray(column)[rest], use_na_sentinel=False)
                key = np.unique(key * (len(uniques) + 1) + codes, return_inverse=True)[1].reshape(-1)
            _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
            found = [score_row(shape, rows[int(rest[f])]) for f in first.tolist()]
            share[rest] = np.array([f[0] for f in found], float)[inverse.reshape(-1)]
            met[rest] = np.array([f[1] for f in found], bool)[inverse.reshape(-1)]
            how[rest] = np.array([f[2] for f in found], dtype=object)[inverse.reshape(-1)]
        return share, met, how
    seen: dict = {}
    for k in np.flatnonzero(~numeric).tolist():
        row = rows[k]
        key = (row.get("target"), row.get("actual"), row.get("direction", ">="), row.get("score", _NO_SCORE),
               row.get("points"))
        try:
            found = seen.get(key)
        except TypeError:  # an unhashable cell: score it alone
            found, key = None, None
        if found is None:
            found = score_row(shape, row)
            if key is not None:
                seen[key] = found
        share[k], met[k], how[k] = found
    return share, met, how


def score_goal_rows(shape: GoalTable, points: float, batch: MetricBatch, reasons: Reasons, criterion_id: str):
    n = batch.n
    department = np.asarray(batch.goals.department, dtype=np.int64)
    if department.size == 0:
        code = reasons.code("缺少数据：未提供部门绩效目标表（个性指标）")
        return np.zeros(n), np.full(n, -1), {"_why": np.full(n, code, np.int32)}
    share, met_mask, how = score_all_rows(shape, batch.goals.rows)
    met = met_mask.astype(float)
    rows_in = batch.goals.rows
    row_points = rows_in.points if hasattr(rows_in, "target_number") else \
        np.array([row["points"] for row in rows_in], float)
    declared = np.bincount(department, weights=row_points, minlength=n)
    scale = np.where(declared > 0, points / np.where(declared > 0, declared, 1.0), 0.0)
    row_scores = share * row_points * scale[department]
    totals = np.bincount(department, weights=row_scores, minlength=n)
    count = np.bincount(department, minlength=n)
    met_count = np.bincount(department, weights=met, minlength=n)
    branch = np.where(count == 0, -1, np.where(met_count == count, 0, np.where(met_count == 0, 2, 1)))
    code = reasons.code("缺少数据：未提供部门绩效目标表（个性指标）")
    if np.all(department[1:] >= department[:-1]):  # a table's rows come in department order already
        order = np.arange(len(department))
        scored = ScoredGoals(rows_in, order, share, met_mask, row_scores, how)
    else:
        order = np.argsort(department, kind="stable")
        scored = ScoredGoals(rows_in, order, share[order], met_mask[order], row_scores[order], how[order])
    ends = np.cumsum(count)
    some = count > 0
    rows = GoalRowsColumn(scored, np.where(some, ends - count, -1), np.where(some, ends, -1))
    return totals, branch, {"_why": np.where(count == 0, code, 0).astype(np.int32), "rows": rows,
                            "declared_points": declared}
