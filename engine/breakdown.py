"""The long breakdown (department × criterion) built from result arrays, and its streaming writers.

Columns follow :data:`.render_data.BREAKDOWN_COLUMNS` (``points`` is the criterion's
maximum, ``score`` what was given, ``rule`` the branch taken), plus ``row`` (the
input row) and ``derived`` (where a prior-year input came from). Everything but the
reason text is assembled with numpy; reasons come from :class:`.explain.Explainer`,
one per cell, and can be left out (``--no-reasons``) when only numbers are wanted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .atomic import atomic_path
from .render_data import BREAKDOWN_COLUMNS
from .results import Results

FORMATS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}


def breakdown_columns(results: Results, keep: np.ndarray, derived: list[dict[str, str]],
                      reasons: bool) -> dict[str, np.ndarray]:
    """Column arrays, department-major (all criteria of the first kept department, then the next …)."""
    plan, batch = results.plan, results.batch
    rows = np.flatnonzero(keep)
    criteria = plan.criteria
    count = len(criteria)

    def identity(name: str) -> np.ndarray:
        column = batch.columns.get(name)
        if column is None:
            return np.full(len(rows) * count, None, dtype=object)
        values = column[rows]
        if values.dtype != object:
            values = np.where(np.isnan(values), None, values.astype(object))
            values = np.array([None if v is None else int(v) if float(v).is_integer() else v for v in values],
                              dtype=object)
        return np.repeat(values, count)

    def grid(make) -> np.ndarray:
        return np.stack([make(c, results.criteria[c.index]) for c in criteria], axis=1).ravel()

    m = len(rows)
    branch_names = sorted({b for c in criteria for b in c.branches})
    branch_code = {b: k for k, b in enumerate(branch_names)}
    missing_code = branch_code["missing"]

    def branches(c, r) -> np.ndarray:
        return np.array([branch_code[b] for b in c.branches], np.int32)[r.branch[rows]]

    rule = grid(branches)
    missing = np.where(rule == missing_code, grid(lambda c, r: r.why[rows].astype(np.int32)), 0)
    out: dict[str, Any] = {
        "row": np.repeat(np.asarray(batch.row_numbers, np.int64)[rows], count),
        "dept_name": identity("dept_name"),
        "year": identity("year"),
        "criterion_id": (np.tile(np.arange(count, dtype=np.int32), m), [c.id for c in criteria]),
        "path": (np.tile(np.arange(count, dtype=np.int32), m), ["/".join(c.path) for c in criteria]),
        "name": (np.tile(np.arange(count, dtype=np.int32), m), [c.criterion.name for c in criteria]),
        "points": np.tile(np.array([c.points for c in criteria], float), m),
        "score": grid(lambda c, r: r.points[rows]),
        "value": grid(lambda c, r: np.round(r.value[rows], 6)),
        "unit": (np.tile(np.arange(count, dtype=np.int32), m), [c.unit for c in criteria]),
        "rule": (rule, branch_names),
        "missing": (missing, list(results.reasons.texts)),
    }
    if reasons:
        from .explain import Explainer

        explainer = Explainer(results)
        out["reason"] = np.array([explainer.reason(c, i) for i in rows for c in criteria], dtype=object)
    out["derived"] = _derived(results, rows, derived)
    return out


def _derived(results: Results, rows: np.ndarray, derived: list[dict[str, str]]) -> np.ndarray:
    criteria = results.plan.criteria
    out = np.full(len(rows) * len(criteria), "", dtype=object)
    for k, i in enumerate(rows):
        if i < len(derived) and derived[i]:
            for j, c in enumerate(criteria):
                notes = [f"{name}{text}" for name, text in derived[i].items() if name in c.inputs]
                if notes:
                    out[k * len(criteria) + j] = "；".join(notes)
    return out


class BreakdownWriter:
    """Appends breakdown chunks to a CSV, Parquet or JSON Lines file; replaces the target atomically on close."""

    def __init__(self, path: Path, reasons: bool):
        self.path = path
        self.kind = FORMATS.get(path.suffix.lower(), "csv")
        self.reasons = reasons
        self.manager = atomic_path(path)
        self.temp = self.manager.__enter__()
        self.writer: Any = None
        self.handle: Any = None

    def columns(self) -> list[str]:
        names = ["row", *BREAKDOWN_COLUMNS, "derived"]
        return [n for n in names if n != "reason" or self.reasons]

    def write(self, arrays: dict[str, np.ndarray]) -> None:
        import pyarrow as pa

        table = pa.table({name: _arrow(name, arrays[name]) for name in self.columns()})
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            self.writer = self.writer or pq.ParquetWriter(self.temp, table.schema)
            self.writer.write_table(table)
        elif self.kind == "csv":
            import pyarrow.csv as pcsv

            table = pa.table({n: c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c
                              for n, c in zip(table.column_names, table.columns)})
            self.writer = self.writer or pcsv.CSVWriter(self.temp, table.schema)
            self.writer.write_table(table)
        else:
            import json

            self.handle = self.handle or open(self.temp, "w", encoding="utf-8")
            for record in table.to_pylist():
                self.handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self, ok: bool = True) -> None:
        if self.writer is None and self.handle is None and ok:
            self.write({name: np.zeros(0, dtype=float if name in ("row", "points", "score", "value") else object)
                        if name not in ("criterion_id", "path", "name", "unit", "rule", "missing")
                        else (np.zeros(0, np.int32), []) for name in self.columns()})
        if self.writer is not None:
            self.writer.close()
        if self.handle is not None:
            self.handle.close()
        if ok:
            self.manager.__exit__(None, None, None)
        else:
            self.manager.__exit__(RuntimeError, RuntimeError(), None)


def _arrow(name: str, values):
    """An Arrow column; (codes, words) pairs become dictionary-encoded text (few distinct words, many rows)."""
    import pyarrow as pa

    if isinstance(values, tuple):
        codes, words = values
        return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(words, pa.string()))

    if name in ("points", "score", "value"):
        return pa.array(values.astype(float), type=pa.float64(), from_pandas=True)
    if name == "row":
        return pa.array(values.astype(np.int64), type=pa.int64())
    if name == "year":
        return pa.array(values, type=pa.int64() if all(v is None or isinstance(v, int) for v in values) else None)
    return pa.array(values, type=pa.string())
