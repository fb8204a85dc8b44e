"""Read tables: classify columns (stage or comparison) and rows (concept), yield candidates.

A column headed ``2024年预算`` is a budget stage, ``2023年决算`` (``2023年预算``) the prior
year's 决算 (budget) in a 2024 report; ``2024年决算较年初预算 金额/比例`` is a comparison (current vs base) whose
figures the checks re-compute. A ``合计`` row takes the concept of the table's caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .document import Table
from .model import Candidate, Provenance
from .lexicon import Lexicon, named_before, norm
from .scan import CARRY_OVERS, DEPARTMENT_TOTALS, OTHER_YEAR, mask_not_stages
from .text_tables import column_headers, header_row_count, is_numeric_cell
from .year_rows import total_of
from ..units import header_unit_factor, six_places, to_halfwidth

_TOTAL_ROW = ("合计", "总计", "合 计")
_COMPARE = re.compile(r"(较|比)")


@dataclass(frozen=True)
class Column:
    """``role`` is ``label``, ``stage``, ``amount`` (a change) or ``percent`` (a change ratio);
    comparisons carry the ``current`` and ``base`` stages."""

    index: int
    header: str
    role: str
    stage: str | None = None
    current: str | None = None
    base: str | None = None


@dataclass(frozen=True)
class TableView:
    table: Table
    columns: tuple[Column, ...]
    first_row: int
    factor: Decimal
    concept: int | None

    def row_label(self, row: int) -> str:
        cells = self.table.rows[row]
        return (cells[0] or "").strip() if cells else ""

    def text_before(self, row: int) -> str:
        """The caption and the row labels above ``row``, normalised."""
        return norm(self.table.caption) + "".join(norm(self.row_label(r)) for r in range(row))

    def is_total_row(self, row: int) -> bool:
        """A 合计 row, or a first row of figures labelled 小计 (a total over the items below it: 小计 /
        因公出国(境)费 / …) or with no label (the total's label printed in the header's merged first cell,
        or lost in the copy: 2023年决算数 / … / 820.33 / 688.84 / 1、…)."""
        label = norm(self.row_label(row))
        return label in {norm(t) for t in _TOTAL_ROW} or (label in ("", "小计") and row == self.first_row)

    def has_negative(self, col: int) -> bool:
        """Whether a figure of column ``col`` below the header is printed with a minus sign."""
        return any(number is not None and number < 0
                   for number in (self.number(row, col) for row in range(self.first_row, len(self.table.rows))))

    def number(self, row: int, col: int) -> Decimal | None:
        cells = self.table.rows[row]
        text = to_halfwidth(cells[col] or "") if col < len(cells) else ""
        match = re.fullmatch(r"\s*([-+]?\d[\d,]*(?:\.\d+)?)\s*%?\s*", text)
        return Decimal(match[1].replace(",", "")) if match else None


_NOTE_HEADER = re.compile(r"原因|说明|备注")
_POINTS_HEADER = re.compile(r"分值|得分|权重|分数|满分|评分")  # a self-evaluation table's points, no figure of a row's own
_ROW_NUMBER_HEADER = re.compile(r"^(?:行次|栏次)$")
_CHANGE_HEADER = re.compile(r"增减|减少|增加|增长|下降|变动|变化")
# 其中:, 一、, (2), and a count's year (2023年实际在职人数: the year of the column it heads)
_ROW_PREFIX = re.compile(r"^(?:其中[:：]?)?(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?(?:(?:19|20)\d{2}年度?(?=[^\d]*人数))?")
_COUNT_TAIL = re.compile(r"(?:数|量|人次|批次|次数|团组|个|辆|人)$")
_UNIT_TAIL = re.compile(r"\([^()]{1,4}\)$")  # 团组数(个), 接待批次(批): the row's unit, after its words


def _whole_numbers(table: Table, col: int) -> bool:
    """Whether every figure in a column is a whole number without decimals (a 行次 column,
    where the amounts beside it print 440.55, 0.00)."""
    cells = [row[col] for row in table.rows[header_row_count(table.rows):] if col < len(row) and row[col]]
    figures = [f.strip() for f in map(to_halfwidth, cells) if re.fullmatch(r"\s*\d[\d,]*(?:\.\d+)?\s*", f)]  # ８５０．５５ too
    return bool(figures) and all(re.fullmatch(r"\d{1,3}", f) for f in figures)


def _total_of_items(table: Table, lexicon: Lexicon) -> int | None:
    """The concept of a 合计 row under a caption that names none: the total whose items the
    other rows are (因公出国(境)费, 公务接待费, 公务用车费 → “三公”经费)."""
    concepts = []
    for row in table.rows[header_row_count(table.rows):]:
        label = _ROW_PREFIX.sub("", norm((row[0] or "") if row else ""))
        cue = lexicon.cue_re.match(label) if label else None
        if cue and lexicon.cues[cue.group()].concept is not None:
            concepts.append(lexicon.cues[cue.group()].concept)
    return total_of(lexicon, concepts)


def _header_years(lexicon: Lexicon, text: str) -> set[str]:
    """The years a column header dates a stage by: right before its word, or the one year it names."""
    words = list(lexicon.stage_re.finditer(text))
    adjacent = {m["year"] for m in words if m["year"]}
    years = {m[1] for m in _HEADER_YEAR.finditer(text)}
    return adjacent or (years if words and len(years) == 1 else set())


def _stage(lexicon: Lexicon, text: str, year: int | None, header: bool = False) -> str | None:
    """The stage ``text`` names, dated by the year right before its word; in a column's ``header``,
    by the one year the header names before it (``2010年“三公经费”财政拨款决算数``)."""
    found = None
    years = {m[1] for m in _HEADER_YEAR.finditer(text)} if header else set()
    for match in lexicon.stage_re.finditer(mask_not_stages(lexicon, text)):
        stage = lexicon.stage_words[match["word"]]
        named = match["year"] or (next(iter(years)) if len(years) == 1 and _HEADER_YEAR.search(
            text[:match.start()]) else None)
        if named and year and int(named) == year - 1 and stage in ("final", "budget"):
            stage = "prev_" + stage
        elif named and year and int(named) != year:
            stage = OTHER_YEAR  # 2024年预算数 in a 2023 text: no column of this text's figures
        found = stage
    return found


_HEADER_YEAR = re.compile(r"((?:19|20)\d{2})年?")


def _dated(stage: str, header: str, year: int | None) -> str | None:
    """The caption's stage for a column whose header names no stage, as the year it names allows:
    that of a column of the text's year (or of none); last year's 决算 for last year's column under a
    决算 caption; none for another year (``2022年 | 2023年`` under “2023年…决算表”: 2022 is no 2023 决算)."""
    named = _HEADER_YEAR.search(header)
    if named is None or year is None or int(named[1]) == year:
        return stage
    if int(named[1]) == year - 1 and stage == "final":
        return "prev_final"
    return OTHER_YEAR


def _caption_over_labels(table: Table, headers: list[str], lexicon: Lexicon, year: int | None) -> bool:
    """Whether the header's first cell is a caption merged down the rows' side, printed once
    (``部门(单位)总体资金(万元) | 资金来源 | 年初预算数 | 全年执行数 | 分值 | 得分 | 得分计算方法`` over
    ``年度资金总额: | 1172.55 | 1268.72 | 10 | 10 | 执行率*…``): the rows start one cell to the left,
    their labels under the second name. It states a money unit, the second name no stage or change
    while a later one does, every row of figures has one right after its label, and no row reaches
    the header's last name."""
    last = max((k for k, h in enumerate(headers) if h.strip()), default=0)
    if last < 3 or header_unit_factor(norm(headers[0])) is None:
        return False
    second = norm(headers[1])
    if _stage(lexicon, second, year) or _COMPARE.search(second) or _CHANGE_HEADER.search(second) \
            or not any(_stage(lexicon, norm(h), year) for h in headers[2:]):
        return False
    rows = [row for row in table.rows[header_row_count(table.rows):] if any(is_numeric_cell(c) for c in row[1:])]
    return bool(rows) and all(len(row) > 1 and is_numeric_cell(row[1]) and not any(
        (c or "").strip() for c in row[last:]) for row in rows)


