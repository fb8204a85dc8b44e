"""Scoring results as pandas DataFrames: a summary row per department, the long breakdown, the rejects.

One department (a YAML/JSON file, a report, a mapping) and an in-memory table both end
as the frames a table run writes to disk: the summary with :mod:`..tables.runner`'s
columns (``row``, identity, ``total``, ``grade``, ``grade_label``, ``rank``, level
subtotals, self-check), the breakdown as its :class:`..tables.breakdown.BreakdownWriter`
writes it (read back from a temporary Parquet file, so both carry the same columns and
types), the rejects with :data:`..tables.runner.REJECT_COLUMNS`. Chinese column labels for
display come from :func:`column_labels`. pandas is imported here, lazily.

May import: every other package of ``perfscore.engine``; never ``perfscore.api`` or the CLI.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import scratch
from ..evaluate.results import Results
from ..render.csvfile import DEFAULT_ENCODING, arrow_csv_bytes, bom, transcode
from ..rubric.plan import Plan
from ..tables import runner
from ..tables.breakdown import BreakdownWriter, breakdown_columns
from ..tables.rejects import Reject

# Display labels (labels="zh") of the columns that are not metrics or levels.
FIXED_LABELS = {
    "row": "行号", "total": "总分", "grade": "等级", "grade_label": "等级名称", "rank": "排名", "self_score": "自评得分",
    "self_gap": "自评差额", "criterion_id": "指标编号", "path": "指标路径", "name": "指标名称", "points": "分值",
    "score": "得分", "value": "指标值", "unit": "单位", "rule": "评分规则", "reason": "评分理由", "missing": "缺失原因",
    "derived": "推算来源",
}
REJECT_LABELS = {"table": "表", "row": "行号", "column": "列", "value": "值", "reason": "原因"}


def single_summary(results: Results):
    """The one-row summary of a scored single department (or of every row of ``results``)."""
    keep = np.ones(len(results.total), bool)
    return runner.finish_summary([runner.summary_part(results, keep)], results.plan)


def single_breakdown(results: Results, reasons: bool = True):
    """The long breakdown of ``results``' departments, as a table run writes it."""
    keep = np.ones(len(results.total), bool)
    arrays = breakdown_columns(results, keep, [{} for _ in range(len(keep))], reasons)
    with tempfile.TemporaryDirectory(prefix="perfscore-") as folder, scratch():
        target = Path(folder) / "breakdown.parquet"
        writer = BreakdownWriter(target, reasons, "year" in results.batch.columns)
        try:
            writer.write(arrays)
        finally:
            writer.close()
        return read_breakdown(target)


def read_breakdown(path: Path):
    """A breakdown Parquet file as a DataFrame with plain text columns (not categoricals)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    columns = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return pa.Table.from_arrays(columns, names=table.column_names).to_pandas()


def write_breakdown(frame: Any, path: Path, fmt: str, encoding: str = DEFAULT_ENCODING) -> None:
    """A breakdown DataFrame as CSV (written by pyarrow, byte for byte as a table run writes it: text neutralised,
    in ``encoding``) or Parquet."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    else:
        with open(path, "wb") as handle:
            handle.write(bom(encoding))
            handle.write(arrow_csv_bytes(table))
        transcode(path, encoding)


def rejects_frame(rejects: list[Reject]):
    """Rejected rows and cells: ``table``, ``row``, ``column``, ``value``, ``reason``."""
    import pandas as pd

    return pd.DataFrame([(r.table, r.row, r.column, r.value, r.reason) for r in rejects],
                        columns=list(runner.REJECT_COLUMNS)).astype({"row": "int64"})


def column_labels(plan: Plan, columns: list[str], fixed: dict[str, str] = FIXED_LABELS) -> dict[str, str]:
    """Column id → Chinese label: ``fixed`` first, ``level.*`` by the rubric's level names, metrics by the vocabulary."""
    vocabulary = plan.profile.vocabulary
    levels = {"level." + ".".join(level.path): level.name for level in plan.levels}
    labels = {}
    for name in columns:
        metric = vocabulary.metrics.get(name) if vocabulary is not None else None
        labels[name] = fixed.get(name) or levels.get(name) or (metric.zh if metric else name)
    return labels


def run_in_memory(table: Any, plan: Plan, evaluator: Any, goals: Path | None = None, encoding: str | None = None,
                  reasons: bool = True, **reading: Any) -> tuple[runner.Outcome, Any]:
    """Score a whole table (a path or an opened :class:`..tables.read.TableFile`) keeping everything in memory:
    the outcome (counts, rejects, scorecards, summary) and the breakdown DataFrame. ``reading``: the header
    options of :class:`..tables.runner.BatchOptions` (header, columns, strict_columns)."""
    with tempfile.TemporaryDirectory(prefix="perfscore-") as folder, scratch():
        target = Path(folder) / "breakdown.parquet"
        options = runner.BatchOptions("json", None, target, None, goals, encoding, None, reasons, True, **reading)
        outcome = runner.run(table, plan, options, None, evaluator)
        return outcome, read_breakdown(target)
