"""The audit rules two profiles switch on, compared: what a change to ``audit: {rules: […]}`` or to ``audit.yaml`` does.

A profile switches audit rules on by id (:mod:`.audit`); each rule is defined in the ``audit.yaml`` of the rules
the profile reads (the installed one, or that of the perfscore tree the profile lies in). A rule switched on by one
side only is added or removed (its whole effect in words, positioned at the profile's list of rules); a rule on
both sides is compared field by field as it is parsed — the categories, severities and least amount a finding
must have, the flag that fires it, the criterion it deducts from, the points per finding and at most, the flag it
raises, the grade it caps — each difference with both ``audit.yaml`` positions. Values are what a person reads: a
criterion by its Chinese name, a grade by the profile's label, a flag by its message.

May import: the shared leaves of ``perfscore.engine`` and the rubric modules only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Position
from .audit import AuditRule
from .changes import Change
from .model import Profile
from .yamldiff import key_position
from .yamlio import MarkedDict, MarkedList

# Each compared field of a rule and where in its audit.yaml mapping it is written.
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("name",)), ("category", ("when", "finding", "category")),
    ("severity", ("when", "finding", "severity")), ("amount_at_least", ("when", "finding", "amount_at_least")),
    ("on_flag", ("when", "flag")), ("deduct_criterion", ("then", "deduct", "criterion")),
    ("deduct_points", ("then", "deduct", "points")), ("deduct_max", ("then", "deduct", "max")),
    ("flag", ("then", "flag")), ("grade_cap", ("then", "grade_cap")),
)


@dataclass(frozen=True)
class AuditSide:
    """One profile, its effective document (where ``audit:`` lists the rules) and the raw audit.yaml mappings of
    the rules it switches on, by id."""

    profile: Profile
    document: MarkedDict
    raw: dict[str, Any]


def audit_changes(old: AuditSide, new: AuditSide) -> list[Change]:
    """Rules switched off, switched on, and each field of a rule on both sides that differs."""
    old_rules = {r.id: r for r in old.profile.audit}
    new_rules = {r.id: r for r in new.profile.audit}
    out: list[Change] = []
    for rule in old.profile.audit:
        if rule.id not in new_rules:
            out.append(Change("audit", rule.id, rule.name, rule_words(rule, old), None, _switched(old, rule.id),
                              _switched(new, None), action="removed"))
    for rule in new.profile.audit:
        if rule.id not in old_rules:
            out.append(Change("audit", rule.id, rule.name, None, rule_words(rule, new), _switched(old, None),
                              _switched(new, rule.id), action="added"))
    for rule in new.profile.audit:
        before = old_rules.get(rule.id)
        if before is None:
            continue
        was, now = rule_words(before, old), rule_words(rule, new)
        for name, path in FIELDS:
            if _meaning(before, name, old) != _meaning(rule, name, new):
                out.append(Change("audit", rule.id, rule.name, was[name], now[name],
                                  _at(old.raw.get(rule.id), path, before.position),
                                  _at(new.raw.get(rule.id), path, rule.position), field=(name,)))
    return out


def rule_words(rule: AuditRule, side: AuditSide) -> dict[str, Any]:
    """Every field of ``rule`` as a person reads it (plain data): lists of words, numbers, a criterion's name, a
    grade's label, a flag's message and severity; None where the rule has no such field."""
    criterion, points, most = rule.deduct if rule.deduct else (None, None, None)
    return {
        "name": rule.name, "category": list(rule.categories), "severity": list(rule.severities),
        "amount_at_least": rule.amount_at_least, "on_flag": _flag_message(rule.on_flag, side),
        "deduct_criterion": _criterion_name(criterion, side.profile), "deduct_points": points, "deduct_max": most,
        "flag": {"message": rule.flag.message, "severity": rule.flag.severity} if rule.flag else None,
        "grade_cap": _grade_label(rule.grade_cap, side.profile),
    }


def _meaning(rule: AuditRule, name: str, side: AuditSide) -> Any:
    """What a field means to a score (ids, not words: a criterion renamed elsewhere is that criterion's change)."""
    criterion, points, most = rule.deduct if rule.deduct else (None, None, None)
    values = {"name": rule.name, "category": frozenset(rule.categories), "severity": frozenset(rule.severities),
              "amount_at_least": rule.amount_at_least, "on_flag": _flag_message(rule.on_flag, side),
              "deduct_criterion": criterion, "deduct_points": points, "deduct_max": most,
              "flag": (rule.flag.message, rule.flag.severity) if rule.flag else None, "grade_cap": rule.grade_cap}
    return values[name]


def _flag_message(flag: str | None, side: AuditSide) -> str | None:
    """A flag by the message of the rule that raises it (flag ids are not for people)."""
    if flag is None:
        return None
    return next((r.flag.message for r in side.profile.audit if r.flag and r.flag.id == flag), flag)


def _criterion_name(criterion: str | None, profile: Profile) -> str | None:
    if criterion is None:
        return None
    return next((c.name for _, c in profile.criteria() if c.id == criterion), criterion)


def _grade_label(grade: str | None, profile: Profile) -> str | None:
    if grade is None:
        return None
    return next((band.label for band in profile.grades if band.grade == grade), grade)


def _at(raw: Any, path: tuple[str, ...], fallback: Position) -> Position:
    """Where ``path`` is written in a rule's mapping; the deepest mapping on the way where the rule lacks it."""
    here, where = raw, fallback
    for key in path:
        if not isinstance(here, MarkedDict):
            break
        where = key_position(here, key)
        if key not in here:
            break
        here = here[key]
    return where


def _switched(side: AuditSide, rule_id: str | None) -> Position:
    """Where the profile switches ``rule_id`` on (its item in ``audit: {rules: […]}``); for a rule it lacks (None),
    that list, else its ``audit:``, else the profile itself."""
    section = side.document.get("audit")
    rules = section.get("rules") if isinstance(section, MarkedDict) else None
    if isinstance(rules, MarkedList):
        if rule_id is not None and rule_id in rules:
            return rules.where(rules.index(rule_id))
        return section.where("rules", value=True)
    return side.document.where("audit", value=True) if "audit" in side.document else side.document.where()
