"""Batch speed (issue 3): evaluation vs a hand-written numpy floor, reasons, end to end vs pandas.read_csv (and
its stages one by one), 1M streamed RSS.

Measured run: ``python -m pytest tests/benchmarks/test_batch_speed.py --benchmark-enable -s`` (N = 10k and 100k;
add ``PERFSCORE_BENCH_1M=1`` for the 1M rows of the linear-growth table and the streamed RSS run). Every
median and ratio is printed, measured side by side in the same run. In the default test run
(``--benchmark-disable``) the same tests run once each as quick smoke tests on small tables.
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

from perfscore.engine.jobs import scoring as api
from perfscore.engine.tables.runner import (
    SLICE_ROWS, BatchOptions, finish_summary, run as run_batch, summary_part, write_summary_file,
)
from perfscore.engine.tables.breakdown import BreakdownWriter, breakdown_columns
from perfscore.engine.render.explain import Explainer
from perfscore.engine.rubric.model import Bands, Deduct, PerOccurrence, Proportional
from perfscore.engine.rounding import round_half_up
from perfscore.engine.tables.synth import SynthSpec, write_synthetic
from perfscore.engine.tables.source import TableOptions, TableSource
from perfscore.engine.evaluate.vector import CriterionEvaluator, VectorBackend
from perfscore.engine.evaluate.vexpr import Columns, Evaluator, Reasons

PLAN = api.compile_reference("mof2013")
MILLION = bool(os.environ.get("PERFSCORE_BENCH_1M"))
SIZES = {"10k": 10_000, "100k": 100_000}
SMOKE = {"10k": 1_000, "100k": 2_000}  # benchmark disabled (the default test run): small and quick

# The floor: every criterion whose value is a plain ratio or a metric, and every checklist of plain yes/no items,
# written by hand in numpy — 18 of the 28 criteria, 61 of the 100 points. The rest (tiers, manual scores, the
# goal table, dates in the disclosure checklist, the two-option carryover, the three-year 三公 change) are not.
RATIOS = {
    "staff_control": ("staff_actual", "staff_authorized"),
    "key_spend": ("key_project_spend", "budget_project"),
    "budget_completion": ("final_total", "budget_adjusted_total"),
    "budget_adjustment": ("budget_adjustment", "budget_total"),  # abs() of the numerator
    "public_funds_control": ("final_public_funds", "budget_public_funds"),
    "sangong_control": ("sangong_actual", "sangong_budget"),
    "procurement_execution": ("final_procurement", "budget_procurement"),
    "asset_utilization": ("fixed_assets_in_use", "fixed_assets_original"),
    "actual_completion": ("key_tasks_done", "key_tasks_planned"),
    "timely_completion": ("key_tasks_on_time", "key_tasks_planned"),
    "quality_compliance": ("key_tasks_quality_ok", "key_tasks_planned"),
    "key_task_closure": ("key_tasks_assigned_done", "key_tasks_assigned"),
    "satisfaction": ("satisfaction_pct", None),
    "funds_compliance": ("audit_findings", None),
}
CHECKLISTS = {"goal_clarity": ("goal_decomposed", "goal_measurable", "goal_matches_budget"),
              "finance_rules": ("has_finance_rules", "finance_rules_compliant", "finance_rules_enforced"),
              "asset_rules": ("has_asset_rules", "asset_rules_compliant", "asset_rules_enforced"),
              "asset_safety": ("assets_intact", "assets_allocation_reasonable", "assets_disposal_compliant",
                               "assets_reconciled", "asset_income_remitted")}
FLOOR = [c for c in PLAN.criteria if c.id in RATIOS or c.id in CHECKLISTS]


def median_seconds(function, repeat: int = 5) -> float:
    return median_wall_and_cpu(function, repeat)[0]


def median_wall_and_cpu(function, repeat: int = 5) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of the whole process (every thread) over ``repeat`` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


_TABLES: dict[int, tuple[Path, object]] = {}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")

    def get(n: int):
        if n not in _TABLES:
            path = folder / f"d{n}.csv"
            write_synthetic(PLAN, SynthSpec(n, 11), path)
            source = TableSource(path, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria},
                                 TableOptions(goals=goals_of(path)))
            _TABLES[n] = (path, next(source.chunks()))
        return _TABLES[n]

    yield get
    _TABLES.clear()


def goals_of(path: Path) -> Path:
    return path.with_name(f"{path.stem}.goals.csv")


def size(benchmark, label: str) -> int:
    return SMOKE[label] if benchmark.disabled else SIZES[label]


def numpy_floor(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The same scores written by hand: value rounded half up to 2 decimals, shape, missing → 0, points rounded."""
    out = {}
    for c in FLOOR:
        shape = c.options[0].scoring
        if c.id in CHECKLISTS:
            points = np.zeros(len(next(iter(columns.values()))))
            for item in shape.items:
                flag = columns[item.when.name]
                points = points + np.where(flag == 1, item.points, 0.0)
            out[c.id] = round_half_up(points, 2)
            continue
        top, bottom = RATIOS[c.id]
        numerator = np.abs(columns[top]) if c.id == "budget_adjustment" else columns[top]
        with np.errstate(divide="ignore", invalid="ignore"):
            value = numerator if bottom is None else np.where(columns[bottom] == 0, np.nan,
                                                              numerator / columns[bottom] * 100)
        value = round_half_up(value, 2)
        if isinstance(shape, Deduct):
            excess = value - shape.threshold if shape.direction == "above" else shape.threshold - value
            steps = np.floor(np.round(excess / shape.per, 9))
            assert shape.partial == "floor"
            points = np.where(excess > 0, np.maximum(c.points - steps * shape.deduct, shape.floor), c.points)
        elif isinstance(shape, Proportional):
            points = c.points * np.clip(np.nan_to_num(value / shape.target), 0, 1)
            if shape.cutoff is not None:
                points = np.where(value < shape.cutoff, 0.0, points)
        elif isinstance(shape, PerOccurrence):
            points = np.maximum(c.points - np.minimum(np.maximum(value, 0) * shape.deduct, shape.max_deduct), 0)
        else:
            assert isinstance(shape, Bands)
            conditions = [(value >= b.interval.low if b.interval.low_inclusive else value > b.interval.low)
                          & (value <= b.interval.high if b.interval.high_inclusive else value < b.interval.high)
                          for b in shape.bands]
            points = np.select(conditions, [b.points for b in shape.bands], 0.0)
        out[c.id] = round_half_up(np.where(np.isnan(value), 0.0, points), 2)  # missing → 0 (policy zero)
    return out


