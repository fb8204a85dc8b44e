"""Tables whose one row of figures sits under a header of column names, copied one cell per
line: ``“三公”经费合计`` / ``因公出国(境)费`` / ``公务用车购置及运行费`` / ``公务接待费`` / ``小计`` /
``公务用车购置费`` / ``公务用车运行费`` / ``79`` / ``0`` / ``75`` / ``50`` / ``25`` / ``4`` (bars after
the cells, ``|`` or ``||`` lines between header rows, are dropped).

The national 三公 决算 template adds a row of stages under every column (``预算数 | 决算数``, repeated):
then the table is returned one row per column with one figure per stage (:func:`_staged_columns`). A
run printed one cell per paragraph is read with the blank lines between its cells taken out.

The header has two rows when a column is split: the first row names every column, the second
(opening with ``小计``/``合计``) the parts of one of them, and the figures follow the columns
in order with the split column's subtotal first and its parts after it. The split column is
the one whose name the parts share a run of characters with (``公务用车`` of ``公务用车购置费``,
see :mod:`.sub_columns`); a
name cut over two lines (``公务`` / ``接待费``) is joined when the count needs it. The table is
returned one row per column (``name | figure``) for the table reader.

Precision first: the figures must be exactly one per column, the parts must share a longer
run of characters (two or more) with one first-row name than with any other, and a blank line among the figures
(an empty cell that left a gap), fewer than three columns or a name and a figure after the
figures (they were one row of a longer table) leave the lines as text. Lines up to the last
unit line (``单位:万元``, ``…表``) are the caption, not column names; the header starts right
after them (or with the run of cells).

Imports only :mod:`.sub_columns` and the lexicon's pinyin rule (a mirror's inserted pinyin makes no
cell longer): it works on lines of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import without_pinyin
from .sub_columns import SUBTOTALS, flat_columns, grouped_columns, joined_names

_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_CAPTION = re.compile(r"单位|單位|表$")
_MAX_CELL = 30
MIN_COLUMNS = 3
MAX_NAMES = 60  # a header is never longer


@dataclass(frozen=True)
class HeaderTable:
    """The caption lines before the header ``(text, line)``, the rows (``项目 | 金额`` first)
    and the line of each row, and where the table ends."""

    caption: list[tuple[str, int]]
    rows: list[list[str]]
    row_lines: list[int]
    end: int


def _cell(line: str) -> str | None:
    """The one cell a line holds (bars at its ends dropped): ``""`` for a line of bars only,
    None for a line of several cells or of running text."""
    text = line.strip().strip("|").strip()
    if "|" in text or len(without_pinyin(text)) > _MAX_CELL or text.endswith(("。", ";", "；")):
        return None
    return text


def header_over_figures(lines: list[str], start: int) -> tuple[HeaderTable | None, int]:
    """The header-over-figures table the run of cells from ``start`` holds (None when it holds
    none), and where the run ends: no start inside the run needs to be tried again. A run printed
    one cell per paragraph (a blank line after each cell) is read with those blank lines taken out;
    two blank lines in a row still leave an empty cell."""
    if not _paragraph_cells(lines, start):
        return _header_over_figures(lines, start)
    kept = [start]
    j = start + 1
    while j < len(lines) and (not lines[j].strip() or _cell(lines[j]) is not None):  # the run of cells only
        if not lines[j].strip() and j + 1 < len(lines) and lines[j + 1].strip() and lines[j - 1].strip():
            j += 1  # the blank line that parts two cells
            continue
        kept.append(j)
        j += 1
    if j < len(lines):
        kept.append(j)  # the line that ends the run, for the reader to stop at
    found, end = _header_over_figures([lines[k] for k in kept], 0)
    origin = kept + [len(lines)]
    end = origin[min(end, len(kept))]
    if found is None:
        return None, end
    return HeaderTable([(text, origin[line - 1] + 1) for text, line in found.caption], found.rows,
                       [origin[line - 1] + 1 for line in found.row_lines], end), end


def _paragraph_cells(lines: list[str], start: int) -> bool:
    """Whether the run from ``start`` prints one cell per paragraph: cell, blank line, cell, blank line."""
    window = lines[start:start + 6]
    return len(window) == 6 and all(bool(line.strip()) == (k % 2 == 0) for k, line in enumerate(window))


def _header_over_figures(lines: list[str], start: int) -> tuple[HeaderTable | None, int]:
    names: list[tuple[str, int]] = []
    barred: set[int] = set()  # the names a line of bars comes before
    j = start
    while j < len(lines):
        cell = _cell(lines[j])
        if cell is None or not lines[j].strip() or _NUMBER.match(cell):
            break
        if cell:
            names.append((cell, j + 1))
        elif names:
            barred.add(len(names))
        j += 1
    figures: list[tuple[str, int]] = []
    while j < len(lines):
        cell = _cell(lines[j])
        if cell is None or not lines[j].strip() or (cell and not _NUMBER.match(cell)):
            break
        if cell:
            figures.append((cell, j + 1))
        j += 1
    end = max(j, start + 1)
    cut = max((k for k, (name, _) in enumerate(names) if _CAPTION.search(name)), default=-1)
    header = _between_bars([n for n, _ in names[cut + 1:]], {k - cut - 1 for k in barred if k > cut + 1})
    if len(figures) < MIN_COLUMNS or len(header) > MAX_NAMES or _goes_on(lines, j):
        return None, end
    staged = _staged_columns(header, len(figures))
    if staged is not None:  # 合计 | … over 预算数 | 决算数 twice each: a row per column, a column per stage
        items, stages = staged
        rows = [["项目", *stages]] + [[item, *(figures[k * len(stages) + s][0] for s in range(len(stages)))]
                                      for k, item in enumerate(items)]
        where = [names[cut + 1][1]] + [figures[k * len(stages)][1] for k in range(len(items))]
        return HeaderTable(names[:cut + 1], rows, where, end), end
    columns = flat_columns(header, len(figures))
    grouped = grouped_columns(header, len(figures)) if columns is None else None
    if grouped is not None:  # groups over the same parts: a table of one row per part, a column per group
        heads, parts = grouped
        rows = [["项目", *heads]] + [[part, *(figures[g * len(parts) + k][0] for g in range(len(heads)))]
                                     for k, part in enumerate(parts)]
        where = [names[cut + 1][1]] + [figures[k][1] for k in range(len(parts))]
        return HeaderTable(names[:cut + 1], rows, where, end), end
    if columns is None:
        return None, end
    rows = [["项目", "金额"]] + [[name, figure] for name, (figure, _) in zip(columns, figures)]
    where = [names[cut + 1][1]] + [line for _, line in figures]
    return HeaderTable(names[:cut + 1], rows, where, end), end


_STAGE_NAME = re.compile(r"^(?:本年|上年|(?:19|20)\d{2}年度?)?(?:预算|决算|执行)数?$")


def _staged_columns(header: list[str], count: int) -> tuple[list[str], list[str]] | None:
    """The national 三公 决算 template printed flat: the columns' names (a split column's parts after
    them), then each column's stages in turn (``预算数 | 决算数`` six times), the figures column by column
    and stage by stage. The column names, flattened one per column (names a copy cut in two joined, a
    title over all of them dropped), and the stages; None unless every count fits."""
    first = next((k for k, name in enumerate(header) if _STAGE_NAME.match(re.sub(r"\s+", "", name))), None)
    if first is None:
        return None
    stages, names = header[first:], header[:first]
    for width in range(2, 4):
        pattern = stages[:width]
        if len(set(pattern)) != width or len(stages) % width or any(
                stages[k] != pattern[k % width] for k in range(len(stages))):
            continue
        columns = len(stages) // width
        if columns * width != count:
            return None
        if len(names) > 1 and names[1] in SUBTOTALS and names[0] not in SUBTOTALS:
            names = names[1:]  # 一般公共预算财政拨款“三公”经费 over 合计 | …: the title over every column
        flat = flat_columns(joined_names(names), columns)  # 因公出国 / (境)费: one name cut by the copy
        return (flat, pattern) if flat is not None else None
    return None


def _between_bars(header: list[str], barred: set[int]) -> list[str]:
    """Names that lines of bars part (``因公出國`` / ``(境)費`` / ``|`` / ``公務用車購`` / ``置及運行費`` / ``|``):
    the lines between two bars are one name, cut by the copy. Without two bars or more, the names as they are."""
    if len(barred) < 2:
        return header
    joined: list[str] = []
    for k, name in enumerate(header):
        if joined and k not in barred:
            joined[-1] += name
        else:
            joined.append(name)
    return joined


def piped_header_over_figures(lines: list[str], start: int) -> tuple[HeaderTable | None, int]:
    """The same table printed as rows of ``|`` cells: rows of names, then one row of figures that
    ends the run (``合计|因公出国(境)费|公务用车费|公务接待费`` / ``小计|公务用车运行维护费|公务用车购置费``
    / ``1.7|0|0|0|0|1.7``). Each cell is read as a line of one cell; None unless every cell is
    placed, and where the run of ``|`` lines ends."""
    end = start
    while end < len(lines) and "|" in lines[end]:
        end += 1
    cells: list[str] = []
    source: list[int] = []  # the 1-based line of each cell
    for j in range(start, end):
        for cell in lines[j].split("|"):
            if cell.strip():
                cells.append(re.sub(r"\s+", "", cell))  # 合 计: a name spaced out to fill its cell
                source.append(j + 1)
    last = [c.strip() for c in lines[end - 1].split("|") if c.strip()] if end - start >= 2 else []
    if not last or not all(_NUMBER.match(c) for c in last):
        return None, end
    found, read = header_over_figures(cells, 0)
    if found is None or read != len(cells):
        return None, end
    # the title cells over the header are one caption (天津市…2016年“三公”经费预算 / 财政拨款情况表 / 单位:万元)
    caption = [(" ".join(text for text, _ in found.caption), source[found.caption[0][1] - 1])] if found.caption else []
    return HeaderTable(caption, found.rows, [source[line - 1] for line in found.row_lines], end), end


def _goes_on(lines: list[str], j: int) -> bool:
    """Whether the cells after the figures go on with a name and a figure: then the figures
    were one row among several (``“三公”经费 | 29.00 | 29.00 |`` / ``其中:因公出国(境)支出 | 0.00``)."""
    cells = [c for c in (_cell(line) for line in lines[j:j + 6]) if c != ""]
    return len(cells) >= 2 and cells[0] is not None and cells[1] is not None and bool(_NUMBER.match(cells[1]))
