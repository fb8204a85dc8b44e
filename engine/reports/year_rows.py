"""Tables with years (or stages) as rows: ``年度 | 合计 | 因公出国(境)经费 | 公务接待费 | …`` over
rows ``2015年 | 2840 | 90 | …`` and ``2016年 | 2364 | 12 | …``, or ``项目 | 合计 | …`` over rows
``预算数 | …`` and ``决算数 | …`` (a label that is a stage phrase, whole, gives its stage).

Here the concept is the column's and the stage the row's: a row labelled with the report's
year holds this year's figures, one labelled with the year before last year's; the stage word
(预算/决算) comes from the row label, else the caption, else the headers. A first ``合计`` column
is the total whose items the other columns are. A group header printed flat before its own
``合计``/``小计`` (``公车购置及运行维护费 | 合计 | 车辆购置 | 车辆运行`` over five figures) names
that subtotal column; so does a split column over a second header row (``公务用车购置及运行费``
over ``小计 | 购置费 | 运行费``, :mod:`.sub_columns`). A header whose names cannot be matched
to the figures one to one gives nothing; a part the names do not place (运行费 under 公务用车费)
is placed by the vocabulary (its metric extends the parent's). A row with more cells than names,
or of another year, gives nothing. Rows that are not a year (``2016年比2015年增减%``) are left alone, but
for a comparison row (``决算对比``) whose every figure is this year's row of a stage less last year's: the changes.

Imports the document model, the lexicon and the table helpers of this package.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .document import Table
from .lexicon import Lexicon, norm
from .model import Candidate, Provenance
from .scan import mask_not_stages
from .sub_columns import flat_columns
from .text_tables import header_row_count, is_numeric_cell
from ..units import header_unit_factor, six_places, to_halfwidth

_YEAR_ROW = re.compile(r"^(\d{4})年度?(.*)$")
_SUBTOTAL = ("合计", "小计")
_CHANGE_ROW = re.compile(r"对比|增减|比较|差额|变动")  # 决算对比, 比上年增减: a comparison row (checked by its figures)
_CENT = Decimal("0.005")
_LABELS_NAME = re.compile(r"(?:项目|科目|名称|年度|年份|类别)$")


def year_row_candidates(table: Table, lexicon: Lexicon, year: int | None) -> list[Candidate] | None:
    """Candidates of a years-as-rows (or stages-as-rows) table, or None when the table is not one."""
    count = header_row_count(table.rows)
    if count not in (1, 2):
        return None
    data = [(r, row) for r, row in enumerate(table.rows[count:], start=count) if row and row[0]]
    years = [(r, row, _YEAR_ROW.match(norm(row[0] or ""))) for r, row in data]
    years = [(r, row, m) for r, row, m in years if m and not re.search(r"比|较|增减|%", m[2])]
    staged = [(r, row) for r, row in data if _stage_row(lexicon, norm(row[0] or "")) is not None]
    by_year = year is not None and len(years) >= 2 and len({m[1] for _, _, m in years}) >= 2
    if not by_year and not staged:
        return None
    rows = [(r, row) for r, row, _ in years] if by_year else staged
    width = max(sum(1 for c in row[1:] if is_numeric_cell(c)) for _, row in rows)
    headers = _headers(lexicon, table.rows[:count], width)
    if headers is None:
        return None
    items = [_concept(lexicon, h) for h in headers]
    total = total_of(lexicon, [c for c in items if c is not None])
    concepts = [total if h in _SUBTOTAL and k == 0 else c for k, (h, c) in enumerate(zip(headers, items))]
    if sum(c is not None for c in concepts) < 2:
        return None
    caption_stage = _stage_word(lexicon, norm(table.caption) + " " + " ".join(headers))
    factor = Decimal(str(header_unit_factor(norm(table.caption)) or 1.0))
    found: list[Candidate] = []
    staged_rows: dict[str, tuple[int, tuple[str | None, ...]]] = {}
    for r, row in rows:
        stage = _row_stage(lexicon, norm(row[0] or ""), year, caption_stage)
        if stage is None or len(row) - 1 > len(headers):
            continue  # another year's row, or more cells than names: which is under which is unknown
        staged_rows.setdefault(stage, (r, row))
        for col, concept in enumerate(concepts, start=1):
            metric = lexicon.concept_metric(concept, stage) if concept is not None else None
            number = _number(row, col)
            if metric is None or number is None:
                continue
            value = float(six_places(number * factor))
            found.append(Candidate(metric, value, _where(table, r, col, row, headers), 3))
    for r, row in data:
        if _CHANGE_ROW.search(norm(row[0] or "")) and len(row) - 1 <= len(headers):
            found += _change_row(lexicon, table, r, row, concepts, headers, staged_rows, factor)
    return found


def _number(row: tuple[str | None, ...], col: int) -> Decimal | None:
    cell = to_halfwidth(row[col] or "") if col < len(row) else ""
    number = re.fullmatch(r"\s*(-?\d[\d,]*(?:\.\d+)?)\s*", cell)
    return Decimal(number[1].replace(",", "")) if number else None


def _where(table: Table, r: int, col: int, row: tuple[str | None, ...], headers: list[str]) -> Provenance:
    return Provenance(table.where(r, col), table.line_of(r, col), (row[col] or "").strip(), f"{row[0]} / {headers[col - 1]}")


def _change_row(lexicon: Lexicon, table: Table, r: int, row: tuple[str | None, ...], concepts: list[int | None],
                headers: list[str], staged_rows: dict[str, tuple[int, tuple[str | None, ...]]],
                factor: Decimal) -> list[Candidate]:
    """The changes a comparison row states (``决算对比 | 2.88 | 0.00 | -0.07 | …``): this year's row of a
    stage less last year's, when every figure of the row is that difference (a row of rates, or of
    another comparison, is not)."""
    for stage in ("final", "budget"):
        if stage not in staged_rows or "prev_" + stage not in staged_rows:
            continue
        now, before = staged_rows[stage][1], staged_rows["prev_" + stage][1]
        columns = [col for col in range(1, len(row)) if _number(row, col) is not None]
        if not columns or any(_number(now, col) is None or _number(before, col) is None
                              or abs(_number(now, col) - _number(before, col) - _number(row, col)) > _CENT  # type: ignore[operator]
                              for col in columns):
            continue
        found = []
        for col in columns:
            concept = concepts[col - 1] if col - 1 < len(concepts) else None
            level = lexicon.concept_metric(concept, stage) if concept is not None else None
            if level is not None and f"{level}_change" in lexicon.vocabulary.metrics:
                value = float(six_places(_number(row, col) * factor))  # type: ignore[operator]
                found.append(Candidate(f"{level}_change", value, _where(table, r, col, row, headers), 3))
        return found
    return []


def _stage_row(lexicon: Lexicon, label: str) -> re.Match[str] | None:
    """The stage phrase a row label is, whole (``预算数``, ``2023年决算``, ``上年决算数``), else None."""
    return lexicon.stage_re.fullmatch(mask_not_stages(lexicon, label))


def _row_stage(lexicon: Lexicon, label: str, year: int | None, caption_stage: str | None) -> str | None:
    """The stage of a row's figures: its year (this one or the last) with the stage word of the
    label, else of the caption; or the stage phrase the label is. None for another year's row."""
    match = _YEAR_ROW.match(label)
    if match and not _stage_row(lexicon, label):
        stage, when = _stage_word(lexicon, match[2]) or caption_stage, int(match[1])
    else:
        phrase = _stage_row(lexicon, label)
        if phrase is None:
            return None
        stage, when = lexicon.stage_words[phrase["word"]], int(phrase["year"]) if phrase["year"] else None
        if when is None:
            return stage if stage in ("budget", "final", "prev_budget", "prev_final") else None
    if stage not in ("budget", "final") or year is None or when not in (year, year - 1):
        return None
    return "prev_" + stage if when == year - 1 else stage


