"""Changes on last year as reports word them: against a named year (比2022年, 与2022年相比),
rates after the amount (降幅/增幅/下降幅度为), and a base level inside the comparison that is
never the change."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


@pytest.mark.parametrize("wording, pct", [
    ("比2022年减少10万元,降幅16.67%", -16.67),
    ("比2022年决算数减少10万元,下降幅度为16.67%", -16.67),
    ("与2022年相比,减少10万元,减幅16.67%", -16.67),
    ("较2022年增加10万元,增幅25%", 25),
])
def test_a_rate_worded_as_a_range_is_signed_by_its_word(wording, pct):
    found = metrics(f"2023年“三公”经费支出决算为50万元,{wording}。")
    assert found["sangong_actual_change_pct"] == pct
    assert found["sangong_actual_change"] == (10 if pct > 0 else -10)


def test_the_base_level_in_a_comparison_is_not_the_change():
    found = metrics("2023年“三公”经费支出决算为50万元,比2022年决算(60万元)减少10万元。")
    assert (found["sangong_actual_change"], found["sangong_prev_actual"]) == (-10, 60)
    found = metrics("2023年“三公”经费支出决算为50万元,与2022年的60万元相比,减少10万元。")
    assert (found["sangong_actual_change"], found["sangong_prev_actual"]) == (-10, 60)


def test_a_base_named_in_its_own_clause_is_last_years_level():
    # 教育部: 与上年的2513.6万元相比,2011年“三公经费”预算减少了4万元
    found = metrics("2011年“三公经费”财政拨款预算数2509.6万元。与上年的2513.6万元相比,2011年“三公经费”预算减少了4万元。")
    assert (found["sangong_budget_change"], found["sangong_prev_budget"]) == (-4, 2513.6)
    # a figure in the comparison clause with no 与上年的 before it is no base
    assert "sangong_prev_budget" not in metrics("2011年“三公经费”财政拨款预算数2509.6万元。与上年相比,2011年“三公经费”预算减少了4万元。")


def test_a_year_that_is_not_last_year_gives_no_change_on_last_year():
    text = ("2023年度“三公”经费财政拨款支出决算为62.07万元,比上年决算数增加38.97万元,增长168.7%;"
            "比2019年(疫情前)决算数减少24.87万元,降低28.6%。")
    found = metrics(text)
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (38.97, 168.7)
    # with no year of its own, 2022 is taken for last year only as a guess: the change is flagged inferred
    change = extract_text("“三公”经费支出决算为50万元,比2022年减少10万元。").items["sangong_actual_change"]
    assert change.value == -10 and "inferred" in change.flags
    assert "inferred" not in extract_text(text).items["sangong_actual_change"].flags


_INCOME = "一、收入决算情况说明\n2020年总收入500万元,其中:财政拨款收入480万元,其他收入20万元。\n"


def test_a_paragraph_opening_with_its_comparison_is_about_the_total_before_it():
    found = metrics(_INCOME + "与2019年相比增加30万元,增长6.4%。")
    assert (found["final_income_total_change"], found["final_income_total_change_pct"]) == (30, 6.4)
    # a heading between them starts another subject: the change has none
    found = metrics(_INCOME + "二、支出决算情况说明\n与上年相比增加30万元。")
    assert not any(m.endswith("_change") for m in found)


_SPENDING = ("二、支出决算情况说明\n2020年总支出800万元,其中基本支出600万元,项目支出200万元。"
             "基本支出中人员经费500万元,公用经费100万元。\n")


def test_a_comparison_naming_last_years_total_is_about_this_years():
    found = metrics(_SPENDING + "相比2019年的总支出750增加50万元,增幅6.67%。")
    assert (found["final_total_change"], found["final_total_change_pct"]) == (50, 6.67)
    # without the name, after a sentence of several figures, nothing says what changed
    assert "final_total_change" not in metrics(_SPENDING + "相比2019年增加50万元,增幅6.67%。")
    # a named total that is no concept of the text's own figures names no change either
    assert not any(m.endswith("_change") for m in metrics(_SPENDING + "相比2019年的水平增加50万元。"))


def test_changes_listed_respectively_follow_the_figures_in_order():
    text = "2021年度决算收入合计300万元,支出合计280万元,与上年相比,分别增加20万元和15万元,增长7.1%和5.7%。"
    found = metrics(text)
    assert (found["final_income_total_change"], found["final_total_change"]) == (20, 15)
    assert (found["final_income_total_change_pct"], found["final_total_change_pct"]) == (7.1, 5.7)
    items = metrics("2021年决算公务接待费3万元、公务用车运行维护费9万元,与2020年相比,分别减少1万元和2万元。")
    assert (items["sangong_actual_reception_change"], items["sangong_actual_vehicle_operation_change"]) == (-1, -2)
    # one rate for two amounts belongs to neither
    found = metrics("2021年度决算收入合计300万元,支出合计280万元,与上年相比分别增加20万元和15万元,增长7.1%。")
    assert "final_income_total_change_pct" not in found and "final_total_change_pct" not in found


@pytest.mark.parametrize("uneven", [
    "分别减少1万元。",  # one amount for two figures
    "分别减少1万元、增加2万元。",  # one down, one up: the direction of each is not one word
])
def test_an_uneven_respective_list_pairs_nothing(uneven):
    found = metrics("2021年决算公务接待费3万元、公务用车运行维护费9万元,与2020年相比," + uneven)
    assert not any(m.endswith("_change") for m in found)


def test_a_rate_said_to_reach_its_level():
    found = metrics("2021年“三公”经费决算支出50万元,比上年减少支出7万元,降幅达到12.3%。")
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (-7, -12.3)


def test_a_respective_list_in_the_sentence_after_the_figures():
    text = ("2014年“三公”经费预算60亿元中,因公出国(境)费10亿元,公务用车购置及运行费30亿元,公务接待费20亿元。"
            "与2013年预算执行数相比,分别减少0.5亿元、1.5亿元、2亿元。")
    found = metrics(text)
    assert (found["sangong_budget_abroad_change"], found["sangong_budget_vehicle_change"],
            found["sangong_budget_reception_change"]) == (-5000, -15000, -20000)
    # a sentence that opens with something else is not about the list before it
    other = text.replace("与2013年预算执行数相比,", "各单位与2013年预算执行数相比,")
    assert not any(m.endswith("_change") for m in metrics(other))


def test_a_year_between_the_item_and_its_figure():
    found = metrics("2016年三公经费预算33万元。其中:公务接待费2016年预算8万元,2015年预算12.5万元。")
    assert found["sangong_budget_reception"] == 8
    assert found.get("sangong_budget_reception") != 12.5
    # a figure between them still parts the item from a later figure
    assert "sangong_budget_reception" not in metrics("2016年预算中,公务接待费标准3人,2016年8万元。")


def test_a_named_year_compared_with_in_a_text_naming_none_of_its_own_is_earlier():
    found = metrics("(二)公务接待费支出预算50万元,比2023年预算减少5万元,下降9.1%。")
    assert (found["sangong_budget_reception"], found["sangong_budget_reception_change"]) == (50, -5)
    # the same as when the text names its year
    assert metrics("2024年公务接待费支出预算50万元,比2023年预算减少5万元。")["sangong_budget_reception_change"] == -5
    # compared with a budget of no year, a 决算 is set against its own budget: no change on last year
    assert "sangong_actual_reception_change" not in metrics("(二)公务接待费决算支出50万元,比年初预算减少5万元。")


def test_a_thousands_comma_inside_a_change_parts_no_clause():
    found = metrics("2019年度“三公”经费决算支出为2,100.5万元,比上年减少了1,050.25万元,下降了33.33%。")
    assert (found["sangong_actual"], found["sangong_actual_change"], found["sangong_actual_change_pct"]) == \
        (2100.5, -1050.25, -33.33)
    # a comma before a figure of other than three digits still ends the clause
    found = metrics("2019年度“三公”经费决算支出为21万元,比上年减少了1,5万元,下降了6.7%。")
    assert found.get("sangong_actual_change") != -15


def test_a_comparison_right_after_a_figure_under_no_stage_is_about_its_item():
    found = metrics("经核算,2020年度机关“三公”经费41万元,较上年减少19万元,下降31.7%。")
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (-19, -31.7)
    # a clause between them, or a figure naming no item, names nothing
    apart = metrics("经核算,2020年度机关“三公”经费41万元,主要用于接待,较上年减少19万元。")
    assert "sangong_actual_change" not in apart
    assert not any(m.endswith("_change") for m in metrics("经核算,2020年度接待41批次,较上年减少19批次。"))


_SAME_PERIOD_TEXT = "三、收入情况\n2021年总收入5200.5万元,与去年同期相比增加310.25\n\n万元,同比增长6.3%。"


def test_a_figure_compared_with_the_same_period_last_year_is_what_was_received():
    found = extract_text(_SAME_PERIOD_TEXT)
    assert (found.metrics["final_income_total"], found.metrics["final_income_total_change"],
            found.metrics["final_income_total_change_pct"]) == (5200.5, 310.25, 6.3)
    assert "inferred" in found.items["final_income_total"].flags
    # the unit on the line after the blank line belongs to the figure: it points at that line
    assert found.items["final_income_total_change"].provenance.text.startswith("310.25")
    # only the figure compared: another figure under no stage earlier in the text stays open
    found = metrics("四、支出情况\n2021年基本支出800万元。\n2021年总支出1200万元,与去年同期相比增加50万元。")
    assert found["final_total"] == 1200 and "final_basic" not in found and "budget_basic" not in found


def test_the_part_paid_from_one_source_is_not_inferred():
    found = metrics("四、支出情况\n其中:财政拨款项目支出1153万元,与去年同期相比增加949万元。")
    assert "final_project" not in found and "budget_project" not in found
    # “三公”经费 are all paid from 财政拨款: theirs is
    found = metrics("四、支出情况\n2021年财政拨款“三公”经费12万元,与去年同期相比减少2万元。")
    assert found["sangong_actual"] == 12


def test_a_figure_set_against_a_named_years_budget_in_a_yearless_text_is_this_years_budget():
    found = metrics("(二)公务接待费支出0.36万元,比2019年预算减少0.02万元,下降5.26%。")
    assert (found["sangong_budget_reception"], found["sangong_budget_reception_change"]) == (0.36, -0.02)
    # set against its own year-start budget it is the 决算
    assert metrics("(二)公务接待费支出0.36万元,比年初预算减少0.02万元。")["sangong_actual_reception"] == 0.36


@pytest.mark.parametrize("said, change, pct", [
    ("比上年增加2万元、11.1%", 2, 11.1),      # issue 13: 比上年增加/减少 X 万元、X%
    ("比上年减少2万元、9.1%", -2, -9.1),
    ("较上年增长11.1%,增加2万元", 2, 11.1),   # the rate first, the amount in a clause of its own
    ("较上年下降10%,减少2.2万元", -2.2, -10),
    ("较上年增长14.5%,增支2万元", 2, 14.5),  # 池州 scenic area (holdout11): 增支, more spent
    ("较上年下降10%,减支2.2万元", -2.2, -10),
])
def test_a_change_and_its_rate_in_either_order(said, change, pct):
    found = metrics(f"2023年“三公”经费支出决算20万元,{said}。")
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (change, pct)


def test_an_amount_after_a_rate_that_names_another_item_is_that_items():
    found = metrics("2023年“三公”经费支出决算20万元,较上年下降10%,公务接待费减少2.2万元。")
    assert "sangong_actual_change" not in found and found["sangong_actual_change_pct"] == -10


@pytest.mark.parametrize("base", ["与2010年支出相比", "较2010年决算数", "比上年实际支出"])
def test_a_budget_set_against_last_years_spending_states_no_budget_change(base):
    """A budget compared with what was spent the year before is no change of the budget
    (budget to budget): the amount is neither the budget's change nor its rate."""
    found = metrics(f"2011年“三公”经费财政拨款预算16865.24万元,{base},压减1271.24万元,减少7%。")
    assert found["sangong_budget"] == 16865.24
    assert "sangong_budget_change" not in found and "sangong_budget_change_pct" not in found


