"""A 决算 compared with the year's own budget names that budget as it goes
(``决算640万元，比年初预算830万元减少190万元``): the figure after 比年初预算 is the budget, while a
figure after 比上年 stays last year's 决算, and a change against the year's own budget is no
change on last year."""

from __future__ import annotations

import pytest

from tests.support import text_metrics

_HEAD = "2019年“三公”经费决算情况说明\n\n"


@pytest.mark.parametrize(("sentence", "metric", "budget"), [
    ("“三公”经费财政拨款支出决算48.6万元，比年初预算55万元减少6.4万元。", "sangong_budget", 55.0),
    ("公务接待费决算数3.1万元，相比年初预算数4万元下降22.5%。", "sangong_budget_reception", 4.0),
    ("公务用车运行维护费共9.5万元，较预算数的10万元减少0.5万元。", "sangong_budget_vehicle_operation", 10.0),
    # h21-nanxian-zzb: the budget counted alike and arranged, the change after a comma
    ("“三公”经费决算为7.04万元,比同口径预算安排的7.2万元,减少0.16万元,为预算数的97.78%。", "sangong_budget", 7.2),
    ("“三公”经费决算为7.04万元,比预算安排的7.2万元减少0.16万元。", "sangong_budget", 7.2),
])
def test_the_budget_a_final_figure_is_compared_with(sentence, metric, budget):
    found = text_metrics(_HEAD + sentence)
    assert found[metric] == budget
    assert not any(key.endswith(("_change", "_change_pct")) for key in found)  # no change on last year


def test_a_figure_after_last_year_is_last_years_not_the_budget():
    found = text_metrics(_HEAD + "“三公”经费支出决算48.6万元，比上年52万元减少3.4万元。")
    assert (found["sangong_prev_actual"], found["sangong_actual_change"]) == (52.0, -3.4)
    assert "sangong_budget" not in found


def test_a_budget_compared_with_a_bare_number_gives_none():
    found = text_metrics(_HEAD + "公务接待费决算数3.1万元，比年初预算4下降22.5%。")
    assert "sangong_budget_reception" not in found  # 4 what? no unit on either side


def test_a_budgets_carry_over_is_no_carry_over_figure():
    # h18-xiangxiang-fy: 2021年本单位收入预算3038.9万元,其中,…上年结转结余198.9万元 (a budget's; the
    # carry-over figures are the 决算's)
    found = text_metrics("2021年本单位收入预算3038.9万元,其中,一般公共预算拨款2602.64万元,上年结转结余198.9万元。")
    assert found["budget_income_total"] == 3038.9 and "carryover_prev" not in found
    found = text_metrics("2021年度部门决算\n本年收入合计3038.9万元,年初结转和结余198.9万元。")
    assert found["carryover_prev"] == 198.9


def test_the_budget_of_the_texts_own_year_named_by_its_year_is_its_own():
    # h30-zongjiao: 比2010年预算数 in a 2010 决算 text is the year's own budget, not last year's
    found = text_metrics("2010年,国家宗教事务局“三公经费”实际发生额为713.22万元,比2010年预算数757.17万元减少了43.95万元。")
    assert (found["sangong_actual"], found["sangong_budget"]) == (713.22, 757.17)
    assert not any(key.startswith("sangong_prev") or key.endswith("_change") for key in found)
    # another year's budget stays a prior year's
    found = text_metrics("2011年“三公经费”预算713.22万元,比2010年预算数757.17万元减少了43.95万元。")
    assert (found["sangong_prev_budget"], found["sangong_budget_change"]) == (757.17, -43.95)


def test_a_bracketed_note_on_what_a_figure_takes_in_stages_nothing():
    # h30-zongjiao: (包括使用当年财政拨款和上年财政拨款结转资金发生的支出) says what the 2010 spending took in
    found = text_metrics("2010年,国家宗教事务局财政拨款开支的“三公经费”实际发生额为713.22万元(包括使用当年财政拨款和"
                         "上年财政拨款结转资金发生的支出),比2010年预算数757.17万元减少了43.95万元。")
    assert found["sangong_actual"] == 713.22 and "sangong_prev_actual" not in found
