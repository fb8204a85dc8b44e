"""Synthetic tables: plausible, scoreable, and byte-for-byte reproducible from the seed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from support import run_cli


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_same_seed_same_bytes(tmp_path: Path, suffix: str):
    first, second, other = (tmp_path / f"{name}{suffix}" for name in ("a", "b", "c"))
    for path, seed in ((first, "7"), (second, "7"), (other, "8")):
        result = run_cli("synth", "--departments", "60", "--seed", seed, "-o", path)
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_generated_table_is_plausible_and_scores(tmp_path: Path):
    table = tmp_path / "t.csv"
    assert run_cli("synth", "--departments", "300", "--years", "2", "--seed", "1", "-o", table).returncode == 0
    frame = pd.read_csv(table)
    assert len(frame) == 600 and frame[["region", "dept_name", "year"]].duplicated().sum() == 0
    assert frame["budget_total"].dropna().between(10, 1_000_000).all()  # 万元
    assert (frame["final_total"] / frame["budget_adjusted_total"]).dropna().between(0.8, 1.05).all()
    assert 0 < frame["staff_actual"].isna().mean() < 0.1  # some cells missing
    assert frame.loc[frame["year"] == 2024, "sangong_prev_budget"].isna().all()  # filled from 2023 when scored
    goals = pd.read_csv(tmp_path / "t.goals.csv")
    assert len(goals) > 0 and set(goals.columns) >= {"dept_name", "indicator", "target", "actual", "points"}
    result = run_cli("score", table, "--goals", tmp_path / "t.goals.csv", "-o", tmp_path / "r.csv")
    assert "读取 600 行 = 评分 600 行 + 拒绝 0 行" in result.stderr


RISKY = ('=HYPERLINK("http://e.x","点此")', "+1", "-1", "@x")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_no_synthetic_text_becomes_a_formula(tmp_path: Path, suffix: str, monkeypatch):
    """Department names that look like formulas: CSV text gets OWASP's leading quote, workbook cells stay text."""
    import zipfile

    from perfscore.engine.jobs.scoring import compile_reference
    from perfscore.engine.tables import synth

    monkeypatch.setattr(synth, "DEPARTMENTS", RISKY)
    target = tmp_path / f"d{suffix}"
    synth.write_synthetic(compile_reference("mof2013"), synth.SynthSpec(8, 1), target)
    if suffix == ".csv":
        names = pd.read_csv(target, dtype=str)["dept_name"].tolist()
        assert set(names) == {"'" + name for name in RISKY}
        return
    with zipfile.ZipFile(target) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    names = pd.read_excel(target, sheet_name="指标", dtype=str)["dept_name"].tolist()
    assert set(names) == set(RISKY)
