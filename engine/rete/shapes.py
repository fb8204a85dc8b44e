"""Scoring shapes for the rete backend: the rules that pick a branch, and the actions' point arithmetic.

Each shape compiles to *pieces*: (label, durable_rules tests) that partition
every possible fact of one (department, criterion option), so exactly one rule
fires per fact. Value shapes (deduct, bands, proportional, per occurrence)
partition the integer line of the value scaled by ``10^ratio`` (see
:mod:`.num`); the labels of NaN and ±inf are decided at compile time by the
same float classifier. Discrete shapes (states, checklist, tiers, manual,
goal table) send small integers computed with the scalar interpreter.
Scores mirror :mod:`engine.evaluate.vector` operation by operation on plain floats.

Rete layer: imports the shared leaves, rubric and evaluate modules, and rete siblings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import Position
from ..evaluate.goals import score_row
from ..rubric.deadline import days_late
from ..rubric.model import (
    Bands, Checklist, ChecklistItem, Deduct, GoalTable, Manual, PerOccurrence, Proportional, Shape, States, Tiered, tier_index,
)
from .num import edge, fceil, fclip, ffloor, fmax, fmin, to_rule_int
from ..rounding import np_round_scalar
from .sexpr import Interpreter, Row, SVal, number, truthy

MISSING = "missing"
UNDECIDED = "undecided"
SPECIALS = {"nan": math.nan, "pinf": math.inf, "ninf": -math.inf}
Test = dict[str, Any]


@dataclass
class Scored:
    points: float
    branch: int  # index into the option's branch names; -1 = undecided (an input of the shape is missing)
    detail: dict[str, Any] = field(default_factory=dict)
    why: str = ""


@dataclass
class Observed:
    """What one department sends for one option (``props``) and what its action reads (``value``, ``state``)."""

    props: dict[str, Any]
    value: float
    why: str
    state: Any = None


def _ge(k: int) -> Test:
    return {"$gte": {"v": k}}


def _lt(k: int) -> Test:
    return {"$lt": {"v": k}}


class ShapeRules:
    """Base: a shape's pieces, its observation of one department, and its scoring of a fired label."""

    branches: tuple[str, ...]

    def __init__(self, shape: Shape, points: float, branches: tuple[str, ...]):
        self.shape = shape
        self.points = points
        self.branches = branches

    def code(self, name: str) -> int:
        return self.branches.index(name)

    def pieces(self) -> list[tuple[str, list[Test]]]:
        raise NotImplementedError

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        raise NotImplementedError

    def score(self, label: str, seen: Observed) -> Scored:
        raise NotImplementedError


# -- value shapes ---------------------------------------------------------------------------------


class ValueRules(ShapeRules):
    """A shape decided by the value alone: integer pieces plus the NaN/±inf categories."""

    def __init__(self, shape: Shape, points: float, branches: tuple[str, ...], decimals: int, where: Position):
        super().__init__(shape, points, branches)
        self.decimals = decimals
        self.where = where

    def bounds(self) -> list[float]:
        raise NotImplementedError

    def classify(self, v: float) -> str:
        raise NotImplementedError

    def pieces(self) -> list[tuple[str, list[Test]]]:
        scale = 10.0 ** self.decimals
        cuts = sorted({edge(b, self.decimals, strict, self.where) for b in self.bounds() for strict in (True, False)})
        segments: list[tuple[int | None, int | None]] = []
        low: int | None = None
        for cut in cuts:
            segments.append((low, cut))
            low = cut
        segments.append((low, None))
        merged: list[tuple[str, int | None, int | None]] = []
        for lo, hi in segments:
            probe = lo if lo is not None else (hi - 1 if hi is not None else 0)
            label = self.classify(probe / scale)
            if merged and merged[-1][0] == label:
                merged[-1] = (label, merged[-1][1], hi)
            else:
                merged.append((label, lo, hi))
        found = [(label, [{"x": "num"}] + ([_ge(lo)] if lo is not None else []) + ([_lt(hi)] if hi is not None else []))
                 for label, lo, hi in merged]
        found += [(self.classify(v), [{"x": name}]) for name, v in SPECIALS.items()]
        return found

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        v = number(value.value)
        if value.why:
            return Observed({"x": MISSING}, v, value.why)
        if math.isfinite(v):
            return Observed({"x": "num", "v": to_rule_int(v, self.decimals)}, v, "")
        return Observed({"x": "nan" if math.isnan(v) else "pinf" if v > 0 else "ninf"}, v, "")


