"""Semantic checks on a parsed rubric: points that add up, bands without gaps, known names, sane grades."""

from __future__ import annotations

import math

from ..errors import Position
from .expr import BoolOp, Binary, Call, Compare, Expr, Name, Str, Unary, names
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


def is_text(expr: Expr | None, text_names: set[str]) -> bool:
    """Whether ``expr`` yields text: a quoted string, a text metric, or ``if``/``coalesce`` over one."""
    if isinstance(expr, Str):
        return True
    if isinstance(expr, Name):
        return expr.name in text_names
    if isinstance(expr, Call) and expr.func in ("if", "coalesce"):
        branches = expr.args[1:] if expr.func == "if" else expr.args
        return any(is_text(arg, text_names) for arg in branches)
    return False


def check_text_order(reader: Reader, expr: Expr | None, where: Position, text_names: set[str]) -> None:
    """Text compared with < <= > >= is never true: refuse it where it is written."""
    if expr is None:
        return
    if isinstance(expr, Compare):
        for op, left, right in zip(expr.ops, expr.operands, expr.operands[1:]):
            if op in ("<", "<=", ">", ">=") and (is_text(left, text_names) or is_text(right, text_names)):
                reader.problem(where.shifted(expr.offset), f"text compared with {op!r}",
                               "text compared only with == or !=; a number on both sides of < <= > >=")
                break
    children: tuple = ()
    if isinstance(expr, (Compare, BoolOp)):
        children = expr.operands
    elif isinstance(expr, Binary):
        children = (expr.left, expr.right)
    elif isinstance(expr, Unary):
        children = (expr.operand,)
    elif isinstance(expr, Call):
        children = expr.args
    for child in children:
        check_text_order(reader, child, where, text_names)


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


VALUE_SHAPES = (Deduct, Bands, Proportional, PerOccurrence, States)


def _exprs(formula: Formula) -> list[tuple[Expr, Position]]:
    if formula.by is not None:
        return [found for case in formula.cases.values() for found in _exprs(case)]
    return [(formula.expr, formula.position)] if formula.expr is not None else []


def check_value(reader: Reader, indicator: Indicator, shape, text_names: set[str], what: str) -> None:
    """A shape that scores a number must not be given text (it would compare as nothing, or as full)."""
    for expr, where in _exprs(indicator.formula):
        check_text_order(reader, expr, where, text_names)
        if isinstance(shape, VALUE_SHAPES) and is_text(expr, text_names):
            reader.problem(where, f"{what}: the formula yields text, but {type(shape).__name__.lower()} scores a number",
                           "a numeric formula (a text metric may only be compared with == or != inside states)")


