"""What would it take: for scored departments, the points still open per criterion, the smallest change of
each criterion's input that moves it to a better branch, and the fewest such changes that reach a target grade.

Everything is computed from the compiled plan, never by searching: band edges, deduction step widths,
proportional targets and cutoffs, per-occurrence counts, checklist items and the numeric conditions of
states give the value a criterion must reach; a formula's input the department controls (the first input
the formula is linear in: a numerator, an amount, a count) is then solved for that value from two
evaluations of the formula (value and slope), rounded to the input's own precision (whole 人/个/项, cents
of 万元) in the direction that helps, and the criterion is scored again at the value that input gives.
The fewest changes reaching the target are the largest gains first, checked by making them together: one
figure per input (moves of one input the same way take the farthest figure, which meets them all; moves the
opposite way keep the one gaining more), every criterion reading a changed input scored again from the changed
inputs, and the whole aggregated again (so a change moving two criteria, renormalisation, rounding and grade caps
hold). Every step is a numpy array over all departments.

Returns plain data (:class:`Whatif`: arrays over departments); :mod:`.whatif_layout` lays it out for the writers.
May import: ``inputs``, ``rubric``, the shared leaves and this package's evaluation internals.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from ..calendar import latest_within
from ..inputs.batch import MetricBatch
from ..rounding import round_half_up
from ..rubric.deadline import Deadline
from ..rubric.expr import Compare, Name, Num
from ..rubric.model import (
    Bands, Checklist, Deduct, GoalTable, Manual, PerOccurrence, Proportional, Shape, States, Tiered,
)
from ..rubric.plan import CriterionPlan, Plan
from . import findings
from .results import GRADE_ORDER, CriterionResult, Results, aggregate
from .goals import GoalRowsColumn
from .vector import CriterionEvaluator, batch_evaluator, off_exact_bands
from .vexpr import Columns, Evaluator, Reasons, _numeric

# Kinds of a criterion's situation for one department, as the records name them; ``CriterionWhatif.kind`` holds
# the index into KINDS (one byte per department, not a text). GOALS: the department's own goal rows (个性指标),
# scored row by row, no change solved here.
KINDS = ("full", "data", "condition", "assessor", "missing", "na", "goals")
FULL, DATA, CONDITION, ASSESSOR, MISSING, NOT_APPLICABLE, GOALS = range(len(KINDS))
WHOLE_UNITS = ("人", "个", "项", "辆", "次", "件", "家", "天")
ASSESSOR_SHAPES = (Tiered, Manual)
RANK_BLOCK = 8_192  # departments ranked at a time: the department × criterion temporaries stay small and reused


@dataclass
class Move:
    """One change for one criterion (arrays over departments; NaN/-1 where there is none)."""

    gain: np.ndarray  # points the criterion gains
    value: np.ndarray  # the criterion's value after the change (NaN: not stated as a value)
    input_after: np.ndarray  # the changed input's new figure (NaN: no input solved)
    input_index: np.ndarray  # int16 index into CriterionWhatif.inputs (-1: none)
    label: np.ndarray  # int16 index into ``labels``: the branch reached, as the rubric names it (0: none)
    labels: list[str]  # shared by a criterion's two moves, "" first

    def code(self, text: str) -> int:
        """The code of a branch name, added to ``labels`` the first time."""
        if text not in self.labels:
            self.labels.append(text)
        return self.labels.index(text)


@dataclass
class CriterionWhatif:
    plan: CriterionPlan
    kind: np.ndarray  # int8 index into KINDS
    open: np.ndarray  # points still open
    points: np.ndarray
    value: np.ndarray
    inputs: tuple[str, ...]  # the inputs a move may change
    input_before: np.ndarray  # of the input each department's move changes
    next: Move  # the smallest change that gains points
    full: Move  # the change to the criterion's best branch
    items: dict[str, np.ndarray] = field(default_factory=dict)  # checklist: item id → departments not meeting it
    missing_why: np.ndarray | None = None
    dates: dict[str, "DateMove"] = field(default_factory=dict)  # checklist deadline items, by item id
    scale: "_Scale | None" = None  # its points as the total counts them (择项: rescaled to the weight)
    goals: "GoalLoss | None" = None  # a goal table's rows and what each loses


@dataclass
class GoalLoss:
    """A goal table criterion's rows (个性指标), scored one by one: ``rows`` (each department's scored rows, as the
    scorer keeps them), the points each scored row loses (``lost``, in the scorer's row order, as the criterion's
    points count them), and per department how many rows it has and how many lose points."""

    rows: GoalRowsColumn
    lost: np.ndarray
    count: np.ndarray
    short: np.ndarray


@dataclass
class DateMove:
    """A deadline item of a checklist: the date to move (``metric``; None when the rubric computes it), its day
    number now and the latest day that meets the deadline (NaN where a date is missing), the days late, and
    whether they are working days."""

    metric: str | None
    before: np.ndarray
    after: np.ndarray
    late: np.ndarray
    working: bool


@dataclass
class Whatif:
    results: Results
    criteria: list[CriterionWhatif]
    target: np.ndarray  # grade index per department (into GRADE_ORDER); -1 where it already is there
    chosen: np.ndarray  # bool, department × criterion: its best move is in the fewest changes reaching the target
    reached_total: np.ndarray  # the total with the chosen changes made together
    reached_grade: np.ndarray
    reached: np.ndarray  # bool: the chosen changes reach the target
    cap: np.ndarray  # grade index the caps allow at best (0 = 优: no cap)
    cap_reasons: dict[int, list[str]]  # department → why its grade is capped (only those capped)
    plan_points: np.ndarray  # department × criterion: its points as the total counts them, the changes made
    plan_inputs: dict[str, np.ndarray]  # each input the changes set → its new figure (NaN: unchanged there)


def _empty_move(n: int, labels: list[str]) -> Move:
    return Move(np.zeros(n), np.full(n, np.nan), np.full(n, np.nan), np.full(n, -1, np.int16), np.zeros(n, np.int16),
                labels)


class _Solver:
    """Solves a formula for the value a criterion must reach, on the input the department controls."""

    def __init__(self, plan: Plan, batch: MetricBatch):
        self.plan = plan
        self.batch = batch
        self.n = batch.n
        self.decimals = plan.profile.rounding.ratio
        vocabulary = plan.profile.vocabulary
        self.units = {k: v.unit for k, v in vocabulary.metrics.items()} if vocabulary else {}
        # a date is moved by the deadline items (:class:`DateMove`), never solved as a number of days since 1970
        self.dates = {k for k, v in vocabulary.metrics.items() if v.kind == "date"} if vocabulary else set()
        self.base = Evaluator(Columns(batch.columns, batch.n), Reasons())

    def evaluate(self, expr, replaced: dict[str, np.ndarray] | None = None) -> np.ndarray:
        if not replaced:
            return _numeric(self.base.evaluate(expr))
        columns = dict(self.batch.columns)
        columns.update(replaced)
        return _numeric(Evaluator(Columns(columns, self.n), Reasons()).evaluate(expr))

    def part(self, rows: np.ndarray, names: tuple[str, ...]) -> "_Solver":
        """The same solver over departments ``rows`` (indices), reading only ``names``."""
        return _Solver(self.plan, self.batch.formula_view(rows, names))

    def candidates(self, c: CriterionPlan, expr) -> tuple[str, ...]:
        return tuple(name for name in c.inputs if name in self.batch.columns and name not in self.dates
                     and self.batch.columns[name].dtype != object and not name.startswith("assessments."))

    def slopes(self, expr, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(raw value, chosen input index per department, slope of the value in that input)."""
        raw = self.evaluate(expr)
        index = np.full(self.n, -1, np.int64)
        slope = np.full(self.n, np.nan)
        for k, name in enumerate(names):
            open_ = index < 0
            if not open_.any():
                break
            a = self.batch.columns[name].astype(float)
            step = np.maximum(np.abs(np.nan_to_num(a)), 1.0) * 1e-3
            with np.errstate(invalid="ignore", divide="ignore"):
                moved = self.evaluate(expr, {name: a + step})
                s = (moved - raw) / step
            ok = open_ & np.isfinite(s) & (np.abs(s) > 1e-12) & np.isfinite(a)
            index[ok] = k
            slope[ok] = s[ok]
        return raw, index, slope

    def solve(self, expr, shape: Shape, names: tuple[str, ...], raw: np.ndarray, index: np.ndarray,
              slope: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the input's new figure, the criterion's value it gives, rounded as thresholds meet it) per department."""
        after = np.full(self.n, np.nan)
        value = np.full(self.n, np.nan)
        todo = np.isfinite(wanted) & (index >= 0)
        if not todo.any():
            return after, value
        replaced: dict[str, np.ndarray] = {}
        for k, name in enumerate(names):
            rows = todo & (index == k)
            if not rows.any():
                continue
            a = self.batch.columns[name].astype(float)
            with np.errstate(invalid="ignore", divide="ignore"):
                target = a + (wanted - raw) / slope
            up = target > a
            decimals = 0 if self.units.get(name, "") in WHOLE_UNITS else 2
            scale = 10.0 ** decimals
            cleaned = np.round(target * scale, 6)  # float noise off before rounding outward
            rounded = np.where(up, np.ceil(cleaned), np.floor(cleaned)) / scale
            after[rows] = rounded[rows]
            column = a.copy()
            column[rows] = rounded[rows]
            replaced[name] = column
        if not replaced:
            return after, value
        # each input replaced where it is that department's choice: one evaluation per input
        for name, column in replaced.items():
            rows = todo & (index == names.index(name))
            got = self.evaluate(expr, {name: column})
            value[rows] = got[rows]
        return after, self.classify(value, shape)

    def classify(self, raw: np.ndarray, shape: Shape) -> np.ndarray:
        values = round_half_up(raw, self.decimals)
        exact = shape.exact_values if isinstance(shape, Bands) else ()
        if exact:
            values, _ = off_exact_bands(values, raw, exact, self.decimals)
        return values


def analyse(results: Results, target: str | None = None) -> Whatif:
    """The way to the next grade (``target``: a canonical grade 优/良/中 or None for the next better one)."""
    plan = results.plan
    solver = _Solver(plan, results.batch)
    criteria = [_criterion(plan, c, results.criteria[c.index], solver) for c in plan.criteria]
    return _plan_changes(results, criteria, target)


def _criterion(plan: Plan, c: CriterionPlan, result: CriterionResult, solver: _Solver) -> CriterionWhatif:
    n = solver.n
    points = result.points  # as the total counts them: a 择项 criterion's rescaled to the department's weight
    scale = _Scale(plan, c, result)
    own = scale.own  # on the criterion's own points, where its branches are
    open_ = np.where(result.not_applicable | result.excluded & (result.why == 0), 0.0,
                     np.maximum(scale.maximum - np.nan_to_num(points), 0.0))
    open_ = round_half_up(open_, plan.profile.rounding.points)
    kind = np.full(n, FULL, np.int8)
    missing = c.branches.index("missing")
    is_missing = (result.branch == missing) & (result.why != 0)
    labels = [""]
    moves_next, moves_full = _empty_move(n, labels), _empty_move(n, labels)
    input_before = np.full(n, np.nan)
    names: tuple[str, ...] = ()
    items: dict[str, np.ndarray] = {}
    dates: dict[str, DateMove] = {}
    option_of = result.detail.get("option")
    goals = None
    for k, option in enumerate(c.options):
        rows = (open_ > 0) & ~is_missing & ~result.not_applicable
        if option_of is not None:
            rows &= option_of == k
        if not rows.any():
            continue
        shape = option.scoring
        if isinstance(shape, ASSESSOR_SHAPES):
            kind[rows] = ASSESSOR
            continue
        if isinstance(shape, GoalTable):
            kind[rows] = GOALS
            goals = _goal_loss(c, result, plan.profile.rounding.points)
            continue
        if isinstance(shape, Checklist):
            dates.update(_checklist(shape, result, rows, kind, moves_next, moves_full, items, scale))
            continue
        names = solver.candidates(c, option.expr) if option.expr is not None else ()
        at = np.flatnonzero(rows)
        _numeric_moves(c, option.expr, shape, names, solver.part(at, c.inputs), result, own, scale, at, moves_next,
                       moves_full)
        for name_index, name in enumerate(names):
            pick = rows & (moves_full.input_index == name_index)
            input_before[pick] = solver.batch.columns[name].astype(float)[pick]
        kind[rows & ((moves_next.gain > 0) | (moves_full.gain > 0))] = DATA
        kind[rows & (kind == FULL)] = CONDITION  # points open, no numeric way stated: the rubric's condition
    kind[is_missing] = MISSING
    kind[result.not_applicable] = NOT_APPLICABLE
    return CriterionWhatif(c, kind, open_, points, result.value, names, input_before, moves_next, moves_full,
                           items, np.where(is_missing, result.why, 0), dates, scale, goals)


def _numeric_moves(c: CriterionPlan, expr, shape: Shape, names: tuple[str, ...], part: _Solver,
                   result: CriterionResult, own: np.ndarray, scale: "_Scale", at: np.ndarray, moves_next: Move,
                   moves_full: Move) -> None:
    """The next and the best move of a criterion scored from a value, for departments ``at`` (indices, the
    departments of ``part``): the value each must reach, the input solved for it, the criterion scored again."""
    m = part.n
    value_now, own_now = result.value[at], own[at]
    raw, index, slope = part.slopes(expr, names) if names else (
        np.full(m, np.nan), np.full(m, -1, np.int64), np.full(m, np.nan))
    scorer = CriterionEvaluator(part.plan, c, part.base, part.batch)
    everyone = np.ones(m, bool)
    done = None
    for move, which in ((moves_full, "full"), (moves_next, "next")):
        wanted, labels = _wanted(shape, value_now, own_now, c.points, part, which, part.base, move.code)
        if done is not None and np.array_equal(wanted, done[0], equal_nan=True) and (labels == done[1]).all():
            _copy_move(moves_full, move, at)  # the next better branch is the best one (a target, no steps)
            continue
        done = (wanted, labels)
        after, value = part.solve(expr, shape, names, raw, index, slope, wanted)
        solved = np.isfinite(value)
        gain = scale.gain(_score_at(scorer, shape, np.where(solved, value, value_now), everyone), at)
        good = solved & (gain > 0)
        rows = at[good]
        move.gain[rows] = gain[good]
        move.value[rows] = value[good]
        move.input_after[rows] = after[good]
        move.input_index[rows] = index[good]
        move.label[rows] = labels[good]
        # where no input reaches it, the value itself is the change, stated on the criterion's value
        plain = ~good & np.isfinite(wanted)
        if plain.any():
            plain_gain = scale.gain(_score_at(scorer, shape, np.where(plain, wanted, value_now), everyone), at)
            plain &= plain_gain > 0
            rows = at[plain]
            move.gain[rows] = plain_gain[plain]
            move.value[rows] = wanted[plain]
            move.label[rows] = labels[plain]


def _goal_loss(c: CriterionPlan, result: CriterionResult, decimals: int) -> GoalLoss | None:
    """What each goal row loses: its share of the criterion's points (its own points over the department's rows'
    points) less what it scored; None where the rows are not kept as one scorer's column."""
    rows = result.detail.get("rows")
    if not isinstance(rows, GoalRowsColumn):
        return None
    scored = rows.scored
    some = np.flatnonzero(rows.starts >= 0)
    count = np.zeros(len(rows), np.int64)
    count[some] = rows.ends[some] - rows.starts[some]
    lengths = count[some]
    department = np.repeat(some, lengths)  # each department's rows: starts … ends of the scored rows
    at = np.repeat(rows.starts[some], lengths) + np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths,
                                                                                       lengths)
    row_points = np.asarray(scored.rows.points, float) if hasattr(scored.rows, "points") else \
        np.asarray([r["points"] for r in scored.rows], float)
    with np.errstate(invalid="ignore", divide="ignore"):
        full = row_points[scored.order[at]] * (c.points / result.detail["declared_points"][department])
    lost = np.zeros(len(scored.score))
    lost[at] = np.maximum(np.nan_to_num(round_half_up(full - scored.score[at], decimals)), 0.0)
    short = np.bincount(department, weights=lost[at] > 0, minlength=len(rows))
    return GoalLoss(rows, lost, count, short.astype(np.int64))