class DeductRules(ValueRules):
    shape: Deduct

    def bounds(self) -> list[float]:
        return [self.shape.threshold]

    def excess(self, v: float) -> float:
        s = self.shape
        return v - s.threshold if s.direction == "above" else s.threshold - v

    def classify(self, v: float) -> str:
        return "beyond" if self.excess(v) > 0 else "full"

    def score(self, label: str, seen: Observed) -> Scored:
        s, full = self.shape, self.points
        if label == "full":
            return Scored(full, 0, {"excess": 0.0, "steps": np_round_scalar(0.0, 9), "deduction": full - full})
        excess = self.excess(seen.value)
        steps = np_round_scalar(excess / s.per, 9)
        if s.partial == "ceil":
            steps = fceil(steps)
        elif s.partial == "floor":
            steps = ffloor(steps)
        deduction = steps * s.deduct
        points = fmax(full - deduction, s.floor)
        # beyond the threshold by less than one counted step deducts nothing: still "full"
        branch = 0 if deduction <= 0 else 2 if points <= s.floor else 1
        return Scored(points, branch, {"excess": excess, "steps": steps, "deduction": full - points})


class BandsRules(ValueRules):
    shape: Bands

    def bounds(self) -> list[float]:
        return [b for band in self.shape.bands for b in (band.interval.low, band.interval.high) if math.isfinite(b)]

    def classify(self, v: float) -> str:
        for index, band in enumerate(self.shape.bands):
            iv = band.interval
            low = v >= iv.low if iv.low_inclusive else v > iv.low
            high = v <= iv.high if iv.high_inclusive else v < iv.high
            if low and high:
                return f"band{index + 1}"
        return "out_of_domain"

    def score(self, label: str, seen: Observed) -> Scored:
        if label == "out_of_domain":
            return Scored(0.0, self.code(label))
        index = int(label[4:]) - 1
        return Scored(self.shape.bands[index].points, index)


class ProportionalRules(ValueRules):
    shape: Proportional

    def bounds(self) -> list[float]:
        return [self.shape.target] + ([self.shape.cutoff] if self.shape.cutoff is not None else [])

    def share(self, v: float) -> tuple[float, bool]:
        s = self.shape
        t = s.target
        if s.direction == "higher":
            if t > 0:
                share = v / t
            elif v >= t:
                share = 1.0
            else:
                share = t / v if t < 0 else 0.0
            cut = s.cutoff is not None and v < s.cutoff
        else:
            if t > 0:
                share = t / v if v > 0 else 1.0
            elif v <= t:
                share = 1.0
            else:
                share = v / t if t < 0 else 0.0
            cut = s.cutoff is not None and v > s.cutoff
        if math.isnan(share):
            share = 0.0
        elif math.isinf(share):
            share = 1.0 if share > 0 else 0.0
        return fclip(share, 0.0, 1.0), cut

    def classify(self, v: float) -> str:
        share, cut = self.share(v)
        return "cutoff" if cut else "full" if share >= 1.0 else "proportional"

    def score(self, label: str, seen: Observed) -> Scored:
        share, _ = self.share(seen.value)
        points = 0.0 if label == "cutoff" else self.points * share
        return Scored(points, self.code(label), {"share": share})


class PerOccurrenceRules(ValueRules):
    shape: PerOccurrence

    def bounds(self) -> list[float]:
        return [0.0]

    def classify(self, v: float) -> str:
        return "none" if fmax(v, 0.0) == 0 else "beyond"

    def score(self, label: str, seen: Observed) -> Scored:
        count = fmax(seen.value, 0.0)
        deduction = count * self.shape.deduct
        if self.shape.max_deduct is not None:
            deduction = fmin(deduction, self.shape.max_deduct)
        points = fmax(self.points - deduction, 0.0)
        branch = 0 if count == 0 else 2 if points <= 0 else 1
        return Scored(points, branch, {"deduction": self.points - points})


# -- discrete shapes ------------------------------------------------------------------------------


class StatesRules(ShapeRules):
    """First matching state: fact props ``w1…wn`` are 1/0, absent when a condition is unknown."""

    shape: States

    def pieces(self) -> list[tuple[str, list[Test]]]:
        found: list[tuple[str, list[Test]]] = []
        prefix: list[Test] = [{"x": "ok"}]
        for index in range(len(self.shape.states)):
            key = f"w{index + 1}"
            found.append((f"state{index + 1}", prefix + [{key: 1}]))
            found.append((UNDECIDED, prefix + [{"$nex": {key: 1}}]))
            prefix = prefix + [{key: 0}]
        found.append(("no_state", prefix))
        return found

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        v = number(value.value)
        if value.why:
            return Observed({"x": MISSING}, v, value.why)
        props: dict[str, Any] = {"x": "ok"}
        whys: list[str] = []
        row.extra["value"] = v
        try:
            for index, state in enumerate(self.shape.states):
                if state.when is None:
                    props[f"w{index + 1}"] = 1
                    whys.append("")
                    continue
                cond = ev.evaluate(state.when, row)
                whys.append(cond.why)
                if cond.present:
                    props[f"w{index + 1}"] = int(truthy(cond))
        finally:
            del row.extra["value"]
        return Observed(props, v, "", whys)

    def score(self, label: str, seen: Observed) -> Scored:
        if label == UNDECIDED:
            unknown = next(i for i in range(len(self.shape.states)) if f"w{i + 1}" not in seen.props)
            return Scored(0.0, -1, why=seen.state[unknown])
        if label == "no_state":
            return Scored(0.0, self.code(label))
        index = int(label[5:]) - 1
        return Scored(self.shape.states[index].points, index)


