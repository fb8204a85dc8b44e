"""The standard tables of a 部门决算 (or 部门预算) disclosure printed as text: the 收入支出决算总表
with its 行次 column of row numbers, one space between cells as a PDF copy prints it, or without
the 行次 column; the value column's name (金额, 本年数, 年初预算数) and the caption give the stage."""

from __future__ import annotations

import pytest

from tests.support import text_metrics

_SUMMARY = """2023年度收入支出决算总表
单位:元
项目 行次 金额
本年收入合计 30 8,001,200.00
本年支出合计 57 7,984,500.00
年末结转和结余 60 16,700.00
"""


@pytest.mark.parametrize("text", [
    _SUMMARY,
    _SUMMARY.replace(" ", "  "),
    _SUMMARY.replace("项目 行次 金额", "项目 金额").replace(" 30 ", " ").replace(" 57 ", " ").replace(" 60 ", " "),
    _SUMMARY.replace("项目 行次 金额", "项 目 行次 金额"),
])
def test_a_final_summary_table_is_read_under_its_caption_stage(text: str) -> None:
    metrics = text_metrics(text)
    assert metrics["final_income_total"] == pytest.approx(800.12)
    assert metrics["final_total"] == pytest.approx(798.45)
    assert metrics["carryover_end"] == pytest.approx(1.67)


def test_the_row_numbers_of_a_summary_table_are_never_amounts() -> None:
    metrics = text_metrics(_SUMMARY)
    values = {round(v, 2) for v in metrics.values() if isinstance(v, float)}
    assert not values & {30.0, 57.0, 60.0, 3080.12, 5798.45}


def test_a_budget_summary_table_gives_the_budget() -> None:
    metrics = text_metrics("2024年度收入支出预算总表\n单位:万元\n项目 行次 年初预算数\n"
                           "本年收入合计 1 820.00\n本年支出合计 2 815.00\n")
    assert metrics["budget_income_total"] == pytest.approx(820.0)
    assert metrics["budget_total"] == pytest.approx(815.0)
    assert "final_total" not in metrics


def test_a_header_of_row_numbers_alone_is_no_table() -> None:
    metrics = text_metrics("2023年度收入支出决算总表\n单位:元\n项目 行次\n本年收入合计 30\n本年支出合计 57\n")
    assert "final_income_total" not in metrics and "final_total" not in metrics


_SPENDING = """2023年度支出决算表
单位:万元
项目 | 本年支出合计 | 基本支出 | 项目支出
合计 | 798.45 | 650.20 | 148.25
一般公共服务支出 | 298.45 | 150.20 | 148.25
行政运行 | 500.00 | 500.00 | 0.00
"""


@pytest.mark.parametrize("text", [
    "\n".join(_SPENDING.splitlines()[:4]),  # the header and the 合计 row alone
    _SPENDING,
    _SPENDING.replace(" | ", "  "),  # aligned with spaces
    _SPENDING.replace(" | ", " "),  # one space, as a PDF copy prints it
    _SPENDING.replace("项目 | 本年支出合计", "科目编码 | 科目名称 | 本年支出合计").replace("合计 | 798", " | 合计 | 798")
    .replace("一般公共服务支出 |", "201 | 一般公共服务支出 |").replace("行政运行 |", "2010101 | 行政运行 |"),
])
def test_a_spending_table_reads_its_columns_from_the_total_row(text: str) -> None:
    metrics = text_metrics(text)
    assert metrics["final_total"] == pytest.approx(798.45)
    assert metrics["final_basic"] == pytest.approx(650.2)
    assert metrics["final_project"] == pytest.approx(148.25)


def test_an_income_table_gives_the_income_total_and_nothing_for_its_sources() -> None:
    metrics = text_metrics("2023年度收入决算表\n单位:元\n项目 本年收入合计 财政拨款收入 事业收入 其他收入\n"
                           "合计 8,001,200.00 7,800,000.00 151,200.00 50,000.00\n"
                           "行政运行 5,000,000.00 5,000,000.00 0.00 0.00\n")
    assert metrics["final_income_total"] == pytest.approx(800.12)
    assert {m for m in metrics if m != "year"} == {"final_income_total"}


def test_a_budget_version_names_its_total_column_by_the_caption() -> None:
    metrics = text_metrics("2024年部门支出预算表\n单位:万元\n项目 | 合计 | 基本支出 | 项目支出\n"
                           "合计 | 815.00 | 660.00 | 155.00\n行政运行 | 500.00 | 500.00 | 0.00\n")
    assert (metrics["budget_total"], metrics["budget_basic"], metrics["budget_project"]) == (815.0, 660.0, 155.0)
    assert "final_total" not in metrics


def test_only_the_total_row_is_the_departments() -> None:
    metrics = text_metrics(_SPENDING.replace("合计 | 798.45 | 650.20 | 148.25\n", ""))
    assert not {"final_total", "final_basic", "final_project"} & set(metrics)


