"""Consistency checks (勾稽) driven by rules/consistency.yaml.

``run_checks(extraction_or_metrics)`` runs every configured check: all kinds on an
:class:`Extraction` (a report), metric-level kinds only on a plain metrics mapping
(a metrics YAML/JSON file). Each :class:`.check_model.Finding` has an id, a severity, a Chinese
message and evidence (text span and numbers).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ..errors import PerfscoreError, Problem
from .check_kinds import KINDS, Context
from .check_model import SEVERITIES, Finding, Rule
from .model import Extraction
from ..resources import rules_dir
from ..inputs.batch import CoercionError, coerce
from ..rubric.vocabulary import load_vocabulary
from ..rubric.yamlio import load_file

@lru_cache(maxsize=4)
def load_rules(path: Path | None = None) -> tuple[Rule, ...]:
    """Load and validate the check configuration."""
    data = load_file(path or rules_dir() / "consistency.yaml")
    defaults = dict(data.get("defaults", {}))
    rules = []
    for index, entry in enumerate(data.get("checks", [])):
        where = data["checks"].where(index)
        for key in ("id", "kind", "severity"):
            if key not in entry:
                raise PerfscoreError(Problem(where, f"检查项缺少 {key}", "检查项应写 id、kind 和 severity"))
        if entry["kind"] not in KINDS:
            raise PerfscoreError(Problem(entry.where("kind", value=True), f"未知检查类型 {entry['kind']!r}",
                                         f"可选：{'、'.join(sorted(KINDS))}"))
        if entry["severity"] not in SEVERITIES:
            raise PerfscoreError(Problem(entry.where("severity", value=True), f"未知严重程度 {entry['severity']!r}",
                                         f"可选：{'、'.join(SEVERITIES)}"))
        params = {**defaults, **{k: v for k, v in entry.items() if k not in ("id", "kind", "severity")}}
        rules.append(Rule(str(entry["id"]), str(entry["kind"]), str(entry["severity"]), params))
    return tuple(rules)


def metrics_from_mapping(data: Mapping[str, Any]) -> dict[str, Any]:
    """Plain metric values from a metrics file: keys starting with ``_`` are skipped and known
    metrics are normalised like scoring input (``0.57万元`` → 0.57); a value that does not
    parse is kept as written, for the checks to report rather than to reject."""
    vocabulary = load_vocabulary()
    metrics: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key)
        if name.startswith("_") or value is None:
            continue
        spec = vocabulary.get(name)
        if spec is not None:
            try:
                value = coerce(spec, value)
            except CoercionError:
                pass
        metrics[name] = value
    return metrics


def run_checks(subject: Extraction | Mapping[str, Any], rules: tuple[Rule, ...] | None = None) -> list[Finding]:
    """Run the consistency checks on a report extraction or a metrics mapping."""
    extraction = subject if isinstance(subject, Extraction) else None
    metrics = extraction.metrics if extraction else metrics_from_mapping(subject)
    context = Context(metrics, extraction, load_vocabulary())
    findings: list[Finding] = []
    for rule in rules or load_rules():
        kind = KINDS[rule.kind]
        if kind.needs_document and extraction is None:
            continue
        findings.extend(kind.run(rule, context))
    return findings
