"""One partition scored on a worker: the single-process run's per-row code over an in-memory frame.

The partition is opened with :func:`..tables.read.frame_table` numbered from its first
row in the whole table, handed its share of the whole-table steps (see :mod:`.whole`),
and scored by :func:`..tables.runner.score_chunks`, as ``runner.run`` scores a table.
Its breakdown goes to a part file of a Parquet dataset (the same
:class:`..tables.breakdown.BreakdownWriter`) or stays in memory as a pandas frame.
Runs in the worker processes: imports pyarrow and pandas, never the client's objects.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..backends import backend
from ..render.data import BREAKDOWN_COLUMNS
from ..rubric.plan import Plan
from ..tables.breakdown import BreakdownWriter, arrow_column
from ..tables.goals import GoalIndex
from ..tables.read import frame_table
from ..tables.rejects import Reject
from ..tables.runner import BatchOptions, Outcome, needed_metrics, score_chunks
from ..tables.source import KeyPass, TableOptions, TableSource


@dataclass(frozen=True)
class PartitionSettings:
    """How every partition of one run is scored, and where its breakdown goes."""

    name: str  # the table's name in positions (the dataset folder, or "DataFrame")
    engine: str = "vector"
    reasons: bool = True
    folder: Path | None = None  # write the breakdown as part files here …
    keep: bool = False  # … or keep it in memory (else: no breakdown)


@dataclass
class PartitionResult:
    """A partition's account: summary parts (ranked later, over all partitions), rejects and counts."""

    parts: list[dict[str, Any]]
    rejects: list[Reject]
    read: int
    scored: int
    breakdown: Any = field(default=None, repr=False)  # pandas DataFrame, when kept in memory

    def account(self) -> "PartitionResult":
        """The same without the breakdown (what the client gathers)."""
        return PartitionResult(self.parts, self.rejects, self.read, self.scored)


def part_name(partition: int) -> str:
    """The breakdown part file of a partition: names sort in partition order, i.e. row order."""
    return f"part.{partition:05d}.parquet"


def score_partition(frame: Any, first_row: int, plan: Plan, done: tuple[KeyPass, GoalIndex],
                    settings: PartitionSettings, partition: int) -> PartitionResult:
    """Score one partition (a pandas DataFrame) whose first record is row ``first_row`` of the whole table."""
    table = frame_table(frame, settings.name, first_row=first_row)
    source = TableSource(table, plan.profile.vocabulary, {c.id for c in plan.criteria},
                         TableOptions(needed=needed_metrics(plan), choices=plan.choices), done=done)
    outcome = Outcome()
    sink: Any = None
    if settings.folder is not None:
        sink = BreakdownWriter(settings.folder / part_name(partition), settings.reasons, has_year=True)
    elif settings.keep:
        sink = FrameSink(settings.reasons)
    try:
        parts = score_chunks(source, plan, _backend(settings.engine), outcome,
                             BatchOptions("parquet", reasons=settings.reasons), sink)
    except BaseException:
        if isinstance(sink, BreakdownWriter):
            sink.close(ok=False)
        raise
    if isinstance(sink, BreakdownWriter):
        sink.close()
    breakdown = sink.frame() if isinstance(sink, FrameSink) else None
    return PartitionResult(parts, outcome.rejects, outcome.read, outcome.scored, breakdown)


class FrameSink:
    """A partition's breakdown kept in memory: the columns the breakdown file holds, text dictionary-encoded
    (pandas categoricals)."""

    def __init__(self, reasons: bool):
        self.names = [n for n in ("row", *BREAKDOWN_COLUMNS, "derived") if n != "reason" or reasons]
        self.tables: list[Any] = []

    def write(self, arrays: dict[str, Any]) -> None:
        import pyarrow as pa

        self.tables.append(pa.table({name: arrow_column(name, arrays[name]) for name in self.names}))

    def frame(self) -> Any:
        import pyarrow as pa

        return pa.concat_tables(self.tables).to_pandas()


def _backend(engine: str) -> Any:
    """The scoring backend by name, as ``--engine`` gives it; rete one evaluation at a time in this process."""
    chosen = backend(engine)
    return _OneAtATime(chosen) if engine == "rete" else chosen


# durable_rules keeps process-wide state: two threads of one worker (Dask's threaded scheduler, or a worker with
# several threads) must not run the rete engine at the same time.
_RETE = threading.Lock()


class _OneAtATime:
    """The rete backend, one evaluation at a time in this process."""

    def __init__(self, backend: Any):
        self.backend = backend

    def evaluate(self, plan: Plan, batch: Any) -> Any:
        with _RETE:
            return self.backend.evaluate(plan, batch)