class _Scale:
    """A criterion's points on its own scale and as the total counts them. Under a 择项 level (``choose:``) a
    chosen criterion counts ``own × weight ÷ points`` (rounded as the scorer rounds it), one not chosen counts
    nothing and has nothing open; elsewhere both are the same."""

    def __init__(self, plan: Plan, c: CriterionPlan, result: CriterionResult):
        self.decimals = plan.profile.rounding.points
        self.points, self.counted = c.points, result.points
        self.weight = result.detail.get("weight") if c.choice else None
        if self.weight is None:
            self.own, self.maximum = result.points, np.full(len(result.points), float(c.points))
        else:
            self.own = result.detail["unweighted"]
            self.maximum = np.nan_to_num(self.weight)

    def counts(self, own: np.ndarray, at: int | slice = slice(None)) -> np.ndarray:
        """Points on the criterion's own scale as the total counts them."""
        if self.weight is None:
            return own
        with np.errstate(invalid="ignore"):
            return round_half_up(own * self.weight[at] / self.points, self.decimals)

    def gain(self, own_after: np.ndarray, at: int | slice = slice(None)) -> np.ndarray:
        """What the total gains when the criterion scores ``own_after`` on its own scale (0 where not chosen);
        ``at``: the departments ``own_after`` is for (default all)."""
        gained = round_half_up(self.counts(own_after, at) - np.nan_to_num(self.counted[at]), self.decimals)
        return np.nan_to_num(gained)

    def item_gain(self, item_points: float, i: int) -> float:
        """What the total gains for department ``i`` meeting one more checklist item worth ``item_points``."""
        if self.weight is None:
            return item_points
        return float(self.gain(np.array([np.nan_to_num(self.own[i]) + item_points]), i)[0])


