"""Tables whose header cells and row cells cannot be matched by position alone: a two-level
header (a split column over 小计 and its parts), a header with no name over the label column,
two tables side by side, and cells a form marks as not to be filled. Each is read with every
figure under its own column, or not at all: never one column over."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.reports.sub_columns import flat_columns
from support import text_metrics as metrics


_FIRST = ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费"]


def test_the_parts_go_under_the_column_they_split():
    assert flat_columns([*_FIRST, "小计", "购置费", "运行费"], 6) == [
        "合计", "因公出国(境)费", "公务用车购置及运行费", "购置费", "运行费", "公务接待费"]
    # a group printed in one row: the subtotal right after its own name
    assert flat_columns(["合计", "出国费", "车辆费", "合计", "车辆购置", "车辆运行", "接待费"], 6) == [
        "合计", "出国费", "车辆费", "车辆购置", "车辆运行", "接待费"]


@pytest.mark.parametrize("names, count", [
    ([*_FIRST, "小计", "购置费", "运行费"], 7),  # one figure more than the columns
    (["合计", "公务甲费", "公务乙费", "小计", "公务丙费", "公务丁费"], 5),  # the parts fit two columns alike
    (["合计", "出国费", "接待费", "小计", "一类", "二类"], 5),  # the parts belong to no column
])
def test_a_header_that_cannot_be_matched_gives_no_columns(names, count):
    assert flat_columns(names, count) is None


_YEARS = ("本部门2023年“三公”经费支出情况如下,单位为万元。\n\n{head}合计\n因公出国(境)费\n公务用车购置及运行费\n公务接待费\n小计\n"
          "购置费\n运行费\n2021年决算\n12.5\n0\n8.5\n5.0\n3.5\n4.0\n2022年决算\n10.5\n0\n7.5\n4.0\n3.5\n3.0\n"
          "2023年预算\n9.5\n0\n6.5\n3.0\n3.5\n3.0\n")


def test_years_as_rows_under_a_two_row_header_with_no_label_header():
    found = metrics(_YEARS.format(head=""))
    assert (found["sangong_budget"], found["sangong_budget_vehicle"], found["sangong_budget_reception"]) == (9.5, 6.5, 3)
    assert (found["sangong_budget_vehicle_purchase"], found["sangong_budget_vehicle_operation"]) == (3, 3.5)
    assert (found["sangong_prev_actual_vehicle_purchase"], found["sangong_prev_actual_reception"]) == (4, 3)


def test_years_as_rows_whose_header_is_one_cell_wider_than_the_rows_give_nothing():
    # 项目 over the labels and seven names over six figures: the rows are blank, never shifted
    found = metrics(_YEARS.format(head="项目\n"))
    assert not any(m.startswith("sangong") for m in found)


def test_a_pipe_table_with_a_second_header_row():
    text = ("本部门2023年“三公”经费支出情况如下。\n\n年度 | 合计 | 因公出国(境)费 | 公务用车购置及运行费 | 公务接待费\n"
            "| | | 小计 | 购置费 | 运行费 |\n2022年决算 | 12.5 | 0 | 8.5 | 5.0 | 3.5 | 4.0\n"
            "2023年预算 | 10.5 | 0 | 7.5 | 4.0 | 3.5 | 3.0\n")
    found = metrics(text)
    assert (found["sangong_budget_vehicle"], found["sangong_budget_vehicle_purchase"],
            found["sangong_budget_vehicle_operation"], found["sangong_budget_reception"]) == (7.5, 4, 3.5, 3)
    assert found["sangong_prev_actual_reception"] == 4
    # a second row that splits nothing (stage words over items) is not read as years over items
    other = text.replace("| | | 小计 | 购置费 | 运行费 |", "| | | 甲 | 乙 | 丙 |")
    assert not any(m.startswith("sangong") for m in metrics(other))


_PAIRS = "2023年“三公”经费预算表\n单位:万元\n项目 | 金额\n合计 | 12\n因公出国(境)费 | 1\n公务用车购置及运行费 | 7\n{row}\n公务接待费 | 4\n"


def test_a_row_of_two_label_and_figure_pairs_is_two_rows():
    found = metrics(_PAIRS.format(row="其中:购置经费 | | 运行维护费 | 2"))
    assert found["sangong_budget_vehicle_operation"] == 2
    assert "sangong_budget_vehicle_purchase" not in found  # its cell is empty
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (12, 4)


def test_a_longer_row_with_no_second_label_is_blank():
    found = metrics(_PAIRS.format(row="其中:购置经费 | | 2 | 3"))
    assert "sangong_budget_vehicle_purchase" not in found and "sangong_budget_vehicle_operation" not in found
    assert found["sangong_budget_reception"] == 4


def test_two_tables_side_by_side_under_a_repeated_header():
    text = ("2023年“三公”经费预算表\n单位:万元\n项目 | 金额 | 项目 | 金额\n合计 | 12 | 公务用车购置及运行费 | 7\n"
            "因公出国(境)费 | 1 | 其中:购置经费 |\n公务接待费 | 4 | 运行维护费 | 2\n")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_budget_vehicle"], found["sangong_budget_vehicle_operation"]) == (12, 7, 2)
    assert "sangong_budget_vehicle_purchase" not in found
    assert extract_text(text).items["sangong_budget"].flags == []  # the 7 is never read as a second 合计


_ALIGNED = ("2023年“三公”经费支出决算表\n单位:万元\n项目        预算数        决算数\n合计        12        10\n"
            "因公出国(境)费        {cell}        {cell}\n公务接待费        4        3\n公务用车购置及运行费        8        7\n")


def test_a_cell_not_to_be_filled_is_blank_in_an_aligned_table():
    found = metrics(_ALIGNED.format(cell="单位不需填列"))
    assert (found["sangong_budget"], found["sangong_actual"]) == (12, 10)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (4, 3)
    assert "sangong_budget_abroad" not in found and "sangong_actual_abroad" not in found


def test_a_text_cell_is_no_blank_in_an_aligned_table():
    # a cell of other words ends the table there: what follows is not read as its rows
    found = metrics(_ALIGNED.format(cell="见附表说明"))
    assert "sangong_budget_reception" not in found and "sangong_actual_reception" not in found


def test_a_header_of_cells_not_to_be_filled_is_no_header():
    text = ("2023年决算\n因公出国(境)费        不适用        不适用\n公务接待费        4        3\n"
            "公务用车购置及运行费        8        7\n其中:公务用车运行费        8        7\n")
    assert not any(m.startswith("sangong") for m in metrics(text))


def test_paragraph_cells_with_a_missing_figure_leave_the_row_blank():
    text = ("项目\n\n预算数\n\n决算数\n\n合计\n\n12\n\n10\n\n公务接待费\n\n3\n\n因公出国(境)费\n\n1\n\n1\n\n"
            "公务用车购置及运行费\n\n8\n\n6\n")
    found = metrics("本部门2023年“三公”经费支出情况如下表所示。\n\n" + text)
    assert (found["sangong_budget"], found["sangong_actual"], found["sangong_budget_vehicle"]) == (12, 10, 8)
    assert "sangong_budget_reception" not in found and "sangong_actual_reception" not in found


_STAGE_ROWS = ("2023年“三公”经费支出表\n单位:万元\n项目 | 合计 | 因公出国(境)费 | 公务用车费 | 公务接待费 |\n"
               "| | | 小计 | 运行费 | 购置费 | |\n{budget} | 14.5 | 1 | 9.5 | 4.5 | 5.0 | 4.0 |\n"
               "决算数 | 12.5 | 0 | 8.5 | 3.5 | 5.0 | 4.0 |\n")


def test_stages_as_rows_under_a_split_column_the_vocabulary_places():
    # 运行费 and 购置费 share no characters with 公务用车费: the vocabulary says they are its parts
    found = metrics(_STAGE_ROWS.format(budget="预算数"))
    assert (found["sangong_budget"], found["sangong_budget_vehicle"], found["sangong_budget_vehicle_operation"],
            found["sangong_budget_vehicle_purchase"], found["sangong_budget_reception"]) == (14.5, 9.5, 4.5, 5, 4)
    assert (found["sangong_actual_vehicle"], found["sangong_actual_reception"]) == (8.5, 4)


def test_a_stage_row_of_another_year_is_not_read():
    found = metrics(_STAGE_ROWS.format(budget="2024年预算数"))
    assert "sangong_budget" not in found and "sangong_budget_reception" not in found
    assert found["sangong_actual"] == 12.5


def test_a_stage_row_with_more_cells_than_names_is_not_read():
    text = _STAGE_ROWS.format(budget="预算数").replace("| 4.0 |\n决算数", "| 4.0 | 9 |\n决算数")
    found = metrics(text)
    assert not any(m.startswith("sangong_budget") for m in found)


_OPEN_BAR = "2023年“三公”经费支出表\n单位:万元\n{head}\n合计 | 12 | 10 |\n公务接待费 | 5 | 4 |\n公务用车购置及运行费 | 7 | 6 |\n"


def test_a_header_whose_bar_opens_a_blank_label_name():
    found = metrics(_OPEN_BAR.format(head="| 预算数 | 决算数 |"))
    assert (found["sangong_budget"], found["sangong_actual"]) == (12, 10)
    assert (found["sangong_budget_reception"], found["sangong_actual_vehicle"]) == (5, 6)


def test_a_header_that_names_the_labels_but_lacks_a_column_is_blank():
    # 项目 | 预算数 over rows of two figures: which figure is the budget is unknown
    found = metrics(_OPEN_BAR.format(head="项目 | 预算数 |"))
    assert not any(m.startswith("sangong") for m in found)


_LINES = "2023年“三公”经费支出情况如下表所示。\n{head}\n合计\n12\n10\n公务接待费\n5\n4\n公务用车购置及运行费\n7\n6\n"


def test_one_cell_per_line_under_a_header_that_names_no_label_column():
    found = metrics(_LINES.format(head="预算数\n决算数"))
    assert (found["sangong_budget"], found["sangong_actual"], found["sangong_budget_vehicle"]) == (12, 10, 7)
    assert found["sangong_actual_reception"] == 4


def test_one_cell_per_line_under_a_header_one_column_short_is_blank():
    found = metrics(_LINES.format(head="项目\n决算数"))
    assert not any(m.startswith("sangong") for m in found)


# 绥阳县太白镇 (holdout7): a 自评表 copied with bars; the header's first cell is merged down the
# rows' side and printed once, so the rows start one cell to its left; one row is broken by the copy
SELF_EVAL_FORM = ("部门整体支出绩效自评表 | |||||||||\n"
                  "单位(盖章):绥阳县太白镇人民政府 | 填报日期:2022年2月3日 | ||||||||\n"
                  "部门(单位)名称 | 绥阳县太白镇人民政府 | ||||||||\n"
                  "部门(单位)总体 资金(万元) | 资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | 得分计算方法 | |||\n"
                  "年度资金总额: | 1172.55 | 1268.72 | 10 | 10 | 执行率*该指标分值,最高不得超过分值上限。 | ||||\n"
                  "基本支出 | 985.19 | 914.97 |\n10 | 10 | |||||\n"
                  "项目支出 | 187.36 | 353.75 | 10 | 10 | |||||\n其他 | |||||||||\n")


def test_a_caption_merged_down_the_rows_side_does_not_shift_the_columns():
    found = metrics(SELF_EVAL_FORM)
    assert (found["budget_total"], found["final_total"]) == (1172.55, 1268.72)
    assert (found["budget_basic"], found["final_basic"]) == (985.19, 914.97)  # its row broken over two lines
    assert (found["budget_project"], found["final_project"]) == (187.36, 353.75)
    assert found["report_date"] == "2022-02-03"  # the form's 填报日期, in a cell of its header


def test_a_second_column_over_figures_is_no_caption():
    # the rows' second cell is text: the header's first cell names the labels, nothing is shifted
    text = ("资金(万元) | 来源 | 年初预算数 | 全年执行数 | 备注\n年度资金总额 | 财政 | 100 | 90 |\n"
            "基本支出 | 财政 | 60 | 50 |\n项目支出 | 财政 | 40 | 40 |\n")
    found = metrics(text)
    assert (found.get("budget_total"), found.get("final_total")) == (100, 90)


def test_a_column_every_row_leaves_empty_moves_no_merged_header():
    # 昆明人社局 (holdout7): rows closed with a last empty cell; 较上年增减情况 spans 增、减额 and 增、减幅度
    text = ("2020年昆明市人力资源和社会保障局“三公”经费\n决算数对比情况表\n单位:万元 | |||||\n"
            "项 目 | 上年 决算数 | 本年 决算数 | 较上年增减情况 | ||\n增、减额 | 增、减幅度 | ||||\n"
            "合 计 | 31.66 | 13.49 | -18.17 | -57.39% | |\n1、因公出国(境)费 | 0 | 0 | 0 | 0 | |\n"
            "2、公务接待费 | 9.10 | 1.50 | -7.6 | -83.52% | |\n3、公务用车费 | 22.56 | 11.99 | -10.57 | -46.85% | |\n")
    found = metrics(text)
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (-18.17, -57.39)
    assert (found["sangong_prev_actual_reception"], found["sangong_actual_reception_change"]) == (9.1, -7.6)


def test_two_split_columns_printed_flat_each_follow_their_parent():
    """h4-blkpk: 公务用车购置及运行费 over 小计 | 购置费 | 运行费 and 公务接待费 over 小计 | 行政运行 | 其他…, flat."""
    names = ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费", "小计", "公务用车购置费", "公务用车运行费",
             "小计", "行政运行", "其他城乡社区管理事务支出"]
    assert flat_columns(names, 8) == ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费",
                                      "公务接待费", "行政运行", "其他城乡社区管理事务支出"]
    assert flat_columns(names, 7) is None  # counts that do not add up


BLKPK = ("(单位:万元)\n三公经费项目 |\n合计 |\n因公出国(境)费 |\n公务用车购置及运行费 |\n公务接待费 |\n小计 |\n公务用车\n购置费 |\n"
         "公务用车\n运行费 |\n小计 |\n行政运行 |\n其他城乡社区管理事务支出 |\n行次 |\n1 |\n2 |\n3 |\n4 |\n5 |\n6 |\n7 |\n8 |\n"
         "2015年度预算数 |\n5.23 |\n0.00 |\n3.23 |\n0.00 |\n3.23 |\n2.00 |\n2.00 |\n以前年度结转资金9.83 |\n"
         "2015年度决算数 |\n6.94 |\n0.00 |\n2.94 |\n0.00 |\n2.94 |\n4.00 |\n0.37 |\n3.63 |\n"
         "2014年度决算数 |\n4.06 |\n0.00 |\n3.01 |\n0.00 |\n3.01 |\n1.05 |\n0.47 |\n0.58 |\n"
         "决算对比 |\n2.88 |\n0.00 |\n-0.07 |\n0.00 |\n-0.07 |\n2.95 |\n-0.10 |\n3.05 |\n"
         "注:2015年度预算数为“三公”经费年初预算数,决算数是包括当年一般公共预算财政拨款和以前年度结转资金安排的实际支出。")


def test_a_national_three_public_costs_table_with_stages_as_rows_and_a_comparison_row():
    """h4-blkpk-cgzx-2015: its label column named 三公经费项目, two split columns, a 行次 row, and 决算对比:
    this year's 决算 less last year's, column by column."""
    found = metrics(BLKPK)
    assert (found["sangong_budget"], found["sangong_actual"], found["sangong_prev_actual"]) == (5.23, 6.94, 4.06)
    assert (found["sangong_actual_vehicle_operation"], found["sangong_actual_reception"]) == (2.94, 4.0)
    assert (found["sangong_actual_change"], found["sangong_actual_reception_change"]) == (2.88, 2.95)


def test_a_comparison_row_that_is_not_the_difference_states_no_change():
    found = metrics(BLKPK.replace("决算对比 |\n2.88 |", "决算对比 |\n2.80 |"))
    assert not any(metric.endswith("_change") for metric in found)
