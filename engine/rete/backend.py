"""The rete backend: the compiled plan re-performed per department on durable_rules.

Formula values come from the scalar interpreter (:mod:`.sexpr`), not numpy;
rules compiled by :mod:`.ruleset` decide every branch; actions compute the
points (:mod:`.shapes`); the audit rules run over the batch's typed findings
(:mod:`.findings`). Results go through the shared
:func:`~..evaluate.results.aggregate`, so scorecards and renderers do not know which
backend ran. durable_rules is optional (``pip install "perfscore[rete]"``).

Engine hygiene (notes on durable_rules): one Host per process whose background
dispatch thread is never started; rulesets named by version; one session per
department, deleted after use; every action's exception is caught and re-raised
here; the number of firings is checked against the facts sent.

Rete layer: imports the shared leaves, rubric, inputs and evaluate modules, and rete siblings.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import PerfscoreError, Position, Problem
from ..evaluate.findings import apply as findings_apply
from ..inputs.batch import MetricBatch
from ..rubric.model import Bands, States
from ..rubric.plan import Plan
from .ruleset import OptionSlot, RuleSpec, check_limits, criterion_rules, definition, option_slots, ruleset_name
from .findings import FindingsRules
from .num import fclip
from ..rounding import round_half_up_scalar
from .shapes import MISSING, Observed, Scored
from ..evaluate.results import CriterionResult, Results, aggregate
from ..evaluate.vector import batch_evaluator, input_names
from .sexpr import Interpreter, Row, Schema, SVal, number
from ..evaluate.vexpr import Reasons

NO_VALUE = SVal(math.nan)  # the value of an option with no formula (its shape reads its own inputs)
REMEDY = 'pip install "perfscore[rete]"（需 Python 3.8—3.12），或改用 --engine vector'


class ReteError(RuntimeError):
    """The rule engine misbehaved (an action raised, a fact fired no rule or two): a bug, never a score."""


MATCHERS = ("durable", "plain")


def durable_missing() -> str:
    """Why durable_rules cannot be used here, or an empty string when it can."""
    if sys.version_info >= (3, 13):
        return f"Python {sys.version_info[0]}.{sys.version_info[1]} 不受支持（durable-rules 2.0.28 仅支持到 3.12）"
    try:
        importlib.import_module("durable.engine")
        importlib.import_module("durable_rules_engine")
    except Exception as exc:  # ImportError, or an undefined C symbol
        return f"未能导入 durable_rules（{type(exc).__name__}: {exc}）"
    return ""


def load_backend(fallback: bool = False) -> "ReteBackend":
    """The rete backend on durable_rules; without it, the same rulesets on the plain matcher when ``fallback``
    (verify, profile tests), else exit 2 naming why durable_rules cannot be used and what to do."""
    if fallback:
        return ReteBackend(matcher="plain" if durable_missing() else "durable")
    if sys.version_info >= (3, 13):
        cause = f"Python {sys.version_info[0]}.{sys.version_info[1]} 不受支持（durable-rules 2.0.28 仅支持到 3.12）"
        raise PerfscoreError(Problem(Position("--engine rete"), f"无法使用规则引擎：{cause}", REMEDY))
    try:
        importlib.import_module("durable.engine")
    except Exception as exc:  # ImportError, or an undefined C symbol
        raise PerfscoreError(Problem(Position("--engine rete"),
                                     f"无法使用规则引擎：未能导入 durable_rules（{type(exc).__name__}: {exc}）",
                                     REMEDY)) from None
    return ReteBackend()


_HOST: Any = None
_PLAIN_HOST: Any = None
_DISPATCHERS: dict[tuple[str, str], "Dispatcher"] = {}
_BY_PLAN: dict[tuple[int, str], tuple[Plan, "Compiled"]] = {}


def host(matcher: str = "durable") -> Any:
    """The process's one synchronous Host (``_run`` disabled: no timer or dispatch threads) whose rulesets
    dispatch fired actions through :func:`_lean_ruleset`'s loop; or, for ``matcher="plain"``, the plain
    Python matcher (:mod:`.matcher`) that takes the same ruleset definitions."""
    global _HOST, _PLAIN_HOST
    if matcher == "plain":
        if _PLAIN_HOST is None:
            from .matcher import PlainHost

            _PLAIN_HOST = PlainHost()
        return _PLAIN_HOST
    if _HOST is None:
        from durable import engine

        lean = _lean_ruleset(engine)

        class SyncHost(engine.Host):
            def _run(self) -> None:
                return None

            def register_rulesets(self, ruleset_definitions: dict[str, Any]) -> list[str]:
                # Host.register_rulesets with plain rulesets only (no statecharts or flowcharts, no
                # message-store callbacks: this Host has none) built as the lean subclass.
                for name, rules in ruleset_definitions.items():
                    if name in self._ruleset_directory:
                        raise ValueError(f"Ruleset with name {name} already registered")
                    ruleset = lean(name, self, rules)
                    self._ruleset_directory[name] = ruleset
                    self._ruleset_list.append(ruleset)
                return list(ruleset_definitions)

        _HOST = SyncHost()
    return _HOST


class Firing:
    """What a lean action receives: the matched message ``m`` (a plain dict) and ``assert_fact`` into the
    same session (chaining), as durable's ``Closure`` offers them."""

    __slots__ = ("m", "_ruleset", "_sid")

    def __init__(self, ruleset: Any, sid: str, message: dict[str, Any]):
        self.m = message
        self._ruleset = ruleset
        self._sid = sid

    def assert_fact(self, fact: dict[str, Any]) -> None:
        fact.setdefault("sid", self._sid)
        self._ruleset.assert_fact(fact)


