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
        self.problem(where, f"{what} must be a mapping, got {_kind(value)}", "key: value pairs")
        return None

    def sequence(self, value: Any, where: Position, what: str) -> MarkedList | None:
        if isinstance(value, MarkedList):
            return value
        self.problem(where, f"{what} must be a list, got {_kind(value)}", "a YAML list (- item)")
        return None

    def entries(self, data: Any, where: Position, what: str, item: str, optional: bool = False) -> Iterator[MarkedDict]:
        """The mappings of a YAML list, each checked; bad entries are reported and skipped."""
        if optional and data is None:
            return
        items = self.sequence(data, where, what)
        if items is not None and not items and not optional:
            self.problem(where, f"{what} is empty", f"at least one entry ({item})")
        for index, entry in enumerate(items or []):
            mapping = self.mapping(entry, items.where(index), item)  # type: ignore[union-attr]
            if mapping is not None:
                yield mapping

    def keys(self, data: MarkedDict, allowed: Iterable[str], required: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key in data:
            if key not in allowed:
                hint = suggest(str(key), allowed)
                self.problem(data.where(key), f"unknown key {key!r} in {what}",
                             hint or f"one of {', '.join(allowed)}")
        for key in required:
            if key not in data:
                self.problem(data.where(), f"{what} lacks required key {key!r}")

    def text(self, data: MarkedDict, key: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.problem(data.where(key, value=True), f"{key!r} must be text, got {_kind(value)}")
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
                self.problem(data.where(key, value=True), f"{key!r} must be a number, got {value!r}")
                return default
            value = number
        value = float(value)
        if not math.isfinite(value):
            self.problem(data.where(key, value=True), f"{key!r} is {value!r}", "a finite number")
            return default
        if minimum is not None and value < minimum:
            self.problem(data.where(key, value=True), f"{key!r} is {value:g}", f"a number ≥ {minimum:g}")
        return value

    def choice(self, data: MarkedDict, key: str, choices: tuple[str, ...], default: str) -> str:
        value = data.get(key, default)
        if value not in choices:
            hint = suggest(str(value), choices)
            self.problem(data.where(key, value=True), f"{key!r} is {value!r}",
                         (hint + " " if hint else "") + f"one of {', '.join(choices)}")
            return default
        return str(value)

    def boolean(self, data: MarkedDict, key: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(data.where(key, value=True), f"{key!r} must be true or false, got {value!r}")
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
            self.problem(where, f"{key!r} must be a formula, got {_kind(source)}")
            return None
        return self.parse_expression(source, where)

    def parse_expression(self, source: str, where: Position) -> Expr | None:
        try:
            return parse(source)
        except ExpressionError as exc:
            self.problem(where.shifted(exc.offset), f"formula error: {exc.message}", exc.expected)
            return None


def _infinity(value: Any) -> float | None:
    if isinstance(value, str) and value.strip().lower() in ("inf", "+inf", "-inf", "∞", "+∞", "-∞"):
        return -math.inf if value.strip().startswith("-") else math.inf
    return None


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"
