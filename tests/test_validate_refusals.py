"""validate refuses what one engine would score and the other ignore, and the silent wrong scores: each problem
at the file:line of the key or value that causes it (issues 14 and 15)."""

from __future__ import annotations

import textwrap

import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.rubric.profiles import load_profile
from perfscore.engine.jobs.validation import validate_paths
from support import plan_from, profile_text, score_records


def leaf(line: str, points: int = 100) -> str:
    """A tree with one level of ``points`` and the leaf given as YAML lines (indented under children)."""
    body = textwrap.indent(textwrap.dedent(line).strip("\n"), "      ")
    return f"tree:\n  - id: input\n    name: 投入\n    points: {points}\n    children:\n{body}\n"


MANUAL = "scoring: {shape: manual}"
LISTS = """metrics:
  - {id: fund_name, zh: 资金名称, kind: text}
  - {id: fund_paid, zh: 下达日期, kind: date}
  - {id: funds, zh: 专项资金清单, kind: items, fields: [fund_name, fund_paid]}
"""


def counted(formula: str) -> str:
    """A leaf scoring ``formula`` as a count of problems."""
    return f"""
        - id: late
          name: 逾期
          formula: "{formula}"
          points: 100
          scoring: {{shape: per_occurrence, deduct: 10}}"""

