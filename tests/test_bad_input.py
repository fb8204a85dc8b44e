"""Malformed rubrics and metrics files: each exits 2 with `file:line:col: message`, never a traceback."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from support import ONE_CRITERION, profile_text, run_cli

LEAF = ONE_CRITERION


BANDS = """
tree:
  - id: input
    name: 投入
    points: 100
    children:
      - id: adjust
        formula: staff_actual / staff_authorized * 100
        unit: "%"
        points: 100
        scoring:
          shape: bands
          domain: "[0, +inf)"
          bands:
{bands}
"""


def line_of(text: str, marker: str) -> int:
    """1-based number of the first line containing ``marker``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def bands(*rows: str) -> str:
    return BANDS.format(bands="\n".join(f"            - {r}" for r in rows))


RUBRICS: dict[str, tuple[str, str, str]] = {
    # name: (profile text, text on the line the problem must point at, message fragment)
    "duplicate_key": (profile_text(LEAF).replace("    points: 100\n    children:",
                                                  "    points: 100\n    points: 90\n    children:"),
                      "    points: 90", "键“points”重复"),
    "points_do_not_sum": (profile_text(LEAF.replace("        points: 100\n", "        points: 90\n")),
                          "- id: input", "层级“input”的下级分值合计 90"),
    "bands_overlap": (profile_text(bands("{range: '[0, 10]', points: 100}", "{range: '[10, +inf)', points: 0}")),
                      "- id: adjust", "区间 [0, 10] 与 [10, +inf) 重叠"),
    "bands_gap": (profile_text(bands("{range: '[0, 10)', points: 100}", "{range: '(10, +inf)', points: 0}")),
                  "- id: adjust", "没有哪一档覆盖 [10, 10]"),
    "bands_out_of_order": (profile_text(bands("{range: '[0, 10]', points: 100}", "{range: '(20, +inf)', points: 0}",
                                              "{range: '(10, 20]', points: 50}")), "- id: adjust", "各档区间顺序混乱"),
    "bad_interval": (profile_text(bands("{range: '[0, +inf]', points: 100}")), "+inf]",
                     "无穷的一端必须是开区间"),
    "grades_leave_a_gap": (profile_text("grades:\n  - {grade: 优, min: 90}\n  - {grade: 良, min: 80}\n" + LEAF),
                           "grades:", "等级未覆盖 [0, 80)"),
    "grade_label_not_an_alias": (profile_text("grades:\n  - {grade: 优, label: 良好, min: 90}\n"
                                              "  - {grade: 差, min: 0}\n" + LEAF), "label: 良好",
                                 "等级名称“良好”不是“优”的叫法"),
    "unknown_metric_suggests": (profile_text(LEAF.replace("indicator: staff_control_rate",
                                                          "formula: staff_actul / staff_authorized * 100")),
                                "staff_actul", "未知的指标编号“staff_actul”; 是否应为“staff_actual”？"),
    "typo_key_suggests": (profile_text(LEAF.replace("        points: 100\n", "        pionts: 100\n")), "pionts",
                          "节点中有未知的键“pionts”; 是否应为“points”？"),
    "formula_syntax": (profile_text(LEAF.replace("indicator: staff_control_rate", "formula: staff_actual / * 100")),
                       "formula:", "公式错误：此处不应出现“*”"),
    "unknown_shape": (profile_text(LEAF.replace("shape: linear_deduct", "shape: linear_deduction")),
                      "linear_deduction", "是否应为“linear_deduct”？"),
    "unknown_indicator": (profile_text(LEAF.replace("staff_control_rate", "staff_contrl_rate")), "staff_contrl_rate",
                          "未知的指标“staff_contrl_rate”; 是否应为“staff_control_rate”？"),
    "test_names_missing_criterion": (profile_text(LEAF + "tests:\n  - name: t\n    metrics: {staff_actual: 1}\n"
                                                  "    expect: {criteria: {stafff: 100}}\n"), "- name: t",
                                     "写的评分项“stafff”不存在"),
    "yaml_syntax": (profile_text(LEAF).replace("name: 投入", "name: [投入"), "    points: 100",
                    "所在的 […] 列表始于第 13 行"),
    "missing_extends": ("id: child\nname: 子方案\nversion: '1'\nextends: no_such_profile\n", "extends:",
                        "找不到评分方案“no_such_profile”"),
}


