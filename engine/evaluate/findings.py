"""Audit findings and the audit rules (rules/audit.yaml) that chain over them: deductions, flags, grade caps.

A department's ``findings:`` (category, severity, amount in 万元, source) are
matched by the *finding rules* a profile switches on (``audit: {rules: […]}``);
a match may deduct points from a criterion (per finding, capped per rule), raise
a flag, or cap the grade. Raising a flag fires the *flag rules* on it, which may
raise further flags (chaining) and cap the grade.

Both backends use these semantics: the vector backend matches and chains in
plain Python (:func:`evaluate`); the rete backend compiles the same rules into
its ruleset and chains with facts (:class:`FindingsRules`). Either way the
matches and fired flag rules go through one :func:`settle`, and :func:`apply`
takes the deductions off the criteria, naming the finding behind each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import numpy as np

from ..errors import PerfscoreError, Position, Problem
from ..rubric.reader import Reader, suggest
from ..resources import rules_dir
from ..rete.num import edge, round_half_up, to_rule_int
from .results import GRADE_ORDER
from ..rounding import round_half_up as round_array
from ..units import parse_amount
from ..rubric.yamlio import MarkedDict, load_file

AMOUNT_DECIMALS = 4  # 万元 to 1元
SEVERITIES = ("error", "warning", "info")
FINDING_KEYS = ("category", "severity", "amount", "source")


@dataclass(frozen=True)
class Finding:
    index: int
    category: str
    severity: str
    amount: float | None
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"category": self.category, "severity": self.severity, "amount": self.amount, "source": self.source}


@dataclass(frozen=True)
class FlagSpec:
    id: str
    severity: str
    message: str


@dataclass(frozen=True)
class AuditRule:
    id: str
    name: str
    categories: tuple[str, ...] = ()  # finding rules: any of these (empty: any category)
    severities: tuple[str, ...] = ()
    amount_at_least: float | None = None
    on_flag: str | None = None  # flag rules: the flag that fires them
    deduct: tuple[str, float, float | None] | None = None  # (criterion, points per finding, max)
    flag: FlagSpec | None = None
    grade_cap: str | None = None
    position: Position = Position("<unknown>")

    def matches(self, finding: Finding) -> bool:
        if self.on_flag is not None:
            return False
        if self.categories and finding.category not in self.categories:
            return False
        if self.severities and finding.severity not in self.severities:
            return False
        if self.amount_at_least is not None:
            return finding.amount is not None and finding.amount >= self.amount_at_least
        return True


# -- loading ---------------------------------------------------------------------------------------


def _texts(reader: Reader, data: MarkedDict, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    reader.problem(data.where(key, value=True), f"{key!r} must be a text or a list of texts")
    return ()


def _rule(reader: Reader, item: MarkedDict) -> AuditRule | None:
    reader.keys(item, ("id", "name", "when", "then", "source"), ("id", "when", "then"), "an audit rule")
    when = reader.mapping(item.get("when"), item.where("when", value=True), "when")
    then = reader.mapping(item.get("then"), item.where("then", value=True), "then")
    if when is None or then is None:
        return None
    reader.keys(when, ("finding", "flag"), (), "when")
    reader.keys(then, ("deduct", "flag", "grade_cap"), (), "then")
    if ("finding" in when) == ("flag" in when):
        reader.problem(when.where(), "when: takes exactly one of finding: or flag:")
        return None
    fields: dict[str, Any] = {"id": reader.text(item, "id"), "name": reader.text(item, "name", reader.text(item, "id")),
                              "position": item.where()}
    if "finding" in when:
        test = reader.mapping(when["finding"], when.where("finding", value=True), "finding")
        if test is None:
            return None
        reader.keys(test, ("category", "severity", "amount_at_least"), (), "a finding test")
        fields.update(categories=_texts(reader, test, "category"), severities=_texts(reader, test, "severity"),
                      amount_at_least=reader.number(test, "amount_at_least", minimum=0))
    else:
        fields["on_flag"] = reader.text(when, "flag")
    if "deduct" in then:
        spec = reader.mapping(then["deduct"], then.where("deduct", value=True), "deduct")
        if spec is not None:
            reader.keys(spec, ("criterion", "points", "max"), ("criterion", "points"), "deduct")
            if "flag" in when:
                reader.problem(then.where("deduct"), "deduct: needs a finding (a flag rule cannot deduct)")
            fields["deduct"] = (reader.text(spec, "criterion"), reader.number(spec, "points", 0.0, minimum=0) or 0.0,
                                reader.number(spec, "max", minimum=0))
    if "flag" in then:
        spec = reader.mapping(then["flag"], then.where("flag", value=True), "flag")
        if spec is not None:
            reader.keys(spec, ("id", "severity", "message"), ("id", "message"), "flag")
            fields["flag"] = FlagSpec(reader.text(spec, "id"), reader.choice(spec, "severity", SEVERITIES, "warning"),
                                      reader.text(spec, "message"))
    if "grade_cap" in then:
        cap = reader.text(then, "grade_cap")
        if cap not in GRADE_ORDER:
            reader.problem(then.where("grade_cap", value=True), f"grade_cap {cap!r}", "one of 优, 良, 中, 差")
        else:
            fields["grade_cap"] = cap
    return AuditRule(**fields)


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> tuple[tuple[AuditRule, ...], dict[str, Any]]:
    """Every audit rule in rules/audit.yaml, and their raw mappings by id (for the profile hash)."""
    file = path or str(rules_dir() / "audit.yaml")
    data = load_file(file)
    reader = Reader()
    document = reader.mapping(data, Position(file), "an audit rule file")
    rules: list[AuditRule] = []
    raw: dict[str, Any] = {}
    if document is not None:
        reader.keys(document, ("audit",), ("audit",), "an audit rule file")
        entries = reader.sequence(document.get("audit"), document.where("audit", value=True), "audit") or []
        for index, entry in enumerate(entries):
            item = reader.mapping(entry, entries.where(index), "an audit rule")
            rule = _rule(reader, item) if item is not None else None
            if rule is not None:
                if rule.id in raw:
                    reader.problem(rule.position, f"duplicate audit rule id {rule.id!r}")
                rules.append(rule)
                raw[rule.id] = entry
    if reader.problems:
        raise PerfscoreError(reader.problems)
    return tuple(rules), raw


def select(ids: tuple[str, ...], criteria: set[str], where: Position) -> tuple[AuditRule, ...]:
    """The rules a profile switches on, checked: known ids, known criteria, flags that some rule raises."""
    rules, _ = load_rules()
    by_id = {r.id: r for r in rules}
    problems: list[Problem] = []
    chosen: list[AuditRule] = []
    for rule_id in ids:
        rule = by_id.get(rule_id)
        if rule is None:
            problems.append(Problem(where, f"unknown audit rule {rule_id!r}", suggest(rule_id, by_id) or
                                    f"an id from rules/audit.yaml ({', '.join(by_id)})"))
            continue
        if rule.deduct and rule.deduct[0] not in criteria:
            problems.append(Problem(rule.position, f"audit rule {rule.id!r} deducts from {rule.deduct[0]!r}, "
                                    "which this profile lacks", suggest(rule.deduct[0], criteria) or "a criterion id"))
        chosen.append(rule)
    raised = {r.flag.id for r in chosen if r.flag}
    for rule in chosen:
        if rule.on_flag is not None and rule.on_flag not in raised:
            problems.append(Problem(rule.position, f"audit rule {rule.id!r} waits for flag {rule.on_flag!r}, "
                                    "which no switched-on rule raises", "switch on the rule that raises it"))
    if problems:
        raise PerfscoreError(problems)
    return tuple(chosen)


# -- findings in -----------------------------------------------------------------------------------


def read_findings(raw: Any, where: Position) -> list[Finding]:
    """The ``findings:`` list of one department, normalised (amounts in 万元, 4 decimals)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PerfscoreError(Problem(where, "findings must be a list", "- {category: 挪用, amount: 12.5, source: …}"))
    found: list[Finding] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        here = raw.where(index) if hasattr(raw, "where") else where
        if not isinstance(item, dict):
            problems.append(Problem(here, f"finding {index + 1} must be a mapping", "category, severity, amount, source"))
            continue
        for key in item:
            if key not in FINDING_KEYS:
                problems.append(Problem(here, f"unknown finding key {key!r}", suggest(str(key), FINDING_KEYS)
                                        or ", ".join(FINDING_KEYS)))
        category = item.get("category")
        if not isinstance(category, str) or not category.strip():
            problems.append(Problem(here, f"finding {index + 1} lacks its category", "category: 挪用"))
            continue
        amount = _amount(item.get("amount"), here, problems)
        found.append(Finding(index, category.strip(), str(item.get("severity") or "").strip(), amount,
                             str(item.get("source") or "").strip()))
    if problems:
        raise PerfscoreError(problems)
    return found


