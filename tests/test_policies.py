"""Missing data, not applicable, renormalisation, adjustments, inheritance, goal tables and the self-check."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from perfscore.engine.calendar import _workday_table, day_number
from support import criterion, plan_from, profile_text, score_records

TWO = """
metrics:
  - {{id: x, zh: 测试值, kind: percent}}
  - {{id: y, zh: 第二值, kind: percent}}
tree:
  - id: top
    name: 一级
    points: 100
    children:
      - id: mid
        name: 二级
        points: 60
        children:
          - {{id: a, name: 甲, formula: x, unit: "%", points: 40, missing: {missing_a}, not_applicable: {na_a},
             scoring: {{shape: linear_deduct, threshold: 100, direction: above, deduct: 10}}}}
          - {{id: b, name: 乙, formula: y, unit: "%", points: 20, missing: zero,
             scoring: {{shape: linear_deduct, threshold: 100, direction: above, deduct: 10}}}}
      - {{id: c, name: 丙, formula: y, unit: "%", points: 40,
         scoring: {{shape: linear_deduct, threshold: 100, direction: above, deduct: 10}}}}
"""


def plan_with(tmp_path, missing_a="zero", na_a="full", **header):
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(TWO.format(missing_a=missing_a, na_a=na_a), **header), encoding="utf-8")
    return plan_from(path)


def level(card, path):
    return next(l for l in card["levels"] if l["path"] == path)


def test_missing_zero_says_what_is_missing(tmp_path):
    card = score_records(plan_with(tmp_path), [{"y": 101}])[0]
    a = criterion(card, "a")
    assert (a["score"], a["rule"], a["missing"]) == (0, "missing", "缺少数据：测试值")
    assert a["reason"] == "缺少数据：测试值，按0分计"
    assert card["total"] == 0 + 10 + 30


def test_missing_exclude_renormalises_the_parent(tmp_path):
    card = score_records(plan_with(tmp_path, missing_a="exclude"), [{"y": 101}])[0]
    assert criterion(card, "a")["reason"].endswith("不参与评分，所在层级按比例折算")
    # 二级 keeps its 60 points: b's 10 of 20 scales to 30 of 60
    assert level(card, "top/mid")["score"] == 30
    assert card["total"] == 30 + 30


def test_missing_error_makes_the_department_unscorable(tmp_path, write):
    plan = plan_with(tmp_path, missing_a="error")
    card = score_records(plan, [{"y": 100}])[0]
    assert any(f["id"] == "missing_data" and f["severity"] == "error" for f in card["flags"])


def test_missing_manual_takes_the_assessor_score(tmp_path):
    plan = plan_with(tmp_path, missing_a="manual")
    given = score_records(plan, [{"y": 100, "assessments": {"a": {"score": 35}}}])[0]
    assert criterion(given, "a")["score"] == 35
    pending = score_records(plan, [{"y": 100}])[0]
    assert criterion(pending, "a")["score"] == 0
    assert any(f["id"] == "needs_manual_score" for f in pending["flags"])


@pytest.mark.parametrize("policy, a_score, mid", [("full", 40, 60), ("exclude", 0, 60)])
def test_not_applicable(tmp_path, policy, a_score, mid):
    card = score_records(plan_with(tmp_path, na_a=policy), [{"x": 150, "y": 100, "not_applicable": ["a"]}])[0]
    a = criterion(card, "a")
    assert (a["score"], a["rule"]) == (a_score, "not_applicable")
    assert "不适用" in a["reason"]
    assert level(card, "top/mid")["score"] == mid and card["total"] == 100


def test_grade_cap_and_bonus_adjustments(tmp_path):
    adjustments = [
        {"id": "veto", "kind": "grade_cap", "when": "y > 1000", "cap": "中", "reason": "一票否决：挤占挪用"},
        {"id": "bonus", "kind": "bonus", "when": "x == 0", "points": 5, "reason": "加分"},
    ]
    plan = plan_with(tmp_path, adjustments=adjustments)
    capped, bonus = score_records(plan, [{"x": 100, "y": 1001}, {"x": 0, "y": 110}])
    assert capped["grade"] == "差" and capped["total"] == 40  # capped at 中 does not raise a 差
    assert score_records(plan, [{"x": 100, "y": 1500}])[0]["grade"] == "差"
    capped_good = score_records(plan_with(tmp_path, adjustments=[adjustments[0] | {"when": "x == 99"}]),
                                [{"x": 99, "y": 100}])[0]
    assert capped_good["total"] == 100 and capped_good["grade"] == "中"
    assert any(f["id"] == "adjustment:veto" for f in capped_good["flags"])
    assert bonus["total"] == 45  # a 40 (x = 0), b and c 0 (y = 110: 10 pp over at 10 a point), +5 bonus

def test_extends_with_overrides(tmp_path):
    base = plan_with(tmp_path)
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nname: 子方案\nversion: '2'\nextends: p.yaml\n"
                     "overrides:\n  b:\n    scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}\n",
                     encoding="utf-8")
    plan = plan_from(child)
    assert plan.profile.id == "child" and plan.profile.extends == "p.yaml"
    assert plan.profile.sha256 != base.profile.sha256
    card = score_records(plan, [{"x": 100, "y": 101}])[0]
    assert criterion(card, "b")["score"] == 19 and criterion(card, "c")["score"] == 30


def test_self_check_gap_and_grade(tmp_path):
    card = score_records(plan_with(tmp_path, self_check={"max_gap": 5, "grade_mismatch": True}),
                         [{"x": 100, "y": 100, "self_score": 94, "self_grade": "优秀"}])[0]
    check = card["self_check"]
    assert (check["gap"], check["grade_agrees"]) == (-6, True)
    assert "相差6分，超过容差5分" in check["flag"]
    quiet = score_records(plan_with(tmp_path), [{"x": 100, "y": 100, "self_score": 96, "self_grade": "优"}])[0]
    assert quiet["self_check"]["flag"] is None and quiet["self_check"]["gap"] == -4


GOALS = """
tree:
  - id: own
    name: 个性指标
    points: 100
    goal_table: {}
