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
