"""Semantic checks on a parsed rubric: points that add up, bands without gaps, known names, sane grades."""

from __future__ import annotations

import math

from ..errors import Position
from .expr import Expr, names
from .intervals import gaps, overlaps
from .model import (
    Bands, Criterion, Deduct, EitherOr, Formula, GradeBand, Indicator, Interval, Node, PerOccurrence, Profile,
    Proportional, States, Tier,
)
from .reader import Reader, suggest
from .vocabulary import Vocabulary

# Assessor inputs live under these prefixes and are not vocabulary metrics.
INPUT_PREFIXES = ("assessments.", "findings.")


def check_names(reader: Reader, expr: Expr | None, where: Position, known: set[str], extra: tuple[str, ...] = ()) -> None:
    if expr is None:
        return
    for name in names(expr):
        if name in known or name in extra or name.startswith(INPUT_PREFIXES):
            continue
        hint = suggest(name, known)
        reader.problem(where, f"unknown metric id {name!r}", hint or "a metric id from rules/metrics.yaml or a parameter")


def check_formula(reader: Reader, formula: Formula, known: set[str], parameters: dict[str, float | str] | None) -> None:
    if formula.by is not None:
        if parameters is not None:
            if formula.by not in parameters:
                reader.problem(formula.position, f"formula varies by {formula.by!r}, which is not a profile parameter",
                               f"one of {', '.join(parameters) or '(none declared)'}")
            elif str(parameters[formula.by]) not in formula.cases:
                reader.problem(formula.position,
                               f"parameter {formula.by}={parameters[formula.by]!r} has no formula case",
                               f"one of {', '.join(formula.cases)}")
        for case in formula.cases.values():
            check_formula(reader, case, known, parameters)
        return
    check_names(reader, formula.expr, formula.position, known)


def check_indicator(reader: Reader, indicator: Indicator, vocabulary: Vocabulary,
                    parameters: dict[str, float | str] | None = None) -> None:
    """Library-level check: the formula may read metrics and the parameters it declares."""
    known = set(vocabulary.metrics) | set(indicator.parameters) | set(parameters or {})
    check_formula(reader, indicator.formula, known, parameters)


def check_bands(reader: Reader, bands: Bands, where: Position, what: str) -> None:
    intervals = [b.interval for b in bands.bands]
    lows = [i.low for i in intervals]
    if lows != sorted(lows) and lows != sorted(lows, reverse=True):
        reader.problem(where, f"{what}: bands are out of order", "bands listed from high to low or low to high")
    for i, a in enumerate(intervals):
        for b in intervals[i + 1:]:
            if overlaps(a, b):
                reader.problem(where, f"{what}: bands {a.text} and {b.text} overlap", "disjoint ranges")
    for hole in gaps(intervals, bands.domain):
        reader.problem(where, f"{what}: no band covers {hole}", f"bands covering the domain {bands.domain.text}")


def check_tiers(reader: Reader, tiers: tuple[Tier, ...], where: Position, what: str) -> None:
    intervals = [t.share for t in tiers]
    for i, a in enumerate(intervals):
        for b in intervals[i + 1:]:
            if overlaps(a, b):
                reader.problem(where, f"{what}: tiers {a.text} and {b.text} overlap", "disjoint shares")
    for hole in gaps(intervals, Interval(0.0, 1.0, True, True, "[0%, 100%]")):
        reader.problem(where, f"{what}: no tier covers the share {hole}", "tiers covering [0%, 100%]")