def _lean_ruleset(engine: Any) -> type:
    """``durable.engine.Ruleset`` with one method overridden: ``_flush_actions``, the loop that runs every
    pending action of a session. durable 2.0.28's loop builds a ``Closure`` per firing (two
    ``datetime`` clock reads, a ``Promise`` wrapper that swallows exceptions) and re-serialises the
    session state after every action. This one keeps the same C calls in the same order —
    action, ``update_state``, ``complete_and_start_action`` until no action is pending — but hands the
    action a :class:`Firing`, serialises the (never modified) state once per flush, and on an exception
    abandons the action and re-raises instead of swallowing it. Only synchronous one-argument actions
    are supported (all perfscore registers)."""
    import json

    import durable_rules_engine as native

    class LeanRuleset(engine.Ruleset):
        def _flush_actions(self, state: dict[str, Any], result_container: dict[str, Any], state_offset: int,
                           complete: Any) -> None:
            handle, actions = self._handle, self._actions
            state_text = json.dumps(state, ensure_ascii=False)
            sid = state["sid"]
            message = result_container.pop("message", None)
            while message is not None:
                for name, matched in message.items():  # {rule name: {"m": the fact}}
                    break
                try:
                    actions[name]._func(Firing(self, sid, matched["m"]))
                    native.update_state(handle, state_text)
                    following = native.complete_and_start_action(handle, state_offset)
                except BaseException as exc:
                    native.abandon_action(handle, state_offset)
                    complete(exc, None)
                    return
                message = json.loads(following) if following else None
            complete(None, state)

    return LeanRuleset


@dataclass
class Department:
    """What the actions of one department's session read and write."""

    row: int
    slots: dict[str, OptionSlot]  # this plan's slots: formulas differ between plans sharing a ruleset
    observed: dict[str, Observed] = field(default_factory=dict)
    outcomes: dict[str, tuple[str, Scored]] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)
    audit: Any = None  # findings.DeptAudit when the profile has audit rules


class Dispatcher:
    """One registered ruleset: its actions read and write the department being scored (one at a time)."""

    def __init__(self, name: str, specs: list[RuleSpec], findings: FindingsRules, matcher: str = "durable"):
        self.current: Department | None = None
        self.findings = findings
        host(matcher).set_rulesets({name: definition(specs, self.action)})

    def action(self, spec: RuleSpec):
        dispatcher = self
        if spec.key == "finding" or spec.key == "flag":
            return self.findings.action(spec, lambda: dispatcher.current)
        key, label = spec.key, spec.label

        def run(c: Any) -> None:
            dept = dispatcher.current
            try:
                if dept is None or c.m["d"] != dept.row:
                    raise ReteError(f"rule {spec.name} fired for a department not being scored")
                if key in dept.outcomes:
                    raise ReteError(f"fact {key} fired a second rule {spec.name}")
                seen = dept.observed[key]
                dept.outcomes[key] = (label, Scored(0.0, -1, why=seen.why) if label == MISSING else
                                      dept.slots[key].rules.score(label, seen))
            except BaseException as exc:  # durable_rules would swallow it
                if dept is not None:
                    dept.errors.append(exc)
        return run


