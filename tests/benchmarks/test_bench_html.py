"""The HTML report's speed and size: 3,000 departments written in at most 5 s (median), under 15 MB.

Run with ``python -m pytest tests/benchmarks/test_bench_html.py --benchmark-enable -s``; without it (the
normal suite) the report is written once and its size is checked all the same. The browser side (it opens
and sorts without a timeout) is tests/test_html_browser.py::test_three_thousand_departments_open_and_sort.
"""

from __future__ import annotations

from pathlib import Path
from statistics import median

import pytest

from perfscore import api
from perfscore.engine.jobs.forms import write_forms
from perfscore.engine.render.form import Context

DEPARTMENTS = 3000


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> api.ScoreResult:
    folder = tmp_path_factory.mktemp("html-bench")
    api.synth(folder / "d.csv", departments=DEPARTMENTS, seed=1)
    return api.score(folder / "d.csv")


def test_html_report_of_3000_departments(benchmark, scored, tmp_path: Path):
    target = tmp_path / "report.html"
    benchmark.group = "html report"
    benchmark.pedantic(write_forms, args=(scored.scorecards, scored.profile.plan, target, "html", Context()),
                       rounds=3, iterations=1)
    size = target.stat().st_size
    print(f"\nHTML report, {DEPARTMENTS:,} departments: {size / 1e6:.2f} MB", end="")
    assert size < 15_000_000
    assert target.read_text("utf-8").count('<tr id="r-') == DEPARTMENTS
    if not benchmark.disabled:
        seconds = median(benchmark.stats.stats.data)
        print(f", written in {seconds:.2f} s (median of 3)")
        assert seconds <= 5.0
