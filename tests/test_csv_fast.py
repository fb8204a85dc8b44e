"""The fast summary CSV writer spells every table byte for byte as ``DataFrame.to_csv`` does."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from perfscore.engine.render.csvfile import neutralise_frame, to_csv_bytes, to_csv_text, write_csv

# Scores on the cent grid (the looked-up texts), their negatives and -0.0, and floats off it.
cents = st.integers(-10_000, 10_000).map(lambda k: k / 100)
floats = st.one_of(cents, st.just(-0.0), st.floats(allow_nan=True, allow_infinity=True, width=64),
                   st.sampled_from([1e-06, 0.123456, 250.5, 100.01, 1e16, 56.99999999999999]))
words = st.one_of(st.none(), st.text(alphabet=st.sampled_from('甲乙局县a ,"\n\r-'), max_size=6))


@st.composite
def frames(draw) -> pd.DataFrame:
    n = draw(st.integers(0, 12))
    columns = {
        "row": np.array(draw(st.lists(st.integers(-2**62, 2**62), min_size=n, max_size=n)), np.int64),
        "total": np.array(draw(st.lists(floats, min_size=n, max_size=n)), float),
        "dept_name": np.array(draw(st.lists(words, min_size=n, max_size=n)), dtype=object),
    }
    frame = pd.DataFrame(columns)
    if draw(st.booleans()):  # pandas' Arrow-backed text, as a summary read from a table holds it
        frame["region"] = pd.array(draw(st.lists(words, min_size=n, max_size=n)), dtype="string[pyarrow]")
    return frame


@settings(max_examples=300, deadline=None)
@given(frames())
def test_the_fast_writer_spells_what_pandas_spells(frame: pd.DataFrame):
    assert to_csv_bytes(frame).decode("utf-8") == frame.to_csv(index=False, lineterminator="\n")
    assert to_csv_text(frame) == neutralise_frame(frame).to_csv(index=False, lineterminator="\n")


def test_both_ways_of_assembling_lines_are_exercised_and_agree():
    plain = pd.DataFrame({"dept_name": ["甲局", "乙局"], "total": [87.7, 1e-06], "rank": [1, 2]})
    quoted = plain.assign(dept_name=['甲局,一处', '乙"局'])
    for frame in (plain, quoted):
        assert to_csv_bytes(frame) == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert b'"\xe7\x94\xb2\xe5\xb1\x80,\xe4\xb8\x80\xe5\xa4\x84"' in to_csv_bytes(quoted)


def test_written_in_blocks_the_file_is_the_same(tmp_path):
    frame = pd.DataFrame({"row": np.arange(1000), "total": np.arange(1000) / 7, "dept_name": ["局"] * 1000})
    write_csv(frame, tmp_path / "s.csv", block_rows=64, encoding="utf-8")
    assert (tmp_path / "s.csv").read_bytes() == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    write_csv(frame, tmp_path / "b.csv", block_rows=64)  # the default: UTF-8 with BOM, for Excel
    assert (tmp_path / "b.csv").read_bytes() == b"\xef\xbb\xbf" + (tmp_path / "s.csv").read_bytes()