def test_a_budget_against_last_years_budget_keeps_its_change():
    found = metrics("2011年“三公”经费财政拨款预算16865.24万元,比上年预算减少1271.24万元,下降7%。")
    assert (found["sangong_budget_change"], found["sangong_budget_change_pct"]) == (-1271.24, -7)


@pytest.mark.parametrize("said", ["与上年相比无变动", "与上年相比没有变动", "与上年持平"])
def test_a_level_said_to_be_unchanged_has_no_change(said):
    # 格尔木西藏中学 (holdout12): 与上年相比无变动
    found = metrics(f"2025年本部门财政拨款安排“三公”经费1.30万元,{said},主要原因是厉行节约。")
    assert (found["sangong_budget"], found["sangong_budget_change"]) == (1.3, 0)


def test_a_level_roughly_unchanged_states_no_change():
    assert "sangong_budget_change" not in metrics("2025年“三公”经费预算1.30万元,与上年相比基本无变动。")


def test_a_comparison_opening_the_sentence_goes_on_for_each_subject_after_a_semicolon():
    text = ("2023年度部门决算\n2023年度收入总计1,234.56万元,支出总计1,234.56万元。与2022年度相比,收入总计增加100万元,"
            "增长8.8%;支出总计增加100万元,增长8.8%。")
    found = metrics(text)
    assert (found["final_income_grand_total_change"], found["final_grand_total_change"]) == (100, 100)
    assert (found["final_income_grand_total_change_pct"], found["final_grand_total_change_pct"]) == (8.8, 8.8)
    # a clause that names no subject of its own takes nothing from it
    found = metrics("2023年度部门决算\n与2022年度相比,收入总计增加100万元;主要是增加了50万元的项目。")
    assert found["final_income_grand_total_change"] == 100 and "final_grand_total_change" not in found


