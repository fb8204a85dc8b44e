"""Every scoring shape at every boundary, on a small profile whose values come straight from metrics."""

from __future__ import annotations

import pytest

from support import criterion, plan_from, profile_text, score_records

BODY = """
metrics:
  - {id: x, zh: 测试值, kind: percent}
  - {id: y, zh: 第二测试值, kind: percent}
  - {id: n, zh: 问题数, kind: count}
  - {id: ok1, zh: 条件一, kind: bool}
  - {id: ok2, zh: 条件二, kind: bool}
  - {id: ok3, zh: 条件三, kind: bool}
tree:
  - id: all
    name: 全部
    points: 100
    children:
      - {id: linear, name: 测试值, formula: x, unit: "%", points: 5,
         scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 0.5, partial: prorata}}
      - {id: linear_ceil, formula: x, unit: "%", points: 5,
         scoring: {shape: linear_deduct, threshold: 0, direction: above, deduct: 0.5, partial: ceil}}
      - {id: coarse, formula: x, unit: "%", points: 8,
         scoring: {shape: coarse_step, threshold: 100, direction: below, per: 5, deduct: 2, partial: ceil}}
      - {id: coarse_floor, formula: x, unit: "%", points: 8,
         scoring: {shape: coarse_step, threshold: 100, direction: below, per: 5, deduct: 2, partial: floor}}
      - id: bands
        formula: x
        unit: "%"
        points: 3
        scoring:
          shape: bands
          domain: "[0, +inf)"
          bands:
            - {range: "[0, 0]", points: 3}
            - {range: "(0, 10]", points: 2}
            - {range: "(10, 20]", points: 1}
            - {range: "(20, 30]", points: 0.5}
            - {range: "(30, +inf)", points: 0}
      - {id: prop, formula: x, unit: "%", points: 10, scoring: {shape: proportional, target: 100, cutoff: 60}}
      - {id: prop_low, formula: x, unit: "%", points: 10, scoring: {shape: proportional, target: 5, direction: lower}}
      - id: states
        formula: x
        unit: "%"
        points: 3
        scoring:
          shape: states
          states:
            - {when: value == 0, points: 3, label: 无结余}
            - {when: value <= y, points: 2, label: 不超过上年}
            - {otherwise: true, points: 0, label: 超过上年}
      - {id: occ, formula: n, points: 3, scoring: {shape: per_occurrence, deduct: 1}}
      - id: check
        points: 3
        scoring:
          shape: checklist
          items:
            - {id: a, name: 制度一, when: ok1, points: 1}
            - {id: b, name: 制度二, when: ok2, points: 1}
            - {id: c, name: 制度三, when: ok3, points: 1}
      - id: either
        points: 6
        scoring:
          shape: either_or
          options:
            - {indicator: sangong_control_rate, scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}}
            - {indicator: staff_control_rate, scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}}
      - {id: tier, name: 社会效益, points: 10, scoring: {shape: tiered}}
      - {id: manual, name: 人工, points: 2, scoring: {shape: manual}}
      - {id: filler, name: 其他, points: 24, scoring: {shape: manual, require_note: false}}
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("shapes") / "shapes.yaml"
    path.write_text(profile_text(BODY), encoding="utf-8")
    return plan_from(path)


def scored(plan, cid: str, **metrics):
    card = score_records(plan, [metrics])[0]
    c = criterion(card, cid)
    return c["score"], c["rule"], c["reason"]


@pytest.mark.parametrize("x, points, rule", [
    (99.99, 5, "full"), (100, 5, "full"), (100.01, 5, "deduct"),  # −0.005 rounds back to 5.00
    (100.02, 4.99, "deduct"), (101, 4.5, "deduct"),
    (109.99, 0.01, "deduct"), (110, 0, "floor"), (250, 0, "floor"),
])
def test_linear_deduct_prorata(plan, x, points, rule):
    assert scored(plan, "linear", x=x)[:2] == (points, rule)


@pytest.mark.parametrize("x, points, rule", [
    (0, 5, "full"), (0.01, 4.5, "deduct"), (1, 4.5, "deduct"), (1.01, 4, "deduct"), (9.5, 0, "floor"), (-3, 5, "full"),
])
def test_linear_deduct_ceil_counts_a_started_point(plan, x, points, rule):
    assert scored(plan, "linear_ceil", x=x)[:2] == (points, rule)


@pytest.mark.parametrize("x, ceil_points, floor_points", [
    (100, 8, 8), (120, 8, 8), (99.99, 6, 8), (95, 6, 6), (94.99, 4, 6), (90, 4, 4), (85, 2, 2), (80.01, 0, 2),
    (80, 0, 0), (10, 0, 0),
])
def test_coarse_step_partial_rules(plan, x, ceil_points, floor_points):
    assert scored(plan, "coarse", x=x)[0] == ceil_points
    assert scored(plan, "coarse_floor", x=x)[0] == floor_points


@pytest.mark.parametrize("x, points, rule", [
    (0, 3, "band1"), (0.01, 2, "band2"), (10, 2, "band2"), (10.01, 1, "band3"), (20, 1, "band3"),
    (20.001, 1, "band3"),  # rounds to 20.00 before it meets the edge
    (20.01, 0.5, "band4"), (30, 0.5, "band4"), (30.01, 0, "band5"), (-1, 0, "out_of_domain"),
])
def test_bands_with_an_exact_zero_band(plan, x, points, rule):
    assert scored(plan, "bands", x=x)[:2] == (points, rule)


@pytest.mark.parametrize("x, points, rule", [
    (100, 10, "full"), (120, 10, "full"), (95, 9.5, "proportional"), (60, 6, "proportional"),
    (59.99, 0, "cutoff"),
])
def test_proportional_with_cutoff(plan, x, points, rule):
    assert scored(plan, "prop", x=x)[:2] == (points, rule)


@pytest.mark.parametrize("x, points, rule", [(0, 10, "full"), (5, 10, "full"), (10, 5, "proportional")])
def test_proportional_lower_is_better(plan, x, points, rule):
    assert scored(plan, "prop_low", x=x)[:2] == (points, rule)


@pytest.mark.parametrize("x, y, points, rule", [
    (0, 5, 3, "state1"), (5, 5, 2, "state2"), (4.99, 5, 2, "state2"), (5.01, 5, 0, "state3"),
])
def test_states_first_match_wins(plan, x, y, points, rule):
    assert scored(plan, "states", x=x, y=y)[:2] == (points, rule)


def test_states_with_an_unknown_condition_are_missing(plan):
    points, rule, reason = scored(plan, "states", x=4)
    assert (points, rule) == (0, "missing")
    assert "第二测试值" in reason


@pytest.mark.parametrize("n, points, rule", [(0, 3, "none"), (1, 2, "deduct"), (2, 1, "deduct"), (3, 0, "floor"),
                                             (7, 0, "floor")])
def test_per_occurrence(plan, n, points, rule):
    assert scored(plan, "occ", n=n)[:2] == (points, rule)


def test_checklist_items(plan):
    assert scored(plan, "check", ok1=True, ok2=True, ok3=True)[:2] == (3, "all")
    points, rule, reason = scored(plan, "check", ok1=True, ok2=False)
    assert (points, rule) == (1, "partial")
    assert "不满足：制度二（扣1分）" in reason and "未提供：制度三" in reason
    assert scored(plan, "check", ok1=False, ok2=False, ok3=False)[:2] == (0, "none")
    assert scored(plan, "check", x=1)[1] == "missing"


def test_either_or_takes_the_first_available(plan):
    both = scored(plan, "either", sangong_actual=1.02, sangong_budget=1, staff_actual=50, staff_authorized=40)
    assert both[:2] == (4, "option1:deduct")
    second = scored(plan, "either", staff_actual=41, staff_authorized=40)
    assert second[:2] == (3, "option2:deduct") and second[2].startswith("按“在职人员控制率”评分")
    assert scored(plan, "either")[1] == "missing"


@pytest.mark.parametrize("assessment, points, rule", [
    ({"tier": "完全实现"}, 10, "tier1"), ({"tier": "部分实现", "score": 7}, 7, "tier2"),
    ({"tier": 3}, 6, "tier3"), ({"score": 8.5}, 8.5, "tier1"), ({"tier": "部分实现", "score": 9.5}, 8, "tier2"),
])
def test_tiered_judgement(plan, assessment, points, rule):
    assert scored(plan, "tier", assessments={"tier": assessment})[:2] == (points, rule)


def test_manual_points_are_range_checked(plan):
    points, rule, reason = scored(plan, "manual", assessments={"manual": {"score": 1.5, "note": "依据抽查"}})
    assert (points, rule) == (1.5, "manual") and "依据抽查" in reason
    card = score_records(plan, [{"assessments": {"manual": {"score": 5}}}])[0]
    assert any(f["id"] == "manual_score_out_of_range" and f["severity"] == "error" for f in card["flags"])


def test_reason_states_the_numbers(plan):
    _, _, reason = scored(plan, "linear", x=105)
    assert reason == "测试值 105.00%，超出100% 5.00个百分点，每超1个百分点扣0.5分，扣2.5分，得2.5分"
