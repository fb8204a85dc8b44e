"""Tables PDF text prints on one line of single-spaced cells: read as a table only when every
row has one label and exactly one figure per column, else left as text (no figure guessed)."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.reports.one_line_tables import one_line_rows

_CAPTION = "2024年“三公”经费预算表 单位:万元"
_TABLE = ("项目 2023年决算 2024年预算 合计 12.5 10.0 因公出国(境)费 0 0 "
          "公务用车购置及运行费 8.2 6.0 公务接待费 4.3 4.0")


def test_a_table_on_one_line_is_read_by_its_columns():
    found = extract_text(f"{_CAPTION} {_TABLE}").metrics
    assert (found["sangong_budget"], found["sangong_prev_actual"]) == (10.0, 12.5)
    assert (found["sangong_budget_vehicle"], found["sangong_prev_actual_vehicle"]) == (6.0, 8.2)
    assert (found["sangong_budget_reception"], found["sangong_prev_actual_reception"]) == (4.0, 4.3)
    assert found["sangong_budget_abroad"] == 0


def test_the_rows_and_the_text_around_them():
    before, rows, after = one_line_rows(f"{_CAPTION} 项 目 2024年预算数 合计 10 公务用车运行费 6 公务接待费 4 注:不含会议费。")
    assert before == _CAPTION and after == "注:不含会议费。"
    assert rows == [["项目", "2024年预算数"], ["合计", "10"], ["公务用车运行费", "6"], ["公务接待费", "4"]]


@pytest.mark.parametrize("line", [
    _TABLE.replace("因公出国(境)费 0 0", "因公出国(境)费 0"),            # an empty cell that left no trace
    _TABLE.replace("公务接待费 4.3 4.0", "公务接待费 4.3 4.0 1.2"),      # more figures than columns
    _TABLE.replace("公务用车购置及运行费", "公务用车购置及 运行费"),        # a label split by a space
    "项目 2023年决算 2024年预算 合计 12.5 10.0 公务接待费 4.3 4.0",       # fewer than three rows
    "项目 合计 12.5 因公出国(境)费 0 公务用车购置及运行费 8.2 公务接待费 4.3",  # no column names
])
def test_a_line_whose_columns_do_not_agree_is_left_as_text(line):
    assert one_line_rows(line) is None
    found = extract_text(f"{_CAPTION} {line}").metrics
    assert not {"sangong_budget_abroad", "sangong_prev_actual_abroad", "sangong_budget_vehicle"} & set(found)


def test_prose_is_no_table():
    assert one_line_rows("本单位 项目 支出 执行 情况 良好 资金 使用 规范 2023 年 完成") is None