def check_criterion(reader: Reader, criterion: Criterion, known: set[str], parameters: dict[str, float | str]) -> None:
    shape = criterion.scoring
    where = criterion.position
    if criterion.indicator is not None:
        check_formula(reader, criterion.indicator.formula, known, parameters)
        for name in criterion.indicator.parameters:
            if name not in parameters:
                reader.problem(where, f"indicator {criterion.indicator.id!r} reads parameter {name!r}, "
                               "which the profile does not set", f"parameters: {{{name}: …}}")
    elif isinstance(shape, (Deduct, Bands, Proportional, PerOccurrence)):
        reader.problem(where, f"criterion {criterion.id!r} scores a value but has no indicator or formula",
                       "indicator: <id> or formula: <expression>")
    if isinstance(shape, Bands):
        check_bands(reader, shape, where, f"criterion {criterion.id!r}")
    elif isinstance(shape, States):
        for state in shape.states:
            check_names(reader, state.when, where, known, ("value",))
    elif isinstance(shape, EitherOr):
        for option in shape.options:
            check_formula(reader, option.indicator.formula, known, parameters)
            if isinstance(option.scoring, Bands):
                check_bands(reader, option.scoring, where, f"criterion {criterion.id!r} option {option.indicator.id!r}")
    tiers = getattr(shape, "tiers", None) or getattr(shape, "qualitative", None)
    if tiers:
        check_tiers(reader, tiers, where, f"criterion {criterion.id!r}")
    for item in getattr(shape, "items", ()):
        check_names(reader, item.when, where, known)


def check_tree(reader: Reader, nodes: tuple[Node, ...], known: set[str], parameters: dict[str, float | str]) -> None:
    seen: dict[str, Position] = {}

    def walk(node: Node) -> None:
        if node.id in seen:
            reader.problem(node.position, f"duplicate node id {node.id!r}",
                           f"ids unique across the tree (first at line {seen[node.id].line})")
        seen[node.id] = node.position
        if node.children:
            total = sum(child.points for child in node.children)
            if not math.isclose(total, node.points, abs_tol=1e-9):
                parts = " + ".join(f"{c.points:g}" for c in node.children)
                reader.problem(node.position, f"children of {node.id!r} sum to {total:g} ({parts}), "
                               f"but {node.id!r} has {node.points:g} points", "child points adding up to the parent's")
        if node.criterion is not None:
            check_criterion(reader, node.criterion, known, parameters)
        for child in node.children:
            walk(child)

    for top in nodes:
        walk(top)


def check_grades(reader: Reader, grades: tuple[GradeBand, ...], max_total: float, where: Position) -> None:
    if not grades:
        reader.problem(where, "no grade bands", "grades: [{grade: 优, min: 90}, …, {grade: 差, min: 0}]")
        return
    minima = [g.minimum for g in grades]
    if minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima):
        reader.problem(where, "grade bands out of order or overlapping", "strictly decreasing min values, 优 first")
    if min(minima) != 0:
        reader.problem(where, f"grade bands leave [0, {min(minima):g}) uncovered", "a lowest band with min: 0")
    if max(minima) > max_total:
        reader.problem(where, f"grade band min {max(minima):g} exceeds the maximum total {max_total:g}",
                       f"bands covering [0, {max_total:g}]")
    order = ["优", "良", "中", "差"]
    ranks = [order.index(g.grade) for g in grades]
    if ranks != sorted(ranks) or len(set(ranks)) != len(ranks):
        reader.problem(where, "grades must run 优, 良, 中, 差 from the highest band down, each once")


def check_profile(reader: Reader, profile: Profile, vocabulary: Vocabulary, where_grades: Position) -> None:
    known = set(vocabulary.metrics) | set(profile.parameters)
    check_tree(reader, profile.tree, known, profile.parameters)
    check_grades(reader, profile.grades, profile.max_total, where_grades)
    for adjustment in profile.adjustments:
        check_names(reader, adjustment.when, Position(profile.path), known)
    criteria = {c.id for _, c in profile.criteria()}
    for test in profile.tests:
        for key in test.parameters:
            if key not in profile.parameters:
                reader.problem(test.position, f"test {test.name!r} sets parameter {key!r}, which the profile lacks",
                               suggest(key, profile.parameters) or "a parameter declared under parameters:")
        for key in list(test.expect_criteria) + list(test.expect_branches):
            if key not in criteria:
                hint = suggest(key, criteria)
                reader.problem(test.position, f"test {test.name!r} names criterion {key!r}, which does not exist",
                               hint or "a criterion id from the tree")
        for key in test.metrics:
            name = str(key)
            if name.startswith("_") or name in known or name in ("goals", "not_applicable", "assessments", "findings"):
                continue
            hint = suggest(name, known)
            reader.problem(test.position, f"test {test.name!r} gives unknown metric {name!r}", hint or "a metric id")
