"""Table headers → metric ids, and whole columns → typed arrays, vectorised with pyarrow or pandas.

A header is a metric id, its Chinese label or an alias from the vocabulary, with an
optional unit in brackets (``决算数（元）``, ``（万元）``); full-width characters,
spaces and quotation marks do not matter. Cells are read fast when they are plain
numbers; anything else (``0.57万元``, ``5,795``, ``６．０８％``, ``是``, dates such as
``2024-09-30``, ``2024-09`` or ``2024年9月30日``) goes through the same per-value coercion as a
YAML department (:func:`..inputs.batch.coerce`), once per distinct value. Arrow-backed
columns (a CSV read, pandas' text columns) are encoded and cast by pyarrow directly,
numpy-backed ones by pandas, with the same results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..inputs.batch import MONEY_EXPECTED, CoercionError, _only_number, coerce, quoted, to_number
from ..rounding import round_quietly
from .headers import split_two_row
from .naming import SLASH_MONEY_UNIT, strip_unit, suggest_same_meaning
from .year_stamp import PREVIOUS, previous_of, split_stamp
from ..units import MONEY_UNITS, header_unit_factor, parse_amount, to_halfwidth
from ..rubric.vocabulary import MetricSpec, Vocabulary

if TYPE_CHECKING:
    import pyarrow as pa

NOT_APPLICABLE_HEADERS = ("not_applicable", "不适用指标", "不适用")
STRUCTURED_PREFIXES = ("assessments.", "self_levels.", "choices.")
_UNIT_SUFFIX = re.compile(r"\s*[(（\[【]\s*(?:单位\s*[:：]?\s*)?[^()（）\[\]【】]{0,6}[)）\]】]\s*$")
_IGNORED = str.maketrans("", "", " \t“”\"'‘’")
_FACTOR_UNITS = {float(factor): unit for unit, factor in MONEY_UNITS.items() if unit.endswith("元")}


def _key(name: str) -> str:
    return to_halfwidth(name).translate(_IGNORED)


@dataclass(frozen=True)
class ColumnSpec:
    """One input column: its header, what it holds, and the unit its plain numbers are in."""

    header: str
    position: int  # 1-based column number
    kind: str  # "metric", "not_applicable", "structured"
    name: str  # metric id, or the structured key (assessments.x.tier)
    spec: MetricSpec | None = None
    money_unit: str = "万元"
    year: int | None = None  # the year a header names (``2018年决算数``): current or prior is decided by the table


def _candidates(header: str) -> list[str]:
    """The texts a header may be known by: itself, without its unit, and for a two-row header
    (``“三公”经费/预算数``) the group and sub-header joined either way, then the sub-header alone."""
    found = [header, strip_unit(header), _UNIT_SUFFIX.sub("", header)]
    parts = split_two_row(header)
    if parts:
        head, sub = strip_unit(parts[0]), strip_unit(parts[1])
        found += [head + sub, sub + head, "".join(strip_unit(p) for p in header.split("/")), sub]
    return found


class HeaderIndex:
    """Resolves headers against a vocabulary (ids, labels, aliases, table headers; units stripped)."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.exact = vocabulary.label_index()
        self.loose: dict[str, str] = {}
        for name, metric_id in self.exact.items():
            self.loose.setdefault(_key(name), metric_id)

    def lookup(self, header: str) -> str | None:
        for candidate in _candidates(header):
            found = self.exact.get(candidate) or self.loose.get(_key(candidate))
            if found:
                return found
        return None

    def suggest(self, header: str) -> str | None:
        """A known name of the same kind and meaning close to ``header`` (a Chinese label, or an id for a Latin
        header), or None: never a different figure."""
        if split_stamp(header)[1] is not None:  # a figure of a named year is never another year's figure
            return None
        latin = header.isascii()
        labels = {name: (metric_id if latin else self.vocabulary.metrics[metric_id].zh)
                  for name, metric_id in self.exact.items() if name.isascii() == latin}
        return suggest_same_meaning(header, labels)

    def resolve(self, header: Any, position: int, money_unit: str = "万元") -> ColumnSpec | str:
        """The column's spec, or a message saying why the header is not understood. ``money_unit``: the unit of
        money columns whose header names none (a ``单位：元`` line above the table)."""
        text = str(header).strip()
        if text in NOT_APPLICABLE_HEADERS:
            return ColumnSpec(text, position, "not_applicable", "not_applicable")
        if text.startswith(STRUCTURED_PREFIXES) and text.count(".") >= 2 - text.startswith("self_levels."):
            return ColumnSpec(text, position, "structured", text)
        metric_id = self.lookup(text)
        stamp: int | str | None = None
        if metric_id is None:
            rest, stamp = split_stamp(text)
            metric_id = self.lookup(rest) if stamp is not None else None
            if metric_id is not None and stamp == PREVIOUS:
                metric_id = previous_of(metric_id)
                if metric_id is None:
                    return "上年的这项数字没有对应的指标"
        if metric_id is None:
            hint = self.suggest(text)
            return f"是否应为“{hint}”？" if hint else "应为指标的中文名称（perfscore explain 可列出全部指标）"
        column = self.spec(text, position, metric_id, money_unit)
        return replace(column, year=stamp) if isinstance(stamp, int) else column

    def spec(self, text: str, position: int, metric_id: str, money_unit: str = "万元") -> ColumnSpec:
        spec = self.vocabulary.metrics[metric_id]
        unit = "万元"
        if spec.kind == "money":
            factor = header_unit_factor(text)
            slash = SLASH_MONEY_UNIT.search(to_halfwidth(text))
            unit = _FACTOR_UNITS.get(factor, "万元") if factor is not None else slash[1] if slash else money_unit
        return ColumnSpec(text, position, "metric", metric_id, spec, unit)


