"""Open a CSV (UTF-8, UTF-8 with BOM, GB18030), XLSX or Parquet table and read it whole or in chunks.

Every reader yields pandas DataFrames with a ``row`` number per record: for CSV and
XLSX the row as a spreadsheet shows it (the header is row 1, the first record
row 2); for Parquet the 1-based record number. Wholly empty rows are not records.
pandas and pyarrow are imported here, lazily: a single YAML department never pays.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from ..zipguard import XLSX, check_package
from ..errors import PerfscoreError, Position, Problem
from ..render.template_xlsx import SHEETS as TEMPLATE_NAMES, TEMPLATE_KEYWORD
from .headers import SCAN_ROWS, HeaderChoice, HeaderLayout, check_merges, detect

if TYPE_CHECKING:
    from ..rubric.vocabulary import Vocabulary

NA_WORDS = ["", "-", "—", "无数据", "N/A", "NA", "null"]
SNIFF_BYTES = 1 << 16
ENCODINGS = ("utf-8-sig", "gb18030")


TABLE_EXPECTED = "应为带表头行的 CSV（UTF-8 或 GB18030）、XLSX 或 Parquet 表"


def not_a_table(path: Path, what: str, expected: str = TABLE_EXPECTED) -> PerfscoreError:
    return PerfscoreError(Problem(Position(str(path)), f"不是可读取的表格：{what}", expected))


def detect_encoding(path: Path, forced: str | None = None) -> str:
    """``utf-8-sig`` when the file decodes as UTF-8 (with or without BOM), else GB18030; binary is refused."""
    if forced:
        try:
            info = codecs.lookup(forced)
        except LookupError:
            raise PerfscoreError(Problem(Position("--encoding"), f"未知的编码 {forced!r}",
                                         "应为 utf-8、utf-8-sig 或 gb18030")) from None
        if not getattr(info, "_is_text_encoding", True):
            raise PerfscoreError(Problem(Position("--encoding"), f"{forced} 不是文本编码",
                                         "应为 utf-8、utf-8-sig 或 gb18030"))
        return forced
    with open(path, "rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    if not sample.strip():
        raise PerfscoreError(Problem(Position(str(path)), "文件为空", "应有一行表头：指标编号或中文名称"))
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
    sheets: dict[str, Any] | None = None  # XLSX and in-memory frames: the data sheet, then the goal sheet, whole
    text_headers: tuple[str, ...] = ()  # columns read as text whatever they look like (names)
    layout: HeaderLayout | None = None  # where the header was found (CSV, XLSX)
    labels: list[str] | None = None  # the header names as found, where ``header`` (the frame keys) differs
    sheet: str = ""  # XLSX: the data sheet's name
    goals_sheet: str = ""  # XLSX: the goal sheet's name, when one was found by its content
    extra_sheets: dict[str, Any] = field(default_factory=dict)  # XLSX: other sheets found by content (assessments)

    def where(self, row: int, column: int) -> Position:
        """The position of a 0-based grid cell of the data sheet (``file:line:col`` or ``file:sheet!B3``)."""
        if self.kind == "xlsx":
            from .headers import column_letter

            return Position(f"{self.path}:{self.sheet}!{column_letter(column)}{row + 1}")
        return Position(str(self.path), row + 1, column + 1)

    def header_position(self, column: int) -> Position:
        """Where the header of column ``column`` (1-based) is."""
        last = self.layout.data_start - 1 if self.layout is not None else 0
        return self.where(last, column - 1)

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
                                       skip_blank_lines=False, index_col=False)
        start = self.layout.data_start if self.layout is not None else 1
        if self.labels is not None:  # a header found below the first line, over two rows, or with blank names
            options.update(header=None, names=self.header, skiprows=start)
        text = {h: "string[pyarrow]" for h in self.text_headers if columns is None or h in columns}
        with warnings.catch_warnings():
            warnings.simplefilter("error", _parser_warning())
            for frame in _guard(self.path, self._csv_records(chunk_size, options, text), self.encoding):
                frame["row"] = frame.index.to_numpy() + start + 1
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


def _parser_warning() -> type[Warning]:
    import pandas as pd

    return pd.errors.ParserWarning


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _guard(path: Path, frames, encoding: str = "utf-8") -> Iterator[Any]:
    import pandas as pd

    try:
        yield from frames
    except pd.errors.ParserWarning:  # a row with one field more than the header: pandas would drop it quietly
        raise _extra_fields(path, encoding) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        found = _FIELDS.search(str(exc))
        if found:
            fields, line, saw = (int(g) for g in found.groups())
            raise PerfscoreError(Problem(Position(str(path), line, fields + 1),
                                         f"第{line}行有{saw}个字段，而表头只有{fields}列",
                                         "每行的字段数不多于表头的列数（检查多余的逗号或未加引号的逗号）")) from None
        raise not_a_table(path, str(exc).splitlines()[0]) from None


def _extra_fields(path: Path, encoding: str) -> PerfscoreError:
    """The first line with more fields than the header line (found again with the csv module)."""
    import csv

    with open(path, encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, skipinitialspace=True)
        width = None
        for row in reader:
            if width is None:
                width = len(row) if any(row) else None
                continue
            if len(row) > width:
                line = reader.line_num
                return PerfscoreError(Problem(Position(str(path), line, width + 1),
                                              f"第{line}行有{len(row)}个字段，而表头只有{width}列",
                                              "每行的字段数不多于表头的列数（检查多余的逗号或未加引号的逗号）"))
    return not_a_table(path, "有的行字段数多于表头")


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


@dataclass(frozen=True)
class HeaderRules:
    """What the reader needs to know to find a header: which column names are understood, and what kind of
    sheet a header makes (``data``: a department and a year column; ``goals``: a goal table), plus the
    user's overrides."""

    known: Callable[[str], bool]
    sheet_kind: Callable[[Sequence[str]], str | None]
    choice: HeaderChoice = HeaderChoice()