def _copy_move(source: Move, target: Move, rows: np.ndarray) -> None:
    for name in ("gain", "value", "input_after", "input_index", "label"):
        getattr(target, name)[rows] = getattr(source, name)[rows]


def _score_at(scorer: CriterionEvaluator, shape: Shape, value: np.ndarray, rows: np.ndarray) -> np.ndarray:
    points, _, _ = scorer.score(shape, value.astype(float), rows.copy(), np.zeros(len(value), np.int32))
    return round_half_up(points, scorer.plan.profile.rounding.points)


def _wanted(shape: Shape, value: np.ndarray, points: np.ndarray, maximum: float, solver: _Solver, which: str,
            evaluator: Evaluator, code: Callable[[str], int]) -> tuple[np.ndarray, np.ndarray]:
    """(the value the criterion must reach for its next better branch or its best one, that branch's label as
    ``code`` numbers it)."""
    n = len(value)
    step = 10.0 ** -solver.decimals
    labels = np.zeros(n, np.int16)
    if isinstance(shape, Deduct):
        return _deduct_target(shape, value, points, maximum, step, which), labels
    if isinstance(shape, Proportional):
        t = shape.target
        if shape.cutoff is not None and which == "next":
            cut = value < shape.cutoff if shape.direction == "higher" else value > shape.cutoff
            return np.where(cut, shape.cutoff, t), labels
        return np.full(n, float(t)), labels
    if isinstance(shape, PerOccurrence):
        count = np.maximum(value, 0.0)
        if which == "full":
            return np.zeros(n), labels
        cap = min(maximum, shape.max_deduct) if shape.max_deduct is not None else maximum
        at_cap = count * shape.deduct >= cap
        return np.maximum(np.where(at_cap, np.ceil(cap / shape.deduct - 1e-9) - 1, count - 1), 0.0), labels
    if isinstance(shape, Bands):
        return _band_target(shape, value, points, step, which, labels, code)
    if isinstance(shape, States):
        return _state_target(shape, value, points, step, which, labels, evaluator, code)
    return np.full(n, np.nan), labels


