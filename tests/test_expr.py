"""The formula language: parsing with a whitelist, error offsets, and vectorised evaluation with missing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from perfscore.engine.calendar import day_number
from perfscore.engine.errors import ExpressionError
from perfscore.engine.rubric.expr import names, parse, to_text
from perfscore.engine.evaluate.vexpr import Columns, Evaluator, Reasons


def evaluate(text: str, **columns: list) -> tuple[list, list[str]]:
    arrays = {k: np.array(v, dtype=object if any(isinstance(x, str) for x in v) else float) for k, v in columns.items()}
    n = len(next(iter(arrays.values()))) if arrays else 1
    reasons = Reasons()
    vec = Evaluator(Columns(arrays, n, {"a": "甲"}), reasons).evaluate(parse(text))
    return vec.values.tolist(), [reasons.texts[c] for c in vec.why]


def test_precedence_and_canonical_text():
    assert to_text(parse("a + b * c - d / 2")) == "((a + (b * c)) - (d / 2))"
    assert to_text(parse("not a and b or c")) == "((not a and b) or c)"
    assert names(parse("min(a, b) + coalesce(c, a)")) == ["a", "b", "c"]


@pytest.mark.parametrize("text, offset, fragment", [
    ("a +", 3, "公式在此处意外结束"),
    ("__import__('os')", 0, "未知的函数“__import__”"),
    ("a.__class__", 1, "无法识别的字符“.”"),
    ("a $ b", 2, "无法识别的字符“$”"),
    ("(a", 2, "缺少“)”（用于闭合“(”），此处是公式结尾"),
    ("min(1)", 0, "需要 2 至 16 个参数，实际有 1 个"),
    ("a[0]", 1, "无法识别的字符“[”"),
    ("lambda: 1", 6, "无法识别的字符“:”"),
    ("", 0, "公式为空"),
])
def test_rejects_anything_outside_the_whitelist(text, offset, fragment):
    with pytest.raises(ExpressionError) as info:
        parse(text)
    assert fragment in info.value.message
    assert info.value.offset == offset


def test_division_by_zero_and_missing_inputs_give_missing_with_reason():
    values, why = evaluate("a / b * 100", a=[1, 1, np.nan], b=[0, 4, 2])
    assert np.isnan(values[0]) and values[1] == 25.0 and np.isnan(values[2])
    assert why == ["除数为零：b为0", "", "缺少数据：甲"]  # labels, never ids, in a reason


def test_unknown_column_is_missing_not_an_error():
    values, why = evaluate("zzz + 1", a=[1.0])
    assert np.isnan(values[0]) and why == ["缺少数据：zzz"]


def test_three_valued_logic():
    values, why = evaluate("a > 0 and b > 0", a=[-1, np.nan, 1, 1], b=[np.nan, -1, np.nan, 1])
    assert values[0] == 0.0 and values[1] == 0.0 and values[3] == 1.0
    assert np.isnan(values[2]) and why[2].startswith("缺少数据")
    values, _ = evaluate("a > 0 or b > 0", a=[1, np.nan], b=[np.nan, -1])
    assert values[0] == 1.0 and np.isnan(values[1])


def test_if_and_coalesce_only_take_the_missingness_of_what_they_use():
    values, why = evaluate("if(b == 0, 0, a / b)", a=[5, 6], b=[0, 3])
    assert values == [0.0, 2.0] and why == ["", ""]
    values, why = evaluate("coalesce(a, b, 7)", a=[np.nan, 1, np.nan], b=[2, 9, np.nan])
    assert values == [2.0, 1.0, 7.0] and why == ["", "", ""]


def test_chained_comparisons_and_text_equality():
    values, _ = evaluate("0 < a <= 10", a=[0, 10, 10.5])
    assert values == [0.0, 1.0, 0.0]
    values, _ = evaluate("g == '良好'", g=["良好", "优秀"])
    assert values == [1.0, 0.0]


def test_workdays_follow_the_chinese_calendar_with_make_up_days():
    # 2024-02-04 (Sunday) was a 调休 working day; 2024-02-10..17 the Spring Festival holiday.
    start = day_number(dt.date(2024, 2, 1))
    end = day_number(dt.date(2024, 2, 18))
    values, why = evaluate("workdays_between(s, e)", s=[start], e=[end])
    # Feb 2 (Fri), Feb 4 (Sun, 调休), Feb 5–9, Feb 18 (Sun, 调休) → 1 + 1 + 5 + 1 = 8
    assert values == [8.0] and why == [""]
    values, _ = evaluate("days_between(s, e)", s=[start], e=[end])
    assert values == [17.0]


def test_workdays_outside_the_calendar_are_missing_with_reason():
    values, why = evaluate("workdays_between(s, e)", s=[day_number(dt.date(2199, 1, 1))],
                           e=[day_number(dt.date(2199, 2, 1))])
    assert np.isnan(values[0]) and "节假日历仅覆盖" in why[0]


def test_make_date():
    values, _ = evaluate("make_date(y, 12, 31)", y=[2023, 2024])
    assert values == [float(day_number(dt.date(2023, 12, 31))), float(day_number(dt.date(2024, 12, 31)))]


def test_parameters_fold_constant_conditions():
    from perfscore.engine.rubric.expr import substitute

    chosen = substitute(parse("if(day_type == 'working', workdays_between(a, b), days_between(a, b)) <= limit"),
                        {"day_type": "calendar", "limit": 20})
    assert to_text(chosen) == "(days_between(a, b) <= 20)"
    assert to_text(substitute(parse("x > 1 and k == 2"), {"k": 2})) == "((x > 1) and 1)"
    assert to_text(substitute(parse("if(x > 0, 1, 2)"), {})) == "if((x > 0), 1, 2)"
