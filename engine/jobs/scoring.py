"""Scoring as whole tasks: compile a profile, pick a backend, read one department (a file or a mapping), score, build scorecards.

May import: every other package of ``perfscore.engine``; never ``perfscore.api`` or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ... import __version__
from ..backends import backend
from ..errors import PerfscoreError, Position, Problem
from ..inputs.batch import MetricBatch, batch_from_records, load_single, normalise_record
from ..rubric.plan import Plan, compile_profile
from ..rubric.profiles import load_profile
from ..evaluate.results import Results

SINGLE_SUFFIXES = (".yaml", ".yml", ".json")
TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet", ".tsv")
REPORT_SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass
class Scored:
    plan: Plan
    batch: MetricBatch
    results: Results


def compile_reference(profile: str) -> Plan:
    return compile_profile(load_profile(profile))


def read_metrics(path: Path, plan: Plan, **table_options: Any) -> MetricBatch:
    suffix = path.suffix.lower()
    if not path.exists():
        raise PerfscoreError(Problem(Position(str(path)), "找不到文件", "应为已有的指标文件"))
    criteria = {c.id for c in plan.criteria}
    vocabulary = plan.profile.vocabulary
    if suffix in SINGLE_SUFFIXES:
        return load_single(path, vocabulary, criteria, plan.choices)
    if suffix in TABLE_SUFFIXES:
        from ..tables.source import load_table

        return load_table(path, vocabulary, criteria, **{"choices": plan.choices, **table_options})
    raise PerfscoreError(Problem(Position(str(path)), f"不支持的文件类型 {suffix or '（无扩展名）'}",
                                 "应为部门文件 .yaml/.json、数据表 .csv/.xlsx/.parquet 或报告 .txt/.docx/.pdf"))


def read_mapping(data: Mapping[str, Any], plan: Plan, name: str = "<mapping>") -> MetricBatch:
    """One department from an in-memory mapping with the keys of a YAML metrics file; positions name ``name``."""
    where = Position(name)
    if not all(isinstance(key, str) for key in data):
        raise PerfscoreError(Problem(where, "指标映射的键应为文本（指标编号或中文名称）", "如 {'决算总支出': 8557.32}"))
    record, goals = normalise_record(dict(data), plan.profile.vocabulary, where, {c.id for c in plan.criteria},
                                     plan.choices)
    return batch_from_records([record], [goals], plan.profile.vocabulary, name, [1])


def read_department(path: Path, plan: Plan) -> MetricBatch:
    """One department from a metrics file (.yaml/.json) or a report (.txt/.docx/.pdf, extracted and checked)."""
    if path.suffix.lower() in REPORT_SUFFIXES:
        from ..reports.scoring import batch_from_report

        return batch_from_report(path, plan)
    batch = read_metrics(path, plan)
    if path.suffix.lower() in SINGLE_SUFFIXES:  # score says every finding check makes, with its severity
        from .checking import check_findings

        flags = [{"id": f"check:{f.id}", "severity": f.severity, "message": f.message, "evidence": f.evidence}
                 for f in check_findings(str(path))]
        if flags:
            batch.annotations = [{"flags": flags}]
    return batch


def score_batch(plan: Plan, batch: MetricBatch, engine: str = "vector") -> Scored:
    return Scored(plan, batch, backend(engine).evaluate(plan, batch))


def scorecards(scored: Scored) -> list[dict[str, Any]]:
    from ..evaluate import plausibility
    from ..render.scorecard import build_scorecards

    return build_scorecards(scored.results, __version__, plausibility.evaluate(scored.results))
