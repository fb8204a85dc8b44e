"""Income and spending totals stated together with one figure and no word for "each"
(收、支总计620.5万元, then a comparison said once): both totals, each compared."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def test_one_figure_for_both_totals_and_its_change():
    found = metrics("2021年度收、支总计620.5万元,较上年减少30.2万元,下降4.6%。")
    assert (found["final_income_grand_total"], found["final_grand_total"]) == (620.5, 620.5)
    assert (found["final_income_grand_total_change"], found["final_grand_total_change"]) == (-30.2, -30.2)
    assert (found["final_income_grand_total_change_pct"], found["final_grand_total_change_pct"]) == (-4.6, -4.6)
    found = metrics("2021年度收入、支出总计77万元。")
    assert (found["final_income_grand_total"], found["final_grand_total"]) == (77, 77)
    # a bare 为 is no word for "each" either (issue 13 names 收支总预算 among real reports' labels)
    found = metrics("2023年度收支总预算为1234.56万元。")
    assert (found["budget_income_total"], found["budget_total"]) == (1234.56, 1234.56)
    assert "final_grand_total" not in metrics("2021年度收、支总计为300、310万元。")
    # 渠县图书馆 (holdout21): 收支预算总数, and its change on last year's budget, which has no metric
    found = metrics("渠县图书馆2025年收支预算总数250.79万元,比2024年收支预算总数增加10.45万元,主要原因是人员工资增加。")
    assert (found["budget_income_total"], found["budget_total"]) == (250.79, 250.79)
    assert not any(metric.endswith("_change") for metric in found)


def test_a_qualified_subject_is_another_total():
    found = metrics("2021年度财政拨款收、支总计300万元,比上年增加12万元。")
    assert not {"final_income_grand_total", "final_grand_total", "final_grand_total_change"} & set(found)
    assert "budget_total" not in metrics("2022年财政拨款收支总预算410万元。")
    # the unit named right before its totals is no qualifier: 本局, 县民政局, 渠县图书馆
    found = metrics("2023年度部门决算\n县民政局收、支总计620.5万元,较上年减少30.2万元。")
    assert (found["final_grand_total"], found["final_grand_total_change"]) == (620.5, -30.2)
    assert metrics("2025年度部门预算\n渠县图书馆收支预算总数250.79万元。")["budget_total"] == 250.79
    assert "final_grand_total" not in metrics("2023年全县收、支总计62000万元。")  # a region's


def test_two_figures_or_a_bare_change_need_their_word():
    # two figures with no 各 could be either order: nothing is guessed
    assert "final_grand_total" not in metrics("2021年度收、支总计300、310万元。")
    # a change with nothing it is compared with names no change
    assert "final_grand_total_change" not in metrics("2021年度收、支总计增加5万元。")
    # after two figures a comparison said once belongs to the last statement only
    found = metrics("2021年度收、支总计各为600、610万元,比上年增加10万元。")
    assert (found["final_income_grand_total"], found["final_grand_total"]) == (600, 610)
    assert found["final_grand_total_change"] == 10 and "final_income_grand_total_change" not in found


def test_a_list_of_every_kind_of_a_total_states_that_total():
    """central-2010-final: 因公出国(境)经费、公务用车购置及运行费、公务接待费决算支出94.7亿元 is the “三公” total;
    two of the three listed are no total the vocabulary names."""
    assert metrics("2010年决算\n用财政拨款开支的因公出国(境)经费、公务用车购置及运行费、公务接待费决算支出94.7亿元。"
                   )["sangong_actual"] == 947000
    found = metrics("2010年决算\n因公出国(境)经费、公务接待费决算支出12亿元。")
    assert not {"sangong_actual", "sangong_actual_reception", "sangong_actual_abroad"} & set(found)


def test_spending_totalled_after_a_comma_and_an_abbreviation():
    """h8-zhongyang-2010: …(以下简称“三公”经费)支出,合计94.7亿元: the 三公 spent."""
    text = ("报告显示,汇总2010年中央行政单位用财政拨款开支的出国(境)经费、车辆购置及运行费、公务接待费(以下简称“三公”经费)"
            "支出,合计94.7亿元。\n其中,出国(境)经费17.73亿元,车辆购置及运行费61.69亿元,公务接待费15.28亿元。")
    found = metrics(text)
    assert (found["sangong_actual"], found["sangong_actual_abroad"], found["sangong_actual_vehicle"]) == (947000, 177300, 616900)


def test_a_joint_totals_figures_are_quoted_from_the_page():
    # before, every figure read from a rewritten joint subject was quoted as the phrase's first character (收)
    items = extract_text("2022年度收、支总计各是4125.49,4143.91万元。").items
    assert items["final_grand_total"].provenance.text == "收、支总计各是4125.49,4143.91万元"
    assert items["final_income_grand_total"].provenance.text == "收、支总计各是4125.49"
    items = extract_text("2017年度收、支总计521.99万元,较2016年增加74.56万元,增长17%。").items
    assert items["final_grand_total"].provenance.text == "收、支总计521.99万元"
    assert items["final_income_grand_total_change"].provenance.text == "74.56万元"


def test_a_joint_subject_missing_a_character_compared_before_its_change():
    # h19-xihu-lgj: 2017年度收入、支总计521.99万元,与2016年相比,收、支总计增加74.56万元,增长17%
    found = extract_text("中共西湖区委老干部局2017年度收入、支总计521.99万元,与2016年相比,收、支总计增加74.56万元,"
                         "增长17%。").metrics
    assert (found["final_grand_total"], found["final_income_grand_total"]) == (521.99, 521.99)
    assert (found["final_grand_total_change"], found["final_income_grand_total_change_pct"]) == (74.56, 17)
    assert "final_grand_total_change" not in extract_text("2017年度收、支总计增加74.56万元。").metrics


def test_the_budget_of_income_and_spending_at_once():
    # h27-jinzhong-qyg: 收支预算 with no word for the total, the budget's change on last year after it
    found = metrics("晋中市群众艺术馆2019年度部门预算情况说明\n2019年收支预算449.57万元,比2018年减少16.50万元。")
    assert (found["budget_income_total"], found["budget_total"]) == (449.57, 449.57)
    assert "budget_income_total" not in metrics("某馆2019年度部门预算\n2019年财政拨款收支预算400万元。")  # the appropriation's
