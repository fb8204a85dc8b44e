"""The audit-rule model and its file, rules/audit.yaml: finding rules, flag rules, and the profile's selection.

A *finding rule* (``when: {finding: {category, severity, amount_at_least}}``) may
deduct points from a criterion per matching finding (capped per rule), raise a
flag, or cap the grade; a *flag rule* (``when: {flag: id}``) fires once its flag
is raised and may raise further flags and cap the grade. A profile switches rules
on with ``audit: {rules: [ids]}`` (:func:`select`). Matching findings against the
rules is evaluation (:mod:`engine.evaluate.findings`); reading a department's
findings is input (:mod:`engine.inputs.findings`).

Rubric layer: imports the shared leaves (errors, resources) and rubric modules only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import PerfscoreError, Position, Problem
from ..resources import rules_dir
from .parse import CANONICAL_GRADES
from .reader import Reader, suggest
from .yamlio import MarkedDict, load_file

SEVERITIES = ("error", "warning", "info")


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


def _texts(reader: Reader, data: MarkedDict, key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    reader.problem(data.where(key, value=True), f"键“{key}”的值应为文本或文本列表", f"例如 {key}: [甲, 乙]")
    return ()


def _rule(reader: Reader, item: MarkedDict) -> AuditRule | None:
    reader.keys(item, ("id", "name", "when", "then", "source"), ("id", "when", "then"), "审计规则")
    when = reader.mapping(item.get("when"), item.where("when", value=True), "条件“when”")
    then = reader.mapping(item.get("then"), item.where("then", value=True), "处理“then”")
    if when is None or then is None:
        return None
    reader.keys(when, ("finding", "flag"), (), "条件“when”")
    reader.keys(then, ("deduct", "flag", "grade_cap"), (), "处理“then”")
    if ("finding" in when) == ("flag" in when):
        reader.problem(when.where(), "条件 when: 须恰好写 finding: 或 flag: 之一", "应写 finding: {…} 或 flag: <标记编号>")
        return None
    fields: dict[str, Any] = {"id": reader.text(item, "id"), "name": reader.text(item, "name", reader.text(item, "id")),
                              "position": item.where()}
    if "finding" in when:
        test = reader.mapping(when["finding"], when.where("finding", value=True), "问题条件“finding”")
        if test is None:
            return None
        reader.keys(test, ("category", "severity", "amount_at_least"), (), "问题条件“finding”")
        fields.update(categories=_texts(reader, test, "category"), severities=_texts(reader, test, "severity"),
                      amount_at_least=reader.number(test, "amount_at_least", minimum=0))
    else:
        fields["on_flag"] = reader.text(when, "flag")
    if "deduct" in then:
        spec = reader.mapping(then["deduct"], then.where("deduct", value=True), "扣分“deduct”")
        if spec is not None:
            reader.keys(spec, ("criterion", "points", "max"), ("criterion", "points"), "扣分“deduct”")
            if "flag" in when:
                reader.problem(then.where("deduct"), "按标记触发的规则不能扣分（deduct: 只用于 finding: 规则）",
                               "应删去 deduct:，或把条件改为 finding:")
            fields["deduct"] = (reader.text(spec, "criterion"), reader.number(spec, "points", 0.0, minimum=0) or 0.0,
                                reader.number(spec, "max", minimum=0))
    if "flag" in then:
        spec = reader.mapping(then["flag"], then.where("flag", value=True), "标记“flag”")
        if spec is not None:
            reader.keys(spec, ("id", "severity", "message"), ("id", "message"), "标记“flag”")
            fields["flag"] = FlagSpec(reader.text(spec, "id"), reader.choice(spec, "severity", SEVERITIES, "warning"),
                                      reader.text(spec, "message"))
    if "grade_cap" in then:
        cap = reader.text(then, "grade_cap")
        if cap not in CANONICAL_GRADES:
            reader.problem(then.where("grade_cap", value=True), f"封顶等级 grade_cap: “{cap}”不是等级", "应为优、良、中、差之一")
        else:
            fields["grade_cap"] = cap
    return AuditRule(**fields)


def load_rules(path: str | None = None) -> tuple[tuple[AuditRule, ...], dict[str, Any]]:
    """Every audit rule in ``path`` (default: the installed rules/audit.yaml), and their raw mappings by id (for the
    profile hash and ``perfscore diff``); parsed once per version of the file (an edited file is read anew)."""
    file = path or str(rules_dir() / "audit.yaml")
    try:
        info = os.stat(file)
        version: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
    except OSError:
        version = None  # load_file says what is wrong with it
    return _load_rules(file, version)


@lru_cache(maxsize=8)
def _load_rules(file: str, version: tuple[int, int] | None) -> tuple[tuple[AuditRule, ...], dict[str, Any]]:
    """:func:`load_rules` of one version of ``file`` (``version``: its modification time and size, the cache key)."""
    data = load_file(file)
    reader = Reader()
    document = reader.mapping(data, Position(file), "审计规则文件")
    rules: tuple[AuditRule, ...] = ()
    raw: dict[str, Any] = {}
    if document is not None:
        reader.keys(document, ("audit",), ("audit",), "审计规则文件")
        entries = reader.sequence(document.get("audit"), document.where("audit", value=True), "审计规则“audit”") or []
        rules, raw = parse_rules(reader, [(entry, entries.where(index)) for index, entry in enumerate(entries)])
    if reader.problems:
        raise PerfscoreError(reader.problems)
    return rules, raw


def parse_rules(reader: Reader, entries: list[tuple[Any, Position]]) -> tuple[tuple[AuditRule, ...], dict[str, Any]]:
    """Audit rules from their mappings (an audit.yaml's list, or the rules a scorecard carries) and the mappings
    by id; problems go to ``reader``."""
    rules: list[AuditRule] = []
    raw: dict[str, Any] = {}
    for entry, where in entries:
        item = reader.mapping(entry, where, "审计规则")
        rule = _rule(reader, item) if item is not None else None
        if rule is not None:
            if rule.id in raw:
                reader.problem(rule.position, f"审计规则编号“{rule.id}”重复", "编号应唯一")
            rules.append(rule)
            raw[rule.id] = entry
    return tuple(rules), raw


def select(ids: tuple[str, ...], criteria: set[str], where: Position, file: str | None = None,
           given: tuple[AuditRule, ...] | None = None) -> tuple[AuditRule, ...]:
    """The rules a profile switches on from ``given`` (the rules a scorecard carries) or else ``file`` (default: the
    installed rules/audit.yaml), checked: known ids, known criteria, flags that some rule raises."""
    rules = given if given is not None else load_rules(file)[0]
    by_id = {r.id: r for r in rules}
    problems: list[Problem] = []
    chosen: list[AuditRule] = []
    for rule_id in ids:
        rule = by_id.get(rule_id)
        if rule is None:
            problems.append(Problem(where, f"未知的审计规则“{rule_id}”", suggest(rule_id, by_id) or
                                    f"应为 {file or 'rules/audit.yaml'} 中的规则编号（{'、'.join(by_id)}）"))
            continue
        if rule.deduct and rule.deduct[0] not in criteria:
            problems.append(Problem(rule.position, f"审计规则“{rule.id}”从评分项“{rule.deduct[0]}”扣分，"
                                    "但本评分方案没有该评分项", suggest(rule.deduct[0], criteria) or "应为本评分方案的评分项编号"))
        chosen.append(rule)
    raised = {r.flag.id for r in chosen if r.flag}
    for rule in chosen:
        if rule.on_flag is not None and rule.on_flag not in raised:
            problems.append(Problem(rule.position, f"审计规则“{rule.id}”等待标记“{rule.on_flag}”，"
                                    "但已启用的规则都不会发出该标记", "应同时启用发出该标记的规则"))
    if problems:
        raise PerfscoreError(problems)
    return tuple(chosen)
