"""The one CSV writer of perfscore's outputs: the summary, the breakdown, the rejects and a single card.

One quoting style (:mod:`csv`'s ``QUOTE_MINIMAL``, lines ending "\\n"), one encoding choice
(:data:`ENCODINGS`; UTF-8 with BOM by default, which Chinese Excel opens without mojibake)
and one rule against formula injection (OWASP's): a text cell beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a single quote in front, so a spreadsheet
shows it as text and never evaluates it. Numbers are written as numbers.

Frames are encoded fast: a DataFrame as CSV text, byte for byte what
``DataFrame.to_csv(index=False, lineterminator="\\n")`` writes (after neutralising).
pandas spells every float with numpy's shortest round-trip repr one value at a time,
which is most of the time of writing a large summary. Scores are whole cents of at
most 100 points, so here they are looked up in a table of every such text (``87.7``,
``88.0``, ``-0.5``) and only the other values (``1e-06``, ``0.123456``, ``250.5``) go
through numpy's repr, exactly as pandas would. Text is quoted as :mod:`csv` does
under ``QUOTE_MINIMAL``. The lines are assembled by Arrow's CSV writer when no cell
holds a comma, quote or line break (it would refuse those bare), else joined cell by cell.
Column types this does not know fall back to pandas, so the output never differs.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")
DEFAULT_ENCODING = "utf-8-sig"
RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")
_RISKY_PATTERN = r"^[=+\-@\t\r]"


def neutralise(text: str) -> str:
    """OWASP's rule: a cell that a spreadsheet would read as a formula gets a leading single quote."""
    return "'" + text if text.startswith(RISKY_STARTS) else text


def bom(encoding: str) -> bytes:
    return codecs.BOM_UTF8 if encoding == "utf-8-sig" else b""


