"""A DataFrame as CSV text, byte for byte what ``DataFrame.to_csv(index=False, lineterminator="\\n")`` writes, faster.

pandas spells every float with numpy's shortest round-trip repr one value at a time,
which is most of the time of writing a large summary. Scores are whole cents of at
most 100 points, so here they are looked up in a table of every such text (``87.7``,
``88.0``, ``-0.5``) and only the other values (``1e-06``, ``0.123456``, ``250.5``) go
through numpy's repr, exactly as pandas would. Text is quoted as :mod:`csv` does
under ``QUOTE_MINIMAL``. Column types this does not know fall back to pandas, so the
output never differs.
"""

from __future__ import annotations

from functools import cache

import numpy as np

_NEEDS_QUOTES = (",", '"', "\n", "\r")


def to_csv_text(frame) -> str:
    return to_csv_bytes(frame).decode("utf-8")


def write_csv(frame, target, block_rows: int = 65_536) -> None:
    """:func:`to_csv_bytes` written to ``target`` block by block (a million-row summary never sits in memory as text)."""
    with open(target, "wb") as handle:
        handle.write(to_csv_bytes(frame.iloc[:block_rows]))
        for start in range(block_rows, len(frame), block_rows):
            handle.write(to_csv_bytes(frame.iloc[start:start + block_rows], header=False))


def to_csv_bytes(frame, header: bool = True) -> bytes:
    """:func:`to_csv_text` encoded as UTF-8, assembled in Arrow buffers without a Python string per line."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
            columns.append(_texts(series.array))
            continue
        values = series.to_numpy()
        if values.dtype.kind in "iu":
            columns.append(pa.array(values.astype(np.int64)).cast(pa.string()))
        elif values.dtype.kind == "f":
            columns.append(_floats(values.astype(np.float64)))
        elif values.dtype == object and (text := _texts(values)) is not None:
            columns.append(text)
        else:  # bool, dates, categories …: let pandas spell the whole table
            return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")
    head = (",".join(_quote(str(name)) for name in frame.columns) + "\n").encode("utf-8") if header else b""
    if not len(frame):
        return head
    if not columns:
        return frame.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")
    lines = pc.binary_join_element_wise(*columns, pa.scalar("\n"), ",")  # every line ends ",\n" …
    lines = pc.utf8_replace_slice(lines, -2, -1, "")  # … then "\n"
    lines = pa.concat_arrays([lines]) if isinstance(lines, pa.ChunkedArray) else lines
    offsets = np.frombuffer(lines.buffers()[1], np.int32, len(lines) + 1, lines.offset * 4)
    data = lines.buffers()[2].to_pybytes()
    return head + data[offsets[0]:offsets[-1]]


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


def _texts(values: np.ndarray):  # -> pa.Array | None (None: not all text, pandas spells it)
    """Object cells: None/NaN → empty, else ``str`` quoted when needed; each distinct value spelled once."""
    import pandas as pd
    import pyarrow as pa

    if hasattr(values, "__arrow_array__"):  # pandas' Arrow-backed text: encoded in Arrow, no Python str per cell
        import pyarrow.compute as pc

        text = pa.array(values)
        encoded = pc.dictionary_encode(text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text)
        words = [_quote(str(v)) for v in encoded.dictionary.to_pylist()] + [""]
        codes = pc.fill_null(encoded.indices, len(words) - 1)
        return pa.array(words, pa.string()).take(codes)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if not all(isinstance(v, str) for v in uniques.tolist()):
        return None
    spelled = [_quote(str(v)) for v in uniques.tolist()] + [""]
    codes = np.where(codes < 0, len(uniques), codes)
    return pa.array(spelled, pa.string()).take(pa.array(codes))
