"""Department goal rows (个性指标) in long form: a second sheet of the workbook or ``--goals FILE``.

Columns: department, indicator, target, actual, direction, points (and optionally
region, year, unit, score), as ids or Chinese headers (部门, 指标, 目标值, 实际值, 方向,
分值 …). Each goal row is matched to exactly one department-year row of the metric
table; a goal row that matches none (or several) is rejected, and a department with
a bad goal row is rejected too rather than scored without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import PerfscoreError, Position, Problem
from .inputs import GOAL_DIRECTIONS, GOAL_KEYS, GoalRows, normalise_goal_row
from .reader import suggest
from .table_columns import unique_map
from .units import to_halfwidth

if TYPE_CHECKING:
    from .table_input import Reject, TableSource

GOAL_HEADERS: dict[str, tuple[str, ...]] = {
    "dept_name": ("dept_name", "department", "部门", "部门名称", "部门（单位）名称", "单位名称"),
    "region": ("region", "地区"),
    "year": ("year", "年度", "评价年度"),
    "indicator": ("indicator", "指标", "指标名称", "绩效指标", "三级指标"),
    "target": ("target", "目标值", "指标值", "年度目标值", "目标"),
    "actual": ("actual", "实际值", "实际完成值", "完成值", "实际完成"),
    "direction": ("direction", "方向", "比较方向"),
    "unit": ("unit", "单位", "计量单位"),
    "points": ("points", "分值", "权重", "指标分值"),
    "score": ("score", "得分", "评分"),
}
REQUIRED = ("dept_name", "indicator", "points")
DIRECTION_WORDS = {"不低于": ">=", "不少于": ">=", "大于等于": ">=", "不高于": "<=", "不超过": "<=", "小于等于": "<=",
                   "等于": "=", "": ">="}


class GoalStore(Sequence):
    """Normalised goal rows held column by column; a row's dict is made only when somebody reads it.

    ``target``/``actual`` hold what :func:`.inputs.normalise_goal_row` gives (a number, else the
    words, else None); ``target_number``/``actual_number`` the same as floats (NaN where not a number)
    for the vectorised scoring of :func:`.goals.score_all_rows`."""

    FIELDS = ("indicator", "points", "direction", "unit", "target", "actual", "score", "target_number",
              "actual_number")

    def __init__(self, **columns: np.ndarray):
        for name in self.FIELDS:
            setattr(self, name, columns[name])

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self)))]
        row = {"indicator": self.indicator[k], "points": float(self.points[k]), "direction": self.direction[k],
               "unit": self.unit[k], "target": self.target[k], "actual": self.actual[k]}
        if not np.isnan(self.score[k]):
            row["score"] = float(self.score[k])
        return row

    def take(self, index: np.ndarray) -> "GoalStore":
        return GoalStore(**{name: getattr(self, name)[index] for name in self.FIELDS})


class GoalLists(Sequence):
    """Per department of a chunk its goal rows as a list of dicts (empty list when none), made on demand."""

    def __init__(self, store: GoalStore, starts: np.ndarray, ends: np.ndarray):
        self.store, self.starts, self.ends = store, starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.store[int(self.starts[i]):int(self.ends[i])]


def _empty_store() -> GoalStore:
    empty = np.zeros(0, dtype=object)
    return GoalStore(indicator=empty, points=np.zeros(0), direction=empty, unit=empty, target=empty, actual=empty,
                     score=np.zeros(0), target_number=np.zeros(0), actual_number=np.zeros(0))


@dataclass
class GoalIndex:
    """Normalised goal rows sorted by the metric row they belong to."""

    target_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    rows: GoalStore = field(default_factory=_empty_store)
    problem: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # metric row → (column, value, reason)
    rejects: list["Reject"] = field(default_factory=list)  # goal rows that belong to no department
    read: int = 0

    def for_rows(self, metric_rows: np.ndarray) -> tuple[Sequence, GoalRows]:
        """Per metric row its goal rows, and the chunk's :class:`GoalRows` (department = position in chunk)."""
        starts = np.searchsorted(self.target_rows, metric_rows, "left")
        ends = np.searchsorted(self.target_rows, metric_rows, "right")
        lengths = ends - starts
        total = int(lengths.sum())
        department = np.repeat(np.arange(len(metric_rows), dtype=np.int64), lengths)
        offsets = np.cumsum(lengths) - lengths  # where each department's rows start in the chunk
        picked = np.repeat(starts - offsets, lengths) + np.arange(total, dtype=np.int64)
        chunk = self.rows.take(picked)
        return GoalLists(chunk, offsets, offsets + lengths), GoalRows(department.tolist(), chunk)

    def problems(self) -> list[Problem]:
        return [Problem(Position(r.table, r.row), r.reason) for r in self.rejects]


