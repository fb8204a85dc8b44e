"""Many departments from one table: columns → :class:`MetricBatch` chunks, every bad row a :class:`Reject`.

A :class:`TableSource` first reads the whole table's keys (department, region,
year) and the prior-year source columns — the whole-table steps of design §6:
duplicate keys, prior-year values from the previous-year row, and matching goal
rows. Then it yields chunks, each scored independently by the same plan. Columns
are converted vectorised (:mod:`.columns`), once per chunk read, and handed
out in slices; records for scorecards are built lazily, only for the rows somebody
looks at.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator

import numpy as np

from ..calendar import from_day_number
from ..errors import PerfscoreError, Position, Problem
from ..inputs.batch import YEAR_MAX, YEAR_MIN, MetricBatch, quoted, year_problem
from .prior_year import PRIOR_YEAR
from .year_stamp import previous_of
from ..rubric.plan import ChoicePlan
from ..rubric.reader import suggest
from .choice_columns import choice_header, header_problems, row_rejects
from .columns import ColumnSpec, HeaderIndex, convert
from .goals import GoalIndex, load_goals, match_goals
from .rejects import Reject
from .column_map import load_column_map, ready_map
from .headers import HeaderChoice
from .naming import is_skipped, normal
from .read import HeaderRules, TableFile, open_table
from ..rubric.vocabulary import Vocabulary

KEY_METRICS = ("region", "dept_name", "year")


@dataclass
class TableOptions:
    goals: Path | None = None
    encoding: str | None = None
    chunk_size: int | None = None
    needed: frozenset[str] | None = None  # metrics the rubric reads (prior-year filling); None = all
    header: HeaderChoice = field(default_factory=HeaderChoice)  # --header-row, --header-rows, --sheet
    columns: Path | None = None  # --columns map.yaml
    strict: bool = False  # --strict: an unknown column is an error, not a warning
    criteria: dict[str, str] = field(default_factory=dict)  # criterion name → id (a template's assessor sheet)
    choices: tuple[ChoicePlan, ...] = ()  # the profile's choose: levels (择项), each row's choice checked against them


@dataclass
class Chunk:
    batch: MetricBatch
    rejects: list[Reject]
    read: int  # records read in this chunk (scored + rejected)
    derived: list[dict[str, str]] = field(default_factory=list)  # per kept row: metric → where it came from


@dataclass
class TableColumns:
    """A read chunk of the table converted column by column, with the cells that could not be read."""

    rows: np.ndarray  # row number of each record
    columns: dict[str, np.ndarray]
    kinds: dict[str, str]
    bad: np.ndarray  # per record: some cell was rejected
    reject_positions: list[int]
    rejects: list[Reject]

    def reject(self, position: int, reject: Reject) -> None:
        self.bad[position] = True
        self.reject_positions.append(position)
        self.rejects.append(reject)

    @cached_property
    def _by_position(self) -> tuple[np.ndarray, np.ndarray]:
        """(reject indexes ordered by record position, those positions) — made once all cells are read."""
        positions = np.asarray(self.reject_positions, np.int64)
        order = np.argsort(positions, kind="stable")
        return order, positions[order]

    def rejects_between(self, start: int, stop: int) -> list[Reject]:
        """The rejects of records ``start:stop``, in the order they were found."""
        order, positions = self._by_position
        low, high = np.searchsorted(positions, [start, stop])
        return [self.rejects[k] for k in np.sort(order[low:high]).tolist()]


class KeyPass:
    """The whole-table pass: keys, duplicates and prior-year values, indexed by row number.

    ``values`` holds the converted key columns (region, dept_name, year) and the current-year
    columns prior-year values are taken from, one element per record of ``rows``. What is kept:
    the rows with a usable, unique key (``rows``) and, per key column, their codes into the
    column's distinct values (``codes``: region "" where none), for matching the goal table."""

    def __init__(self, rows: np.ndarray, values: dict[str, np.ndarray], fills: dict[str, str]):
        import pandas as pd

        size = int(rows.max()) + 1 if len(rows) else 1
        self.problem: dict[int, tuple[str, str, str]] = {}
        self.has_year = "year" in values
        self.has_region = "region" in values
        names = values.get("dept_name", np.full(len(rows), None, dtype=object))
        region = values["region"] if self.has_region else np.full(len(rows), None, dtype=object)
        year = values["year"].astype(float) if self.has_year else np.zeros(len(rows))
        no_name = pd.isna(names)
        no_year = ~no_name & np.isnan(year)
        with np.errstate(invalid="ignore"):
            odd_year = ~no_name & ~no_year & ((year != np.floor(year)) |
                                              (self.has_year & ((year < YEAR_MIN) | (year > YEAR_MAX))))
        for position in np.flatnonzero(no_name | no_year | odd_year).tolist():
            self.problem[int(rows[position])] = ("dept_name", "", "缺少部门名称") if no_name[position] else \
                ("year", "", "缺少评价年度") if no_year[position] else \
                ("year", f"{year[position]:g}", year_problem(float(year[position])))
        valid = np.flatnonzero(~(no_name | no_year | odd_year))
        # The valid records sorted by department (region and name as one integer), year, then row: the records
        # of one department-year sit together, its first row first, and its previous year just before it.
        valid_year, valid_row = year[valid], rows[valid]
        name_code, name_words = _codes(names[valid])
        region_code, region_words = _codes(region[valid])
        department = name_code * len(region_words) + region_code
        order = np.lexsort((valid_row, valid_year, department))
        department, key_year, key_row = department[order], valid_year[order], valid_row[order]
        starts = np.ones(len(order), bool)
        starts[1:] = (department[1:] != department[:-1]) | (key_year[1:] != key_year[:-1])
        group = np.cumsum(starts) - 1
        repeated = np.bincount(group)[group] > 1
        first_row = key_row[starts][group]
        for row, first in zip(key_row[repeated].tolist(), first_row[repeated].tolist()):
            other = "" if row != first else "（及其后各行）"
            self.problem[row] = ("dept_name", "", f"部门-年度重复：与第{first}行相同{other}，未合并")
        single = ~repeated
        kept = np.sort(order[single])  # positions among the valid records, in row order
        self.rows: np.ndarray = valid_row[kept]
        self.codes: dict[str, tuple[np.ndarray, list[Any]]] = {
            "dept_name": (name_code[kept], name_words),
            "region": (region_code[kept], ["" if word is None else word for word in region_words])}
        if self.has_year:
            year_code, year_words = pd.factorize(valid_year[kept])
            self.codes["year"] = (year_code, year_words.tolist())
        self.fill_value: dict[str, np.ndarray] = {}  # per row number - ``base``: its prior-year value (NaN: none)
        self.fill_from = np.full(size, -1, np.int64)  # per row number - ``base``: the row it came from (-1: none)
        self.base = 0
        if self.has_year and fills:
            department, key_year, key_row = department[single], key_year[single], key_row[single]
            follows = (department[1:] == department[:-1]) & (key_year[1:] == key_year[:-1] + 1)
            self._prior_year(rows, values, fills, size, key_row[1:][follows], key_row[:-1][follows])

    def between(self, first: int, stop: int) -> "KeyPass":
        """What the rows numbered ``first`` … ``stop - 1`` need of this pass (a partition of a larger table): their
        problems and prior-year values. Their key codes (for goal matching, done over the whole table) are left out."""
        part = copy.copy(self)
        part.base = first
        part.problem = {row: problem for row, problem in self.problem.items() if first <= row < stop}
        part.rows = self.rows[(self.rows >= first) & (self.rows < stop)]
        part.codes = {}
        part.fill_from = self.fill_from[first - self.base:stop - self.base]
        part.fill_value = {name: values[first - self.base:stop - self.base] for name, values in self.fill_value.items()}
        return part

    def _prior_year(self, rows: np.ndarray, values: dict[str, np.ndarray], fills: dict[str, str], size: int,
                    target: np.ndarray, origin: np.ndarray) -> None:
        """Rows ``target`` take their prior-year values from rows ``origin`` (the same department, a year before)."""
        self.fill_from[target] = origin
        position = np.zeros(size, np.int64)
        position[rows] = np.arange(len(rows))
        for previous, current in fills.items():
            filled = np.full(size, np.nan)
            filled[target] = values[current][position[origin]]
            self.fill_value[previous] = filled


