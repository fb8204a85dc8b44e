"""The rete backend: the compiled plan re-performed per department on durable_rules.

Formula values come from the scalar interpreter (:mod:`.sexpr`), not numpy;
rules compiled by :mod:`.rete_compile` decide every branch; actions compute the
points (:mod:`.rete_shapes`). Results go through the shared
:func:`~.results.aggregate`, so scorecards and renderers do not know which
backend ran. durable_rules is optional (``pip install "perfscore[rete]"``).

Engine hygiene (notes on durable_rules): one Host per process whose background
dispatch thread is never started; rulesets named by version; one session per
department, deleted after use; every action's exception is caught and re-raised
here; the number of firings is checked against the facts sent.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import PerfscoreError, Position, Problem
from .findings import AuditOutcome, FindingsRules
from .inputs import MetricBatch
from .plan import Plan
from .rete_compile import OptionSlot, RuleSpec, check_limits, criterion_rules, definition, option_slots, ruleset_name
from .rete_num import fclip, round_half_up
from .rete_shapes import MISSING, UNDECIDED, Observed, Scored
from .results import CriterionResult, Results, aggregate
from .sexpr import Row, ScalarEvaluator, number
from .vexpr import Columns, Evaluator, Reasons

REMEDY = 'pip install "perfscore[rete]"（需 Python 3.8—3.12），或改用 --engine vector'


class ReteError(RuntimeError):
    """The rule engine misbehaved (an action raised, a fact fired no rule or two): a bug, never a score."""


def load_backend() -> "ReteBackend":
    """The rete backend, or exit 2 naming why durable_rules cannot be used and what to do."""
    if sys.version_info >= (3, 13):
        cause = f"Python {sys.version_info.major}.{sys.version_info.minor} 不受支持（durable-rules 2.0.28 仅支持到 3.12）"
        raise PerfscoreError(Problem(Position("--engine rete"), f"无法使用规则引擎：{cause}", REMEDY))
    try:
        from durable import engine  # noqa: F401
    except Exception as exc:  # ImportError, or an undefined C symbol
        raise PerfscoreError(Problem(Position("--engine rete"),
                                     f"无法使用规则引擎：未能导入 durable_rules（{type(exc).__name__}: {exc}）",
                                     REMEDY)) from None
    return ReteBackend()


_HOST: Any = None
_COMPILED: dict[str, "Compiled"] = {}


def host() -> Any:
    """The process's one synchronous Host (``_run`` disabled: no timer or dispatch threads)."""
    global _HOST
    if _HOST is None:
        from durable import engine

        class SyncHost(engine.Host):
            def _run(self) -> None:
                return None

        _HOST = SyncHost()
    return _HOST


@dataclass
class Department:
    """What the actions of one department's session read and write."""

    row: int
    observed: dict[str, Observed] = field(default_factory=dict)
    outcomes: dict[str, tuple[str, Scored]] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)
    audit: AuditOutcome | None = None


class Compiled:
    """A plan's ruleset registered on the Host, and the slot table the runtime walks."""

    def __init__(self, plan: Plan):
        self.slots = option_slots(plan)
        self.findings = FindingsRules.for_plan(plan)
        specs = criterion_rules(self.slots) + self.findings.rule_specs()
        widest = max((len(s.rules.pieces()) for options in self.slots for s in options), default=0)
        check_limits(specs, widest + 8, Position(plan.profile.path))
        self.name = ruleset_name(plan, specs)
        self.current: Department | None = None

    def register(self, specs: list[RuleSpec]) -> None:
        host().set_rulesets({self.name: definition(specs, self.action)})

    def action(self, spec: RuleSpec):
        compiled = self
        if spec.key.startswith("k"):
            def run(c: Any) -> None:
                dept = compiled.current
                try:
                    if dept is None or c.m["d"] != dept.row:
                        raise ReteError(f"rule {spec.name} fired for a department not being scored")
                    if spec.key in dept.outcomes:
                        raise ReteError(f"fact {spec.key} fired a second rule {spec.name}")
                    seen = dept.observed[spec.key]
                    dept.outcomes[spec.key] = (spec.label, compiled.slot(spec.key).rules.score(spec.label, seen))
                except BaseException as exc:  # durable_rules would swallow it
                    if dept is not None:
                        dept.errors.append(exc)
            return run
        return self.findings.action(spec, lambda: compiled.current)

    def slot(self, key: str) -> OptionSlot:
        index, option = key[1:].split(".")
        return self.slots[int(index)][int(option)]


def compiled_for(plan: Plan) -> Compiled:
    fresh = Compiled(plan)
    known = _COMPILED.get(fresh.name)
    if known is not None:
        return known
    fresh.register(criterion_rules(fresh.slots) + fresh.findings.rule_specs())
    _COMPILED[fresh.name] = fresh
    return fresh


class ReteBackend:
    name = "rete"

    def evaluate(self, plan: Plan, batch: MetricBatch) -> Results:
        compiled = compiled_for(plan)
        runner = _Runner(plan, batch, compiled)
        for i in range(batch.n):
            runner.department(i)
        criteria = runner.results()
        vocabulary = plan.profile.vocabulary
        labels = {k: v.zh for k, v in vocabulary.metrics.items()} if vocabulary else {}
        evaluator = Evaluator(Columns(batch.columns, batch.n, labels), runner.reasons)
        return aggregate(plan, criteria, evaluator, runner.reasons, batch, engine="rete", audit=runner.audit)