def test_a_fiscal_appropriation_table_is_no_department_total() -> None:
    metrics = text_metrics(_SPENDING.replace("2023年度支出决算表", "2023年度一般公共预算财政拨款支出决算表"))
    assert not {"final_total", "final_basic", "final_project"} & set(metrics)


def test_a_total_row_that_lost_a_cell_reads_nothing_rather_than_shift() -> None:
    text = _SPENDING.replace("项目 | 本年支出合计", "科目编码 | 科目名称 | 本年支出合计") \
        .replace("合计 | 798.45 | 650.20 | 148.25", " | 合计 | 798.45 | 650.20")
    assert not {"final_total", "final_basic", "final_project"} & set(text_metrics(text))


_PAIRED = """2023年度收入支出决算总表
单位:元
收入  支出
项目  行次  金额  项目  行次  金额
一、财政拨款收入  1  7,800,000.00  一、一般公共服务支出  31  5,000,000.00
二、事业收入  2  201,200.00  二、教育支出  32  2,984,500.00
本年收入合计  30  8,001,200.00  本年支出合计  57  7,984,500.00
年初结转和结余  31  0.00  年末结转和结余  60  16,700.00
总计  32  8,001,200.00  总计  62  8,001,200.00
"""


def _piped(text: str) -> str:
    lines = text.splitlines()
    return "\n".join(lines[:2] + ["收入 | | | 支出 | |"] + [line.replace("  ", " | ") for line in lines[3:]])


@pytest.mark.parametrize("text", [
    _PAIRED,  # aligned with spaces
    _PAIRED.replace("  ", " "),  # one space, as a PDF copy prints it
    _PAIRED.replace("收入  支出\n", ""),  # no line naming the sides
    _PAIRED.replace("项目  行次  金额  项目", "收入项目  行次  金额  支出项目"),
    _piped(_PAIRED),
])
def test_a_summary_table_printed_side_by_side_reads_each_side(text: str) -> None:
    metrics = text_metrics(text)
    assert metrics["final_income_total"] == pytest.approx(800.12)
    assert metrics["final_total"] == pytest.approx(798.45)
    assert metrics["carryover_end"] == pytest.approx(1.67)
    assert metrics["carryover_prev"] == 0


def test_a_side_by_side_row_with_one_half_is_not_placed() -> None:
    """Which side a line of one half is on, the text does not say: it is skipped, the rows around it read."""
    metrics = text_metrics(_PAIRED.replace("本年收入合计  30  8,001,200.00  本年支出合计", "本年支出合计"))
    assert not {"final_income_total", "final_total"} & set(metrics)
    assert metrics["carryover_end"] == pytest.approx(1.67)


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_spending_table_copied_one_cell_per_line_is_read(gap: str) -> None:
    cells = ["2023年度支出决算表", "单位:万元", "项目", "本年支出合计", "基本支出", "项目支出",
             "合计", "798.45", "650.20", "148.25", "行政运行", "500.00", "500.00", "0.00"]
    metrics = text_metrics(cells[0] + "\n" + cells[1] + "\n" + gap.join(cells[2:]))
    assert metrics["final_total"] == pytest.approx(798.45)
    assert metrics["final_basic"] == pytest.approx(650.2)
    assert metrics["final_project"] == pytest.approx(148.25)


def test_names_of_money_over_a_row_not_the_total_are_no_table() -> None:
    text = "2023年度支出决算表\n单位:万元\n项目\n本年支出合计\n基本支出\n项目支出\n行政运行\n500.00\n500.00\n0.00\n"
    assert not {"final_total", "final_basic", "final_project"} & set(text_metrics(text))


_HOSPITAL = ("2020年度收支情况\n單位:元 | |||||\n項目 | 行號 | 本 期 | 上年同期 | 增加額 | 增長率 |\n"
             "1、總收入 | 1 | 61625022.26 | 66095039.04 | -4470016.78 | -6.76% |\n"
             "其中:醫療收入 | 2 | 43245334.20 | 44398351.66 | -1153017.46 | -2.60% |\n"
             "2、總支出 | 5 | 65142258.61 | 58480172.81 | 6662085.80 | 11.39% |")


def test_a_hospitals_table_of_this_period_beside_last_years() -> None:
    # 株洲市妇幼保健院 (eighth round): 本期 is the year's, 增加额 and 增长率 its signed change on 上年同期
    found = text_metrics(_HOSPITAL)
    assert (found["final_income_total"], found["final_total"]) == (6162.502226, 6514.225861)
    assert (found["final_income_total_change"], found["final_income_total_change_pct"]) == (-447.001678, -6.76)
    assert (found["final_total_change"], found["final_total_change_pct"]) == (666.20858, 11.39)


def test_a_column_of_falls_printed_unsigned_gives_no_change() -> None:
    table = _HOSPITAL.replace("增加額", "減少額").replace("-4470016.78", "4470016.78").replace("-6.76%", "6.76%")
    found = text_metrics(table)
    assert not any(metric.endswith("_change") for metric in found)  # 减少额 4470016.78: a fall, unsigned
    assert found["final_income_total_change_pct"] == 6.76  # 增长率 still signs its own figures


