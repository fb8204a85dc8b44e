"""A self-evaluation scores each criterion against its weight before it states the department's
total: only the total is the self-evaluation score (engine/reports/criterion_scores.py)."""

from __future__ import annotations

import pytest

from support import text_metrics as metrics

TOTALS = [
    ("经自评,我局2023年度部门整体支出绩效自评得分为95.5分,评价等级为“优”。", 95.5),
    ("2023年度综合评价得分92分,等级为优秀。", 92),
    ("2023年本次评价满分100分,自评得分98分。", 98),  # the total's maximum is no criterion's weight
    ("2023年决策(20分)得分20分;过程(20分)得分18分;产出(40分)得分38分;效益(20分)得分19分。合计得分95分。", 95),
    ("2023年,部门整体支出绩效评价得分89分,等次为良好。", 89),
    ("2023年度绩效等级:优秀,得分95分。", 95),
]


@pytest.mark.parametrize(("text", "score"), TOTALS)
def test_the_departments_total_is_its_score(text, score):
    assert metrics(text)["self_score"] == score


CRITERIA = [
    "2023年(一)预算执行率(10分):预算执行率为98%,得分9.8分。",  # the weight, then the criterion's score
    "2023年产出指标(50分):得分48分。",
    "2023年预算执行率得分18分。",  # an indicator named right before the bare 得分
    "2023年产出指标得分38分,效益指标得分19分。",
    "2023年预算执行情况 得分 (20分*执行率)",  # the weight and the formula a form prints
    "2023年资金使用(满分10分)得分9分。",
]


@pytest.mark.parametrize("text", CRITERIA)
def test_a_criterions_score_or_weight_is_no_self_score(text):
    assert "self_score" not in metrics(text)


def test_a_title_year_followed_by_a_comma_names_no_department():
    assert "dept_name" not in metrics("2023年,部门整体支出绩效评价得分89分,等次为良好。")
    assert metrics("2023年衡山县民政局部门整体支出绩效自评报告\n自评得分89分。")["dept_name"] == "衡山县民政局"
