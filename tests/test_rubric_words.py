"""What a rubric author reads from ``perfscore validate`` is Chinese first: every problem of a set of bad rubrics
(the bad inputs, refusals and hostile rubrics of the other tests, and one of each remaining message family)
reads ``file:line:col: <Chinese …>; <Chinese …>``, so a new English message fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfscore.engine.errors import PerfscoreError, Position, Problem
from perfscore.engine.jobs.validation import validate_paths
from perfscore.engine.rubric.profiles import load_profile
from support import profile_text
from test_bad_input import RUBRICS
from test_hostile_rubrics import FORMULAS, YAML_CASES, _profile_with_formula
from test_validate_refusals import CASES

FIRST = 6  # a CJK character within the first characters: "YAML 语法错误" is the longest lead-in


def chinese_first(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text[:FIRST])


def english_parts(problem: Problem | str) -> list[str]:
    """The message, and the expected part when there is one, that do not begin in Chinese."""
    if not isinstance(problem, Problem):
        return [str(problem)]
    return [part for part in (problem.message, problem.expected) if part and not chinese_first(part)]


LEAF = """
tree:
  - id: input
    name: 投入
    points: 100
    children:
{leaf}
"""


def leaf(text: str) -> str:
    return LEAF.format(leaf="\n".join("      " + line for line in text.strip("\n").splitlines()))


# One bad rubric for each family of message the other tests do not reach.
MORE: dict[str, str] = {
    "tree_not_a_list": "tree: {a: 1}\n",
    "node_not_a_mapping": "tree:\n  - 3\n",
    "missing_points": "tree:\n  - {id: a, name: 甲, scoring: {shape: manual}}\n",
    "leaf_without_scoring": leaf("- {id: a, name: 甲, points: 100}"),
    "indicator_and_formula": leaf("- {id: a, indicator: staff_control_rate, formula: staff_actual, points: 100, "
                                  "scoring: {shape: proportional}}"),
    "unknown_shape": leaf("- {id: a, formula: staff_actual, points: 100, scoring: {shape: linar_deduct}}"),
    "per_not_positive": leaf("- {id: a, formula: staff_actual, points: 100, scoring: {shape: coarse_step, "
                             "threshold: 1, direction: above, per: 0, deduct: 1, floor: 200}}"),
    "band_points": leaf("- id: a\n  formula: staff_actual\n  points: 100\n  scoring:\n    shape: bands\n"
                        "    bands: [{range: '[0, +inf)', points: 200}, {range: '(-inf, 0)', points: 0}]"),
    "bad_intervals": leaf("- id: a\n  formula: staff_actual\n  points: 100\n  scoring:\n    shape: bands\n"
                          "    bands: [{range: 'x', points: 1}, {range: '[1%, 2%]', points: 1}, {range: '(2, 1)', "
                          "points: 1}, {range: '[abc, 3]', points: 1}]"),
    "states": leaf("- id: a\n  formula: staff_actual\n  points: 100\n  scoring:\n    shape: states\n    states:\n"
                   "      - {otherwise: true, points: 0}\n      - {when: value > 1, otherwise: true, points: 1}\n"
                   "      - {when: value > 2, points: 300}"),
    "checklist_sum": leaf("- id: a\n  name: 甲\n  points: 100\n  scoring:\n    shape: checklist\n"
                          "    items: [{id: x, name: 乙, when: has_finance_rules, points: 10}]"),
    "either_or": leaf("- id: a\n  name: 甲\n  points: 100\n  indicator: staff_control_rate\n  scoring:\n"
                      "    shape: either_or\n    options:\n      - {indicator: staff_control_rate, name: 丙, "
                      "scoring: {shape: manual}}\n      - {formula: staff_actual, indicator: staff_control_rate, "
                      "scoring: {shape: proportional}}"),
    "either_or_one_option": leaf("- id: a\n  name: 甲\n  points: 100\n  scoring:\n    shape: either_or\n"
                                 "    options:\n      - {formula: staff_actual, scoring: {shape: proportional}}"),
    "tiers": leaf("- id: a\n  name: 甲\n  points: 100\n  scoring:\n    shape: tiered\n    tiers:\n"
                  "      - {name: 好, range: '[50%, 120%]'}\n      - {name: 差, range: '[0%, 60%)'}"),
    "bool_and_text": leaf("- {id: a, name: {x: 1}, points: 100, scoring: {shape: manual, require_note: 1}}"),
    "grades": "grades:\n  - {grade: 良, min: 80, max: 70}\n  - {grade: 优, label: 良好, min: 200, max: 100}\n"
              "  - {grade: 中, min: 60}\n" + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "grades_empty": "grades: []\n" + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "rounding_and_checks": "rounding: {ratio: 1.5, total: 9}\nself_check: {max_gap: -1, grade_mismatch: 3}\n"
                           "defaults: {missing: zeroo}\n"
                           + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "adjustments": "adjustments:\n  - {id: x, kind: grade_cap, when: staff_actul > 1, reason: 甲, cap: 特优}\n"
                   + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "formula_cases": "parameters: {level: 省级, rate: [1]}\n"
                     + leaf("- id: a\n  points: 100\n  formula: {by: level, cases: {市级: staff_actual}}\n"
                            "  scoring: {shape: proportional}\n- id: b\n  points: 0\n"
                            "  formula: {by: nothing, cases: {x: staff_actual}}\n  scoring: {shape: proportional}"),
    "tests": "tests:\n  - name: t\n    parameters: {nope: 1}\n    metrics: {staff_actul: 1}\n"
             "    expect: {criteria: {a: 很多}, branches: {a: nothing}}\n"
             + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "overrides_without_extends": "overrides: {a: {points: 1}}\n"
                                 + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "audit": "audit: {rules: [misuse_deduc, misappropriation_veto]}\n"
             + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "metric_entries": "metrics:\n  - {id: m}\n  - {id: n, zh: 乙, kind: amount}\n"
                      + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "declared_indicators": "indicators:\n  - {id: staff_control_rate, name: 甲, formula: staff_actual}\n"
                           "  - {id: y, name: 乙, formula: '1 +'}\n  - {id: z, name: 乙, formula: 'min(1)'}\n"
                           "  - {id: w, name: 丙, formula: staff_actual}\n  - {id: w, name: 丙, formula: staff_actual}\n"
                           + leaf("- {id: a, name: 甲, points: 100, scoring: {shape: manual}}"),
    "formula_errors": leaf("- {id: a, formula: 'nope(1) + round(1, x)', points: 50, scoring: {shape: proportional}}\n"
                           "- {id: b, formula: 'a $ b', points: 50, scoring: {shape: proportional}}"),
}

EXTENDS: dict[str, str] = {
    "override_unknown_node": "extends: mof2013\noverrides: {no_such_node: {points: 1}, leadership: 3}\n",
    "extends_not_text": "extends: [mof2013]\n",
    "extends_missing": "extends: no_such_profile\n",
}


def _problems(path: Path) -> list[Problem | str]:
    """What ``perfscore validate`` says of a rule file, or of a profile as ``load_profile`` refuses it."""
    if path.name.startswith("p"):
        try:
            load_profile(str(path))
        except PerfscoreError as exc:
            return exc.problems
        return []
    problems, _ = validate_paths([str(path)])
    return problems


def _bad_rubrics(folder: Path) -> dict[str, list[Problem | str]]:
    """Every bad rubric's problems, by name."""
    found: dict[str, list[Problem | str]] = {}
    texts = {f"bad_input/{k}": v[0] for k, v in RUBRICS.items()}
    texts |= {f"refusal/{k}": profile_text(v[0]) for k, v in CASES.items()}
    texts |= {f"hostile/{k}": v[1] for k, v in YAML_CASES.items()}
    texts |= {f"formula/{k}": _profile_with_formula(v[0]) for k, v in FORMULAS.items()}
    texts |= {f"more/{k}": profile_text(v) for k, v in MORE.items()}
    texts |= {f"extends/{k}": "id: child\nname: 子方案\nversion: '1'\n" + v for k, v in EXTENDS.items()}
    for number, (name, text) in enumerate(sorted(texts.items())):
        path = folder / f"p{number}.yaml"
        path.write_text(text, encoding="utf-8")
        found[name] = _problems(path)
    indicators = folder / "indicators.yaml"
    indicators.write_text("indicators:\n  - {id: a, name: 甲, formula: staff_actul}\n  - {id: a, name: 乙, formul: 1}\n"
                          "  - 3\n", encoding="utf-8")
    found["indicator_file"] = _problems(indicators)
    other = folder / "other.yaml"
    other.write_text("just: a mapping\n", encoding="utf-8")
    found["not_a_rubric"] = _problems(other)
    broken = folder / "broken.yaml"
    broken.write_bytes(b"id: x\nname: \xff\n")
    found["not_utf8"] = _problems(broken)
    return found