class Compiled:
    """A plan's slot table and the dispatcher of its (versioned, registered-once) ruleset."""

    def __init__(self, plan: Plan, matcher: str = "durable"):
        self.matcher = matcher
        self.slots = option_slots(plan)
        self.by_key = {slot.key: slot for options in self.slots for slot in options}
        self.findings = FindingsRules.for_plan(plan)
        specs = criterion_rules(self.slots) + self.findings.rule_specs()
        states = max((len(s.rules.shape.states) for options in self.slots for s in options
                      if isinstance(s.rules.shape, States)), default=0)
        check_limits(specs, states + len(("sid", "id", "d", "c", "x")), Position(plan.profile.path))
        self.name = ruleset_name(plan, specs, self.scoring_text())
        dispatcher = _DISPATCHERS.get((matcher, self.name))
        if dispatcher is None:
            dispatcher = _DISPATCHERS[matcher, self.name] = Dispatcher(self.name, specs, self.findings, matcher)
        self.dispatcher = dispatcher

    def scoring_text(self) -> str:
        """What the actions compute with besides the tests: shapes, points, audit rules (part of the name)."""
        shapes = [(s.key, s.rules.points, repr(s.rules.shape)) for options in self.slots for s in options]
        return repr((shapes, self.findings.rules))


def compiled_for(plan: Plan, matcher: str = "durable") -> Compiled:
    """The plan's compiled slots; its ruleset is registered once per process under its versioned name."""
    seen = _BY_PLAN.get((id(plan), matcher))
    if seen is not None and seen[0] is plan:
        return seen[1]
    compiled = Compiled(plan, matcher)
    _BY_PLAN[id(plan), matcher] = (plan, compiled)
    return compiled


class ReteBackend:
    """Scores in process by default; ``workers`` > 1 forks that many processes (each its own Host) over
    contiguous slices of the batch — worth it on an idle multi-core machine, not on a busy one — when the
    calling process runs no other thread (else it scores in process)."""

    name = "rete"

    def __init__(self, workers: int = 1, matcher: str = "durable"):
        if matcher not in MATCHERS:
            raise ValueError(f"matcher {matcher!r} is not one of {MATCHERS}")
        self.workers = workers
        self.matcher = matcher

    @property
    def label(self) -> str:
        """Which network matched the facts, for a person: verify and test say it."""
        if self.matcher == "durable":
            return "规则引擎 durable_rules（rete）"
        return "纯 Python 规则匹配器（rete，未安装 durable_rules）"

    def evaluate(self, plan: Plan, batch: MetricBatch) -> Results:
        compiled = compiled_for(plan, self.matcher)  # compiled (and limits checked) here, before any worker starts
        slices = _slices(batch.n, self.workers)
        # a process that runs other threads is never forked: a lock one of them holds would stay held in
        # the child for ever (a dask cluster's event loop, a caller's pool), and the batch would hang
        if len(slices) > 1 and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            global _JOB
            _JOB = (plan, batch, self.matcher)
            try:
                with multiprocessing.get_context("fork").Pool(len(slices)) as pool:
                    parts = pool.map(_score_slice, slices)
            finally:
                _JOB = None
        else:
            parts = [_Runner(plan, batch, compiled).run(range(batch.n))]
        reasons = Reasons()
        criteria = _merge(parts, reasons, len(plan.criteria))
        audit = compiled.findings.outcome([d for part in parts for d in part.audit])
        findings_apply(plan, criteria, audit)
        evaluator = batch_evaluator(plan, batch, reasons)
        return aggregate(plan, criteria, evaluator, reasons, batch, engine="rete", audit=audit)