def _deduct_target(shape: Deduct, value, points, maximum, step, which) -> np.ndarray:
    excess = value - shape.threshold if shape.direction == "above" else shape.threshold - value
    excess = np.maximum(excess, 0.0)
    if which == "full" or shape.partial == "prorata":
        steps_to = np.zeros(len(value))
    else:
        steps = np.round(excess / shape.per, 9)
        steps = np.ceil(steps) if shape.partial == "ceil" else np.floor(steps)
        leave_floor = math.ceil((maximum - shape.floor) / shape.deduct - 1e-9) - 1  # steps just above the floor
        steps_to = np.maximum(np.where(points <= shape.floor, np.minimum(steps - 1, leave_floor), steps - 1), 0)
    if shape.partial == "floor":
        allowed = (steps_to + 1) * shape.per - step  # fewer than steps_to + 1 whole steps
    else:
        allowed = steps_to * shape.per
    allowed = np.round(allowed, 9)
    return shape.threshold + allowed if shape.direction == "above" else shape.threshold - allowed


def _nearest(value, low, high, low_inclusive, high_inclusive, step) -> np.ndarray:
    """The point of an interval nearest to ``value`` (one step of the profile's precision inside an open end)."""
    lo = low if low_inclusive else low + step
    hi = high if high_inclusive else high - step
    return np.clip(value, lo, hi)