@dataclass
class Converted:
    """A column as the evaluator reads it, plus the rows whose cell could not be read."""

    values: np.ndarray  # float64 (NaN missing) or object (None missing)
    bad: dict[int, tuple[str, str]]  # row position → (message, expected)


def convert(column: ColumnSpec, series) -> Converted:
    """Convert one pandas Series (one chunk of one column) to its evaluation array."""
    if column.kind == "structured":
        return _structured(series)
    spec = column.spec
    assert spec is not None
    if spec.kind == "text":
        return Converted(_text(series), {})
    if spec.kind == "date" and series.dtype.kind == "M":
        days = series.to_numpy(dtype="datetime64[D]").astype("int64").astype(float)
        days[series.isna().to_numpy()] = np.nan
        return Converted(days, {})
    if spec.kind in ("money", "count", "percent", "score") and series.dtype.kind in "iuf":
        values = _floats(series)
        values = _scaled(values, column.money_unit) if spec.kind == "money" else values
        return Converted(values, _non_finite(values))
    return _by_value(column, series)


def _arrow(series) -> pa.ChunkedArray | None:
    """The column's pyarrow data when it is Arrow-backed text, numbers or booleans, else None.

    Other Arrow types (dates, timestamps, …) are left to pandas, whose Python values for them differ."""
    if getattr(series.dtype, "storage", None) != "pyarrow":
        return None
    import pyarrow as pa

    data = pa.array(series.array)  # an Array, or a ChunkedArray when the column was read in several pieces
    if isinstance(data, pa.Array):
        data = pa.chunked_array([data])
    kind = data.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_integer(kind) \
            or pa.types.is_floating(kind) or pa.types.is_boolean(kind):
        return data
    return None


def factorize(series) -> tuple[np.ndarray, list[Any]]:
    """Per cell the code of its value (-1 where empty), and the distinct values in order of first appearance:
    what ``pandas.factorize`` gives, without its overhead for Arrow-backed columns."""
    data = _arrow(series)
    if data is None:
        import pandas as pd

        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return codes, uniques.tolist()
    encoded = data.combine_chunks().dictionary_encode()
    indices = encoded.indices
    if indices.null_count:
        indices = indices.fill_null(-1)
    return indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def _floats(series) -> np.ndarray:
    """A numeric column as float64, NaN where empty."""
    data = _arrow(series)
    if data is None:
        return series.to_numpy(dtype=float, na_value=np.nan)
    import pyarrow as pa
    import pyarrow.compute as pc

    # safe=False: integers beyond 2**53 round to the nearest float, as numpy's cast does (a safe cast refuses them)
    values = pc.cast(data, pa.float64(), safe=False).to_numpy()
    return values if values.flags.writeable else values.copy()  # a read-only view of Arrow's buffer at times