_JOB: tuple[Plan, MetricBatch, str] | None = None


def _slices(n: int, workers: int) -> list[tuple[int, int]]:
    workers = max(1, min(workers, n))
    step = -(-n // workers) if n else 0
    return [(start, min(start + step, n)) for start in range(0, n, step)] if n else [(0, 0)]


def _score_slice(bounds: tuple[int, int]) -> "Part":
    """In a forked worker: score departments ``start…stop-1`` of the job the parent set before forking."""
    assert _JOB is not None
    plan, batch, matcher = _JOB
    return _Runner(plan, batch, compiled_for(plan, matcher)).run(range(*bounds))


@dataclass
class Part:
    """One slice's results: criteria arrays (reason codes local to ``texts``) and audit outcomes."""

    criteria: list[CriterionResult]
    texts: list[str]
    audit: list[Any]


def _merge(parts: list[Part], reasons: Reasons, count: int) -> list[CriterionResult]:
    """Concatenate slices, re-interning reason codes and filling detail keys a slice never set."""
    merged: list[CriterionResult] = []
    codes = [np.array([reasons.code(t) for t in part.texts], np.int32) for part in parts]
    for index in range(count):
        pieces = [part.criteria[index] for part in parts]
        result = CriterionResult(*(np.concatenate([getattr(p, f) for p in pieces]) for f in (
            "value", "points", "branch", "why", "excluded", "not_applicable", "error", "needs_manual")))
        result.why = np.concatenate([code[p.why] for code, p in zip(codes, pieces)]).astype(np.int32)
        for key in dict.fromkeys(k for p in pieces for k in p.detail):
            arrays = []
            for p in pieces:
                item = p.detail.get(key)
                if item is None:
                    is_object = any(q.detail.get(key) is not None and q.detail[key].dtype == object for q in pieces)
                    item = np.full(len(p.points), None if is_object else math.nan, dtype=object if is_object else float)
                arrays.append(item)
            result.detail[key] = np.concatenate(arrays)
        merged.append(result)
    return merged


class _Runner:
    """Scores departments one session at a time and collects per-criterion columns."""

    # CriterionResult's array fields, in its constructor's order
    FIELDS = (float, float, np.int16, np.int32, bool, bool, bool, bool)

    def __init__(self, plan: Plan, batch: MetricBatch, compiled: Compiled):
        from .. import calendar

        self.plan, self.batch, self.compiled = plan, batch, compiled
        self.calendar = calendar
        labels, lists = input_names(plan)
        self.schema = Schema({name for name, col in batch.columns.items() if col.dtype == object}, labels, lists)
        read = _names_read(plan)
        self.lists = {name: col.tolist() for name, col in batch.columns.items() if name in read}
        self.goals: list[list[dict[str, Any]]] = [[] for _ in range(batch.n)]
        for dept, row in zip(batch.goals.department, batch.goals.rows):
            self.goals[dept].append(row)
        self.workday_table: tuple[int, int, list[int]] | None = None
        self.interpreter = Interpreter(self.workdays, self.calendar_reason, self.festival, self.festival_reason)
        # per option slot, fixed for the batch: fact key, compiled formula (None: value-free), observation
        self.slot_plan = [(slot.key, None if slot.expr is None else self.interpreter.compiled(slot.expr),
                           slot.rules.observe,
                           slot.rules.shape.exact_values if isinstance(slot.rules.shape, Bands) else ())
                          for options in compiled.slots for slot in options]
        self.reasons = Reasons()
        self.rows: list[list[tuple]] = [[] for _ in plan.criteria]
        self.details: list[list[dict[str, Any] | None]] = [[] for _ in plan.criteria]
        self.meta = [(c.points, c.criterion.missing, c.criterion.not_applicable == "full", f"na.{c.id}",
                      f"assessments.{c.id}.score", _branch_codes(c, compiled.slots[c.index]), compiled.slots[c.index])
                     for c in plan.criteria]
        self.choices = [(c.choice, c.branches.index("not_chosen")) if c.choice else None for c in plan.criteria]
        self.audit: list[Any] = []
        self.ratio = plan.profile.rounding.ratio
        self.point_decimals = plan.profile.rounding.points

    def workdays(self, start: float, end: float) -> tuple[float, bool]:
        """Working days after ``start`` up to ``end`` (and whether a day lies outside the calendar)."""
        if self.workday_table is None:
            first, last, cumulative = self.calendar._workday_table()
            self.workday_table = (first, last, cumulative.tolist())
        first, last, cumulative = self.workday_table
        if start != start or end != end:
            return math.nan, False
        if not (first <= start <= last and first <= end <= last):
            return math.nan, True
        return float(cumulative[int(end) - first] - cumulative[int(start) - first]), False

    def calendar_reason(self) -> str:
        first, last = self.calendar.calendar_years()
        return f"节假日历仅覆盖{first}—{last}年，无法计算工作日"

    def festival(self, name: str, year: float) -> int | None:
        """Day number of festival ``name`` in ``year``; None for a year outside the calendar or not whole."""
        first, last = self.calendar.FESTIVAL_YEARS
        if year != int(year) or not first <= year <= last:
            return None
        return self.calendar.festival_day(name, int(year))

    def festival_reason(self) -> str:
        first, last = self.calendar.FESTIVAL_YEARS
        return f"节日日期仅覆盖{first}—{last}年（年份应为整数）"

    def department(self, i: int) -> None:
        row = Row(self.lists, i, self.schema, self.goals[i])
        ev, ratio = self.interpreter, self.ratio
        dept = Department(i, self.compiled.by_key)
        observed = dept.observed
        facts: list[dict[str, Any]] = []
        sid = str(i)
        for key, formula, observe, exact in self.slot_plan:
            shown = None
            if formula is None:
                value = NO_VALUE
            else:
                raw = formula(row)
                value = raw if raw.why else SVal(round_half_up_scalar(number(raw.value), ratio))
                if exact and not raw.why:
                    value, shown = _off_exact_bands(value, number(raw.value), exact, ratio)
            seen = observed[key] = observe(value, ev, row)
            if shown is not None:
                seen.value = shown
            facts.append({"sid": sid, "d": i, "c": key, **seen.props})
        if self.compiled.findings.rules:
            facts += self.compiled.findings.facts(self.batch.findings[i], sid, i, dept)
        dispatcher = self.compiled.dispatcher
        dispatcher.current = dept
        engine = host(self.compiled.matcher)
        try:
            engine.assert_facts(self.compiled.name, facts)
        except Exception as exc:
            if type(exc).__name__ in ("MessageNotHandledException", "NoRuleMatched"):  # some fact matched no rule
                raise ReteError(f"规则引擎有事实未匹配任何规则（{getattr(exc, 'message', exc)}）") from None
            raise
        finally:
            dispatcher.current = None
            engine.delete_state(self.compiled.name, sid)
        if dept.errors:
            raise ReteError(f"规则动作出错：{dept.errors[0]!r}") from dept.errors[0]
        if len(dept.outcomes) != len(dept.observed):
            missed = sorted(set(dept.observed) - set(dept.outcomes))
            raise ReteError(f"规则未对每个事实恰好判定一次：{missed} 未触发任何规则")
        for index in range(len(self.plan.criteria)):
            self.settle(index, row, dept)
        if dept.audit is not None:
            self.audit.append(dept.audit)

    def settle(self, index: int, row: Row, dept: Department) -> None:
        """One criterion of one department: first decided option, then missing / not-applicable policies."""
        full, policy, na_full, na_key, score_key, codes, options = self.meta[index]
        remaining, last_why, taken = True, "", -1
        value, points, branch = math.nan, 0.0, 0
        detail: dict[str, Any] | None = None
        outcomes, observed = dept.outcomes, dept.observed
        for j, slot in enumerate(options):
            label, scored = outcomes[slot.key]
            seen = observed[slot.key]
            why = seen.why
            if remaining and label != MISSING:
                if scored.branch >= 0:
                    value, points, branch = seen.value, scored.points, codes[j][scored.branch]
                    taken, remaining, detail = j, False, scored.detail
                elif not why:
                    why = scored.why
            if remaining and not last_why:
                last_why = why
        if len(options) > 1:
            detail = dict(detail or {}, option=float(taken))
        error = detail is not None and detail.get("out_of_range") == 1.0
        excluded = needs_manual = na = False
        why_text = ""
        if remaining:
            why_text, branch, points = last_why, codes[-1][0], 0.0
            if policy == "exclude":
                excluded = True
            elif policy == "error":
                error = True
            elif policy == "manual":
                manual = row.get(score_key)
                if manual.present:
                    points = fclip(number(manual.value), 0.0, full)
                    detail = dict(detail or {}, manual=1.0)
                else:
                    needs_manual = True
        flag = row.raw(na_key)
        if flag is not None and flag == flag and flag != 0:
            branch, why_text, error, na = codes[-1][1], "", False, True
            if na_full:
                points = full
            else:
                points, excluded = 0.0, True
        points = round_half_up_scalar(points, self.point_decimals)
        choice = self.choices[index]
        if choice is not None:  # 择项: rescaled to the department's weight, or not chosen
            key, not_chosen = choice
            weight = row.raw(key)
            weight = weight if isinstance(weight, float) else math.nan
            unweighted = points if weight == weight else math.nan
            if weight == weight:
                points = round_half_up_scalar(points * weight / full, self.point_decimals)
            else:
                value, points, branch, why_text = math.nan, 0.0, not_chosen, ""
                excluded = na = error = needs_manual = False
            detail = dict(detail or {}, weight=weight, unweighted=unweighted)
        self.rows[index].append((value, points, branch, self.reasons.code(why_text), excluded, na, error,
                                 needs_manual))
        self.details[index].append(detail)

    def results(self) -> list[CriterionResult]:
        out: list[CriterionResult] = []
        for rows, details in zip(self.rows, self.details):
            columns = list(zip(*rows)) or [()] * len(self.FIELDS)
            result = CriterionResult(*(np.array(items, dtype) for items, dtype in zip(columns, self.FIELDS)))
            keys: dict[str, bool] = {}
            for detail in details:
                for key, item in (detail or {}).items():
                    keys[key] = keys.get(key, False) or isinstance(item, list)
            for key, is_object in keys.items():
                if is_object:
                    array = np.empty(len(details), dtype=object)
                    array[:] = [d.get(key) if d else None for d in details]
                else:
                    array = np.array([d.get(key, math.nan) if d else math.nan for d in details], dtype=float)
                result.detail[key] = array
            out.append(result)
        return out

    def run(self, rows: range) -> Part:
        for i in rows:
            self.department(i)
        return Part(self.results(), self.reasons.texts, self.audit)


def _off_exact_bands(value: SVal, raw: float, exact: tuple[float, ...], decimals: int) -> tuple[SVal, float | None]:
    """Scalar twin of :func:`engine.evaluate.vector.off_exact_bands`: a value that rounds onto an exact band
    ``[a, a]`` without being ``a`` meets the bands one step beyond ``a`` on its own side, shown unrounded."""
    rounded = number(value.value)
    cleaned = round_half_up_scalar(raw, 9)
    if rounded not in exact or cleaned == rounded or not math.isfinite(cleaned):
        return value, None
    step = 10.0 ** -decimals
    return SVal(round_half_up_scalar(rounded + (step if cleaned > rounded else -step), decimals)), cleaned


def _names_read(plan: Plan) -> set[str]:
    """Every input name a criterion can read: formulas, conditions, assessments, not-applicable marks."""
    read: set[str] = set()
    for c in plan.criteria:
        read.update(c.inputs)
        read.update((f"na.{c.id}", f"assessments.{c.id}.score", f"assessments.{c.id}.tier"))
        if c.choice:
            read.add(c.choice)
    return read


def _branch_codes(c, options: list[OptionSlot]) -> list[tuple[int, ...]]:
    """Per option, its shape's branch index → the criterion's branch code; last: (missing, not_applicable)."""
    prefix = (lambda j: f"option{j + 1}:") if len(options) > 1 else (lambda j: "")
    codes = [tuple(c.branches.index(prefix(j) + b) for b in slot.rules.branches) for j, slot in enumerate(options)]
    return codes + [(c.branches.index("missing"), c.branches.index("not_applicable"))]
