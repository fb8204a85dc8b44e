"""``perfscore diff --on`` speed (issue 16): both rubrics over 100k departments vs one batch score of the same table.

Measured run: ``python -m pytest tests/benchmarks/test_diff_speed.py --benchmark-enable -s``. The table and its
goal rows are synthesised once, outside every timing. Three timings, interleaved round by round so machine load
falls on all alike, each the median of its rounds:

* ``diff --on``: :func:`compare_population` — the table read once, every slice scored by both plans, the matrix,
  mean/median and the departments that change grade;
* one batch score, lean: the batch runner reading and scoring the same table into its summary, no file written;
* one batch score as ``perfscore score TABLE -o s.csv`` writes it (summary CSV and Parquet breakdown).

The bound (at most 2.5× one batch score) is held against the lean batch, the stricter of the two. In the default
test run (``--benchmark-disable``) it runs once on 2,000 departments as a smoke test, without the bound.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from perfscore.engine.jobs.diff import compare_population
from perfscore.engine.rubric.plan import compile_profile
from perfscore.engine.rubric.profiles import load_profile
from perfscore.engine.tables.runner import BatchOptions, run as run_batch
from perfscore.engine.tables.synth import SynthSpec, write_synthetic

BOUND = 2.5
CHILD = """id: county
name: 县级修订方案
version: '2025.1'
extends: mof2013
grades:
  - {grade: 优, label: 优, min: 90}
  - {grade: 良, label: 良好, min: 85}
  - {grade: 中, label: 中, min: 60}
  - {grade: 差, label: 差, min: 0}
overrides:
  staff_control:
    points: 2
  key_spend:
    points: 5
"""


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diffplans")
    (folder / "county.yaml").write_text(CHILD, encoding="utf-8")
    return compile_profile(load_profile("mof2013")), compile_profile(load_profile(str(folder / "county.yaml")))


def test_diff_on_100k_within_bound_of_one_batch_score(plans, benchmark, tmp_path_factory):
    old, new = plans
    n = 2_000 if benchmark.disabled else 100_000
    folder = tmp_path_factory.mktemp("difftable")
    table = folder / "departments.csv"
    write_synthetic(new, SynthSpec(n, 11), table)  # with departments.goals.csv beside it; not timed

    def diff():
        return compare_population(old, new, table)

    def lean():
        return run_batch(table, new, BatchOptions("csv", quiet=True))

    def written():
        return run_batch(table, new, BatchOptions("csv", folder / "s.csv", folder / "b.parquet", folder / "r.csv",
                                                  quiet=True))

    population = benchmark.pedantic(diff, rounds=1, iterations=1, warmup_rounds=0 if benchmark.disabled else 1)
    assert population.scored + population.rejected == population.read == n
    assert sum(map(sum, population.matrix)) == population.scored == lean().scored
    if benchmark.disabled:
        return
    walls: dict[str, list[float]] = {"diff": [], "lean": [], "written": []}
    for _ in range(5):
        for name, function in (("diff", diff), ("lean", lean), ("written", written)):
            start = time.perf_counter()
            function()
            walls[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in walls.items()}
    print(f"\nN={n} (medians of 5 interleaved rounds; a shared machine): diff --on {medians['diff']:.2f} s; "
          f"one batch score, lean {medians['lean']:.2f} s → {medians['diff'] / medians['lean']:.2f}×; "
          f"as `score -o s.csv` writes it {medians['written']:.2f} s → {medians['diff'] / medians['written']:.2f}×")
    assert medians["diff"] <= BOUND * medians["lean"]
