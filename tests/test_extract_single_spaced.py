"""Tables PDF text prints one row per line with one space or none between cells: each row's
figures are placed under the header's columns only when their count matches, else the row is
blank; running text after the table is read as text."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.single_spaced import single_spaced_table
from tests.support import text_metrics

_FINAL = """某区文化馆2022年“三公”经费决算表
单位:元
项目 2022年决算数
“三公”经费合计 63,400.00
1、因公出国(境)费 —
2、公务接待费 18,400.00
3、公务用车购置及运行维护费 45,000.00
"""

_GLUED = """某县档案馆2023年“三公”经费预算表
单位:万元
项目2023年预算
“三公”经费4.20
  其中:因公出国(境)费
       公务用车运行维护费3.00
       公务接待费1.20
"""

_PARTS = """某市水文站2021年“三公”经费预算表
金额单位:万元
项目 2021年预算数
小计 其中:财政拨款
一、“三公”经费合计 9.50 8.00
(一)公务接待费 2.50 1.00
(二)公务用车运行维护费 7.00 7.00
"""


def test_a_single_spaced_table_is_read_by_its_header_stage_and_unit():
    found = text_metrics(_FINAL)
    assert found["sangong_actual"] == 6.34
    assert found["sangong_actual_reception"] == 1.84
    assert found["sangong_actual_vehicle"] == 4.5
    assert "sangong_actual_abroad" not in found  # a dash leaves the cell blank


def test_cells_run_together_are_split_at_the_figure():
    found = text_metrics(_GLUED)
    assert (found["sangong_budget"], found["sangong_budget_vehicle_operation"], found["sangong_budget_reception"]) \
        == (4.2, 3.0, 1.2)
    assert "sangong_actual" not in found


def test_a_second_header_line_of_parts_reads_the_subtotal_not_the_part():
    found = text_metrics(_PARTS)
    assert found["sangong_budget"] == 9.5
    assert found["sangong_budget_reception"] == 2.5
    assert found["sangong_budget_vehicle_operation"] == 7.0
    table = single_spaced_table(_PARTS.splitlines(), 2)
    assert table is not None and table.rows[0] == ["项目", "2021年预算数 小计", "其中:财政拨款"]


def test_a_row_with_another_count_of_figures_is_blank():
    text = _FINAL.replace("2、公务接待费 18,400.00", "2、公务接待费 18,400.00 12,000.00")
    found = text_metrics(text)
    assert "sangong_actual_reception" not in found
    assert found["sangong_actual"] == 6.34


def test_running_text_after_the_table_is_read_as_a_sentence():
    text = _FINAL + "“三公”经费比上年减少0.52万元,主要是压缩了公务接待。\n"
    lines = text.splitlines()
    table = single_spaced_table(lines, 2)
    assert table is not None and table.end == len(lines) - 1
    assert text_metrics(text)["sangong_actual_change"] == -0.52


@pytest.mark.parametrize("header", [
    "项目支出 2022年决算数",      # a row, not the label column's name
    "项目 63,400.00 18,400.00",  # figures, not column names
    "项目 名称 类别",             # names that name no year or stage
    "项目 2022年决算数,比上年减少",  # running text
])
def test_a_line_that_is_no_header_opens_no_table(header):
    lines = _FINAL.replace("项目 2022年决算数", header).splitlines()
    assert single_spaced_table(lines, 2) is None


def test_a_figure_with_its_unit_ends_the_table():
    lines = ["项目 2022年决算数", "公务接待费 1.5", "公务用车运行维护费 3.0", "合计4.5万元", "会议费 2.0"]
    table = single_spaced_table(lines, 0)
    assert table is not None and table.end == 3 and len(table.rows) == 3


def test_fewer_than_two_placed_rows_is_no_table():
    lines = ["项目 2022年决算数", "公务接待费 1.5", "公务用车运行维护费", "因公出国(境)费"]
    assert single_spaced_table(lines, 0) is None


def test_a_row_that_keeps_its_empty_cells_spaces_fills_the_first_columns():
    # 岳阳县文联 2017 (holdout9): one figure, then a space for each empty column
    table = ("2017年度“三公”经费预算表\n单位:万元\n项目 2017年预算数合计 公共财政预算拨款 政府性基金预算拨款\n"
             "一、支出合计 4.9 0 0\n1、因公出国(境)费用 0      \n2、公务接待费 1.8      \n3、公务用车费 3.1 0 0\n"
             "其中:(1)公务用车运行维护费 3.1      \n(2)公务用车购置 0      ")
    found = text_metrics(table)
    assert (found["sangong_budget"], found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (4.9, 0, 1.8)
    assert (found["sangong_budget_vehicle_operation"], found["sangong_budget_vehicle_purchase"]) == (3.1, 0)
    # without the spaces nothing says which column the figure is in
    assert "sangong_budget_reception" not in text_metrics(table.replace("1.8      ", "1.8"))
