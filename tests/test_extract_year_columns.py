"""Columns headed by years alone under a caption that names the stage (``2022年 | 2023年`` under
“2023年…决算表”): the text's own year takes the caption's stage, last year's column is last year's 决算,
another year's is no figure of this text; a count is read from this year's column, never last year's."""

from __future__ import annotations

from tests.support import text_metrics

_TABLE = "单位:万元\n项目 | 2022年 | 2023年 |\n合计 | 12 | 10 |\n公务接待费 | 5 | 4 |\n公务用车运行维护费 | 7 | 6 |\n"


def test_year_columns_under_a_final_caption():
    found = text_metrics("2023年“三公”经费决算表\n" + _TABLE)
    assert (found["sangong_actual"], found["sangong_prev_actual"]) == (10, 12)
    assert (found["sangong_actual_reception"], found["sangong_prev_actual_reception"]) == (4, 5)


def test_last_years_column_under_a_budget_caption_is_no_figure():
    found = text_metrics("2023年“三公”经费预算表\n" + _TABLE)
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (10, 4)
    assert not any(metric.startswith(("sangong_prev", "sangong_actual")) for metric in found)


def test_an_earlier_year_is_no_figure_of_this_text():
    found = text_metrics("2023年“三公”经费决算表\n" + _TABLE.replace("2022年", "2020年"))
    assert found["sangong_actual"] == 10 and "sangong_prev_actual" not in found


def test_a_count_is_read_from_this_years_column():
    found = text_metrics("2023年部门决算说明\n人员情况\n项目 | 2022年决算数 | 2023年决算数 |\n编制人数 | 40 | 42 |\n"
                         "实有人数 | 38 | 41 |\n退休人数 | 9 | 10 |\n")
    assert (found["staff_authorized"], found["staff_actual"], found["staff_retired"]) == (42, 41, 10)
