"""End to end, read + score + write: a bureau's workbook (a merged title row, a 单位 line, a two-row header under
a merged “三公”经费 cell, 序号 and 备注 columns, everyday Chinese headers, money in 元 in one column) against the
same departments as a plain CSV headed by metric ids. Both must score alike; the medians are printed side by side.

Measured run: ``python -m pytest tests/benchmarks/test_bureau_batch.py --benchmark-enable -s``. In the default run
(``--benchmark-disable``) each path runs once on a small input and the results are compared.
"""

from __future__ import annotations

import csv
import random
import statistics
import time
from pathlib import Path

import openpyxl
import perfscore

# everyday header (and, for the 三公 pair, its group cell) → metric id; money in 万元 unless the header says 元
COLUMNS = [("部门名称", None, "dept_name"), ("年度", None, "year"), ("编制人数", None, "staff_authorized"),
           ("实有人数", None, "staff_actual"), ("年初预算数", None, "budget_total"),
           ("调整后预算数", None, "budget_adjusted_total"), ("决算数（元）", None, "final_total"),
           ("预算数", "“三公”经费", "sangong_budget"), ("决算数", "“三公”经费", "sangong_actual")]


def departments(count: int, seed: int = 5) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for k in range(count):
        budget = round(rng.uniform(200, 20_000), 2)
        sangong = round(rng.uniform(1, 60), 2)
        authorized = rng.randint(10, 300)
        rows.append({"dept_name": f"第{k + 1}局", "year": 2023, "staff_authorized": authorized,
                     "staff_actual": authorized - rng.randint(-3, 10), "budget_total": budget,
                     "budget_adjusted_total": round(budget * rng.uniform(0.95, 1.2), 2),
                     "final_total": round(budget * rng.uniform(0.8, 1.1), 2),
                     "sangong_budget": sangong, "sangong_actual": round(sangong * rng.uniform(0.7, 1.1), 2)})
    return rows


def bureau_workbook(path: Path, rows: list[dict[str, object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "基础数据"
    width = len(COLUMNS) + 2
    sheet.cell(1, 1, "2023年度部门整体支出绩效评价基础数据表")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, "单位：万元")
    sheet.cell(3, 1, "序号")
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    for column, (header, group, _) in enumerate(COLUMNS, start=2):
        if group is None:
            sheet.cell(3, column, header)
            sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
        else:
            if sheet.cell(3, column - 1).value != group:
                sheet.cell(3, column, group)
                sheet.merge_cells(start_row=3, start_column=column, end_row=3, end_column=column + 1)
            sheet.cell(4, column, header)
    sheet.cell(3, width, "备注")
    sheet.merge_cells(start_row=3, start_column=width, end_row=4, end_column=width)
    for k, row in enumerate(rows):
        line = [k + 1] + [round(row[m] * 10_000, 2) if m == "final_total" else row[m] for _, _, m in COLUMNS] + [""]
        sheet.append(line)
    book.save(path)
    return path


def plain_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, [m for _, _, m in COLUMNS])
        writer.writeheader()
        writer.writerows(rows)
    return path


def score(source: Path, output: Path) -> int:
    run = perfscore.score_file(source, output, progress=None)
    assert run.scored == run.read and not run.rejects
    return run.scored


def test_bureau_workbook_against_a_plain_csv_end_to_end(benchmark, tmp_path: Path):
    count = 40 if benchmark.disabled else 300
    rows = departments(count)
    book = bureau_workbook(tmp_path / "基础数据表.xlsx", rows)
    flat = plain_csv(tmp_path / "plain.csv", rows)
    assert benchmark(score, book, tmp_path / "book.csv") == count
    assert score(flat, tmp_path / "flat.csv") == count
    book_out, flat_out = (tmp_path / "book.csv").read_text(encoding="utf-8-sig"), \
        (tmp_path / "flat.csv").read_text(encoding="utf-8-sig")
    def scores(text: str) -> list[str]:  # the row numbers differ (the workbook's data start on row 5)
        return [line.split(",", 1)[1] for line in text.splitlines()]

    assert scores(book_out) == scores(flat_out)  # the same scores, whatever the headers said
    if benchmark.stats:
        times: dict[str, list[float]] = {"workbook": [], "csv": []}
        for _ in range(7):  # interleaved, so load on a shared machine falls on both alike
            for name, source in (("workbook", book), ("csv", flat)):
                start = time.perf_counter()
                score(source, tmp_path / f"{name}.again.csv")
                times[name].append(time.perf_counter() - start)
        book_median, csv_median = statistics.median(times["workbook"]), statistics.median(times["csv"])
        print(f"\n{count} departments, read + score + write: bureau workbook median {book_median:.3f} s, "
              f"plain id-header CSV median {csv_median:.3f} s, ratio {book_median / csv_median:.2f}×")