def _text(series) -> np.ndarray:
    """Text cells stripped, blanks as None."""
    return unique_map(series, lambda v: str(v).strip() or None)


def _non_finite(values: np.ndarray) -> dict[int, tuple[str, str]]:
    return {int(i): _not_finite(float(values[i])) for i in np.flatnonzero(np.isinf(values))}


def _not_finite(value: Any) -> tuple[str, str]:
    """The reject (message, expected) for an infinite cell, worded as :func:`..inputs.batch.coerce` words it."""
    return f"{quoted(value)}不是有限数值", "应填有限数值"


def _scaled(values: np.ndarray, unit: str) -> np.ndarray:
    """Money in 万元; a figure too large to scale becomes infinite (and is rejected as such), without a warning."""
    if unit == "万元":
        return values
    with np.errstate(over="ignore"):
        return round_quietly(values * float(MONEY_UNITS[unit]), 6)


def _by_value(column: ColumnSpec, series) -> Converted:
    """Each distinct cell converted once: plain numbers in bulk, every other value through :func:`coerce_cell`."""
    import pandas as pd

    spec = column.spec
    assert spec is not None
    codes, uniques = factorize(series)
    distinct = np.full(len(uniques) + 1, np.nan)  # the last slot: empty cells (code -1)
    rest = np.arange(len(uniques))
    if spec.kind in ("money", "count", "percent", "score"):
        quick = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        plain = ~np.isnan(quick)
        distinct[:-1][plain] = _scaled(quick[plain], column.money_unit) if spec.kind == "money" else quick[plain]
        rest = rest[~plain]
    failed: dict[int, tuple[str, str]] = {}
    for k in rest.tolist():
        value = uniques[k]
        try:
            result = coerce_cell(spec, value, column.money_unit)
        except CoercionError as exc:
            failed[k] = (str(exc), exc.expected)
            continue
        except ArithmeticError:  # decimal.Overflow/InvalidOperation: a number of a million digits
            failed[k] = (f"数字过大，无法读取（{len(str(value))} 个字符）", "应填不超过 15 位有效数字的数值")
            continue
        distinct[k] = np.nan if result is None else result
    for k in np.flatnonzero(np.isinf(distinct[:-1])).tolist():  # "inf", or an amount too large for 万元
        failed.setdefault(k, _not_finite(uniques[k]))
    bad: dict[int, tuple[str, str]] = {}
    if failed:
        for position in np.flatnonzero(np.isin(codes, list(failed))).tolist():
            bad[position] = failed[int(codes[position])]
    return Converted(distinct[codes], bad)


def coerce_cell(spec: MetricSpec, raw: Any, money_unit: str = "万元") -> float | None:
    """One cell as its column number: money in 万元 (a bare figure in the header's unit), dates as day numbers."""
    if spec.kind == "money" and isinstance(raw, str) and money_unit != "万元":
        text = to_halfwidth(raw).strip()
        if text:
            amount = parse_amount(text, money_unit)
            if amount is None or not _only_number(text, amount.text):
                raise CoercionError(f"{quoted(raw)}不是金额", MONEY_EXPECTED.format(unit=money_unit))
            return amount.value_wan
    if spec.kind == "money" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(_scaled(np.array([float(raw)]), money_unit)[0])
    value = coerce(spec, raw)
    return None if value is None else float(to_number(spec, value))


def unique_map(series, func) -> np.ndarray:
    """``func`` of every cell as an object array (None where empty), computed once per distinct value."""
    codes, uniques = factorize(series)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [func(v) for v in uniques]
    mapped[-1] = None
    return mapped[codes]


def _word_or_number(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return float(to_halfwidth(text))
        except ValueError:
            return text
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return str(value)


def _structured(series) -> Converted:
    """assessments.* / self_levels.*: numbers stay numbers, words stay words (as in a YAML department)."""
    if series.dtype.kind in "iuf":
        return Converted(_floats(series), {})
    codes, uniques = factorize(series)
    mapped = [_word_or_number(v) for v in uniques]
    if all(v is None or isinstance(v, float) for v in mapped):  # numbers only: a float column
        numbers = np.array([np.nan if v is None else v for v in mapped] + [np.nan], float)
        return Converted(numbers[codes], {})
    words = np.empty(len(mapped) + 1, dtype=object)
    words[:-1] = mapped
    words[-1] = None
    return Converted(words[codes], {})