class _Runner:
    """Scores departments one session at a time and collects per-criterion arrays."""

    def __init__(self, plan: Plan, batch: MetricBatch, compiled: Compiled):
        from . import calendar

        self.plan, self.batch, self.compiled = plan, batch, compiled
        self.calendar = calendar
        vocabulary = plan.profile.vocabulary
        self.labels = {k: v.zh for k, v in vocabulary.metrics.items()} if vocabulary else {}
        self.text = {name for name, col in batch.columns.items() if col.dtype == object}
        self.lists = [(name, col.tolist()) for name, col in batch.columns.items()]
        self.goals: list[list[dict[str, Any]]] = [[] for _ in range(batch.n)]
        for dept, row in zip(batch.goals.department, batch.goals.rows):
            self.goals[dept].append(row)
        self.reasons = Reasons()
        n = batch.n
        self.out = [CriterionResult.empty(n) for _ in plan.criteria]
        self.details: list[dict[str, list[Any]]] = [{} for _ in plan.criteria]
        self.audit = compiled.findings.empty_outcome(n)

    def workdays(self, start: float, end: float) -> tuple[float, bool]:
        values, outside = self.calendar.workdays_between(np.array([start]), np.array([end]))
        return float(values[0]), bool(outside[0])

    def department(self, i: int) -> None:
        row = Row({name: values[i] for name, values in self.lists}, self.text, self.labels)
        row.goal_rows = self.goals[i]
        ev = ScalarEvaluator(row, self.workdays)
        ratio = self.plan.profile.rounding.ratio
        dept = Department(i)
        facts: list[dict[str, Any]] = []
        sid = str(i)
        for options in self.compiled.slots:
            for slot in options:
                if slot.expr is None:
                    value = ev.evaluate_constant_nan()
                else:
                    raw = ev.evaluate(slot.expr)
                    value = raw if raw.why else type(raw)(round_half_up(number(raw.value), ratio))
                seen = slot.rules.observe(value, ev)
                dept.observed[slot.key] = seen
                facts.append({"sid": sid, "d": i, "c": slot.key, **seen.props})
        facts += self.compiled.findings.facts(self.batch.records[i], sid, i, dept)
        self.compiled.current = dept
        engine = host()
        try:
            engine.assert_facts(self.compiled.name, facts)
        finally:
            self.compiled.current = None
            engine.delete_state(self.compiled.name, sid)
        if dept.errors:
            raise ReteError(f"规则动作出错：{dept.errors[0]!r}") from dept.errors[0]
        sent = {f["c"] for f in facts if f["c"].startswith("k")}
        if set(dept.outcomes) != sent:
            raise ReteError(f"规则未对每个事实恰好判定一次：缺 {sorted(sent - set(dept.outcomes))}")
        for c in self.plan.criteria:
            self.settle(c.index, i, row, dept)
        self.compiled.findings.settle(dept, self.audit, i)

    def settle(self, index: int, i: int, row: Row, dept: Department) -> None:
        """One criterion of one department: first decided option, then missing / not-applicable policies."""
        c = self.plan.criteria[index]
        out, detail = self.out[index], self.details[index]
        remaining, last_why, taken = True, "", -1
        value, points, branch = math.nan, 0.0, 0
        options = self.compiled.slots[index]
        for j, slot in enumerate(options):
            label, scored = dept.outcomes[slot.key]
            seen = dept.observed[slot.key]
            why = seen.why
            if label != MISSING and remaining:
                if label != UNDECIDED and scored.branch >= 0:
                    prefix = f"option{j + 1}:" if len(options) > 1 else ""
                    value, points = seen.value, scored.points
                    branch = c.branches.index(prefix + slot.rules.branches[scored.branch])
                    taken, remaining = j, False
                    for key, item in scored.detail.items():
                        detail.setdefault(key, [_blank(item)] * self.batch.n)[i] = item
                elif not why:
                    why = scored.why
            if remaining and not last_why:
                last_why = why
        if len(options) > 1:
            detail.setdefault("option", [math.nan] * self.batch.n)[i] = float(taken)
        error = bool(detail.get("out_of_range") and detail["out_of_range"][i] == 1.0)
        excluded = needs_manual = na = False
        why_text = ""
        if remaining:
            why_text, branch, points = last_why, c.branches.index("missing"), 0.0
            policy = c.criterion.missing
            if policy == "exclude":
                excluded = True
            elif policy == "error":
                error = True
            elif policy == "manual":
                manual = row.get(f"assessments.{c.id}.score")
                if manual.present:
                    points = fclip(number(manual.value), 0.0, c.points)
                    detail.setdefault("manual", [math.nan] * self.batch.n)[i] = 1.0
                else:
                    needs_manual = True
        flag = row.values.get(f"na.{c.id}")
        if flag is not None and not math.isnan(number(flag)) and number(flag) != 0:
            branch, why_text, error, na = c.branches.index("not_applicable"), "", False, True
            if c.criterion.not_applicable == "full":
                points = c.points
            else:
                points, excluded = 0.0, True
        out.value[i] = value
        out.points[i] = round_half_up(points, self.plan.profile.rounding.points)
        out.branch[i] = branch
        out.why[i] = self.reasons.code(why_text)
        out.excluded[i], out.error[i], out.needs_manual[i], out.not_applicable[i] = excluded, error, needs_manual, na

    def results(self) -> list[CriterionResult]:
        for out, detail in zip(self.out, self.details):
            for key, items in detail.items():
                if any(isinstance(x, list) for x in items):
                    array = np.empty(len(items), dtype=object)
                    array[:] = items
                else:
                    array = np.array(items, dtype=float)
                out.detail[key] = array
        self.compiled.findings.apply(self.plan, self.out, self.audit)
        return self.out


def _blank(item: Any) -> Any:
    return None if isinstance(item, list) else math.nan
