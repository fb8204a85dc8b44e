"""A scalar interpreter of the formula tree: one department, plain Python floats, no numpy.

It is the rete backend's independent re-implementation of :mod:`.vexpr`'s
semantics: a result is a :class:`SVal` (value, reason, text-ness); a missing
input or a division by zero gives *missing* with the same Chinese reason;
``and``/``or`` are three-valued; text is only compared for (in)equality.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Callable

from .expr import Binary, BoolOp, Call, Compare, Expr, Name, Num, Str, Unary, to_text
from .rete_num import fmax, fmin, round_half_up

NAN = math.nan
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class SVal:
    value: Any  # float (NaN when missing) or, for text, the raw object
    why: str = ""  # "" = present
    text: bool = False  # came from a text column or a string literal

    @property
    def present(self) -> bool:
        return not self.why


def number(item: Any) -> float:
    """The numeric reading of a value: numbers as floats, anything else NaN (as vexpr's ``_numeric``)."""
    if isinstance(item, float):
        return item
    if isinstance(item, int) and not isinstance(item, bool):
        return float(item)
    return NAN


def truthy(sval: SVal) -> bool:
    """``numeric(value) != 0`` — NaN (and text) count as true, like numpy."""
    return number(sval.value) != 0


class Row:
    """One department's inputs: name → (value, text column?)."""

    def __init__(self, values: dict[str, Any], text_names: set[str], labels: dict[str, str]):
        self.values = values
        self.text_names = text_names
        self.labels = labels

    def label(self, name: str) -> str:
        label = self.labels.get(name)
        return f"{label}（{name}）" if label else name

    def get(self, name: str) -> SVal:
        if name not in self.values:
            return SVal(NAN, f"缺少数据：{self.label(name)}")
        item = self.values[name]
        if name in self.text_names:
            missing = item is None or item == ""
            return SVal(None if missing else item, f"缺少数据：{self.label(name)}" if missing else "", True)
        if math.isnan(item):
            return SVal(NAN, f"缺少数据：{self.label(name)}")
        return SVal(item)


def _first_why(*vals: SVal) -> str:
    for val in vals:
        if val.why:
            return val.why
    return ""


def _compare(op: str, left: SVal, right: SVal) -> bool:
    if left.text or right.text:
        if op == "==":
            return bool(left.value == right.value)
        if op == "!=":
            return bool(left.value != right.value)
    a, b = number(left.value), number(right.value)
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _make_date(year: float, month: float, day: float) -> float:
    months = (int(year) - 1970) * 12 + int(month) - 1
    first = dt.date(1970 + months // 12, months % 12 + 1, 1)
    return float(first.toordinal() - EPOCH_ORDINAL + int(day) - 1)


class ScalarEvaluator:
    """Evaluates expression trees against one :class:`Row`."""

    def __init__(self, row: Row, workdays: Callable[[float, float], tuple[float, bool]]):
        self.row = row
        self.workdays = workdays

    def evaluate(self, expr: Expr) -> SVal:
        if isinstance(expr, Num):
            return SVal(float(expr.value))
        if isinstance(expr, Str):
            return SVal(expr.value, "", True)
        if isinstance(expr, Name):
            return self.row.get(expr.name)
        if isinstance(expr, Unary):
            operand = self.evaluate(expr.operand)
            x = number(operand.value)
            if expr.op == "-":
                result = -x
            else:
                result = NAN if math.isnan(x) else float(x == 0)
            return SVal(result, operand.why)
        if isinstance(expr, Binary):
            return self._binary(expr)
        if isinstance(expr, Compare):
            operands = [self.evaluate(o) for o in expr.operands]
            why = _first_why(*operands)
            if why:
                return SVal(NAN, why)
            ok = all(_compare(op, a, b) for op, a, b in zip(expr.ops, operands, operands[1:]))
            return SVal(float(ok))
        if isinstance(expr, BoolOp):
            return self._boolop(expr)
        return self._call(expr)

    def _binary(self, expr: Binary) -> SVal:
        left, right = self.evaluate(expr.left), self.evaluate(expr.right)
        why = _first_why(left, right)
        a, b = number(left.value), number(right.value)
        if expr.op == "/" and b == 0:
            return SVal(NAN, why or f"除数为零：{to_text(expr.right)} = 0")
        if why:
            return SVal(NAN, why)
        if expr.op == "+":
            return SVal(a + b)
        if expr.op == "-":
            return SVal(a - b)
        if expr.op == "*":
            return SVal(a * b)
        return SVal(a / b)

    def _boolop(self, expr: BoolOp) -> SVal:
        operands = [self.evaluate(o) for o in expr.operands]
        decisive = expr.op == "or"
        if any(v.present and truthy(v) == decisive for v in operands):
            return SVal(float(decisive))
        if all(v.present for v in operands):
            return SVal(float(not decisive))
        return SVal(NAN, _first_why(*operands))

    def _call(self, expr: Call) -> SVal:
        args = [self.evaluate(a) for a in expr.args]
        func = expr.func
        if func == "exists":
            return SVal(float(args[0].present))
        if func == "coalesce":
            for arg in args:
                if arg.present:
                    return SVal(number(arg.value))
            return SVal(NAN, args[-1].why)
        if func == "if":
            cond, yes, no = args
            chosen = yes if truthy(cond) else no
            why = cond.why or chosen.why
            return SVal(NAN if why else number(chosen.value), why)
        why = _first_why(*args)
        nums = [number(a.value) for a in args]
        if func == "workdays_between" and not why:
            value, outside = self.workdays(nums[0], nums[1])
            if outside:
                return SVal(NAN, self.calendar_reason())
            return SVal(value)
        if why:
            return SVal(NAN, why)
        if func in ("min", "max"):
            if any(math.isnan(x) for x in nums):
                return SVal(NAN)
            pick = fmin if func == "min" else fmax
            result = nums[0]
            for x in nums[1:]:
                result = pick(result, x)
            return SVal(result)
        if func == "abs":
            return SVal(abs(nums[0]))
        if func == "round":
            return SVal(round_half_up(nums[0], int(nums[1]) if len(nums) > 1 else 0))
        if func == "days_between":
            return SVal(nums[1] - nums[0])
        return SVal(_make_date(*nums) if not any(math.isnan(x) for x in nums) else NAN)  # make_date

    def calendar_reason(self) -> str:
        from . import calendar

        first, last = calendar.calendar_years()
        return f"节假日历仅覆盖{first}—{last}年，无法计算工作日"
