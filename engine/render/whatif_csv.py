"""The way to the target grade as CSV, column by column: one row per department and criterion with points open,
from the pair columns of :func:`perfscore.engine.evaluate.whatif_layout.pair_columns` (no dict per row). Each
text column is built with vectorised string operations, each distinct figure spelled once, and the lines are
assembled by the one CSV writer (:func:`.csvfile.arrow_csv_bytes`: text neutralised, quoted only where needed,
numbers as numbers) as ``score --breakdown`` writes its rows.

The advice is the sentence :mod:`.whatif` writes for a person (:func:`.whatif.move_text`,
:func:`.whatif.criterion_text`), spelled here column-wise for a change of a number; a checklist's items (dates,
several items) go through those functions on the rows that have them. Nothing here computes a score.
May import: the shared leaves and ``render`` siblings.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

import numpy as np

from .csvfile import arrow_csv_bytes
from .numfmt import points_text
from .whatif import KIND_TEXT, criterion_text, move_text

CSV_HEADER = ("行号", "部门名称", "年度", "总分", "等级", "目标等级", "指标", "满分", "得分", "尚缺分数", "类别",
              "建议", "可多得分数", "计入达标方案", "达标方案中得分变化", "达标方案改后总分", "达标方案改后等级")


def csv_parts(parts: Iterable[Any]) -> Iterator[bytes]:
    """The CSV (UTF-8, no BOM) of a sequence of pair columns, one part each, the header before the first."""
    header = True
    for pairs in parts:
        yield csv_bytes(pairs, header)
        header = False
    if header:
        yield (",".join(CSV_HEADER) + "\n").encode("utf-8")


def csv_bytes(pairs: Any, header: bool = True) -> bytes:
    """The CSV lines (UTF-8) of a :class:`~perfscore.engine.evaluate.whatif_layout.PairColumns`, with the header
    line when ``header``."""
    import pyarrow as pa

    dept, crit = pairs.department, pairs.criterion
    which = np.where(crit["in_plan"], "full", "next")
    gain = np.where(crit["in_plan"], pairs.moves["full"]["gain"], pairs.moves["next"]["gain"])
    has_move = gain > 0
    reached = dept["reached"]
    columns = [pa.array(dept["row"], pa.int64()), _text(dept["dept_name"]), _whole(dept["year"]),
               _number(dept["total"]), _text(dept["grade"]), _text(np.where(dept["target"] == None, "", dept["target"])),  # noqa: E711
               _text(crit["name"]), _number(crit["points"]), _number(crit["scored"]), _number(crit["open"]),
               _text(_spelled(crit["kind"], lambda k: KIND_TEXT[k])), _text(_advice(pairs, which, has_move)),
               _number(np.where(has_move, gain, np.nan)), _text(np.where(crit["in_plan"] & reached, "是", "否")),
               _number(np.where(reached & (crit["in_plan"] | (crit["plan_gain"] != 0)), crit["plan_gain"], np.nan)),
               _number(np.where(reached, dept["reached_total"], np.nan)),
               _text(np.where(reached, dept["reached_grade"], None))]
    table = pa.Table.from_arrays(columns, names=list(CSV_HEADER))
    return arrow_csv_bytes(table, header)


def _advice(pairs: Any, which: np.ndarray, has_move: np.ndarray):  # -> pa.Array
    """The 建议 column: the chosen move's sentence, else :func:`.whatif.criterion_text`'s."""
    import pyarrow as pa
    import pyarrow.compute as pc

    crit = pairs.criterion
    kind = crit["kind"]
    out = _spelled(kind, lambda k: "" if k in ("data", "missing") else criterion_text({"kind": k}))
    missing = kind == "missing"
    if missing.any():
        said = _spelled(crit["missing"], lambda why: criterion_text({"kind": "missing", "missing": why}))
        out = pc.if_else(pa.array(missing), said, out)
    data = kind == "data"
    if data.any():
        full, nxt = _move_texts(pairs, "full"), _move_texts(pairs, "next")
        stated = pc.if_else(pa.array(which == "full"), full, nxt)
        fallback = pc.if_else(pc.equal(nxt, ""), full, nxt)  # criterion_text: the next move, else the full one
        out = pc.if_else(pa.array(data), pc.if_else(pa.array(has_move), stated, fallback), out)
    if pairs.records:
        texts = []
        for record in pairs.records.values():
            chosen = "full" if record["in_plan"] else "next"
            texts.append(move_text(record, chosen) if record.get(chosen) else criterion_text(record))
        mask = np.zeros(len(kind), bool)
        mask[list(pairs.records)] = True
        out = pc.replace_with_mask(out, pa.array(mask), pa.array(texts, pa.string()))
    return out


def _move_texts(pairs: Any, which: str):  # -> pa.Array
    """:func:`.whatif.move_text` of one move for every pair (empty text where there is no move)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    crit, move = pairs.criterion, pairs.moves[which]
    present = move["gain"] > 0
    name, unit, label = _spelled(crit["name"], str), crit["unit"], move["label"]
    before, after = crit["value"], move["value"]
    gain = _join("可多得 ", _spelled(move["gain"], points_text), " 分")
    labelled = pa.array(label != "")
    label_text = _spelled(label, str)
    text = pc.if_else(labelled, _join(name, "达到“", label_text, "”", gain), "")
    numeric = np.isfinite(before) & np.isfinite(after)
    if numeric.any():
        change = np.where(numeric, after - before, 0.0)
        percent = unit == "%"
        word = _spelled(np.where(change > 0, np.where(percent, "提高", "增加"), np.where(percent, "降低", "减少")), str)
        tail = _spelled(np.where(percent, " 个百分点", np.where(unit != "", " " + unit.astype(str), "")), str)
        delta = _join(word, " ", _spelled(np.abs(change), _decimals), tail)
        reached = pc.if_else(labelled, _join("，达到“", label_text, "”"), "")
        sentence = _join(name, "需", delta, "（至 ", _spelled(after, _decimals), _spelled(unit, str), reached, "）", gain,
                         _input_texts(move))
        text = pc.if_else(pa.array(numeric), sentence, text)
    return pc.if_else(pa.array(present), text, "")


