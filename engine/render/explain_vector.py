"""Every reason of a batch at once, each text identical to :meth:`.explain.Explainer.reason`.

A criterion's text is rendered once per distinct combination of everything it depends on
(branch, reason code, points, value and every numeric detail) and repeated: value-based
shapes (deduct, bands, proportional) with per-branch templates over formatted number
arrays (pyarrow string kernels), every other cell — missing data, not applicable,
checklists, tiers, per-occurrence, manual scores, states — by the
:class:`~.explain.Explainer`. Only goal tables (their own rows per department) and manual
notes outside a table are rendered for every department.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .explain import Explainer, _unit_words, band_words
from ..rubric.intervals import format_number
from ..rubric.model import Bands, Deduct, GoalTable, Manual, Proportional
from .numfmt import measured_text, points_text, value_text
from ..rubric.plan import CriterionPlan
from ..evaluate.results import Results

TEMPLATED = (Deduct, Bands, Proportional)
_SENTINEL = -1.7976931348623157e308  # stands for NaN in memo keys


def reason_column(results: Results, rows: np.ndarray):
    """Reasons for departments ``rows`` × every criterion, department-major, as a pyarrow string array."""
    import pyarrow as pa

    criteria = results.plan.criteria
    explainer = Explainer(results)
    m = len(rows)
    positions = np.empty((m, len(criteria)), np.int64)
    pieces = []
    offset = 0
    for j, c in enumerate(criteria):
        texts, index = criterion_reasons(explainer, c, rows)
        positions[:, j] = index + offset
        offset += len(texts)
        pieces += texts.chunks
    if not pieces or m == 0:
        return pa.array([], pa.string())
    # The one copy of every text into department-major order: distinct texts are stored once until here.
    return pa.concat_arrays(pieces).take(pa.array(positions.ravel()))


def criterion_reasons(explainer: Explainer, c: CriterionPlan, rows: np.ndarray):
    """(texts, index): the reason of department ``rows[k]`` is ``texts[index[k]]`` (texts a chunked string array).

    Departments alike in everything the text depends on (:func:`_memo_keys`) share one rendering;
    goal tables and manual notes outside a table are not in those keys, so their criteria render every row."""
    results = explainer.results
    if any(isinstance(o.scoring, GoalTable) for o in c.options) or _notes_outside_table(results, c):
        return _rendered(explainer, c, rows)
    first, inverse = _distinct_rows(_memo_keys(results, c, rows))
    texts, index = _rendered(explainer, c, rows[first])
    return texts, index[inverse]


def _rendered(explainer: Explainer, c: CriterionPlan, rows: np.ndarray):
    """:func:`criterion_reasons` of every row: by template where there is one, else by the Explainer once per
    distinct case."""
    import pyarrow as pa

    results = explainer.results
    result = results.criteria[c.index]
    branch = np.asarray(result.branch)[rows]
    index = np.empty(len(rows), np.int64)
    done = np.zeros(len(rows), bool)
    arrays = []
    offset = 0

    def add(selected: np.ndarray, texts, which: np.ndarray | None = None) -> None:
        """Department ``selected[k]`` gets ``texts[which[k]]`` (``texts[k]`` without ``which``)."""
        nonlocal offset
        index[selected] = offset + (np.arange(len(selected)) if which is None else which)
        done[selected] = True
        arrays.append(texts)
        offset += len(texts)

    templated = not c.choice  # a 择项 criterion's reasons (weight, rescaling) come from the Explainer
    for k, option in enumerate(c.options):
        if not templated or not isinstance(option.scoring, TEMPLATED):
            continue
        prefix = f"option{k + 1}:" if len(c.options) > 1 else ""
        for name in option.branches:
            selected = np.flatnonzero(branch == c.branches.index(prefix + name))
            if len(selected):
                add(selected, _template(explainer, c, k, name, rows[selected]))
    goals_left = any(isinstance(o.scoring, GoalTable) for o in c.options)
    if goals_left and len(c.options) == 1 and templated:
        selected = np.flatnonzero(np.isin(branch, [c.branches.index(b) for b in c.options[0].branches]))
        texts = _goal_template(explainer, c, rows[selected]) if len(selected) else None
        if texts is not None or not len(selected):
            goals_left = False  # what is left is missing or not applicable: no goal rows in the text
        if texts is not None:
            add(selected, texts)
    rest = np.flatnonzero(~done)
    if len(rest):
        if goals_left or _notes_outside_table(results, c):
            add(rest, pa.array([explainer.reason(c, int(i)) for i in rows[rest].tolist()], pa.string()))
        else:
            first, inverse = _distinct_rows(_memo_keys(results, c, rows[rest]))
            texts = pa.array([explainer.reason(c, int(rows[rest[f]])) for f in first.tolist()], pa.string())
            add(rest, texts, inverse)
    return pa.chunked_array(arrays, pa.string()), index


def _notes_outside_table(results: Results, c: CriterionPlan) -> bool:
    """Whether the criterion's manual reasons quote assessor's notes that are not a column of the batch."""
    return any(isinstance(o.scoring, Manual) for o in c.options) and not results.batch.records_from_columns


def _note_codes(results: Results, c: CriterionPlan, rows: np.ndarray) -> np.ndarray:
    """Codes of the assessor's notes (what a manual reason quotes), from the batch's note column."""
    import pandas as pd

    column = results.batch.columns.get(f"assessments.{c.id}.note")
    if column is None:
        return np.zeros(len(rows))
    codes, _ = pd.factorize(np.asarray(column, dtype=object)[rows], use_na_sentinel=True)
    return codes.astype(float)


def _memo_keys(results: Results, c: CriterionPlan, rows: np.ndarray) -> np.ndarray:
    """One row of numbers per department holding everything the reason's text depends on."""
    result = results.criteria[c.index]
    parts: list[np.ndarray] = [np.asarray(result.branch)[rows], np.asarray(result.why)[rows],
                               np.asarray(result.needs_manual)[rows], result.points[rows], result.value[rows]]
    for key in sorted(result.detail):
        array = result.detail[key]
        if array.dtype != object:
            parts.append(np.asarray(array)[rows])
    if any(isinstance(o.scoring, Manual) for o in c.options):
        parts.append(_note_codes(results, c, rows))
    matrix = np.stack([np.asarray(p, dtype=float) for p in parts], axis=1)
    return np.where(np.isnan(matrix), _SENTINEL, matrix) + 0.0  # one spelling of NaN and of zero


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first, inverse): row ``k`` of ``matrix`` equals row ``first[inverse[k]]``, one ``first`` per distinct row.

    Each row's bytes are one fixed-size binary value, grouped by Arrow's hash table (sorting such wide
    keys, as ``np.unique`` does, is several times slower)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    matrix = np.ascontiguousarray(matrix, dtype=np.float64)
    keys = pa.Array.from_buffers(pa.binary(matrix.shape[1] * 8), len(matrix), [None, pa.py_buffer(matrix)])
    inverse = pc.dictionary_encode(keys).indices.to_numpy().astype(np.int64)
    # Codes are numbered in order of first appearance: a row is first where the running maximum grows.
    first = np.flatnonzero(np.diff(np.maximum.accumulate(inverse), prepend=-1) > 0)
    return first, inverse


