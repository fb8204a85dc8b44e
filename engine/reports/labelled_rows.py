"""Tables whose column names stand over labelled rows of figures, copied one cell per line or per
paragraph — a self-evaluation table's ``年初预算数`` / ``全年预算数`` / ``全年执行数`` / ``分值`` /
``执行率`` / ``得分`` / ``年度资金总额`` / ``861.10`` / ``2030.12`` / ``2030.12`` / ``10`` / ``100%`` /
``10``: the row's figures count its columns, the names right before its label are those columns
(read from the end, so a name cut in two further up, ``年度预算申请`` / ``(万元``, stays caption).

Precision first: at least three figures a row, as many names before the label, two of the columns
naming a stage of the money (预算, 决算, 执行数) — or, over a first row labelled ``合计``/``总计``, two
naming a kind of money (a 支出决算表's ``本年支出合计`` / ``基本支出`` / ``项目支出``); every further row must be a label and exactly as
many figures; a figure after a row that starts no such row leaves the lines as text.

A row with no label under names of counts (``编制数`` / ``实际在职人数`` / ``控制率`` / ``46`` / ``50`` /
``108.70%``: two names or more of 编制 or 人数, one figure each, no name and figure after them) is
read one row per column, ``编制数 | 46``, as :mod:`.header_rows` gives its header over figures.

Imports only :mod:`.header_rows` (its table shape): it works on lines of text.
"""

from __future__ import annotations

import re

from .header_rows import HeaderTable

_FIGURE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:\s*%)?$")  # 19.09 % as a PDF spaces it
_STAGE_NAME = re.compile(r"预算|决算|执行数")
_COUNT_NAME = re.compile(r"编制|人数")
_MONEY_NAME = re.compile(r"(?:支出|收入|合计)$")
_LABEL_NAME = re.compile(r"[项項]\s*目(?:名\s*称)?|科\s*目")
_TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*计)$")
_MAX_CELL = 30
MIN_COLUMNS = 3
MAX_CELLS = 400  # cells looked at from one start: a header and its rows, never a whole page


def _cell(line: str) -> str | None:
    """The one short cell a line holds, None for running text or a row of several cells."""
    text = line.strip()
    if "|" in text or len(text) > _MAX_CELL or text.endswith(("。", ";", "；")):
        return None
    return text


def labelled_rows(lines: list[str], start: int) -> tuple[HeaderTable | None, int]:
    """The table the run of cells from ``start`` holds (None when it holds none), and where the
    run ends: no start inside it needs to be tried again. Figures that fit no columns before the
    table (a count over its own header, ``编制数`` / ``实际在职人数`` / ``46`` / ``50``) stay lines
    of text above it."""
    cells: list[tuple[str, int]] = []
    j = start
    while j < len(lines) and len(cells) < MAX_CELLS:
        cell = _cell(lines[j])
        if cell is None:
            break
        if cell:
            cells.append((cell, j + 1))
        j += 1
    first = 0
    while True:
        first = next((k for k in range(first, len(cells)) if _FIGURE.match(cells[k][0])), None)
        if first is None:
            return None, j
        width = _figures_from(cells, first)
        found = _table_at(cells, first, width) or _counts_at(cells, first, width)
        if found is not None:
            return found, found.end
        first += width


def _table_at(cells: list[tuple[str, int]], first: int, width: int) -> HeaderTable | None:
    """The table whose first row's figures start at ``cells[first]``, None when they fit no columns."""
    names = cells[:first - 1]
    if first < 2 or _FIGURE.match(cells[first - 1][0]) or width < MIN_COLUMNS or len(names) < width:
        return None
    columns = names[len(names) - width:]
    staged = sum(1 for name, _ in columns if _STAGE_NAME.search(name)) >= 2
    kinds = sum(1 for name, _ in columns if _MONEY_NAME.search(name)) >= 2 and _TOTAL_LABEL.match(cells[first - 1][0])
    if not (staged or kinds) or any(_FIGURE.match(name) for name, _ in columns):
        return None
    rows = [["项目", *(name for name, _ in columns)]]
    where = [columns[0][1]]
    k = first - 1
    while k < len(cells):
        label, line = cells[k]
        if _FIGURE.match(label) or _figures_from(cells, k + 1) != width:
            break
        rows.append([label, *(cell for cell, _ in cells[k + 1:k + 1 + width])])
        where.append(line)
        k += 1 + width
    if k < len(cells) and _figures_from(cells, k + 1):
        return None  # a label with a row of another width: not one table of these columns
    end = cells[k - 1][1]
    before = names[:len(names) - width]
    if before and _LABEL_NAME.fullmatch(before[-1][0]):
        before = before[:-1]  # the label column's name (项目), not a caption line: the title stays the caption
    return HeaderTable(before, rows, where, end)


def _counts_at(cells: list[tuple[str, int]], first: int, width: int) -> HeaderTable | None:
    """Names of counts over one row of figures without a label, one row per column; None when the
    names are not counts or a name and a figure follow (the figures were one row of several)."""
    names = cells[:first]
    after = cells[first + width:first + width + 2]
    if width < 2 or len(names) < width or (len(after) == 2 and _FIGURE.match(after[1][0])):
        return None
    columns = names[len(names) - width:]
    if sum(1 for name, _ in columns if _COUNT_NAME.search(name)) < 2:
        return None
    rows = [["项目", "数量"]] + [[name, figure] for (name, _), (figure, _) in zip(columns, cells[first:first + width])]
    where = [columns[0][1]] + [line for _, line in cells[first:first + width]]
    return HeaderTable(names[:len(names) - width], rows, where, cells[first + width - 1][1])


def _figures_from(cells: list[tuple[str, int]], k: int) -> int:
    """How many figures follow one another from ``cells[k]``."""
    count = 0
    while k + count < len(cells) and _FIGURE.match(cells[k + count][0]):
        count += 1
    return count
