"""The whatif task: read one department or a table, score it with the vector backend, and analyse the way to
the target grade (:mod:`..evaluate.whatif`), chunk by chunk for a table; rejected rows are counted, not analysed.

May import: every engine package below ``jobs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..errors import PerfscoreError, Position, Problem
from ..evaluate.results import GRADE_ORDER
from ..evaluate.vector import VectorBackend
from ..evaluate.whatif import Whatif, analyse
from ..evaluate.whatif_layout import PairColumns, pair_columns, records
from ..inputs.batch import MetricBatch
from ..rubric.plan import Plan


SLICE = 2_000  # departments laid out as dicts at a time
COLUMN_SLICE = 20_000  # departments laid out as columns at a time (about 12 pairs each)


def target_grade(plan: Plan, target: str | None) -> str | None:
    """The canonical grade ``target`` names (优 or its label 优秀 …); an error naming the profile's grades."""
    if target is None:
        return None
    lowest = False
    for band in plan.profile.grades:
        if target.strip() in (band.grade, band.label):
            if band.grade != GRADE_ORDER[-1]:
                return band.grade
            lowest = True
    offered = "、".join(b.label if b.label == b.grade else f"{b.grade}（{b.label}）"
                        for b in plan.profile.grades if b.grade != GRADE_ORDER[-1])
    what = "是最低等级，不能作为目标" if lowest else "不是该方案的等级"
    raise PerfscoreError(Problem(Position("--target"), f"没有可作为目标的等级“{target}”：“{target}”{what}"
                                 f"（评分方案“{plan.profile.name}”）", f"目标等级之一：{offered}"))


def whatif_batch(plan: Plan, batch: MetricBatch, target: str | None) -> "TableWhatif":
    """The departments of ``batch`` analysed (those a criterion with missing policy ``error`` stops are rejected)."""
    results = VectorBackend().evaluate(plan, batch)
    errors = results.error_rows()
    return TableWhatif([(analyse(results, target), ~errors)], batch.n, int(errors.sum()))


@dataclass
class TableWhatif:
    """A table analysed chunk by chunk: each chunk's analysis with the departments it gives (the rows scored);
    :meth:`slices` lays them out as plain dicts a slice of departments at a time."""

    parts: list[tuple[Whatif, np.ndarray]] = field(default_factory=list)
    read: int = 0
    rejected: int = 0

    @property
    def departments(self) -> int:
        return sum(int(keep.sum()) for _, keep in self.parts)

    def slices(self, size: int = SLICE) -> Iterator[list[dict[str, Any]]]:
        for analysis, part in self._parts(size):
            yield records(analysis, part)

    def columns(self, size: int = COLUMN_SLICE) -> Iterator[PairColumns]:
        """The departments' criteria with points open as columns, ``size`` departments at a time."""
        for analysis, part in self._parts(size):
            yield pair_columns(analysis, part)

    def _parts(self, size: int) -> Iterator[tuple[Whatif, np.ndarray]]:
        for analysis, keep in self.parts:
            for start in range(0, len(keep), size):
                part = np.zeros(len(keep), bool)
                part[start:start + size] = keep[start:start + size]
                if part.any():
                    yield analysis, part


def whatif_table(path: Path, plan: Plan, target: str | None, **reading: Any) -> TableWhatif:
    """Every scored department of a table file analysed, with the rows read and rejected."""
    from ..tables.runner import needed_metrics
    from ..tables.source import TableOptions, TableSource

    source = TableSource(path, plan.profile.vocabulary, {c.id for c in plan.criteria},
                         TableOptions(needed=needed_metrics(plan), **reading,
                                      criteria={c.path_names[-1]: c.id for c in plan.criteria}))
    table = TableWhatif()
    first = None
    for chunk in source.chunks():
        table.read += chunk.read
        table.rejected += len({r.row for r in chunk.rejects})
        first = first or next((r for r in chunk.rejects if r.table == "metrics"), None)
        if chunk.batch.n:
            results = VectorBackend().evaluate(plan, chunk.batch)
            errors = results.error_rows()
            table.rejected += int(errors.sum())
            table.parts.append((analyse(results, target), ~errors))
    if not table.departments:
        read = table.read
        why = (f"全部 {read} 行被拒绝，首个：第 {first.row} 行 {first.column} {first.reason}" if first
               else f"全部 {read} 行无法评分（缺少必需的数据）" if read else "表中没有数据行")
        raise PerfscoreError(Problem(Position(str(path), first.row if first else 0), f"没有可分析的部门：{why}",
                                     "至少有一个可评分部门的数据表"))
    return table
