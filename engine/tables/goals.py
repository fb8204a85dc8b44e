"""Department goal rows (个性指标) in long form: a second sheet of the workbook or ``--goals FILE``.

Columns: department, indicator, target, actual, direction, points (and optionally
region, year, unit, score), as ids or Chinese headers (部门, 指标, 目标值, 实际值, 方向,
分值 …). Each goal row is matched to exactly one department-year row of the metric
table; a goal row that matches none (or several) is rejected, and a department with
a bad goal row is rejected too rather than scored without it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ..errors import PerfscoreError, Position, Problem
from ..inputs.batch import GOAL_DIRECTIONS, GOAL_KEYS, GoalRows, normalise_goal_row
from ..rubric.reader import suggest
from .columns import factorize
from .naming import is_skipped, normal, strip_unit
from .rejects import Reject
from ..units import to_halfwidth

if TYPE_CHECKING:
    from pathlib import Path

    from .read import TableFile


class MetricKeys(Protocol):
    """The metric table's department-year keys, as the key pass found them (see :class:`.source.KeyPass`)."""

    rows: np.ndarray  # row numbers of the records with a usable, unique key
    has_region: bool
    has_year: bool
    codes: dict[str, tuple[np.ndarray, list[Any]]]  # key column → (codes per row, the distinct values)

# Goal-table headers; the published self-evaluation tables they were seen in are noted beside them
# (S2 青神县 项目支出绩效自评表 https://www.scqs.gov.cn/info/13206/211004.htm, S6 部门整体绩效自评表
# https://m.yzwku.com/doc/98587.html, S7 寿县 部门整体支出绩效评价自评表
# https://www.shouxian.gov.cn/public/118322758/1259995520.html; sources: in rules/metrics.yaml).
GOAL_HEADERS: dict[str, tuple[str, ...]] = {
    "dept_name": ("dept_name", "department", "部门", "部门名称", "部门（单位）名称", "部门(单位)名称", "单位名称"),
    "region": ("region", "地区"),
    "year": ("year", "年度", "评价年度"),
    "indicator": ("indicator", "指标", "指标名称",  # S6
                  "绩效指标", "三级指标"),  # S2, S7
    "target": ("target", "目标值", "指标值",  # S2
               "年度目标值", "目标", "年初指标值", "年度指标值"),  # S6
    "actual": ("actual", "实际值", "实际完成值", "完成值",  # S2
               "实际完成", "全年完成值", "全年实际值"),  # S6
    "direction": ("direction", "方向", "比较方向"),
    "unit": ("unit", "单位", "计量单位",  # S6
             "度量单位"),  # S2
    "points": ("points", "分值", "权重",  # S2
               "指标分值",  # S7
               "指标权重"),  # S6
    "score": ("score", "得分",  # S2
              "评分", "指标得分"),  # S6
}
# Columns of a goal table that are not goal fields (一级/二级指标 group the rows; 指标性质 says 定量/定性), skipped.
GOAL_SKIPPED = ("一级指标", "二级指标", "指标性质", "指标解释", "评分标准", "指标说明")
REQUIRED = ("dept_name", "indicator", "points")
DIRECTION_WORDS = {"不低于": ">=", "不少于": ">=", "大于等于": ">=", "不高于": "<=", "不超过": "<=", "小于等于": "<=",
                   "等于": "=", "": ">="}


