"""Tables whose columns are the concepts and whose department's row is the total: a 部门决算's
支出决算表 (``项目 | 本年支出合计 | 基本支出 | 项目支出 | 上缴上级支出 | …``) and 收入决算表
(``项目 | 本年收入合计 | 财政拨款收入 | 事业收入 | …``), and their budget versions
(``项目 | 合计 | 基本支出 | 项目支出`` under “…部门支出预算表”).

Here a column names the concept and the caption the stage (…决算表: the 决算; …预算表: the
budget), dated by the one year it names. Only the ``合计``/``总计`` row (or a first row of figures
whose label was lost) is the department's, its figures placed under the columns one to one (a
row narrower than the header, its code and name cells merged, fills the columns from the first
concept on, exactly, or nothing); the other rows are functional classes (行政运行,
一般公共服务支出) or funds, whose figures no metric names. A first column headed ``合计`` is the
total of the money the caption names (支出 or 收入, not both). A column naming no concept
(财政拨款收入, 上缴上级支出) reads nothing.

Precision first: at least two columns must name distinct concepts (or one, the total of the money
the caption names, beside columns of its sources: 本年收入合计 | 财政拨款收入 | 事业收入 under
“…收入决算表”), and the caption a stage. A
caption naming a source of the money (财政拨款, 一般公共预算, 政府性基金…) is a part of the
department's money, not the whole: such a table is left to the other readers, which name no
department total from it either. A table whose columns name years or stages is not one of these.

Imports the document model, the lexicon and the table helpers of this package.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .document import Table
from .lexicon import Lexicon, norm
from .model import Candidate, Provenance
from .scan import mask_not_stages
from .text_tables import column_headers, header_row_count, is_numeric_cell
from ..units import header_unit_factor, six_places, to_halfwidth

_TOTAL_ROW = ("合计", "总计")
_SUBTOTAL_COLUMN = ("合计", "小计")
_ROW_PREFIX = re.compile(r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)")
_SOURCE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营|财政专户|社会保险基金|专项资金")
_YEAR = re.compile(r"((?:19|20)\d{2})年?")
_MONEY_OF = {"支出": "支出合计", "收入": "收入合计"}
_STAGES = ("budget", "final")


def concept_column_candidates(table: Table, lexicon: Lexicon, year: int | None) -> list[Candidate] | None:
    """Candidates of a concepts-as-columns table (its total row only), or None when the table is not one."""
    count = header_row_count(table.rows)
    if count < 1 or count >= len(table.rows):
        return None
    caption = norm(table.caption)
    if _SOURCE.search(caption):
        return None
    headers = [norm(h) for h in column_headers(table.rows)]
    concepts = {k: _concept(lexicon, h, caption) for k, h in enumerate(headers) if k > 0}
    concepts = {k: c for k, c in concepts.items() if c is not None}
    named = set(concepts.values())
    total_alone = named == {_concept(lexicon, "合计", caption)} and len(headers) >= 3  # 本年收入合计 | 财政拨款收入 | …
    if not (len(named) >= 2 or total_alone) \
            or any(_names_stage(lexicon, h) for k, h in enumerate(headers) if k > 0 and k not in concepts):
        return None
    stage = _caption_stage(lexicon, caption, year)
    if stage is None:
        return None
    factor = Decimal(str(header_unit_factor(caption) or header_unit_factor(norm(" ".join(headers))) or 1.0))
    found: list[Candidate] = []
    for r in range(count, len(table.rows)):
        row = table.rows[r]
        label = _ROW_PREFIX.sub("", norm(row[0] or "")) if row else ""
        if not (label in _TOTAL_ROW or (not label and r == count)):
            continue
        placed = _placed(row, len(headers), min(concepts))
        for col, concept in concepts.items():
            metric = lexicon.concept_metric(concept, stage)
            cell = to_halfwidth(placed.get(col) or "")
            number = re.fullmatch(r"\s*(-?\d[\d,]*(?:\.\d+)?)\s*", cell)
            if metric is None or number is None:
                continue
            value = float(six_places(Decimal(number[1].replace(",", "")) * factor))
            at = col - len(headers) + len(row) if len(row) != len(headers) else col
            prov = Provenance(table.where(r, at), table.line_of(r, at), cell.strip(),
                              f"{row[0]} / {table.rows[0][col] if col < len(table.rows[0]) else headers[col]}")
            found.append(Candidate(metric, value, prov, 3))
        break  # the first total row is the department's; a later one totals something else
    return found


def _placed(row: tuple[str | None, ...], width: int, first: int) -> dict[int, str | None]:
    """The row's cells by column: in place when the row is as wide as the header; else, when the
    cells after its label are exactly as many as the columns from the first concept on, those
    columns (the code and name cells of a 合计 row are merged into one); else none."""
    if len(row) == width:
        return dict(enumerate(row))
    cells = row[1:]
    if len(cells) == width - first and all(is_numeric_cell(c) or not (c or "").strip() for c in cells):
        return {first + k: cell for k, cell in enumerate(cells)}
    return {}


def _concept(lexicon: Lexicon, header: str, caption: str) -> int | None:
    """The concept a column header names, whole (``本年支出合计``, ``基本支出``), or for a ``合计``
    column, the total of the one kind of money the caption names."""
    if header in _SUBTOTAL_COLUMN:
        kinds = [word for kind, word in _MONEY_OF.items() if kind in caption]
        header = kinds[0] if len(kinds) == 1 else ""
    cue = lexicon.cue_re.match(header) if header else None
    if cue is None or cue.end() < len(header) - 2:
        return None
    return lexicon.cues[cue.group()].concept


def _names_stage(lexicon: Lexicon, header: str) -> bool:
    """Whether a column header names this year's budget or 决算 (``2023年决算数``, ``预算数``): a column
    of stages, not of concepts (``上年结转`` names last year's money, a concept of its own)."""
    return any(lexicon.stage_words[m["word"]] in _STAGES
               for m in lexicon.stage_re.finditer(mask_not_stages(lexicon, header)))


def _caption_stage(lexicon: Lexicon, caption: str, year: int | None) -> str | None:
    """The stage the caption names (the last stage word), dated by the one year it names: the text's
    own year (or none) gives the stage, the year before its prior-year stage, another year nothing."""
    words = [lexicon.stage_words[m["word"]] for m in lexicon.stage_re.finditer(mask_not_stages(lexicon, caption))]
    stage = words[-1] if words else None
    if stage not in _STAGES:
        return None
    years = {int(y) for y in _YEAR.findall(caption)}
    if len(years) > 1:
        return None
    named = next(iter(years), None)
    if named is None or year is None or named == year:
        return stage
    return "prev_" + stage if named == year - 1 else None
