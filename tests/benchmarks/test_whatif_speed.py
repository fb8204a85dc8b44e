"""``perfscore whatif`` speed (issue 16): one department against ``score`` of it, and 100k departments against one
batch evaluation of the same table.

Measured run: ``python -m pytest tests/benchmarks/test_whatif_speed.py --benchmark-enable -s``. Inputs are
synthesised once, outside every timing. Timings are interleaved round by round, so machine load falls on all
alike; each is the median of its rounds, printed side by side:

* one department (``examples/demo_full_department.yaml``): ``api.whatif(PATH).render("table")`` — read, score,
  analyse, the Chinese text — against ``api.score(PATH).render("table")``, the scorecard as ``score`` prints it;
  at most 2×;
* 100k departments (a Parquet table with its goal rows): the whatif analysis (:func:`whatif_table`: read, score,
  analyse every department's way to 优 as arrays) against the lean batch evaluation (the batch runner reading and
  scoring the same table into its summary, no file written); at most 3×. Printed beside: the batch as
  ``perfscore score TABLE -o s.csv`` writes it (summary CSV and breakdown), and, once, whatif with every
  department laid out as the CSV text ``-o way.csv`` writes (not held to the bound);
* the CSV of 100k departments (``perfscore whatif d100k.csv -o way.csv``, a CSV table with its goal rows) against
  ``perfscore score d100k.csv -o s.csv --breakdown b.csv``, both whole (read, score, write), and the writers
  alone: whatif's CSV from a ready analysis against the summary-and-breakdown run less the summary-only run (the
  breakdown writer's share); wall and CPU time; the whole whatif command at most 3×.

In the default test run (``--benchmark-disable``) each runs once, on 2,000 departments for the table, as a
smoke test without the bounds.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from perfscore import api
from perfscore.engine.jobs.whatif import whatif_table
from perfscore.engine.tables.runner import BatchOptions, run as run_batch

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo_full_department.yaml"
ONE_BOUND, TABLE_BOUND = 2.0, 3.0


def _interleaved(functions: dict, rounds: int) -> dict[str, float]:
    walls: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            walls[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in walls.items()}


def test_whatif_one_department_within_2x_of_score(benchmark):
    def whatif():
        return api.whatif(DEMO).render("table", 80)

    def score():
        return api.score(DEMO).render("table", 80)

    text = benchmark.pedantic(whatif, rounds=1, iterations=1, warmup_rounds=0 if benchmark.disabled else 1)
    assert "最少改动" in text and "示例县农业农村局" in score()
    if benchmark.disabled:
        return
    medians = _interleaved({"whatif": whatif, "score": score}, 21)
    print(f"\none department (medians of 21 interleaved rounds; a shared machine): whatif {medians['whatif'] * 1000:.1f} ms; "
          f"score {medians['score'] * 1000:.1f} ms → {medians['whatif'] / medians['score']:.2f}×")
    assert medians["whatif"] <= ONE_BOUND * medians["score"]


def test_whatif_100k_within_3x_of_one_batch_evaluation(benchmark, tmp_path_factory):
    n = 2_000 if benchmark.disabled else 100_000
    folder = tmp_path_factory.mktemp("whatiftable")
    table = folder / "departments.parquet"
    goals = folder / "departments.goals.parquet"
    api.synth(table, n, seed=7)  # with its goal rows beside it; not timed
    plan = api.load_profile("mof2013").plan

    def whatif():
        return whatif_table(table, plan, "优", goals=goals)

    def lean():
        return run_batch(table, plan, BatchOptions("parquet", goals=goals, quiet=True))

    def written():
        return run_batch(table, plan, BatchOptions("parquet", folder / "s.csv", folder / "b.parquet",
                                                   folder / "r.csv", goals=goals, quiet=True))

    analysis = benchmark.pedantic(whatif, rounds=1, iterations=1, warmup_rounds=0)
    assert analysis.departments == analysis.read - analysis.rejected == lean().scored
    if benchmark.disabled:
        return
    medians = _interleaved({"whatif": whatif, "lean": lean, "written": written}, 3)
    start = time.perf_counter()
    text = api.whatif(table, target="优", goals=goals).render("csv")
    laid_out = time.perf_counter() - start
    assert text.count("\n") > n
    print(f"\nN={n} (medians of 3 interleaved rounds; a shared machine): whatif analysis {medians['whatif']:.2f} s; "
          f"batch evaluation, lean {medians['lean']:.2f} s → {medians['whatif'] / medians['lean']:.2f}×; "
          f"as `score -o s.csv` writes it {medians['written']:.2f} s → {medians['whatif'] / medians['written']:.2f}×; "
          f"whatif with every department laid out as the CSV text of `-o way.csv` (one run) {laid_out:.2f} s")
    assert medians["whatif"] <= TABLE_BOUND * medians["lean"]


def _timed(functions: dict, rounds: int) -> dict[str, tuple[float, float]]:
    """Medians of (wall, CPU) seconds, rounds interleaved."""
    walls: dict[str, list[tuple[float, float]]] = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            wall, cpu = time.perf_counter(), time.process_time()
            function()
            walls[name].append((time.perf_counter() - wall, time.process_time() - cpu))
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in walls.items()}


def test_whatif_csv_100k_within_3x_of_score_with_breakdown(benchmark, tmp_path_factory):
    n = 2_000 if benchmark.disabled else 100_000
    folder = tmp_path_factory.mktemp("whatifcsv")
    table = folder / "d.csv"
    api.synth(table, n, seed=1)  # d.goals.csv beside it, found by both commands; not timed
    ready = api.whatif(table)

    def whatif_csv():
        api.whatif(table).save(folder / "way.csv")

    def score_breakdown():
        api.score_file(table, folder / "s.csv", breakdown=folder / "b.csv")

    def score_summary():
        api.score_file(table, folder / "s.csv")

    def writer():
        ready.save(folder / "ready.csv")

    benchmark.pedantic(whatif_csv, rounds=1, iterations=1, warmup_rounds=0)
    written = (folder / "way.csv").read_text(encoding="utf-8-sig")
    assert written.count("\n") - 1 == sum(len(d["criteria"]) for d in ready.departments) > n
    if benchmark.disabled:
        return
    del written
    medians = _timed({"whatif": whatif_csv, "score": score_breakdown, "summary": score_summary, "writer": writer}, 3)
    (w_wall, w_cpu), (s_wall, s_cpu) = medians["whatif"], medians["score"]
    breakdown = (s_wall - medians["summary"][0], s_cpu - medians["summary"][1])
    print(f"\nN={n} CSV (medians of 3 interleaved rounds, wall / CPU s; a machine shared by 5 engineers on 2 cores): "
          f"whatif -o way.csv {w_wall:.1f} / {w_cpu:.1f}; score -o s.csv --breakdown b.csv {s_wall:.1f} / {s_cpu:.1f} "
          f"→ {w_wall / s_wall:.2f}× wall, {w_cpu / s_cpu:.2f}× CPU; writers alone: whatif CSV from a ready analysis "
          f"{medians['writer'][0]:.1f} / {medians['writer'][1]:.1f}, the breakdown's share of score "
          f"{breakdown[0]:.1f} / {breakdown[1]:.1f}")
    assert w_wall <= TABLE_BOUND * s_wall
