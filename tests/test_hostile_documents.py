"""Hostile documents and data files: zip bombs in .docx/.xlsx, lying zip sizes, FIFOs, years out of range,
tables that score nothing, tiny chunks. Each bounded in time and memory like every hostile case."""

from __future__ import annotations

import csv
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest

from hostile_support import assert_bounded, assert_refused, run_measured
from support import EXAMPLES

REPORT = EXAMPLES / "hengshan_minzheng_2023.docx"
TABLE = EXAMPLES / "departments.csv"


def _repack(source: Path, target: Path, part: str, payload: bytes | None = None, repeat: int = 0) -> None:
    """``source`` copied to ``target`` with ``part`` replaced: its first 200 bytes, then ``payload`` ``repeat``
    times (streamed, so a huge part is never held in memory)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename != part:
                new.writestr(info, data)
                continue
            with new.open(part, "w", force_zip64=True) as handle:
                handle.write(data[:200])
                for _ in range(repeat):
                    handle.write(payload or b"")


def _lie_about_size(path: Path, part: str, declared: int) -> None:
    """Rewrite ``part``'s uncompressed size in the central directory (and the local header) to ``declared``."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    central = data.find(b"PK\x01\x02" + b"", 0)
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, declared)
            local = struct.unpack_from("<I", data, central + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def test_a_docx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path):
    bomb = tmp_path / "bomb.docx"
    _repack(REPORT, bomb, "word/document.xml", b"<w:p/>" * 10_000, repeat=5_000)  # 300 MB in ~300 KB
    assert bomb.stat().st_size < 2 << 20
    for command in ("score", "extract", "check"):
        assert_refused(run_measured(command, bomb), ".docx 文件解压后过大", position=str(bomb))


def test_a_docx_whose_zip_lies_about_its_size_is_refused(tmp_path: Path):
    liar = tmp_path / "liar.docx"
    _repack(REPORT, liar, "word/document.xml", b" " * 1_000_000, repeat=80)  # 80 MB, declared 1 KB below
    _lie_about_size(liar, "word/document.xml", 1_000)
    with zipfile.ZipFile(liar) as archive:
        assert archive.getinfo("word/document.xml").file_size == 1_000
    assert_refused(run_measured("score", liar), "解压后", position=str(liar))


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path):
    workbook = tmp_path / "small.xlsx"
    assert run_measured("synth", "--departments", "3", "-o", workbook).returncode == 0
    bomb = tmp_path / "bomb.xlsx"
    _repack(workbook, bomb, "xl/worksheets/sheet1.xml", b"<c/>" * 25_000, repeat=6_000)  # 600 MB
    assert_refused(run_measured("score", bomb, "-q"), ".xlsx 工作簿解压后过大", position=str(bomb))


def test_an_honest_report_and_workbook_pass_the_zip_check(tmp_path: Path):
    from perfscore.engine.zipguard import DOCX, XLSX, check_package

    check_package(REPORT, DOCX)
    workbook = tmp_path / "w.xlsx"
    assert run_measured("synth", "--departments", "50", "-o", workbook).returncode == 0
    check_package(workbook, XLSX)
    started = time.perf_counter()
    result = run_measured("score", workbook, "-o", tmp_path / "r.csv", "-q")
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("name", ["m.yaml", "m.json", "t.csv", "r.docx", "r.txt"])
def test_a_fifo_as_input_never_blocks(tmp_path: Path, name: str):
    os.mkfifo(tmp_path / name)
    result = run_measured("score", tmp_path / name, "-q", timeout=20)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert_bounded(result)


def test_a_metrics_file_over_the_size_limit_is_refused(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text("final_total: 1\n_note: " + "x" * (5 << 20) + "\n", encoding="utf-8")
    assert_refused(run_measured("score", path), "文件过大", position=str(path))


# -- years and tables that score nothing ---------------------------------------------------------------------

@pytest.mark.parametrize("year, fragment", [("-1", "1900–2100"), ("99999", "1900–2100"),
                                            ("2023.5", "整数年份"), (".inf", "不是有限数值")])
def test_a_single_department_follows_the_table_year_rule(tmp_path: Path, year: str, fragment: str):
    text = (EXAMPLES / "hengshan_minzheng_2023.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, l in enumerate(lines) if l.startswith("year:")) + 1
    lines[line - 1] = f"year: {year}"
    path = tmp_path / "one.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_refused(run_measured("score", path), fragment, position=f"{path}:{line}:")


def test_table_years_out_of_range_are_rejected_rows(tmp_path: Path):
    rows = list(csv.reader(TABLE.read_text(encoding="utf-8").splitlines()))
    column = rows[0].index("year")
    for i, year in ((1, "-1"), (2, "99999"), (3, "2023.5")):
        rows[i][column] = year
    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = run_measured("score", "t.csv", "-o", "r.csv", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = list(csv.reader((tmp_path / "r.rejects.csv").read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert [(row, column, reason) for _, row, column, _, reason in listed] == [
        ("2", "year", "评价年度应在 1900–2100 之间"), ("3", "year", "评价年度应在 1900–2100 之间"),
        ("4", "year", "评价年度应为整数年份（如 2023）")]


def test_a_table_that_scores_nothing_exits_2(tmp_path: Path):
    header = TABLE.read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "empty.csv").write_text(header + "\n", encoding="utf-8")
    result = run_measured("score", "empty.csv", "-o", "r.csv", "-q", cwd=tmp_path)
    assert_refused(result, "没有评分任何部门", "没有数据行")
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(lines))
    column = rows[0].index("year")
    for row in rows[1:]:
        row[column] = "-1"
    with open(tmp_path / "bad.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = run_measured("score", "bad.csv", "-o", "r.csv", "-q", cwd=tmp_path)
    assert_refused(result, "没有评分任何部门", f"全部 {len(lines) - 1} 行被拒绝", position="bad.csv:2")
    assert (tmp_path / "r.rejects.csv").read_text(encoding="utf-8").count("\n") == len(lines)  # still accounted


def test_tiny_chunks_are_not_much_slower_than_a_whole_read(tmp_path: Path):
    import perfscore

    table = tmp_path / "t.csv"
    perfscore.synth(table, departments=3_000, seed=1)
    timings = {}
    for chunk in (None, 1):
        started = time.perf_counter()
        run = perfscore.score_file(table, tmp_path / f"r{chunk}.csv", chunk_size=chunk)
        timings[chunk] = time.perf_counter() - started
        assert run.scored == 3_000
    assert (tmp_path / "rNone.csv").read_bytes() == (tmp_path / "r1.csv").read_bytes()
    assert timings[1] < 4 * timings[None] + 1, timings
