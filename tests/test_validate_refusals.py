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
          scoring: {{shape: tiered}}"""), "formula: staff_actual", "reads no indicator value"),
    "indicator_on_manual": (leaf(f"""
        - id: judge
          indicator: staff_control_rate
          points: 100
          {MANUAL}"""), "indicator: staff_control_rate", "reads no indicator value"),
    "formula_on_checklist": (leaf("""
        - id: rules
          name: 制度
          formula: has_finance_rules
          points: 100
          scoring:
            shape: checklist
            items: [{id: a, name: 财务制度, when: has_finance_rules, points: 100}]"""),
                             "formula: has_finance_rules", "'formula' would be ignored"),
    "scoring_on_a_level": ("tree:\n  - id: input\n    name: 投入\n    points: 100\n"
                           "    scoring: {shape: manual}\n    children:\n"
                           f"      - {{id: judge, name: 人工, points: 100, {MANUAL}}}\n",
                           "    scoring: {shape: manual}", "a level never reads 'scoring'"),
    "unknown_indicator_on_a_level": ("tree:\n  - id: input\n    name: 投入\n    points: 100\n"
                                     "    indicator: no_such\n    children:\n"
                                     f"      - {{id: judge, name: 人工, points: 100, {MANUAL}}}\n",
                                     "    indicator: no_such", "a level never reads 'indicator'"),
    "empty_children": ("tree:\n  - id: input\n    name: 投入\n    points: 100\n    children: []\n",
                       "children: []", "has no children"),
    "empty_bands": (leaf("""
        - id: adjust
          indicator: budget_adjustment_rate
          points: 100
          scoring: {shape: bands, bands: []}"""), "bands: []", "bands is empty"),
    "infinite_points": (leaf(f"""
        - {{id: judge, name: 人工, points: .inf, {MANUAL}}}"""), "points: .inf", "a finite number"),
    "infinite_deduct": (leaf("""
        - id: staff
          indicator: staff_control_rate
          points: 100
          scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: .inf}"""),
                        "deduct: .inf", "a finite number"),
    "nan_band_bound": (leaf("""
        - id: adjust
          indicator: budget_adjustment_rate
          points: 100
          scoring:
            shape: bands
            bands:
              - {range: "[nan, 10]", points: 100}"""), "[nan, 10]", "not a number"),
    "text_formula_scored_as_number": (leaf("""
        - id: name_scored
          formula: dept_name
          points: 100
          scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}"""),
                                      "formula: dept_name", "the formula yields text"),
    "string_constant_scored": (leaf("""
        - id: constant
          formula: "'满分'"
          points: 100
          scoring: {shape: proportional, target: 100}"""), "formula: \"'满分'\"", "the formula yields text"),
    "text_compared_with_less_than": (leaf("""
        - id: name_order
          name: 名称
          points: 100
          scoring:
            shape: states
            states:
              - {when: dept_name < 'M', points: 100}
              - {otherwise: true, points: 0}"""), "dept_name < 'M'", "text compared with '<'"),
    "states_value_without_indicator": (leaf("""
        - id: nothing
          name: 无指标
          points: 100
          scoring:
            shape: states
            states:
              - {when: value > 1, points: 100}
              - {otherwise: true, points: 0}"""), "when: value > 1", "a state reads value"),
    "unknown_metric_in_adjustment": ("adjustments:\n  - {id: veto, kind: grade_cap, cap: 中, reason: 否决,"
                                     " when: no_such_metric > 0}\n" + leaf(f"- {{id: judge, name: 人工, points: 100, "
                                                                          f"{MANUAL}}}"),
                                     "no_such_metric > 0", "unknown metric id 'no_such_metric'"),
    "test_expects_a_missing_branch": (leaf(f"- {{id: judge, name: 人工, points: 100, {MANUAL}}}") +
                                      "tests:\n  - name: 分支名写错\n    metrics: {}\n"
                                      "    expect: {branches: {judge: full}}\n",
                                      "- name: 分支名写错", "expects rule 'full' of 'judge'"),
    # item lists and festival deadlines (issue 14): each refused at the offending column of its formula
    "count_over_a_plain_metric": (LISTS + leaf(counted("count(fund_name, fund_paid > 0)")),
                                  "count(fund_name", "not a list of items"),
    "count_of_a_literal": (LISTS + leaf(counted("count(3, 1)")), "count(3, 1)", "names a list of items"),
    "count_inside_count": (LISTS + leaf(counted("count(funds, count(funds, 1 > 0) > 0)")),
                           "count(funds, count", "inside another count()"),
    "a_field_outside_count": (LISTS + leaf(counted("fund_paid + count(funds, 1 > 0)")), "fund_paid +",
                              "is a field of the list 'funds'"),
    "a_list_outside_count": (LISTS + leaf(counted("funds + 1")), "funds + 1", "read only by count()"),
    "a_list_field_that_is_no_metric": (LISTS.replace("[fund_name, fund_paid]", "[fund_name, no_such]")
                                       + leaf(counted("count(funds, 1 > 0)")), "[fund_name, no_such]", "no metric"),
    "a_list_without_fields": (LISTS.replace(", fields: [fund_name, fund_paid]", "")
                              + leaf(f"- {{id: judge, name: 人工, points: 100, {MANUAL}}}"),
                              "kind: items}", "needs fields:"),
    "fields_on_a_plain_metric": (LISTS.replace("kind: text}", "kind: text, fields: [fund_paid]}")
                                 + leaf(f"- {{id: judge, name: 人工, points: 100, {MANUAL}}}"),
                                 "fields: [fund_paid]}", "belongs only to a metric of kind items"),
    "an_unknown_festival": (leaf(counted("if(budget_approved_date <= festival('重阳节', year), 0, 1)")),
                            "festival('重阳节'", "quoted festival name"),
    "a_festival_read_from_data": (leaf(counted("if(budget_approved_date <= festival(dept_name, year), 0, 1)")),
                                  "festival(dept_name", "quoted festival name"),
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
    assert files == 1 and any("reads no indicator value" in str(p) for p in problems)


def test_duplicate_indicator_in_one_rule_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("indicators:\n  - {id: a, name: 甲, formula: staff_actual}\n"
                    "  - {id: a, name: 乙, formula: staff_authorized}\n", encoding="utf-8")
    problems, _ = validate_paths([str(path)])
    assert [str(p) for p in problems if "duplicate indicator id 'a'" in str(p)] == \
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
    assert "child.yaml:7:" in str(raised.value) and "sum to 16" in str(raised.value)


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
    assert "reads no indicator value" in str(raised.value)
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
