"""Language gains of issue 14, each on both engines: default 10号 grade bands, closed grade ranges with a gap
rule, either_or over table-specific formulas, and the project-level form (mof2020_project)."""

from __future__ import annotations

import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.jobs.profile_tests import run_profile_tests
from perfscore.engine.rubric.profiles import load_profile
from support import plan_from, score_records

ENGINES = ["vector", "rete"]
HEADER = "id: t\nname: 测试\nversion: '1'\n"
JUDGE = "tree:\n  - {id: judge, name: 评价人员评分, points: 100, scoring: {shape: manual, require_note: false}}\n"


def _write(tmp_path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("score, grade", [(90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"),
                                          (59.99, "差"), (0, "差")])
def test_default_grades_are_the_10_hao_bands(tmp_path, engine, score, grade):
    plan = plan_from(_write(tmp_path, JUDGE))
    assert plan.profile.grades_default
    card = score_records(plan, [{"assessments": {"judge": {"score": score}}}], engine)[0]
    assert card["grade"] == grade and "财预〔2020〕10号" in card["grade_rule"]


def test_default_grades_need_a_100_point_table(tmp_path):
    path = _write(tmp_path, JUDGE.replace("points: 100", "points: 60"))
    with pytest.raises(PerfscoreError, match="财预〔2020〕10号的默认等级用于百分制"):
        load_profile(str(path))


CLOSED = """grades:
  - {grade: 优, min: 90, max: 100}
  - {grade: 良, min: 80, max: 89}
  - {grade: 中, min: 60, max: 79}
  - {grade: 差, min: 0, max: 59}
"""


def test_closed_ranges_with_gaps_need_a_rule(tmp_path):
    with pytest.raises(PerfscoreError) as raised:
        load_profile(str(_write(tmp_path, CLOSED + JUDGE)))
    assert "总分在 89 与 90 之间" in str(raised.value) and "grade_gap" in str(raised.value)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rule, score, grade", [("round", 89.5, "优"), ("round", 89.49, "良"), ("round", 59.5, "中"),
                                                ("lower", 89.5, "良"), ("lower", 89.99, "良"), ("lower", 90, "优"),
                                                ("lower", 59.5, "差")])
def test_grade_gap_rules(tmp_path, engine, rule, score, grade):
    plan = plan_from(_write(tmp_path, f"grade_gap: {rule}\n" + CLOSED + JUDGE))
    card = score_records(plan, [{"assessments": {"judge": {"score": score}}}], engine)[0]
    assert card["grade"] == grade and card["total"] == score


@pytest.mark.parametrize("bad, message", [
    ("  - {grade: 优, min: 90, max: 80}\n", "小于下限 min"),
    ("  - {grade: 优, min: 90, max: .inf}\n", "不是有限的数"),
    ("  - {grade: 优, min: 90, max: 95}\n", "低于满分"),
])
def test_bad_grade_ranges_are_refused_at_their_position(tmp_path, bad, message):
    text = CLOSED.replace("  - {grade: 优, min: 90, max: 100}\n", bad)
    with pytest.raises(PerfscoreError, match=message) as raised:
        load_profile(str(_write(tmp_path, "grade_gap: round\n" + text + JUDGE)))
    assert "p.yaml:" in str(raised.value)


