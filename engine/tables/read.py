"""Open a CSV (UTF-8, UTF-8 with BOM, GB18030), XLSX or Parquet table and read it whole or in chunks.

Every reader yields pandas DataFrames with a ``row`` number per record: for CSV and
XLSX the row as a spreadsheet shows it (the header is row 1, the first record
row 2); for Parquet the 1-based record number. Wholly empty rows are not records.
pandas and pyarrow are imported here, lazily: a single YAML department never pays.
"""

from __future__ import annotations

import codecs

import numpy as np
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import PerfscoreError, Position, Problem

if TYPE_CHECKING:
    from ..rubric.vocabulary import Vocabulary

NA_WORDS = ["", "-", "—", "无数据", "N/A", "NA", "null"]
SNIFF_BYTES = 1 << 16
ENCODINGS = ("utf-8-sig", "gb18030")


TABLE_EXPECTED = "a CSV (UTF-8 or GB18030), XLSX or Parquet table with a header row"


def not_a_table(path: Path, what: str, expected: str = TABLE_EXPECTED) -> PerfscoreError:
    return PerfscoreError(Problem(Position(str(path)), f"不是可读取的表格：{what}", expected))


def detect_encoding(path: Path, forced: str | None = None) -> str:
    """``utf-8-sig`` when the file decodes as UTF-8 (with or without BOM), else GB18030; binary is refused."""
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise PerfscoreError(Problem(Position("--encoding"), f"unknown encoding {forced!r}",
                                         "utf-8, utf-8-sig or gb18030")) from None
        return forced
    with open(path, "rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if not sample.strip():
        raise PerfscoreError(Problem(Position(str(path)), "文件为空", "a header row of metric ids or Chinese labels"))
    if b"\x00" in sample:
        raise not_a_table(path, "含有二进制内容")
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=len(sample) < SNIFF_BYTES)
            return encoding
        except UnicodeDecodeError:
            continue
    raise not_a_table(path, "既不是UTF-8也不是GB18030编码")


@dataclass
class TableFile:
    """One opened input table: its header and a way to read its records."""

    path: Path  # for an in-memory frame, its name (what positions print)
    kind: str  # csv | xlsx | parquet | frame
    header: list[str]
    encoding: str = ""
    sheets: dict[str, Any] | None = None  # XLSX and in-memory frames: every sheet (metric table first), whole
    text_headers: tuple[str, ...] = ()  # columns read as text whatever they look like (names)

    def frames(self, chunk_size: int | None, columns: list[str] | None = None,
               drop_blank: bool = True) -> Iterator[Any]:
        """DataFrames of records (all columns, or ``columns``), each with a ``row`` number column.

        ``drop_blank=False`` keeps rows that are empty in the selected columns (the key pass
        reads a few columns only, and must see every row the full read will see)."""
        if self.kind == "csv":
            frames = self._csv(chunk_size, columns)
        elif self.kind == "parquet":
            frames = self._parquet(chunk_size, columns)
        else:
            frame = self.first_sheet()
            frames = iter([frame if columns is None else frame[columns + ["row"]]])
        for frame in frames:
            yield frame.loc[~_blank_rows(frame)] if drop_blank and columns is None else frame

    def first_sheet(self):
        assert self.sheets is not None
        return next(iter(self.sheets.values()))

    def second_sheet(self):
        assert self.sheets is not None
        frames = list(self.sheets.values())
        return frames[1] if len(frames) > 1 else None

    def _csv(self, chunk_size: int | None, columns: list[str] | None) -> Iterator[Any]:
        # Arrow-backed columns: the parser builds them directly (text columns too), and numbers and text
        # then convert without a Python object per cell. Blank lines are kept (and dropped as blank rows
        # later) so that record k is always line k + 2, the row a spreadsheet shows.
        options: dict[str, Any] = dict(encoding=self.encoding, keep_default_na=False, na_values=NA_WORDS,
                                       usecols=columns, skipinitialspace=True, dtype_backend="pyarrow",
                                       skip_blank_lines=False)
        text = {h: "string[pyarrow]" for h in self.text_headers if columns is None or h in columns}
        for frame in _guard(self.path, self._csv_records(chunk_size, options, text)):
            frame["row"] = frame.index.to_numpy() + 2
            yield frame

    def _csv_records(self, chunk_size: int | None, options: dict[str, Any], text: dict[str, str]) -> Iterator[Any]:
        """Arrow-backed frames, or numpy-backed ones from the first frame pandas cannot put in Arrow (an integer
        beyond 64 bits: pandas raises OverflowError) on; records already yielded are read past, not again."""
        import pandas as pd
        import pyarrow as pa

        def read(options: dict[str, Any]) -> Iterator[Any]:
            return pd.read_csv(self.path, chunksize=chunk_size, dtype=text, **options) if chunk_size else \
                self._whole_csv(options, text)

        done = 0  # records yielded
        try:
            for frame in read(options):
                yield frame
                done += len(frame)
        except (OverflowError, pa.ArrowException):
            for frame in read({k: v for k, v in options.items() if k != "dtype_backend"}):
                if not len(frame) or frame.index[0] >= done:
                    yield frame

    def _whole_csv(self, options: dict[str, Any], text: dict[str, str]) -> Iterator[Any]:
        """The whole CSV (one frame), names as text. Asking the parser for text columns makes it ~30% slower,
        so names are read as they look, and only a column of names that all look like numbers (codes such as
        ``007``) is read again, as text."""
        import pandas as pd

        frame = pd.read_csv(self.path, **options)
        again = [h for h in text if h in frame and not pd.api.types.is_string_dtype(frame[h].dtype)]
        if again:
            names = pd.read_csv(self.path, **{**options, "usecols": again}, dtype={h: text[h] for h in again})
            for header in again:
                frame[header] = names[header]
        yield frame

    def _parquet(self, chunk_size: int | None, columns: list[str] | None) -> Iterator[Any]:
        import pyarrow.parquet as pq

        start = 1
        try:
            handle = pq.ParquetFile(self.path)
            batches = handle.iter_batches(batch_size=chunk_size or max(handle.metadata.num_rows, 1), columns=columns)
            for batch in batches:
                frame = batch.to_pandas()
                frame.index = range(start - 1, start - 1 + len(frame))
                frame["row"] = frame.index + 1
                start += len(frame)
                yield frame
        except Exception as exc:  # damaged pages or metadata fail in Arrow, Thrift or the pandas metadata's JSON
            raise not_a_table(self.path, f"Parquet: {type(exc).__name__}: {exc}") from None