def test_every_problem_of_a_bad_rubric_reads_chinese_first(tmp_path: Path):
    found = _bad_rubrics(tmp_path)
    assert all(found.values()), [name for name, problems in found.items() if not problems]  # each one is refused
    assert sum(len(p) for p in found.values()) > 120  # and between them, many messages of many kinds
    unplaced = [f"{name}: {p}" for name, problems in found.items() for p in problems
                if not isinstance(p, Problem) or not p.position.file.endswith(".yaml")]
    assert not unplaced, unplaced[:5]  # each in its file, at its line and column where it has one
    english = [f"{name}: {p}" for name, problems in found.items() for p in problems if english_parts(p)]
    assert not english, "\n".join(sorted(english)[:20])


@pytest.mark.parametrize("text, chinese", [
    ("unknown metric id 'x'", False),
    ("formula error: unexpected '*'", False),
    ("'points' must be a number, got 'x'", False),
    ("“points”的值应为数字", False),  # a quoted key first: the Chinese comes too late
    ("未知的指标编号“staff_actul”", True),
    ("YAML 语法错误：找不到应有的键", True),
    ("公式错误：此处不应出现“*”", True),
])
def test_the_scan_catches_an_english_message(text: str, chinese: bool):
    assert chinese_first(text) is chinese
    assert (english_parts(Problem(Position("p.yaml", 1, 1), text, "应为数字")) == []) is chinese
    assert english_parts(Problem(Position("p.yaml", 1, 1), "未知的指标编号“x”", "a metric id")) == ["a metric id"]
