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
  department laid out as the CSV text ``-o way.csv`` writes (a Python dict and sentence per criterion: not
  held to the bound).

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
