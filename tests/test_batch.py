"""Grading a whole table from the command line: summary, breakdown, rejects, account line, ranks, streaming."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from support import EXAMPLES, ROOT, run_cli

HEADER = "dept_name,year,staff_actual,staff_authorized,sangong_budget,sangong_actual\n"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_summary_breakdown_rejects_and_account(tmp_path: Path):
    table = tmp_path / "departments.csv"
    table.write_text(HEADER + "甲局,2023,60,57,10,10.5\n乙局,2023,abc,40,20,18\n丙局,2023,40,40,20,18\n"
                     "丁局,2023,40,40,20,18\n", encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "results.csv")
    assert result.returncode == 0, result.stderr
    assert "读取 4 行 = 评分 3 行 + 拒绝 1 行" in result.stderr
    summary = read_csv(tmp_path / "results.csv")
    assert [r["dept_name"] for r in summary] == ["甲局", "丙局", "丁局"]
    assert [r["rank"] for r in summary] == ["3", "1", "1"]  # 丙 and 丁 tie: 1, 1, then 3
    breakdown = read_csv(tmp_path / "results.breakdown.csv")
    assert len(breakdown) == 3 * 28 and breakdown[0]["criterion_id"] == "goal_rationality"
    assert {"row", "dept_name", "year", "criterion_id", "points", "score", "value", "rule", "reason"} <= set(breakdown[0])
    [reject] = read_csv(tmp_path / "results.rejects.csv")
    assert (reject["表"], reject["行号"], reject["列"], reject["值"]) == ("指标表", "3", "staff_actual", "abc")


def test_strict_turns_a_reject_into_exit_2(tmp_path: Path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "甲局,2023,60,57,10,10.5\n甲局,2023,60,57,10,10.5\n", encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "r.csv", "--strict")
    assert result.returncode == 2
    assert "perfscore: error:" in result.stderr and "--strict" in result.stderr
    assert "读取 2 行 = 评分 0 行 + 拒绝 2 行" in result.stderr


def test_parquet_breakdown_and_explicit_breakdown_path(tmp_path: Path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "甲局,2023,60,57,10,10.5\n", encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "s.parquet", "--breakdown", tmp_path / "b.jsonl")
    assert result.returncode == 0, result.stderr
    assert run_cli("score", table, "-o", tmp_path / "s.csv").returncode == 0
    parquet = pd.read_parquet(tmp_path / "s.parquet")
    assert parquet["dept_name"].tolist() == ["甲局"]
    assert parquet["total"].tolist() == pd.read_csv(tmp_path / "s.csv")["total"].tolist()
    lines = (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 28 and '"criterion_id":"goal_rationality"' in lines[0]


def test_a_year_that_is_not_whole_is_rejected_and_every_chunk_keeps_one_parquet_schema(tmp_path: Path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "甲局,2023,60,57,10,10.5\n乙局,2023.5,40,40,20,18\n丙局,2024,40,40,20,18\n", encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "s.csv", "--breakdown", tmp_path / "b.parquet",
                     "--chunk-size", "1")
    assert result.returncode == 0, result.stderr
    assert "读取 3 行 = 评分 2 行 + 拒绝 1 行" in result.stderr
    [reject] = read_csv(tmp_path / "s.rejects.csv")
    assert (reject["行号"], reject["列"], reject["值"]) == ("3", "year", "2023.5")
    assert reject["原因"] == "评价年度应为整数年份（如 2023）"
    import pyarrow.parquet as pq

    breakdown = pq.read_table(tmp_path / "b.parquet")
    assert str(breakdown.schema.field("year").type) == "int64" and not breakdown.schema.field("year").nullable
    assert sorted(set(breakdown.column("year").to_pylist())) == [2023, 2024]
    assert breakdown.schema.field("score").nullable and not breakdown.schema.field("rule").nullable


def test_a_table_without_years_writes_a_null_year_column(tmp_path: Path):
    table = tmp_path / "t.csv"
    table.write_text("dept_name,staff_actual,staff_authorized\n甲局,60,57\n乙局,40,40\n", encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "s.csv", "--breakdown", tmp_path / "b.parquet", "--quiet")
    assert result.returncode == 0, result.stderr
    import pyarrow.parquet as pq

    year = pq.read_table(tmp_path / "b.parquet").column("year")
    assert year.null_count == len(year) == 2 * 28


def test_chunked_equals_unchunked_on_a_generated_table(tmp_path: Path):
    table = tmp_path / "gen.csv"
    assert run_cli("synth", "--departments", "700", "--years", "2", "--seed", "5", "-o", table).returncode == 0
    goals = tmp_path / "gen.goals.csv"
    whole = run_cli("score", table, "--goals", goals, "-o", tmp_path / "whole.csv", "--quiet")
    parts = run_cli("score", table, "--goals", goals, "-o", tmp_path / "parts.csv", "--chunk-size", "97")
    assert whole.returncode == 0 and parts.returncode == 0, whole.stderr + parts.stderr
    assert (tmp_path / "whole.csv").read_bytes() == (tmp_path / "parts.csv").read_bytes()
    assert (tmp_path / "whole.breakdown.csv").read_bytes() == (tmp_path / "parts.breakdown.csv").read_bytes()
    summary = pd.read_csv(tmp_path / "whole.csv")
    assert len(summary) == 1400 and summary["rank"].min() == 1
    derived = pd.read_csv(tmp_path / "whole.breakdown.csv")["derived"].dropna()
    assert derived.str.contains("取自第").any()  # 2024 rows took last year's 三公 budget


def test_progress_bar_is_off_when_stderr_is_not_a_terminal(tmp_path: Path):
    import io

    from perfscore.engine.render.progress import Progress

    clock = iter([0.0, 5.0, 5.0, 5.0]).__next__
    quiet = io.StringIO()
    Progress(10, quiet, clock=clock).update(5)
    assert quiet.getvalue() == ""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    loud = Terminal()
    bar = Progress(10, loud, clock=iter([0.0, 5.0, 5.0]).__next__)
    bar.update(5)
    assert "5/10 行" in loud.getvalue() and "行/秒" in loud.getvalue()
    muted = Terminal()
    Progress(10, muted, quiet=True, clock=iter([0.0, 5.0, 5.0]).__next__).update(5)
    assert muted.getvalue() == ""


def test_one_department_does_not_import_pandas():
    code = ("import sys; from perfscore.cli import main; main(['score', sys.argv[1], '--format', 'json']); "
            "print('pandas' in sys.modules, 'pyarrow' in sys.modules, 'openpyxl' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "hengshan_minzheng_2023.yaml")],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stderr.strip().splitlines()[-1] == "False False False"


@pytest.mark.parametrize("content, message", [("", "文件为空"), ("dept_name,nonsense\n甲,1\n", "未知列“nonsense”")])
def test_unreadable_tables_exit_2_with_a_positioned_error(tmp_path: Path, content: str, message: str):
    table = tmp_path / "t.csv"
    table.write_text(content, encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "r.csv", "--strict")  # --strict: an unknown column is an error
    assert result.returncode == 2 and f"perfscore: error: {table}" in result.stderr and message in result.stderr


def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(tmp_path: Path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "甲局,2023,60,57,10,10.5\n", encoding="utf-8")
    (tmp_path / "taken").mkdir()
    result = run_cli("score", table, "-o", tmp_path / "taken", "--quiet")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"perfscore: error: {tmp_path / 'taken'}: 输出路径是文件夹，不是普通文件，拒绝覆盖" in result.stderr
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left behind


def test_a_failed_breakdown_leaves_the_previous_outputs_as_they_were(tmp_path: Path, monkeypatch):
    """The summary is written while the breakdown's last slice is encoded, but replaces its target only after
    the breakdown is complete: a failure leaves both earlier files untouched and no temporary file behind."""
    from perfscore.engine.jobs import scoring as api
    from perfscore.engine.tables import runner as batch
    from perfscore.engine.tables import breakdown

    table = tmp_path / "t.csv"
    table.write_text(HEADER + "甲局,2023,60,57,10,10.5\n", encoding="utf-8")
    output, detail = tmp_path / "s.csv", tmp_path / "s.breakdown.parquet"
    output.write_text("earlier summary\n", encoding="utf-8")
    detail.write_bytes(b"earlier breakdown")

    def fail(self, arrays):
        raise OSError("disk full")

    monkeypatch.setattr(breakdown.BreakdownWriter, "_encode", fail)
    options = batch.BatchOptions("csv", output, quiet=True)
    with pytest.raises(OSError, match="disk full"):
        batch.run(table, api.compile_reference("mof2013"), options)
    assert output.read_text(encoding="utf-8") == "earlier summary\n"
    assert detail.read_bytes() == b"earlier breakdown"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.breakdown.parquet", "s.csv", "t.csv"]