def _band_target(shape: Bands, value, points, step, which, labels, code) -> tuple[np.ndarray, np.ndarray]:
    n = len(value)
    best = np.full(n, np.nan)
    best_distance = np.full(n, np.inf)
    best_points = np.full(n, -np.inf)
    for band in shape.bands:
        iv = band.interval
        if iv.low == iv.high:
            at = np.full(n, iv.low)
        else:
            at = _nearest(value, iv.low, iv.high, iv.low_inclusive, iv.high_inclusive, step)
        if not (math.isfinite(iv.low) or math.isfinite(iv.high)):
            continue
        d = shape.domain
        with np.errstate(invalid="ignore"):
            inside = (at >= d.low if d.low_inclusive else at > d.low) & (at <= d.high if d.high_inclusive else at < d.high)
        at = np.where(np.isfinite(at) & inside, at, np.nan)
        distance = np.abs(at - value)
        take = _preferred(which, (band.points > points) & np.isfinite(at), distance, band.points, best_distance,
                          best_points)
        best[take] = at[take]
        best_distance[take] = distance[take]
        best_points[take] = band.points
        labels[take] = code(band.label)
    return best, labels


def _preferred(which: str, better: np.ndarray, distance: np.ndarray, points: float, best_distance: np.ndarray,
               best_points: np.ndarray) -> np.ndarray:
    """Where a candidate branch (``points``, reached at ``distance``) beats the best so far: ``next`` prefers the
    nearest better branch (ties: more points), ``best`` the most points (ties: nearer)."""
    if which == "next":
        return better & ((distance < best_distance) | (distance == best_distance) & (points > best_points))
    return better & ((points > best_points) | (points == best_points) & (distance < best_distance))


