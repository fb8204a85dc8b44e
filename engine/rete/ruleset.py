"""Compile a plan into one durable_rules ruleset, and check it against the engine's hard limits.

One fact per (department, criterion option): ``{"c": key, "d": row, "x": kind, …}``.
Every rule tests ``c`` first — a property the engine's own state object never
carries (notes §5) — then the piece tests of :mod:`.shapes`, which
partition all facts of that key, plus one rule for a missing value. So exactly
one rule fires per fact, and the count is checked after every department.

Limits (notes §4/§6) are checked here and fail clearly at compile time: ≤ 4000
rules, < 500 distinct top-level keys, ≤ 30 tests per rule, ≤ 40 rules per key
(bounds the alpha stack of 64 a fact can fill), ≤ 240 properties per fact.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import PerfscoreError, Position, Problem
from ..rubric.expr import Expr
from ..rubric.plan import CriterionPlan, Plan
from .shapes import MISSING, ShapeRules, Test, shape_rules

MAX_RULES = 4000
MAX_KEYS = 500
MAX_TESTS_PER_RULE = 30
MAX_RULES_PER_KEY = 40
MAX_FACT_PROPERTIES = 240


@dataclass(frozen=True)
class OptionSlot:
    """One (criterion, option): the fact key, the formula and the shape's rules."""

    key: str
    criterion: int
    option: int
    expr: Expr | None
    rules: ShapeRules


@dataclass(frozen=True)
class RuleSpec:
    """A rule before it is bound to an action: its name, the fact key, the label it decides and its tests."""

    name: str
    key: str
    label: str
    tests: tuple[Test, ...]


def option_slots(plan: Plan) -> list[list[OptionSlot]]:
    decimals = plan.profile.rounding.ratio
    slots: list[list[OptionSlot]] = []
    for c in plan.criteria:
        slots.append([_slot(plan, c, j, decimals) for j in range(len(c.options))])
    return slots


def _slot(plan: Plan, c: CriterionPlan, j: int, decimals: int) -> OptionSlot:
    option = c.options[j]
    rules = shape_rules(option.scoring, c.points, option.branches, decimals, c.id,
                        Position(plan.profile.path, c.criterion.position.line, c.criterion.position.col))
    return OptionSlot(f"k{c.index}.{j}", c.index, j, option.expr, rules)


def criterion_rules(slots: list[list[OptionSlot]]) -> list[RuleSpec]:
    specs: list[RuleSpec] = []
    for options in slots:
        for slot in options:
            pieces = slot.rules.pieces() + [(MISSING, [{"x": MISSING}])]
            for n, (label, tests) in enumerate(pieces):
                specs.append(RuleSpec(f"{slot.key}:{label}:{n}", slot.key, label, ({"c": slot.key}, *tests)))
    return specs


def check_limits(specs: list[RuleSpec], fact_properties: int, where: Position) -> None:
    problems: list[str] = []
    if len(specs) > MAX_RULES:
        problems.append(f"规则数 {len(specs)} 超过上限 {MAX_RULES}")
    keys: dict[str, int] = {}
    for spec in specs:
        keys[spec.key] = keys.get(spec.key, 0) + 1
        if len(spec.tests) > MAX_TESTS_PER_RULE:
            problems.append(f"规则 {spec.name} 含 {len(spec.tests)} 个条件，超过上限 {MAX_TESTS_PER_RULE}")
    if len(keys) > MAX_KEYS:
        problems.append(f"事实类别 {len(keys)} 个，超过上限 {MAX_KEYS}")
    for key, count in keys.items():
        if count > MAX_RULES_PER_KEY:
            problems.append(f"事实类别 {key} 有 {count} 条规则，超过上限 {MAX_RULES_PER_KEY}（规则网络栈深 64）")
    if fact_properties > MAX_FACT_PROPERTIES:
        problems.append(f"单个事实有 {fact_properties} 个属性，超过上限 {MAX_FACT_PROPERTIES}")
    seen: dict[str, str] = {}
    for spec in specs:
        shape = json.dumps(spec.tests, sort_keys=True, ensure_ascii=False)
        if shape in seen:
            problems.append(f"规则 {spec.name} 与 {seen[shape]} 条件相同")
        seen[shape] = spec.name
    if problems:
        raise PerfscoreError([Problem(where, p, "一个可由规则引擎（durable_rules）安全执行的评分方案") for p in problems])


def ruleset_name(plan: Plan, specs: list[RuleSpec], scoring: str) -> str:
    """Versioned: profile id, the profile's sha256 prefix, and a digest of the compiled rules and what their
    actions compute with, so two rulesets differing in anything get different names."""
    canonical = json.dumps([(s.name, s.tests) for s in specs], ensure_ascii=False, sort_keys=True) + scoring
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"perfscore.{plan.profile.id}.{plan.profile.sha256[:12]}.{digest[:8]}"


def definition(specs: list[RuleSpec], action: Callable[[RuleSpec], Callable[[Any], None]]) -> dict[str, Any]:
    """The dict ``Host.set_rulesets`` takes, each rule bound to ``action(spec)``."""
    return {spec.name: {"all": [{"m": {"$and": list(spec.tests)}}], "run": action(spec)} for spec in specs}
