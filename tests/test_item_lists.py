"""Item lists with counts and Chinese festival deadlines (issue 14), on both engines.

The row: 支付进度 — 专项资金春节前下达50%、6月底前全部下达，每有一项未按时下达扣分. A department lists its
special funds (a metric of kind items); ``count(list, condition)`` counts the items whose condition holds, and
``festival('春节', year)`` is the date of the Spring Festival in the evaluation year, from the lunardate
package (lunar festivals) and chinese_calendar (清明), never typed in by hand.
"""

from __future__ import annotations

import re

import datetime as dt

import pytest

from perfscore.engine import calendar
from perfscore.engine.errors import PerfscoreError
from support import plan_from_text, score_records

ENGINES = ["vector", "rete"]

PROFILE = """
metrics:
  - {id: fund_name, zh: 资金名称, kind: text}
  - {id: fund_half_paid, zh: 下达50%日期, kind: date}
  - {id: fund_all_paid, zh: 全部下达日期, kind: date}
  - {id: special_funds, zh: 专项资金清单, kind: items, fields: [fund_name, fund_half_paid, fund_all_paid]}
tree:
  - id: process
    name: 过程
    points: 100
    children:
      - id: payment_progress
        name: 支付进度
        formula: "count(special_funds, fund_half_paid > festival('春节', year) or fund_all_paid > make_date(year, 6, 30))"
        unit: 项
        points: 60
        scoring: {shape: per_occurrence, deduct: 20}
      - id: unpaid_counted_late
        name: 未下达视为逾期
        formula: "count(special_funds, coalesce(fund_all_paid, make_date(year + 1, 1, 1)) > make_date(year, 6, 30))"
        unit: 项
        points: 20
        scoring: {shape: per_occurrence, deduct: 10}
      - id: before_festival
        name: 预算春节前批复
        formula: "if(budget_approved_date <= festival('春节', year), 1, 0)"
        points: 20
        scoring:
          shape: bands
          bands:
            - {range: "[1, 1]", points: 20, label: 春节前批复}
            - {range: "[0, 1)", points: 0, label: 春节后批复}
          domain: "[0, 1]"
"""

ON_TIME = {"fund_name": "农机购置补贴", "fund_half_paid": "2024-02-05", "fund_all_paid": "2024-06-20"}
HALF_LATE = {"资金名称": "耕地地力保护补贴", "下达50%日期": "2024-02-11", "fund_all_paid": "2024-05-01"}  # 春节 2024-02-10
ALL_LATE = {"fund_name": "高标准农田", "fund_half_paid": "2024-01-10", "fund_all_paid": "2024-07-01"}


@pytest.fixture
def plan(tmp_path):
    return plan_from_text(tmp_path, PROFILE)


def _card(plan, engine, **metrics):
    return score_records(plan, [{"dept_name": "测试局", "year": 2024, **metrics}], engine)[0]


def _criterion(card, cid):
    return next(c for c in card["criteria"] if c["id"] == cid)


@pytest.mark.parametrize("name, year, expected", [
    # The State Council's holiday notices (国办发明电) name the festival day itself as the first day off or within
    # the days off; the dates are the published ones.
    ("春节", 2023, "2023-01-22"), ("春节", 2024, "2024-02-10"), ("春节", 2025, "2025-01-29"),
    ("除夕", 2024, "2024-02-09"), ("元宵节", 2024, "2024-02-24"), ("清明节", 2024, "2024-04-04"),
    ("清明节", 2025, "2025-04-04"), ("端午节", 2024, "2024-06-10"), ("中秋节", 2024, "2024-09-17"),
    ("中秋节", 2025, "2025-10-06"), ("国庆节", 2024, "2024-10-01"), ("劳动节", 2024, "2024-05-01"),
])
def test_festival_dates_are_the_published_ones(name, year, expected):
    assert calendar.from_day_number(calendar.festival_day(name, year)) == dt.date.fromisoformat(expected)


def test_festival_aliases():
    assert calendar.festival_name("端午") == "端午节" and calendar.festival_name("重阳") is None


