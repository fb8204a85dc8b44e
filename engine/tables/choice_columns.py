"""择项 in a table: the ``choices.<level id>.<criterion id>`` columns, checked against the profile's choose: levels.

Each column holds one criterion's weight (blank: not chosen). A column naming a level or criterion the profile
cannot choose is an error at its header cell; a row whose choice is wrong (a weight that is no number ≥ 0, too
few or too many criteria, weights not summing to the level's points) is a reject with the Chinese reason of
:func:`..inputs.choices.row_problems`, so no engine ever scores it.

May import: numpy, the shared leaves, ``inputs.choices``, ``rubric.plan`` and :mod:`.rejects`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import Position, Problem
from ..inputs.choices import WEIGHT_EXPECTED, is_choice_column, row_problems
from ..rubric.plan import ChoicePlan
from .rejects import Reject


CHOICE_HEADER = "择项权重"  # a Chinese header: 择项权重：社会效益 (or 择项权重/效益/社会效益, a two-row header)


def choice_header(text: str, specs: Sequence[ChoicePlan]) -> str | Problem | None:
    """The weight column a Chinese header names (``择项权重：<criterion name or id>``, or with its level first when
    two levels share a name), a problem (at an unknown position) when it names none, or None: not such a header."""
    words = text.replace("：", "/").replace(":", "/").replace(" ", "")
    if not words.startswith(CHOICE_HEADER + "/"):
        return None
    rest = words[len(CHOICE_HEADER) + 1:]
    found: dict[str, set[str]] = {}
    for spec in specs:
        for cid, name in spec.children:
            for key in (name, cid, f"{spec.name}/{name}", f"{spec.id}/{cid}"):
                found.setdefault(key, set()).add(spec.column(cid))
    columns = found.get(rest, set())
    if len(columns) == 1:
        return next(iter(columns))
    listed = "、".join(f"{CHOICE_HEADER}：{name}" for spec in specs for _, name in spec.children)
    why = "同名指标不止一个，应写成 择项权重：层级/指标" if columns else "不是评分方案中可择项的指标"
    return Problem(Position("<header>"), f"择项列“{text}”{why}",
                   f"应为 {listed}" if listed else "评分方案没有可择项的指标，应删去此列")


def header_problems(names: Sequence[tuple[str, Position]], specs: Sequence[ChoicePlan]) -> list[Problem]:
    """A problem at each ``choices.*`` header that names no criterion of a choose: level (names: (column, where))."""
    known = {spec.column(cid): spec for spec in specs for cid, _ in spec.children}
    problems = []
    for name, where in names:
        if is_choice_column(name) and name not in known:
            listed = "、".join(sorted(known)) if known else "评分方案没有可择项的指标，应删去此列"
            problems.append(Problem(where, f"择项列“{name}”不是评分方案中可择项的指标",
                                    f"应为 choices.<层级编号>.<指标编号>：{listed}" if known else listed))
    return problems


def row_rejects(columns: dict[str, np.ndarray], rows: np.ndarray, specs: Sequence[ChoicePlan],
                header_of: Callable[[str], str]) -> list[tuple[int, Reject]]:
    """(record position, reject) of every row whose choice of a choose: level is wrong, first problem per level."""
    found: list[tuple[int, Reject]] = []
    n = len(rows)
    for spec in specs:
        weights = np.full((n, len(spec.children)), np.nan)
        worded: set[int] = set()
        for k, (cid, name) in enumerate(spec.children):
            column = columns.get(spec.column(cid))
            if column is None:
                continue
            if column.dtype != object:
                weights[:, k] = column
                continue
            for position, value in enumerate(column.tolist()):
                if isinstance(value, float):
                    weights[position, k] = value
                elif value is not None:
                    worded.add(position)
                    found.append((position, Reject("metrics", int(rows[position]), header_of(spec.column(cid)),
                                                   _cell(value), f"择项“{spec.name}”中“{name}”的权重"
                                                   f"“{_cell(value)}”不是数值，{WEIGHT_EXPECTED}")))
        for position, message in row_problems(weights, spec).items():
            if position not in worded:
                found.append((position, Reject("metrics", int(rows[position]), f"择项（{spec.name}）", "", message)))
    return found


def _cell(value: Any) -> str:
    return str(value)[:200]