def analyse_table(table: Table, lexicon: Lexicon, year: int | None) -> TableView:
    """Classify a table's columns and find its unit and subject concept."""
    headers = named = column_headers(table.rows)
    if _caption_over_labels(table, headers, lexicon, year):
        headers = headers[1:] + [""]
    if year is None:  # 2015执行数 | 2016预算数 in a text that names no year: the later is this year's
        years = {int(y) for h in headers for y in _header_years(lexicon, norm(h))}
        year = max(years) if len(years) > 1 else None
    numbered = any(_ROW_NUMBER_HEADER.search(norm(h)) for h in headers)
    columns = []
    for index, header in enumerate(headers):
        text = norm(header)
        compare = _COMPARE.search(text)
        if index == 0:
            columns.append(Column(index, header, "label"))
        elif _NOTE_HEADER.search(text) or _ROW_NUMBER_HEADER.search(text) or (numbered and _whole_numbers(table, index)):
            columns.append(Column(index, header, "note"))  # 增减原因; a 行次 column of a 决算 summary table
        elif compare or _CHANGE_HEADER.search(text):
            tail = text[compare.end() if compare else 0:]
            role = "percent" if ("比例" in text or "%" in text or "率" in tail or "幅度" in tail) else "amount"
            at = compare.start() if compare else len(text)
            columns.append(Column(index, header, role, current=_stage(lexicon, text[:at], year),
                                  base=_stage(lexicon, text[at:], year) if compare else None))
        elif any(word in text for word in lexicon.adjusted_columns):
            columns.append(Column(index, header, "stage", stage="adjusted"))  # 全年预算数: the adjusted budget
        else:
            columns.append(Column(index, header, "stage", stage=_stage(lexicon, text, year, header=True)))
    caption_stage = _stage(lexicon, norm(table.caption), year)
    if caption_stage and not any(c.stage for c in columns):  # 单位：万元 | 2017年度支出 under “…决算情况”
        columns = [Column(c.index, c.header, c.role, _dated(caption_stage, norm(c.header), year)) if c.role == "stage"
                   else c for c in columns]
    factor = header_unit_factor(norm(table.caption)) or header_unit_factor(norm(" ".join(named))) or 1.0
    concepts = [lexicon.cues[m.group()].concept for m in lexicon.cue_re.finditer(norm(table.caption))]
    concept = next((c for c in reversed(concepts) if c is not None), None)  # the nearest to the table
    if concept is None:
        concept = _total_of_items(table, lexicon)
    return TableView(table, tuple(columns), header_row_count(table.rows), Decimal(str(factor)), concept)