PLAIN_RULES = HeaderRules(lambda name: bool(name), lambda names: "data")


def open_table(path: Path, encoding: str | None = None, rules: HeaderRules | None = None) -> TableFile:
    """Open ``path`` by its suffix and find its header; refuse empty files and non-tables."""
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise PerfscoreError(Problem(Position(str(path)), "文件为空", "应有一行表头：指标编号或中文名称"))
    rules = rules or PLAIN_RULES
    if suffix in (".csv", ".tsv"):
        return _open_csv(path, encoding, rules)
    if suffix == ".parquet":
        return _open_parquet(path)
    return open_workbook(path, rules)


def unique_keys(names: Sequence[str]) -> list[str]:
    """Frame column keys for header names: the name itself, or ``name#N`` (N: the column number) for an empty
    or repeated one."""
    return [name if name and names.count(name) == 1 else f"{name}#{position}"
            for position, name in enumerate(names, start=1)]


def _open_csv(path: Path, encoding: str | None, rules: HeaderRules) -> TableFile:
    import pandas as pd

    chosen = detect_encoding(path, encoding)
    grid = _first_lines(path, chosen)
    layout = detect(grid, (), rules.known, rules.choice, lambda r, c: Position(str(path), r + 1, c + 1))
    if layout.simple and rules.choice.rows is None:
        try:
            header = pd.read_csv(path, encoding=chosen, nrows=0, skipinitialspace=True).columns
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as exc:
            raise not_a_table(path, str(exc).splitlines()[0]) from None
        names = [str(h) for h in header]
        if names == unique_keys(names):
            return TableFile(path, "csv", names, chosen, layout=layout)
    names = list(layout.names)
    return TableFile(path, "csv", unique_keys(names), chosen, layout=layout, labels=names)


def _first_lines(path: Path, encoding: str) -> list[list[str]]:
    """The first rows of a CSV file (as far as its first 64 KiB go), parsed; a text encoding is checked here."""
    with open(path, "rb") as handle:
        sample = handle.read(SNIFF_BYTES)
    try:
        text = codecs.getincrementaldecoder(encoding)(errors="strict").decode(sample, final=len(sample) < SNIFF_BYTES)
    except UnicodeError:  # a decode error, or a UTF-16/32 text without its byte-order mark
        raise not_a_table(path, f"不是 {encoding} 编码的文本", "--encoding matching the file (utf-8, gb18030 …)") from None
    except TypeError:  # a codec that does not turn bytes into text (rot13, base64 …)
        raise PerfscoreError(Problem(Position("--encoding"), f"{encoding} 不是文本编码",
                                     "应为 utf-8、utf-8-sig 或 gb18030")) from None
    lines = text.splitlines()
    if len(sample) == SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    import csv

    return [row for row in csv.reader(lines[:SCAN_ROWS], skipinitialspace=True)]


def _open_parquet(path: Path) -> TableFile:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise not_a_table(path, f"Parquet: {exc}") from None
    return TableFile(path, "parquet", list(schema.names))


TEMPLATE_SHEETS = TEMPLATE_NAMES[1:]  # the sheets a filled template must still have (the instructions may go)
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def open_workbook(path: Path, rules: HeaderRules) -> TableFile:
    """An XLSX workbook, read once (openpyxl's streaming reader, values only): the data sheet and the goal sheet
    found by their content (``--sheet`` names the data sheet), each from its detected header down."""
    import openpyxl

    check_package(path, XLSX)  # a zip bomb is refused before openpyxl unpacks anything
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook fails anywhere in zipfile, zlib, XML or openpyxl, each its own way
        raise not_a_table(path, f"XLSX: {type(exc).__name__}: {exc}") from None
    try:
        return _read_book(path, book, rules)
    except PerfscoreError:
        raise
    except Exception as exc:
        raise not_a_table(path, f"XLSX: {type(exc).__name__}: {exc}") from None
    finally:
        book.close()


