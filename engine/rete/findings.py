"""The audit rules on the rete backend: durable_rules rules over finding and flag facts; flags chain by facts.

Each switched-on finding rule (:mod:`engine.rubric.audit`) becomes one rule over
the department's finding facts (category, severity, and the amount as the
integer ``amt = amount × 10^4``, see :mod:`.num`); each flag rule one rule over
flag facts, which the actions assert as flags are raised. Two catch-all rules
("seen") make every fact fire. The facts come from the typed findings of the
batch (``batch.findings``), never from its raw records; the matches and fired
rules settle exactly as on the vector side (:func:`engine.evaluate.findings.settle`).

Rete layer: imports the shared leaves, rubric, inputs and evaluate modules, and rete siblings.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..errors import Position
from ..evaluate.findings import AuditOutcome, DeptAudit, settle
from ..inputs.findings import AMOUNT_DECIMALS, Finding
from ..rubric.audit import AuditRule, FlagSpec
from ..rubric.plan import Plan
from .num import edge, to_rule_int
from .ruleset import RuleSpec


class FindingsRules:
    """The audit rules as durable_rules rules over finding and flag facts; flags chain by asserting facts."""

    def __init__(self, rules: tuple[AuditRule, ...], where: Position):
        self.rules = rules
        self.where = where

    @classmethod
    def for_plan(cls, plan: Plan) -> "FindingsRules":
        return cls(plan.profile.audit, Position(plan.profile.path))

    def rule_specs(self) -> list[RuleSpec]:
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

    def facts(self, findings: list[Finding], sid: str, i: int, dept: Any) -> list[dict[str, Any]]:
        """The department's finding facts (the department's audit state is set on ``dept.audit``)."""
        if not self.rules:
            return []
        dept.audit = DeptAudit(findings)
        facts = []
        for finding in findings:
            fact: dict[str, Any] = {"sid": sid, "d": i, "c": "finding", "n": finding.index, "cat": finding.category,
                                    "sev": finding.severity}
            if finding.amount is not None:
                fact["amt"] = to_rule_int(finding.amount, AMOUNT_DECIMALS)
            facts.append(fact)
        return facts

    def action(self, spec: RuleSpec, current: Callable[[], Any]) -> Callable[[Any], None]:
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
