"""A label and its figure set apart by a colon (``综合评价得分：88.5分``) or by a line break
(``实有人数：`` / ``37人``) read as one; a bare number under a title line (a page number) does not."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.reports.wrapping import join_wrapped
from tests.support import text_metrics

_TITLE = "临武县林业局2022年度部门整体支出绩效自评报告\n\n"


@pytest.mark.parametrize(("text", "metric", "value"), [
    ("综合评价得分：88.5分，等级为良。", "self_score", 88.5),
    ("实有人数:37人。", "staff_actual", 37),
    ("自评得分：\n88分\n", "self_score", 88),           # the figure on the next line
    ("三、自评结论\n自评得分\n\n88分\n", "self_score", 88),  # across a blank line, with its unit
    ("二、部门基本情况\n编制人数：\n52人\n", "staff_authorized", 52),
])
def test_a_label_and_its_figure_apart(text, metric, value):
    assert text_metrics(_TITLE + text)[metric] == value


def test_a_bare_number_under_a_line_that_ends_without_a_colon_stays_apart():
    assert "self_score" not in text_metrics(_TITLE + "自评得分\n\n88\n")
    joined = [text for text, _ in join_wrapped([("收入支出决算总表", 1), ("12", 2)])]
    assert joined == ["收入支出决算总表", "12"]  # a page number of a table of contents


def test_a_figure_joined_to_its_label_keeps_its_own_line():
    (text, starts), = join_wrapped([("自评得分：", 7), ("88分", 8)])
    assert text == "自评得分：88分" and starts == ((0, 7), (5, 8))


def test_a_colon_before_words_still_parts_the_clauses():
    found = text_metrics("临武县林业局2022年“三公”经费决算情况说明\n\n“三公”经费支出6.4万元，其中:公务接待费1.4万元，公务用车运行维护费5万元。")
    assert (found["sangong_actual"], found["sangong_actual_reception"], found["sangong_actual_vehicle_operation"]) \
        == (6.4, 1.4, 5.0)


_FORM = """2021年度部门整体支出绩效评价自评报告
报告日期:2022年05月10日

一、部门(单位)基本概况

联系人

张敏

联系电话

7281135

人员编制

34

实有人数

31

职能职责概述

负责全县林业资源保护。
"""


def test_a_form_of_labels_and_values_one_per_paragraph():
    found = text_metrics(_FORM)
    assert (found["staff_authorized"], found["staff_actual"]) == (34, 31)
    assert all(type(found[m]) is int for m in ("staff_authorized", "staff_actual"))  # 34 people, not 34.0


def test_a_form_whose_telephone_has_its_area_code_and_whose_fields_name_a_budget():
    """h7-yueyang-xinkai: 0730-7802036 is a value, not a name; 预算编码: and the title's year are the page's
    fields, not the names of columns; the report date among them is still read."""
    text = _FORM.replace("7281135", "0730-7802036").replace(
        "报告日期", "  部门(单位)名称:岳阳县新开镇政府\n\n  预算编码:\n\n  报告日期")
    found = text_metrics(text)
    assert (found["staff_authorized"], found["staff_actual"], found["staff_in_service"]) == (34, 31, 31)
    assert found["report_date"] == "2022-05-10"


def test_a_header_naming_a_stage_is_no_form_of_labels_and_values():
    text = ("“三公”经费情况表\n\n单位:万元\n\n项目\n\n2021年预算数\n\n2021年决算数\n\n"
            "公务接待费\n\n3.5\n\n公务用车运行维护费\n\n6.2\n\n合计\n\n9.7\n")
    found = text_metrics(text)  # not refused as “no figure”; one figure under two stage columns: which is unknown
    assert not {"sangong_budget", "sangong_actual", "sangong_budget_reception", "sangong_actual_reception"} & set(found)


def test_a_line_that_opens_with_an_amount_after_the_word_that_states_it():
    # a copy broke the sentence after 比上年减少 / 决算为: the amount on the next line is that clause's
    found = extract_text("2023年度“三公”经费支出决算为5.6万元,比上年减少\n1.2万元。")
    assert found.metrics["sangong_actual_change"] == -1.2
    assert found.items["sangong_actual_change"].provenance.line == 2
    assert text_metrics("2023年度“三公”经费支出决算为\n5.6万元。")["sangong_actual"] == 5.6
    # a sentence that ends stays ended: the next line's figure is not its
    assert "sangong_actual_change" not in text_metrics("2023年度“三公”经费支出决算为5.6万元,比上年减少。\n1.2万元。")
