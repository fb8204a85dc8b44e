"""A scalar interpreter of the formula tree: one department, plain Python floats, no numpy.

It is the rete backend's independent re-implementation of :mod:`..evaluate.vexpr`'s
semantics: a result is an :class:`SVal` (value, reason, text-ness); a missing
input or a division by zero gives *missing* with the same Chinese reason;
``and``/``or`` are three-valued; text is only compared for (in)equality.
Each tree is compiled once into nested closures, then run per department.

Rete layer: imports the shared leaves, rubric modules and rete siblings.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Callable, NamedTuple

from ..rubric.expr import Binary, BoolOp, Call, Compare, Expr, Name, Num, Str, Unary, round_decimals, to_text, to_words
from .num import fmax, fmin
from ..rounding import round_half_up_scalar

NAN = math.nan
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class SVal(NamedTuple):
    value: Any  # float (NaN when missing) or, for text, the raw object
    why: str = ""  # "" = present
    text: bool = False  # came from a text column or a string literal

    @property
    def present(self) -> bool:
        return not self.why


def number(item: Any) -> float:
    """The numeric reading of a value: numbers as floats, anything else NaN (as vexpr's ``_numeric``)."""
    if type(item) is float:
        return item
    if isinstance(item, (int, float)) and not isinstance(item, bool):
        return float(item)
    return NAN


def _not_a_number(val: SVal, x: float) -> bool:
    """A text operand (``x`` its numeric reading) that is not a number: vexpr's ``_not_numbers``."""
    return val.text and x != x and not isinstance(val.value, float)


def truthy(sval: SVal) -> bool:
    """``numeric(value) != 0`` — NaN (and text) count as true, like numpy."""
    return number(sval.value) != 0


class Schema:
    """What every department of a batch shares: text columns, labels, and the reasons they make."""

    def __init__(self, text_names: set[str], labels: dict[str, str], lists: dict[str, tuple[str, ...]] | None = None):
        self.text_names = text_names
        self.labels = labels
        self.lists = lists or {}  # list metric (kind items) → its fields: the names count() reads per item
        self._missing: dict[str, str] = {}
        self._not_number: dict[str, str] = {}
        self._zero: dict[str, str] = {}

    def not_number(self, expr: Expr) -> str:
        """Why text used in arithmetic counts as missing (the same words as vexpr)."""
        key = expr.name if isinstance(expr, Name) else to_text(expr)
        reason = self._not_number.get(key)
        if reason is None:
            label = self.labels.get(key) if isinstance(expr, Name) else None
            what = label or key
            reason = self._not_number[key] = f"数据不是数值：{what}"
        return reason

    def divisor_zero(self, expr: Expr) -> str:
        """Why a division by zero counts as missing (the same words as vexpr)."""
        key = to_text(expr)
        reason = self._zero.get(key)
        if reason is None:
            reason = self._zero[key] = f"除数为零：{to_words(expr, self.labels)}为0"
        return reason

    def missing(self, name: str) -> str:
        reason = self._missing.get(name)
        if reason is None:
            label = self.labels.get(name)
            reason = self._missing[name] = f"缺少数据：{label or name}"
        return reason


class Row:
    """One department's inputs, read lazily from the batch's column lists at ``index`` (text columns named in
    the schema), plus ``extra`` names set for the moment (a state's ``value``), and its goal rows."""

    __slots__ = ("columns", "index", "extra", "schema", "goal_rows")

    def __init__(self, columns: dict[str, list[Any]], index: int, schema: Schema,
                 goal_rows: list[dict[str, Any]] | None = None):
        self.columns = columns
        self.index = index
        self.extra: dict[str, Any] = {}
        self.schema = schema
        self.goal_rows = goal_rows or []

    def raw(self, name: str) -> Any:
        """The stored item (None when there is no such name)."""
        if self.extra and name in self.extra:
            return self.extra[name]
        column = self.columns.get(name)
        return None if column is None else column[self.index]

    def get(self, name: str) -> SVal:
        if self.extra and name in self.extra:
            item = self.extra[name]
        else:
            column = self.columns.get(name)
            if column is None:
                return SVal(NAN, self.schema.missing(name))
            item = column[self.index]
        if name in self.schema.text_names:
            if item is None or item == "":
                return SVal(None, self.schema.missing(name), True)
            return SVal(item, "", True)
        if item != item:  # NaN
            return SVal(NAN, self.schema.missing(name))
        return SVal(item)


class ItemRow(Row):
    """One item of a list as ``count()``'s condition reads it: the item's fields, else its department's names."""

    __slots__ = ("item", "fields")

    def __init__(self, row: Row, item: dict[str, Any], fields: tuple[str, ...]):
        super().__init__(row.columns, row.index, row.schema, row.goal_rows)
        self.extra = row.extra
        self.item = item
        self.fields = fields

    def raw(self, name: str) -> Any:
        return self.item.get(name) if name in self.fields else super().raw(name)

    def get(self, name: str) -> SVal:
        if name not in self.fields:
            return super().get(name)
        item = self.item.get(name)
        if item is None or item == "":
            return SVal(None if isinstance(item, str) else NAN, self.schema.missing(name), isinstance(item, str))
        return SVal(item, "", True) if isinstance(item, str) else SVal(item)


Compiled = Callable[[Row], SVal]


def _first_why(vals: list[SVal] | tuple[SVal, ...]) -> str:
    for val in vals:
        if val.why:
            return val.why
    return ""


def _compare(op: str, left: SVal, right: SVal) -> bool:
    if (left.text or right.text) and op in ("==", "!="):
        return bool(left.value == right.value) if op == "==" else bool(left.value != right.value)
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


class Interpreter:
    """Compiles expression trees (once, cached by identity) and evaluates them for one :class:`Row`."""

    def __init__(self, workdays: Callable[[float, float], tuple[float, bool]], calendar_reason: Callable[[], str],
                 festival: Callable[[str, float], int | None], festival_reason: Callable[[], str]):
        self.workdays = workdays
        self.calendar_reason = calendar_reason
        self.festival = festival  # (canonical name, year) → day number, None outside the calendar
        self.festival_reason = festival_reason
        self._cache: dict[int, tuple[Expr, Compiled]] = {}

    def evaluate(self, expr: Expr, row: Row) -> SVal:
        return self.compiled(expr)(row)

    def compiled(self, expr: Expr) -> Compiled:
        """The tree compiled once (cached by identity): call it with a :class:`Row`."""
        hit = self._cache.get(id(expr))
        if hit is None or hit[0] is not expr:
            hit = self._cache[id(expr)] = (expr, self.compile(expr))
        return hit[1]

    def compile(self, expr: Expr) -> Compiled:
        if isinstance(expr, Num):
            constant = SVal(float(expr.value))
            return lambda row: constant
        if isinstance(expr, Str):
            text = SVal(expr.value, "", True)
            return lambda row: text
        if isinstance(expr, Name):
            name = expr.name
            return lambda row: row.get(name)
        if isinstance(expr, Unary):
            return self._unary(expr)
        if isinstance(expr, Binary):
            return self._binary(expr)
        if isinstance(expr, Compare):
            return self._compare(expr)
        if isinstance(expr, BoolOp):
            return self._boolop(expr)
        return self._call(expr)

    def _unary(self, expr: Unary) -> Compiled:
        operand = self.compile(expr.operand)
        negate = expr.op == "-"
        inner = expr.operand

        def run(row: Row) -> SVal:
            val = operand(row)
            x = number(val.value)
            if negate:
                if not val.why and _not_a_number(val, x):  # text in arithmetic: missing
                    return SVal(NAN, row.schema.not_number(inner))
                return SVal(-x, val.why)
            return SVal(NAN if x != x else float(x == 0), val.why)
        return run

    def _binary(self, expr: Binary) -> Compiled:
        left, right, op = self.compile(expr.left), self.compile(expr.right), expr.op

        def run(row: Row) -> SVal:
            a_val, b_val = left(row), right(row)
            a, b = number(a_val.value), number(b_val.value)
            a_why = a_val.why or (row.schema.not_number(expr.left) if _not_a_number(a_val, a) else "")
            b_why = b_val.why or (row.schema.not_number(expr.right) if _not_a_number(b_val, b) else "")
            why = a_why or b_why
            if op == "/" and b == 0:
                return SVal(NAN, why or row.schema.divisor_zero(expr.right))
            if why:
                return SVal(NAN, why)
            if op == "+":
                return SVal(a + b)
            if op == "-":
                return SVal(a - b)
            if op == "*":
                return SVal(a * b)
            return SVal(a / b)
        return run

    def _compare(self, expr: Compare) -> Compiled:
        operands = [self.compile(o) for o in expr.operands]
        ops = expr.ops

        def run(row: Row) -> SVal:
            vals = [o(row) for o in operands]
            why = _first_why(vals)
            if why:
                return SVal(NAN, why)
            return SVal(float(all(_compare(op, a, b) for op, a, b in zip(ops, vals, vals[1:]))))
        return run

    def _boolop(self, expr: BoolOp) -> Compiled:
        operands = [self.compile(o) for o in expr.operands]
        decisive = expr.op == "or"

        def run(row: Row) -> SVal:
            vals = [o(row) for o in operands]
            if any(not v.why and truthy(v) == decisive for v in vals):
                return SVal(float(decisive))
            why = _first_why(vals)
            return SVal(NAN, why) if why else SVal(float(not decisive))
        return run

    def _count(self, expr: Call) -> Compiled:
        """``count(list, condition)``: the items whose condition holds; missing where the list is not given or an
        item's condition is missing (the first such item's reason) — vexpr's semantics, item by item."""
        name = expr.args[0].name  # type: ignore[union-attr]
        condition = self.compile(expr.args[1])

        def count(row: Row) -> SVal:
            items = row.raw(name)
            if items is None:
                return SVal(NAN, row.schema.missing(name))
            fields = row.schema.lists.get(name, ())
            total, why = 0, ""
            for item in items:
                val = condition(ItemRow(row, item, fields))
                if val.why:
                    why = why or val.why
                elif truthy(val):
                    total += 1
            return SVal(NAN, why) if why else SVal(float(total))
        return count

    def _call(self, expr: Call) -> Compiled:
        if expr.func == "count":
            return self._count(expr)
        args = [self.compile(a) for a in expr.args]
        func = expr.func
        if func == "exists":
            return lambda row: SVal(float(args[0](row).present))
        if func == "coalesce":
            def coalesce(row: Row) -> SVal:
                vals = [a(row) for a in args]
                for val in vals:
                    if not val.why:
                        return SVal(number(val.value))
                return SVal(NAN, vals[-1].why)
            return coalesce
        if func == "if":
            def choose(row: Row) -> SVal:
                cond, yes, no = (a(row) for a in args)
                chosen = yes if truthy(cond) else no
                why = cond.why or chosen.why
                return SVal(NAN if why else number(chosen.value), why)
            return choose

        if func == "festival":  # festival('春节', year): the name is a literal the parser checked
            festival = expr.args[0].value  # type: ignore[union-attr]
            year_source = expr.args[1]

            def festival_date(row: Row) -> SVal:
                year = args[1](row)
                x = number(year.value)
                why = year.why or (row.schema.not_number(year_source) if _not_a_number(year, x) else "")
                if why:
                    return SVal(NAN, why)
                day = self.festival(festival, x)
                return SVal(NAN, self.festival_reason()) if day is None else SVal(float(day))
            return festival_date

        sources = expr.args
        decimals = round_decimals(expr) if func == "round" else 0

        def call(row: Row) -> SVal:
            vals = [a(row) for a in args]
            nums = [number(v.value) for v in vals]
            why = ""
            for val, x, source in zip(vals, nums, sources):  # first reason, text in arithmetic counting as missing
                why = val.why or (row.schema.not_number(source) if _not_a_number(val, x) else "")
                if why:
                    break
            if func == "workdays_between" and not why:
                value, outside = self.workdays(nums[0], nums[1])
                return SVal(NAN, self.calendar_reason()) if outside else SVal(value)
            if why:
                return SVal(NAN, why)
            return SVal(_function(func, nums, decimals))
        return call


def _function(func: str, nums: list[float], decimals: int) -> float:
    if func in ("min", "max"):
        if any(x != x for x in nums):
            return NAN
        pick = fmin if func == "min" else fmax
        result = nums[0]
        for x in nums[1:]:
            result = pick(result, x)
        return result
    if func == "abs":
        return abs(nums[0])
    if func == "round":
        return round_half_up_scalar(nums[0], decimals)
    if func == "days_between":
        return nums[1] - nums[0]
    return NAN if any(x != x for x in nums) else _make_date(*nums)  # make_date
