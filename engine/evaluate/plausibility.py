"""Declarative plausibility flags (rules/plausibility.yaml) evaluated over metric columns."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import PerfscoreError
from ..rubric.expr import Expr
from ..rubric.reader import Reader
from ..resources import rules_dir
from .vexpr import Columns, Evaluator, _numeric
from ..rubric.yamlio import load_file

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class PlausibilityRule:
    id: str
    target: tuple[str, str]  # (metric_kind | metric | indicator_unit, value)
    when: Expr
    severity: str
    message: str


@lru_cache(maxsize=1)
def load_rules() -> tuple[PlausibilityRule, ...]:
    path = rules_dir() / "plausibility.yaml"
    data = load_file(path)
    reader = Reader()
    rules: list[PlausibilityRule] = []
    reader.keys(data, ("plausibility",), ("plausibility",), "合理性规则文件")
    for index, entry in enumerate(data.get("plausibility", [])):
        item = reader.mapping(entry, data["plausibility"].where(index), "合理性规则")
        if item is None:
            continue
        reader.keys(item, ("id", "applies_to", "when", "severity", "message"),
                    ("id", "applies_to", "when", "severity", "message"), "合理性规则")
        target = reader.mapping(item.get("applies_to"), item.where("applies_to", value=True), "适用对象“applies_to”")
        when = reader.expression(item, "when") if "when" in item else None
        if target is None or when is None or len(target) != 1:
            if target is not None and len(target) != 1:
                reader.problem(item.where("applies_to"), "适用对象 applies_to: 须恰好写一项",
                               "应为 metric_kind、metric 或 indicator_unit 之一")
            continue
        reader.keys(target, ("metric_kind", "metric", "indicator_unit"), (), "适用对象“applies_to”")
        key, value = next(iter(target.items()))
        rules.append(PlausibilityRule(reader.text(item, "id"), (str(key), str(value)), when,
                                      reader.choice(item, "severity", SEVERITIES, "warning"), reader.text(item, "message")))
    if reader.problems:
        raise PerfscoreError(reader.problems)
    return tuple(rules)


@dataclass(frozen=True)
class Hit:
    rule: PlausibilityRule
    subject: str  # metric id or criterion id
    label: str
    kind: str  # the value's kind, for formatting
    mask: np.ndarray
    values: np.ndarray


def evaluate(results) -> list[Hit]:
    """Every rule × subject whose condition holds for at least one department."""
    plan, batch = results.plan, results.batch
    vocabulary = plan.profile.vocabulary
    hits: list[Hit] = []
    columns = dict(batch.columns)  # the department's metrics, plus the value a rule looks at
    for rule in load_rules():
        kind, wanted = rule.target
        subjects: list[tuple[str, str, str, np.ndarray]] = []
        if kind == "indicator_unit":
            for c in plan.criteria:
                if c.unit == wanted and c.options[0].expr is not None:
                    subjects.append((c.id, c.criterion.name, "percent", results.criteria[c.index].value))
        else:
            for name, column in batch.columns.items():
                spec = vocabulary.get(name) if vocabulary else None
                if spec is None or column.dtype == object:
                    continue
                if (kind == "metric_kind" and spec.kind == wanted and not spec.signed) or (kind == "metric" and name == wanted):
                    subjects.append((name, spec.zh, spec.kind, column))
        for subject, label, value_kind, values in subjects:
            columns["value"] = values
            cond = Evaluator(Columns(columns, batch.n), results.reasons).evaluate(rule.when)
            mask = cond.present & (_numeric(cond) != 0)
            if mask.any():
                hits.append(Hit(rule, subject, label, value_kind, mask, values))
    return hits