def rows_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text: numbers as numbers, text neutralised, quoted only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([neutralise(v) if isinstance(v, str) else "" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def encode(text: str, encoding: str = DEFAULT_ENCODING) -> bytes:
    """CSV text as the bytes of a file in ``encoding`` (``utf-8-sig`` begins with the BOM)."""
    return text.encode(encoding)


def neutralise_frame(frame):
    """A frame whose text cells follow the injection rule (a copy only when some cell needed it)."""
    import pandas as pd

    changed = {}
    for name in frame.columns:
        series = frame[name]
        if series.dtype == object or isinstance(series.dtype, pd.StringDtype):
            risky = series.astype("string").str.match(_RISKY_PATTERN).fillna(False).to_numpy(bool)
            if risky.any():
                fixed = series.astype(object).copy()
                fixed[risky] = ["'" + str(v) for v in fixed[risky]]
                changed[name] = fixed
    return frame.assign(**changed) if changed else frame


def neutralise_arrow(column):
    """An Arrow text column under the injection rule (other columns pass through)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return column
    risky = pc.fill_null(pc.match_substring_regex(column, _RISKY_PATTERN), False)
    if not pc.any(risky).as_py():
        return column
    return pc.if_else(risky, pc.binary_join_element_wise(pa.scalar("'"), column, pa.scalar("")), column)


def transcode(path: Path, encoding: str, block: int = 1 << 20) -> None:
    """A UTF-8 file re-encoded in place as ``encoding`` (block by block: a large breakdown never sits in memory)."""
    if encoding == "utf-8":
        return
    if encoding == "utf-8-sig":
        with open(path, "rb") as handle:
            if handle.read(3) == codecs.BOM_UTF8:
                return
    decoder = codecs.getincrementaldecoder("utf-8")()
    temp = path.with_name(path.name + ".enc")
    with open(path, "rb") as source, open(temp, "wb") as target:
        target.write(bom(encoding))
        plain = "utf-8" if encoding == "utf-8-sig" else encoding
        while chunk := source.read(block):
            target.write(decoder.decode(chunk).encode(plain))
        target.write(decoder.decode(b"", final=True).encode(plain))
    os.replace(temp, path)

_SPECIAL = (",", '"', "\n", "\r")  # characters Arrow's CSV writer will not leave unquoted


def _quoted_by_csv(char: str) -> bool:
    """Whether :mod:`csv` (as pandas calls it, lines ending "\\n") quotes a cell holding ``char``: ``"\\r"`` depends
    on the Python version."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([f"a{char}", "b"])
    return buffer.getvalue().startswith('"')


_NEEDS_QUOTES = tuple(char for char in _SPECIAL if _quoted_by_csv(char))
_SPECIAL_PATTERN = "[" + "".join(_SPECIAL).replace("\n", "\\n").replace("\r", "\\r") + "]"
_NEEDS_PATTERN = "[" + "".join(_NEEDS_QUOTES).replace("\n", "\\n").replace("\r", "\\r") + "]"


def to_csv_text(frame) -> str:
    """A frame's CSV text (text neutralised), as printed on a terminal."""
    return to_csv_bytes(neutralise_frame(frame)).decode("utf-8")


def write_csv(frame, target, block_rows: int = 65_536, encoding: str = DEFAULT_ENCODING) -> None:
    """A frame's CSV (text neutralised) written to ``target`` in ``encoding``, block by block (a million-row
    summary never sits in memory as text)."""
    frame = neutralise_frame(frame)
    plain = encoding not in ("utf-8", "utf-8-sig")
    with open(target, "wb") as handle:
        handle.write(bom(encoding))
        for start in range(0, max(len(frame), 1), block_rows):
            data = to_csv_bytes(frame.iloc[start:start + block_rows], header=start == 0)
            handle.write(data.decode("utf-8").encode(encoding) if plain else data)


def to_csv_bytes(frame, header: bool = True) -> bytes:
    """:func:`to_csv_text` encoded as UTF-8, assembled in Arrow buffers without a Python string per line."""
    import pandas as pd
    import pyarrow as pa

    columns = []
    special = False
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
            text = _texts(series.array)
        else:
            values = series.to_numpy()
            if values.dtype.kind in "iu":
                columns.append(pa.array(values.astype(np.int64)).cast(pa.string()))
                continue
            if values.dtype.kind == "f":
                columns.append(_floats(values.astype(np.float64)))
                continue
            text = _texts(values) if values.dtype == object else None
        if text is None:  # bool, dates, categories, mixed objects …: let pandas spell the whole table
            return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")
        columns.append(text[0])
        special = special or text[1]
    head = (",".join(_quote(str(name)) for name in frame.columns) + "\n").encode("utf-8") if header else b""
    if not len(frame):
        return head
    if not columns:
        return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")
    return head + (_joined(columns) if special else _written(columns))


def arrow_csv_bytes(table, header: bool = True) -> bytes:
    """An Arrow table's CSV lines by the one rule: text neutralised (:func:`neutralise_arrow`) and quoted only where
    :mod:`csv` would quote it, numbers spelled by Arrow's cast. The streaming breakdown's chunks go through here,
    so it reads like every other CSV output. A dictionary column is handled on its dictionary (its few distinct
    texts), not cell by cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns, special = [], False
    for column in table.columns:
        column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        if pa.types.is_dictionary(column.type):
            words, quoted_any = _csv_texts(column.dictionary)
            column = pa.DictionaryArray.from_arrays(column.indices, words).cast(pa.string())
        elif pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column, quoted_any = _csv_texts(column)
        else:
            column, quoted_any = column.cast(pa.string()), False
        special = special or quoted_any
        columns.append(pc.fill_null(column, ""))
    head = (",".join(_quote(str(name)) for name in table.column_names) + "\n").encode("utf-8") if header else b""
    if not len(table):
        return head
    return head + (_joined(columns) if special else _written(columns))


def _csv_texts(column):  # -> (pa.Array, special)
    """Text cells neutralised and quoted where :mod:`csv` would; ``special``: some cell holds a character Arrow's
    CSV writer would refuse bare."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = neutralise_arrow(column)
    if not pc.any(pc.match_substring_regex(column, _SPECIAL_PATTERN)).as_py():
        return column, False
    quoted = pc.binary_join_element_wise(pa.scalar('"'), pc.replace_substring(column, '"', '""'), pa.scalar('"'), "")
    needs = pc.fill_null(pc.match_substring_regex(column, _NEEDS_PATTERN), False)
    return pc.if_else(needs, quoted, column), True


def _written(columns: list) -> bytes:
    """Cells with no special character, as lines by Arrow's CSV writer."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    sink = pa.BufferOutputStream()
    table = pa.Table.from_arrays(columns, names=[str(k) for k in range(len(columns))])
    pcsv.write_csv(table, sink, pcsv.WriteOptions(include_header=False, quoting_style="none", batch_size=1 << 16))
    return sink.getvalue().to_pybytes()


def _joined(columns: list) -> bytes:
    """Cells (some quoted, or holding a bare "\\r"), joined into lines with Arrow's string kernels."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lines = pc.binary_join_element_wise(*columns, pa.scalar("\n"), ",")  # every line ends ",\n" …
    lines = pc.utf8_replace_slice(lines, -2, -1, "")  # … then "\n"
    lines = pa.concat_arrays([lines]) if isinstance(lines, pa.ChunkedArray) else lines
    offsets = np.frombuffer(lines.buffers()[1], np.int32, len(lines) + 1, lines.offset * 4)
    return lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]


def _quote(text: str) -> str:
    if any(c in text for c in _NEEDS_QUOTES):
        return '"' + text.replace('"', '""') + '"'
    return text


_TABLE_CENTS = 100_00  # the cent texts looked up: every magnitude up to 100 points


@cache
def _cent_texts():  # -> pa.Array
    """numpy's spelling of 0.00 … 100.00 in steps of a cent, then of -0.00 … -100.00 (``-0.0`` included)."""
    import pyarrow as pa

    fractions = [".0" if k == 0 else f".{k // 10}" if k % 10 == 0 else f".{k:02d}" for k in range(100)]
    texts = [f"{k // 100}{fractions[k % 100]}" for k in range(_TABLE_CENTS + 1)]
    return pa.array(texts + ["-" + text for text in texts], pa.string())


def _floats(values: np.ndarray):
    """Floats as numpy's ``astype(str)`` spells them (NaN → empty): whole cents up to 100 from the table."""
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = np.isnan(values)
    with np.errstate(invalid="ignore", over="ignore"):
        cents = np.round(values * 100)
        magnitude = np.abs(cents)
        listed = (magnitude <= _TABLE_CENTS) & (cents / 100 == values)  # False for NaN
    slot = np.where(listed, magnitude, 0).astype(np.int64) + np.signbit(values) * (_TABLE_CENTS + 1)
    text = _cent_texts().take(pa.array(slot))
    other = ~listed
    if other.any():
        spelled = np.full(int(other.sum()), "", dtype=object)
        shown = ~blank[other]
        spelled[shown] = values[other][shown].astype(str).tolist()
        text = pc.replace_with_mask(text, pa.array(other), pa.array(spelled.tolist(), pa.string()))
    return text


def _texts(values: np.ndarray):  # -> (pa.Array, special) | None (None: not all text, pandas spells it)
    """Object cells: None/NaN → empty, else ``str`` quoted when needed; each distinct value spelled once.
    ``special``: some cell holds a character Arrow's CSV writer would refuse unquoted."""
    import pandas as pd
    import pyarrow as pa

    if hasattr(values, "__arrow_array__"):  # pandas' Arrow-backed text: encoded in Arrow, no Python str per cell
        import pyarrow.compute as pc

        text = pa.array(values)
        encoded = pc.dictionary_encode(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text)
        words = [str(v) for v in encoded.dictionary.to_pylist()]
        codes = pc.fill_null(encoded.indices, len(words))
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        words = uniques.tolist()
        if not all(isinstance(v, str) for v in words):
            return None
        codes = pa.array(np.where(codes < 0, len(words), codes))
    special = any(char in word for word in words for char in _SPECIAL)
    return pa.array([_quote(word) for word in words] + [""], pa.string()).take(codes), special