def _amount(value: Any, where: Position, problems: list[Problem]) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
        return round_half_up(float(value), AMOUNT_DECIMALS)
    parsed = parse_amount(str(value)) if isinstance(value, str) else None
    if parsed is None or parsed.value_wan < 0:
        problems.append(Problem(where, f"finding amount {value!r} is not an amount of money",
                                "a number ≥ 0 in 万元, or 5,000元 / 1.2万元"))
        return None
    return round_half_up(float(parsed.value_wan), AMOUNT_DECIMALS)


# -- outcome ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deduction:
    rule: str
    criterion: str
    finding: Finding
    points: float


@dataclass
class DeptAudit:
    """One department: findings, (finding, rule) matches, fired flag rules, and what they settle to."""

    findings: list[Finding] = field(default_factory=list)
    matches: set[tuple[int, int]] = field(default_factory=set)  # (finding index, rule index)
    fired: set[int] = field(default_factory=set)  # flag rules fired
    raised: set[str] = field(default_factory=set)
    deductions: dict[str, list[Deduction]] = field(default_factory=dict)
    flags: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AuditOutcome:
    rules: tuple[AuditRule, ...]
    departments: list[DeptAudit]
    cap: np.ndarray  # index into GRADE_ORDER; 0 = no cap

    def criterion_deductions(self, i: int, criterion: str) -> list[Deduction]:
        return self.departments[i].deductions.get(criterion, [])