def _input_texts(move: dict[str, np.ndarray]):  # -> pa.Array
    """``：决算总支出由 2491.03万元 增至 2667.33万元``, or ``（直接调整该指标值）`` where no input was solved."""
    import pyarrow as pa
    import pyarrow.compute as pc

    before, after = move["before"], move["after"]
    unit = _spelled(move["input_unit"], lambda u: u or "")
    solved = (move["metric"] != None) & np.isfinite(before)  # noqa: E711
    verb = np.where(after > before, " 增至 ", " 减至 ")
    stated = _join("：", _spelled(move["input_name"], lambda u: u or ""), "由 ", _spelled(before, _decimals), unit,
                   _spelled(verb, str), _spelled(after, _decimals), unit)
    return pc.if_else(pa.array(solved), stated, "（直接调整该指标值）")


def _join(*pieces):
    """Texts (Arrow arrays or plain strings) joined element by element."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*(pa.scalar(p) if isinstance(p, str) else p for p in pieces), "")


def _decimals(value: float | None) -> str:
    """A figure as :func:`.whatif.move_text` states it: two decimals without trailing zeros."""
    return "—" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


def _spelled(values: np.ndarray, spell):  # -> pa.Array
    """``spell(value)`` for each value as an Arrow text array, each distinct value spelled once (NaN/None as
    ``spell(None)``)."""
    import pandas as pd

    import pyarrow as pa

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    blank = [spell(None)] if (codes < 0).any() else [""]
    words = pa.array([spell(v) for v in uniques.tolist()] + blank, pa.string())
    return words.take(pa.array(np.where(codes < 0, len(words) - 1, codes)))


def _text(values):  # -> pa.Array
    import pyarrow as pa

    return values if isinstance(values, pa.Array) else pa.array(values, pa.string(), from_pandas=True)


def _number(values: np.ndarray):
    import pyarrow as pa

    values = np.asarray(values, float)
    return pa.array(values, pa.float64(), mask=np.isnan(values))


def _whole(values: np.ndarray):
    import pandas as pd
    import pyarrow as pa

    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(float)
    blank = np.isnan(numbers)
    return pa.array(np.where(blank, 0, numbers).astype(np.int64), pa.int64(), mask=blank)
