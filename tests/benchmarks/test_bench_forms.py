"""The printed forms' speed: the workbook and the PDF of a synthetic jurisdiction, written from its scorecards.

Targets (issue 12, medians): workbook of 300 departments ≤ 2 s, of 3,000 ≤ 20 s; PDF of 300 ≤ 10 s.
Run with ``python -m pytest tests/benchmarks/test_bench_forms.py --benchmark-enable``; without it (the
normal suite) each form is written once for 300 departments and the 3,000 case is skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from perfscore import api
from perfscore.engine.jobs.forms import write_forms
from perfscore.engine.render.form import Context


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    def make(departments: int) -> api.ScoreResult:
        folder = tmp_path_factory.mktemp(f"forms{departments}")
        api.synth(folder / "d.csv", departments=departments, seed=1)
        return api.score(folder / "d.csv")
    return make


@pytest.mark.parametrize("fmt,departments", [("xlsx", 300), ("xlsx", 3000), ("pdf", 300)])
def test_write_forms(benchmark, scored, tmp_path: Path, fmt: str, departments: int):
    if departments > 300 and benchmark.disabled:
        pytest.skip("3,000 departments only when benchmarking (--benchmark-enable)")
    result = scored(departments)
    plan = result.profile.plan
    target = tmp_path / f"out.{fmt}"
    benchmark.group = f"{fmt} forms"
    benchmark.pedantic(write_forms, args=(result.scorecards, plan, target, fmt, Context("某市财政局", "2024-05-20")),
                       rounds=3, iterations=1)
    assert target.stat().st_size > departments * 1000


@pytest.mark.parametrize("departments", [300, 3000])
@pytest.mark.parametrize("writer", ["library", "shortened"])
def test_workbook_writer_side_by_side(benchmark, scored, tmp_path: Path, writer: str, departments: int):
    """XlsxWriter's own classes against render/xlsx_speed's (same bytes, tests/test_xlsx.py), in one run."""
    if benchmark.disabled:
        pytest.skip("a comparison, only when benchmarking (--benchmark-enable)")
    import xlsxwriter

    from perfscore.engine.jobs.forms import standing
    from perfscore.engine.render.xlsx import write_workbook

    result = scored(departments)
    facts = standing(result.scorecards, result.profile.plan)
    target = tmp_path / "out.xlsx"
    benchmark.group = f"workbook writer, {departments} departments"
    benchmark.pedantic(write_workbook, args=(result.scorecards, result.profile.plan, target, facts,
                                             Context("某市财政局", "2024-05-20")),
                       kwargs={"workbook_class": xlsxwriter.Workbook if writer == "library" else None},
                       rounds=3, iterations=1)
    assert target.stat().st_size > departments * 1000