def _guard(path: Path, frames) -> Iterator[Any]:
    import pandas as pd

    try:
        yield from frames
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise not_a_table(path, str(exc).splitlines()[0]) from None


def _blank_rows(frame):
    """Rows with no cell at all (checked in full only where the first column is empty)."""
    data = frame.drop(columns=["row"])
    blank = np.zeros(len(frame), bool)
    if data.shape[1] == 0:
        return blank
    candidates = np.flatnonzero(data.iloc[:, 0].isna().to_numpy())
    if candidates.size:
        blank[candidates] = data.iloc[candidates].isna().all(axis=1).to_numpy()
    return blank


def open_table(path: Path, encoding: str | None = None) -> TableFile:
    """Open ``path`` by its suffix and read its header; refuse empty files and non-tables."""
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise PerfscoreError(Problem(Position(str(path)), "文件为空", "a header row of metric ids or Chinese labels"))
    if suffix in (".csv", ".tsv"):
        return _open_csv(path, encoding)
    if suffix == ".parquet":
        return _open_parquet(path)
    return _open_xlsx(path)


def _open_csv(path: Path, encoding: str | None) -> TableFile:
    import pandas as pd

    chosen = detect_encoding(path, encoding)
    try:
        header = pd.read_csv(path, encoding=chosen, nrows=0).columns
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise not_a_table(path, str(exc).splitlines()[0]) from None
    return TableFile(path, "csv", [str(h) for h in header], chosen)


def _open_parquet(path: Path) -> TableFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise not_a_table(path, f"Parquet: {exc}") from None
    return TableFile(path, "parquet", list(schema.names))


def _open_xlsx(path: Path) -> TableFile:
    import pandas as pd

    try:
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    except Exception as exc:  # a damaged workbook fails anywhere in zipfile, zlib, XML or openpyxl, each its own way
        raise not_a_table(path, f"XLSX: {type(exc).__name__}: {exc}") from None
    if not sheets:
        raise PerfscoreError(Problem(Position(str(path)), "工作簿没有工作表", "a sheet of departments"))
    numbered = {}
    for name, frame in sheets.items():
        frame = frame.loc[:, [not str(c).startswith("Unnamed:") or frame[c].notna().any() for c in frame.columns]]
        frame["row"] = frame.index.to_numpy() + 2
        numbered[name] = frame.loc[~_blank_rows(frame)]
    first = next(iter(numbered.values()))
    return TableFile(path, "xlsx", [str(h) for h in first.columns if h != "row"], sheets=numbered)


