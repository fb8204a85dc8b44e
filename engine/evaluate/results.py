"""Evaluation results as arrays (department × criterion), and the whole-plan aggregation.

Aggregation is shared by every backend: level subtotals with renormalisation of
excluded children, the total under the profile's rounding, adjustments (bonus,
grade caps), grades, plausibility flags and the self-score re-check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..inputs.batch import MetricBatch
from ..rubric.plan import Plan
from ..rounding import round_half_up
from .vexpr import Evaluator, Reasons, _numeric

GRADE_ORDER = ("优", "良", "中", "差")


@dataclass
class CriterionResult:
    value: np.ndarray
    points: np.ndarray
    branch: np.ndarray  # index into CriterionPlan.branches
    why: np.ndarray  # reason code of missing data (0 = none)
    excluded: np.ndarray  # left out and renormalised
    not_applicable: np.ndarray
    error: np.ndarray  # the department cannot be scored (missing: error, bad manual score)
    needs_manual: np.ndarray
    detail: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def decided(cls, value: np.ndarray, points: np.ndarray, branch: np.ndarray) -> "CriterionResult":
        """A result of these arrays, with nothing missing, excluded, not applicable or in error yet."""
        n = len(value)
        return cls(value, points, branch, np.zeros(n, np.int32), np.zeros(n, bool), np.zeros(n, bool),
                   np.zeros(n, bool), np.zeros(n, bool))


@dataclass
class Results:
    plan: Plan
    batch: MetricBatch
    criteria: list[CriterionResult]
    levels: list[np.ndarray]  # score per level (NaN when wholly excluded)
    level_excluded: list[np.ndarray]
    total: np.ndarray
    grade: np.ndarray  # index into GRADE_ORDER
    grade_uncapped: np.ndarray
    adjustments: dict[str, np.ndarray]  # adjustment id → bool mask where it applied
    bonus: np.ndarray
    reasons: Reasons
    engine: str = "vector"
    audit: Any = None  # findings.AuditOutcome when the profile has audit rules

    @property
    def n(self) -> int:
        return self.batch.n

    def error_rows(self) -> np.ndarray:
        mask = np.zeros(self.n, bool)
        for result in self.criteria:
            mask |= result.error
        return mask


def grade_index(plan: Plan, total: np.ndarray) -> np.ndarray:
    """Each total's grade: the highest band whose min it reaches. With closed ranges and ``grade_gap: round``
    the total is first rounded half up to whole points (89.5 → 90), with ``lower`` it takes the lower band."""
    if plan.profile.grade_gap == "round":
        total = round_half_up(total, 0)
    bands = sorted(plan.profile.grades, key=lambda g: g.minimum, reverse=True)
    out = np.full(total.shape, GRADE_ORDER.index(bands[-1].grade), np.int8)
    assigned = np.zeros(total.shape, bool)
    for band in bands:
        hit = ~assigned & (total >= band.minimum)
        out[hit] = GRADE_ORDER.index(band.grade)
        assigned |= hit
    return out


def _counted(points: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """A child's points as its level adds them: 0 where excluded, and as ``np.nan_to_num`` gives them."""
    if excluded.any() or not np.isfinite(points).all():
        return np.nan_to_num(np.where(excluded, 0.0, points))
    return points


def _chosen_points(points: float, children: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> np.ndarray:
    """A 择项 level's points that count: its own, less the weights of chosen criteria left out (missing: exclude).
    The weights sum to the points only at the profile's precision, so they are not added up again."""
    left_out = np.zeros(len(children[0][0]))
    counted = np.zeros(len(left_out), bool)
    for _, excluded, weight in children:
        np.add(left_out, weight, out=left_out, where=excluded)
        counted |= ~excluded & (weight > 0)
    return np.where(counted, points - left_out, 0.0)


def aggregate(plan: Plan, criteria: list[CriterionResult], evaluator: Evaluator, reasons: Reasons,
              batch: MetricBatch, engine: str = "vector", audit: Any = None) -> Results:
    n = batch.n
    decimals = plan.profile.rounding.total
    level_scores: list[np.ndarray] = [np.zeros(n)] * len(plan.levels)
    level_excluded: list[np.ndarray] = [np.zeros(n, bool)] * len(plan.levels)

    def child(kind: str, index: int) -> tuple[np.ndarray, np.ndarray, float | np.ndarray]:
        if kind == "criterion":
            result = criteria[index]
            if plan.criteria[index].choice:  # 择项: the department's weight, 0 where not chosen
                return result.points, result.excluded, np.nan_to_num(result.detail["weight"])
            return result.points, result.excluded, plan.criteria[index].points
        return level_scores[index], level_excluded[index], plan.levels[index].points

    for index, level in enumerate(plan.levels):  # children come before parents
        score = np.zeros(n)
        included_points = np.zeros(n)
        for kind, child_index in level.children:
            points, excluded, maximum = child(kind, child_index)
            score += _counted(points, excluded)
            np.add(included_points, maximum, out=included_points, where=~excluded)
        if level.choose is not None:
            included_points = _chosen_points(level.points, [child(kind, k) for kind, k in level.children])
        all_out = included_points == 0
        renormalised = ~all_out & (included_points < level.points)
        if renormalised.any():
            with np.errstate(divide="ignore"):  # a wholly excluded level (0 included) is not renormalised
                score = np.where(renormalised, score * (level.points / included_points), score)
        score[all_out] = 0.0
        level_scores[index] = round_half_up(score, decimals)
        level_excluded[index] = all_out & (level.points > 0)

    total = np.zeros(n)
    included_total = np.zeros(n)
    for kind, index in plan.tops:
        points, excluded, maximum = child(kind, index)
        np.add(total, points, out=total, where=~excluded)
        np.add(included_total, maximum, out=included_total, where=~excluded)
    short = (included_total > 0) & (included_total < plan.max_total)
    total = np.where(short, total * plan.max_total / np.where(short, included_total, 1.0), total)

    adjustments: dict[str, np.ndarray] = {}
    bonus = np.zeros(n)
    cap = np.zeros(n, np.int8)
    for adjustment in plan.profile.adjustments:
        cond = evaluator.evaluate(adjustment.when)
        hit = cond.present & (_numeric(cond) != 0)
        adjustments[adjustment.id] = hit
        if adjustment.kind == "bonus":
            bonus += np.where(hit, adjustment.points, 0.0)
        else:
            cap = np.maximum(cap, np.where(hit, GRADE_ORDER.index(adjustment.cap), 0)).astype(np.int8)
    if audit is not None:
        cap = np.maximum(cap, audit.cap).astype(np.int8)
    total = round_half_up(np.clip(total + bonus, 0.0, plan.max_total), decimals)
    uncapped = grade_index(plan, total)
    return Results(plan, batch, criteria, level_scores, level_excluded, total, np.maximum(uncapped, cap),
                   uncapped, adjustments, bonus, reasons, engine, audit)
