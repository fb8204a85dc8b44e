"""Department goal rows (个性指标) in long form: a second sheet of the workbook or ``--goals FILE``.

Columns: department, indicator, target, actual, direction, points (and optionally
region, year, unit, score), as ids or Chinese headers (部门, 指标, 目标值, 实际值, 方向,
分值 …). Each goal row is matched to exactly one department-year row of the metric
table; a goal row that matches none (or several) is rejected, and a department with
a bad goal row is rejected too rather than scored without it.
"""

from __future__ import annotations

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


@dataclass
class GoalIndex:
    """Normalised goal rows sorted by the metric row they belong to."""

    target_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    rows: list[dict[str, Any]] = field(default_factory=list)
    problem: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # metric row → (column, value, reason)
    rejects: list["Reject"] = field(default_factory=list)  # goal rows that belong to no department
    read: int = 0

    def for_rows(self, metric_rows: np.ndarray) -> tuple[list[list[dict[str, Any]]], GoalRows]:
        """Per metric row its goal rows, and the chunk's :class:`GoalRows` (department = position in chunk)."""
        starts = np.searchsorted(self.target_rows, metric_rows, "left")
        ends = np.searchsorted(self.target_rows, metric_rows, "right")
        lists: list[list[dict[str, Any]]] = [[] for _ in metric_rows]
        goal_rows = GoalRows()
        for position in np.flatnonzero(ends > starts):
            chosen = self.rows[starts[position]:ends[position]]
            lists[position] = chosen
            goal_rows.department.extend([int(position)] * len(chosen))
            goal_rows.rows.extend(chosen)
        return lists, goal_rows

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

    text = [v.rstrip(strip).replace(",", "") if isinstance(v, str) else v for v in cells]
    return pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _values(cells: list[Any]) -> list[Any]:
    """Target/actual cells as :func:`.inputs.normalise_goal_row` gives them: a number, else the words, else None."""
    numbers = _numbers(cells, "%")
    return [float(x) if not np.isnan(x) else v for v, x in zip(cells, numbers)]


def normalise_goal_frame(frame, columns: dict[str, str], where: str, row_numbers) -> tuple[list[dict], dict[int, str]]:
    """Every goal row normalised in bulk; rows with a problem → (position → message) via the per-row check."""
    get = {key: _cells(frame, columns.get(key)) for key in GOAL_KEYS}
    points = _numbers(get["points"], "分")
    directions = [GOAL_DIRECTIONS.get(DIRECTION_WORDS.get(d or "", d)) for d in get["direction"]]
    score = _numbers(get["score"])
    targets, actuals = _values(get["target"]), _values(get["actual"])
    rows: list[dict] = []
    problems: dict[int, str] = {}
    for k, indicator in enumerate(get["indicator"]):
        if not indicator or np.isnan(points[k]) or points[k] < 0 or directions[k] is None:
            found: list[Problem] = []
            raw = {key: values[k] for key, values in get.items() if values[k] is not None}
            raw["direction"] = DIRECTION_WORDS.get(raw.get("direction") or "", raw.get("direction"))
            raw["points"] = float(points[k]) if not np.isnan(points[k]) else raw.get("points")
            normalise_goal_row(raw, Position(where, int(row_numbers[k])), found)
            problems[k] = "；".join(p.message for p in found) or "目标行无法读取"
            rows.append({})
            continue
        row = {"indicator": str(indicator), "points": float(points[k]), "direction": directions[k],
               "unit": str(get["unit"][k] or ""), "target": targets[k], "actual": actuals[k]}
        if not np.isnan(score[k]):
            row["score"] = float(score[k])
        rows.append(row)
    return rows, problems


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
    targets: list[int] = []
    kept: list[dict] = []
    for k, row in enumerate(rows):
        row_number = int(goal_row_numbers[k])
        if counts[k] != 1:
            reason = "找不到对应的部门-年度行" if counts[k] == 0 else "对应多个部门-年度行，请加上年度或地区列"
            index.rejects.append(Reject("goals", row_number, "dept_name", str(goal_keys["dept_name"][k]), reason))
            continue
        metric_row = int(target[k])
        if k in problems:
            index.rejects.append(Reject("goals", row_number, "", "", problems[k]))
            index.problem.setdefault(metric_row, ("goals", "", f"目标表第{row_number}行：{problems[k]}"))
            continue
        targets.append(metric_row)
        kept.append(row)
    index.rows = kept
    order = np.argsort(np.asarray(targets, np.int64), kind="stable")
    index.target_rows = np.asarray(targets, np.int64)[order]
    index.rows = [index.rows[k] for k in order]
    return index
