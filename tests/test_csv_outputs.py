"""Files Excel opens: every CSV output (summary, breakdown, rejects, a single card) is UTF-8 with BOM by default or in
the chosen encoding, re-read by pandas; text that a spreadsheet would run as a formula is neutralised (OWASP: a
leading single quote) in every CSV and stays text in every workbook; an unsupported -o extension is an error."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from perfscore.engine.render.csvfile import neutralise, rows_text
from support import run_cli

ROOT = Path(__file__).resolve().parents[1]
HEADER = "dept_name,region,year,staff_actual,staff_authorized,final_total,budget_adjusted_total\n"
RISKY = ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "=HYPERLINK(\"http://e.x\",\"点此\")"]


def _table(tmp_path: Path) -> Path:
    rows = [f"{name}局,{region},2023,40,40,10,10.5\n" for name, region in
            [("甲", "湖南省衡山县"), ("乙", "湖南省衡阳县")]]
    rows += ['"=1+2",@地区,2023,40,40,10,10.5\n', '"-2+3",湖南省衡山县,2023,40,40,10,10.5\n',
             "丙局,湖南省衡山县,2023,=5+5,40,10,10.5\n"]  # the last is rejected: its value is a formula
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "".join(rows), encoding="utf-8")
    return table


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", None])
def test_every_csv_output_in_each_encoding_reads_back_with_pandas(tmp_path, encoding):
    table = _table(tmp_path)
    args = ["score", table, "-o", tmp_path / "r.csv", "-q"] + (["--output-encoding", encoding] if encoding else [])
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    chosen = encoding or "utf-8-sig"
    for name in ("r.csv", "r.breakdown.csv", "r.rejects.csv"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") == (chosen == "utf-8-sig"), name
        frame = pd.read_csv(tmp_path / name, encoding=chosen)
        assert len(frame) > 0
        text = frame.to_csv()
        assert "甲局" in text or "指标表" in text
    rejects = pd.read_csv(tmp_path / "r.rejects.csv", encoding=chosen)
    assert list(rejects.columns) == ["表", "行号", "列", "值", "原因"] and rejects["值"].tolist() == ["'=5+5"]


def test_formula_text_is_neutralised_in_every_csv(tmp_path):
    table = _table(tmp_path)
    assert run_cli("score", table, "-o", tmp_path / "r.csv", "-q").returncode == 0
    summary = pd.read_csv(tmp_path / "r.csv", encoding="utf-8-sig")
    assert "'=1+2" in summary["dept_name"].tolist() and "'-2+3" in summary["dept_name"].tolist()
    assert "'@地区" in summary["region"].tolist()
    breakdown = pd.read_csv(tmp_path / "r.breakdown.csv", encoding="utf-8-sig")
    assert set(breakdown["dept_name"]) >= {"'=1+2", "'-2+3"}
    for name in ("r.csv", "r.breakdown.csv", "r.rejects.csv"):
        for cell in pd.read_csv(tmp_path / name, encoding="utf-8-sig", dtype=str).fillna("").to_numpy().ravel():
            assert not str(cell).startswith(("=", "+", "@", "\t", "\r")), (name, cell)
    card = tmp_path / "card.yaml"
    card.write_text("dept_name: '=1+2'\nregion: '@x'\nyear: 2023\nstaff_actual: 40\nstaff_authorized: 40\n",
                    encoding="utf-8")
    assert run_cli("score", card, "-o", tmp_path / "card.csv").returncode == 0
    single = pd.read_csv(tmp_path / "card.csv", encoding="utf-8-sig")
    assert (tmp_path / "card.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert set(single["dept_name"]) == {"'=1+2"} and len(single) == 28


def test_formula_text_stays_text_in_the_workbook(tmp_path):
    table = _table(tmp_path)
    assert run_cli("score", table, "-o", tmp_path / "r.xlsx", "-q").returncode == 0
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    values = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.add(cell.value)
    assert {"=1+2", "-2+3", "@地区"} <= values  # shown as typed, as text


def test_the_rule_is_owasps():
    assert [neutralise(text) for text in RISKY] == ["'" + text for text in RISKY]
    assert neutralise("\rx") == "'\rx"
    assert [neutralise(text) for text in ("甲局", "2023", "a=b", "")] == ["甲局", "2023", "a=b", ""]
    assert rows_text(["a", "b"], [["=x", -1.5], [None, "ok"]]) == "a,b\n'=x,-1.5\n,ok\n"


@pytest.mark.parametrize("suffix", [".docx", ".xls", ".doc", ".htm", ".ods"])
def test_an_unsupported_output_extension_is_an_error_naming_the_supported_ones(tmp_path, suffix):
    target = tmp_path / f"out{suffix}"
    for source in (ROOT / "examples" / "demo_full_department.yaml", ROOT / "examples" / "departments.csv"):
        result = run_cli("score", source, "-o", target)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"不支持的输出文件类型 {suffix}" in result.stderr
        assert all(kind in result.stderr for kind in (".xlsx", ".pdf", ".csv", ".json"))
        assert not target.exists()


def test_a_rejects_file_only_when_something_was_rejected(tmp_path):
    assert run_cli("score", ROOT / "examples" / "departments.csv", "-o", tmp_path / "r.csv", "-q").returncode == 0
    assert not (tmp_path / "r.rejects.csv").exists()
    assert run_cli("score", _table(tmp_path), "-o", tmp_path / "s.csv", "-q").returncode == 0
    assert (tmp_path / "s.rejects.csv").exists()


def test_an_earlier_runs_rejects_are_removed_when_nothing_is_rejected(tmp_path):
    """Old rejects beside new results would mislead: they go with the new outputs' commit, and the run says so."""
    assert run_cli("score", _table(tmp_path), "-o", tmp_path / "s.csv", "-q").returncode == 0
    assert (tmp_path / "s.rejects.csv").exists()
    clean = ROOT / "examples" / "departments.csv"
    result = run_cli("score", clean, "-o", tmp_path / "s.csv")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "s.rejects.csv").exists() and (tmp_path / "s.csv").exists()
    assert "已删除上次运行留下的拒绝明细" in result.stderr
    named = tmp_path / "named.csv"
    named.write_text("old", encoding="utf-8")
    assert run_cli("score", clean, "-o", tmp_path / "x.xlsx", "--rejects", named, "-q").returncode == 0
    assert not named.exists() and not list(tmp_path.glob(".*perfscore-commit"))