@pytest.mark.parametrize("name", sorted(RUBRICS))
def test_bad_rubric_is_reported_with_position(tmp_path: Path, name: str):
    text, marker, fragment = RUBRICS[name]
    line = line_of(text, marker)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
    assert re.search(rf"perfscore: error: {re.escape(str(path))}:{line}:\d+: ", result.stderr), result.stderr


def test_cyclic_extends(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("id: a\nname: A\nversion: '1'\nextends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: b\nname: B\nversion: '1'\nextends: a.yaml\n", encoding="utf-8")
    result = run_cli("validate", tmp_path / "a.yaml")
    assert result.returncode == 2 and "循环继承：a → b → a" in result.stderr
    assert "Traceback" not in result.stderr


def test_extends_cannot_escape_its_directory(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "outside.yaml").write_text(profile_text(LEAF, id="outside"), encoding="utf-8")
    child = tmp_path / "sub" / "child.yaml"
    child.write_text("id: child\nname: 子\nversion: '1'\nextends: ../outside.yaml\n", encoding="utf-8")
    result = run_cli("validate", child)
    assert result.returncode == 2 and "超出评分方案所在文件夹" in result.stderr


def test_every_problem_in_a_file_is_reported(tmp_path: Path):
    text = profile_text(LEAF.replace("        points: 100\n", "        pionts: 100\n")
                        .replace("direction: above", "direction: upward"))
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", path)
    assert result.returncode == 2
    assert "pionts" in result.stderr and "键“direction”的值“upward”不在可选范围内" in result.stderr


METRICS: dict[str, tuple[str, str, int, str]] = {
    # name: (file name, content, line, message fragment)
    "unknown_metric": ("d.yaml", "staff_actual: 40\nstaff_authorised: 40\n", 2,
                       "未知指标“staff_authorised”; 是否应为“staff_authorized”？"),
    "bad_money": ("d.yaml", "final_total: 十分多\n", 1, "决算总支出：“十分多”不是金额; 应填以万元计的数值"),
    "bad_date": ("d.yaml", "budget_disclosed_date: 2024-13-45\n", 1, "“2024-13-45”不是日期; 应填日期"),
    "bad_bool": ("d.yaml", "has_finance_rules: 也许\n", 1, "“也许”不是“是/否”; 应填 是/否"),
    "not_a_mapping": ("d.yaml", "- 1\n- 2\n", 1, "指标文件应为“指标: 数值”的映射"),
    "json_syntax": ("d.json", '{"final_total": 1,\n "x": }\n', 2, "JSON 语法错误"),
    "unknown_not_applicable": ("d.yaml", "not_applicable: [no_such_criterion]\n", 1,
                               "不适用项（not_applicable）中有评分方案没有的评分项“no_such_criterion”"),
    "bad_goal_row": ("d.yaml", "goals:\n  - {indicator: 培训人次, target: 10, actual: 9, points: 很多}\n", 2,
                     "分值应为不小于 0 的数值"),
}


@pytest.mark.parametrize("name", sorted(METRICS))
def test_bad_metrics_file_is_reported_with_position(tmp_path: Path, name: str):
    filename, content, line, fragment = METRICS[name]
    path = tmp_path / filename
    path.write_text(textwrap.dedent(content), encoding="utf-8")
    result = run_cli("score", path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
    assert re.search(rf"perfscore: error: {re.escape(str(path))}:{line}:\d+: ", result.stderr), result.stderr


def test_unsupported_file_type_and_missing_file(tmp_path: Path):
    odd = tmp_path / "metrics.ini"
    odd.write_text("x=1", encoding="utf-8")
    result = run_cli("score", odd)
    assert result.returncode == 2 and "不支持的文件类型 .ini" in result.stderr
    result = run_cli("score", tmp_path / "nothing.yaml")
    assert result.returncode == 2 and "找不到文件" in result.stderr


def test_usage_errors_exit_2_without_traceback():
    result = run_cli("score")
    assert result.returncode == 2 and "perfscore: error:" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("score", "x.yaml", "--format", "docx")
    assert result.returncode == 2 and "参数 --format：无效的取值 'docx'" in result.stderr
    result = run_cli("score", "x.yaml", "--format", "pdf")  # a printed form goes to a file
    assert result.returncode == 2 and "pdf 格式不能输出到终端; -o FILE.pdf" in result.stderr