def test_the_budget_a_final_figure_is_compared_with_under_the_name_of_its_amount():
    """h13-beijing-shiji: 比预算额11.2亿元减少了1.1亿元 names the year's own budget, as 比年初预算 does."""
    found = metrics("2012年决算\n三公经费财政拨款支出为10.1亿元,比预算额11.2亿元减少了1.1亿元。")
    assert (found["sangong_actual"], found["sangong_budget"]) == (101000, 112000)


def test_this_years_level_is_what_changed_when_last_years_is_stated_after_it():
    """yingde-jxj: 2016年…预算拨入33万元,2015年…预算拨入57.55万元,与上年对比减少24.55万元; and a bare 对比 after
    both years' budgets of an item."""
    found = metrics("2016年三公经费预算拨入33万元,2015年三公经费预算拨入57.55万元,与上年对比减少24.55万元。"
                    "其中:1、公务接待费2016年预算8万元,2015年预算12.5万元;对比减少4.35万元;减少率35.22%。")
    assert (found["sangong_budget"], found["sangong_prev_budget"], found["sangong_budget_change"]) == (33, 57.55, -24.55)
    assert found["sangong_budget_reception_change"] == -4.35
    assert "sangong_prev_budget_change" not in found


def test_a_rate_alone_right_after_a_level_is_its_change_on_last_year():
    """henan-sheng-2013: …“三公”经费财政拨款支出9.5亿元,下降13.4%: the spending's fall on last year's."""
    assert metrics("2013年“三公”经费财政拨款支出9.5亿元,下降13.4%。")["sangong_actual_change_pct"] == -13.4
    found = metrics("2013年“三公”经费财政拨款支出9.5亿元,占总支出的13.4%。")
    assert "sangong_actual_change_pct" not in found