def settle(rules: tuple[AuditRule, ...], dept: DeptAudit) -> int:
    """Deductions (per rule capped, in finding order), flags and the grade cap (GRADE_ORDER index)."""
    used: dict[int, float] = {}
    cap = 0
    evidence: dict[str, list[dict[str, Any]]] = {}
    specs: dict[str, FlagSpec] = {}
    for finding in dept.findings:
        for r, rule in enumerate(rules):
            if (finding.index, r) not in dept.matches:
                continue
            if rule.deduct:
                criterion, each, most = rule.deduct
                room = each if most is None else max(0.0, min(each, most - used.get(r, 0.0)))
                used[r] = used.get(r, 0.0) + room
                if room > 0:
                    dept.deductions.setdefault(criterion, []).append(Deduction(rule.id, criterion, finding, room))
            if rule.flag:
                specs[rule.flag.id] = rule.flag
                evidence.setdefault(rule.flag.id, []).append({"rule": rule.id, "finding": finding.as_dict()})
            if rule.grade_cap:
                cap = max(cap, GRADE_ORDER.index(rule.grade_cap))
    for r in sorted(dept.fired):
        rule = rules[r]
        if rule.flag:
            specs[rule.flag.id] = rule.flag
            evidence.setdefault(rule.flag.id, []).append({"rule": rule.id, "flag": rule.on_flag})
        if rule.grade_cap:
            cap = max(cap, GRADE_ORDER.index(rule.grade_cap))
    dept.flags = [{"id": f"audit:{flag_id}", "severity": specs[flag_id].severity, "message": specs[flag_id].message,
                   "evidence": {"by": evidence[flag_id]}} for flag_id in specs]
    return cap


def chain(rules: tuple[AuditRule, ...], dept: DeptAudit) -> None:
    """The vector side: match every finding, then fire flag rules until no new flag is raised."""
    for finding in dept.findings:
        for r, rule in enumerate(rules):
            if rule.matches(finding):
                dept.matches.add((finding.index, r))
                if rule.flag:
                    dept.raised.add(rule.flag.id)
    changed = True
    while changed:
        changed = False
        for r, rule in enumerate(rules):
            if rule.on_flag in dept.raised and r not in dept.fired:
                dept.fired.add(r)
                changed = True
                if rule.flag:
                    dept.raised.add(rule.flag.id)


def evaluate(plan, batch) -> AuditOutcome | None:
    """Vector backend: the audit outcome of every department, or None when the profile has no audit rules."""
    rules = plan.profile.audit
    if not rules:
        return None
    departments = []
    cap = np.zeros(batch.n, np.int8)
    for i, record in enumerate(batch.records):
        dept = DeptAudit(read_findings(record.get("findings"), Position(batch.source, batch.row_numbers[i])))
        chain(rules, dept)
        cap[i] = settle(rules, dept)
        departments.append(dept)
    return AuditOutcome(rules, departments, cap)


