"""Batch speed (issue 3): evaluation vs a hand-written numpy floor, reasons, end to end vs pandas.read_csv, 1M streamed RSS.

Run: ``pytest tests/benchmarks/test_batch_speed.py --benchmark-enable -s``; the 1M test only with
``PERFSCORE_BENCH_1M=1`` (it writes a ~1M-row table). Medians and ratios are printed, not only timed.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from perfscore.engine import api
from perfscore.engine.breakdown import breakdown_columns
from perfscore.engine.explain import Explainer
from perfscore.engine.model import Deduct, Proportional
from perfscore.engine.synth import SynthSpec, write_synthetic
from perfscore.engine.table_input import TableOptions, TableSource
from perfscore.engine.vector import CriterionEvaluator, VectorBackend
from perfscore.engine.vexpr import Columns, Evaluator, Reasons

PLAN = api.compile_reference("mof2013")
FLOOR_CRITERIA = ("staff_control", "sangong_control", "budget_completion", "public_funds_control",
                  "procurement_execution", "satisfaction")
RATIOS = {"staff_control": ("staff_actual", "staff_authorized"), "sangong_control": ("sangong_actual", "sangong_budget"),
          "budget_completion": ("final_total", "budget_adjusted_total"),
          "public_funds_control": ("final_public_funds", "budget_public_funds"),
          "procurement_execution": ("final_procurement", "budget_procurement"), "satisfaction": ("satisfaction_pct", None)}


def median_seconds(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@pytest.fixture(scope="module", params=[10_000, 100_000], ids=["10k", "100k"])
def table(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / f"d{request.param}.csv"
    write_synthetic(PLAN, SynthSpec(request.param, 11), path)
    source = TableSource(path, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria},
                         TableOptions(goals=path.with_name(f"{path.stem}.goals.csv")))
    return request.param, path, next(source.chunks())


def numpy_floor(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The same scores written by hand in numpy: ratio, 2-decimal rounding, deduct/proportional, missing → 0."""
    out = {}
    for c in PLAN.criteria:
        if c.id not in FLOOR_CRITERIA:
            continue
        top, bottom = RATIOS[c.id]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = columns[top] if bottom is None else np.where(columns[bottom] == 0, np.nan,
                                                                 columns[top] / columns[bottom] * 100)
        value = np.floor(np.round(value, 9) * 100 + 0.5) / 100
        shape = c.options[0].scoring
        if isinstance(shape, Deduct):
            excess = value - shape.threshold if shape.direction == "above" else shape.threshold - value
            steps = np.floor(np.round(excess / shape.per, 9)) if shape.partial == "floor" else np.round(excess / shape.per, 9)
            points = np.where(excess > 0, np.maximum(c.points - steps * shape.deduct, shape.floor), c.points)
        else:
            assert isinstance(shape, Proportional)
            points = c.points * np.clip(value / shape.target, 0, 1)
            if shape.cutoff is not None:
                points = np.where(value < shape.cutoff, 0.0, points)
        out[c.id] = np.round(np.where(np.isnan(value), 0.0, points), 2)  # missing → 0 (policy zero)
    return out


def engine_criteria(batch) -> dict[str, np.ndarray]:
    evaluator = Evaluator(Columns(batch.columns, batch.n), Reasons())
    return {c.id: CriterionEvaluator(PLAN, c, evaluator, batch).run().points for c in PLAN.criteria
            if c.id in FLOOR_CRITERIA}


def test_evaluation_speed_and_floor(table, benchmark):
    n, _, chunk = table
    batch = chunk.batch
    keep = np.ones(n, bool)

    def evaluate_with_breakdown():
        results = VectorBackend().evaluate(PLAN, batch)
        return results, breakdown_columns(results, keep, chunk.derived, reasons=False)

    results, _ = benchmark.pedantic(evaluate_with_breakdown, rounds=5, iterations=1, warmup_rounds=1)
    full = benchmark.stats.stats.median
    floor = numpy_floor(batch.columns)
    engine = engine_criteria(batch)
    for name in FLOOR_CRITERIA:  # the floor computes the same scores
        assert np.mean(floor[name] == engine[name]) > 0.999, name
    floor_time = median_seconds(lambda: numpy_floor(batch.columns))
    engine_time = median_seconds(lambda: engine_criteria(batch))
    print(f"\nN={n}: full profile + breakdown arrays {full * 1e3:.1f} ms = {n / full:,.0f} departments/s; "
          f"{len(FLOOR_CRITERIA)} criteria: engine {engine_time * 1e3:.1f} ms vs numpy {floor_time * 1e3:.1f} ms "
          f"= {engine_time / floor_time:.1f}×")
    assert n / full >= 200_000
    assert engine_time <= 10 * floor_time


def test_reason_rendering(table, benchmark):
    n, _, chunk = table
    results = VectorBackend().evaluate(PLAN, chunk.batch)
    rows = range(min(n, 10_000))

    def render():
        explainer = Explainer(results)
        return [explainer.reason(c, i) for i in rows for c in PLAN.criteria]

    texts = benchmark.pedantic(render, rounds=3, iterations=1)
    seconds = benchmark.stats.stats.median
    print(f"\nreasons: {len(texts):,} texts in {seconds:.2f} s = {len(rows) / seconds:,.0f} departments/s")


def test_end_to_end_vs_read_csv(table, tmp_path):
    n, path, _ = table
    if n != 100_000:
        pytest.skip("end to end is measured at 100k")
    import pandas as pd

    goals = path.with_name(f"{path.stem}.goals.csv")
    read = median_seconds(lambda: pd.read_csv(path), 3)
    command = [sys.executable, "-m", "perfscore.cli", "score", str(path), "--goals", str(goals), "-o",
               str(tmp_path / "s.csv"), "--breakdown", str(tmp_path / "b.parquet"), "--quiet"]
    for label, extra in (("numbers", ["--no-reasons"]), ("with reasons", [])):
        run = median_seconds(lambda: subprocess.run(command + extra, check=True, capture_output=True), 3)
        print(f"\nN={n} end to end ({label}) {run:.2f} s vs pandas.read_csv {read:.2f} s = {run / read:.1f}×")


@pytest.mark.skipif(not os.environ.get("PERFSCORE_BENCH_1M"), reason="set PERFSCORE_BENCH_1M=1 (writes ~1M rows)")
def test_million_streamed_peak_rss(tmp_path):
    path = tmp_path / "m.csv"
    write_synthetic(PLAN, SynthSpec(1_000_000, 11), path)
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "perfscore.cli", "score", str(path), "--goals",
               str(tmp_path / "m.goals.csv"), "-o", str(tmp_path / "s.csv"), "--breakdown", str(tmp_path / "b.parquet"),
               "--chunk-size", "50000", "--no-reasons", "--quiet"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)[1])
    print(f"\nN=1M streamed: {seconds:.1f} s, peak RSS {rss_kb / 1024:.0f} MB")
    assert rss_kb < 1.5 * 1024 * 1024
