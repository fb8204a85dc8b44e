"""The vector backend: evaluates a compiled plan over whole metric columns with numpy.

One element per department throughout; the single-department path is the same
code with columns of length one. Output is a :class:`~.results.Results` of
arrays; nothing here formats text beyond interning missing-data reasons.
"""

from __future__ import annotations

import math

import numpy as np

from . import findings
from .goals import GoalRowsColumn, score_goal_rows
from ..inputs.batch import MetricBatch
from ..rubric.deadline import days_late
from ..rubric.model import (
    Bands, Checklist, Deduct, GoalTable, Manual, PerOccurrence, Proportional, Shape, States, Tiered, tier_index,
)
from ..rubric.plan import CriterionPlan, Plan
from .results import CriterionResult, Results, aggregate
from ..rounding import round_half_up, round_quietly
from .vexpr import Columns, Evaluator, Reasons, _not_numbers, _numeric, first_reason


# From this many departments on, texts are factorised by pandas (a single department never loads it).
_LONG_COLUMN = 1000
# Shapes that read their own inputs (items, assessments, goal rows), never the indicator's value.
VALUE_FREE_SHAPES = (Checklist, Tiered, Manual, GoalTable)


class VectorBackend:
    name = "vector"
    label = "向量引擎（vector）"  # for a person: verify and test say which engine re-performed

    def evaluate(self, plan: Plan, batch: MetricBatch) -> Results:
        reasons = Reasons()
        evaluator = batch_evaluator(plan, batch, reasons)
        criteria = [CriterionEvaluator(plan, c, evaluator, batch).run() for c in plan.criteria]
        audit = findings.evaluate(plan, batch)
        findings.apply(plan, criteria, audit)
        return aggregate(plan, criteria, evaluator, reasons, batch, audit=audit)


def input_names(plan: Plan) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """What the reasons call each input (a metric's Chinese name, an assessor's tier or score of a criterion), and
    each item list's fields: the same for both engines."""
    vocabulary = plan.profile.vocabulary
    labels = {k: v.zh for k, v in vocabulary.metrics.items()} if vocabulary else {}
    for c in plan.criteria:
        labels[f"assessments.{c.id}.tier"] = f"评价人员对“{c.criterion.name}”评定的档次"
        labels[f"assessments.{c.id}.score"] = f"评价人员对“{c.criterion.name}”的评分"
    lists = {k: v.fields for k, v in vocabulary.metrics.items() if v.kind == "items"} if vocabulary else {}
    return labels, lists


def batch_evaluator(plan: Plan, batch: MetricBatch, reasons: Reasons) -> Evaluator:
    """The evaluator of a batch's columns, with each metric's Chinese name for the reasons and item lists' fields."""
    labels, lists = input_names(plan)
    return Evaluator(Columns(batch.columns, batch.n, labels, lists), reasons)


