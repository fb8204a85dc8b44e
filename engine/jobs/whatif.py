"""The whatif task: read one department or a table, score it with the vector backend, and analyse the way to
the target grade (:mod:`..evaluate.whatif`), chunk by chunk for a table; rejected rows are counted, not analysed.

May import: every engine package below ``jobs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


from ..errors import PerfscoreError, Position, Problem
from ..evaluate.results import GRADE_ORDER
from ..evaluate.vector import VectorBackend
from ..evaluate.whatif import analyse, records
from ..inputs.batch import MetricBatch
from ..rubric.plan import Plan


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


def whatif_batch(plan: Plan, batch: MetricBatch, target: str | None) -> list[dict[str, Any]]:
    results = VectorBackend().evaluate(plan, batch)
    depts = records(analyse(results, target))
    errors = results.error_rows()
    return [d for d, bad in zip(depts, errors) if not bad]


def whatif_table(path: Path, plan: Plan, target: str | None, **reading: Any) -> tuple[list[dict[str, Any]], int, int]:
    """(each scored department's record, rows read, rows rejected) of a table file."""
    from ..tables.runner import needed_metrics
    from ..tables.source import TableOptions, TableSource

    source = TableSource(path, plan.profile.vocabulary, {c.id for c in plan.criteria},
                         TableOptions(needed=needed_metrics(plan), **reading,
                                      criteria={c.path_names[-1]: c.id for c in plan.criteria}))
    depts: list[dict[str, Any]] = []
    read = rejected = 0
    first = None
    for chunk in source.chunks():
        read += chunk.read
        rejected += len({r.row for r in chunk.rejects})
        first = first or next((r for r in chunk.rejects if r.table == "metrics"), None)
        if chunk.batch.n:
            results = VectorBackend().evaluate(plan, chunk.batch)
            errors = results.error_rows()
            rejected += int(errors.sum())
            chunk_depts = records(analyse(results, target))
            depts += [d for d, bad in zip(chunk_depts, errors) if not bad]
    if not depts:
        why = (f"全部 {read} 行被拒绝，首个：第 {first.row} 行 {first.column} {first.reason}" if first
               else f"全部 {read} 行无法评分（缺少必需的数据）" if read else "表中没有数据行")
        raise PerfscoreError(Problem(Position(str(path), first.row if first else 0), f"没有可分析的部门：{why}",
                                     "a table with at least one department that can be scored"))
    return depts, read, rejected