def _state_target(shape: States, value, points, step, which, labels, evaluator, code) -> tuple[np.ndarray, np.ndarray]:
    """States whose condition is ``value OP number`` or ``value OP metric``: the nearest value meeting it."""
    n = len(value)
    best = np.full(n, np.nan)
    best_points = np.full(n, -np.inf)
    best_distance = np.full(n, np.inf)
    for state in shape.states:
        bound = _value_bound(state.when, evaluator)
        if bound is None:
            continue
        op, limit = bound
        at = {"<=": np.minimum(value, limit), "<": np.minimum(value, limit - step), "==": limit,
              ">=": np.maximum(value, limit), ">": np.maximum(value, limit + step)}[op]
        at = np.broadcast_to(at, (n,)).astype(float)
        distance = np.abs(at - value)
        take = _preferred(which, (state.points > points) & np.isfinite(at), distance, state.points, best_distance,
                          best_points)
        best[take] = at[take]
        best_points[take] = state.points
        best_distance[take] = distance[take]
        labels[take] = code(state.label)
    return best, labels


def _value_bound(when, evaluator: Evaluator):
    if not isinstance(when, Compare) or len(when.ops) != 1:
        return None
    left, right = when.operands
    if not (isinstance(left, Name) and left.name == "value"):
        return None
    if isinstance(right, Num):
        return when.ops[0], float(right.value)
    if isinstance(right, Name) and right.name != "value":
        return when.ops[0], _numeric(evaluator.evaluate(right))
    return None


def _checklist(shape: Checklist, result: CriterionResult, rows, kind, moves_next: Move, moves_full: Move,
               items: dict[str, np.ndarray], scale: _Scale) -> dict[str, DateMove]:
    """Each unmet item gains its points; a deadline item also says the latest date that meets it."""
    best_gain = np.zeros(len(rows))
    total_gain = np.zeros(len(rows))
    dates = {}
    for item in shape.items:
        flag = result.detail.get(f"item:{item.id}")
        unmet = rows & (np.nan_to_num(flag, nan=0.0) != 1) if flag is not None else rows.copy()
        total_gain += np.where(unmet, item.points, 0.0)
        first = unmet & (item.points > best_gain)
        best_gain[first] = item.points
        moves_next.label[first] = moves_next.code(item.name)
        items[item.id] = unmet if item.id not in items else items[item.id] | unmet
        if item.deadline is not None and f"item:{item.id}:late" in result.detail:
            dates[item.id] = _date_move(item.deadline, result.detail, f"item:{item.id}:")
    own = np.nan_to_num(scale.own)
    moves_next.gain[rows] = scale.gain(own + best_gain)[rows]
    moves_full.gain[rows] = scale.gain(own + total_gain)[rows]
    moves_full.label[rows] = moves_full.code("全部")
    kind[rows & (total_gain > 0)] = DATA
    return dates


def _date_move(deadline: Deadline, detail: dict[str, np.ndarray], key: str) -> DateMove:
    """The latest end date meeting a deadline: the limit date itself (a day before it when ``<``), or the start
    plus the days allowed (calendar days: the end moved back by the days late; working days: the calendar's)."""
    end, late, limit = detail[key + "end"], detail[key + "late"], detail[key + "limit"]
    allowed = limit - (1 if deadline.strict else 0)
    if deadline.kind == "date":
        after = allowed
    elif deadline.working:
        after = latest_within(detail[key + "start"], allowed)
    else:
        after = end - late
    after = np.where(np.isfinite(late) & (late > 0), after, np.nan)
    metric = deadline.end.name if isinstance(deadline.end, Name) else None
    return DateMove(metric, end, after, late, deadline.working)


