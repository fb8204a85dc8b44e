"""Table structure: reassembling tables flattened to one cell per line, and column headers.

Text exported from Word often prints a table as one cell per line, each cell
led by a tab, rows separated by blank lines, and a wrapped cell continuing on
an untabbed line; web copies print cells separated by ``|``, one cell per line with
or without blank lines between, or columns aligned with spaces. An empty cell that
leaves no trace (no bar, no blank line) makes its row's figures unplaceable, and the
row is read as blank; one cell per paragraph, an empty cell is an empty paragraph (a line of
spaces, or one more blank line). Figures right under the header, before any row label, are a
first row whose label was lost: the total's. A header of column names over one row of figures, one cell per line, is
read by :mod:`.header_rows`, column names over labelled rows by :mod:`.labelled_rows`.
:func:`split_text_blocks` turns such runs back into rows; :func:`column_headers` expands
multi-row headers (merged cells) into one header per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..units import to_halfwidth
from .form_fields import field_lines
from .header_rows import HeaderTable, header_over_figures, piped_header_over_figures
from .labelled_rows import labelled_rows
from .one_line_tables import COLUMN, one_line_rows
from .sub_columns import SUBTOTALS, flat_columns, sibling_part
from .table_notes import columns_from_note
from .side_by_side import side_by_side_table
from .single_spaced import single_spaced_table

_NUMERIC_CELL = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*%?\s*$")


@dataclass(frozen=True)
class TextTable:
    """Rows of a table found in plain text, with the 1-based line of each row."""

    rows: list[list[str]]
    row_lines: list[int]
    cell_lines: list[list[int]]
    first_line: int
    last_line: int

    @classmethod
    def by_rows(cls, rows: list[list[str]], row_lines: list[int], first_line: int, last_line: int) -> "TextTable":
        """A table whose cells each sit on their row's line (one row per line of text)."""
        return cls(rows, row_lines, [[line] * len(row) for row, line in zip(rows, row_lines)], first_line, last_line)


def _add_titled(blocks: list[tuple[str, int] | TextTable], titles: list[tuple[str, int]], table: TextTable) -> None:
    """A table read with the title or caption lines it opened with: those first, as paragraphs."""
    blocks.extend(titles)
    blocks.append(table)


def split_text_blocks(lines: list[str]) -> list[tuple[str, int] | TextTable]:
    """Split text lines into paragraphs ``(text, line)`` and reassembled :class:`TextTable` s."""
    blocks: list[tuple[str, int] | TextTable] = []
    i = 0
    no_cells_until = 0  # a run of short lines already found to be no table is not read again
    no_header_until = 0  # nor a run already found to hold no header over figures
    no_labelled_until = 0  # nor one found to hold no columns over labelled rows
    no_paragraphs_until = 0  # nor a run of one cell per paragraph found to hold no table
    while i < len(lines):
        if lines[i].startswith("\t"):
            table, end = _read_flat_table(lines, i)
            if table is not None:
                blocks.append(table)
                i = end
                continue
        if i >= no_labelled_until and _cell_or_bars(lines[i]):
            labelled, no_labelled_until = labelled_rows(lines, i)
            if labelled is not None:
                # 合计 | … over 预算数 | 决算数 six times, over one row of figures: the names over the figures,
                # not a row labelled 决算数
                over, _ = header_over_figures(lines, i)
                i = _add_header_table(blocks, over if over is not None and over.end >= labelled.end else labelled)
                continue
        if i >= no_paragraphs_until and _short_cell(lines[i]) and i + 1 < len(lines) and not lines[i + 1].strip():
            table, end = _read_paragraph_cells(lines, i)
            if table is not None:
                _add_titled(blocks, *_peel_captions(table))
                i = end
                continue
            no_paragraphs_until = end
        if i >= no_header_until and _cell_or_bars(lines[i]):
            header, no_header_until = header_over_figures(lines, i)
            if header is not None:
                i = _add_header_table(blocks, header)
                continue
        if i >= no_cells_until and _short_cell(lines[i]) and i + 1 < len(lines) and _short_cell(lines[i + 1]):
            table, end = _read_line_cells(lines, i)
            no_cells_until = end
            if table is not None:
                _add_titled(blocks, *_peel_captions(table))
                i = end
                continue
        piped = piped_header_over_figures(lines, i)[0] if "|" in lines[i] else None
        if piped is not None:
            i = _add_header_table(blocks, piped)
            continue
        if "|" in lines[i]:
            start = _pipe_start(lines, i, blocks)
            table, end = _read_pipe_table(lines, start)
            if table is not None:
                del blocks[len(blocks) - (i - start):]
                titles, table = _peel_titles(table)
                captions, table = _peel_captions(table)
                _add_titled(blocks, titles + captions, table)
                i = end
                continue
        paired = side_by_side_table(lines, i)
        if paired is not None:
            blocks.append(TextTable.by_rows(paired.rows, paired.row_lines, i + 1, paired.end))
            i = paired.end
            continue
        if len(_aligned_cells(lines[i])) >= 2:
            table, end = _read_aligned_table(lines, i)
            if table is not None:
                blocks.append(table)
                i = end
                continue
        spaced = single_spaced_table(lines, i)
        if spaced is not None:
            blocks.append(TextTable.by_rows(spaced.rows, spaced.row_lines, spaced.row_lines[0], spaced.end))
            i = spaced.end
            continue
        flat = one_line_rows(lines[i])
        if flat is not None:
            blocks.extend(_one_line_table(flat, i + 1))
        elif lines[i].strip():
            blocks.append((lines[i], i + 1))
        i += 1
    return blocks


