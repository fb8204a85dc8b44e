"""The long breakdown (department × criterion) built from result arrays, and its streaming writers.

Columns follow :data:`..render.data.BREAKDOWN_COLUMNS` (``points`` is the criterion's
maximum, ``score`` what was given, ``rule`` the branch taken), plus ``row`` (the
input row) and ``derived`` (where a prior-year input came from). Everything is
assembled column by column (numpy, and pyarrow for text); reasons come from
:mod:`..render.explain_vector` — the :class:`..render.explain.Explainer`'s texts, rendered by template or
once per distinct case — and can be left out (``--no-reasons``) when only numbers are wanted.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_path
from ..render.csvfile import DEFAULT_ENCODING, arrow_csv_bytes, bom, transcode
from ..render import jsontext
from ..render.data import BREAKDOWN_COLUMNS
from ..evaluate.results import Results
from ..rounding import round_quietly

FORMATS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}
# Chunks queued for the encoding thread: two let scoring run ahead while encoding is the slower of the two.
IN_FLIGHT = 2
# Parquet dictionary pages only where they encode faster than plain values (measured on 2.8M rows): every
# text column (all but the reasons arrive dictionary-encoded, and are written without hashing a value), and the
# measured values; rows, years, points and scores come in long runs that plain encoding handles faster.
PARQUET_DICTIONARY = ["dept_name", "criterion_id", "path", "name", "value", "unit", "rule", "reason", "missing",
                      "derived"]
# Columns given as (codes, distinct texts): dictionary-encoded text in Arrow and Parquet.
CODED = ("dept_name", "criterion_id", "path", "name", "unit", "rule", "missing", "derived")
# Columns that never hold a null: declared so, Parquet writes no definition levels for them (a quarter of the
# encoding time) and refuses a chunk that breaks the promise. ``year`` joins them when the table has a year.
NEVER_NULL = frozenset({"row", "criterion_id", "path", "name", "points", "unit", "rule", "missing", "derived"})


def breakdown_columns(results: Results, keep: np.ndarray, derived: list[dict[str, str]],
                      reasons: bool) -> dict[str, np.ndarray]:
    """Column arrays, department-major (all criteria of the first kept department, then the next …)."""
    plan, batch = results.plan, results.batch
    rows = np.flatnonzero(keep)
    criteria = plan.criteria
    count = len(criteria)

    def identity(name: str):
        """One value per department repeated over its criteria: text as codes into the distinct names."""
        import pyarrow as pa

        column = batch.columns.get(name)
        if column is None:
            if name == "year":
                return pa.nulls(len(rows) * count, pa.int64())
            return np.zeros(len(rows) * count, np.int32), [None]
        values = column[rows]
        if values.dtype == object:
            import pandas as pd

            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            codes = np.where(codes < 0, len(uniques), codes).astype(np.int32)
            return _repeat(codes, count), [*uniques.tolist(), None]
        # Scored rows have a whole year (the key pass rejects the others), so this is an integer column.
        blank = _repeat(np.isnan(values), count)
        return pa.array(_repeat(np.nan_to_num(values).astype(np.int64), count), type=pa.int64(), mask=blank)

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

    def per_criterion(texts: list[str]) -> tuple[np.ndarray, list[str]]:
        """One text per criterion as codes into the distinct texts (a dictionary with repeats encodes slowly)."""
        words = list(dict.fromkeys(texts))
        return np.tile(np.array([words.index(t) for t in texts], np.int32), m), words

    out: dict[str, Any] = {
        "row": _repeat(np.asarray(batch.row_numbers, np.int64)[rows], count),
        "dept_name": identity("dept_name"),
        "year": identity("year"),
        "criterion_id": per_criterion([c.id for c in criteria]),
        "path": per_criterion(["/".join(c.path) for c in criteria]),
        "name": per_criterion([c.criterion.name for c in criteria]),
        "points": grid(lambda c, r: np.nan_to_num(r.detail["weight"][rows]) if c.choice else np.full(m, c.points)),
        "score": grid(lambda c, r: r.points[rows]),
        "value": grid(lambda c, r: round_quietly(r.value[rows], 6)),
        "unit": per_criterion([c.unit for c in criteria]),
        "rule": (rule, branch_names),
        "missing": (missing, list(results.reasons.texts)),
    }
    if reasons:
        from ..render.explain_vector import reason_column

        out["reason"] = reason_column(results, rows)
    out["derived"] = _derived(results, rows, derived)
    return out


def _derived(results: Results, rows: np.ndarray, derived: list[dict[str, str]]):
    """Where prior-year inputs came from, per cell (mostly empty): codes into the distinct notes."""
    criteria = results.plan.criteria
    codes = np.zeros(len(rows) * len(criteria), np.int32)
    words: dict[str, int] = {"": 0}
    filled = np.flatnonzero(np.fromiter(map(bool, derived), bool, len(derived)))
    filled = filled[np.isin(filled, rows)]
    for k, i in zip(np.searchsorted(rows, filled).tolist(), filled.tolist()):
        for j, c in enumerate(criteria):
            notes = [f"{name}{text}" for name, text in derived[i].items() if name in c.inputs]
            if notes:
                codes[k * len(criteria) + j] = words.setdefault("；".join(notes), len(words))
    return codes, list(words)


def _repeat(values: np.ndarray, count: int) -> np.ndarray:
    """Each value ``count`` times in a row (``np.repeat``, faster for a small count)."""
    return np.broadcast_to(values[:, None], (len(values), count)).reshape(-1)


class BreakdownWriter:
    """Appends breakdown chunks to a CSV, Parquet or JSON Lines file; replaces the target atomically on close."""

    def __init__(self, path: Path, reasons: bool, has_year: bool = True, encoding: str = DEFAULT_ENCODING):
        self.path = path
        self.encoding = encoding  # of a CSV breakdown (render.csvfile's choice)
        self.kind = FORMATS.get(path.suffix.lower(), "csv")
        self.reasons = reasons
        self.never_null = NEVER_NULL | {"year"} if has_year else NEVER_NULL
        self.schema: Any = None  # pyarrow schema, fixed by the first chunk's column types
        self.manager = atomic_path(path)
        self.temp = self.manager.__enter__()
        self.writer: Any = None
        self.handle: Any = None
        self.pool: Any = None  # ThreadPoolExecutor, made with the first chunk
        self.pending: deque[Any] = deque()  # futures of the chunks being encoded, oldest first
        self.closed = False

    def columns(self) -> list[str]:
        names = ["row", *BREAKDOWN_COLUMNS, "derived"]
        return [n for n in names if n != "reason" or self.reasons]

    def write(self, arrays: dict[str, np.ndarray]) -> None:
        """Queue a chunk: for CSV and Parquet its Arrow conversion and encoding run on a worker thread (Arrow
        releases the GIL), overlapping the next chunks' scoring. At most two chunks are in flight."""
        if self.kind == "jsonl":
            self.handle = self.handle or open(self.temp, "w", encoding="utf-8")
            for record in self._table(arrays).to_pylist():
                self.handle.write(jsontext.compact(record) + "\n")
        else:
            self._submit(arrays)

    def _table(self, arrays: dict[str, np.ndarray]):
        import pyarrow as pa

        columns = [arrow_column(name, arrays[name]) for name in self.columns()]
        if self.schema is None:
            self.schema = pa.schema([pa.field(name, column.type, nullable=name not in self.never_null)
                                     for name, column in zip(self.columns(), columns)])
        return pa.Table.from_arrays(columns, schema=self.schema)

    def _encode(self, arrays: dict[str, np.ndarray]) -> None:
        """Append one chunk to the file (on the worker thread)."""
        table = self._table(arrays)
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            # Min/max statistics only where a reader would skip row groups (elsewhere they cost much and
            # say little), and room for the reasons' dictionary: one text in 14 is distinct, ~5 MB a row group.
            self.writer = self.writer or pq.ParquetWriter(
                self.temp, table.schema, write_statistics=["row", "year"], use_dictionary=PARQUET_DICTIONARY,
                dictionary_pagesize_limit=32 << 20)
            self.writer.write_table(table)
            return
        first = self.handle is None
        if first:
            self.handle = open(self.temp, "wb")
            self.handle.write(bom(self.encoding))
        self.handle.write(arrow_csv_bytes(table, header=first))

    def _submit(self, arrays: dict[str, np.ndarray]) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._wait(IN_FLIGHT - 1)
        self.pool = self.pool or ThreadPoolExecutor(1, thread_name_prefix="breakdown")
        self.pending.append(self.pool.submit(self._encode, arrays))

    def _wait(self, leave: int = 0) -> None:
        """Wait until at most ``leave`` chunks are still being encoded; a failed write is re-raised here."""
        while len(self.pending) > leave:
            self.pending.popleft().result()

    def close(self, ok: bool = True) -> None:
        """Finish the file (``ok``) or drop it; a second close does nothing."""
        if self.closed:
            return
        self.closed = True
        failure: BaseException | None = None
        try:
            self._wait()
            if self.writer is None and self.handle is None and ok:
                self.write({name: (np.zeros(0, np.int32), []) if name in CODED else
                            np.zeros(0, dtype=float if name in ("row", "points", "score", "value") else object)
                            for name in self.columns()})
                self._wait()
        except BaseException as exc:  # a failed write: the target is left as it was
            failure, ok = (exc if ok else None), False
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None
        if self.writer is not None:
            self.writer.close()
        if self.handle is not None:
            self.handle.close()
        if ok and self.kind == "csv":
            transcode(self.temp, self.encoding)
        if ok:
            self.manager.__exit__(None, None, None)
        else:
            self.manager.__exit__(RuntimeError, RuntimeError(), None)
        if failure is not None:
            raise failure


def arrow_column(name: str, values):
    """An Arrow column; (codes, words) pairs become dictionary-encoded text (few distinct words, many rows), a
    None word null cells (Parquet takes no null inside a dictionary)."""
    import pyarrow as pa

    if isinstance(values, pa.Array):
        return values
    if isinstance(values, tuple):
        codes, words = values
        mask = codes == words.index(None) if None in words else None
        return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32(), mask=mask),
                                              pa.array(["" if w is None else w for w in words], pa.string()))

    if name in ("points", "score", "value"):
        values = values.astype(float, copy=False)
        return pa.array(values, pa.float64(), mask=np.isnan(values))
    if name == "row":
        return pa.array(values.astype(np.int64), type=pa.int64())
    if name == "year":
        return pa.array(values, type=pa.int64())
    return pa.array(values, type=pa.string())