def engine_floor_criteria(batch) -> dict[str, np.ndarray]:
    evaluator = Evaluator(Columns(batch.columns, batch.n), Reasons())
    return {c.id: CriterionEvaluator(PLAN, c, evaluator, batch).run().points for c in FLOOR}


@pytest.mark.parametrize("label", list(SIZES))
def test_evaluation_speed_and_floor(tables, benchmark, label):
    n = size(benchmark, label)
    _, chunk = tables(n)
    batch = chunk.batch
    keep = np.ones(n, bool)

    def evaluate_with_breakdown():
        results = VectorBackend().evaluate(PLAN, batch)
        return results, breakdown_columns(results, keep, chunk.derived, reasons=False)

    results, columns = benchmark.pedantic(evaluate_with_breakdown, rounds=5, iterations=1, warmup_rounds=1)
    assert len(columns["score"]) == n * len(PLAN.criteria)
    floor = numpy_floor(batch.columns)
    engine = engine_floor_criteria(batch)
    for c in FLOOR:  # the floor is honest: it computes exactly the engine's scores
        np.testing.assert_array_equal(floor[c.id], engine[c.id], err_msg=c.id)
        np.testing.assert_array_equal(floor[c.id], results.criteria[c.index].points, err_msg=c.id)
    repeat = 15 if not benchmark.disabled else 1
    full = median_seconds(evaluate_with_breakdown, repeat)
    floor_time = median_seconds(lambda: numpy_floor(batch.columns), repeat)
    engine_time = median_seconds(lambda: engine_floor_criteria(batch), repeat)
    print(f"\nN={n}: whole profile + breakdown arrays {full * 1e3:.1f} ms = {n / full:,.0f} departments/s; "
          f"the floor's {len(FLOOR)} criteria ({sum(c.points for c in FLOOR):g} points): engine "
          f"{engine_time * 1e3:.1f} ms vs numpy {floor_time * 1e3:.1f} ms = {engine_time / floor_time:.1f}×; "
          f"whole profile + breakdown vs that floor = {full / floor_time:.1f}×")
    if not benchmark.disabled:
        assert n / full >= 200_000
        assert engine_time <= 10 * floor_time


