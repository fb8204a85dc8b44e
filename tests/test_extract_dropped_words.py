"""Changes whose words the page dropped: a verb (云县 2023: ``较2022年决算数688.84万元131.49万元,
增长19.09%``), read in the direction of its percentage only when the figures agree, otherwise
nothing; the 与 of a comparison opening its clause (``2023年度相比,减少…``); the 人 of a head count
(``编制190, 在职人员185人``)."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics

SENTENCE = "2023年“三公”经费决算支出数为820.33万元,较2022年决算数688.84万元{change}万元,{verb}19.09%。"


@pytest.mark.parametrize(("verb", "sign"), [("增长", 1), ("下降", -1)])
def test_the_second_amount_is_the_change_in_the_percentage_direction(verb, sign):
    found = metrics(SENTENCE.format(change="131.49", verb=verb))
    assert found["sangong_prev_actual"] == 688.84
    assert found["sangong_actual_change"] == sign * 131.49
    assert found["sangong_actual_change_pct"] == sign * 19.09


def test_amounts_that_disagree_with_the_percentage_give_no_change():
    extraction = extract_text(SENTENCE.format(change="31.49", verb="增长"))
    assert "sangong_actual_change" not in extraction.metrics
    assert extraction.metrics["sangong_actual"] == 820.33


def test_the_change_points_at_its_amount_on_the_page():
    item = extract_text(SENTENCE.format(change="131.49", verb="增长")).items["sangong_actual_change"]
    assert item.provenance.text == "131.49万元"


def test_a_comparison_whose_yu_was_dropped():
    """开州 2024: ``收入合计4697.76万元,2023年度相比,减少956.31万元,下降16.9%``."""
    found = metrics("2024年度收入合计4697.76万元,2023年度相比,减少956.31万元,下降16.9%。")
    assert (found["final_income_total_change"], found["final_income_total_change_pct"]) == (-956.31, -16.9)
    item = extract_text("2024年度收入合计4697.76万元,2023年度相比,减少956.31万元。").items["final_income_total_change"]
    assert item.provenance.text == "956.31万元"


def test_a_count_without_its_unit_before_a_semicolon_takes_the_sentences():
    """h27-zhaoqing-wl: 事业编制6;现在职人员7,退休人员5人 — the clauses of one sentence, parted by a semicolon."""
    found = extract_text("2016年某文联部门预算\n(二)人员情况\n市文联机关事业编制6;现在职人员7,退休人员5人。").metrics
    assert (found["staff_authorized"], found["staff_in_service"], found["staff_retired"]) == (6, 7, 5)


def test_a_head_count_printed_without_its_unit_takes_the_sentences():
    """h23-loudi-dyzz: 编制190, 在职人员185人,退休人员35人."""
    found = extract_text("2022年娄底市第一职业中学部门预算\n我单位现有科处室9个。编制190, 在职人员185人,退休人员35人,属市一级预算单位。")
    assert (found.metrics["staff_authorized"], found.metrics["staff_in_service"], found.metrics["staff_retired"]) == (190, 185, 35)
    assert found.items["staff_authorized"].provenance.text == "编制190"


@pytest.mark.parametrize("text", [
    "编制2023年预算,在职人员185人。",  # a year, not a count
    "编制190, 实有公务用车5辆。",  # the sentence counts no people
    "编制190。在职人员185人。",  # nor does its own sentence
    "离退休人员1,206人(其中:离休9人,退休1,197人)。",  # h7-urumqi: a thousands separator, not a clause's end
])
def test_a_number_without_its_unit_is_no_head_count_where_the_sentence_says_nothing_of_people(text):
    found = extract_text("2022年某局部门预算\n" + text).metrics
    assert found.get("staff_authorized") is None and found.get("staff_retired") in (None, 1206)


def test_a_total_printed_without_its_unit_takes_the_unit_of_the_items_that_add_up_to_it():
    # 国家中医药管理局 (holdout30): 合计373.74 before three items in 万元 that add up to it
    found = metrics("2010年“三公经费”财政拨款决算数合计373.74,因公出国(境)费200.00万元,公务用车购置及运行费92.74万元,"
                    "公务接待费81.00万元。")
    assert (found["sangong_actual"], found["sangong_actual_abroad"]) == (373.74, 200)
    # items that do not add up to it, or in two units, give it no unit
    assert "sangong_actual" not in metrics("2010年“三公经费”财政拨款决算数合计373.74,因公出国(境)费200.00万元,"
                                           "公务接待费81.00万元。")
    assert "sangong_actual" not in metrics("2010年“三公经费”决算数合计300,因公出国(境)费200万元,公务接待费1000000元。")