def _resolve(header: list[str], where: str) -> dict[str, str]:
    names = {alias: key for key, aliases in GOAL_HEADERS.items() for alias in aliases}
    columns: dict[str, str] = {}
    problems = []
    for position, name in enumerate(header, 1):
        key = names.get(to_halfwidth(str(name)).strip()) or names.get(str(name).strip())
        if key is None:
            problems.append(Problem(Position(where, 1, position), f"目标表中的未知列“{name}”",
                                    suggest(str(name), list(names)) or ", ".join(GOAL_KEYS)))
        else:
            columns[key] = str(name)
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        problems.append(Problem(Position(where, 1, 1), f"目标表缺少列：{', '.join(missing)}",
                                "department, indicator, target, actual, direction, points"))
    if problems:
        raise PerfscoreError(problems)
    return columns


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        value = to_halfwidth(value).strip()
        return value or None
    if hasattr(value, "item"):
        return value.item()
    return value


def _cells(frame, column: str | None) -> list[Any]:
    """A column's cells as Python values, None where empty (the key and text columns)."""
    if column is None:
        return [None] * len(frame)
    return unique_map(frame[column], _plain).tolist()


def _numbers(cells: list[Any], strip: str = "") -> np.ndarray:
    """Numbers in the cells (full-width digits, thousands separators and a trailing ``strip`` allowed), else NaN."""
    import pandas as pd

    distinct = list(dict.fromkeys(cells))  # a few thousand distinct cells over many rows: each parsed once
    text = [v.rstrip(strip).replace(",", "") if isinstance(v, str) else v for v in distinct]
    parsed = pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.fromiter(map(dict(zip(distinct, parsed.tolist())).__getitem__, cells), float, count=len(cells))