class GoalStore(Sequence):
    """Normalised goal rows held column by column; a row's dict is made only when somebody reads it.

    ``target``/``actual`` hold what :func:`..inputs.batch.normalise_goal_row` gives (a number, else the
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


_GOAL_NAMES = {normal(alias): key for key, aliases in GOAL_HEADERS.items() for alias in aliases}


def goal_key(name: str) -> str | None:
    """The goal-table field a header names (``指标名称`` → indicator), or None."""
    return _GOAL_NAMES.get(normal(name)) or _GOAL_NAMES.get(normal(strip_unit(name)))


def _resolve(header: list[str], where: str, notes: list[dict[str, str]] | None = None) -> dict[str, str]:
    columns: dict[str, str] = {}
    problems = []
    for position, name in enumerate(header, 1):
        key = goal_key(str(name))
        if key is None:
            text = str(name).split("#")[0].strip()
            if not text or is_skipped(text) or normal(text) in {normal(n) for n in GOAL_SKIPPED}:
                continue
            if notes is None:
                problems.append(Problem(Position(where, 1, position), f"目标表中的未知列“{name}”",
                                        suggest(str(name), list(_GOAL_NAMES)) or ", ".join(GOAL_KEYS)))
            else:
                notes.append({"severity": "warning", "message": f"已跳过目标表中未识别的列“{text}”（{where}，第{position}列）"})
        elif key in columns:
            problems.append(Problem(Position(where, 1, position), f"目标表中两列都是{key}：“{columns[key]}”和“{name}”",
                                    "每个目标字段只占一列"))
        else:
            columns[key] = str(name)
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        problems.append(Problem(Position(where, 1, 1), f"目标表缺少列：{', '.join(missing)}",
                                "应有列：部门、指标、指标值、实际完成值、方向、分值（department, indicator, target, actual, direction, points）"))
    if problems:
        raise PerfscoreError(problems)
    return columns


def _plain(value: Any) -> Any:
    if isinstance(value, str):  # the usual cell, so tested first
        return to_halfwidth(value).strip() or None
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


@dataclass
class CellColumn:
    """One goal-table column as codes into its distinct cells (plain Python values); code -1 (empty) picks the
    last cell, which is None."""

    codes: np.ndarray
    cells: list[Any]

    @classmethod
    def read(cls, frame, column: str | None) -> "CellColumn":
        if column is None:
            return cls(np.full(len(frame), -1, np.intp), [None])
        codes, uniques = factorize(frame[column])
        return cls(codes, [_plain(v) for v in uniques] + [None])

    def map(self, function, dtype: Any = object) -> np.ndarray:
        """``function`` of every cell, computed once per distinct cell."""
        distinct = np.empty(len(self.cells), dtype)
        distinct[:] = [function(cell) for cell in self.cells]
        return distinct[self.codes]

    def numbers(self, strip: str = "") -> np.ndarray:
        return _numbers(self.cells, strip)[self.codes]

    def values(self) -> tuple[np.ndarray, np.ndarray]:
        """As :func:`..inputs.batch.normalise_goal_row` gives target/actual: a number, else the words, else None; and the
        numbers alone (NaN where a cell is not one)."""
        numbers = _numbers(self.cells, "%")
        values = np.empty(len(self.cells), object)
        values[:] = [cell if math.isnan(number) else number for cell, number in zip(self.cells, numbers.tolist())]
        return values[self.codes], numbers[self.codes]

    def cell(self, k: int) -> Any:
        return self.cells[self.codes[k]]


def _numbers(cells: list[Any], strip: str = "") -> np.ndarray:
    """Numbers in distinct cells (full-width digits, thousands separators and a trailing ``strip`` allowed), else NaN."""
    import pandas as pd

    text = [v.rstrip(strip).replace(",", "") if isinstance(v, str) else v for v in cells]
    return pd.to_numeric(pd.Series(text, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _direction(word: Any) -> str | None:
    return GOAL_DIRECTIONS.get(DIRECTION_WORDS.get(word or "", word))


def normalise_goal_frame(frame, columns: dict[str, str], where: str, row_numbers) -> tuple[GoalStore, dict[int, str]]:
    """Every goal row normalised in bulk; rows with a problem → (position → message) via the per-row check."""
    get = {key: CellColumn.read(frame, columns.get(key)) for key in GOAL_KEYS}
    points = get["points"].numbers("分")
    directions = get["direction"].map(_direction)
    score = get["score"].numbers()
    targets, target_numbers = get["target"].values()
    actuals, actual_numbers = get["actual"].values()
    indicator = get["indicator"].map(lambda v: str(v) if v else v)
    bad = np.flatnonzero(get["indicator"].map(lambda v: not v, bool) | np.isnan(points) | (points < 0)
                         | get["direction"].map(lambda d: _direction(d) is None, bool))
    problems: dict[int, str] = {}
    for k in bad.tolist():
        found: list[Problem] = []
        raw = {key: column.cell(k) for key, column in get.items() if column.cell(k) is not None}
        raw["direction"] = DIRECTION_WORDS.get(raw.get("direction") or "", raw.get("direction"))
        raw["points"] = float(points[k]) if not np.isnan(points[k]) else raw.get("points")
        normalise_goal_row(raw, Position(where, int(row_numbers[k])), found)
        problems[k] = "；".join(p.message for p in found) or "目标行无法读取"
    store = GoalStore(indicator=indicator, points=points, direction=directions,
                      unit=get["unit"].map(lambda u: str(u or "")), target=targets, actual=actuals, score=score,
                      target_number=target_numbers, actual_number=actual_numbers)
    return store, problems


@dataclass
class LoadedGoals:
    """A goal table read and normalised, not yet matched to the metric table's rows."""

    row_numbers: np.ndarray
    keys: dict[str, CellColumn]  # dept_name, and region and year where the goal table has them
    rows: GoalStore
    problems: dict[int, str]  # position → why the row cannot be used