def frame_table(frame: Any, name: str = "DataFrame", goals: Any = None, first_row: int = 1,
                vocabulary: Vocabulary | None = None) -> TableFile:
    """An in-memory pandas DataFrame as a table, like a workbook whose sheets are ``frame`` and ``goals``.

    Records are numbered from ``first_row`` (1-based, as in Parquet); the frame is not modified. A column no
    cell of which could be read is an error, not a reject per row (:func:`check_frame_columns`): cells that are
    not scalars (dict, list, set, bytes …) or complex numbers anywhere, and, given the ``vocabulary``, a metric
    column whose dtype cannot hold its kind (dates or booleans for a number) or a year column of non-whole
    numbers or text."""
    import pandas as pd

    def numbered(data: Any, what: str) -> Any:
        if not isinstance(data, pd.DataFrame):
            raise PerfscoreError(Problem(Position(name), f"{what}不是 pandas DataFrame（是 {type(data).__name__}）",
                                         "a pandas DataFrame, one row per department-year"))
        headers = [str(h) for h in data.columns]
        repeated = sorted({h for h in headers if headers.count(h) > 1})
        if repeated or "row" in headers:
            raise PerfscoreError(Problem(Position(name), f"{what}列名重复或保留：{'、'.join(repeated or ['row'])}",
                                         "unique column names other than 'row'"))
        copy = data.set_axis(headers, axis=1).reset_index(drop=True)
        check_frame_columns(copy, name, first_row, vocabulary if not what else None)
        copy["row"] = np.arange(first_row, first_row + len(copy), dtype=np.int64)
        return copy.loc[~_blank_rows(copy)]

    sheets = {name: numbered(frame, "")}
    if goals is not None:
        sheets[f"{name}.goals"] = numbered(goals, "目标表")
    return TableFile(Path(name), "frame", [h for h in sheets[name].columns if h != "row"], sheets=sheets)


NOT_SCALAR = (dict, list, tuple, set, frozenset, bytes, bytearray, memoryview, complex)
# What infer_dtype says of object columns that hold only scalars a cell conversion understands.
SCALAR_INFERRED = frozenset({"string", "integer", "floating", "mixed-integer-float", "boolean", "empty", "decimal",
                             "datetime", "datetime64", "date", "timedelta", "timedelta64", "period", "time"})
NUMBER_KINDS = ("money", "count", "percent", "score")
KIND_WORDS = {"money": "数值", "count": "数值", "percent": "数值", "score": "数值", "date": "日期", "text": "文本",
              "bool": "是/否"}


def check_frame_columns(frame: Any, name: str, first_row: int = 1, vocabulary: Vocabulary | None = None) -> None:
    """Refuse the columns of an in-memory frame whose type no cell conversion can read, naming column and cause."""
    from .columns import HeaderIndex

    index = HeaderIndex(vocabulary) if vocabulary is not None else None
    problems = []
    for position, header in enumerate(frame.columns, start=1):
        spec = index.resolve(header, position) if index is not None else None
        kind = spec.spec.kind if spec is not None and not isinstance(spec, str) and spec.spec is not None else None
        metric = spec.name if kind else None
        cause = _column_cause(frame[header], kind, metric, first_row)
        if cause:
            want = "整数年份（如 2023）" if metric == "year" else KIND_WORDS.get(kind or "", "数值、文本或日期")
            problems.append(Problem(Position(name), f"列“{header}”{cause}，应为{want}",
                                    "a column of int/float numbers, text or dates, one scalar per cell"))
    if problems:
        raise PerfscoreError(problems)


def _column_cause(series: Any, kind: str | None, metric: str | None, first_row: int) -> str | None:
    """Why a whole column cannot be read as ``kind`` (None: it can; single bad cells are left to the rejects)."""
    import pandas as pd

    dtype = series.dtype
    if dtype.kind == "c":
        return f"的类型为 {dtype}（复数）"
    if isinstance(dtype, pd.CategoricalDtype):
        series = pd.Series(dtype.categories)
        dtype = series.dtype
    if dtype == object and pd.api.types.infer_dtype(series, skipna=True) not in SCALAR_INFERRED:
        for offset, cell in enumerate(series.tolist()):
            if isinstance(cell, NOT_SCALAR):
                return f"的类型为 object，第 {first_row + offset} 行的单元格是 {type(cell).__name__}"
    if metric == "year":
        return _year_cause(series, first_row)
    temporal = dtype.kind in "mM" or isinstance(dtype, (pd.PeriodDtype, pd.IntervalDtype))
    if kind in NUMBER_KINDS and (temporal or dtype.kind == "b"):
        return f"的类型为 {dtype}"
    if kind == "date" and temporal and dtype.kind != "M":
        return f"的类型为 {dtype}"
    return None


def _year_cause(series: Any, first_row: int) -> str | None:
    """A year column holds whole numbers (missing cells are rejected row by row, as in a file)."""
    import pandas as pd

    if series.dtype.kind in "iu":
        return None
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if series.dtype.kind != "f" and inferred not in ("integer", "floating", "mixed-integer-float", "empty"):
        return f"的类型为 {series.dtype}（{inferred}）"
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    odd = np.flatnonzero(~np.isnan(values) & (values != np.floor(values)))
    if odd.size:
        return f"含非整数年份 {values[odd[0]]:g}（第 {first_row + int(odd[0])} 行，共 {odd.size} 行）"
    return None


def read_goal_frame(path: Path, encoding: str | None = None):
    """A goal table given with ``--goals``: the first sheet or the whole CSV/Parquet file."""
    table = open_table(path, encoding)
    frames = list(table.frames(None))
    import pandas as pd

    return pd.concat(frames) if len(frames) > 1 else frames[0]