def _values(cells: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Target/actual cells as :func:`.inputs.normalise_goal_row` gives them (a number, else the words, else None),
    and the numbers alone (NaN where a cell is not one)."""
    numbers = _numbers(cells, "%")
    values = np.array(cells, dtype=object)
    is_number = ~np.isnan(numbers)
    values[is_number] = numbers[is_number].tolist()
    return values, numbers


def _lookup(cells: list[Any], function) -> list[Any]:
    """``function`` of every cell, computed once per distinct cell."""
    table = {cell: function(cell) for cell in set(cells)}
    return list(map(table.__getitem__, cells))


def normalise_goal_frame(frame, columns: dict[str, str], where: str, row_numbers) -> tuple[GoalStore, dict[int, str]]:
    """Every goal row normalised in bulk; rows with a problem → (position → message) via the per-row check."""
    get = {key: _cells(frame, columns.get(key)) for key in GOAL_KEYS}
    points = _numbers(get["points"], "分")
    directions = _lookup(get["direction"], lambda d: GOAL_DIRECTIONS.get(DIRECTION_WORDS.get(d or "", d)))
    score = _numbers(get["score"])
    targets, target_numbers = _values(get["target"])
    actuals, actual_numbers = _values(get["actual"])
    indicator = _lookup(get["indicator"], lambda v: str(v) if v else v)
    bad = np.flatnonzero(np.array([not v for v in indicator], bool) | np.isnan(points) | (points < 0)
                         | np.array([d is None for d in directions], bool))
    problems: dict[int, str] = {}
    for k in bad.tolist():
        found: list[Problem] = []
        raw = {key: values[k] for key, values in get.items() if values[k] is not None}
        raw["direction"] = DIRECTION_WORDS.get(raw.get("direction") or "", raw.get("direction"))
        raw["points"] = float(points[k]) if not np.isnan(points[k]) else raw.get("points")
        normalise_goal_row(raw, Position(where, int(row_numbers[k])), found)
        problems[k] = "；".join(p.message for p in found) or "目标行无法读取"
    store = GoalStore(indicator=np.array(indicator, dtype=object), points=points,
                      direction=np.array(directions, dtype=object),
                      unit=np.array(_lookup(get["unit"], lambda u: str(u or "")), dtype=object),
                      target=targets, actual=actuals, score=score, target_number=target_numbers,
                      actual_number=actual_numbers)
    return store, problems


def read_goals(source: "TableSource", vocabulary) -> GoalIndex:
    """Read, normalise and match the goal table of ``source`` (none → an empty index)."""
    from .table_input import Reject
    from .table_read import read_goal_frame

    if source.options.goals is not None:
        if not source.options.goals.exists():
            raise PerfscoreError(Problem(Position(str(source.options.goals)), "file not found", "--goals FILE"))
        frame, where = read_goal_frame(source.options.goals, source.options.encoding), str(source.options.goals)
    elif source.table.kind == "xlsx" and source.table.second_sheet() is not None:
        frame, where = source.table.second_sheet(), f"{source.path}[{list(source.table.sheets)[1]}]"
    else:
        return GoalIndex()
    columns = _resolve([c for c in frame.columns if c != "row"], where)
    index = GoalIndex(read=len(frame))
    keys = source.keys
    on = ["dept_name"] + (["region"] if keys.has_region and "region" in columns else []) + \
        (["year"] if keys.has_year and "year" in columns else [])
    import pandas as pd

    goal_keys = pd.DataFrame({"goal": np.arange(len(frame))})
    goal_keys["dept_name"] = _cells(frame, columns["dept_name"])
    if "region" in on:
        goal_keys["region"] = [v or "" for v in _cells(frame, columns["region"])]
    if "year" in on:
        goal_keys["year"] = pd.to_numeric(frame[columns["year"]], errors="coerce").to_numpy(float)
    goal_keys["dept_name"] = goal_keys["dept_name"].astype(object)
    merged = goal_keys.merge(keys.keys[on + ["row"]], on=on, how="left")
    counts = merged.groupby("goal")["row"].count().to_numpy()
    target = merged.groupby("goal")["row"].first().to_numpy()
    goal_row_numbers = frame["row"].to_numpy()
    rows, problems = normalise_goal_frame(frame, columns, where, goal_row_numbers)
    flagged = np.zeros(len(rows), bool)
    flagged[list(problems)] = True
    for k in np.flatnonzero((counts != 1) | flagged).tolist():
        row_number = int(goal_row_numbers[k])
        if counts[k] != 1:
            reason = "找不到对应的部门-年度行" if counts[k] == 0 else "对应多个部门-年度行，请加上年度或地区列"
            index.rejects.append(Reject("goals", row_number, "dept_name", str(goal_keys["dept_name"][k]), reason))
            continue
        metric_row = int(target[k])
        index.rejects.append(Reject("goals", row_number, "", "", problems[k]))
        index.problem.setdefault(metric_row, ("goals", "", f"目标表第{row_number}行：{problems[k]}"))
    good = np.flatnonzero((counts == 1) & ~flagged)
    targets_array = target[good].astype(np.int64)
    order = np.argsort(targets_array, kind="stable")
    index.target_rows = targets_array[order]
    index.rows = rows.take(good[order])
    return index
