"""From a report to a scorable batch: extract metrics, run consistency checks, keep provenance.

Used by ``perfscore score REPORT``: extraction flags and check findings become
scorecard flags, and every metric used carries the text it came from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .checks import run_checks
from ..errors import Position
from .extract import extract_report
from ..inputs.batch import MetricBatch, batch_from_records, normalise_record
from ..rubric.plan import Plan

FLAG_NAMES = {"approx": "约数", "ambiguous": "存在多个不同数值", "unit_corrected": "单位已更正", "derived": "由分项推算",
              "inferred": "推断"}


def extraction_flags(extraction) -> list[dict[str, Any]]:
    flags = []
    for metric, item in extraction.items.items():
        for flag in item.flags:
            if flag not in FLAG_NAMES:
                continue
            candidates = [c.value for c in item.candidates] if flag == "ambiguous" else []
            message = f"{metric}：{FLAG_NAMES[flag]}（采用 {item.value}"
            message += f"，候选值 {'、'.join(str(c) for c in candidates)}）" if candidates else "）"
            flags.append({"id": f"extract:{flag}", "severity": "warning" if flag != "approx" else "info",
                          "message": message, "evidence": item.provenance.as_dict()})
    return flags


def batch_from_report(path: Path, plan: Plan) -> MetricBatch:
    extraction = extract_report(str(path))
    known = {c.id for c in plan.criteria}
    vocabulary = plan.profile.vocabulary
    usable = {k: v for k, v in extraction.metrics.items() if k in vocabulary}
    record, goals = normalise_record(usable, vocabulary, Position(str(path)), known, plan.choices)
    batch = batch_from_records([record], [goals], vocabulary, str(path), [1])
    findings = [{"id": f"check:{f.id}", "severity": f.severity, "message": f.message, "evidence": f.evidence}
                for f in run_checks(extraction)]
    provenance = {metric: item.provenance.as_dict() for metric, item in extraction.items.items() if metric in record}
    batch.annotations = [{"flags": extraction_flags(extraction) + findings, "provenance": provenance}]
    return batch
