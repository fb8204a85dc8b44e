"""A change stated once for the department's balanced totals of income and spending
(收支较上年决算数增加…, 收、支与2023年度相比,减少…) is the change of each, 收入总计 and 支出总计;
a subject qualified by what precedes it (财政拨款收支) is another total."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.joint_change import name_subject
from perfscore.engine.reports.lexicon import normalise
from support import text_metrics as metrics

_TOTALS = "一、收入支出决算总体情况说明\n2023年度收入总计512.3万元,支出总计512.3万元。"


@pytest.mark.parametrize("joint", [
    "收支较上年决算数增加20.1万元,增长4.1%。",
    "收入支出较上年增加20.1万元,增长4.1%。",
    "收、支与2022年度相比,增加20.1万元,增长4.1%。",
    "收入和支出比上年增加20.1万元,增长4.1%。",
    "收入支出总体较2022年相比,增加20.1万元,增长4.1%。",
])
def test_a_change_stated_once_for_income_and_spending_is_each_totals(joint):
    found = metrics(_TOTALS + joint)
    assert (found["final_grand_total_change"], found["final_grand_total_change_pct"]) == (20.1, 4.1)
    assert (found["final_income_grand_total_change"], found["final_income_grand_total_change_pct"]) == (20.1, 4.1)
    assert found["final_grand_total"] == 512.3


def test_a_joint_decrease_is_negative():
    found = metrics(_TOTALS + "收、支与2022年度相比,减少956.31万元,下降16.9%。")
    assert (found["final_grand_total_change"], found["final_grand_total_change_pct"]) == (-956.31, -16.9)
    assert (found["final_income_grand_total_change"], found["final_income_grand_total_change_pct"]) == (-956.31, -16.9)


def test_a_joint_level_is_each_totals():
    found = metrics(_TOTALS + "收支较上年决算数持平。")
    assert found["final_grand_total_change"] == 0 and found["final_income_grand_total_change"] == 0


@pytest.mark.parametrize("qualified", ["财政拨款收支较上年下降3.85%。", "一般公共预算收支较上年增加20.1万元。",
                                       "财政拨款收支总体较上年增加20.1万元。"])
def test_a_qualified_subject_is_another_total(qualified):
    found = metrics(_TOTALS + qualified)
    assert not {"final_grand_total_change", "final_grand_total_change_pct"} & set(found)


def test_a_joint_blank_change_gives_nothing():
    found = metrics(_TOTALS + "收支较上年增加 万元,增长 %。")
    assert not {"final_grand_total_change", "final_grand_total_change_pct", "final_income_grand_total_change",
                "final_income_grand_total_change_pct"} & set(found)


def test_each_statement_keeps_the_offsets_of_the_source():
    text, offsets = normalise("收、支与上年相比,减少5万元")
    named, where = name_subject(text, offsets)
    assert named == "收入总计与上年相比,减少5万元;支出总计与上年相比,减少5万元"
    assert len(named) == len(where) and where[:4] == [0, 0, 0, 0] and where[-1] == offsets[-1]
    assert where[4:len(text) + 1] == offsets[3:]  # the comparison points at the page's own


def test_a_blank_joint_change_names_the_spending_total_alone():
    text, offsets = normalise("收支较上年增加 万元")
    named, where = name_subject(text, offsets)
    assert named.startswith("支出总计较上年增加") and len(named) == len(where)


def test_a_sentence_opening_with_a_comparison_is_about_the_one_figure_before_it():
    found = metrics("一、收入支出决算总体情况说明\n2023年度收入总计512.3万元。比上年增加20.1万元,增长4.1%。")
    assert (found["final_income_grand_total_change"], found["final_income_grand_total_change_pct"]) == (20.1, 4.1)
    found = metrics("2023年度“三公”经费支出决算为41万元。较上年减少19万元,下降31.67%。")
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (-19, -31.67)


def test_after_two_figures_a_bare_comparison_names_neither():
    found = metrics("2023年度“三公”经费支出决算为41万元,公务接待费6万元。较上年减少19万元。")
    assert "sangong_actual_change" not in found and "sangong_actual_reception_change" not in found


def test_one_rate_after_one_joint_change_is_each_totals():
    found = metrics("2023年度收入、支出总计均为512.3万元。与2022年相比,收入、支出总计各增加20.1万元,增长4.1%。")
    assert (found["final_income_grand_total_change_pct"], found["final_grand_total_change_pct"]) == (4.1, 4.1)


def test_one_rate_after_two_joint_changes_is_not_spread():
    found = metrics("2023年度收、支总计各是500.5,520.5万元。与2022年相比,收、支总计各增加20.5,40.5万元,增长8.3%。")
    assert "final_income_grand_total_change_pct" not in found
    assert (found["final_income_grand_total_change"], found["final_grand_total_change"]) == (20.5, 40.5)


def test_a_change_after_both_balanced_totals_is_each_ones():
    """linan-gaohong: 收入总计1,151.41万元,支出总计1,151.41万元,与2020年度相比,各增加29.6万元,增长2.57%."""
    found = metrics("2021年度收入总计1,151.41万元,支出总计1,151.41万元,与2020年度相比,各增加29.6万元,增长2.57%。")
    assert (found["final_income_grand_total_change"], found["final_income_grand_total_change_pct"]) == (29.6, 2.57)
    assert (found["final_grand_total_change"], found["final_grand_total_change_pct"]) == (29.6, 2.57)
    found = metrics("2021年度收入总计1,200万元,支出总计1,151.41万元,与2020年度相比,增加29.6万元。")
    assert "final_income_grand_total_change" not in found  # unequal: the change follows the spending alone


def test_a_stray_mark_before_the_rate_keeps_the_joint_change():
    # h19-jiulongpo-fy: 收支较上年决算数增加816.52万元,、增长9.54%
    found = metrics("本部门2018年度收入总计9378.13万元,支出总计9378.13万元。收支较上年决算数增加816.52万元,、增长9.54%。")
    assert found["final_income_grand_total_change_pct"] == found["final_grand_total_change_pct"] == 9.54


def test_a_joint_change_after_the_comparison_that_opens_its_sentence():
    # h29-wulong-xns-slgy: 与2019年决算数相比,收支增加90.81万元,上升38.3%
    found = metrics("本部门2020年度收入总计328.09万元,支出总计328.09万元。与2019年决算数相比,收支增加90.81万元,"
                    "上升38.3%,主要原因是森林防火物资的购买。")
    assert (found["final_income_grand_total_change"], found["final_income_grand_total_change_pct"]) == (90.81, 38.3)
    assert (found["final_grand_total_change"], found["final_grand_total_change_pct"]) == (90.81, 38.3)
    # the appropriations' income and spending are another total
    found = metrics("本部门2020年度收入总计328.09万元,支出总计328.09万元。与2019年相比,财政拨款收支增加5万元。")
    assert "final_grand_total_change" not in found and "final_income_grand_total_change" not in found


def test_a_subject_named_right_after_a_whole_comparison_phrase():
    # 垫江县殡仪馆 (holdout29): the comparison said twice (较上年比较) before the joint subject
    text = "2020年度收入总计1937.65万元,支出总计1937.65万元。较上年比较收、支总计增加777.71万元,增长67.0%。"
    found = metrics(text)
    assert (found["final_income_grand_total_change"], found["final_grand_total_change"]) == (777.71, 777.71)
    assert found["final_grand_total_change_pct"] == 67.0
    found = metrics("2020年度收入总计1937.65万元,支出总计1937.65万元。与上年比较收入总计增加777.71万元。")
    assert found["final_income_grand_total_change"] == 777.71 and "final_grand_total_change" not in found
