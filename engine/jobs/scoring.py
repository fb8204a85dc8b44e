"""The library's small public surface: load a profile, read metrics, score, and build scorecards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ... import __version__
from ..errors import PerfscoreError, Position, Problem
from ..inputs.batch import MetricBatch, load_single
from ..rubric.plan import Plan, compile_profile
from ..rubric.profiles import load_profile
from ..evaluate.results import Results

SINGLE_SUFFIXES = (".yaml", ".yml", ".json")
TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet", ".tsv")
REPORT_SUFFIXES = (".txt", ".docx", ".pdf")
ENGINES = ("vector", "rete")


@dataclass
class Scored:
    plan: Plan
    batch: MetricBatch
    results: Results


def compile_reference(profile: str) -> Plan:
    return compile_profile(load_profile(profile))


def backend(name: str):
    if name == "vector":
        from ..evaluate.vector import VectorBackend

        return VectorBackend()
    if name == "rete":
        from ..rete.backend import load_backend

        return load_backend()
    raise PerfscoreError(Problem(Position("--engine"), f"unknown engine {name!r}", f"one of {', '.join(ENGINES)}"))


def read_metrics(path: Path, plan: Plan, **table_options: Any) -> MetricBatch:
    suffix = path.suffix.lower()
    if not path.exists():
        raise PerfscoreError(Problem(Position(str(path)), "file not found", "an existing metrics file"))
    criteria = {c.id for c in plan.criteria}
    vocabulary = plan.profile.vocabulary
    if suffix in SINGLE_SUFFIXES:
        return load_single(path, vocabulary, criteria)
    if suffix in TABLE_SUFFIXES:
        from ..tables.source import load_table

        return load_table(path, vocabulary, criteria, **table_options)
    raise PerfscoreError(Problem(Position(str(path)), f"unsupported metrics file type {suffix or '(none)'}",
                                 "a .yaml/.json department, a .csv/.xlsx/.parquet table, or a .txt/.docx/.pdf report"))


def score_batch(plan: Plan, batch: MetricBatch, engine: str = "vector") -> Scored:
    return Scored(plan, batch, backend(engine).evaluate(plan, batch))


def scorecards(scored: Scored) -> list[dict[str, Any]]:
    from ..render.scorecard import build_scorecards

    return build_scorecards(scored.results, __version__)