EITHER = """tree:
  - id: all
    name: 全部
    points: 100
    children:
      - {id: judge, name: 评价人员评分, points: 90, scoring: {shape: manual, require_note: false}}
      - id: carry
        name: 结转结余
        points: 10
        scoring:
          shape: either_or
          options:
            - formula: carryover_end / budget_total * 100
              name: 结转结余率
              unit: "%"
              scoring: {shape: proportional, target: 10, direction: lower}
            - formula: (carryover_end - carryover_prev) / carryover_prev * 100
              name: 结转结余变动率
              unit: "%"
              scoring: {shape: linear_deduct, threshold: 0, direction: above, per: 1, deduct: 1}
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("metrics, expected", [
    ({"carryover_end": 5, "budget_total": 100}, (10, "option1:full")),
    ({"carryover_end": 20, "budget_total": 100}, (5, "option1:proportional")),
    ({"carryover_end": 12, "carryover_prev": 10}, (0, "option2:floor")),
    ({"carryover_end": 10.5, "carryover_prev": 10}, (5, "option2:deduct")),
    ({"carryover_end": 9, "carryover_prev": 10}, (10, "option2:full")),
    ({"budget_total": 100}, (0, "missing")),
])
def test_either_or_over_table_formulas(tmp_path, engine, metrics, expected):
    plan = plan_from(_write(tmp_path, GRADES_FREE_NOTE + EITHER))
    card = score_records(plan, [metrics], engine)[0]
    found = next(c for c in card["criteria"] if c["id"] == "carry")
    assert (found["score"], found["rule"]) == expected


GRADES_FREE_NOTE = "# no grades: the 10号 default\n"


def test_either_or_option_takes_indicator_or_formula_not_both(tmp_path):
    text = EITHER.replace("            - formula: carryover_end / budget_total * 100\n",
                          "            - formula: carryover_end / budget_total * 100\n"
                          "              indicator: carryover_rate\n")
    with pytest.raises(PerfscoreError, match="须恰好写 indicator: 或 formula: 之一"):
        load_profile(str(_write(tmp_path, text)))


def test_the_project_form_is_shipped_and_fully_tested():
    plan = plan_from("mof2020_project")
    report = run_profile_tests(plan)
    assert report.ok and not report.uncovered and report.engines[1].startswith("rete")
    assert plan.profile.grades_default and plan.max_total == 100


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("score, expected", [(45, 45), (50, 50), (60, 50), (-1, 0), (None, 40)])
def test_assessor_scores_a_quantitative_goal_row(engine, score, expected):
    """部门特性指标: an assessor's score on a quantitative row counts within the row's points (a row 40/50 done
    would earn 40 by proportion); met still follows target and actual."""
    plan = plan_from("mof2020_project")
    row = {"indicator": "培训人次", "target": 50, "actual": 40, "direction": "≥", "unit": "个", "points": 50}
    if score is not None:
        row["score"] = score
    rest = {"indicator": "服务对象满意度", "target": 90, "actual": 95, "direction": "≥", "unit": "%", "points": 40}
    card = score_records(plan, [{"project_budget": 1, "project_spent": 1, "goals": [row, rest]}], engine)[0]
    goals = next(c for c in card["criteria"] if c["id"] == "performance_goals")
    assert goals["score"] == expected + 40 and goals["rule"] == "partial"


PROPORTIONAL = """tree:
  - id: all
    name: 全部
    points: 100
    children:
      - {id: judge, name: 评价人员评分, points: 70, scoring: {shape: manual, require_note: false}}
      - {id: cut, indicator: carryover_change_rate, points: 10,
         scoring: {shape: proportional, target: -30, direction: lower}}
      - {id: floor, indicator: carryover_change_rate, points: 10,
         scoring: {shape: proportional, target: -30, direction: higher}}
      - {id: zero, indicator: carryover_change_rate, points: 10,
         scoring: {shape: proportional, target: 0, direction: lower}}
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("end, cut, floor, zero", [
    (70, (10, "full"), (10, "full"), (10, "full")),            # −30%: on target
    (69.99, (10, "full"), (10, "proportional"), (10, "full")),  # −30.01%: beyond the cut, just below the floor
    (85, (5, "proportional"), (10, "full"), (10, "full")),     # −15%: half the cut
    (100, (0, "proportional"), (10, "full"), (10, "full")),    # 0%: no cut
    (110, (0, "proportional"), (10, "full"), (0, "proportional")),  # +10%: a rise
    (40, (10, "full"), (5, "proportional"), (10, "full")),     # −60%: twice the floor
    (72, (9.33, "proportional"), (10, "full"), (10, "full")),  # −28%: 28/30 of the cut
])
def test_proportional_toward_negative_and_zero_targets(tmp_path, engine, end, cut, floor, zero):
    plan = plan_from(_write(tmp_path, PROPORTIONAL))
    card = score_records(plan, [{"carryover_end": end, "carryover_prev": 100}], engine)[0]
    got = {c["id"]: (c["score"], c["rule"]) for c in card["criteria"]}
    assert got["cut"] == cut and got["floor"] == floor and got["zero"] == zero


@pytest.mark.parametrize("edit, marker, message", [
    (lambda t: "grade_gap: 3\n" + CLOSED + t, "grade_gap: 3", "键“grade_gap”的值“3”不在可选范围内"),
    (lambda t: "grade_gap: round\n" + CLOSED.replace("max: 89", "max: [89]") + t, "max: [89]", "键“max”的值应为数字"),
    (lambda t: "grade_gap: round\n" + CLOSED.replace("max: 89", "max: 1e400") + t, "max: 1e400", "键“max”的值应为数字"),
    (lambda t: EITHER.replace("formula: carryover_end / budget_total * 100", "formula: [1, 2]"), "formula: [1, 2]",
     "键“formula”的值应为公式"),
    (lambda t: EITHER.replace("name: 结转结余率", "name: {a: 1}"), "name: {a: 1}", "键“name”的值应为文本"),
])
def test_new_keys_refuse_bad_values_at_their_position(tmp_path, edit, marker, message):
    text = HEADER + edit(JUDGE)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PerfscoreError) as raised:
        load_profile(str(path))
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)
    hits = [m for m in str(raised.value).splitlines() if message in m]
    assert hits and any(f"p.yaml:{line}:" in m for m in hits), str(raised.value)[:500]