GOAL_SUFFIXES = (".csv", ".xlsx", ".parquet")


def beside_goals(path: "Path") -> "Path | None":
    """``NAME.goals.csv`` / ``.xlsx`` / ``.parquet`` beside ``NAME.csv`` (as ``perfscore synth`` writes it), if any."""
    for suffix in GOAL_SUFFIXES:
        candidate = path.with_name(f"{path.stem}.goals{suffix}")
        if candidate.is_file():
            return candidate
    return None


def read_goal_frame(path: Path, encoding: str | None = None):
    """A goal table given with ``--goals``: the first sheet or the whole CSV/Parquet file."""
    from .read import HeaderRules, open_table

    rules = HeaderRules(lambda name: goal_key(name) is not None, lambda names: "data")
    table = open_table(path, encoding, rules)
    frames = list(table.frames(None))
    import pandas as pd

    return pd.concat(frames) if len(frames) > 1 else frames[0]


def load_goals(table: "TableFile", goals: "Path | None", encoding: str | None,
               notes: list[dict[str, str]] | None = None) -> LoadedGoals | None:
    """Read and normalise the goal table: ``goals``, else the workbook's goal sheet, else ``NAME.goals.*`` beside
    the input (None when there is none). Which one was used is said in ``notes``.

    It needs only the metric table's header, so it can run while the metric table is converted."""
    said = notes if notes is not None else []
    if goals is not None:
        if not goals.exists():
            raise PerfscoreError(Problem(Position(str(goals)), "找不到目标表文件", "--goals FILE"))
        frame, where = read_goal_frame(goals, encoding), str(goals)
    elif table.kind == "xlsx" and table.goals_sheet:
        frame, where = table.sheets[table.goals_sheet], f"{table.path}:{table.goals_sheet}"
        said.append({"severity": "info", "message": f"目标表（个性指标）取自工作表“{table.goals_sheet}”"})
    elif table.kind == "frame" and table.second_sheet() is not None:
        frame, where = table.second_sheet(), f"{table.path}[{list(table.sheets)[1]}]"
    elif table.kind in ("csv", "xlsx", "parquet") and (found := beside_goals(table.path)) is not None:
        frame, where = read_goal_frame(found, encoding), str(found)
        said.append({"severity": "info", "message": f"目标表（个性指标）取自 {found}"})
    else:
        return None
    import pandas as pd

    columns = _resolve([c for c in frame.columns if c != "row"], where, notes)
    fields = [c for key, c in columns.items() if key not in ("dept_name", "region", "year")]
    if fields:  # rows that name a department and nothing else (a pre-filled template row left empty) are no rows
        frame = frame.loc[frame[fields].notna().any(axis=1).to_numpy()]
    keys = {"dept_name": CellColumn.read(frame, columns["dept_name"])}
    if "region" in columns:
        region = CellColumn.read(frame, columns["region"])
        keys["region"] = CellColumn(region.codes, [v or "" for v in region.cells])
    if "year" in columns:
        years = pd.to_numeric(frame[columns["year"]], errors="coerce").to_numpy(float, na_value=np.nan)
        codes, uniques = pd.factorize(years, use_na_sentinel=True)
        keys["year"] = CellColumn(codes, [*uniques.tolist(), None])
    row_numbers = frame["row"].to_numpy()
    rows, problems = normalise_goal_frame(frame, columns, where, row_numbers)
    return LoadedGoals(row_numbers, keys, rows, problems)


