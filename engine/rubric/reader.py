"""Typed field access on marked YAML that collects problems instead of stopping at the first.

Unknown keys get a did-you-mean suggestion; expression errors point at the
character inside the formula.
"""

from __future__ import annotations

import difflib
import math
from typing import Any, Iterable, Iterator

from ..errors import ExpressionError, Position, Problem
from .expr import Expr, parse
from .yamlio import MarkedDict, MarkedList


def suggest(word: str, candidates: Iterable[str]) -> str:
    """``是否应为“x”？`` for the closest candidate, or an empty string."""
    close = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f"是否应为“{close[0]}”？" if close else ""


class Reader:
    """Collects :class:`Problem` s while reading one kind of YAML document."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: Position, message: str, expected: str = "") -> None:
        self.problems.append(Problem(where, message, expected))

    def mapping(self, value: Any, where: Position, what: str) -> MarkedDict | None:
        if isinstance(value, MarkedDict):
            return value
        self.problem(where, f"{what}应为映射，实际是{_kind(value)}", "应为“键: 值”形式的映射")
        return None

    def sequence(self, value: Any, where: Position, what: str) -> MarkedList | None:
        if isinstance(value, MarkedList):
            return value
        self.problem(where, f"{what}应为列表，实际是{_kind(value)}", "应为 YAML 列表（每项以“- ”开头）")
        return None

    def entries(self, data: Any, where: Position, what: str, item: str, optional: bool = False) -> Iterator[MarkedDict]:
        """The mappings of a YAML list, each checked; bad entries are reported and skipped."""
        if optional and data is None:
            return
        items = self.sequence(data, where, what)
        if items is not None and not items and not optional:
            self.problem(where, f"{what}为空", f"应至少写{item}")
        for index, entry in enumerate(items or []):
            mapping = self.mapping(entry, items.where(index), item)  # type: ignore[union-attr]
            if mapping is not None:
                yield mapping

    def keys(self, data: MarkedDict, allowed: Iterable[str], required: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key in data:
            if key not in allowed:
                hint = suggest(str(key), allowed)
                self.problem(data.where(key), f"{what}中有未知的键“{key}”",
                             hint or f"应为以下键之一：{quoted(allowed)}")
        for key in required:
            if key not in data:
                self.problem(data.where(), f"{what}缺少必需的键“{key}”", f"应写上 {key}: …")

    def text(self, data: MarkedDict, key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.problem(data.where(key, value=True), f"键“{key}”的值应为文本，实际是{_kind(value)}")
            return default
        return str(value)

    def number(self, data: MarkedDict, key: str, default: float | None = None,
               minimum: float | None = None) -> float | None:
        if key not in data or data[key] is None:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            number = _infinity(value)
            if number is None:
                self.problem(data.where(key, value=True), f"键“{key}”的值应为数字，实际是{_kind(value)}")
                return default
            value = number
        value = float(value)
        if not math.isfinite(value):
            self.problem(data.where(key, value=True), f"键“{key}”的值 {value!r} 不是有限的数", "应为有限的数")
            return default
        if minimum is not None and value < minimum:
            self.problem(data.where(key, value=True), f"键“{key}”的值 {value:g} 过小", f"应为不小于 {minimum:g} 的数")
        return value

    def choice(self, data: MarkedDict, key: str, choices: tuple[str, ...], default: str) -> str:
        value = data.get(key, default)
        if value not in choices:
            hint = suggest(str(value), choices)
            shown = _kind(value) if isinstance(value, (dict, list)) else f"“{_written(value)}”"
            self.problem(data.where(key, value=True), f"键“{key}”的值{shown}不在可选范围内",
                         (hint + " " if hint else "") + f"应为以下之一：{quoted(choices)}")
            return default
        return str(value)

    def boolean(self, data: MarkedDict, key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(data.where(key, value=True), f"键“{key}”的值应为 true 或 false，实际是{_kind(value)}")
            return default
        return value

    def expression(self, data: MarkedDict, key: str) -> Expr | None:
        source = data.get(key)
        where = data.where(key, value=True)
        if isinstance(source, bool):
            source = "true" if source else "false"
        if isinstance(source, (int, float)):
            source = repr(source)
        if not isinstance(source, str):
            self.problem(where, f"键“{key}”的值应为公式，实际是{_kind(source)}")
            return None
        return self.parse_expression(source, where)

    def parse_expression(self, source: str, where: Position) -> Expr | None:
        try:
            return parse(source)
        except ExpressionError as exc:
            self.problem(where.shifted(exc.offset), f"公式错误：{exc.message}", exc.expected)
            return None


def _infinity(value: Any) -> float | None:
    if isinstance(value, str) and value.strip().lower() in ("inf", "+inf", "-inf", "∞", "+∞", "-∞"):
        return -math.inf if value.strip().startswith("-") else math.inf
    return None


def quoted(words: Iterable[str]) -> str:
    """``“a”、“b”、“c”``: keys or values the author may type, each as written."""
    return "、".join(f"“{w}”" for w in words)


def _written(value: Any) -> str:
    """A scalar as the author wrote it in YAML: text as is, true/false, null, numbers."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind(value: Any) -> str:
    """What a YAML value is, in words: 映射, 列表, 空值, or its type and the value as written."""
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {value!r}"
    if isinstance(value, str):
        return f"文本“{value}”"
    return f"{type(value).__name__} {value!r}"