def _codes(values: np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Per value the code of its distinct value, and those values; code 0 (None) for an empty one."""
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64) + 1, [None, *uniques.tolist()]


_NOTHING_DERIVED: Any = MappingProxyType({})  # shared, read-only: the rows with no prior-year value filled in


class LazyRecords(Sequence):
    """Scorecard records (metric id → value, as a YAML department would give them), built on first use."""

    def __init__(self, columns: dict[str, np.ndarray], kinds: dict[str, str], goals: list[list[dict[str, Any]]],
                 derived: list[dict[str, str]]):
        self.columns, self.kinds, self.goals, self.derived = columns, kinds, goals, derived
        self.n = len(goals)
        self.cache: dict[int, dict[str, Any]] = {}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n))]
        if i not in self.cache:
            self.cache[i] = self.build(i)
        return self.cache[i]

    def build(self, i: int) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for name, column in self.columns.items():
            value = column[i]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            kind = self.kinds.get(name, "")
            if kind == "date":
                record[name] = from_day_number(value).isoformat()
            elif kind == "bool":
                record[name] = bool(value)
            elif kind == "na":
                if value:
                    record[name] = True
            elif isinstance(value, str) or kind == "structured":
                record[name] = value if isinstance(value, str) else float(value)
            else:
                record[name] = int(value) if float(value).is_integer() else float(value)
        if self.goals[i]:
            record["goals"] = self.goals[i]
        if self.derived[i]:
            record["derived"] = self.derived[i]
        return record


class TableSource:
    """An opened, header-checked table whose whole-table steps are done; yields scoreable chunks."""

    def __init__(self, table: Path | TableFile, vocabulary: Vocabulary, known_criteria: set[str] | None,
                 options: TableOptions | None = None, done: tuple[KeyPass, GoalIndex] | None = None):
        """``done``: the whole-table steps (key pass, matched goals) already done over a larger table this one is a
        partition of (engine/cluster); then this table is only converted and cut into chunks."""
        self.options = options or TableOptions()
        self.vocabulary = vocabulary
        self.known_criteria = known_criteria
        self.notes: list[dict[str, str]] = []  # warnings for the person running it ({severity, message})
        self.index = HeaderIndex(vocabulary)
        if isinstance(table, TableFile):  # already open (an in-memory frame): nothing can change under us
            self.path, self.stamp, self.table = table.path, None, table
        else:
            self.path, self.stamp = table, _stamp(table)
            self.table = open_table(table, self.options.encoding, header_rules(self.index, self.options.header))
            self.join_assessor_sheet()
        self.columns = self.resolve_header()
        problems = header_problems([(name, self.table.header_position(c.position)) for name, c in self.columns.items()
                                    if c.kind == "structured"], self.options.choices)
        if problems:
            raise PerfscoreError(problems)
        self.table.text_headers = tuple(c.header for c in self.columns.values()
                                        if c.spec is not None and c.spec.kind == "text")
        self.fills = self.prior_year_fills()
        frame = self.key_frame()
        if done is not None:
            self.whole = None if self.options.chunk_size else self.convert(frame)
            self.keys, self.goals = done
            return
        # The goal table needs only the header: it is read and normalised on a second thread while this one
        # converts the metric table (both mostly single-threaded), then matched to the keys.
        with ThreadPoolExecutor(1, thread_name_prefix="goals") as pool:
            loading = pool.submit(load_goals, self.table, self.options.goals, self.options.encoding, self.notes)
            # Unchunked, the whole table is converted once, here, and kept for the chunks.
            self.whole: TableColumns | None = None if self.options.chunk_size else self.convert(frame)
            self.keys = self.key_pass(frame)
            self.goals: GoalIndex = match_goals(loading.result(), self.keys)

    def resolve_header(self) -> dict[str, ColumnSpec]:
        """Each column's metric. Columns plainly not metrics (序号, 备注 …) are skipped silently, unknown ones with one
        warning each (an error with ``strict``) and a ready-to-edit ``--columns`` map; two columns of one metric,
        or no department column, are errors."""
        index = self.index
        mapping = load_column_map(self.options.columns, index) if self.options.columns is not None else {}
        unit = self.table.layout.money_unit if self.table.layout is not None else None
        labels = self.table.labels or self.table.header
        columns: dict[str, ColumnSpec] = {}
        problems: list[Problem] = []
        skipped: list[tuple[str, str | None]] = []
        for position, (key, label) in enumerate(zip(self.table.header, labels), 1):
            where = self.table.header_position(position)
            text = str(label).strip()
            if normal(text) in mapping:
                metric = mapping[normal(text)]
                if metric is None:
                    continue
                resolved: ColumnSpec | str = index.spec(text, position, metric, unit or "万元")
            elif not text or is_skipped(text):
                continue
            elif (choice := choice_header(text, self.options.choices)) is not None:
                if isinstance(choice, Problem):
                    problems.append(Problem(where, choice.message, choice.expected))
                    continue
                resolved = ColumnSpec(text, position, "structured", choice)
            else:
                resolved = index.resolve(text, position, unit or "万元")
            if not isinstance(resolved, str) and resolved.year is not None:
                stamped = self.stamped(resolved, text, where, unit or "万元")
                if isinstance(stamped, Problem):
                    problems.append(stamped)
                    continue
                resolved = stamped if stamped is not None else "上年的这项数字没有对应的指标"
            if isinstance(resolved, str):
                hint = index.suggest(text)
                if self.options.strict:
                    problems.append(Problem(where, f"未知列“{text}”", resolved))
                    continue
                said = f"，是否指“{hint}”？" if hint else f"：{resolved}" if resolved.startswith("上年") else ""
                self.notes.append({"severity": "warning", "message": f"已跳过未识别的列“{text}”（{where}）{said}"})
                skipped.append((text, hint))
                continue
            resolved = ColumnSpec(key, position, resolved.kind, resolved.name, resolved.spec, resolved.money_unit)
            if resolved.name in columns:
                first = columns[resolved.name]
                first_label = labels[first.position - 1]
                problems.append(Problem(where, f"列“{text}”与第{first.position}列“{first_label}”是同一指标"
                                               f"“{_label(self.vocabulary, resolved.name)}”",
                                        "每个指标只能有一列（删去其中一列，或用 --columns 另行映射）"))
            else:
                columns[resolved.name] = resolved
        if not problems and "dept_name" not in columns:
            problems.append(Problem(self.table.header_position(1), "表中没有部门名称列",
                                    "应有一列“部门名称”（或“单位名称”）"))
        if problems:
            raise PerfscoreError(problems)
        if skipped:
            self.notes.append({"severity": "info", "message": "要读取被跳过的列，可用下面的列映射：\n" + ready_map(skipped)})
        return columns

    def stamped(self, column: ColumnSpec, text: str, where: Position, unit: str) -> ColumnSpec | Problem | None:
        """A column whose header names its year (``2018年决算数``): the current-year metric when that is the table's
        evaluation year, the prior-year metric when it is the year before (None: the figure has none)."""
        reference = self.reference_year
        year = column.year
        if reference is None:
            return Problem(where, f"无法判断列“{text}”是本年还是上年的数：表中有多个评价年度",
                           "一个评价年度一张表，或用 --columns 指明该列的指标")
        if year == reference:
            return self.index.spec(text, column.position, column.name, unit)
        if year == reference - 1:
            previous = previous_of(column.name)
            return self.index.spec(text, column.position, previous, unit) if previous is not None else None
        return Problem(where, f"列“{text}”注明 {year} 年，而表中的评价年度为 {reference} 年",
                       f"{reference} 年（本年）或 {reference - 1} 年（上年）的数，或用 --columns 指明该列的指标")

    @cached_property
    def reference_year(self) -> int | None:
        """The table's one evaluation year (None: several), for headers that name a year: the year column's, else
        the latest year a header names."""
        labels = self.table.labels or self.table.header
        year_keys = [key for key, label in zip(self.table.header, labels) if self.index.lookup(str(label)) == "year"]
        if year_keys:
            frame = next(iter(self.table.frames(None, year_keys[:1], drop_blank=False)))
            values = convert(self.index.spec(year_keys[0], 1, "year"), frame[year_keys[0]]).values.astype(float)
            years = {int(y) for y in values[np.isfinite(values)].tolist() if y == int(y)}
            if len(years) > 1:
                return None
            if years:
                return years.pop()
        stamps = [c.year for label in labels if not isinstance(c := self.index.resolve(str(label), 1), str)
                  and c.year is not None]
        return max(stamps) if stamps else None

    def join_assessor_sheet(self) -> None:
        """A workbook's assessor sheet (评价人评分) becomes the data sheet's ``assessments.*`` columns."""
        if "assessments" not in self.table.extra_sheets or self.table.sheets is None or not self.options.criteria:
            return
        from .assessor import join_assessments

        sheet, frame = self.table.extra_sheets["assessments"]
        data = self.table.sheets[self.table.sheet]
        keys = {m: key for key, label in zip(self.table.header, self.table.labels or self.table.header)
                if (m := self.index.lookup(str(label))) in KEY_METRICS}
        joined = join_assessments(data, sheet, frame, str(self.path), self.options.criteria, keys)
        added = [c for c in joined.columns if c not in data.columns]
        if added:
            self.table.sheets[self.table.sheet] = joined[[c for c in joined.columns if c != "row"] + ["row"]]
            self.table.header = self.table.header + added
            if self.table.labels is not None:
                self.table.labels = self.table.labels + added
            self.notes.append({"severity": "info", "message": f"评价人评分取自工作表“{sheet}”（{len(added)} 列）"})

    def prior_year_fills(self) -> dict[str, str]:
        """previous-year metric → current-year column it is taken from. Without a year column there is no previous
        year to take a value from: the rows still score (one year, unnamed), and the person running it is told once
        which prior-year figures must then be filled in as columns of their own."""
        fills = {}
        for current, previous in PRIOR_YEAR.items():
            if current not in self.columns or previous not in self.vocabulary.metrics:
                continue
            if self.options.needed is None or previous in self.options.needed:
                fills[previous] = current
        if fills and "year" not in self.columns:
            missing = [_label(self.vocabulary, previous) for previous in fills if previous not in self.columns]
            if missing:
                self.notes.append({"severity": "warning", "message":
                                   f"表中没有评价年度列：{'、'.join(f'“{m}”' for m in missing)}无法从同一部门上一年度的行"
                                   "取得，请加上年度列或直接填写这些列"})
            return {}
        return fills

    def key_frame(self):
        """Unchunked, the whole table (read once, here); chunked, only its key and prior-year source columns."""
        if not self.options.chunk_size:
            return next(iter(self.table.frames(None)))
        headers = [c.header for c in self.key_columns().values()]
        frames = list(self.table.frames(max(self.options.chunk_size, 100_000), headers, drop_blank=False))
        import pandas as pd

        return pd.concat(frames) if len(frames) > 1 else frames[0]

    def key_columns(self) -> dict[str, ColumnSpec]:
        return {name: c for name, c in self.columns.items() if name in KEY_METRICS or name in self.fills.values()}

    def key_pass(self, frame) -> KeyPass:
        """Keys and prior-year values from the converted whole table, or (chunked) from the key columns."""
        if self.whole is not None:
            return KeyPass(self.whole.rows, self.whole.columns, self.fills)
        values = {name: convert(column, frame[column.header]).values for name, column in self.key_columns().items()}
        return KeyPass(frame["row"].to_numpy(np.int64), values, self.fills)

    def chunks(self, slice_rows: int | None = None) -> Iterator[Chunk]:
        """The table's chunks (the whole table, or ``--chunk-size`` records at a time), each cut into slices of
        at most ``slice_rows`` records when given: a batch run scores slice by slice so its working memory
        stays small and is reused. Columns are converted once per chunk, then sliced."""
        tables = [self.whole] if self.whole is not None else \
            (self.convert(self.unchanged(frame)) for frame in self.table.frames(self.options.chunk_size))
        for table in tables:
            n = len(table.rows)
            step = min(slice_rows or n, n) or 1
            for start in range(0, max(n, 1), step):
                yield self.chunk(table, start, min(start + step, n))

    def unchanged(self, frame):
        """``frame``, if the file is as it was when opened: a streamed table is read twice (its keys first)."""
        if self.stamp is not None and _stamp(self.path) != self.stamp:
            raise PerfscoreError(Problem(Position(str(self.path)), "文件在读取期间被修改",
                                         "读取期间请勿修改输入文件"))
        return frame

    def convert(self, frame) -> "TableColumns":
        """Every column of ``frame`` converted to its evaluation array; each unreadable cell a reject."""
        rows = frame["row"].to_numpy(np.int64)
        table = TableColumns(rows, {}, {}, np.zeros(len(rows), bool), [], [])
        for name, column in self.columns.items():
            series = frame[column.header]
            if column.kind == "not_applicable":
                for key, values in self.not_applicable(series, table).items():
                    table.columns[key], table.kinds[key] = values, "na"
                continue
            converted = convert(column, series)
            for position, (message, expected) in converted.bad.items():
                table.reject(position, Reject("metrics", int(rows[position]), column.header,
                                              _cell(series.iloc[position]),
                                              _cell(f"{_label(self.vocabulary, name)}：{message}，{expected}")))
            table.columns[name] = converted.values
            table.kinds[name] = "structured" if column.kind == "structured" else column.spec.kind
        for position, reject in row_rejects(table.columns, rows, self.options.choices, self.header_of):
            table.reject(position, reject)
        return table

    def chunk(self, table: "TableColumns", start: int, stop: int) -> Chunk:
        """Records ``start:stop`` of a converted table as a scoreable batch, with the rows' rejects."""
        rows = table.rows[start:stop]
        n = len(rows)
        bad = table.bad[start:stop].copy()
        rejects = table.rejects_between(start, stop)
        columns = {name: values[start:stop] for name, values in table.columns.items()}
        kinds = dict(table.kinds)
        flagged = np.isin(rows, np.fromiter((*self.keys.problem, *self.goals.problem), np.int64))
        for position in np.flatnonzero(flagged).tolist():
            row = rows[position]
            problem = self.keys.problem.get(int(row)) or self.goals.problem.get(int(row))
            if problem:
                bad[position] = True
                column_name, value, reason = problem
                rejects.append(Reject("metrics", int(row), self.header_of(column_name), value, reason))
        derived = self.fill(columns, kinds, rows)
        keep = ~bad
        everything = bool(keep.all())
        kept = columns if everything else {name: values[keep] for name, values in columns.items()}
        kept_rows = rows if everything else rows[keep]
        goal_lists, goal_rows = self.goals.for_rows(kept_rows)
        kept_derived = derived if everything else [d for d, k in zip(derived, keep) if k]
        records = LazyRecords(kept, kinds, goal_lists, kept_derived)
        batch = MetricBatch(kept, len(kept_rows), records, goal_rows, str(self.path), kept_rows.tolist(),
                            records_from_columns=True)
        return Chunk(batch, rejects, n, kept_derived)

    def header_of(self, name: str) -> str:
        """The table's own header of metric ``name`` (a reject names the column as the table does)."""
        column = self.columns.get(name)
        return str(column.header) if column is not None else name

    def fill(self, columns: dict[str, np.ndarray], kinds: dict[str, str], rows: np.ndarray) -> list[dict[str, str]]:
        derived: list[dict[str, str]] = [_NOTHING_DERIVED] * len(rows)  # a dict of its own only where filled
        at = rows - self.keys.base
        source = self.keys.fill_from[at]
        for previous, current in self.fills.items():
            values = columns.get(previous, np.full(len(rows), np.nan))
            candidate = self.keys.fill_value[previous][at]
            take = np.isnan(values) & ~np.isnan(candidate)
            if not take.any():
                continue
            values = np.where(take, candidate, values)
            columns[previous], kinds[previous] = values, self.vocabulary.metrics[previous].kind
            label = self.vocabulary.metrics[current].zh
            for position in np.flatnonzero(take).tolist():
                if derived[position] is _NOTHING_DERIVED:
                    derived[position] = {}
                derived[position][previous] = f"取自第{int(source[position])}行（上年度）的{label}"
        return derived

    def not_applicable(self, series, table: "TableColumns") -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for position, raw in enumerate(series.to_numpy(dtype=object, na_value=None)):
            if raw is None:
                continue
            for criterion in str(raw).replace("、", ",").replace("，", ",").split(","):
                criterion = criterion.strip()
                if not criterion:
                    continue
                if self.known_criteria is not None and criterion not in self.known_criteria:
                    hint = suggest(criterion, self.known_criteria)
                    said = f"，是否指“{hint}”？" if hint else "，应填评分方案中的评分项编号"
                    table.reject(position, Reject("metrics", int(table.rows[position]), str(series.name), _cell(raw),
                                                  _cell(f"不适用项中有评分方案没有的评分项{quoted(criterion)}{said}")))
                    continue
                out.setdefault(f"na.{criterion}", np.zeros(len(table.rows)))[position] = 1.0
        return out

    def rows_read(self) -> int:
        return len(self.keys.problem) + len(self.keys.rows)


def _label(vocabulary: Vocabulary, metric: str) -> str:
    spec = vocabulary.get(metric)
    return spec.zh if spec is not None else metric


def header_rules(index: HeaderIndex, choice: HeaderChoice) -> HeaderRules:
    """How the reader finds the header of a metric table: names the vocabulary or the goal table knows, columns
    plainly not metrics; a sheet is the data sheet when it names a department and a year, the goal sheet when it
    names a department, an indicator and its points."""
    from .goals import goal_key

    from .assessor import FIELDS, is_assessor_header

    @lru_cache(maxsize=4096)
    def known(name: str) -> bool:
        return index.lookup(name) is not None or goal_key(name) is not None or is_skipped(name) or \
            normal(name) in FIELDS

    def sheet_kind(names) -> str | None:
        metrics = {index.lookup(n) for n in names if n}
        goal = {goal_key(n) for n in names if n}
        if is_assessor_header(list(names)):
            return "assessments"
        if {"dept_name", "indicator", "points"} <= goal:
            return "goals"
        if {"dept_name", "year"} <= metrics:
            return "data"
        return None

    return HeaderRules(known, sheet_kind, choice)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


CELL_SHOWN = 200  # characters of a rejected cell the rejects file repeats


def _cell(value: Any) -> str:
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return text if len(text) <= CELL_SHOWN else f"{text[:CELL_SHOWN]}…（共 {len(text)} 个字符）"


def load_table(path: Path, vocabulary: Vocabulary, known_criteria: set[str] | None = None,
               **options: Any) -> MetricBatch:
    """The whole table as one batch; any rejected row is an error (the CLI's batch run reports rejects instead)."""
    source = TableSource(path, vocabulary, known_criteria, TableOptions(**options))
    chunk = next(source.chunks())
    problems = [Problem(Position(str(path), r.row, source.columns[_metric(source, r.column)].position
                                 if _metric(source, r.column) else 0), r.reason) for r in chunk.rejects]
    problems += source.goals.problems()
    if problems:
        raise PerfscoreError(problems)
    return chunk.batch


def _metric(source: TableSource, header: str) -> str | None:
    for name, column in source.columns.items():
        if column.header == header or name == header:
            return name
    return None
