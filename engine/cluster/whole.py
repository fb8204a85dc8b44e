"""The whole-table steps of a partitioned table, done once across all its partitions (runs on the client).

The single-process run does them in :class:`..tables.source.TableSource` before scoring:
the header is resolved, the key columns (department, region, year and the current-year
columns prior-year values come from) are read for every row, and :class:`..tables.source.KeyPass`
finds the duplicate department-years and each row's previous-year row, wherever it sits.
Here the same key columns are read from every partition (only those columns: a Parquet
dataset reads no other), numbered as one table, and handed to the very same
:class:`KeyPass` and goal matching; each partition is then given its share of the result
(:meth:`WholeTable.share`). Imports perfscore's tables layer; dask lazily.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import PerfscoreError, Position, Problem
from ..rubric.plan import Plan
from ..tables.goals import GoalIndex, load_goals, match_goals
from ..tables.read import frame_table, not_a_table
from ..tables.runner import needed_metrics
from ..tables.source import KeyPass, TableOptions, TableSource

# What a --dask input must be, for the errors that refuse one.
DATASET_EXPECTED = "--dask 应指向 .parquet 文件组成的文件夹（Parquet 数据集）"
# The header check reads the frame's empty meta; "chunked" so that the key pass takes the key columns it is given.
KEY_CHUNK = 1 << 20


@dataclass
class WholeTable:
    """What every partition needs from the whole table: its first row number, its keys' problems, its prior-year
    values and its goal rows."""

    header: TableSource  # the header resolved over the frame's columns (no rows)
    starts: list[int]  # row number of each partition's first record; one more at the end (last row + 1)
    keys: KeyPass
    goals: GoalIndex

    def share(self, partition: int) -> tuple[KeyPass, GoalIndex]:
        """The whole-table steps' results for the rows of one partition."""
        first, stop = self.starts[partition], self.starts[partition + 1]
        return self.keys.between(first, stop), _goals_between(self.goals, first, stop)


def resolve_header(ddf: Any, plan: Plan, name: str) -> TableSource:
    """The frame's header resolved as a table's (unknown or repeated columns are errors); a year column required."""
    criteria = {c.id for c in plan.criteria}
    options = TableOptions(chunk_size=KEY_CHUNK, needed=needed_metrics(plan), choices=plan.choices)
    header = TableSource(frame_table(ddf._meta, name), plan.profile.vocabulary, criteria, options)
    if "year" not in header.columns:
        raise PerfscoreError(Problem(
            Position(name, 1, 0), "Dask 数据表没有评价年度列（year / 评价年度）：分区评分时，上年度数值要从同一部门"
                                  "上一年度的行中取得，排名也按年度进行，二者都需要年度",
            "应有年度列（year / 评价年度），每行一个部门-年度"))
    return header


def whole_table(ddf: Any, plan: Plan, goals: Any, name: str) -> WholeTable:
    """Read every partition's key columns, number the rows as one table, and do the whole-table steps."""
    import pandas as pd

    header = resolve_header(ddf, plan, name)
    headers = [c.header for c in header.key_columns().values()]
    # The goal table is read and normalised on a second thread while the cluster reads the key columns.
    with ThreadPoolExecutor(1, thread_name_prefix="goals") as pool:
        loading = pool.submit(_load_goals, ddf, goals, name)
        frames = _key_columns(ddf, headers, name)
        lengths = [len(frame) for frame in frames]
        starts = np.concatenate([[1], 1 + np.cumsum(lengths, dtype=np.int64)]).tolist()
        keys_frame = pd.concat(frames, ignore_index=True)  # a Dask DataFrame has at least one partition
        keys_frame["row"] = np.arange(1, len(keys_frame) + 1, dtype=np.int64)
        keys = header.key_pass(keys_frame)
        return WholeTable(header, starts, keys, match_goals(loading.result(), keys))


def _key_columns(ddf: Any, headers: list[str], name: str) -> list[Any]:
    """Every partition's key columns (pandas frames), read by the cluster: the first pass over every file, where a
    damaged one is found."""
    import dask
    import pyarrow as pa

    try:
        return list(dask.compute(*ddf[headers].to_delayed()))
    except (OSError, pa.ArrowException) as exc:
        raise not_a_table(Path(name), f"分区无法读取：{type(exc).__name__}: {exc}", DATASET_EXPECTED) from None


def _load_goals(ddf: Any, goals: Any, name: str):
    """The goal table (a pandas DataFrame, or a file as ``--goals`` gives it), read and normalised; None if none."""
    if goals is None:
        return None
    if isinstance(goals, (str, Path)):
        return load_goals(frame_table(ddf._meta, name), Path(goals), None)
    return load_goals(frame_table(ddf._meta, name, goals=goals), None, None)


def _goals_between(goals: GoalIndex, first: int, stop: int) -> GoalIndex:
    """The matched goal rows of metric rows ``first`` … ``stop - 1`` (their rejects stay with the whole table)."""
    low, high = np.searchsorted(goals.target_rows, [first, stop])
    problem = {row: reason for row, reason in goals.problem.items() if first <= row < stop}
    return GoalIndex(goals.target_rows[low:high], goals.rows.take(np.arange(low, high)), problem)