def _plan_changes(results: Results, criteria: list[CriterionWhatif], target: str | None) -> Whatif:
    plan = results.plan
    n, m = results.n, len(criteria)
    current = results.grade.astype(np.int64)
    if target is None:
        goal = np.maximum(current - 1, 0)
        goal = np.where(current == 0, -1, goal)
    else:
        goal = np.where(current <= GRADE_ORDER.index(target), -1, GRADE_ORDER.index(target))
    cap = np.zeros(n, np.int64)
    cap_reasons: dict[int, list[str]] = {}
    for adjustment in plan.profile.adjustments:
        if adjustment.kind != "grade_cap":
            continue
        hit = results.adjustments.get(adjustment.id, np.zeros(n, bool))
        cap = np.where(hit, np.maximum(cap, GRADE_ORDER.index(adjustment.cap)), cap)
        for i in np.flatnonzero(hit).tolist():
            cap_reasons.setdefault(i, []).append(adjustment.reason)
    if results.audit is not None:
        audit_cap = np.asarray(results.audit.cap, np.int64)
        for i in np.flatnonzero(audit_cap > cap).tolist():
            cap_reasons.setdefault(i, []).append("审计发现的问题")
        cap = np.maximum(cap, audit_cap)
    wanted = goal >= 0
    gains = []
    for cw in criteria:  # only the criteria some department can gain on are ranked
        usable = cw.kind == DATA
        if not isinstance(cw.plan.options[0].scoring, Checklist):
            usable &= np.isfinite(cw.full.value)
        gains.append(np.where(usable & wanted, cw.full.gain, 0.0) if usable.any() else None)
    columns = [j for j, g in enumerate(gains) if g is not None and (g > 0).any()]
    k = len(columns)
    order = np.zeros((n, k), np.int16)
    count, positive = np.zeros(n, np.int64), np.zeros(n, np.int64)
    for start in range(0, n, RANK_BLOCK):
        rows = slice(start, start + RANK_BLOCK)
        order[rows], count[rows], positive[rows] = _rank(plan, [gains[j][rows] for j in columns],
                                                         results.total[rows], goal[rows])
    count = np.where(wanted & (cap <= np.maximum(goal, 0)), count, 0)
    chosen = np.zeros((n, m), bool)
    picked = np.zeros((n, k), bool)
    for _ in range(k + 1):  # grow the set where the changes made together fall short of the estimate
        np.put_along_axis(picked, order, np.arange(k)[None, :] < count[:, None], axis=1)
        chosen[:, columns] = picked
        made = _combine(results, criteria, chosen)
        short = wanted & (count > 0) & (made.grade > goal) & (count < positive)
        if not short.any():
            break
        count = np.where(short, count + 1, count)
    reached = wanted & (made.grade <= goal)
    return Whatif(results, criteria, goal, made.kept, made.total, made.grade, reached, cap, cap_reasons,
                  made.points, made.inputs)


def _rank(plan: Plan, gains: list[np.ndarray], total: np.ndarray, goal: np.ndarray) -> tuple[np.ndarray, ...]:
    """For a block of departments, the ranked columns (``gains``, one array each): their order by gain, largest
    first; how many of the first reach the ``goal`` grade from ``total`` (all that gain where none does); how
    many gain at all."""
    n = len(total)
    if not gains:
        return np.zeros((n, 0), np.int16), np.zeros(n, np.int64), np.zeros(n, np.int64)
    ranked = np.stack(gains, axis=1)
    order = _largest_first(ranked, plan.profile.rounding.points)
    sorted_gains = np.take_along_axis(ranked, order, axis=1)
    gaining = sorted_gains > 0
    positive = gaining.sum(axis=1)
    estimate = np.cumsum(sorted_gains, axis=1)
    estimate += total[:, None]
    meets = _reaches(plan, estimate, goal) & gaining
    return order, np.where(meets.any(axis=1), meets.argmax(axis=1) + 1, positive), positive


def _reaches(plan: Plan, totals: np.ndarray, goal: np.ndarray) -> np.ndarray:
    """Department × step: whether the total reaches the department's ``goal`` grade (-1: none), as
    :func:`grade_index` grades it (a closed-range profile's total rounded to whole points first). The bands'
    minima fall strictly from 优 (checked when the profile loads), so a goal is one floor: one comparison
    instead of one per band."""
    floors = np.full(len(GRADE_ORDER) + 1, np.inf)  # the last: no goal, never reached
    bands = sorted(plan.profile.grades, key=lambda b: GRADE_ORDER.index(b.grade))
    for band in bands:
        floors[GRADE_ORDER.index(band.grade):len(GRADE_ORDER)] = band.minimum  # a missing grade takes the better one's
    floors[GRADE_ORDER.index(bands[-1].grade):len(GRADE_ORDER)] = -np.inf  # the lowest grade holds every total
    if plan.profile.grade_gap == "round":
        totals = round_half_up(totals, 0)
    return totals >= floors[goal][:, None]