class ChecklistRules(ShapeRules):
    shape: Checklist

    def __init__(self, shape: Shape, points: float, branches: tuple[str, ...]):
        super().__init__(shape, points, branches)
        self.items = [(f"item:{item.id}", item.points) for item in self.shape.items]

    def pieces(self) -> list[tuple[str, list[Test]]]:
        total = len(self.shape.items)
        ok = [{"x": "ok"}]
        return [(UNDECIDED, ok + [{"known": 0}]),
                ("all", ok + [{"$gte": {"known": 1}}, {"ok": total}]),
                ("none", ok + [{"$gte": {"known": 1}}, {"ok": 0}]),
                ("partial", ok + [{"$gte": {"known": 1}}, {"$gte": {"ok": 1}}, {"$lt": {"ok": total}}])]

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        if value.why:
            return Observed({"x": MISSING}, number(value.value), value.why)
        items: list[SVal] = [ev.evaluate(item.when, row) for item in self.shape.items]
        ok = sum(1 for c in items if c.present and truthy(c))
        known = sum(1 for c in items if c.present)
        evidence = {key: value for item in self.shape.items if item.deadline is not None
                    for key, value in deadline_evidence(item, ev, row).items()}
        return Observed({"x": "ok", "ok": ok, "known": known}, number(value.value), "", (items, evidence))

    def score(self, label: str, seen: Observed) -> Scored:
        items, evidence = seen.state
        if label == UNDECIDED:
            return Scored(0.0, -1, why=next(c.why for c in items if c.why))
        points = 0.0
        detail: dict[str, Any] = dict(evidence)
        for (key, worth), cond in zip(self.items, items):
            ok = not cond.why and truthy(cond)
            detail[key] = float(ok) if not cond.why else math.nan
            points += worth if ok else 0.0
        return Scored(points, self.code(label), detail)


def deadline_evidence(item: ChecklistItem, ev: Interpreter, row: Row) -> dict[str, float]:
    """A deadline item's dates, days counted, limit and days late (NaN where unknown), as detail values."""
    values: dict[str, float] = {}
    for part, expr in item.deadline.parts().items():
        found = ev.evaluate(expr, row)
        values[part] = number(found.value) if found.present else math.nan
    values["late"] = float(days_late(item.deadline, values))
    return {f"item:{item.id}:{part}": value for part, value in values.items()}


def tier_of_share(tiers, share: float) -> int:
    for index, tier in enumerate(tiers):
        if tier.share.contains(share):
            return index
    return -1 if math.isnan(share) else len(tiers) - 1


class TieredRules(ShapeRules):
    """The assessor's tier (by name, alias, number or the share of a given score)."""

    shape: Tiered

    def __init__(self, shape: Shape, points: float, branches: tuple[str, ...], criterion_id: str):
        super().__init__(shape, points, branches)
        self.tier_name = f"assessments.{criterion_id}.tier"
        self.score_name = f"assessments.{criterion_id}.score"

    def pieces(self) -> list[tuple[str, list[Test]]]:
        ok: list[Test] = [{"x": "ok"}]
        return [(f"tier{i + 1}", ok + [{"tier": i}]) for i in range(len(self.shape.tiers))] + \
            [(UNDECIDED, ok + [{"$nex": {"tier": 1}}])]

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        if value.why:
            return Observed({"x": MISSING}, number(value.value), value.why)
        tiers = self.shape.tiers
        given = row.get(self.tier_name)
        tier = tier_index(tiers, given.value) if given.present else -1
        given_score = row.get(self.score_name)  # row by row: a score that is not a number is no score
        score = number(given_score.value)
        not_number = given_score.present and score != score and not isinstance(given_score.value, float)
        if tier < 0 and not math.isnan(score):
            tier = tier_of_share(tiers, score / self.points if self.points else 0.0)
        props: dict[str, Any] = {"x": "ok"}
        if tier >= 0:
            props["tier"] = tier
        return Observed(props, number(value.value), "", (score, given.why, float(not_number)))

    def score(self, label: str, seen: Observed) -> Scored:
        score, tier_why, not_number = seen.state
        if label == UNDECIDED:
            return Scored(0.0, -1, why=tier_why)
        index = int(label[4:]) - 1
        tier = self.shape.tiers[index]
        if math.isnan(score):
            share = {"max": tier.share.high, "mid": (tier.share.low + tier.share.high) / 2,
                     "min": tier.share.low}[self.shape.default_in_tier]
            return Scored(share * self.points, index, {"clamped": 0.0, "score_not_number": not_number})
        inside = fclip(score, tier.share.low * self.points, tier.share.high * self.points)
        return Scored(inside, index, {"clamped": float(inside != score), "score_not_number": not_number})


