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
