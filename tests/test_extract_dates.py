"""Dates written without separators after their label (报告日期:2024926): read only where a
single split into month and day makes a valid date; never an amount."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.reports.fields import compact_dates


@pytest.mark.parametrize("digits, iso", [("2024926", "2024-09-26"), ("20240926", "2024-09-26"), ("202491", "2024-09-01")])
def test_a_compact_date_with_one_reading(digits, iso):
    assert extract_text(f"报告日期:{digits}").metrics["report_date"] == iso


@pytest.mark.parametrize("text", ["报告日期:2024111", "报告日期:2024931", "报告日期:20241301", "本单位支出2024926元。"])
def test_no_date_where_the_digits_are_ambiguous_invalid_or_unlabelled(text):
    assert "report_date" not in extract_text(text).metrics
    assert compact_dates(text) == [] or "日期" not in text


@pytest.mark.parametrize("text", ["填报日期:202311", "报告日期:201912"])
def test_six_digits_that_end_in_a_month_name_no_day(text):
    assert "report_date" not in extract_text(text).metrics


@pytest.mark.parametrize("digits, iso", [("201983", "2019-08-03"), ("202329", "2023-02-09")])
def test_six_digits_whose_last_two_are_no_month_still_read_as_a_day(digits, iso):
    assert extract_text(f"填报日期:{digits}").metrics["report_date"] == iso


@pytest.mark.parametrize("label", ["编制日期：", "报送日期:"])
def test_the_day_a_report_was_drawn_up_or_sent_is_its_date(label):
    assert extract_text(f"{label}2024年3月5日").metrics["report_date"] == "2024-03-05"