# -- templates ------------------------------------------------------------------------------------

def _template(explainer: Explainer, c: CriterionPlan, k: int, branch: str, rows: np.ndarray):
    results = explainer.results
    result = results.criteria[c.index]
    option = c.options[k]
    shape = option.scoring
    name = option.indicator.name if option.indicator else c.criterion.name
    unit = option.indicator.unit if option.indicator else ""
    value_unit, diff_unit = _unit_words(unit)
    value = result.value[rows]
    scored = _scored(result, rows)
    shown: list[Any] = [f"{name} ", value_texts(value, explainer.decimals, measured=True), value_unit]
    if isinstance(shape, Deduct):
        parts = _deduct(shape, branch, shown, value_unit, diff_unit, result, rows, scored, c, explainer.decimals)
    elif isinstance(shape, Bands):
        if branch.startswith("band"):
            band = shape.bands[int(branch[4:]) - 1]
            parts = [*shown, f"，{band_words(band, value_unit)}，得", points_texts(scored), "分"]
        else:
            parts = [*shown, f"，超出评分区间{shape.domain.text}，不得分"]
    else:
        target = f"{format_number(shape.target)}{value_unit}"
        if branch == "full":
            parts = [*shown, f"，达到目标值{target}，得满分", points_texts(scored), "分"]
        elif branch == "cutoff":
            side = "低于" if shape.direction == "higher" else "高于"
            parts = [*shown, f"，{side}{format_number(shape.cutoff)}{value_unit}，不得分"]
        else:
            share = _detail(result, "share", rows) * 100
            parts = [*shown, f"，为目标值{target}的", value_texts(share, 2), "%，按比例得", points_texts(scored), "分"]
    if len(c.options) > 1:
        parts = [f"按“{name}”评分：", *parts]
    return _join(parts, len(rows))


