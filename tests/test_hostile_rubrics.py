"""Hostile rubric and metrics files: YAML limits, formula limits, and ``extends:`` confined to its root.

Each case runs the command line in its own process and must end in under 5 s and 1 GB with a Chinese
error at ``file:line:col`` and exit 2 (``hostile_support.assert_refused``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from hostile_support import assert_bounded, assert_refused, run_measured
from support import ONE_CRITERION, profile_text

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))


def _profile_with_formula(formula: str) -> str:
    body = ONE_CRITERION.replace("        indicator: staff_control_rate\n",
                                 f"        formula: {formula!r}\n        unit: '%'\n")
    return profile_text(body)


# -- YAML --------------------------------------------------------------------------------------------------

YAML_CASES = {
    "alias_bomb_profile": ("p.yaml", profile_text(ONE_CRITERION) + LAUGHS, "别名炸弹"),
    "nested_300": ("p.yaml", "id: x\nname: x\nversion: '1'\ntree: " + "[" * 300 + "]" * 300 + "\n", "嵌套超过"),
    "huge_integer": ("p.yaml", profile_text(ONE_CRITERION).replace("points: 100\n", "points: " + "9" * 5000 + "\n", 1),
                     "整数过长"),
    "null_key": ("p.yaml", profile_text(ONE_CRITERION) + "null: 1\n", "键不能是空值"),
    "boolean_key": ("p.yaml", profile_text(ONE_CRITERION) + "yes: 1\n", "键应为文本"),
    "set_value": ("p.yaml", profile_text(ONE_CRITERION).replace("name: 单元测试方案", "name: !!set {a, b}"),
                  "不支持的 YAML 类型 set"),
    "nul_in_text": ("p.yaml", profile_text(ONE_CRITERION).replace("name: 单元测试方案", 'name: "a\\0b"'), "NUL"),
}


@pytest.mark.parametrize("name", sorted(YAML_CASES))
def test_hostile_yaml_in_a_profile_is_refused_quickly_at_its_position(tmp_path: Path, name: str):
    filename, text, fragment = YAML_CASES[name]
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    for args in (("validate", path), ("score", "examples/hengshan_minzheng_2023.yaml", "--profile", path)):
        result = run_measured(*args)
        assert_refused(result, fragment)
        assert re.search(rf"perfscore: error: {re.escape(str(path))}:\d+:\d+: ", result.stderr), result.stderr


@pytest.mark.parametrize("text, fragment", [
    ("final_total: 1\n" + LAUGHS, "别名炸弹"),
    ("final_total: " + "1" * 5000 + "\n", "整数过长"),
    ("final_total: 1\nx: " + "[" * 300 + "]" * 300 + "\n", "嵌套超过"),
    ("null: 1\n", "键不能是空值"),
])
def test_hostile_yaml_in_a_metrics_file_is_refused(tmp_path: Path, text: str, fragment: str):
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_measured("score", path)
    assert_refused(result, fragment)
    assert re.search(rf"perfscore: error: {re.escape(str(path))}:\d+:\d+: ", result.stderr), result.stderr


def test_a_huge_integer_in_json_metrics_is_refused(tmp_path: Path):
    path = tmp_path / "m.json"
    path.write_text('{"final_total": ' + "9" * 6000 + "}", encoding="utf-8")
    assert_refused(run_measured("score", path), "JSON 中的数值过长", position=str(path))


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deeply_nested_json_metrics_are_refused(tmp_path: Path, depth: int):
    path = tmp_path / "m.json"
    path.write_text('{"final_total": 1, "x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    assert_refused(run_measured("score", path), "嵌套", position=str(path))


def test_a_rubric_file_over_the_size_limit_is_refused_unread(tmp_path: Path):
    path = tmp_path / "p.yaml"
    formula = "a" * (52 << 20)  # the 52 MB formula
    path.write_text(profile_text(ONE_CRITERION).replace("name: 单元测试方案", f"name: {formula}"), encoding="utf-8")
    assert_refused(run_measured("validate", path), "文件过大", position=str(path))


def test_a_fifo_as_a_profile_is_refused_not_opened(tmp_path: Path):
    os.mkfifo(tmp_path / "p.yaml")
    assert_refused(run_measured("validate", tmp_path / "p.yaml", timeout=20), "不是普通文件")


# -- formulas ----------------------------------------------------------------------------------------------

FORMULAS = {
    "parentheses_100": ("(" * 100 + "staff_actual" + ")" * 100, "公式嵌套超过 40 层"),
    "min_300": ("min(" * 300 + "staff_actual" + ", 1)" * 300, "公式嵌套超过 40 层"),
    "sum_3000_terms": (" + ".join(["staff_actual"] * 3000), "公式过长"),
    "sum_1500_short_terms": ("+".join(["1"] * 1500), "公式层次过深"),
    "unary_minus_5000": ("-" * 5000 + "staff_actual", "公式过长"),
    "unary_minus_300": ("-" * 300 + "staff_actual", "公式嵌套超过 40 层"),
}


@pytest.mark.parametrize("name", sorted(FORMULAS))
def test_runaway_formulas_are_refused_at_their_position(tmp_path: Path, name: str):
    formula, fragment = FORMULAS[name]
    path = tmp_path / "p.yaml"
    text = _profile_with_formula(formula)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if l.strip().startswith("formula:"))) + 1
    assert_refused(run_measured("validate", path), fragment, position=f"{path}:{line}:")


def test_formulas_at_the_documented_limits_score(tmp_path: Path):
    """39 nested parentheses and a 98-term sum (a tree 100 deep) are inside the limits and score."""
    for formula in ("(" * 39 + "staff_actual / staff_authorized * 100" + ")" * 39,
                    "staff_actual / staff_authorized * 100 + " + " + ".join(["0"] * 96)):
        path = tmp_path / "p.yaml"
        path.write_text(_profile_with_formula(formula), encoding="utf-8")
        result = run_measured("score", "examples/hengshan_minzheng_2023.yaml", "--profile", path, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert '"total"' in result.stdout
        assert_bounded(result)


# -- extends: one root-confinement rule --------------------------------------------------------------------

def _child(folder: Path, reference: str) -> Path:
    path = folder / "child.yaml"
    path.write_text(f"id: child\nname: 子方案\nversion: '1'\nextends: {reference}\n", encoding="utf-8")
    return path


@pytest.fixture
def rooted(tmp_path: Path) -> Path:
    (tmp_path / "root").mkdir()
    (tmp_path / "outside.yaml").write_text(profile_text(ONE_CRITERION, id="outside") + "secret_key: 1\n",
                                           encoding="utf-8")
    (tmp_path / "outside").write_text("secret_key: 1\n", encoding="utf-8")
    return tmp_path / "root"


@pytest.mark.parametrize("reference", [
    "/etc/passwd", "/etc/hostname", "/proc/self/environ", "../outside.yaml", "../outside", "../nowhere",
    "../nowhere.yaml", "sub/../../outside.yaml", "link", "link.yaml", "'{outside}'",
])
def test_extends_outside_the_root_is_refused_alike_whether_or_not_the_file_exists(rooted: Path, reference: str):
    (rooted / "link.yaml").symlink_to(rooted.parent / "outside.yaml")
    reference = reference.format(outside=rooted.parent / "outside.yaml")
    path = _child(rooted, reference)
    result = run_measured("validate", path)
    assert_refused(result, "超出评分方案所在文件夹", position=f"{path}:4:10")
    assert "secret_key" not in result.stderr and "找不到" not in result.stderr
    assert "No such file" not in result.stderr


def test_a_bare_name_resolves_inside_the_root_then_to_a_shipped_id(rooted: Path, tmp_path: Path):
    (rooted / "base.yaml").write_text(profile_text(ONE_CRITERION, id="base"), encoding="utf-8")
    for reference in ("base", "base.yaml", "./base.yaml", "mof2013"):
        result = run_measured("validate", _child(rooted, reference))
        assert result.returncode == 0, (reference, result.stderr)
    # a file in the working directory is not a parent: the rule is the profile's folder
    (tmp_path / "cwd_only.yaml").write_text(profile_text(ONE_CRITERION, id="cwd_only"), encoding="utf-8")
    missing = run_measured("validate", _child(rooted, "cwd_only"), cwd=tmp_path)
    assert_refused(missing, "找不到评分方案“cwd_only”", position=f"{rooted / 'child.yaml'}:4:10")


def test_extends_naming_a_fifo_or_a_nul_byte_is_refused(rooted: Path):
    os.mkfifo(rooted / "pipe.yaml")
    assert_refused(run_measured("validate", _child(rooted, "pipe.yaml"), timeout=20), "不是普通文件",
                   position=f"{rooted / 'child.yaml'}:4:10")
    assert_refused(run_measured("validate", _child(rooted, '"a\\0b"')), "NUL", position=f"{rooted / 'child.yaml'}:4")


def test_a_missing_extends_target_is_reported_at_the_extends_line(rooted: Path):
    result = run_measured("validate", _child(rooted, "sub/missing.yaml"))
    assert_refused(result, "找不到评分方案“sub/missing.yaml”", position=f"{rooted / 'child.yaml'}:4:10")


def test_a_shipped_profile_extending_a_shipped_id_works_from_a_user_root(rooted: Path):
    result = run_measured("validate", _child(rooted, "yueyang2018"))
    assert result.returncode == 0, result.stderr


def test_a_nested_subfolder_may_reach_up_to_the_root_but_not_beyond(rooted: Path):
    (rooted / "base.yaml").write_text(profile_text(ONE_CRITERION, id="base"), encoding="utf-8")
    (rooted / "team").mkdir()
    (rooted / "team" / "mid.yaml").write_text("id: mid\nname: 中\nversion: '1'\nextends: ../base.yaml\n",
                                              encoding="utf-8")
    ok = run_measured("validate", _child(rooted, "team/mid.yaml"))
    assert ok.returncode == 0, ok.stderr
    # named alone, team/mid.yaml is the root: its ../base.yaml is outside
    alone = run_measured("validate", rooted / "team" / "mid.yaml")
    assert_refused(alone, "超出评分方案所在文件夹")