@pytest.mark.parametrize("label", list(SIZES))
def test_reason_rendering(tables, benchmark, label):
    """The cost of rendering every reason of every department (lazily rendered otherwise)."""
    n = size(benchmark, label)
    _, chunk = tables(n)
    results = VectorBackend().evaluate(PLAN, chunk.batch)
    keep = np.ones(n, bool)

    def render():
        return breakdown_columns(results, keep, chunk.derived, reasons=True)["reason"]

    texts = benchmark.pedantic(render, rounds=3, iterations=1)
    assert len(texts) == n * len(PLAN.criteria)
    seconds = median_seconds(render, 3 if not benchmark.disabled else 1)
    explainer = Explainer(results)
    sample = range(0, n, max(1, n // 500))  # the vectorised texts are the one-at-a-time texts
    assert [str(texts[i * len(PLAN.criteria) + j]) for i in sample for j in range(len(PLAN.criteria))] == \
        [explainer.reason(c, i) for i in sample for c in PLAN.criteria]
    print(f"\nN={n} reasons: {len(texts):,} texts in {seconds:.2f} s = {n / seconds:,.0f} departments/s")


def test_end_to_end_vs_read_csv(tables, benchmark, tmp_path):
    """CSV → summary CSV + Parquet breakdown, in process and through the CLI, vs pandas.read_csv of the same file."""
    import pandas as pd

    n = size(benchmark, "100k")
    path, _ = tables(n)
    repeat = 3 if not benchmark.disabled else 1
    read, read_cpu = median_wall_and_cpu(lambda: pd.read_csv(path), repeat)
    lines = []
    for label, reasons in (("numbers only (--no-reasons)", False), ("with reason text", True)):
        def in_process():
            options = BatchOptions("csv", tmp_path / "s.csv", tmp_path / "b.parquet", tmp_path / "r.csv",
                                   goals_of(path), reasons=reasons, quiet=True)
            return run_batch(path, PLAN, options)

        outcome = benchmark.pedantic(in_process, rounds=1, iterations=1) if not reasons else in_process()
        assert outcome.scored == n
        inside, inside_cpu = median_wall_and_cpu(in_process, repeat)
        command = [sys.executable, "-m", "perfscore.cli", "score", str(path), "--goals", str(goals_of(path)), "-o",
                   str(tmp_path / "s.csv"), "--breakdown", str(tmp_path / "b.parquet"), "--quiet"]
        command += [] if reasons else ["--no-reasons"]
        cli = median_seconds(lambda: subprocess.run(command, check=True, capture_output=True), repeat)
        lines.append(f"N={n} end to end, {label}: in process {inside:.2f} s = {inside / read:.1f}× "
                     f"pandas.read_csv {read:.2f} s (CPU {inside_cpu:.2f} s vs {read_cpu:.2f} s = "
                     f"{inside_cpu / read_cpu:.1f}×); CLI (interpreter start and imports included) {cli:.2f} s "
                     f"= {cli / read:.1f}×")
    print("\n" + "\n".join(lines))


def test_end_to_end_stages(tables, benchmark, tmp_path):
    """Where the end-to-end time goes: each stage of a 100k run alone, medians side by side with read_csv."""
    import pandas as pd

    n = size(benchmark, "100k")
    path, _ = tables(n)
    repeat = 3 if not benchmark.disabled else 1
    needed = frozenset(name for c in PLAN.criteria for name in c.inputs)

    def read_input():
        source = TableSource(path, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria},
                             TableOptions(goals=goals_of(path), needed=needed))
        return list(source.chunks(SLICE_ROWS))

    chunks = read_input()

    def evaluate(reasons: bool):
        scored = []
        for chunk in chunks:
            results = VectorBackend().evaluate(PLAN, chunk.batch)
            keep = np.ones(chunk.batch.n, bool)
            scored.append((summary_part(results, keep), breakdown_columns(results, keep, chunk.derived, reasons)))
        return scored

    def encode(scored, reasons: bool):
        writer = BreakdownWriter(tmp_path / "b.parquet", reasons)
        for _, arrays in scored:
            writer.write(arrays)
        writer.close()

    def summarise(scored):
        parts = [dict(part) for part, _ in scored]  # finish_summary takes the parts' arrays as it joins them
        write_summary_file(finish_summary(parts, PLAN), tmp_path / "s.csv", "csv")

    plain, with_reasons = evaluate(False), evaluate(True)
    assert sum(len(part["total"]) for part, _ in plain) == n
    stages = [("pandas.read_csv (the yardstick)", lambda: pd.read_csv(path)),
              ("read + convert + keys + goal rows", read_input),
              ("evaluation + breakdown arrays", lambda: evaluate(False)),
              ("  … with every reason rendered", lambda: evaluate(True)),
              ("Parquet breakdown, numbers only", lambda: encode(plain, False)),
              ("  … with reasons", lambda: encode(with_reasons, True)),
              ("summary: rank + CSV", lambda: summarise(plain))]
    timings = [(label, *median_wall_and_cpu(function, repeat)) for label, function in stages]
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    read = timings[0][1]
    cores = len(os.sched_getaffinity(0))
    print(f"\nN={n} stages, each alone (a batch run overlaps the Parquet encoding with the evaluation); "
          f"CPU is every thread's, {cores} cores:")
    for label, seconds, cpu in timings:
        print(f"  {label:<36} {seconds * 1e3:8.1f} ms  {seconds / read:5.2f}× read_csv   CPU {cpu * 1e3:7.1f} ms")
    # The numbers-only run does stages 2, 3, 5 and 7; however well they overlap, it cannot finish before its
    # CPU time spread over every core.
    work = sum(timings[k][2] for k in (1, 2, 4, 6))
    print(f"  CPU of a numbers-only run {work:.2f} s over {cores} cores: no faster than {work / cores:.2f} s "
          f"= {work / cores / read:.1f}× read_csv")
    assert work > 0


def test_linear_growth(tables, benchmark):
    """Evaluation time per department at 10k, 100k (and 1M with PERFSCORE_BENCH_1M=1): one table."""
    sizes = [SMOKE["10k"], SMOKE["100k"]] if benchmark.disabled else \
        [10_000, 100_000] + ([1_000_000] if MILLION else [])
    rows = []
    for n in sizes:
        path, chunk = tables(n)
        keep = np.ones(n, bool)
        whole = median_seconds(lambda: breakdown_columns(VectorBackend().evaluate(PLAN, chunk.batch), keep,
                                                         chunk.derived, reasons=False), 3)
        source = TableSource(path, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria},
                             TableOptions(goals=goals_of(path)))
        pieces = list(source.chunks(SLICE_ROWS))  # as a batch run scores: slice by slice

        def sliced():
            for piece in pieces:
                breakdown_columns(VectorBackend().evaluate(PLAN, piece.batch), np.ones(piece.batch.n, bool),
                                  piece.derived, reasons=False)

        rows.append((n, whole, median_seconds(sliced, 3)))
    print(f"\n        N   one array: ms   departments/s   µs/dept   in {SLICE_ROWS:,}-row slices: ms   "
          f"departments/s   µs/dept")
    for n, whole, sliced_time in rows:
        print(f"{n:>9,}   {whole * 1e3:>13.1f}   {n / whole:>13,.0f}   {whole / n * 1e6:>7.2f}   "
              f"{sliced_time * 1e3:>24.1f}   {n / sliced_time:>13,.0f}   {sliced_time / n * 1e6:>7.2f}")
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)


