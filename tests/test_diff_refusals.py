"""``perfscore diff`` refuses, in Chinese and with exit 2, what the issue names as bad input: two profiles whose
metric vocabularies differ, a table the new profile cannot read (not a table, no file, a department file with a bad
finding), and a target grade (diff takes none: the target the profile lacks is whatif's, test_whatif)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import EXAMPLES, run_cli

OWN = ("id: own\nname: 自定方案\nversion: '1'\nmetrics:\n  - {id: extra_rate, zh: 额外比率, kind: KIND}\n"
       "tree:\n  - {id: all, name: 全部, formula: extra_rate, unit: '%', points: 100,\n"
       "     scoring: {shape: proportional, target: 100}}\n")


def refused(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def test_the_same_metric_of_another_kind_is_named_with_both_kinds_in_words(tmp_path: Path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OWN.replace("KIND", "percent"), encoding="utf-8")
    new.write_text(OWN.replace("KIND", "money"), encoding="utf-8")
    said = refused(run_cli("diff", str(old), str(new), "--on", str(EXAMPLES / "departments.csv")))
    assert f"{new}: 两个评分方案对同一指标的类型或单位不同：额外比率（旧：百分比，新：金额）；" \
           "两个评分方案中同一指标的类型和单位应相同" in said.replace("; ", "；")
    assert "percent" not in said and "money" not in said


def test_a_table_the_new_profile_cannot_open(tmp_path: Path):
    garbage = tmp_path / "bad.xlsx"
    garbage.write_bytes(b"not a workbook")
    said = refused(run_cli("diff", "mof2013", "yueyang2018", "--on", str(garbage)))
    assert f"{garbage}: 不是可读取的表格" in said
    missing = tmp_path / "none.csv"
    said = refused(run_cli("diff", "mof2013", "yueyang2018", "--on", str(missing)))
    assert f"{missing}: 找不到表格文件; 应为已有的 .csv/.xlsx/.parquet 表格文件，或一个部门的 .yaml/.json 文件" in said


def test_a_department_file_with_a_bad_finding(tmp_path: Path):
    dept = tmp_path / "dept.yaml"
    dept.write_text((EXAMPLES / "demo_full_department.yaml").read_text(encoding="utf-8")
                    + "findings:\n  - {category: 挪用, amount: 很多}\n", encoding="utf-8")
    said = refused(run_cli("diff", "mof2013", "yueyang2018", "--on", str(dept)))
    assert "审计发现的金额“很多”不是金额" in said


def test_diff_takes_no_target_grade():
    said = refused(run_cli("diff", "mof2013", "yueyang2018", "--target", "良"))
    assert "无法识别的参数：--target 良" in said
