"""Unit tests for perfscore.engine.units: money, header units, percentages, dates, numerals."""

from __future__ import annotations

import pytest

from perfscore.engine.units import (
    decimals_of,
    header_unit_factor,
    iter_quantities,
    parse_amount,
    parse_cn_number,
    parse_date,
    parse_percent,
    to_halfwidth,
)


def test_halfwidth_is_length_preserving():
    text = "决算数８５５７．３２万元，占６．０８％（其中）"
    half = to_halfwidth(text)
    assert len(half) == len(text)
    assert "8557.32" in half and "6.08%" in half and "(其中)" in half


@pytest.mark.parametrize("text, value, unit, approx", [
    ("0.57万元", 0.57, "万元", False),
    ("1.58亿元", 15800.0, "亿元", False),
    ("5,795元", 0.5795, "元", False),
    ("5795", 5795.0, "万元", False),
    ("约200万元", 200.0, "万元", True),
    ("5795余万元", 5795.0, "万元", True),
    ("150万余元", 150.0, "万", True),
    ("3000万元以上", 3000.0, "万元", True),
    ("１２３．４万元", 123.4, "万元", False),
    ("2.5千元", 0.25, "千元", False),
    ("一百二十万元", 120.0, "万元", False),
    ("-8.35万元", -8.35, "万元", False),
])
def test_parse_amount(text, value, unit, approx):
    amount = parse_amount(text)
    assert amount is not None
    assert amount.value_wan == value
    assert repr(amount.value_wan) == repr(value)  # no float noise such as 0.5795000000000001
    assert amount.unit == unit and amount.approx is approx


def test_parse_amount_default_unit_and_absent():
    assert parse_amount("5795", default_unit="元").value_wan == 0.5795
    assert parse_amount("5795").unit_explicit is False
    assert parse_amount("无") is None
    assert parse_amount("") is None
    with pytest.raises(ValueError):
        parse_amount("12", default_unit="美元")


@pytest.mark.parametrize("header, factor", [
    ("决算数（元）", 0.0001), ("（万元）", 1.0), ("单位：万元", 1.0), ("单位:元", 0.0001),
    ("金额(亿元)", 10000.0), ("项目", None), ("2024年决算", None),
])
def test_header_unit_factor(header, factor):
    assert header_unit_factor(header) == factor


@pytest.mark.parametrize("text, value", [
    ("6.08％", 6.08), ("-87.65%", -87.65), ("占总支出的93.92%", 93.92), ("百分之八十", 80.0),
    ("100%", 100.0), ("无", None), ("12万元", None),
])
def test_parse_percent(text, value):
    assert parse_percent(text) == value


def test_decimals_of_reads_stated_precision():
    assert decimals_of("6.08%") == 2 and decimals_of("-100%") == 0 and decimals_of("0.5") == 1


@pytest.mark.parametrize("text, iso, precision, marker", [
    ("2025年6月30日前", "2025-06-30", "day", "before"),
    ("2024年9月", "2024-09", "month", ""),
    ("2024-09-01", "2024-09-01", "day", ""),
    ("2024.9.1", "2024-09-01", "day", ""),
    ("二〇二四年九月", "2024-09", "month", ""),
    ("2024年十二月三十一日", "2024-12-31", "day", ""),
    ("2023年6月以后", "2023-06", "month", "after"),
    ("2023年", "2023", "year", ""),
])
def test_parse_date(text, iso, precision, marker):
    date = parse_date(text)
    assert date is not None
    assert (date.iso, date.precision, date.marker) == (iso, precision, marker)


@pytest.mark.parametrize("text", ["2023年度", "2023年2月30日", "2024年13月", "无日期"])
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_cn_numbers():
    assert parse_cn_number("一百二十") == 120.0
    assert parse_cn_number("三点五") == 3.5
    assert parse_cn_number("不是数字") is None


def test_iter_quantities_kinds_and_spans():
    text = "2024年发放资金6745.97万元，救助8000余人次，占总支出的6.08%，共有编制65名"
    found = list(iter_quantities(text))
    assert [q.kind for q in found] == ["money", "count", "percent", "count"]
    assert [text[q.start:q.end] for q in found] == [q.text for q in found]
    assert found[1].approx and not found[0].approx
    assert all("2024" not in q.text for q in found)  # a year is not a figure


def test_figures_longer_than_decimal_precision_are_read_not_raised():
    """A 30-digit figure needs more than decimal's default 28 digits once it has six decimal places."""
    digits = "123456789012345678901234567890"
    [quantity] = list(iter_quantities(f"账户余额{digits}.5万元"))
    assert quantity.kind == "money" and quantity.value == float(digits + ".5")
    assert parse_amount(f"{digits}元").value_wan == float(digits) / 10_000
    assert parse_percent(f"{digits}%") == float(digits)
