"""Reading bureau sheets (issue 11): a filled 300-department template in at most 1 s, and what header detection
costs on the 100k-row CSV path (the first rows parsed once, beside the whole read).

Measured run: ``python -m pytest tests/benchmarks/test_header_speed.py --benchmark-enable -s``; medians and the
ratio are printed. In the default run (``--benchmark-disable``) each test runs once on a small input.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import openpyxl
import perfscore
from perfscore.engine.jobs import scoring
from perfscore.engine.render.template_xlsx import FIRST_DATA_ROW
from perfscore.engine.tables.headers import HeaderChoice, detect
from perfscore.engine.tables.read import _first_lines, open_table
from perfscore.engine.tables.source import TableOptions, TableSource, header_rules
from perfscore.engine.tables.columns import HeaderIndex
from perfscore.engine.tables.synth import SynthSpec, write_synthetic

PLAN = scoring.compile_reference("mof2013")


def filled_template(path: Path, departments: int) -> Path:
    names = path.with_name(f"names{departments}.csv")
    names.write_text("部门名称,地区,年度\n" + "".join(f"部门{k},县{k % 7},2023\n" for k in range(departments)),
                     encoding="utf-8")
    perfscore.template(path, departments=names)
    book = openpyxl.load_workbook(path)
    data = book["基础数据"]
    kinds = [c.value for c in data[FIRST_DATA_ROW - 1]]
    for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + departments):
        for column in range(4, len(kinds) + 1):
            data.cell(row, column, (row * column) % 97 + 1)
    book.save(path)
    return path


def test_read_a_filled_300_department_template(benchmark, tmp_path: Path):
    path = filled_template(tmp_path / "300.xlsx", 300)
    criteria = {c.path_names[-1]: c.id for c in PLAN.criteria}

    def read() -> int:
        source = TableSource(path, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria},
                             TableOptions(criteria=criteria))
        return next(source.chunks()).read

    assert benchmark(read) == 300
    if benchmark.stats:
        median = benchmark.stats.stats.median
        print(f"\n300-department template read: median {median:.3f} s")
        assert median <= 1.0


def test_header_detection_cost_on_the_100k_csv(benchmark, tmp_path: Path):
    big_csv = tmp_path / "t.csv"
    write_synthetic(PLAN, SynthSpec(2_000 if benchmark.disabled else 100_000, 11), big_csv)
    index = HeaderIndex(PLAN.profile.vocabulary)
    rules = header_rules(index, HeaderChoice())

    def detection():
        grid = _first_lines(big_csv, "utf-8-sig")
        return detect(grid, (), rules.known, HeaderChoice(), lambda r, c: None)

    layout = benchmark(detection)
    assert layout.simple
    if benchmark.stats:
        whole = []
        for _ in range(3):
            start = time.perf_counter()
            next(open_table(big_csv, None, rules).frames(None))
            whole.append(time.perf_counter() - start)
        detect_median, read_median = benchmark.stats.stats.median, statistics.median(whole)
        print(f"\nheader detection {detect_median * 1000:.2f} ms; whole 100k-row read {read_median:.2f} s; "
              f"ratio {detect_median / read_median:.2%}")