@pytest.mark.parametrize("engine", ENGINES)
def test_items_that_missed_a_deadline_are_counted(plan, engine):
    card = _card(plan, engine, special_funds=[ON_TIME, HALF_LATE, ALL_LATE], budget_approved_date="2024-02-09")
    progress = _criterion(card, "payment_progress")
    assert (progress["value"], progress["score"], progress["rule"]) == (2, 20, "deduct")
    assert _criterion(card, "unpaid_counted_late")["value"] == 1
    assert (_criterion(card, "before_festival")["score"], card["total"]) == (20, 20 + 10 + 20)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_festival_day_itself_is_in_time(plan, engine):
    on_the_day = dict(ON_TIME, fund_half_paid="2024-02-10")
    card = _card(plan, engine, special_funds=[on_the_day], budget_approved_date="2024-02-10")
    assert _criterion(card, "payment_progress")["rule"] == "none"
    assert _criterion(card, "before_festival")["score"] == 20
    late = _card(plan, engine, special_funds=[dict(ON_TIME, fund_all_paid="2024-07-01")],
                 budget_approved_date="2024-02-11")
    assert _criterion(late, "payment_progress")["value"] == 1 and _criterion(late, "before_festival")["score"] == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_list_counts_nothing(plan, engine):
    card = _card(plan, engine, special_funds=[])
    assert (_criterion(card, "payment_progress")["value"], _criterion(card, "payment_progress")["score"]) == (0, 60)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_list_not_given_is_missing(plan, engine):
    progress = _criterion(_card(plan, engine), "payment_progress")
    assert progress["rule"] == "missing" and progress["score"] == 0
    assert "缺少数据：专项资金清单" in progress["reason"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_item_without_its_date_makes_the_count_missing_unless_the_rule_says(plan, engine):
    undated = {"fund_name": "未下达资金", "fund_half_paid": "2024-01-05"}  # never fully paid
    card = _card(plan, engine, special_funds=[ON_TIME, undated])
    progress = _criterion(card, "payment_progress")
    assert progress["rule"] == "missing" and "全部下达日期" in progress["reason"]
    # coalesce() states what an unpaid fund counts as: late
    assert _criterion(card, "unpaid_counted_late")["value"] == 1
    # Kleene logic: one late half payment decides the item whatever its final date
    card = _card(plan, engine, special_funds=[{"fund_name": "甲", "fund_half_paid": "2024-03-01"}])
    assert _criterion(card, "payment_progress")["value"] == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_year_outside_the_festival_calendar_is_missing_with_why(plan, engine):
    card = score_records(plan, [{"dept_name": "测试局", "year": 2100, "budget_approved_date": "2100-01-05"}],
                         engine)[0]
    festival = _criterion(card, "before_festival")
    assert festival["rule"] == "missing" and "节日日期仅覆盖1901—2099年" in festival["reason"]


@pytest.mark.parametrize("raw, where, words", [
    ("special_funds: 3\n", ":3:", "应为逐项清单"),
    ("special_funds:\n  - [1, 2]\n", ":4:", "应为字段映射"),
    ("special_funds:\n  - {fund_nam: x}\n", ":4:", "第1项有未知字段“fund_nam”; 是否应为“资金名称”？"),
    ("special_funds:\n  - {fund_name: x, fund_all_paid: 不知道}\n", ":4:", "第1项“全部下达日期”：“不知道”不是日期"),
])
def test_bad_lists_are_refused_at_their_position(plan, tmp_path, raw, where, words):
    from perfscore.engine.inputs.batch import load_single

    path = tmp_path / "d.yaml"
    path.write_text("dept_name: 测试局\nyear: 2024\n" + raw, encoding="utf-8")
    with pytest.raises(PerfscoreError) as raised:
        load_single(path, plan.profile.vocabulary, {c.id for c in plan.criteria})
    message = str(raised.value)
    assert f"d.yaml{where}" in message and words in message
    assert not re.search(r"[a-z]+_[a-z_]+", message.split(": ", 1)[1].replace("fund_nam", "")), message  # no ids


def test_an_absurdly_long_list_is_refused(plan, tmp_path):
    from perfscore.engine.inputs.batch import MAX_ITEMS, load_single

    path = tmp_path / "d.json"
    path.write_text('{"year": 2024, "special_funds": [' + ",".join(['{"fund_name": "x"}'] * (MAX_ITEMS + 1)) + "]}",
                    encoding="utf-8")
    with pytest.raises(PerfscoreError, match="超过上限"):
        load_single(path, plan.profile.vocabulary, set())


def test_a_list_in_a_table_cell_is_a_reject(plan):
    from perfscore.engine.inputs.batch import CoercionError, coerce

    with pytest.raises(CoercionError, match="逐项清单"):
        coerce(plan.profile.vocabulary.metrics["special_funds"], "农机补贴")