@pytest.mark.parametrize("same", ["跟2018年数字持平", "跟上年持平", "与上年数字相同", "和上年的金额一样"])
def test_the_same_figure_as_last_year_in_other_words_is_a_change_of_zero(same):
    # h27-jinzhong-qyg: 跟2018年数字持平, 跟上年数字相同
    found = metrics(f"晋中市群众艺术馆2019年度部门预算\n2019年“三公”经费预算2.5万元,{same}。")
    assert (found["sangong_budget"], found["sangong_budget_change"]) == (2.5, 0)


def test_the_figure_about_the_same_as_last_year_is_no_change():
    found = metrics("晋中市群众艺术馆2019年度部门预算\n2019年“三公”经费预算2.5万元,跟上年数字基本相同。")
    assert "sangong_budget_change" not in found


def test_a_comparison_inside_the_reason_for_a_figure_is_no_change_of_it():
    # h29-wangcang-zhanghua: the reason compares the amount of hospitality, not the budget it explains
    found = metrics("旺苍县张华镇人民政府2018年部门预算情况的说明\n"
                    "公务接待费预算124000.00元,较2017年决算一致,原因为公务接待量与去年一致。")
    assert found["sangong_budget_reception"] == 12.4 and "sangong_budget_reception_change" not in found
    # the same comparison said of the item itself stays its change
    found = metrics("旺苍县张华镇人民政府2018年部门预算情况的说明\n公务接待费预算124000.00元,与去年一致。")
    assert found["sangong_budget_reception_change"] == 0


