"""择项 in a department's data: which criteria of a ``choose:`` level it picked, and the weight of each.

A department file gives them under ``choices:`` (the level and the criteria by id or Chinese name)::

    choices:
      效益:                 # a level with choose: {min: 2, max: 3}, 30 points
        社会效益指标: 20
        可持续影响指标: 10

and a table as one column per criterion, ``choices.<level id>.<criterion id>`` (empty: not chosen). Either
way each weight becomes the record's ``choices.<level>.<criterion>`` number, and every department is checked
against its level here, at the edge, so no engine ever scores a bad choice: weights are numbers ≥ 0 that sum
to the level's points (at the profile's precision of points), between ``min`` and ``max`` criteria are
chosen, and each exists under that level. Messages are Chinese and name the level and criteria by name.

Inputs layer: imports numpy, the shared leaves and the rubric plan's :class:`ChoicePlan` only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import Position, Problem
from ..rounding import round_half_up
from ..rubric.plan import CHOICE_PREFIX, ChoicePlan
from ..rubric.reader import suggest
from ..rubric.yamlio import MarkedDict

WEIGHT_EXPECTED = "权重应为不小于 0 的数值（分）"


def _points(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _count_rule(spec: ChoicePlan) -> str:
    return f"{spec.minimum}项" if spec.minimum == spec.maximum else f"{spec.minimum}—{spec.maximum}项"


def _names(spec: ChoicePlan) -> dict[str, str]:
    found = {cid: cid for cid, _ in spec.children}
    for cid, name in spec.children:
        found.setdefault(name, cid)
    return found


def read_choices(raw: Any, where: Position, specs: Sequence[ChoicePlan], problems: list[Problem]) -> dict[str, float]:
    """A department file's ``choices:`` → ``{choices.<level>.<criterion>: weight}``; problems at their positions.

    ``where`` is the position of the ``choices:`` value (or of the file when it is not given: ``raw`` None)."""
    out: dict[str, float] = {}
    given: dict[str, Position] = {}
    broken: set[str] = set()
    if raw is not None and not isinstance(raw, dict):
        problems.append(Problem(where, "择项（choices）应为“指标: {所选指标: 权重}”的映射",
                                "如 choices: {效益: {社会效益指标: 20, 可持续影响指标: 10}}"))
        return out
    levels = {spec.id: spec for spec in specs}
    level_names = {**{spec.name: spec.id for spec in specs}, **{spec.id: spec.id for spec in specs}}
    for key, inner in (raw or {}).items():
        at_key = raw.where(key) if isinstance(raw, MarkedDict) else where
        at_value = raw.where(key, value=True) if isinstance(raw, MarkedDict) else where
        level = level_names.get(str(key).strip())
        if level is None:
            named = "、".join(f"“{spec.name}”" for spec in specs)
            problems.append(Problem(at_key, f"择项中的“{key}”不是评分方案中可择项的指标",
                                    f"应为 {named}" if named else "评分方案没有可择项的指标，应删去 choices"))
            continue
        spec = levels[level]
        if level in given:
            problems.append(Problem(at_key, f"择项“{spec.name}”给出了两次", f"每项只给一次（第一次在第 {given[level].line} 行）"))
            continue
        given[level] = at_value
        said = len(problems)
        if not isinstance(inner, dict):
            problems.append(Problem(at_value, f"择项“{spec.name}”应为“所选指标: 权重”的映射",
                                    f"如 {{{spec.children[0][1]}: {_points(spec.points)}}}"))
        else:
            out.update(_read_level(inner, at_value, spec, problems))
        if len(problems) > said:  # a level already refused is not counted and summed as well
            broken.add(level)
    for spec in specs:
        if spec.id in broken:
            continue
        weights = np.array([[out.get(spec.column(cid), math.nan) for cid, _ in spec.children]])
        message = row_problems(weights, spec).get(0)
        if message is not None:
            problems.append(Problem(given.get(spec.id, where), message, _expected(spec)))
    return out


def _expected(spec: ChoicePlan) -> str:
    return f"选{_count_rule(spec)}，权重合计{_points(spec.points)}分"


def _read_level(inner: dict, where: Position, spec: ChoicePlan, problems: list[Problem]) -> dict[str, float]:
    names = _names(spec)
    out: dict[str, float] = {}
    for key, value in inner.items():
        at_key = inner.where(key) if isinstance(inner, MarkedDict) else where
        at_value = inner.where(key, value=True) if isinstance(inner, MarkedDict) else where
        criterion = names.get(str(key).strip())
        if criterion is None:
            hint = suggest(str(key), [name for _, name in spec.children])
            listed = "、".join(name for _, name in spec.children)
            problems.append(Problem(at_key, f"择项“{spec.name}”中的“{key}”不是“{spec.name}”下的指标",
                                    hint + f"可选：{listed}"))
            continue
        column = spec.column(criterion)
        name = dict(spec.children)[criterion]
        if column in out:
            problems.append(Problem(at_key, f"择项“{spec.name}”中“{name}”给出了两次", "每个指标只给一个权重"))
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            shown = "空" if value is None else f"“{str(value)[:40]}”"
            problems.append(Problem(at_value, f"择项“{spec.name}”中“{name}”的权重为{shown}", WEIGHT_EXPECTED))
            continue
        out[column] = float(value)
    return out


def row_problems(weights: np.ndarray, spec: ChoicePlan) -> dict[int, str]:
    """For each department (a row of ``weights``: one column per child in tree order, NaN where not chosen) whose
    choice for ``spec`` is wrong, what is wrong: {row index: message}. Checked column-wise; only the bad rows are
    put into words."""
    chosen = ~np.isnan(weights)
    given = np.where(chosen, weights, 0.0)
    count = chosen.sum(axis=1)
    negative = (given < 0).any(axis=1)
    total = round_half_up(given.sum(axis=1), spec.decimals)
    wrong_sum = total != round_half_up(spec.points, spec.decimals)
    bad = negative | (count < spec.minimum) | (count > spec.maximum) | wrong_sum
    rule = _count_rule(spec)
    out: dict[int, str] = {}
    for i in np.flatnonzero(bad).tolist():
        if negative[i]:
            names = "、".join(f"“{name}”" for k, (_, name) in enumerate(spec.children) if given[i, k] < 0)
            out[i] = f"择项“{spec.name}”中{names}的权重为负数，{WEIGHT_EXPECTED}"
        elif count[i] == 0:
            out[i] = f"未给出“{spec.name}”的择项：应从其下指标中选{rule}并给出各自的权重"
        elif not spec.minimum <= count[i] <= spec.maximum:
            out[i] = f"“{spec.name}”择项{int(count[i])}项，应选{rule}"
        else:
            out[i] = (f"“{spec.name}”所选指标的权重合计{_points(float(total[i]))}分，应等于该指标的分值"
                      f"{_points(spec.points)}分")
    return out


def choice_columns(spec: ChoicePlan) -> list[str]:
    return [spec.column(cid) for cid, _ in spec.children]


def is_choice_column(name: str) -> bool:
    return name.startswith(CHOICE_PREFIX)