CASES: dict[str, tuple[str, str, str]] = {
    # name: (profile body, text on the line the problem must point at, message fragment)
    "formula_on_tiered": (leaf(f"""
        - id: social
          name: 社会效益
          formula: staff_actual / staff_authorized * 100
          points: 100
          scoring: {{shape: tiered}}"""), "formula: staff_actual", "的评分项不读取指标值"),
    "indicator_on_manual": (leaf(f"""
        - id: judge
          indicator: staff_control_rate
          points: 100
          {MANUAL}"""), "indicator: staff_control_rate", "的评分项不读取指标值"),
    "formula_on_checklist": (leaf("""
        - id: rules
          name: 制度
          formula: has_finance_rules
          points: 100
          scoring:
            shape: checklist
            items: [{id: a, name: 财务制度, when: has_finance_rules, points: 100}]"""),
                             "formula: has_finance_rules", "“formula”不会被读取"),
    "scoring_on_a_level": ("tree:\n  - id: input\n    name: 投入\n    points: 100\n"
                           "    scoring: {shape: manual}\n    children:\n"
                           f"      - {{id: judge, name: 人工, points: 100, {MANUAL}}}\n",
                           "    scoring: {shape: manual}", "层级不读取“scoring”"),
    "unknown_indicator_on_a_level": ("tree:\n  - id: input\n    name: 投入\n    points: 100\n"
                                     "    indicator: no_such\n    children:\n"
                                     f"      - {{id: judge, name: 人工, points: 100, {MANUAL}}}\n",
                                     "    indicator: no_such", "层级不读取“indicator”"),
    "empty_children": ("tree:\n  - id: input\n    name: 投入\n    points: 100\n    children: []\n",
                       "children: []", "层级“input”没有下级"),
    "empty_bands": (leaf("""
        - id: adjust
          indicator: budget_adjustment_rate
          points: 100
          scoring: {shape: bands, bands: []}"""), "bands: []", "分档“bands”为空"),
    "infinite_points": (leaf(f"""
        - {{id: judge, name: 人工, points: .inf, {MANUAL}}}"""), "points: .inf", "不是有限的数"),
    "infinite_deduct": (leaf("""
        - id: staff
          indicator: staff_control_rate
          points: 100
          scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: .inf}"""),
                        "deduct: .inf", "不是有限的数"),
    "nan_band_bound": (leaf("""
        - id: adjust
          indicator: budget_adjustment_rate
          points: 100
          scoring:
            shape: bands
            bands:
              - {range: "[nan, 10]", points: 100}"""), "[nan, 10]", "“nan”不是数"),
    "text_formula_scored_as_number": (leaf("""
        - id: name_scored
          formula: dept_name
          points: 100
          scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}"""),
                                      "formula: dept_name", "公式的结果是文本"),
    "string_constant_scored": (leaf("""
        - id: constant
          formula: "'满分'"
          points: 100
          scoring: {shape: proportional, target: 100}"""), "formula: \"'满分'\"", "公式的结果是文本"),
    "text_compared_with_less_than": (leaf("""
        - id: name_order
          name: 名称
          points: 100
          scoring:
            shape: states
            states:
              - {when: dept_name < 'M', points: 100}
              - {otherwise: true, points: 0}"""), "dept_name < 'M'", "文本不能用“<”比较大小"),
    "states_value_without_indicator": (leaf("""
        - id: nothing
          name: 无指标
          points: 100
          scoring:
            shape: states
            states:
              - {when: value > 1, points: 100}
              - {otherwise: true, points: 0}"""), "when: value > 1", "状态条件读取 value"),
    "unknown_metric_in_adjustment": ("adjustments:\n  - {id: veto, kind: grade_cap, cap: 中, reason: 否决,"
                                     " when: no_such_metric > 0}\n" + leaf(f"- {{id: judge, name: 人工, points: 100, "
                                                                          f"{MANUAL}}}"),
                                     "no_such_metric > 0", "未知的指标编号“no_such_metric”"),
    "test_expects_a_missing_branch": (leaf(f"- {{id: judge, name: 人工, points: 100, {MANUAL}}}") +
                                      "tests:\n  - name: 分支名写错\n    metrics: {}\n"
                                      "    expect: {branches: {judge: full}}\n",
                                      "- name: 分支名写错", "期望评分项“judge”按规则“full”评分"),
    # item lists and festival deadlines (issue 14): each refused at the offending column of its formula
    "count_over_a_plain_metric": (LISTS + leaf(counted("count(fund_name, fund_paid > 0)")),
                                  "count(fund_name", "计数对象“fund_name”不是项目清单"),
    "count_of_a_literal": (LISTS + leaf(counted("count(3, 1)")), "count(3, 1)", "第一个参数应为项目清单的指标编号"),
    "count_inside_count": (LISTS + leaf(counted("count(funds, count(funds, 1 > 0) > 0)")),
                           "count(funds, count", "不能在 count() 中再用 count()"),
    "a_field_outside_count": (LISTS + leaf(counted("fund_paid + count(funds, 1 > 0)")), "fund_paid +",
                              "字段“fund_paid”属于清单“funds”"),
    "a_list_outside_count": (LISTS + leaf(counted("funds + 1")), "funds + 1", "项目清单“funds”只能由 count() 读取"),
    "a_list_field_that_is_no_metric": (LISTS.replace("[fund_name, fund_paid]", "[fund_name, no_such]")
                                       + leaf(counted("count(funds, 1 > 0)")), "[fund_name, no_such]", "的字段“no_such”不是已知的指标"),
    "a_list_without_fields": (LISTS.replace(", fields: [fund_name, fund_paid]", "")
                              + leaf(f"- {{id: judge, name: 人工, points: 100, {MANUAL}}}"),
                              "kind: items}", "类型为 items 的指标须写 fields:"),
    "fields_on_a_plain_metric": (LISTS.replace("kind: text}", "kind: text, fields: [fund_paid]}")
                                 + leaf(f"- {{id: judge, name: 人工, points: 100, {MANUAL}}}"),
                                 "fields: [fund_paid]}", "只有类型为 items 的指标才能写 fields:"),
    "an_unknown_festival": (leaf(counted("if(budget_approved_date <= festival('重阳节', year), 0, 1)")),
                            "festival('重阳节'", "节日名称应为加引号的节日名"),
    "a_festival_read_from_data": (leaf(counted("if(budget_approved_date <= festival(dept_name, year), 0, 1)")),
                                  "festival(dept_name", "节日名称应为加引号的节日名"),
}