def apply(plan, criteria: list, audit: AuditOutcome | None) -> None:
    """Take each department's deductions off its criteria (floor 0), rounded as points are."""
    if audit is None:
        return
    decimals = plan.profile.rounding.points
    index = {c.id: c.index for c in plan.criteria}
    for i, dept in enumerate(audit.departments):
        for criterion, deductions in dept.deductions.items():
            result = criteria[index[criterion]]
            total = sum(d.points for d in deductions)
            result.detail.setdefault("before_audit", np.full(len(result.points), np.nan))[i] = result.points[i]
            result.points[i] = round_array(max(result.points[i] - total, 0.0), decimals)


# -- rete side ----------------------------------------------------------------------------------------


class FindingsRules:
    """The audit rules as durable_rules rules over finding and flag facts; flags chain by asserting facts."""

    def __init__(self, rules: tuple[AuditRule, ...], where: Position):
        self.rules = rules
        self.where = where

    @classmethod
    def for_plan(cls, plan) -> "FindingsRules":
        return cls(plan.profile.audit, Position(plan.profile.path))

    def rule_specs(self) -> list:
        from ..rete.ruleset import RuleSpec

        if not self.rules:
            return []
        specs = [RuleSpec("finding:seen", "finding", "seen", ({"c": "finding"}, {"$ex": {"n": 1}})),
                 RuleSpec("flag:seen", "flag", "seen", ({"c": "flag"}, {"$ex": {"f": 1}}))]
        for r, rule in enumerate(self.rules):
            if rule.on_flag is not None:
                specs.append(RuleSpec(f"flag:{r}", "flag", str(r), ({"c": "flag"}, {"f": rule.on_flag})))
                continue
            tests: list[dict[str, Any]] = [{"c": "finding"}]
            for prop, values in (("cat", rule.categories), ("sev", rule.severities)):
                if len(values) == 1:
                    tests.append({prop: values[0]})
                elif values:
                    tests.append({"$or": [{prop: v} for v in values]})
            if rule.amount_at_least is not None:
                tests.append({"$gte": {"amt": edge(rule.amount_at_least, AMOUNT_DECIMALS, False, self.where)}})
            specs.append(RuleSpec(f"finding:{r}", "finding", str(r), tuple(tests)))
        return specs

    def outcome(self, departments: list[DeptAudit]) -> AuditOutcome | None:
        """Settle every department's matches and fired flag rules (same :func:`settle` as the vector side)."""
        if not self.rules:
            return None
        cap = np.array([settle(self.rules, dept) for dept in departments], np.int8)
        return AuditOutcome(self.rules, departments, cap)

    def facts(self, record: dict[str, Any], sid: str, i: int, dept, where: Position) -> list[dict[str, Any]]:
        """The department's finding facts (the department's audit state is set on ``dept.audit``)."""
        if not self.rules:
            return []
        dept.audit = DeptAudit(read_findings(record.get("findings"), where))
        facts = []
        for finding in dept.audit.findings:
            fact: dict[str, Any] = {"sid": sid, "d": i, "c": "finding", "n": finding.index, "cat": finding.category,
                                    "sev": finding.severity}
            if finding.amount is not None:
                fact["amt"] = to_rule_int(finding.amount, AMOUNT_DECIMALS)
            facts.append(fact)
        return facts

    def action(self, spec, current: Callable[[], Any]) -> Callable[[Any], None]:
        rules = self.rules

        def raise_flag(c: Any, audit: DeptAudit, i: int, flag: FlagSpec | None) -> None:
            if flag is not None and flag.id not in audit.raised:
                audit.raised.add(flag.id)
                c.assert_fact({"c": "flag", "d": i, "f": flag.id})

        def run(c: Any) -> None:
            dept = current()
            try:
                if dept is None or c.m["d"] != dept.row:
                    raise RuntimeError(f"rule {spec.name} fired for a department not being scored")
                if spec.label == "seen":
                    return
                r = int(spec.label)
                if spec.key == "finding":
                    dept.audit.matches.add((c.m["n"], r))
                else:
                    dept.audit.fired.add(r)
                raise_flag(c, dept.audit, dept.row, rules[r].flag)
            except BaseException as exc:  # durable_rules would swallow it
                if dept is not None:
                    dept.errors.append(exc)

        return run

