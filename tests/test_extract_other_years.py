"""A stage dated with a year that is neither the text's own nor the one before (2024年预算 in a
2023 决算 text) names figures of no metric: they are never read as this year's, whatever stage
the page's headings or captions speak of."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


HEAD = "2023年度部门决算公开\n三、“三公”经费支出决算情况\n"


def test_next_years_budget_under_a_final_accounts_heading_is_not_read():
    found = metrics(HEAD + "2024年“三公”经费预算安排35万元,其中公务接待费10万元。")
    assert not any(m.startswith("sangong") for m in found)


def test_a_label_that_carries_its_stage_takes_the_year_of_its_sentence():
    found = metrics(HEAD + "2023年“三公”经费支出决算40万元。2024年“三公”经费预算安排35万元,其中公务接待费预算10万元。")
    assert found["sangong_actual"] == 40
    assert "sangong_budget_reception" not in found and "sangong_budget" not in found


def test_this_years_and_last_years_stages_are_still_read():
    found = metrics(HEAD + "2023年“三公”经费支出决算40万元。2023年“三公”经费预算45万元。2022年“三公”经费决算50万元。")
    assert (found["sangong_actual"], found["sangong_budget"], found["sangong_prev_actual"]) == (40, 45, 50)


def test_another_years_stage_sets_no_context_for_a_later_clause():
    found = metrics("2023年度部门决算公开\n按照2023年决算和2024年预算的科目设置,本部门2023年公务接待费支出决算为12万元。")
    assert found["sangong_actual_reception"] == 12


def test_a_table_column_of_another_year_is_not_read():
    table = ("2023年“三公”经费支出决算表\n单位:万元\n项目 | 2023年决算数 | 2024年预算数 |\n合计 | 12 | 10 |\n公务接待费 | 5 | 4 |\n"
             "公务用车购置及运行费 | 7 | 6 |\n")
    found = metrics(table)
    assert (found["sangong_actual"], found["sangong_actual_reception"]) == (12, 5)
    assert "sangong_budget" not in found and "sangong_budget_reception" not in found


def test_last_year_opening_a_sentence_dates_its_spending_past_a_count():
    # 四川省统计局 (holdout11): the trips counted first, the money spent after them, all in 2011
    text = ("2012年某局“三公”经费情况\n2011年某局因公出国(境)团组8次,出国(境)8人次,实际发生住宿费、旅费等"
            "因公出国(境)经费支出36万元。2012年某局公务接待费预算178万元。")
    found = metrics(text)
    assert found["sangong_prev_actual_abroad"] == 36 and "sangong_actual_abroad" not in found
    assert found["sangong_budget_reception"] == 178


def test_a_stage_after_the_moneys_source_opens_its_clause():
    # 公安部 2011 (holdout11): the item named once, then last year's spending and this year's budget
    found = metrics("2011年公安部三公经费情况\n在出国(境)费方面,2010年出国(境)费财政拨款支出2688.03万元,"
                    "2011年财政拨款预算2281万元。")
    assert (found["sangong_prev_actual_abroad"], found["sangong_budget_abroad"]) == (2688.03, 2281)


def test_last_year_opening_what_a_news_item_reports_dates_its_spending():
    """h13-jishengwei: the year after whoever reports the figures (…18日公布的数据显示,) still opens the clause."""
    found = metrics("国家人口计生委18日公布的数据显示,2010年,“三公经费”支出927.2万元。\n"
                    "2011年“三公经费”预算956.49万元。")
    assert (found["sangong_prev_actual"], found["sangong_budget"]) == (927.2, 956.49)
    assert "sangong_actual" not in found


BAOTOU = ("经汇总市本级2015年部门决算“三公”经费,市本级“三公经费”支出9,409万元。\n"
          "1.因公出国(境)支出\n2015年全年支出226万元,比上年增加139万元。其主要原因:一是严格依照相关规定。"
          "因公出国(境)经费安排严格以外事部门的出国任务批件为依据;二是加强管理。年初财政预留经费,"
          "年度中根据外事部门的批复进行合理安排。\n"
          "(2)公务用车运行维护费\n2015年,市级公务用车运行维护费7,190万元,较上年减少330万元,同比下降4.4%。")


def test_a_level_compared_with_last_year_in_a_text_of_the_final_accounts_is_spent():
    """h14-baotou: under no stage of its own, the level whose change on last year is the 决算's is the 决算
    too, when the text names the 决算 and no budget (经费安排, 根据…批复 name none)."""
    found = metrics(BAOTOU)
    assert (found["sangong_actual_vehicle_operation"], found["sangong_actual_vehicle_operation_change"]) == (7190, -330)


def test_nor_when_the_text_names_no_stage_or_a_budget():
    assert "sangong_actual_vehicle_operation" not in metrics(BAOTOU.replace("部门决算", "部门"))
    found = metrics(BAOTOU.replace("年初财政预留经费", "年初预算预留经费"))
    assert "sangong_actual_vehicle_operation" not in found


def test_spent_under_an_items_title_with_no_word_for_the_item():
    """h14-baotou: (1)公务用车购置 / …较上年增加24辆,支出614万元,比上年减少1,575万元: the item's spending, inferred."""
    text = "2015年部门决算“三公”经费\n(1)公务用车购置\n2015年末,公务用车保有量3,379辆,较上年增加24辆,支出614万元,比上年减少1,575万元。"
    found = extract_text(text).items
    assert found["sangong_actual_vehicle_purchase"].value == 614 and "inferred" in found["sangong_actual_vehicle_purchase"].flags
    assert found["sangong_actual_vehicle_purchase_change"].value == -1575


def test_a_sentence_on_the_texts_own_year_after_last_years_is_this_years():
    # h18-deqin-rdb: 上年度“三公”经费支出24.67万元…。本年度“三公”经费支出比上年度减少14.9万元
    found = metrics("2018年决算情况说明\n上年度“三公”经费支出24.67万元。本年度“三公”经费支出比上年度减少14.9万元。")
    assert (found["sangong_prev_actual"], found["sangong_actual_change"]) == (24.67, -14.9)
    found = metrics("2018年决算情况说明\n上年度“三公”经费支出24.67万元。其中公务接待费9.18万元。")
    assert found["sangong_prev_actual_reception"] == 9.18  # a sentence that does not open on this year stays last year's
