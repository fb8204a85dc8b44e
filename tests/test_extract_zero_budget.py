"""A 三公 item a budget says it has none of (无因公出国(境)费用预算, 公务用车购置费2015年未安排预算)
is budgeted at 0, quoting the page's phrase; words that say less (无出国计划, 无…支出) give nothing."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


@pytest.mark.parametrize(("text", "metric", "quoted"), [
    ("2017年无因公出国(境)费用预算,同比无变化。", "sangong_budget_abroad", "无因公出国(境)费用预算"),
    ("2015年“三公”经费预算10万元。其中,公务用车购置费2015年未安排预算;公务用车运行维护费2015年预算9万元。",
     "sangong_budget_vehicle_purchase", "公务用车购置费2015年未安排预算"),
    ("2019年无公务用车购置费预算安排。", "sangong_budget_vehicle_purchase", "无公务用车购置费预算安排"),
    ("2017年未安排公务接待费预算。", "sangong_budget_reception", "未安排公务接待费预算"),
])
def test_an_item_with_no_budget_is_budgeted_at_zero(text, metric, quoted):
    item = extract_text(text).items[metric]
    assert item.value == 0 and item.provenance.text == quoted


@pytest.mark.parametrize("text", ["2017年无出国计划,公务接待费预算5万元。", "2017年无因公出国(境)费支出,公务接待费决算5万元。",
                                  "2017年无因公出国(境)费预算执行率考核,公务接待费预算5万元。"])
def test_words_that_say_less_give_no_zero_budget(text):
    assert "sangong_budget_abroad" not in metrics(text)


def test_a_clause_saying_only_there_was_no_budget_speaks_of_the_item_before_it():
    text = ("2021年五华区“三公”经费支出决算为769.70万元。其中:因公出国(境)费支出决算为0.00万元,本年无预算;"
            "公务用车购置及运行费支出决算为769.70万元,完成预算的69.85%(其中:公务用车购置费0万元,本年无预算;"
            "公务用车运行维护费769.70万元,完成预算的69.85%);公务接待费支出决算为0.00万元,本年无预算")
    found = extract_text(text)
    for metric in ("sangong_budget_abroad", "sangong_budget_vehicle_purchase", "sangong_budget_reception"):
        assert found.items[metric].value == 0 and found.items[metric].provenance.text == "本年无预算"
    assert found.metrics["sangong_actual_vehicle_operation"] == 769.7  # the bracketed total's 决算, not a budget
    assert "sangong_budget_vehicle_operation" not in found.metrics
    assert "sangong_budget_vehicle" not in found.metrics


def test_no_budget_with_no_item_before_it_gives_nothing():
    assert not {m for m in metrics("2021年某局培训费支出5万元,本年无预算。") if m.startswith("sangong_budget")}


@pytest.mark.parametrize(("text", "quoted"), [
    ("2014年达州市农业机械研究推广站未安排出国(境)经费,与2013年预算持平。", "未安排出国(境)经费"),
    ("2018年全县“三公”经费预算919万元。其中:\n一是因公出国(境)费用不安排,与上年持平;", "因公出国(境)费用不安排"),
])
def test_an_item_not_arranged_is_budgeted_at_zero_and_its_level_change_read(text, quoted):
    found = extract_text(text)
    assert found.items["sangong_budget_abroad"].value == 0
    assert found.items["sangong_budget_abroad"].provenance.text == quoted
    assert found.metrics["sangong_budget_abroad_change"] == 0


@pytest.mark.parametrize("clause", [
    "歇马街道劳动就业和社会保障服务所2022年“三公”经费无安排的支出。",  # h23-xiema-ldjy
    "2022年本单位未安排“三公”经费。",
])
def test_a_sangong_total_not_arranged_is_budgeted_at_zero(clause):
    found = extract_text("歇马街道劳动就业和社会保障服务所2022年部门预算\n" + clause)
    assert found.metrics["sangong_budget"] == 0
    assert "安排" in found.items["sangong_budget"].provenance.text


def test_a_year_that_began_with_no_sangong_budget_states_no_budget_of_zero():
    # h8-veterans: 2018年年初无“三公”经费预算, its budget set during the year (173.96)
    found = extract_text("退役军人事务部2019年部门预算\n该部门为新组建部门,2018年年初无“三公”经费预算,2018年执行中调整“三公”经费预算额度较小。").metrics
    assert "sangong_prev_budget" not in found and "sangong_budget" not in found