def _add_header_table(blocks: list[tuple[str, int] | TextTable], found: HeaderTable) -> int:
    """A table found under its column names, added with its caption lines; the index of the line after it."""
    _add_titled(blocks, found.caption, TextTable.by_rows(found.rows, found.row_lines, found.row_lines[0], found.end))
    return found.end


def _one_line_table(flat: tuple[str, list[list[str]], str], line: int) -> list[tuple[str, int] | TextTable]:
    """The text before a table printed on one line, the table, and the text after it."""
    before, rows, after = flat
    table = TextTable(rows, [line] * len(rows), [[line] * len(row) for row in rows], line, line)
    return [*([(before, line)] if before else []), table, *([(after, line)] if after else [])]


_CELL_LINE = 30
_ROW_NUMBER_HEADS = ("序号", "行次", "栏次", "编号")
_ROW_NUMBER = re.compile(r"\d{1,3}")
_UNIT_LINE = re.compile(r"单位|單位|表$")
_BLANK_CELL = re.compile(r"^[-—–－]*$")
_PHONE = re.compile(r"^\s*(?:\(?0\d{2,3}\)?[-—－ ]?)?\d{7,8}\s*$|^\s*1[3-9]\d{9}\s*$")  # 0730-7802036: a form's value, no name
# a cell a form marks as not to be filled (本单位不需填列, 不适用): blank, no figure and no label
_LABEL_HEAD = re.compile(r"^(?:项目|科目|名称|年度|年份|类别|内容|指标|单位|序号)")  # a label column's name
_DATE = re.compile(r"\d{4}年\d{1,2}月(?:\d{1,2}日)?")  # a date (报告日期:2019年06月18日) names no column
_NOT_FILLED = re.compile(r"(?:不需|无需|不必|不用|不)填(?:列|报|写)|不适用")