"""


def test_goal_table_rows(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(profile_text(GOALS), encoding="utf-8")
    plan = plan_from(path)
    goals = [
        {"indicator": "低保动态管理率", "target": 100, "actual": 95, "direction": ">=", "unit": "%", "points": 50},
        {"indicator": "安全事故数", "target": 0, "actual": 0, "direction": "<=", "unit": "起", "points": 20},
        {"indicator": "群众满意度", "target": "高", "actual": "较高", "points": 30},
    ]
    card = score_records(plan, [{"goals": goals}])[0]
    own = criterion(card, "own")
    assert own["rule"] == "partial"
    assert own["score"] == pytest.approx(47.5 + 20 + 24)
    assert "1.低保动态管理率：目标≥100%，实际95%，未完成，得47.5分" in own["reason"]
    rescaled = score_records(plan, [{"goals": [dict(goals[1], points=10)]}])[0]
    assert criterion(rescaled, "own")["score"] == 100
    assert "目标表分值合计10分，按本项100分折算" in criterion(rescaled, "own")["reason"]
    assert criterion(score_records(plan, [{}])[0], "own")["rule"] == "missing"


def test_workday_table_matches_chinese_calendar_for_every_day():
    import chinese_calendar

    start, last, cumulative = _workday_table()
    flags = np.diff(np.concatenate([[0], cumulative]))
    days = [dt.date(1970, 1, 1) + dt.timedelta(days=int(d)) for d in range(start, last + 1, 7)]
    assert all(bool(flags[day_number(d) - start]) == chinese_calendar.is_workday(d) for d in days)
    assert flags[day_number(dt.date(2024, 2, 4)) - start] == 1  # Sunday worked (调休)
    assert flags[day_number(dt.date(2024, 10, 1)) - start] == 0  # National Day