def _deduct(shape: Deduct, branch: str, shown: list, value_unit: str, diff_unit: str, result, rows: np.ndarray,
            scored: np.ndarray, c: CriterionPlan, decimals: int):
    import pyarrow as pa
    import pyarrow.compute as pc

    threshold = f"{format_number(shape.threshold)}{value_unit}"
    excess = _detail(result, "excess", rows)
    within = ~(excess > 0)
    side = "未超过" if shape.direction == "above" else "不低于"
    full_text = [*shown, f"，{side}{threshold}，得满分{points_text(c.points)}分"]
    side, each = ("超出", "每超") if shape.direction == "above" else ("低于", "每低")
    per = f"{format_number(shape.per)}{diff_unit}"
    beyond = [*shown, f"，{side}{threshold} ", value_texts(excess, decimals), diff_unit]
    if branch == "full":
        over = [*beyond, f"，不足{per}不扣分，得满分{points_text(c.points)}分"]
    else:
        partial = {"ceil": f"（不足{per}按{per}计）", "floor": f"（不足{per}不扣分）", "prorata": ""}[shape.partial]
        tail = "，扣完为止，得" if branch == "floor" else "，得"
        over = [*beyond, f"，{each}{per}扣{points_text(shape.deduct)}分{partial}，扣",
                points_texts(_detail(result, "deduction", rows)), f"分{tail}", points_texts(scored), "分"]
    if within.all():
        return full_text
    if not within.any():
        return over
    return [pc.if_else(pa.array(within), _join(full_text, len(rows)), _join(over, len(rows)))]