DECLARED = """indicators:
  - id: carry_share
    name: 结转结余率（本表口径）
    unit: "%"
    formula: carryover_end / budget_total * 100
  - id: carry_change
    name: 结转结余变动率（本表口径）
    unit: "%"
    formula: (carryover_end - carryover_prev) / carryover_prev * 100
tree:
  - id: all
    name: 全部
    points: 100
    children:
      - {id: judge, name: 评价人员评分, points: 90, scoring: {shape: manual, require_note: false}}
      - id: carry
        name: 结转结余
        points: 10
        scoring:
          shape: either_or
          options:
            - {indicator: carry_share, scoring: {shape: proportional, target: 10, direction: lower}}
            - {indicator: carry_change, scoring: {shape: proportional, target: -30, direction: lower}}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_indicators_declared_in_a_path_profile(tmp_path, engine):
    plan = plan_from(_write(tmp_path, DECLARED))
    cards = score_records(plan, [{"carryover_end": 20, "budget_total": 100},
                                 {"carryover_end": 85, "carryover_prev": 100}], engine)
    found = [next(c for c in card["criteria"] if c["id"] == "carry") for card in cards]
    assert [(c["score"], c["rule"]) for c in found] == [(5, "option1:proportional"), (5, "option2:proportional")]


def test_validate_reads_a_profile_with_its_own_indicators_as_a_profile(tmp_path):
    """A profile declaring indicators: is validated as the profile it is (not as an indicator file that has an
    unknown key tree:), and a mistake in its tree is still found."""
    from perfscore import api

    good = _write(tmp_path, DECLARED)
    assert api.validate([good]).problems == []
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEADER + DECLARED.replace("points: 10\n", "points: 20\n"), encoding="utf-8")
    problems = [str(p) for p in api.validate([bad]).problems]
    assert problems and not any("指标文件" in p for p in problems), problems


def test_indicators_in_a_rules_folder_beside_the_profile(tmp_path):
    (tmp_path / "rules").mkdir()
    head, tree = DECLARED.split("tree:\n", 1)
    (tmp_path / "rules" / "local.yaml").write_text(head, encoding="utf-8")
    plan = plan_from(_write(tmp_path, "tree:\n" + tree))
    assert {o.indicator.id for o in plan.criteria[1].options} == {"carry_share", "carry_change"}
    assert "carry_share" in plan.profile.rubric  # the card carries it: verify needs no rules folder


@pytest.mark.parametrize("text, message", [
    ("indicators:\n  - {id: staff_control_rate, name: 重名, formula: staff_actual}\n" + JUDGE,
     "已在 rules/ 中定义"),
    ("indicators:\n  - {id: a, name: 甲, formula: staff_actual}\n  - {id: a, name: 乙, formula: staff_actual}\n"
     + JUDGE, "指标编号“a”重复"),
    ("indicators:\n  - {id: a, name: 甲, formula: no_such_metric}\n" + JUDGE, "未知的指标编号“no_such_metric”"),
    ("indicators: 3\n" + JUDGE, "指标定义“indicators”应为列表"),
])
def test_declared_indicators_refused_at_their_position(tmp_path, text, message):
    with pytest.raises(PerfscoreError, match=message) as raised:
        load_profile(str(_write(tmp_path, text)))
    assert "p.yaml:" in str(raised.value)


def test_the_header_names_the_form_of_the_profile(tmp_path):
    """A project profile's scorecard says 项目支出绩效自评表, a department table's 部门整体支出绩效评价 (title:)."""
    from perfscore.engine.render.text import render_table

    project = plan_from("mof2020_project")
    card = score_records(project, [{"dept_name": "示例县农业农村局", "year": 2024, "project_budget": 100,
                                    "project_spent": 95}])[0]
    assert render_table(card, 80).splitlines()[0] == "示例县农业农村局 2024年度项目支出绩效自评表"
    department = plan_from(_write(tmp_path, JUDGE))
    card = score_records(department, [{"dept_name": "某局", "year": 2024}])[0]
    assert render_table(card, 80).splitlines()[0] == "某局 2024年度部门整体支出绩效评价"
    assert project.profile.subject == "项目支出绩效自评表" and department.profile.subject == "部门整体支出绩效评价"