_ONE_WAY = re.compile(r"^(?:[^增减]*(?:增加|增长|上升)[^增减]*|[^增减]*(?:减少|下降|降低)[^增减]*)$")
_RISE_ONLY = re.compile(r"增加|增长|上升")


def _change_stage(view: TableView, column: Column) -> str | None:
    """The stage a change column compares with last year: its own (``2024年预算比上年``) or,
    when it names none (``比上年增、减情况 增、减金额``), the one current stage of the table's
    other columns (``上年决算数 | 本年决算数``); a header naming neither (``增加额``, ``增长率``) beside a column
    of last year's (``本期 | 上年同期``) compares those two. A header saying only that it fell (``减少额``)
    gives no signed change; one saying it rose prints a fall with its minus sign (``增加额 -4470016.78``)."""
    header = norm(column.header)
    if _ONE_WAY.match(header) and not (_RISE_ONLY.search(header) and view.has_negative(column.index)):
        return None
    if column.base is None:  # 2023年预算数增减 beside 2022年预算数; 增加额 beside 上年同期
        if not any(c.role == "stage" and c.stage in _PRIOR_STAGES for c in view.columns):
            return None
    elif column.base not in _PRIOR_STAGES:
        return None
    if column.current in ("budget", "final"):
        return column.current
    current = {c.stage for c in view.columns if c.role == "stage" and c.stage in ("budget", "final")}
    return current.pop() if len(current) == 1 else None


_PRIOR_STAGES = ("prev_final", "prev_budget")


_APPROPRIATIONS_TABLE = re.compile(r"财政拨款收(?:入)?支(?:出)?(?:预算|决算)?总(?:体情况)?表")
_GRAND_LABEL = "总计"
_SIDES = (("收入", "收入总计"), ("支出", "支出总计"))  # the side a row names, and the cue of its grand total
_SIDE_HEADERS = frozenset({"", "收入", "支出", "金额", "数额"})  # a column named by its side, not its stage