def _side_by_side(columns: list[np.ndarray], n: int) -> np.ndarray:
    """Department × column: the columns stacked as rows and seen transposed (writing them whole is several times
    faster than interleaving them into a row-major matrix)."""
    return np.stack(columns).T if columns else np.zeros((n, 0))


def _largest_first(gains: np.ndarray, decimals: int) -> np.ndarray:
    """Per department the column order by gain, largest first, the rubric's order on a tie: one sort of keys
    that cannot tie (the gain in its precision's units, then the column), several times faster than a stable sort."""
    k = gains.shape[1]
    keys = np.multiply(gains, 10.0 ** decimals, order="C")
    np.rint(keys, out=keys)  # gains are rounded to the points' precision: whole units, float noise off
    keys *= -k
    keys += np.arange(k)  # whole numbers far below 2**53: exact in floating point
    return np.argsort(keys, axis=1)


@dataclass
class _Combination:
    """Chosen moves made together: the moves kept (one opposing a larger move of its input dropped), each changed
    input's figure (NaN where unchanged), every criterion's points as the total counts them, the total and grade."""

    kept: np.ndarray
    inputs: dict[str, np.ndarray]
    points: np.ndarray
    total: np.ndarray
    grade: np.ndarray


def _combine(results: Results, criteria: list[CriterionWhatif], chosen: np.ndarray) -> _Combination:
    """The chosen best moves made together: one figure per input, the criteria reading a changed input scored
    again from the changed inputs (audit deductions taken again), a move stated on the value itself adding its
    gain, and the whole aggregated again (renormalisation, adjustments, caps)."""
    plan, batch = results.plan, results.batch
    kept = chosen.copy()
    moved: dict[str, list[int]] = {}
    for j, cw in enumerate(criteria):
        solved = chosen[:, j] & (cw.full.input_index >= 0)
        for k in np.unique(cw.full.input_index[solved]).tolist():
            moved.setdefault(cw.inputs[k], []).append(j)
    inputs = {name: _one_figure(name, js, criteria, chosen, kept, batch.columns[name].astype(float))
              for name, js in moved.items()}
    columns = dict(batch.columns)
    for name, after in inputs.items():
        columns[name] = np.where(np.isnan(after), batch.columns[name].astype(float), after)
    changed = replace(batch, columns=columns) if inputs else batch
    evaluator = batch_evaluator(plan, changed, results.reasons)
    scored = list(results.criteria)
    again = {c.index for c in plan.criteria if not inputs.keys().isdisjoint(c.inputs)}
    for j in sorted(again):
        scored[j] = CriterionEvaluator(plan, plan.criteria[j], evaluator, changed).run()
    findings.apply(plan, scored, results.audit, again)
    for j, cw in enumerate(criteria):
        stated = kept[:, j] & (cw.full.input_index < 0)
        if stated.any():
            scored[j] = replace(scored[j], points=np.where(stated, np.nan_to_num(scored[j].points) + cw.full.gain,
                                                           scored[j].points))
    total = aggregate(plan, scored, evaluator, results.reasons, changed, audit=results.audit)
    points = _side_by_side([r.points for r in scored], batch.n)
    return _Combination(kept, inputs, points, total.total, total.grade.astype(np.int64))


def _one_figure(name: str, moves: list[int], criteria: list[CriterionWhatif], chosen: np.ndarray,
                kept: np.ndarray, before: np.ndarray) -> np.ndarray:
    """The figure input ``name`` takes under the chosen moves ``moves`` (criterion indices) that set it: the move
    gaining most leads (the rubric's order on a tie), moves the same way take the farthest figure, moves the other
    way are dropped from ``kept``; NaN where no chosen move sets it."""
    afters = np.stack([np.where(chosen[:, j] & (criteria[j].full.input_index == criteria[j].inputs.index(name)),
                                criteria[j].full.input_after, np.nan) for j in moves])
    set_ = np.isfinite(afters)
    gains = np.where(set_, np.stack([criteria[j].full.gain for j in moves]), -np.inf)
    lead = np.argmax(gains, axis=0)
    up = afters[lead, np.arange(len(before))] > before
    with np.errstate(invalid="ignore"):
        agree = set_ & np.where(up, afters >= before, afters <= before)
    for r, j in enumerate(moves):
        kept[set_[r] & ~agree[r], j] = False
    agreed = np.where(agree, afters, np.nan)
    return np.where(up, np.fmax.reduce(agreed, axis=0), np.fmin.reduce(agreed, axis=0))