def test_a_change_whose_amount_and_rate_fit_only_the_total_is_the_totals():
    # 永丰县妇幼保健院 (holdout18), 横车镇党校 (holdout15): the change after the carry-over the total takes in
    # is the total's: 197.03 is 5.5% of 3759.2 - 197.03, and no rate of 1366.76
    found = metrics("本部门2020年度收入总计3759.2万元,其中年初结转和结余1366.76万元,较2019年增加197.03万元,增加5.5%。")
    assert (found["final_income_grand_total_change"], found["final_income_grand_total_change_pct"]) == (197.03, 5.5)
    assert found["carryover_prev"] == 1366.76
    # where the amount and rate fit the part, the part changed, as before
    found = metrics("2023年“三公”经费支出决算为50万元,其中公务接待费10万元,比上年减少2.5万元,下降20%。")
    assert found["sangong_actual_reception_change"] == -2.5 and "sangong_actual_change" not in found
    # a change of nothing fits every level: the figure it follows keeps it
    found = metrics("2023年“三公”经费支出决算为50万元,其中公务接待费0万元,比上年增加0万元,增长0%。")
    assert found["sangong_actual_reception_change"] == 0 and "sangong_actual_change" not in found


def test_a_rate_said_of_the_whole_after_the_amount():
    # 白云区 (holdout30): 比去年同期减少1049.02万元,整体下降12.27%
    found = metrics("2013年全区“三公”经费决算总开支为7497.98万元,比上年减少1049.02万元,整体下降12.27%。")
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (-1049.02, -12.27)


def test_a_sentence_opening_with_the_stage_alone_compares_the_total_before_it():
    # 国家测绘地理信息局 (holdout30): 本年预算数, the budget the sentence before states
    text = ("2011年“三公经费”财政拨款预算数1079.23万元。其中:因公出国(境)费294.80万元、公务接待费333.21万元。\n"
            "本年预算数较去年执行数减少488.91万元,其中:因公出国(境)费较上年减少26.06万元。")
    found = metrics(text)
    assert (found["sangong_budget_change"], found["sangong_budget_abroad_change"]) == (-488.91, -26.06)
    # the stage it names must be the stated figure's: a 决算 opening says nothing of a budget's change
    text = "2011年“三公经费”财政拨款预算数1079.23万元。\n本年决算数较去年执行数减少488.91万元。"
    assert "sangong_budget_change" not in metrics(text)