def _goal_template(explainer: Explainer, c: CriterionPlan, rows: np.ndarray):
    """Goal-table reasons of departments that have goal rows (None: not a table's goal rows, go one by one)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..evaluate.goals import GoalRowsColumn

    result = explainer.results.criteria[c.index]
    entries = result.detail.get("rows")
    if not isinstance(entries, GoalRowsColumn) or not hasattr(entries.scored.rows, "target_number"):
        return None
    chosen = entries[rows]
    if np.any(chosen.starts < 0):
        return None
    scored = chosen.scored
    store = scored.rows
    starts = chosen.starts
    lengths = chosen.ends - chosen.starts
    total = int(lengths.sum())
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    k = np.repeat(starts - offsets[:-1], lengths) + np.arange(total)  # scored goal rows in department order
    number = np.arange(total) - np.repeat(offsets[:-1], lengths) + 1  # 1., 2. … within the department
    source = np.asarray(scored.order)[k]
    met = np.asarray(scored.met)[k]
    unit = store.unit[source]
    signs = {">=": "≥", "<=": "≤", "=": "="}
    target_text = _distinct_texts(list(zip(store.direction[source].tolist(), store.target[source].tolist(),
                                           unit.tolist())),
                                  lambda d, t, u: f"{signs[d]}{format_number(t)}{u}" if isinstance(t, float) else f"“{t}”")
    actual_text = _distinct_texts(list(zip(store.actual[source].tolist(), unit.tolist())),
                                  lambda a, u: f"{format_number(a)}{u}" if isinstance(a, float) else f"“{a}”")
    score_text = value_texts(np.asarray(scored.score)[k], 2)
    score_text = pc.utf8_rtrim(pc.utf8_rtrim(score_text, characters="0"), characters=".")
    score_text = pc.if_else(pc.equal(score_text, "-0"), "0", score_text)
    lines = pc.binary_join_element_wise(
        pa.array(number).cast(pa.string()), pa.array(store.indicator[source].tolist(), pa.string()), target_text,
        actual_text, pa.array(["未完成", "已完成"]).take(pa.array(met.astype(np.int8))), score_text,
        pa.array(["分"] * total) if total else pa.array([], pa.string()), "\x00")
    # number.indicator：目标…，实际…，已完成，得…分 — put the punctuation in place of the separators
    lines = pc.replace_substring(lines, "\x00", "\x01")
    lines = _punctuate(lines)
    goals = pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), lines)
    joined = pc.binary_join(goals, "；")
    met_count = np.add.reduceat(met.astype(np.int64), offsets[:-1]) if total else np.zeros(len(rows), np.int64)
    met_count = np.where(lengths > 0, met_count, 0)
    scored_points = _scored(result, rows)
    head = pc.binary_join_element_wise("部门绩效目标", pa.array(lengths).cast(pa.string()), "项，完成",
                                       pa.array(met_count).cast(pa.string()), "项，得", points_texts(scored_points),
                                       "分；", joined, "")
    declared = _detail(result, "declared_points", rows)
    note = (declared != 0) & ~np.isnan(declared) & (np.abs(declared - c.points) > 1e-9)
    if note.any():
        tail = pc.binary_join_element_wise("；目标表分值合计", points_texts(np.nan_to_num(declared)),
                                           f"分，按本项{points_text(c.points)}分折算", "")
        head = pc.if_else(pa.array(note), pc.binary_join_element_wise(head, tail, ""), head)
    return head


_PUNCTUATION = (".", "：目标", "，实际", "，", "，得", "")


def _punctuate(lines):
    """Fields separated by \x01 → ``1.指标：目标≥100%，实际98%，未完成，得1.2分``."""
    import pyarrow.compute as pc

    for mark in _PUNCTUATION:
        lines = pc.replace_substring(lines, "\x01", mark, max_replacements=1)
    return lines


def _distinct_texts(keys: list, make):
    """``make(*key)`` for every key, each distinct key once."""
    import pyarrow as pa

    table: dict = {}
    codes = np.fromiter((table.setdefault(key, len(table)) for key in keys), np.int64, len(keys))
    return pa.array([make(*key) for key in table], pa.string()).take(pa.array(codes))


def _join(parts: list, n: int):
    """Concatenate text pieces (strings or string arrays of length n) element by element."""
    import pyarrow as pa
    import pyarrow.compute as pc

    merged: list[Any] = []
    for part in parts:  # neighbouring constant strings become one
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    if all(isinstance(p, str) for p in merged):
        return pa.array(["".join(merged)] * n, pa.string())
    return pc.binary_join_element_wise(*merged, "")


def _scored(result, rows: np.ndarray) -> np.ndarray:
    points = result.points[rows]
    before = result.detail.get("before_audit")
    if before is None:
        return points
    before = before[rows]
    return np.where(np.isnan(before), points, before)


def _detail(result, key: str, rows: np.ndarray) -> np.ndarray:
    array = result.detail.get(key)
    return np.full(len(rows), np.nan) if array is None else np.asarray(array, dtype=float)[rows]


# -- numbers ---------------------------------------------------------------------------------------

def points_texts(values: np.ndarray):
    """:func:`.numfmt.points_text` of every value, each distinct value formatted once (points are few)."""
    import pyarrow as pa

    distinct, inverse = np.unique(values, return_inverse=True)
    return pa.array([points_text(v) for v in distinct.tolist()], pa.string()).take(pa.array(inverse.reshape(-1)))


def value_texts(values: np.ndarray, decimals: int, measured: bool = False):
    """:func:`.numfmt.value_text` (``measured``: :func:`.numfmt.measured_text`) of every value: from integer
    units where safe, else one by one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.asarray(values, dtype=float)
    spell = measured_text if measured else value_text
    if decimals > 4:
        return pa.array([spell(v, decimals) for v in values.tolist()], pa.string())
    scale = 10.0 ** decimals
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * scale
        units = np.round(scaled)
        # Far from a rounding tie the float product rounds like the decimal value does.
        safe = np.isfinite(values) & (np.abs(values) < 1e12) & (np.abs(scaled - np.floor(scaled) - 0.5) > 1e-6)
        if measured:  # a value not at the declared precision (kept off an exact band) is spelled one by one
            safe &= np.abs(scaled - units) < 1e-6
    units = np.where(safe, np.abs(units), 0).astype(np.int64)
    text = pa.array(units // int(scale)).cast(pa.string())
    negative = (values < 0) & (units != 0)
    if negative.any():
        text = pc.binary_join_element_wise(pa.array(["", "-"]).take(pa.array(negative.astype(np.int8))), text, "")
    if decimals:
        table = pa.array([f"{k:0{decimals}d}" for k in range(int(scale))])
        text = pc.binary_join_element_wise(text, table.take(pa.array(units % int(scale))), ".")
    if not safe.all():
        other = ~safe
        spelled = [spell(v, decimals) for v in values[other].tolist()]
        text = pc.replace_with_mask(text, pa.array(other), pa.array(spelled, pa.string()))
    return text