def _problems(tmp_path, body: str) -> tuple[str, str]:
    text = profile_text(body)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PerfscoreError) as raised:
        load_profile(str(path))
    return text, str(raised.value)


@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_at_its_position(tmp_path, name):
    body, marker, fragment = CASES[name]
    text, message = _problems(tmp_path, body)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)
    hits = [m for m in message.splitlines() if fragment in m]
    assert hits, message
    assert any(f"p.yaml:{line}:" in m for m in hits), (line, message)


def test_validate_command_reports_them(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(CASES["formula_on_tiered"][0]), encoding="utf-8")
    problems, files = validate_paths([str(path)])
    assert files == 1 and any("的评分项不读取指标值" in str(p) for p in problems)


def test_duplicate_indicator_in_one_rule_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("indicators:\n  - {id: a, name: 甲, formula: staff_actual}\n"
                    "  - {id: a, name: 乙, formula: staff_authorized}\n", encoding="utf-8")
    problems, _ = validate_paths([str(path)])
    assert [str(p) for p in problems if "指标编号“a”重复" in str(p)] == \
        [p for p in map(str, problems) if "rules.yaml:3:" in p]


def _child(tmp_path, overrides: str, extra: str = "") -> str:
    path = tmp_path / "child.yaml"
    path.write_text(f"id: child\nname: 子方案\nversion: '1'\nextends: yueyang2018\ntests: []\n{extra}"
                    f"overrides:\n{textwrap.indent(textwrap.dedent(overrides), '  ')}", encoding="utf-8")
    return str(path)


def test_an_override_that_breaks_a_sum_is_reported_at_the_child(tmp_path):
    path = _child(tmp_path, "staff_control: {points: 6}\n")
    with pytest.raises(PerfscoreError) as raised:
        load_profile(path)
    assert "child.yaml:7:" in str(raised.value) and "下级分值合计 16" in str(raised.value)


def test_an_override_can_remove_a_key_with_null(tmp_path):
    """A tiered leaf left with a formula is refused; ``formula: null`` in the override removes it."""
    base = tmp_path / "base.yaml"
    base.write_text(profile_text(leaf("""
        - id: social
          name: 社会效益
          formula: staff_actual / staff_authorized * 100
          points: 100
          scoring: {shape: proportional, target: 100}""")), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nname: 子\nversion: '1'\nextends: base.yaml\n"
                     "overrides:\n  social: {scoring: {shape: tiered}}\n", encoding="utf-8")
    with pytest.raises(PerfscoreError) as raised:
        load_profile(str(child))
    assert "的评分项不读取指标值" in str(raised.value)
    child.write_text("id: child\nname: 子\nversion: '1'\nextends: base.yaml\n"
                     "overrides:\n  social: {formula: null, unit: null, scoring: {shape: tiered}}\n", encoding="utf-8")
    plan = plan_from(child)
    for engine in ("vector", "rete"):
        card = score_records(plan, [{"staff_actual": 10, "staff_authorized": 10,
                                     "assessments": {"social": {"tier": "部分实现"}}}], engine)[0]
        assert card["criteria"][0]["score"] == 80 and card["criteria"][0]["rule"] == "tier2"


def test_a_child_metrics_list_adds_to_the_parent(tmp_path):
    parent = tmp_path / "parent.yaml"
    parent.write_text(profile_text("metrics:\n  - {id: own_count, zh: 自定义数, kind: count}\n" +
                                   leaf("- {id: c, formula: own_count, points: 100, scoring: {shape: proportional, "
                                        "target: 10}}")), encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nname: 子\nversion: '1'\nextends: parent.yaml\n"
                     "metrics:\n  - {id: other_count, zh: 另一数, kind: count}\n", encoding="utf-8")
    profile = load_profile(str(child))
    assert {"own_count", "other_count"} <= set(profile.vocabulary.metrics)