def test_streamed_peak_rss(tmp_path, benchmark):
    """1M rows streamed with --chunk-size (PERFSCORE_BENCH_1M=1); otherwise a small streamed run, same checks."""
    n, chunk = (1_000_000, 50_000) if MILLION else (5_000, 1_000)
    path = tmp_path / "m.csv"
    write_synthetic(PLAN, SynthSpec(n, 11), path)
    command = [sys.executable, "-m", "perfscore.cli", "score", str(path), "--goals", str(goals_of(path)),
               "-o", str(tmp_path / "s.csv"), "--breakdown", str(tmp_path / "b.parquet"),
               "--chunk-size", str(chunk), "--no-reasons", "--quiet"]
    # VmHWM is this process's own high-water mark (getrusage's ru_maxrss would carry over the forking
    # pytest process's, across exec).
    probe = ("import re, runpy, sys; sys.argv = ['perfscore', *sys.argv[1:]]; "
             "exit_code = 0\ntry: runpy.run_module('perfscore.cli', run_name='__main__')\n"
             "except SystemExit as e: exit_code = e.code or 0\n"
             "hwm = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read())[1]\n"
             "print('peak_rss_kb', hwm, file=sys.stderr); sys.exit(exit_code)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", probe, *command[3:]], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    rss_kb = int(re.search(r"peak_rss_kb (\d+)", result.stderr)[1])
    print(f"\nN={n:,} streamed (--chunk-size {chunk}): {seconds:.1f} s = {n / seconds:,.0f} departments/s, "
          f"peak RSS {rss_kb / 1024:.0f} MB")
    assert f"读取 {n} 行" in result.stderr
    assert rss_kb < 1.5 * 1024 * 1024
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