def match_goals(loaded: LoadedGoals | None, keys: MetricKeys) -> GoalIndex:
    """Each goal row to its one department-year row of the metric table; the others rejected."""
    if loaded is None:
        return GoalIndex()
    index = GoalIndex(read=len(loaded.row_numbers))
    on = ["dept_name"] + (["region"] if keys.has_region and "region" in loaded.keys else []) + \
        (["year"] if keys.has_year and "year" in loaded.keys else [])
    counts, target = _match({name: loaded.keys[name] for name in on}, keys)
    rows, problems = loaded.rows, loaded.problems
    flagged = np.zeros(len(rows), bool)
    flagged[list(problems)] = True
    for k in np.flatnonzero((counts != 1) | flagged).tolist():
        row_number = int(loaded.row_numbers[k])
        if counts[k] != 1:
            reason = "找不到对应的部门-年度行" if counts[k] == 0 else "对应多个部门-年度行，请加上年度或地区列"
            index.rejects.append(Reject("goals", row_number, "dept_name", str(loaded.keys["dept_name"].cell(k)),
                                        reason))
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


def _match(goal_keys: dict[str, CellColumn], metric_keys: MetricKeys) -> tuple[np.ndarray, np.ndarray]:
    """Per goal row: how many metric rows share its key (dept_name and, when given, region and year), and the
    first of them (row number; -1 when none). Goal cells are looked up among the metric table's distinct keys."""
    import pandas as pd

    goal_code = np.zeros(len(next(iter(goal_keys.values())).codes), np.int64)
    metric_code = np.zeros(len(metric_keys.rows), np.int64)
    for name, goals in goal_keys.items():
        codes, uniques = metric_keys.codes[name]
        known = {value: k for k, value in enumerate(uniques)}
        in_metrics = np.array([known.get(cell, -1) for cell in goals.cells], np.int64)[goals.codes]
        goal_code = np.where((goal_code < 0) | (in_metrics < 0), -1, goal_code * len(uniques) + in_metrics)
        metric_code = metric_code * len(uniques) + codes
        # keep the joint codes small: renumber over both tables (the metric rows' keys first, so they are
        # 0 … k-1), and a goal key no metric row has is no match
        joint, _ = pd.factorize(np.concatenate([metric_code, goal_code[goal_code >= 0]]))
        metric_code, goal_code[goal_code >= 0] = joint[:len(metric_code)], joint[len(metric_code):]
        goal_code[goal_code > metric_code.max(initial=-1)] = -1
    distinct = int(metric_code.max()) + 1 if len(metric_code) else 0
    counts = np.bincount(metric_code, minlength=distinct)
    first = np.full(distinct + 1, -1, np.int64)  # the extra last slot: goal rows with no match (code -1)
    rows = metric_keys.rows
    first[metric_code[::-1]] = rows[::-1]  # the last write wins: each key's first (smallest) row
    return np.append(counts, 0)[goal_code], first[goal_code]  # the extra 0: no match