def test_the_api_removes_stale_rejects_beside_its_tables(tmp_path):
    from perfscore import api

    (tmp_path / "r.rejects.csv").write_text("old", encoding="utf-8")
    written = api.score(ROOT / "examples" / "departments.csv").to_csv(tmp_path / "r.csv")
    assert not (tmp_path / "r.rejects.csv").exists() and all(p.exists() for p in written)


def test_a_failed_run_keeps_the_earlier_rejects(tmp_path):
    """Retiring is part of the commit: a run that fails after deciding to retire removes nothing."""
    from perfscore.engine.atomic import output_set, retire, write_text

    stale = tmp_path / "r.rejects.csv"
    stale.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with output_set():
            write_text(tmp_path / "r.csv", "new")
            assert retire(stale) and stale.exists()  # still there until the commit
            raise RuntimeError("interrupted")
    assert stale.read_text(encoding="utf-8") == "old" and not (tmp_path / "r.csv").exists()
    with output_set():
        write_text(tmp_path / "r.csv", "new")
        retire(stale)
    assert not stale.exists() and (tmp_path / "r.csv").read_text(encoding="utf-8") == "new"


def test_one_quoting_style_in_every_csv(tmp_path):
    """Summary, breakdown and rejects quote a cell only where :mod:`csv` would (a comma, a quote, a line break):
    a department named 甲,乙局 is quoted in each, a plain 丁局 in none, and :mod:`csv` reads each file back whole."""
    import csv

    table = tmp_path / "t.csv"
    table.write_text(HEADER + '"甲,乙局",湖南省衡山县,2023,40,40,10,10.5\n丁局,湖南省衡山县,2023,40,40,10,10.5\n'
                     '戊局,湖南省衡山县,2023,"多,少",40,10,10.5\n', encoding="utf-8")
    result = run_cli("score", table, "-o", tmp_path / "r.csv", "-q")
    assert result.returncode == 0, result.stderr
    for name, dept in (("r.csv", "甲,乙局"), ("r.breakdown.csv", "甲,乙局"), ("r.rejects.csv", "多,少")):
        text = (tmp_path / name).read_text(encoding="utf-8-sig")
        assert '"丁局"' not in text and text.splitlines()[0].startswith(('row,', '表,')), name
        quoted = '"' + dept.replace('"', '""') + '"'
        assert quoted in text, (name, text[:300])
        rows = list(csv.reader(text.splitlines()))
        assert all(len(row) == len(rows[0]) for row in rows) and any(dept in row for row in rows), name
