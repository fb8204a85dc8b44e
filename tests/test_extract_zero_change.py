"""Zero changes stated in words (与上年一致) or through a template verb offered both ways
(增加(减少)0万元); a both-ways verb before any other amount has no sign and gives no figure."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.reports.lexicon import normalise
from perfscore.engine.reports.zero_change import read_level
from support import text_metrics as metrics


@pytest.mark.parametrize("same", ["与上年一致", "与2022年预算一致", "与上年度预算数一致"])
def test_the_same_as_last_year_is_no_change(same):
    found = metrics(f"2023年“三公”经费预算12万元。其中公务接待费5万元,{same}。")
    assert found["sangong_budget_reception_change"] == 0


def test_roughly_the_same_gives_no_figure():
    found = metrics("2023年“三公”经费预算12万元。其中公务接待费5万元,与上年基本一致。")
    assert "sangong_budget_reception_change" not in found


def test_the_same_method_is_no_change_of_an_amount():
    text, _ = normalise("统计口径与上年一致")
    assert read_level(text, list(range(len(text))))[0] == text
    assert "sangong_budget_change" not in metrics("2023年“三公”经费预算12万元,统计口径与上年一致。")


@pytest.mark.parametrize("template", ["增加(减少)0万元", "增(减)0元", "减少(增加)0.00万元", "增加/减少0万元"])
def test_a_template_verb_before_zero_is_no_change(template):
    found = metrics(f"2023年“三公”经费预算12万元,比上年预算增加2万元。其中公务接待费5万元,比上年{template}。")
    assert found["sangong_budget_reception_change"] == 0


def test_a_template_verb_before_another_amount_has_no_sign():
    found = metrics("2023年“三公”经费预算12万元。其中公务接待费5万元,比上年增加(减少)2万元。")
    assert "sangong_budget_reception_change" not in found
    text, offsets = normalise("比上年增加(减少)2万元")
    rewritten, where = read_level(text, offsets)
    assert rewritten == "比上年变动2万元" and len(where) == len(rewritten)


def test_dropping_an_alternative_drops_its_offsets():
    text, offsets = normalise("增加(减少)0万元")
    rewritten, where = read_level(text, offsets)
    assert rewritten == "增加0万元"
    assert where == [offsets[0], offsets[1], *offsets[6:]]


# A list of items compared as a whole: 持平 is said of each, an amount of their sum.

def test_level_said_once_for_two_items_joined_by_and():
    found = extract_text("2023年度部门整体支出绩效自评报告\n2023年因公出国(境)费和公务用车购置费预算与去年持平。").metrics
    assert (found["sangong_budget_abroad_change"], found["sangong_budget_vehicle_purchase_change"]) == (0, 0)


def test_level_said_once_for_a_list_against_a_named_years_budget():
    found = extract_text("2013年度部门整体支出绩效自评报告\n因公出国(境)费、公务接待费、公务用车购置及运行费均与2012年预算数持平。").metrics
    assert (found["sangong_budget_abroad_change"], found["sangong_budget_reception_change"],
            found["sangong_budget_vehicle_change"]) == (0, 0, 0)


def test_an_amount_said_of_a_list_is_no_items_change():
    found = extract_text("2023年度部门整体支出绩效自评报告\n2023年因公出国(境)费和公务接待费预算较上年减少5万元。").metrics
    assert not any(m.endswith("_change") for m in found)


def test_an_item_compared_with_another_item_is_no_change():
    # 和 joins the items here; only a comparison with a year gives a change
    found = extract_text("2023年度部门整体支出绩效自评报告\n公务接待费和因公出国(境)费预算相比持平。").metrics
    assert not any(m.endswith("_change") for m in found)


def test_a_short_sentence_stating_no_change_is_no_heading():
    found = extract_text("2023年度部门整体支出绩效自评报告\n公务接待费与去年预算持平。").metrics
    assert found["sangong_budget_reception_change"] == 0


def test_a_short_title_still_sets_the_stage_below_it():
    found = extract_text("2023年度部门整体支出绩效自评报告\n三、“三公”经费预算情况\n公务接待费5万元。").metrics
    assert found["sangong_budget_reception"] == 5


def test_a_level_run_into_the_next_clause_ends_there():
    """云县 2023: ``与上年持平公务接待费预算数为…`` lost its comma; both clauses still read."""
    found = metrics("2023年因公出国(境)费预算数为0万元,决算支出数为0万元,与上年持平"
                    "公务接待费预算数为310.37万元,决算支出数为249.29万元。")
    assert found["sangong_actual_abroad_change"] == 0
    assert found["sangong_budget_reception"] == 310.37
    assert found["sangong_actual_reception"] == 249.29


def test_a_level_before_its_own_words_is_left_alone():
    text, _ = normalise("与上年持平的水平")
    assert read_level(text, list(range(len(text))))[0] == text


def test_a_level_compared_without_its_with_is_no_last_year_stage():
    """因公出国(境)费为0万元,上年持平: the page lost 与; 上年 names the year compared with, so the next
    sentence's items stay this year's."""
    found = metrics("2021年五华区“三公”经费支出决算汇总数为769.70万元。\n\n因公出国(境)费为0万元,上年持平共计安排团组0个。"
                    "公务接待费为3万元,较上年减少0.86万元,下降20%。")
    assert found["sangong_actual_abroad_change"] == 0
    assert found["sangong_actual_reception"] == 3 and found["sangong_actual_reception_change"] == -0.86
    assert "sangong_prev_actual_reception" not in found
