"""Compile a validated profile into a flat evaluation plan that every backend consumes.

Parameters are substituted into formulas here, once; the plan lists criteria in
document order with their paths, the branch names each can take, and the level
structure for aggregation. Backends never look at YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .deadline import deadline_of
from .expr import Expr, names, substitute
from ..errors import Position
from .model import (
    Bands, Checklist, Choose, Criterion, Deduct, EitherOr, Formula, GoalTable, Indicator, Manual, Node, PerOccurrence,
    Profile, Proportional, Shape, States, Tiered,
)


@dataclass(frozen=True)
class ValueOption:
    """One value source for a criterion: the formula (parameters substituted) and its scoring."""

    indicator: Indicator | None
    expr: Expr | None
    scoring: Shape
    branches: tuple[str, ...]


@dataclass(frozen=True)
class CriterionPlan:
    index: int
    criterion: Criterion
    path: tuple[str, ...]
    path_names: tuple[str, ...]
    options: tuple[ValueOption, ...]  # one, or several for either_or
    branches: tuple[str, ...]  # every branch name this criterion can report
    inputs: tuple[str, ...]  # metric names the criterion reads
    choice: str = ""  # under a level with choose: the column of the department's weight (choices.<level>.<id>)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def points(self) -> float:
        return self.criterion.points

    @property
    def unit(self) -> str:
        indicator = self.options[0].indicator if self.options else None
        return indicator.unit if indicator else ""


@dataclass(frozen=True)
class LevelPlan:
    path: tuple[str, ...]
    name: str
    points: float
    children: tuple[tuple[str, int], ...]  # ("level", i) or ("criterion", i)
    depth: int
    choose: Choose | None = None


@dataclass(frozen=True)
class ChoicePlan:
    """A level with ``choose:`` (择项) as departments' data meet it: which criteria may be picked, how many, and
    the points their weights must sum to."""

    id: str
    name: str
    points: float
    minimum: int
    maximum: int
    children: tuple[tuple[str, str], ...]  # (criterion id, Chinese name) of each child, in tree order
    criteria: tuple[int, ...]  # the children's criterion indexes
    position: Position = Position("<unknown>")
    decimals: int = 2  # the profile's rounding of points: the weights' sum meets the points at this precision

    def column(self, criterion_id: str) -> str:
        """The weight column of a child: ``choices.<level id>.<criterion id>``."""
        return f"{CHOICE_PREFIX}{self.id}.{criterion_id}"


@dataclass(frozen=True)
class Plan:
    profile: Profile
    criteria: tuple[CriterionPlan, ...]
    levels: tuple[LevelPlan, ...]  # children before parents
    tops: tuple[tuple[str, int], ...]  # ("level" | "criterion", index) of the 一级 nodes
    adjustments: tuple[tuple[str, Expr], ...] = field(default_factory=tuple)
    choices: tuple[ChoicePlan, ...] = ()  # the levels with choose:, in tree order

    @property
    def max_total(self) -> float:
        return self.profile.max_total


COMMON_BRANCHES = ("missing", "not_applicable")
NOT_CHOSEN = "not_chosen"  # a criterion under choose: the department did not pick
CHOICE_PREFIX = "choices."


def shape_branches(shape: Shape) -> tuple[str, ...]:
    if isinstance(shape, Deduct):
        return ("full", "deduct", "floor")
    if isinstance(shape, Bands):
        return tuple(f"band{i + 1}" for i in range(len(shape.bands))) + ("out_of_domain",)
    if isinstance(shape, Proportional):
        return ("full", "proportional") + (("cutoff",) if shape.cutoff is not None else ())
    if isinstance(shape, States):
        return tuple(f"state{i + 1}" for i in range(len(shape.states))) + ("no_state",)
    if isinstance(shape, PerOccurrence):
        return ("none", "deduct", "floor")
    if isinstance(shape, Checklist):
        return ("all", "partial", "none")
    if isinstance(shape, GoalTable):
        return ("all_met", "partial", "none_met")
    if isinstance(shape, Tiered):
        return tuple(f"tier{i + 1}" for i in range(len(shape.tiers)))
    if isinstance(shape, Manual):
        return ("manual",)
    raise TypeError(f"no branches for {type(shape).__name__}")


def resolve_formula(formula: Formula, parameters: dict[str, float | str]) -> Expr | None:
    if formula.by is not None:
        case = formula.cases.get(str(parameters.get(formula.by)))
        return resolve_formula(case, parameters) if case else None
    return substitute(formula.expr, parameters) if formula.expr is not None else None


def _substitute_shape(shape: Shape, parameters: dict[str, float | str], dates: frozenset[str]) -> Shape:
    """Parameters substituted into a shape's conditions; a checklist item's deadline test recognised
    (``dates``: the metric ids of kind date)."""
    if isinstance(shape, States):
        return replace(shape, states=tuple(
            replace(s, when=substitute(s.when, parameters) if s.when is not None else None) for s in shape.states))
    if isinstance(shape, Checklist):
        items = []
        for item in shape.items:
            when = substitute(item.when, parameters)
            items.append(replace(item, when=when, deadline=deadline_of(when, dates)))
        return replace(shape, items=tuple(items))
    return shape


def _inputs(criterion_id: str, options: tuple[ValueOption, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for option in options:
        if option.expr is not None:
            for name in names(option.expr):
                seen.setdefault(name, None)
        for state in getattr(option.scoring, "states", ()):
            if state.when is not None:
                for name in names(state.when):
                    if name != "value":
                        seen.setdefault(name, None)
        for item in getattr(option.scoring, "items", ()):
            for name in names(item.when):
                seen.setdefault(name, None)
        if isinstance(option.scoring, (Tiered, Manual)):
            seen.setdefault(f"assessments.{criterion_id}.tier" if isinstance(option.scoring, Tiered)
                            else f"assessments.{criterion_id}.score", None)
    return tuple(seen)


def compile_profile(profile: Profile) -> Plan:
    parameters = profile.parameters
    vocabulary = profile.vocabulary
    dates = frozenset(m.id for m in vocabulary.metrics.values() if m.kind == "date") if vocabulary else frozenset()
    criteria: list[CriterionPlan] = []
    levels: list[LevelPlan] = []

    def criterion_plan(criterion: Criterion, path: tuple[str, ...], path_names: tuple[str, ...]) -> CriterionPlan:
        shape = criterion.scoring
        if isinstance(shape, EitherOr):
            options = tuple(
                ValueOption(o.indicator, resolve_formula(o.indicator.formula, parameters),
                            _substitute_shape(o.scoring, parameters, dates), shape_branches(o.scoring))
                for o in shape.options)
            branches = tuple(f"option{i + 1}:{b}" for i, o in enumerate(options) for b in o.branches)
        else:
            expr = resolve_formula(criterion.indicator.formula, parameters) if criterion.indicator else None
            options = (ValueOption(criterion.indicator, expr, _substitute_shape(shape, parameters, dates),
                                   shape_branches(shape)),)
            branches = options[0].branches
        return CriterionPlan(len(criteria), criterion, path, path_names, options, branches + COMMON_BRANCHES,
                             _inputs(criterion.id, options))

    choices: list[ChoicePlan] = []

    def walk(node: Node, path: tuple[str, ...], path_names: tuple[str, ...], depth: int,
             chooser: Node | None = None) -> tuple[str, int]:
        here, here_names = path + (node.id,), path_names + (node.name,)
        if node.criterion is not None:
            plan = criterion_plan(node.criterion, here, here_names)
            if chooser is not None:
                plan = replace(plan, branches=plan.branches + (NOT_CHOSEN,),
                               choice=f"{CHOICE_PREFIX}{chooser.id}.{node.id}")
            criteria.append(plan)
            return ("criterion", len(criteria) - 1)
        children = tuple(walk(child, here, here_names, depth + 1, node if node.choose else None)
                         for child in node.children)
        levels.append(LevelPlan(here, node.name, node.points, children, depth, node.choose))
        if node.choose is not None:
            picked = tuple(index for kind, index in children if kind == "criterion")
            choices.append(ChoicePlan(node.id, node.name, node.points, node.choose.minimum, node.choose.maximum,
                                      tuple((criteria[i].id, criteria[i].criterion.name) for i in picked), picked,
                                      node.choose.position, profile.rounding.points))
        return ("level", len(levels) - 1)

    tops = tuple(walk(node, (), (), 1) for node in profile.tree)
    adjustments = tuple((a.id, substitute(a.when, parameters)) for a in profile.adjustments)
    return Plan(profile, tuple(criteria), tuple(levels), tops, adjustments, tuple(choices))