def _short_cell(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= _CELL_LINE and not text.endswith(("。", ";", "；")) and "|" not in text


def _cell_or_bars(line: str) -> bool:
    """A short cell, with or without bars after it (``公务接待费 |``)."""
    text = line.strip().strip("|").strip()
    return bool(text) and "|" not in text and _short_cell(text)


def _pipe_start(lines: list[str], i: int, blocks: list[tuple[str, int] | TextTable]) -> int:
    """First line of a pipe table: the line before a lone ``|`` is its first cell
    (``项 目`` / ``|`` / ``预 算 数``); unit lines and titles stay paragraphs."""
    if (lines[i].strip() == "|" and i > 0 and _short_cell(lines[i - 1]) and not _UNIT_LINE.search(lines[i - 1].strip())
            and blocks and isinstance(blocks[-1], tuple) and blocks[-1][1] == i):
        return i - 1
    return i


def _read_pipe_table(lines: list[str], start: int) -> tuple[TextTable | None, int]:
    """A table whose cells are separated by ``|``: one row per line (``合 计 | 1.8 | 1.52 |``)
    or one cell per line (``合计 |`` / ``4432 |`` or ``合计`` / ``|`` / ``4432`` / ``|``)."""
    j, pipes, row_lines = start, 0, 0
    spaced = False  # a copy that puts a blank line after every row (a web page's rows as paragraphs)
    while j < len(lines):
        line = lines[j]
        if "|" in line:
            pipes += 1
            row_lines += len([c for c in line.split("|") if c.strip()]) >= 2
        elif not line.strip() and j > start and "|" in lines[j - 1] and j + 1 < len(lines) and "|" in lines[j + 1] \
                and (spaced or pipes == 1):
            spaced = True  # 合计 | 1.8 | 1.52 | / (blank) / 公务接待费 | 1.8 | 1.52 |: still the table
        elif not (_short_cell(line) and any("|" in n for n in lines[j + 1:j + 4])):
            break
        j += 1
    if pipes < 4 and not 3 <= row_lines == pipes and not _header_and_one_row(lines[start:j]):
        return None, start  # a short table: every line a row of cells
    block = _without_stated_unit(lines[start:j])
    prose = _PROSE_BEFORE_CELL.match(block[0].strip())
    if prose is not None:
        block[0] = prose[2] + prose[3]
    if row_lines * 2 >= pipes:
        rows, where = _side_by_side(*_pipe_rows(block, start))
    else:
        rows, where = _pipe_stream(block, start)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None, start
    if prose is not None:  # a title row of one cell, read as a paragraph above the table (_peel_titles)
        rows, where = [[prose[1]], *rows], [start + 1, *where]
    return TextTable.by_rows(rows, where, start + 1, j), j


# a page's sentence run into the table's first cell (…请以附件为准)收 入 | | 支 出 | |): the sentence, then the row
_PROSE_BEFORE_CELL = re.compile(rf"^(.{{{_CELL_LINE},}}?[。)）:：])\s*([^。)）:：|]{{1,8}})(\s*\|.*)$")


def _header_and_one_row(block: list[str]) -> bool:
    """Two lines of as many cells (three or more): names, then a label and its figures
    (``项目 | 本年支出合计 | 基本支出 | 项目支出`` / ``合计 | 798.45 | 650.20 | 148.25``)."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in block if "|" in line]
    if len(rows) != 2 or len(rows[0]) != len(rows[1]) or len(rows[0]) < 3:
        return False
    header, row = rows
    return all(header) and not any(is_numeric_cell(c) for c in header) and bool(row[0]) \
        and not is_numeric_cell(row[0]) and all(is_numeric_cell(c) for c in row[1:])


_STATED_UNIT = re.compile(r"单位[:：]\s*(亿元|万元|元)")


def _without_stated_unit(block: list[str]) -> list[str]:
    """The block with the unit its unit line states dropped from cells that repeat it after their
    figure (``单位:万元`` … ``44万元 |``: the cell is ``44``); a cell in another unit keeps it (and
    is no figure of the table)."""
    stated = next((m[1] for m in map(_STATED_UNIT.search, block) if m), None)
    if stated is None:
        return block
    cell = re.compile(rf"(?<![\d.,])(\d[\d,]*(?:\.\d+)?){stated}(?=\s*(?:\||$))")
    return [cell.sub(r"\1", line) for line in block]


def _title_lines(row: list[str]) -> list[str] | None:
    """The paragraphs a leading row gives: its form fields, one each, or its one filled cell when that is
    no figure (the table's title, its unit line); None for a row of the table."""
    fields = field_lines(row)
    if fields is not None:
        return fields
    filled = [c for c in row if c.strip()]
    return filled if len(filled) == 1 and row[0].strip() and not is_numeric_cell(row[0]) else None


def _peel_titles(table: TextTable) -> tuple[list[tuple[str, int]], TextTable]:
    """Leading rows of one filled cell (the table's title, its unit line: ``施甸县2016年“三公”经费
    决算情况统计表 | ||||``) are paragraphs above the table, not header rows; so are rows of form fields
    (``填报单位:某县民政局 | 填报日期:2024年4月10日``), a paragraph each."""
    titles: list[tuple[str, int]] = []
    count = 0
    while count < len(table.rows) - 2 and (lines := _title_lines(table.rows[count])) is not None:
        titles += [(line, table.row_lines[count]) for line in lines]
        count += 1
    if not count:
        return [], table
    return titles, TextTable(table.rows[count:], table.row_lines[count:], table.cell_lines[count:],
                             table.row_lines[count], table.last_line)


def _peel_captions(table: TextTable) -> tuple[list[tuple[str, int]], TextTable]:
    """A table printed one cell per paragraph starts with its title and unit line as cells
    (``…2019年部门决算表`` / ``公开01表`` / ``金额单位:万元`` / ``收入`` / ``项目`` …): the cells up to
    the last unit line are paragraphs above the table, not column headers. When they are all the
    header holds and each row has one figure, the table has no column names: its one column takes
    the title's stage. A form's cells before its first value (its header ending in a blank value name,
    :func:`_fitting`) are paragraphs too, all but the last, which names the labels' column."""
    header = table.rows[0]
    if len(header) > 2 and header[-1] == "" and all(len(row) <= 2 for row in table.rows[1:]):
        lines = table.cell_lines[0]  # a form: the page's title and fields before its first value are paragraphs
        form = TextTable([header[-2:]] + table.rows[1:], [lines[-2]] + table.row_lines[1:],
                         [lines[-2:]] + table.cell_lines[1:], lines[-2], table.last_line)
        return list(zip(header[:-2], lines[:-2])), form
    cut = max((k for k, cell in enumerate(header) if _UNIT_LINE.search(cell)), default=-1)
    if cut >= 0 and cut + 1 == len(header) and len(table.rows) > 2 and all(len(row) <= 2 for row in table.rows[1:]):
        titles = list(zip(header, table.cell_lines[0]))  # no column names at all: one column of figures under the title
        return titles, TextTable(table.rows[1:], table.row_lines[1:], table.cell_lines[1:], table.row_lines[1],
                                 table.last_line)
    if cut < 0 or cut + 1 >= len(header):
        return [], table
    lines = table.cell_lines[0]
    titles = list(zip(header[:cut + 1], lines[:cut + 1]))
    row_lines = [lines[cut + 1]] + table.row_lines[1:]
    return titles, TextTable([header[cut + 1:]] + table.rows[1:], row_lines, [lines[cut + 1:]] + table.cell_lines[1:],
                             lines[cut + 1], table.last_line)


def _pipe_rows(block: list[str], start: int) -> tuple[list[list[str]], list[int]]:
    """One row per line of cells; a line that opens with a figure after a row of figures cut short
    by its closing bar is the rest of that row, broken by the copy (``基本支出 | 985.19 | 914.97 |`` /
    ``10 | 10 | |||||``)."""
    rows, where = [], []
    width = max((line.count("|") for line in block), default=0)
    cut = False  # the last row ended with its bar, short of the table's width
    barred = [line for line in block if "|" in line]
    closed_rows = sum(line.rstrip().endswith("|") for line in barred)
    for offset, line in enumerate(block):
        if "|" not in line:
            continue
        cells = [c.strip() for c in line.split("|")]
        if line is barred[-1] and not line.rstrip().endswith("|") and closed_rows * 2 > len(barred) \
                and offset == len(block) - 1:
            cells.pop()  # 總計 | 27 | 36816 where every row ends with its bar: the copy was cut in the last cell
        closed = bool(cells) and not cells[-1]
        if cells and not cells[-1]:
            cells.pop()  # nothing after the closing bar
        if cells and not cells[0] and len(cells) > 1:
            cells.pop(0)  # nothing before the opening bar
        if cut and cells and is_numeric_cell(cells[0]) and len(_filled(rows[-1])) + len(_filled(cells)) <= width:
            rows[-1].extend(cells)
            cut = False
            continue
        if any(cells):
            rows.append(cells)
            where.append(start + offset + 1)
            cut = closed and len(cells) < width and any(is_numeric_cell(c) for c in cells[1:])
    return rows, where


def _filled(cells: list[str]) -> list[str]:
    """The cells up to the last that holds anything."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _side_by_side(rows: list[list[str]], where: list[int]) -> tuple[list[list[str]], list[int]]:
    """Rows matched to the header one to one. A header that repeats itself (``项目 | 金额 | 项目 |
    金额``) holds two tables side by side: the left halves are read, then the right ones. A row
    longer than the header whose cell past the header's width is a label (``其中:购置经费 | | 运行维护费
    | 2`` under ``项目 | 金额``) holds as many rows side by side; any other longer row cannot say
    which column each figure is under, and is read as blank (its label only); when every longer
    row is one cell longer and the header does not name the label column (``| 预算数 | 决算数 |``),
    that name is the blank cell the opening bar left. Under a header of
    two rows the rows are left whole: the readers place them under its spans; a row over a header
    that repeats itself naming only its two sides (``收入 | | | 支出 | |``) is no header row."""
    sides = next((k for k in range(min(4, len(rows) - 2))
                  if [re.sub(r"[\s?]+", "", c) for c in rows[k] if c.strip()] == ["收入", "支出"]), None)
    names = _filled(rows[sides + 1]) if sides is not None else []
    if names and len(names) % 2 == 0 and names[:len(names) // 2] == names[len(names) // 2:] \
            and not any(is_numeric_cell(c) for row in rows[:sides] for c in row):
        # the bars closing a row leave no column; titles over the sides stay above, for the reader to peel
        halves, lines = _side_by_side([names] + rows[sides + 2:], where[sides + 1:])
        return rows[:sides] + halves, where[:sides] + lines
    count = header_row_count(tuple(tuple(r) for r in rows))
    width = max((len(_filled(r)) for r in rows[:count]), default=0)
    if count == 0 or width < 2:
        return rows, where
    head = _filled(rows[0])
    if width % 2 == 0 and len(head) == width and head[:width // 2] == head[width // 2:] and _is_label(head[0]):
        half = width // 2
        left = [r[:half] for r in rows]
        right = [r[half:] for r in rows[1:] if any(c.strip() for c in r[half:])]
        return left + right, where + [w for r, w in zip(rows[1:], where[1:]) if any(c.strip() for c in r[half:])]
    if sum(1 for r in rows[:count] if sum(1 for c in r if c.strip()) >= 2) >= 2:
        return rows, where  # a header of two rows: its spans are resolved by the table readers
    longer = [r for r in rows[count:] if len(r) > width]
    last = rows[count - 1]
    if longer and len(last) == width and all(len(r) == width + 1 and _is_label(r[0]) for r in longer) \
            and not _LABEL_HEAD.match(last[0]):
        rows = rows[:count - 1] + [[""] + last] + rows[count:]  # | 预算数 | 决算数 |: the bar opened a blank name
        width += 1
    kept, lines = rows[:count], where[:count]
    for row, line in zip(rows[count:], where[count:]):
        if len(row) > width and not any(c.strip() for c in row[width:]):
            row = row[:width]
        if len(row) <= width:
            kept.append(row)
            lines.append(line)
        elif len(row) % width == 0 and all(_is_label(row[k]) for k in range(0, len(row), width)):
            for k in range(0, len(row), width):
                kept.append(row[k:k + width])
                lines.append(line)
        else:
            kept.append(row[:1])
            lines.append(line)
    return kept, lines


def _read_paragraph_cells(lines: list[str], start: int) -> tuple[TextTable | None, int]:
    """A table exported one cell per paragraph (cell, blank line, cell, …): at least three
    label → figure steps, every cell short. An empty cell is an empty paragraph: a line of spaces
    alone, or where the copy keeps no spaces, each blank line beyond the one that parts two cells
    (``0`` / / ``0`` / / / / ``2、公务接待费``: two empty cells before the next row's label)."""
    cells: list[tuple[str, int]] = []
    j = start
    gap: list[int] = []  # the blank lines since the last cell
    while j < len(lines):
        if not lines[j].strip():
            gap.append(j)
            j += 1
            continue
        if not _short_cell(lines[j]):
            break
        if j + 1 < len(lines) and lines[j + 1].strip():
            break  # two lines in a row: running text, not a cell per paragraph
        if cells:
            spaced = [k for k in gap if lines[k]]
            cells.extend(("", k + 1) for k in (spaced or gap[1:]))
        cells.append((lines[j].strip(), j + 1))
        gap = []
        j += 1
    steps = sum(1 for (a, _), (b, _) in zip(cells, cells[1:]) if _is_label(a) and (is_numeric_cell(b) or _PHONE.match(b)))
    if steps < 3:
        return None, j  # a later start within the run holds fewer steps still: no table either
    rows, where = _cell_rows(cells)
    if len(rows) < 3:
        return None, j
    end_line = cells[-1][1]
    rows = _fitting(_named_by_note(rows, lines, end_line))
    cell_lines = [[line] * len(row) for row, line in zip(rows, where)]
    cell_lines[0] = _header_lines(rows[0], cells)  # the header: the first cells, each on its line
    return TextTable(rows, where, cell_lines, start + 1, end_line), end_line


def _named_by_note(rows: list[list[str]], lines: list[str], after: int) -> list[list[str]]:
    """Rows whose header holds only the caption (title, unit line) and whose rows all have as many
    figures: the column names the text under the table gives (:mod:`.table_notes`) added to it."""
    filled = [row for row in rows[1:] if len(row) > 1]
    if len({len(row) for row in filled}) != 1 or not all(_UNIT_LINE.search(cell) for cell in rows[0]):
        return rows
    return [rows[0] + (columns_from_note(lines, after, filled[0][1:]) or [])] + rows[1:]


def _read_line_cells(lines: list[str], start: int) -> tuple[TextTable | None, int]:
    """A table copied one cell per line with no blank line or bar between cells (``项目`` /
    ``决算数`` / ``合计`` / ``40.5`` / ``因公出国(境)费`` / ``公务接待费`` / ``12.1``): an empty cell
    is simply absent, so a row whose figures are fewer than the value columns cannot say
    which columns they fill and is read as blank. At least three label → figure steps, one for every
    four labels at most (a cover's page numbers follow few of its lines), and no contents with its pages."""
    j = start
    while j < len(lines) and _short_cell(lines[j]):
        j += 1
    cells = [(lines[k].strip(), k + 1) for k in range(start, j)]
    steps = sum(1 for (a, _), (b, _) in zip(cells, cells[1:]) if _is_label(a) and is_numeric_cell(b))
    if steps < 3 or steps * 4 < sum(1 for c, _ in cells if _is_label(c)) or _contents(cells):
        return None, j  # a figure after one line in many, or after every heading of a contents: no table
    rows, where = _cell_rows(cells)
    if len(rows) < 3:
        return None, j
    rows = _fitting(_named_by_note(rows, lines, j))
    cell_lines = [[line] * len(row) for row, line in zip(rows, where)]
    cell_lines[0] = _header_lines(rows[0], cells)
    return TextTable(rows, where, cell_lines, start + 1, j), j


def _contents(cells: list[tuple[str, int]]) -> bool:
    """Whether one-cell lines are a table of contents with its page numbers (``目 录`` / ``第一部分
    部门概况`` / ``4`` / ``一、部门职责`` / ``4`` …): every figure a whole page number, none smaller than the
    one before, under a contents title or part headings."""
    pages = [c for c, _ in cells if is_numeric_cell(c)]
    if not pages or not all(p.isdigit() and len(p) <= 3 for p in pages):
        return False
    numbers = [int(p) for p in pages]
    return numbers == sorted(numbers) and any(_CONTENTS.match(c) for c, _ in cells)


_CONTENTS = re.compile(r"目\s*录$|第[一二三四五六七八九十]+部分")


def _fitting(rows: list[list[str]]) -> list[list[str]]:
    """The header, then each row that has one cell per header cell; a row of another count
    cannot say which columns its figures fill (an empty cell left no trace), and keeps its label only.
    A form of label and value pairs (``联系人`` / ``吴俊`` / ``人员编制`` / ``21``) has no column names:
    when every row with a figure has one and the last cell before the first of them (a telephone number
    aside) names no year or stage (a date aside): the cells before it are the page's title and fields,
    the value column is unnamed (a blank name after the cells before, which :func:`_peel_captions` makes
    paragraphs above the form).
    When every row with figures is one cell longer than a header that names no label column
    (``预算数`` / ``决算数`` over ``合计`` / ``12`` / ``10``), the label column's name is blank. Names
    after the caption (its title and unit line) that outnumber the figures by one are a split column
    over its parts (``比上年增、减情况`` / ``增、减额`` / ``增、减幅度``, :mod:`.sub_columns`)."""
    width = max(len(rows[0]) - len([c for c in rows[0] if _UNIT_LINE.search(c)]), 2)
    filled = [row for row in rows[1:] if len(row) > 1]
    if filled and all(len(row) == 2 for row in filled) and len(rows[0]) > 2 \
            and not COLUMN.search(_DATE.sub("", next((c for c in reversed(rows[0]) if not _PHONE.match(c)), ""))):
        return [rows[0] + [""]] + rows[1:]  # 联系人 / 吴俊 / 人员编制 / 21: a form of labels and values, no column names
    if filled and all(len(row) == len(rows[0]) + 1 for row in filled) and not _LABEL_HEAD.match(rows[0][0]) \
            and not any(_UNIT_LINE.search(c) for c in rows[0]):
        return [[""] + rows[0]] + rows[1:]  # 预算数 / 决算数 over 合计 / 12 / 10: the label column has no name
    named = _named_columns(rows[0], [len(row) for row in filled])
    if named is not None:
        header, length = named
        rows = [_trimmed(row, length) for row in rows[1:]]
        return [header] + [row if len(row) == length or len(row) == 1 else row[:1] for row in rows]
    return [rows[0]] + [row if len(row) == width or len(row) == 1 else row[:1] for row in rows[1:]]


def _trimmed(row: list[str], length: int) -> list[str]:
    """A row longer than ``length`` without the empty cells it ends with, down to ``length`` (a blank
    line before the text after the table is no cell of the last row)."""
    end = len(row)
    while end > length and not row[end - 1]:
        end -= 1
    return row[:end]


def _named_columns(header: list[str], lengths: list[int]) -> tuple[list[str], int] | None:
    """The header, caption first, with one name per cell of the rows ``lengths`` long (all but
    two the same length: a cut last row, a last row with a blank after it aside), when the names after the caption do not count
    them: a blank name for a label column the header does not name, a split column's parts in its
    place; and the length of the rows it names. None when no such reading fits."""
    length = max(set(lengths), key=lambda n: (lengths.count(n), -n), default=0)
    if lengths.count(length) < len(lengths) - 2:
        return None
    cut = max((k for k, cell in enumerate(header) if _UNIT_LINE.search(cell)), default=-1)
    caption, names = header[:cut + 1], header[cut + 1:]
    if not names or length < 2:
        return None
    label = [names[0]] if _LABEL_HEAD.match(names[0]) else [""]
    values = names[1:] if label[0] else names
    if len(values) == length - 1:
        return (caption + label + values, length) if cut >= 0 and not label[0] else None
    if any(name in SUBTOTALS for name in values):
        return None  # a split with a subtotal is read by its own readers (header_rows, year_rows), or not at all
    columns = flat_columns(values, length - 1, first_is_total=False)
    return (caption + label + columns, length) if columns is not None and columns != values else None


def _header_lines(header: list[str], cells: list[tuple[str, int]]) -> list[int]:
    """The line of each header cell: the first cells in order, a blank label name on the first's."""
    blank = 1 if header and header[0] == "" else 0
    lines = [line for _, line in cells[:len(header) - blank]]
    return lines[:1] * blank + lines


_GAP = re.compile(r"(?:[ \u3000\u00a0]{2,}|\t)+")


def _aligned_cells(line: str) -> list[str]:
    """The cells of a line whose columns are set apart by runs of spaces (two or more) or tabs."""
    return [c for c in _GAP.split(line.strip()) if c]


def _read_aligned_table(lines: list[str], start: int) -> tuple[TextTable | None, int]:
    """A table whose columns are aligned with spaces: a header line of column names, then rows
    of a label and figures (``一、支出合计        250000         200000``); a row with no
    figure (``1、因公出国(境)费用``) is blank, and one with fewer figures than the columns cannot
    say which it fills, so it is read as blank too; a cell the form marks as not to be filled
    (``单位不需填列``, ``不适用``) is a blank cell. At least three rows of figures."""
    header = _aligned_cells(lines[start])
    if any(is_numeric_cell(c) or _NOT_FILLED.search(c) for c in header):
        return None, start
    rows, where = [header], [start + 1]
    j = start + 1
    while j < len(lines) and lines[j].strip():
        cells = _aligned_cells(lines[j])
        if len(cells) == 1 and not _short_cell(cells[0]) or not _is_label(cells[0]) \
                or not all(is_numeric_cell(c) or _BLANK_CELL.match(c) or _NOT_FILLED.search(c) for c in cells[1:]):
            break
        rows.append(cells if len(cells) == len(header) else cells[:1])
        where.append(j + 1)
        j += 1
    if sum(1 for row in rows[1:] if len(row) > 1) < 3:
        return None, start
    return TextTable.by_rows(rows, where, start + 1, j), j


def _pipe_stream(block: list[str], start: int) -> tuple[list[list[str]], list[int]]:
    """Cells in reading order; a row starts at each text cell, the figures after it are
    its values, aligned to the header (the text cells before the first figure)."""
    cells: list[tuple[str, int]] = []
    text, first = "", None
    for offset, line in enumerate(block):
        for part_index, part in enumerate(line.split("|")):
            if part_index:
                cells.append((text, first if first is not None else start + offset + 1))
                text, first = "", None
            if part.strip():
                text += part.strip()
                first = start + offset + 1 if first is None else first
    if text:
        cells.append((text, first or start + len(block)))
    return _cell_rows(cells)


def _cell_rows(cells: list[tuple[str, int]]) -> tuple[list[list[str]], list[int]]:
    values = [c for c, _ in cells]
    label_at = next((k for k in range(len(values) - 1) if _is_label(values[k]) and is_numeric_cell(values[k + 1])), None)
    if label_at is not None and sibling_part([v for v in values[:label_at] if v], values[label_at]):
        label_at = next((k for k in range(label_at + 1, len(values) - 1)
                         if _is_label(values[k]) and is_numeric_cell(values[k + 1])), None)  # 增、减幅度 / 820.33: a name
    if label_at is None:
        return [], []
    numbered = next((k for k in range(1, label_at) if values[k] == "栏次"), label_at)
    header = [v for v in values[:numbered] if v]  # 栏次 / 1 / 2 / 3: the columns' numbers, no names
    lost = _label_lost(values[:label_at]) if numbered == label_at else 0
    if lost:  # 2023年决算数 / … / 820.33 / 688.84 / 1、因公出国(境)费: the figures after the header are a row
        header = [v for v in values[:label_at - lost] if v]
    header = _one_of_repeated(header)
    width = max(len(header), 2)
    rows, where = [header], [cells[0][1]]
    if lost:  # its label cell, when the copy kept it, is the blank one the run opens with
        figures = ["" if _BLANK_CELL.match(v) else v for v in values[label_at - lost:label_at]]
        rows.append(figures if not figures[0] else [""] + figures)
        where.append(cells[label_at - lost][1])
    numbering = any(cell in _ROW_NUMBER_HEADS for cell in header)
    expected: int | None = None  # the next row's number, in a table whose first column numbers its rows
    following = cells[label_at:]
    for k, (value, line) in enumerate(following):
        if _is_label(value):
            rows.append([value])
            where.append(line)
        elif numbering and _ROW_NUMBER.fullmatch(value) and (expected is None or int(value) == expected) \
                and _is_label(next((v for v, _ in following[k + 1:] if v and not _BLANK_CELL.match(v)), "")):
            expected = int(value) + 1  # 序号 2 before the row it numbers, not the last figure of the row before
        elif rows[1:]:
            rows[-1].append("" if _BLANK_CELL.match(value) else value)
    for row in rows[1:]:
        while len(row) > width and not row[-1]:
            row.pop()
        while len(row) > width and not row[1]:
            row.pop(1)
    return rows, where


def _one_of_repeated(header: list[str]) -> list[str]:
    """A header that repeats its names for tables set side by side, each under its own label name
    (``项目 | 行次 | 决算数 | 项目(按功能分类) | 行次 | 决算数``): one table's names, the rows read one
    cell per line being each table's in turn."""
    for period in range(3, len(header) // 2 + 1):
        if len(header) % period == 0 and all(header[k] == header[k + period] for k in range(len(header) - period)
                                            if k % period):
            return header[:period]
    return header


def _label_lost(before: list[str]) -> int:
    """The cells at the end of a header that are the figures of a first row whose label was lost
    (printed in the header's merged first cell, or not at all): a run of figures and empty cells,
    at least one figure, after at least one column name. 0 when the header ends with a name."""
    run = 0
    while run < len(before) and (is_numeric_cell(before[-1 - run]) or _BLANK_CELL.match(before[-1 - run])):
        run += 1
    named = [v for v in before[:len(before) - run] if v]
    figures = [v for v in before[len(before) - run:] if v and is_numeric_cell(v)]
    return run if named and figures else 0


def _is_label(cell: str) -> bool:
    return bool(cell) and not is_numeric_cell(cell) and not _BLANK_CELL.match(cell) and not _PHONE.match(cell)


def _read_flat_table(lines: list[str], start: int) -> tuple[TextTable | None, int]:
    rows: list[list[str]] = []
    row_lines: list[int] = []
    cell_lines: list[list[int]] = []
    row: list[str] = []
    lines_of_row: list[int] = []
    j = start
    while j < len(lines):
        line = lines[j]
        if line.startswith("\t"):
            if not row:
                row_lines.append(j + 1)
            row.append(line.strip())
            lines_of_row.append(j + 1)
        elif not line.strip():
            if row:
                rows.append(row)
                cell_lines.append(lines_of_row)
                row, lines_of_row = [], []
            k = j + 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k >= len(lines) or not lines[k].startswith("\t"):
                j = k
                break
        elif row:
            row[-1] = f"{row[-1]} {line.strip()}".strip()
        else:
            break
        j += 1
    if row:
        rows.append(row)
        cell_lines.append(lines_of_row)
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None, start
    return TextTable(rows, row_lines, cell_lines, start + 1, j), j


def is_numeric_cell(text: str | None) -> bool:
    return bool(text) and bool(_NUMERIC_CELL.match(to_halfwidth(text or "")))


def header_row_count(rows: tuple[tuple[str | None, ...], ...]) -> int:
    """Rows before the first one with a figure outside its first column."""
    for index, row in enumerate(rows):
        if any(is_numeric_cell(cell) for cell in row[1:]):
            return index
    return min(1, len(rows))


def column_headers(rows: tuple[tuple[str | None, ...], ...]) -> list[str]:
    """One header text per column, combining all header rows.

    A header row shorter than the table is spread over the columns: its first
    cells sit above the next row's leading blanks (vertical merges) and the
    rest span the remaining columns evenly. ``None`` cells repeat their left
    neighbour (horizontal merges)."""
    full = max((len(r) for r in rows), default=0)
    # columns empty in every row (bars a copy closes its rows with: ``合 计 | 31.66 | … | |``) are none
    width = max((k + 1 for r in rows for k, cell in enumerate(r) if (cell or "").strip()), default=full)
    count = header_row_count(rows)
    header_rows = [list(r[:width]) for r in rows[:count]]
    for index in range(1, len(header_rows)):
        if not _packed_groups(header_rows[index - 1], header_rows[index], width):
            _under_spans(header_rows[index - 1], header_rows[index], width)
    expanded: list[list[str]] = []
    for index, row in enumerate(header_rows):
        if len(row) < width:
            row = _spread(row, header_rows[index + 1] if index + 1 < len(header_rows) else None, width)
        filled: list[str] = []
        for cell in row:
            filled.append(filled[-1] if cell is None and filled else (cell or ""))
        expanded.append(filled)
    headers = []
    for col in range(width):
        parts: list[str] = []
        for row in expanded:
            text = row[col].strip() if col < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers.append(" ".join(parts))
    return headers + [""] * (full - width)


def _spread(row: list[str | None], below: list[str | None] | None, width: int) -> list[str | None]:
    if below is None or len(below) != width:
        return row + [""] * (width - len(row))
    lead = 0
    while lead < len(below) and not (below[lead] or "").strip():
        lead += 1
    rest = len(row) - lead
    if lead > len(row) or rest <= 0 or (width - lead) % rest:
        return row + [""] * (width - len(row))
    span = (width - lead) // rest
    spread: list[str | None] = list(row[:lead])
    for cell in row[lead:]:
        spread.extend([cell] + [None] * (span - 1))
    return spread


def _packed_groups(above: list[str | None], row: list[str | None], width: int) -> bool:
    """Both header rows of an HTML table copied packed to the left: the row above holds its
    row-spanning lead (``项目``) and the groups, each printed once (``项目 | 预算数 | 决算数 | ||||``),
    the row below only the groups' sub-columns (``合计 | 一般公共预算 | 政府性基金 | 合计 | …``), which
    therefore sit right of the lead. Where the sub-columns divide evenly among the groups and repeat
    from group to group, move them under their groups, in place, and mark the spans as merged."""
    def prefix(cells: list[str | None]) -> int:
        filled = [bool((cell or "").strip()) for cell in cells]
        count = filled.index(False) if False in filled else len(filled)
        return count if not any(filled[count:]) else -1
    groups_end, parts = prefix(above), prefix(row)
    lead = width - parts
    if len(above) != width or len(row) != width or not 0 < lead < groups_end or parts >= width:
        return False
    groups = groups_end - lead
    if parts % groups or parts // groups < 2:
        return False
    span = parts // groups
    if any((row[k] or "").strip() != (row[k + span] or "").strip() for k in range(parts - span)):
        return False
    row[:] = [""] * lead + row[:parts]
    above[lead:] = [cell for group in above[lead:groups_end] for cell in [group] + [None] * (span - 1)]
    return True


def _under_spans(above: list[str | None], row: list[str | None], width: int) -> None:
    """A header row copied from an HTML table lists only the cells under the row above's
    merged cells, packed to the left (``项目 | 上年决算数 | 本年决算数 | 比上年增、减情况 | |``
    over ``增、减金额 | 增、减幅度 | | | |``): move them under those spans, in place, and mark
    the spans' empty continuation cells as merged (``None``)."""
    filled = [cell for cell in row if (cell or "").strip()]
    if not filled or len(row) != width or len(above) != width \
            or any((cell or "").strip() for cell in row[len(filled):]):
        return
    spans = [k for k in range(1, width) if not (above[k] or "").strip() and any((c or "").strip() for c in above[:k])]
    slots = sorted({k - 1 for k in spans if (above[k - 1] or "").strip()} | set(spans))
    if len(slots) != len(filled) or slots == list(range(len(filled))):
        return
    for k in range(width):
        row[k] = ""
    for k, cell in zip(slots, filled):
        row[k] = cell
    for k in spans:
        above[k] = None