class CriterionEvaluator:
    """Scores one criterion for every department."""

    def __init__(self, plan: Plan, criterion: CriterionPlan, evaluator: Evaluator, batch: MetricBatch):
        self.plan = plan
        self.c = criterion
        self.ev = evaluator
        self.batch = batch
        self.n = batch.n
        self.points = criterion.points
        self.decimals = plan.profile.rounding.ratio

    def branch_code(self, name: str) -> int:
        return self.c.branches.index(name)

    def run(self) -> CriterionResult:
        n = self.n
        options = self.c.options
        result: CriterionResult | None = None
        option_of = np.full(n, -1, np.int16) if len(options) > 1 else None
        remaining = np.ones(n, bool)
        first_why = None  # per department, the first reason an option found its input missing
        for index, option in enumerate(options):
            value, why, shown = self.option_value(option.expr, option.scoring)
            if isinstance(option.scoring, VALUE_FREE_SHAPES):  # they read their own inputs, not the value
                present = remaining.copy()
            else:
                present = (why == 0) & remaining
            if present.any() or index == len(options) - 1:
                points, branch, detail = self.score(option.scoring, value, present, why)
                if shown is not None:  # a value kept off an exact band is shown as it was before rounding
                    value = shown
                shape_why = detail.pop("_why", None)  # a shape found its own input missing (states, checklist)
                prefix = f"option{index + 1}:" if option_of is not None else ""
                # an option's branches are consecutive in the criterion's (see plan.py)
                codes = (branch + self.branch_code(prefix + option.branches[0])).astype(np.int16)
                take = present & (branch >= 0)
                if result is None:
                    # The first option scored keeps its arrays. Where it decided nothing the value is blank;
                    # points and branch are set there by a later option or by apply_missing.
                    value[~take] = np.nan
                    result = CriterionResult.decided(value, points, codes)
                else:
                    np.copyto(result.value, value, where=take)
                    np.copyto(result.points, points, where=take)
                    np.copyto(result.branch, codes, where=take)
                if option_of is not None:
                    option_of[take] = index
                for key, array in detail.items():
                    result.detail[key] = _decided_detail(result.detail.get(key), array, take)
                if shape_why is not None:
                    why = np.where(present & (branch < 0) & (why == 0), shape_why, why)
                remaining &= ~take
            first_why = why if first_why is None else first_reason(first_why, why)
        if option_of is not None:
            result.detail["option"] = option_of.astype(float)
        if "out_of_range" in result.detail:
            result.error |= result.detail["out_of_range"] == 1
        self.apply_missing(result, remaining, first_why)
        self.apply_not_applicable(result)
        result.points = round_half_up(result.points, self.plan.profile.rounding.points)
        if self.c.choice:
            self.apply_choice(result)
        return result

    def apply_choice(self, result: CriterionResult) -> None:
        """择项: a chosen criterion's points rescaled from its own points to the department's weight; one not
        chosen scores nothing, with nothing missing, in error or awaiting an assessor (``not_chosen``)."""
        weight = choice_weights(self.batch.columns.get(self.c.choice), self.n)
        chosen = ~np.isnan(weight)
        with np.errstate(invalid="ignore"):
            scaled = round_half_up(result.points * weight / self.points, self.plan.profile.rounding.points)
        result.detail["unweighted"] = np.where(chosen, result.points, np.nan)
        result.points = np.where(chosen, scaled, 0.0)
        unchosen = ~chosen
        result.value[unchosen] = np.nan
        result.branch[unchosen] = self.branch_code("not_chosen")
        result.why[unchosen] = 0
        for flag in (result.excluded, result.not_applicable, result.error, result.needs_manual):
            flag[unchosen] = False
        result.detail["weight"] = weight

    def option_value(self, expr, shape: Shape) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(the value every threshold meets, why it is missing, the value shown where it differs or None)."""
        if expr is None:
            return np.full(self.n, np.nan), np.zeros(self.n, np.int32), None
        vec = self.ev.evaluate(expr)
        raw = _numeric(vec)
        values = round_half_up(raw, self.decimals)
        exact = shape.exact_values if isinstance(shape, Bands) else ()
        if not exact:
            return values, vec.why, None
        classified, shown = off_exact_bands(values, raw, exact, self.decimals)
        return classified, vec.why, shown

    # -- missing & not applicable ------------------------------------------------------
    def apply_missing(self, result: CriterionResult, missing: np.ndarray, why: np.ndarray) -> None:
        if not missing.any():
            return
        policy = self.c.criterion.missing
        np.copyto(result.why, why, where=missing)
        result.branch[missing] = self.branch_code("missing")
        result.points[missing] = 0.0
        if policy == "exclude":
            result.excluded |= missing
        elif policy == "error":
            result.error |= missing
        elif policy == "manual":
            manual = self.ev.evaluate_name(f"assessments.{self.c.id}.score")
            given = missing & manual.present
            result.points[given] = np.clip(_numeric(manual)[given], 0, self.points)
            result.detail.setdefault("manual", np.full(self.n, np.nan))[given] = 1.0
            result.needs_manual |= missing & ~manual.present

    def apply_not_applicable(self, result: CriterionResult) -> None:
        column = self.batch.columns.get(f"na.{self.c.id}")
        if column is None:
            return
        na = np.nan_to_num(column.astype(float)) != 0
        if not na.any():
            return
        result.branch[na] = self.branch_code("not_applicable")
        result.why[na] = 0
        result.error[na] = False
        if self.c.criterion.not_applicable == "full":
            result.points[na] = self.points
        else:
            result.points[na] = 0.0
            result.excluded |= na
        result.not_applicable |= na

    # -- shapes --------------------------------------------------------------------------
    def score(self, shape: Shape, value: np.ndarray, present: np.ndarray, why: np.ndarray):
        """(points, branch index into the option's branch list (-1 = undecided), detail arrays): new float
        arrays the result may keep as they are."""
        method = getattr(self, "score_" + type(shape).__name__.lower())
        return method(shape, value, present, why)

    def score_deduct(self, shape: Deduct, value, present, why):
        excess = value - shape.threshold if shape.direction == "above" else shape.threshold - value
        excess[~present] = np.nan
        beyond = excess > 0
        steps = round_quietly(np.where(beyond, excess / shape.per, 0.0), 9)  # a huge excess: inf steps, the floor
        if shape.partial == "ceil":
            steps = np.ceil(steps)
        elif shape.partial == "floor":
            steps = np.floor(steps)
        deduction = steps * shape.deduct
        points = np.maximum(self.points - deduction, shape.floor)
        points = np.where(beyond, points, self.points)
        # Beyond the threshold by less than one counted step deducts nothing: that is still "full".
        branch = np.where(~beyond | (deduction <= 0), 0, np.where(points <= shape.floor, 2, 1))
        return points, branch, {"excess": np.where(beyond, excess, 0.0), "steps": steps,
                                "deduction": self.points - points}

    def score_bands(self, shape: Bands, value, present, why):
        branch = np.full(self.n, len(shape.bands), np.int64)  # out_of_domain
        points = np.zeros(self.n)
        open_ = present.copy()
        for index, band in enumerate(shape.bands):
            iv = band.interval
            with np.errstate(invalid="ignore"):
                low = value >= iv.low if iv.low_inclusive else value > iv.low
                high = value <= iv.high if iv.high_inclusive else value < iv.high
            hit = open_ & low & high
            branch[hit] = index
            points[hit] = band.points
            open_ &= ~hit
        return points, branch, {}

    def score_proportional(self, shape: Proportional, value, present, why):
        t = shape.target
        with np.errstate(divide="ignore", invalid="ignore"):
            if shape.direction == "higher":
                if t > 0:
                    share = value / t
                else:  # toward 0 or a negative target (a decline of at most |t|): target/value below it
                    share = np.where(value >= t, 1.0, t / value if t < 0 else 0.0)
                cut = value < shape.cutoff if shape.cutoff is not None else np.zeros(self.n, bool)
            else:
                if t > 0:
                    share = np.where(value > 0, t / value, 1.0)
                else:  # toward 0 or a negative target (a cut of |t|): the share of the cut made
                    share = np.where(value <= t, 1.0, value / t if t < 0 else 0.0)
                cut = value > shape.cutoff if shape.cutoff is not None else np.zeros(self.n, bool)
        share = np.clip(share, 0.0, 1.0)
        share[np.isnan(share)] = 0.0
        full = share >= 1.0
        points = np.where(cut, 0.0, self.points * share)
        branch = np.where(cut, 2, np.where(full, 0, 1))
        return points, branch, {"share": share}

    def score_states(self, shape: States, value, present, why):
        branch = np.full(self.n, len(shape.states), np.int64)  # no_state
        points = np.zeros(self.n)
        open_ = present.copy()
        missing_why = np.zeros(self.n, np.int32)
        self.ev.columns.columns["value"] = value
        try:
            for index, state in enumerate(shape.states):
                if state.when is None:
                    hit = open_
                else:
                    cond = self.ev.evaluate(state.when)
                    unknown = open_ & ~cond.present
                    missing_why[unknown] = cond.why[unknown]
                    branch[unknown] = -1
                    open_ &= ~unknown
                    hit = open_ & (_numeric(cond) != 0)
                branch[hit] = index
                points[hit] = state.points
                open_ &= ~hit
        finally:
            del self.ev.columns.columns["value"]
        return points, branch, {"_why": missing_why}

    def score_peroccurrence(self, shape: PerOccurrence, value, present, why):
        count = np.where(present, np.maximum(value, 0.0), 0.0)
        deduction = count * shape.deduct
        if shape.max_deduct is not None:
            deduction = np.minimum(deduction, shape.max_deduct)
        points = np.maximum(self.points - deduction, 0.0)
        branch = np.where(count == 0, 0, np.where(points <= 0, 2, 1))
        return points, branch, {"deduction": self.points - points}

    def score_checklist(self, shape: Checklist, value, present, why):
        points = np.zeros(self.n)
        satisfied = np.zeros(self.n)
        known = np.zeros(self.n, bool)
        missing_why = np.zeros(self.n, np.int32)
        detail: dict[str, np.ndarray] = {}
        for item in shape.items:
            cond = self.ev.evaluate(item.when)
            given = cond.present
            ok = given & (_numeric(cond) != 0)
            flag = ok.astype(float)
            flag[~given] = np.nan
            detail[f"item:{item.id}"] = flag
            if item.deadline is not None:
                detail.update(self.deadline_evidence(item))
            points += np.where(ok, item.points, 0.0)
            satisfied += ok
            known |= given
            missing_why = first_reason(missing_why, cond.why)
        total = len(shape.items)
        branch = np.where(~known, -1, np.where(satisfied == total, 0, np.where(satisfied == 0, 2, 1)))
        detail["_why"] = missing_why
        return points, branch, detail

    def deadline_evidence(self, item) -> dict[str, np.ndarray]:
        """A deadline item's dates, days counted, limit and days late (NaN where unknown), as detail arrays."""
        values = {}
        for part, expr in item.deadline.parts().items():
            vec = self.ev.evaluate(expr)
            values[part] = np.where(vec.present, _numeric(vec), np.nan)
        values["late"] = days_late(item.deadline, values)
        return {f"item:{item.id}:{part}": array for part, array in values.items()}

    def score_tiered(self, shape: Tiered, value, present, why):
        tier_vec = self.ev.evaluate_name(f"assessments.{self.c.id}.tier")
        score_vec = self.ev.evaluate_name(f"assessments.{self.c.id}.score")
        tiers = shape.tiers
        tier = np.full(self.n, -1, np.int64)
        named = tier_vec.why == 0
        tier[named] = _tier_indices(tiers, tier_vec.values[named])
        score = _numeric(score_vec)  # row by row: a score that is not a number is no score
        not_number = score_vec.present & _not_numbers(score_vec.values) if score_vec.values.dtype == object \
            else np.zeros(self.n, bool)
        has_score = ~np.isnan(score)
        for i in np.flatnonzero((tier < 0) & has_score):  # a score without a tier: the tier it falls in
            tier[i] = _tier_of_share(tiers, score[i] / self.points if self.points else 0.0)
        default = {"max": lambda t: t.share.high, "mid": lambda t: (t.share.low + t.share.high) / 2,
                   "min": lambda t: t.share.low}[shape.default_in_tier]
        decided = tier >= 0
        at = np.where(decided, tier, 0)  # undecided rows read the first tier's numbers, then are dropped
        points = np.where(decided, np.array([default(t) * self.points for t in tiers])[at], 0.0)
        clamped = np.zeros(self.n)
        given = decided & has_score
        if given.any():  # a score given with its tier counts, within the tier's bounds
            low = np.array([t.share.low * self.points for t in tiers])[at]
            high = np.array([t.share.high * self.points for t in tiers])[at]
            inside = np.clip(score, low, high)
            points = np.where(given, inside, points)
            clamped = np.where(given, inside != score, 0.0)
        missing_why = np.where(decided, 0, tier_vec.why).astype(np.int32)
        return points, np.where(decided, tier, -1), {"_why": missing_why, "clamped": clamped,
                                                     "score_not_number": not_number.astype(float)}

    def score_manual(self, shape: Manual, value, present, why):
        score_vec = self.ev.evaluate_name(f"assessments.{self.c.id}.score")
        score = _numeric(score_vec)
        out_of_range = score_vec.present & ((score < 0) | (score > self.points))
        points = np.clip(np.nan_to_num(score), 0, self.points)
        branch = np.where(score_vec.present, 0, -1)
        return points, branch, {"_why": score_vec.why, "out_of_range": out_of_range.astype(float)}

    def score_goaltable(self, shape: GoalTable, value, present, why):
        return score_goal_rows(shape, self.points, self.batch, self.ev.reasons, self.c.id)


def choice_weights(column: np.ndarray | None, n: int) -> np.ndarray:
    """A 择项 weight column as floats, NaN where the criterion was not chosen (the batch holds only checked
    choices; a table's column of numbers and blanks may come as objects)."""
    if column is None:
        return np.full(n, np.nan)
    if column.dtype != object:
        return column.astype(float)
    return np.array([v if isinstance(v, float) else np.nan for v in column.tolist()], float)


def off_exact_bands(values: np.ndarray, raw: np.ndarray, exact: tuple[float, ...],
                    decimals: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Rounding never carries a value onto an exact band ``[a, a]`` from off it: a value that is not ``a``
    (float noise removed, at 9 decimals) but rounds to ``a`` meets the bands one step of ``rounding.ratio``
    beyond ``a`` on its own side, and is shown unrounded. (values to classify, values shown or None)."""
    cleaned = round_half_up(raw, 9)
    off = np.isin(values, np.array(exact)) & (cleaned != values) & np.isfinite(cleaned)
    if not off.any():
        return values, None
    step = 10.0 ** -decimals
    classified = values.copy()
    classified[off] = round_half_up(values[off] + np.where(cleaned[off] > values[off], step, -step), decimals)
    shown = values.copy()
    shown[off] = cleaned[off]
    return classified, shown


def _decided_detail(current: np.ndarray | GoalRowsColumn | None, array: np.ndarray | GoalRowsColumn,
                    take: np.ndarray) -> np.ndarray | GoalRowsColumn:
    """An option's detail ``array`` where it decided (``take``), ``current`` (blank when None) elsewhere."""
    if current is None:
        if isinstance(array, GoalRowsColumn):
            return array.where(take)
        decided = np.asarray(array, float)
        decided[~take] = np.nan
        return decided
    current = np.asarray(current)  # goal rows from two options: a plain object array
    current[take] = np.asarray(array[take])
    return current


def _tier_indices(tiers, values: np.ndarray) -> np.ndarray:
    """:func:`~..rubric.model.tier_index` of every value, each distinct word looked up once (a few words on many rows)."""
    found = _distinct_words(values)
    if found is None:
        return np.array([tier_index(tiers, raw) for raw in values.tolist()], np.int64)
    codes, words = found
    return np.array([tier_index(tiers, word) for word in words], np.int64)[codes]


def _distinct_words(values: np.ndarray) -> tuple[np.ndarray, list[str]] | None:
    """(each value's index into the distinct words, those words), or None unless every value is a text."""
    if len(values) >= _LONG_COLUMN:  # pandas (loaded for a table anyway) is the fastest here
        import pandas as pd

        try:
            codes, words = pd.factorize(values)  # None-like values get code -1
        except TypeError:  # unhashable values
            return None
        words = words.tolist()
        return (codes, words) if not (codes < 0).any() and all(isinstance(w, str) for w in words) else None
    items = values.tolist()
    try:
        words = list(set(items))
    except TypeError:
        return None
    if not all(isinstance(w, str) for w in words):
        return None
    index = {word: k for k, word in enumerate(words)}
    return np.array(list(map(index.__getitem__, items)), np.intp), words


def _tier_of_share(tiers, share: float) -> int:
    for index, tier in enumerate(tiers):
        if tier.share.contains(share):
            return index
    return -1 if math.isnan(share) else len(tiers) - 1