class ManualRules(ShapeRules):
    shape: Manual

    def __init__(self, shape: Shape, points: float, branches: tuple[str, ...], criterion_id: str):
        super().__init__(shape, points, branches)
        self.score_name = f"assessments.{criterion_id}.score"

    def pieces(self) -> list[tuple[str, list[Test]]]:
        return [("manual", [{"x": "ok"}, {"given": 1}]), (UNDECIDED, [{"x": "ok"}, {"given": 0}])]

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        if value.why:
            return Observed({"x": MISSING}, number(value.value), value.why)
        given = row.get(self.score_name)
        return Observed({"x": "ok", "given": int(given.present)}, number(value.value), "", given)

    def score(self, label: str, seen: Observed) -> Scored:
        given: SVal = seen.state
        if label == UNDECIDED:
            return Scored(0.0, -1, {"out_of_range": 0.0}, why=given.why)
        score = number(given.value)
        out = score < 0 or score > self.points
        return Scored(fclip(0.0 if math.isnan(score) else score, 0.0, self.points), 0, {"out_of_range": float(out)})


class GoalRules(ShapeRules):
    """The department's own goal rows: counts of rows and rows met decide the branch."""

    shape: GoalTable
    NO_ROWS = "缺少数据：未提供部门绩效目标表（个性指标）"

    def pieces(self) -> list[tuple[str, list[Test]]]:
        return [(UNDECIDED, [{"rows": 0}]), ("all_met", [{"$gte": {"rows": 1}}, {"unmet": 0}]),
                ("none_met", [{"$gte": {"rows": 1}}, {"met": 0}]),
                ("partial", [{"$gte": {"met": 1}}, {"$gte": {"unmet": 1}}])]

    def observe(self, value: SVal, ev: Interpreter, row: Row) -> Observed:
        rows = row.goal_rows
        scored = [score_row(self.shape, row) for row in rows]
        met = sum(1 for _, ok, _ in scored if ok)
        return Observed({"rows": len(rows), "met": met, "unmet": len(rows) - met}, math.nan, "", (rows, scored))

    def score(self, label: str, seen: Observed) -> Scored:
        rows, scored = seen.state
        if label == UNDECIDED:
            return Scored(0.0, -1, why=self.NO_ROWS)
        declared = 0.0
        for row in rows:
            declared += row["points"]
        scale = self.points / declared if declared > 0 else 0.0
        total = 0.0
        entries = []
        for row, (share, met, how) in zip(rows, scored):
            row_score = share * row["points"] * scale
            total += row_score
            entries.append({**row, "share": float(share), "met": bool(met), "score": float(row_score), "how": how})
        return Scored(total, self.code(label), {"rows": entries, "declared_points": declared})


def shape_rules(shape: Shape, points: float, branches: tuple[str, ...], decimals: int, criterion_id: str,
                where: Position) -> ShapeRules:
    if isinstance(shape, Deduct):
        return DeductRules(shape, points, branches, decimals, where)
    if isinstance(shape, Bands):
        return BandsRules(shape, points, branches, decimals, where)
    if isinstance(shape, Proportional):
        return ProportionalRules(shape, points, branches, decimals, where)
    if isinstance(shape, PerOccurrence):
        return PerOccurrenceRules(shape, points, branches, decimals, where)
    if isinstance(shape, States):
        return StatesRules(shape, points, branches)
    if isinstance(shape, Checklist):
        return ChecklistRules(shape, points, branches)
    if isinstance(shape, Tiered):
        return TieredRules(shape, points, branches, criterion_id)
    if isinstance(shape, Manual):
        return ManualRules(shape, points, branches, criterion_id)
    if isinstance(shape, GoalTable):
        return GoalRules(shape, points, branches)
    raise TypeError(f"no rete rules for {type(shape).__name__}")