def check_criterion(reader: Reader, criterion: Criterion, known: set[str], parameters: dict[str, float | str],
                    text_names: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    shape = criterion.scoring
    where = criterion.position
    what = f"criterion {criterion.id!r}"
    if criterion.indicator is not None:
        check_formula(reader, criterion.indicator.formula, known, parameters)
        check_value(reader, criterion.indicator, shape, text_names, what)
        for name in criterion.indicator.parameters:
            if name not in parameters:
                reader.problem(where, f"indicator {criterion.indicator.id!r} reads parameter {name!r}, "
                               "which the profile does not set", f"parameters: {{{name}: …}}")
    elif isinstance(shape, (Deduct, Bands, Proportional, PerOccurrence)):
        reader.problem(where, f"criterion {criterion.id!r} scores a value but has no indicator or formula",
                       "indicator: <id> or formula: <expression>")
    if isinstance(shape, Bands):
        check_bands(reader, shape, where, what)
    elif isinstance(shape, States):
        check_states(reader, shape, where, known, text_names, criterion.indicator is not None, what)
    elif isinstance(shape, EitherOr):
        for option in shape.options:
            check_formula(reader, option.indicator.formula, known, parameters)
            check_value(reader, option.indicator, option.scoring, text_names, f"{what} option {option.indicator.id!r}")
            if isinstance(option.scoring, Bands):
                check_bands(reader, option.scoring, where, f"{what} option {option.indicator.id!r}")
            elif isinstance(option.scoring, States):
                check_states(reader, option.scoring, where, known, text_names, True, what)
    tiers = getattr(shape, "tiers", None) or getattr(shape, "qualitative", None)
    if tiers:
        check_tiers(reader, tiers, where, what)
    for item in getattr(shape, "items", ()):
        check_names(reader, item.when, item.position, known)
        check_text_order(reader, item.when, item.position, text_names)


def check_states(reader: Reader, shape: States, where: Position, known: set[str], text_names: set[str],
                 has_value: bool, what: str) -> None:
    for state in shape.states:
        if state.when is None:
            continue
        check_names(reader, state.when, state.position, known, ("value",) if has_value else ())
        check_text_order(reader, state.when, state.position, text_names)
        if not has_value and "value" in names(state.when):
            reader.problem(state.position, f"{what}: a state reads value, but the criterion has no indicator or formula",
                           "indicator: <id> or formula: <expression> on the criterion, or conditions on metrics")


def check_tree(reader: Reader, nodes: tuple[Node, ...], known: set[str], parameters: dict[str, float | str],
               text_names: set[str] = frozenset()) -> None:  # type: ignore[assignment]
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
                # a child's points set elsewhere (an override in a child profile) is where the sum broke
                moved = [c.points_position for c in node.children if c.points_position.file != node.position.file]
                reader.problem(moved[0] if moved else node.position, f"children of {node.id!r} sum to {total:g} ({parts}), "
                               f"but {node.id!r} has {node.points:g} points", "child points adding up to the parent's")
        if node.criterion is not None:
            check_criterion(reader, node.criterion, known, parameters, text_names)
        for child in node.children:
            walk(child)

    for top in nodes:
        walk(top)


def check_closed_ranges(reader: Reader, grades: tuple[GradeBand, ...], max_total: float, where: Position,
                        grade_gap: str) -> None:
    """Grades printed as closed ranges (优 90–100, 良 80–89): ranges that meet or leave a stated gap."""
    if all(g.maximum is None for g in grades):
        if grade_gap:
            reader.problem(where, "grade_gap: applies only to grades with max:", "max: on every grade band")
        return
    if any(g.maximum is None for g in grades):
        reader.problem(where, "some grade bands have max: and some do not", "max: on every band, or on none")
        return
    ordered = sorted(grades, key=lambda g: g.minimum, reverse=True)
    if ordered[0].maximum < max_total:  # type: ignore[operator]
        reader.problem(where, f"the highest grade ends at {ordered[0].maximum:g}, below the maximum total {max_total:g}",
                       f"max: {max_total:g} on the highest band")
    for upper, lower in zip(ordered, ordered[1:]):
        if lower.maximum >= upper.minimum:  # type: ignore[operator]
            reader.problem(where, f"grades {lower.label} and {upper.label} overlap at {upper.minimum:g}",
                           "closed ranges that do not overlap")
        elif lower.maximum < upper.minimum and not grade_gap:  # type: ignore[operator]
            reader.problem(where, f"a total between {lower.maximum:g} and {upper.minimum:g} (e.g. "
                           f"{(lower.maximum + upper.minimum) / 2:g}) has no grade",  # type: ignore[operator]
                           "grade_gap: round (grade the total rounded to whole points) or lower (the lower grade)")


def check_grades(reader: Reader, grades: tuple[GradeBand, ...], max_total: float, where: Position,
                 grades_default: bool = False, grade_gap: str = "") -> None:
    if not grades:
        reader.problem(where, "no grade bands", "grades: [{grade: 优, min: 90}, …, {grade: 差, min: 0}]")
        return
    if grades_default and not math.isclose(max_total, 100, abs_tol=1e-9):
        reader.problem(where, f"no grades: the 财预〔2020〕10号 default bands are for a 100-point table, this one has "
                       f"{max_total:g}", "grades: [{grade: 优, min: …}, …] for this table's total")
    check_closed_ranges(reader, grades, max_total, where, grade_gap)
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


def criterion_branches(criterion: Criterion) -> tuple[str, ...]:
    """Every rule (branch) name the criterion can report, as :mod:`.plan` names them."""
    from .plan import COMMON_BRANCHES, shape_branches

    shape = criterion.scoring
    if isinstance(shape, EitherOr):
        found = tuple(f"option{i + 1}:{b}" for i, o in enumerate(shape.options) for b in shape_branches(o.scoring))
    else:
        found = shape_branches(shape)
    return found + COMMON_BRANCHES


def profile_expressions(profile: Profile) -> list[tuple[Expr, Position]]:
    """Every expression of the profile with where it was written: formulas, conditions, adjustments."""
    found: list[tuple[Expr, Position]] = []

    def shape_exprs(shape, indicator: Indicator | None) -> None:
        if indicator is not None:
            found.extend(_exprs(indicator.formula))
        for state in getattr(shape, "states", ()):
            if state.when is not None:
                found.append((state.when, state.position))
        for item in getattr(shape, "items", ()):
            found.append((item.when, item.position))
        for option in getattr(shape, "options", ()):
            shape_exprs(option.scoring, option.indicator)

    for _, criterion in profile.criteria():
        shape_exprs(criterion.scoring, criterion.indicator)
    found.extend((a.when, a.position) for a in profile.adjustments)
    return found


def check_item_lists(reader: Reader, expr: Expr, where: Position, vocabulary: Vocabulary,
                     inside: str | None = None) -> None:
    """``count(list, condition)``: ``list`` is a metric of kind items, the condition reads that list's fields (and
    department-level names); a list or an item field is read nowhere else, and counts do not nest."""
    lists = {m: spec for m, spec in vocabulary.metrics.items() if spec.kind == "items"}
    fields = {f: m for m, spec in lists.items() for f in spec.fields}
    if isinstance(expr, Call) and expr.func == "count":
        target = expr.args[0]
        name = target.name if isinstance(target, Name) else ""
        if inside is not None:
            reader.problem(where.shifted(expr.offset), "count() inside another count()", "one count over one list")
        elif name not in lists:
            reader.problem(where.shifted(target.offset), f"count() over {name!r}, which is not a list of items",
                           suggest(name, lists) or "a metric of kind items (with fields:)")
        else:
            check_item_lists(reader, expr.args[1], where, vocabulary, name)
        return
    if isinstance(expr, Name):
        if expr.name in lists:
            reader.problem(where.shifted(expr.offset), f"{expr.name!r} is a list of items, read only by count()",
                           f"count({expr.name}, <condition on its fields>)")
        elif expr.name in fields and expr.name not in (lists[inside].fields if inside in lists else ()):
            reader.problem(where.shifted(expr.offset), f"{expr.name!r} is a field of the list {fields[expr.name]!r}",
                           f"read it inside count({fields[expr.name]}, …)")
        return
    children: tuple = ()
    if isinstance(expr, (Compare, BoolOp)):
        children = expr.operands
    elif isinstance(expr, Binary):
        children = (expr.left, expr.right)
    elif isinstance(expr, Unary):
        children = (expr.operand,)
    elif isinstance(expr, Call):
        children = expr.args
    for child in children:
        check_item_lists(reader, child, where, vocabulary, inside)


def check_profile(reader: Reader, profile: Profile, vocabulary: Vocabulary, where_grades: Position) -> None:
    for expr, where in profile_expressions(profile):
        check_item_lists(reader, expr, where, vocabulary)
    known = set(vocabulary.metrics) | set(profile.parameters)
    text_names = {m for m, spec in vocabulary.metrics.items() if spec.kind == "text"} | \
        {p for p, v in profile.parameters.items() if isinstance(v, str)}
    check_tree(reader, profile.tree, known, profile.parameters, text_names)
    check_grades(reader, profile.grades, profile.max_total, where_grades, profile.grades_default, profile.grade_gap)
    for adjustment in profile.adjustments:
        check_names(reader, adjustment.when, adjustment.position, known)
        check_text_order(reader, adjustment.when, adjustment.position, text_names)
    criteria = {c.id for _, c in profile.criteria()}
    branches = {c.id: criterion_branches(c) for _, c in profile.criteria()}
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
        for key, branch in test.expect_branches.items():
            if key in criteria and branch not in branches[key]:
                reader.problem(test.position, f"test {test.name!r} expects rule {branch!r} of {key!r}, "
                               "which that criterion does not have",
                               suggest(branch, branches[key]) or f"one of {', '.join(branches[key])}")
        for key in test.metrics:
            name = str(key)
            if name.startswith("_") or name in known or name in ("goals", "not_applicable", "assessments", "findings"):
                continue
            hint = suggest(name, known)
            reader.problem(test.position, f"test {test.name!r} gives unknown metric {name!r}", hint or "a metric id")