def _headers(lexicon: Lexicon, rows: tuple[tuple[str | None, ...], ...], width: int) -> list[str] | None:
    """One column name per figure column, or None when the names cannot be matched one to one
    (see :mod:`.sub_columns`). The names of a two-row header are read first row first, as a
    flat copy prints them. The first cell names the row labels (``年度``, ``项目``) unless it
    names a figure column itself (``合计``, an item, but not ``三公经费项目``, which names the labels): then
    the label column has no name, and taking the first name for it would shift every other name one
    column to the left."""
    names = [norm(h or "") for row in rows for h in row]
    names = [h for h in names if h]
    if len(rows) == 2 and not any(h in _SUBTOTAL for h in names[len([c for c in rows[0] if c]):]):
        return None  # a second header row that splits no column: stage or year over items, not read here
    if names and names[0] not in _SUBTOTAL and (_concept(lexicon, names[0]) is None or _LABELS_NAME.search(names[0])):
        names = names[1:]  # 年度, 项目; 三公经费项目 names the labels whatever item it says
    return flat_columns(names, width, related=lambda part, name: _share_of(lexicon, part, name))


def _share_of(lexicon: Lexicon, part: str, name: str) -> bool:
    """Whether the vocabulary makes ``part`` a share of ``name`` (运行费 of 公务用车费: its metric
    extends the other's)."""
    inner, outer = _concept(lexicon, part), _concept(lexicon, name)
    if inner is None or outer is None or inner == outer:
        return False
    a, b = lexicon.concept_metric(inner, "budget") or "", lexicon.concept_metric(outer, "budget") or ""
    return bool(b) and a.startswith(b + "_")


def total_of(lexicon: Lexicon, concepts: list[int]) -> int | None:
    """The one total these concepts are items of (因公出国(境)费, 公务接待费, 公务用车费 →
    “三公”经费): the outermost concept whose metric prefixes theirs."""
    totals = set()
    for concept in concepts:
        metric = lexicon.concept_metric(concept, "budget") or ""
        parts = metric.split("_")
        prefixes = ["_".join(parts[:k]) for k in range(1, len(parts))]
        outer = next((p for p in prefixes if p in lexicon.metric_concept), None)
        if outer:
            totals.add(lexicon.metric_concept[outer][0])
    return totals.pop() if len(totals) == 1 else None


def _concept(lexicon: Lexicon, header: str) -> int | None:
    if header in _SUBTOTAL:
        return None
    cue = lexicon.cue_re.match(header)
    return lexicon.cues[cue.group()].concept if cue and cue.end() >= len(header) - 2 else None


def _stage_word(lexicon: Lexicon, text: str) -> str | None:
    found = None
    for match in lexicon.stage_re.finditer(mask_not_stages(lexicon, text)):
        stage = lexicon.stage_words[match["word"]]
        found = stage if stage in ("budget", "final") else found
    return found