def _read_book(path: Path, book: Any, rules: HeaderRules) -> TableFile:
    names = list(book.sheetnames)
    if not names:
        raise PerfscoreError(Problem(Position(str(path)), "工作簿没有工作表", "应有一张部门数据工作表"))
    if TEMPLATE_KEYWORD in (book.properties.keywords or "") and rules.choice.sheet is None:
        missing = [name for name in TEMPLATE_SHEETS if name not in names]
        if missing:
            raise PerfscoreError(Problem(Position(f"{path}:{missing[0]}!A1"),
                                         f"模板的工作表“{'、'.join(missing)}”被改名或删除（现有：{'、'.join(names)}）",
                                         f"模板的工作表 {'、'.join(TEMPLATE_SHEETS)}，或用 --sheet NAME 指定"))
    wanted = rules.choice.sheet
    if wanted is not None and wanted not in names:
        raise PerfscoreError(Problem(Position("--sheet"), f"工作簿中没有工作表“{wanted}”", f"应为 {'、'.join(names)} 之一"))
    found: dict[str, tuple[str, HeaderLayout, list[tuple]]] = {}  # kind → (sheet, layout, rows)
    first_error: PerfscoreError | None = None
    for name in ([wanted] + [n for n in names if n != wanted]) if wanted else names:
        sheet = book[name]
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        where = _cell_position(path, name)
        choice = rules.choice if wanted in (None, name) else HeaderChoice()
        merged = _merged_ranges(sheet)
        try:
            layout = detect(rows, merged, rules.known, choice, where)
        except PerfscoreError as error:
            if wanted == name:
                raise
            first_error = first_error or error
            continue
        kind = "data" if wanted == name else rules.sheet_kind(layout.names)
        if kind == "data" and wanted is not None and wanted != name:
            continue
        if kind and kind not in found:
            check_merges(merged, layout, where)
            found[kind] = (name, layout, rows)
    if "data" not in found:
        if first_error is not None and not found:
            raise first_error
        raise PerfscoreError(Problem(Position(f"{path}:{names[0]}!A1"),
                                     "工作簿中找不到数据表（有部门名称列和年度列的工作表）",
                                     "应有一张表头含部门名称和年度的工作表，或用 --sheet NAME 指定"))
    sheet_name, layout, rows = found["data"]
    frame, keys, labels = _sheet_frame(rows, layout)
    table = TableFile(path, "xlsx", keys, layout=layout, labels=labels, sheet=sheet_name)
    table.sheets = {sheet_name: frame}
    for kind, (name, extra_layout, extra_rows) in found.items():
        if kind == "goals":
            table.sheets[name] = _sheet_frame(extra_rows, extra_layout)[0]
            table.goals_sheet = name
        elif kind != "data":
            table.extra_sheets[kind] = (name, _sheet_frame(extra_rows, extra_layout)[0])
    return table


def _cell_position(path: Path, sheet: str) -> Callable[[int, int], Position]:
    from .headers import column_letter

    return lambda row, column: Position(f"{path}:{sheet}!{column_letter(column)}{row + 1}")


def _merged_ranges(sheet: Any) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (0-based, inclusive), read from its XML (the streaming reader does not keep them)."""
    from openpyxl.utils import column_index_from_string

    source = sheet._get_source()
    try:
        data = source.read()
    finally:
        source.close()
    at = data.rfind(b"<mergeCells")
    if at < 0:
        return []
    return [(int(r1) - 1, column_index_from_string(c1.decode()) - 1, int(r2) - 1,
             column_index_from_string(c2.decode()) - 1) for c1, r1, c2, r2 in _MERGE.findall(data, at)]


def _sheet_frame(rows: list[tuple], layout: HeaderLayout):
    """The records below the header as a DataFrame (frame keys, a ``row`` number each), its keys and header names.
    Columns with neither a name nor a value (the sheet's unused width) are left out."""
    import pandas as pd

    names = list(layout.names)
    width = len(names)
    data = [tuple(row[:width]) + (None,) * (width - len(row)) for row in rows[layout.data_start:]]
    used = [k for k, name in enumerate(names) if name or any(row[k] is not None and row[k] != "" for row in data)]
    names = [names[k] for k in used]
    keys = unique_keys(names)
    if len(used) < width:
        data = [tuple(row[k] for k in used) for row in data]
    frame = pd.DataFrame.from_records(data, columns=keys, coerce_float=False) if data else \
        pd.DataFrame({key: pd.Series([], dtype=object) for key in keys})
    frame = frame.infer_objects()
    frame["row"] = np.arange(layout.data_start + 1, layout.data_start + 1 + len(frame), dtype=np.int64)
    return frame.loc[~_blank_rows(frame)], keys, names


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
                                         "应为 pandas DataFrame，每行一个部门-年度"))
        headers = [str(h) for h in data.columns]
        repeated = sorted({h for h in headers if headers.count(h) > 1})
        if repeated or "row" in headers:
            raise PerfscoreError(Problem(Position(name), f"{what}列名重复或保留：{'、'.join(repeated or ['row'])}",
                                         "列名不重复，且不用保留名 row"))
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
                                    "每格一个数值、文本或日期"))
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
