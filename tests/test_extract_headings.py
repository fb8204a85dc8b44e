"""The stage a section or table heading gives the figures under it that name none, and the money a heading run into its paragraph names."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def test_a_short_heading_that_names_only_its_stage():
    found = metrics("二、2023年度“三公”经费决算\n公务接待费5万元,公务用车运行维护费7万元。")
    assert (found["sangong_actual_reception"], found["sangong_actual_vehicle_operation"]) == (5, 7)
    found = metrics("2023年“三公”经费预算安排\n1.因公出国(境)费0万元。\n2.公务接待费5万元。")
    assert (found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (0, 5)


def test_words_that_hold_a_stage_word_make_no_heading_stage():
    for heading in ("预算执行情况", "一般公共预算财政拨款", "公共预算财政拨款"):
        found = metrics(f"{heading}\n公务接待费5万元。")
        assert not any(m.startswith("sangong_budget") for m in found), heading
    found = metrics("一般公共预算财政拨款“三公”经费支出决算情况\n公务接待费5万元。")
    assert found["sangong_actual_reception"] == 5


def test_an_item_title_between_staged_paragraphs_keeps_their_stage():
    text = "一、“三公”经费支出总体情况\n2023年决算“三公”经费支出12万元。\n二、因公出国(境)经费\n本年度因公出国(境)经费支出0万元。"
    assert metrics(text)["sangong_actual_abroad"] == 0
    # a heading that names another subject and no stage ends it
    found = metrics("2023年预算“三公”经费12万元。\n二、政府采购情况\n政府采购支出5万元。")
    assert "budget_procurement" not in found and found["sangong_budget"] == 12


def test_a_titles_department_is_not_the_numbered_words_of_the_next_paragraph():
    """h14-yishui-erzhong: 沂水县第二中学2022年经费预算信息 / ③部门支出用途: no department named 经费预算信息③."""
    found = metrics("沂水县第二中学2022年经费预算信息\n③部门支出用途。支出预算7526.86万元。")
    assert found.get("dept_name") != "经费预算信息③" and found["year"] == 2022


# h18-atushi: 阿图什市2021年“三公”经费预算安排和使用情况 over what was spent, then the budget and the 决算 side by side
_BUDGET_AND_USE = ("阿图什市2021年“三公”经费预算安排和使用情况\n"
                   "2021年阿图什市“三公经费”财政拨款支出1645.14万元,比上年减支209.51万元,降低11.30%。公车购置及运行维护费支出"
                   "1502.58万元。公务接待费支出142.56万元,比上年减支10.72万元。\n"
                   "2021年阿图什市“三公经费”财政拨款支出合计预算数1691.24万元,决算数1645.14万元,预决算差异率-2.72%。")


def test_a_heading_over_the_budget_and_its_use_names_no_stage():
    found = metrics(_BUDGET_AND_USE)
    assert (found["sangong_budget"], found["sangong_actual"]) == (1691.24, 1645.14)
    assert found["sangong_actual_change"] == -209.51
    assert (found["sangong_actual_vehicle"], found["sangong_actual_reception"]) == (1502.58, 142.56)
    assert not any(m.startswith("sangong_budget_") for m in found)  # no item, no change read as the budget's
    # a heading over the budget alone still stages what follows it, and a text that names only its budget
    # still reads a figure under no stage as the budget
    assert metrics("2021年“三公”经费预算安排情况\n公务接待费20万元。")["sangong_budget_reception"] == 20
    budget = metrics("2021年“三公”经费预算安排情况\n2021年“三公”经费预算为20万元。公务接待费支出5万元。")
    assert budget["sangong_budget_reception"] == 5


def test_a_weak_stage_word_yields_to_the_stage_right_after_it():
    found = metrics("2021年“三公经费”财政拨款支出合计预算数1691.24万元,决算数1645.14万元。")
    assert (found["sangong_budget"], found["sangong_actual"]) == (1691.24, 1645.14)
    assert metrics("2021年“三公”经费支出合计5.6万元。")["sangong_actual"] == 5.6


def test_spending_after_the_income_is_not_the_income():
    # zhouqu-ey2 (dev): 本年收入1095.76万元,支出1193.35万元
    text = ("2023年度部门决算\n2023年度上年结转和结余资金为98.45万元,本年收入1095.76万元,支出1193.35万元,"
            "年末结转和结余资金为5862.89万元。")
    assert metrics(text)["final_income_total"] == 1095.76


def test_a_heading_over_the_budgets_spending_names_the_budget():
    # 温县殡仪馆 2021 (holdout23): 三、支出预算总体情况说明 | …支出合计239.6万元,其中:基本支出200.8万元…
    text = ("温县殡仪馆2021年度部门预算情况说明\n三、支出预算总体情况说明\n"
            "温县殡仪馆2021年支出合计239.6万元,其中:基本支出200.8万元,占83.81%;项目支出38.8万元,占16.19%。")
    found = metrics(text)
    assert (found["budget_total"], found["budget_basic"], found["budget_project"]) == (239.6, 200.8, 38.8)
    assert not any(metric.startswith("final_") for metric in found)
    # a heading over what was spent of the budget still names spending
    spent = metrics("2021年度部门决算\n三、预算支出执行情况说明\n2021年支出合计239.6万元。")
    assert spent["final_total"] == 239.6


def test_a_bare_spending_budget_opening_its_clause_is_the_departments():
    # 怀化工业中等专业学校 2018, 源城区粮食管理局 2018 (holdout23)
    found = metrics("2018年度部门预算公开说明\n②支出预算,2018年年初预算数1776.31万元,其中教育支出1604.34万元。")
    assert found["budget_total"] == 1776.31
    found = metrics("2018年本部门收入预算236.30万元,比上年增加6.04万元;支出预算236.30万元,比上年增加6.04万元。")
    assert (found["budget_income_total"], found["budget_total"]) == (236.3, 236.3)
    # an item's, a part's and a table's are not
    assert "budget_total" not in metrics("2018年“三公”经费支出预算9万元。工资性支出预算数120万元。")
    assert "budget_total" not in metrics("2010年部门预算公布后,支出预算总表中地震预报预测270万的支出被广泛质疑。")


# h25-wulong-jxzx: each part's heading printed as a sentence of its own before its figures
RUN_IN = ("重庆市武隆区军队离休退休干部管理服务中心2026年部门预算情况说明\n二、部门收支总体情况\n"
          "(一)收入预算。2026年年初预算数67.10万元,其中:一般公共预算拨款67.10万元,政府性基金预算拨款0.00万元。\n"
          "(二)支出预算。2026年年初预算数67.10万元,其中:社会保障和就业支出预算58.29万元。\n")


def test_a_heading_run_into_its_paragraph_with_a_full_stop_names_its_figures():
    found = extract_text(RUN_IN)
    assert (found.metrics["budget_income_total"], found.metrics["budget_total"]) == (67.1, 67.1)
    assert found.items["budget_total"].provenance.line == 4


@pytest.mark.parametrize("text", [
    "(一)工作开展情况。2026年完成监测任务120次。",  # a heading that names no money: still nothing read
    "一、本单位共有科室3个。2026年年初预算数67.10万元。",  # a sentence with a figure is no heading
])
def test_a_sentence_or_heading_that_names_no_income_or_spending_gives_no_total(text):
    found = extract_text("某中心2026年部门预算\n" + text).metrics
    assert "budget_total" not in found and "budget_income_total" not in found


def test_a_heading_run_into_its_paragraph_with_a_comma_before_its_figures():
    found = extract_text("雨湖区姜畲中心校2018年部门预算说明\n(一)收入预算,2018年年初预算数26135744.64元,其中,财政预算拨款25809744.64元。")
    assert found.metrics["budget_income_total"] == 2613.574464


def test_a_numbered_clause_that_states_no_figure_after_its_comma_keeps_it():
    # h5-sanjiang: 1.公务用车购置不安排,与上年持平 is an item not arranged, budgeted at 0, no heading
    found = extract_text("2018年某县部门预算\n三是公务用车购置及运行维护费预算631万元,与上年持平。\n1.公务用车购置不安排,与上年持平。").metrics
    assert found["sangong_budget_vehicle_purchase"] == 0


def test_a_bracketed_heading_run_into_a_page_on_one_line():
    """h25-wulong-jxzx as a document site prints it: every heading and paragraph run into one line."""
    line = ("重庆市武隆区军队离休退休干部管理服务中心2026年部门预算情况说明 一、单位基本情况 本单位无下属机构。 "
            "二、部门收支总体情况 (一)收入预算。2026年年初预算数67.10万元,其中:一般公共预算拨款67.10万元。 "
            "(二)支出预算。2026年年初预算数67.10万元,其中:社会保障和就业支出预算58.29万元。")
    found = extract_text(line).metrics
    assert (found["budget_income_total"], found["budget_total"]) == (67.1, 67.1)