def test_a_governments_revenue_table_states_no_department_total() -> None:
    # 沂源县中庄镇 2020 (holdout10): a town's 一般公共预算收入执行情况表, taxes first
    table = ("表1\n2020年中庄镇一般公共预算收入执行情况表\n单位:万元\n项 目 | 2019年决算数 | 2020年预算调整数 | 2020年执行数 |\n"
             "一、税收收入 | 401 | 431 | 431 |\n增值税 | 266 | 292 | 292 |\n本年收入合计 | 401 | 431 | 431 |\n"
             "收入总计 | 2843 | 2782 | 2782 |")
    found = text_metrics(table)
    assert not {"final_income_total", "final_income_grand_total", "budget_income_total"} & set(found)


def test_a_summary_side_by_side_in_bars_that_close_each_row():
    """收入 left and 支出 right, each row closed by a bar (an empty last cell): still two tables
    under one header, the 行次 column row numbers, even where a row lost an empty cell and set an
    amount under it."""
    text = ("2017年度部门决算\n收入支出决算总表\n单位:万元\n收入 | 支出 | ||||\n"
            "项目 | 行次 | 金额 | 项目 | 行次 | 金额 |\n"
            "一、财政拨款收入 | 1 | 625.58 | 一、一般公共服务支出 | 28 | |\n"
            "26 | 364.65 | 53 | |||\n"
            "本年收入合计 | 23 | 34846.81 | 本年支出合计 | 50 | 36341.62 |\n"
            "年初结转和结余 | 25 | 364.65 | 年末结转和结余 | 52 | 474.38 |")
    found = text_metrics(text)
    assert (found["final_income_total"], found["final_total"]) == (34846.81, 36341.62)
    assert (found["carryover_prev"], found["carryover_end"]) == (364.65, 474.38)


def test_a_summary_side_by_side_under_its_title_and_unit_line():
    """The table's number, title and unit line printed as rows over the sides (清远市源潭中学's
    收支总体情况表, holdout11): they stay above the two tables, which are still told apart."""
    text = ("2017年部门预算\n表1 | ||||||\n收支总体情况表 | ||||||\n单位名称:某中学 | 单位:万元 | |||||\n"
            "收 入 | 支 出 | |||||\n项目 | 2017年预算数 | 项目 | 2017年预算数 | |||\n"
            "一、财政拨款 | 1,446.00 | 一、基本支出 | 1,656.04 | |||\n"
            "二、其他资金 | 210.04 | 二、项目支出 | 0.00 | |||")
    found = text_metrics(text)
    assert (found["budget_basic"], found["budget_project"]) == (1656.04, 0)


def test_a_summary_of_three_tables_one_cell_per_line_with_its_column_numbers():
    """宝鸡市金台区人大办's 收入支出决算总表 (holdout9): three tables side by side, each 项目 | 行次 | 年初预算数
    | 调整预算数 | 决算数, copied one cell per line with a 栏次 row of column numbers. The numbers name
    no column and the repeated names are one table's: 60 is the row's number, never its 决算."""
    names = ["项目", "行次", "年初预算数", "调整预算数", "决算数", "项目(按功能分类)", "行次", "年初预算数", "调整预算数",
             "决算数", "项目(按支出性质和经济分类)", "行次", "年初预算数", "调整预算数", "决算数"]
    numbers = ["栏次", "", "1", "2", "3", "栏次", "", "4", "5", "6", "栏次", "", "7", "8", "9"]
    rows = ["一、财政拨款收入", "1", "447.12", "467.89", "467.89", "一、一般公共服务支出", "37", "300.48", "300.08",
            "300.08", "一、基本支出", "60", "402.12", "461.19", "461.19"]
    text = "2015年度部门决算表\n收入支出决算总表 |\n" + "".join(f"{cell} |\n" for cell in names + numbers + rows)
    found = text_metrics(text)
    assert (found["budget_basic"], found["final_basic"]) == (402.12, 461.19)


def test_a_budgets_sections_of_income_and_spending_under_their_headings():
    """铜梁区 units' 2025 budgets (holdout12): the headings (一)收入预算 and (二)支出预算 name what each
    年初预算数 is; the sources listed after 其中 are parts, and neither 政府性基金预算拨款 (income from
    that fund) nor 国有资本经营预算收入 is a total or the fund's spending."""
    text = ("2025年部门预算\n二、单位收支总体情况\n(一)收入预算\n2025年年初预算数5941.79万元,其中:一般公共预算拨款"
            "5941.79万元,政府性基金预算拨款0万元,国有资本经营预算收入0万元,事业收入0万元。\n"
            "(二)支出预算\n2025年年初预算数5941.79万元,其中:一般公共服务支出5000万元。")
    found = text_metrics(text)
    assert (found["budget_income_total"], found["budget_total"]) == (5941.79, 5941.79)
    assert "budget_gov_fund" not in found
