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