def table_candidates(view: TableView, lexicon: Lexicon) -> list[Candidate]:
    """Candidates from stage columns × rows whose label names a concept (or the 合计 row), and
    from columns of the change on last year (``<metric>_change``, ``<metric>_change_pct``)."""
    found: list[Candidate] = []
    changes = {c.index: _change_stage(view, c) for c in view.columns if c.role in ("amount", "percent")}
    governments = _governments(view)
    appropriations = _APPROPRIATIONS_TABLE.search(norm(view.table.caption)) is not None
    named = {c.stage for c in view.columns if c.stage}
    sole = next(iter(named)) if len(named) == 1 and named <= {"budget", "final"} else None
    for row in range(view.first_row, len(view.table.rows)):
        label = _ROW_PREFIX.sub("", norm(view.row_label(row)))
        concept = view.concept if view.is_total_row(row) else None
        if concept is None and label == _GRAND_LABEL:
            concept = _grand_of_side(view, row, lexicon)  # 本年收入合计 … 总计: the income's grand total
        direct = None
        cue = lexicon.cue_re.search(label) if label else None
        if cue and lexicon.cues[cue.group()].after is not None \
                and not named_before(lexicon.cues[cue.group()], view.text_before(row)):
            cue = None  # 其中:购置经费 under no 公务用车购置及运行费 row (the rows above read only for such a cue)
        if cue and concept is None and cue.start() <= 2 \
                and not _COUNT_TAIL.search(_UNIT_TAIL.sub("", label[cue.end():])):
            concept, direct = lexicon.cues[cue.group()].concept, lexicon.cues[cue.group()].metric
            if concept in lexicon.generic_concepts and view.concept is not None \
                    and view.concept not in lexicon.generic_concepts:
                concept = view.concept  # 一、支出合计 in a “三公”经费 table is the “三公” total
        for column in view.columns:
            if changes.get(column.index) and concept is not None and direct is None:
                found += _change_candidate(view, lexicon, row, column, concept, changes[column.index])
                continue
            # 收入 | 支出 over 项目 | 预算数 twice, the rows read as label | figure: the one stage the header names
            stage = column.stage or (sole if norm(column.header) in _SIDE_HEADERS else None)
            if column.role != "stage" or (stage is None and direct is None):
                continue
            if direct and column.stage in (OTHER_YEAR, *_PRIOR_STAGES):
                continue  # 编制人数 | 40 | 42 under 2022年 | 2023年: a count of another year is not this year's
            if direct and _POINTS_HEADER.search(norm(column.header)) \
                    and getattr(lexicon.vocabulary.get(direct), "kind", None) != "score":
                continue  # 满意度 | 10 | 10 under 分值 | 得分: the criterion's weight and score, not the rate
            if direct in CARRY_OVERS and stage == "budget":
                continue  # 上年结转结余 | 14.54 under 预算数, or in a table whose columns name only the budget
            metric = direct or (lexicon.concept_metric(concept, stage) if concept is not None else None)
            number = view.number(row, column.index)
            if metric is None or number is None or (governments or appropriations) and metric in DEPARTMENT_TOTALS:
                continue  # a government's accounts, or the appropriations' table (财政拨款收支总表): no department total
            spec = lexicon.vocabulary.get(metric)
            if spec and spec.kind != "percent" and "%" in (view.table.rows[row][column.index] or ""):
                continue  # 100% in an amount column: a rate the row shifted there, no amount
            value = float(six_places(number * view.factor)) if spec and spec.kind == "money" else float(number)
            if spec and spec.kind in ("count", "score") and value.is_integer():
                value = int(value)  # 21 people, as the text reader gives them, not 21.0
            cell = view.table.rows[row][column.index] or ""
            prov = Provenance(view.table.where(row, column.index), view.table.line_of(row, column.index), cell.strip(),
                              f"{view.row_label(row)} / {column.header}")
            found.append(Candidate(metric, value, prov, 3))
            if direct:
                break  # a stage-free figure (编制数) is read once, from its first filled column
    return found


def _grand_of_side(view: TableView, row: int, lexicon: Lexicon) -> int | None:
    """The concept of a bare 总计 row: the grand total of the side (收入 or 支出) the nearest row above it
    names (本年收入合计 … 年初结转和结余 … 总计: 收入总计), as a 收支总表 prints each side's rows and then its
    总计, two sides stacked one under the other or side by side; None where no row above names a side."""
    for above in range(row - 1, view.first_row - 1, -1):
        label = norm(view.row_label(above))
        side = next((name for word, name in _SIDES if word in label), None)
        if side is not None:
            cue = lexicon.cues.get(side)
            return cue.concept if cue is not None else None
    return None


def _governments(view: TableView) -> bool:
    """Whether the table is a government's fiscal account, whose totals are no department's: its caption
    names its revenue (``2020年中庄镇一般公共预算收入执行情况表``) or a row lists taxes (``一、税收收入``)."""
    labels = (norm(view.row_label(row)) for row in range(view.first_row, len(view.table.rows)))
    return bool(_GOVERNMENT_CAPTION.search(norm(view.table.caption))) or any(_TAX_ROW.match(label) for label in labels)


_GOVERNMENT_CAPTION = re.compile(r"一般公共预算收入|财政(?:总)?收入|税收收入")
_TAX_ROW = re.compile(r"(?:[一二三四五六七八九十]+、)?税收收入")


def _change_candidate(view: TableView, lexicon: Lexicon, row: int, column: Column, concept: int,
                      stage: str) -> list[Candidate]:
    level = lexicon.concept_metric(concept, stage)
    metric = f"{level}_change_pct" if column.role == "percent" else f"{level}_change"
    number = view.number(row, column.index)
    if level is None or number is None or metric not in lexicon.vocabulary:
        return []
    value = float(number) if column.role == "percent" else float(six_places(number * view.factor))
    cell = view.table.rows[row][column.index] or ""
    prov = Provenance(view.table.where(row, column.index), view.table.line_of(row, column.index), cell.strip(),
                      f"{view.row_label(row)} / {column.header}")
    return [Candidate(metric, value, prov, 3)]
