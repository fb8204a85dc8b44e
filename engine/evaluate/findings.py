"""Audit evaluation: findings matched against the switched-on audit rules, flags chained, outcomes settled.

A department's findings (:class:`~engine.inputs.findings.Finding`, parsed when the
batch was built and held in ``batch.findings``) are matched by the profile's
*finding rules* (:mod:`engine.rubric.audit`); a match may deduct points from a
criterion (per finding, capped per rule), raise a flag, or cap the grade. Raising a
flag fires the *flag rules* on it, which may raise further flags and cap the grade.

Both backends use these semantics: the vector backend matches and chains in plain
Python (:func:`evaluate`); the rete backend asserts finding and flag facts
(:mod:`engine.rete.findings`). Either way the matches and fired flag rules go
through one :func:`settle`, and :func:`apply` takes the deductions off the
criteria, naming the finding behind each.

Evaluate layer: imports the shared leaves, rubric and inputs modules, and evaluate siblings only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..inputs.batch import MetricBatch
from ..inputs.findings import Finding
from ..rounding import round_half_up
from ..rubric.audit import AuditRule, FlagSpec
from ..rubric.plan import Plan
from .results import GRADE_ORDER, CriterionResult


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


def matches(rule: AuditRule, finding: Finding) -> bool:
    """Whether a finding rule's test (categories, severities, least amount) holds for the finding."""
    if rule.on_flag is not None:
        return False
    if rule.categories and finding.category not in rule.categories:
        return False
    if rule.severities and finding.severity not in rule.severities:
        return False
    if rule.amount_at_least is not None:
        return finding.amount is not None and finding.amount >= rule.amount_at_least
    return True


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
            if matches(rule, finding):
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


def evaluate(plan: Plan, batch: MetricBatch) -> AuditOutcome | None:
    """Vector backend: the audit outcome of every department, or None when the profile has no audit rules."""
    rules = plan.profile.audit
    if not rules:
        return None
    departments = []
    cap = np.zeros(batch.n, np.int8)
    for i, found in enumerate(batch.findings):
        dept = DeptAudit(found)
        chain(rules, dept)
        cap[i] = settle(rules, dept)
        departments.append(dept)
    return AuditOutcome(rules, departments, cap)


def apply(plan: Plan, criteria: list[CriterionResult], audit: AuditOutcome | None,
          only: set[int] | None = None) -> None:
    """Take each department's deductions off its criteria (floor 0), rounded as points are; ``only``: the indices
    of the criteria to take them off (default all: a criterion scored again takes its deductions again)."""
    if audit is None:
        return
    decimals = plan.profile.rounding.points
    index = {c.id: c.index for c in plan.criteria}
    for i, dept in enumerate(audit.departments):
        for criterion, deductions in dept.deductions.items():
            if only is not None and index[criterion] not in only:
                continue
            result = criteria[index[criterion]]
            total = sum(d.points for d in deductions)
            result.detail.setdefault("before_audit", np.full(len(result.points), np.nan))[i] = result.points[i]
            result.points[i] = round_half_up(max(result.points[i] - total, 0.0), decimals)
