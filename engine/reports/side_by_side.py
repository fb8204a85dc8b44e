"""Two tables printed side by side on lines of text, one row of each per line: a 收入支出决算总表
as a PDF or web copy prints it, income on the left and spending on the right, cells set apart by
spaces (one or more): ``项目 行次 金额 项目 行次 金额`` over ``本年收入合计 30 8,001,200.00
本年支出合计 57 7,984,500.00``.

The header (under a line naming the sides, ``收入 支出``, which is part of the table) repeats its names (``项目 行次 金额`` twice; a first name naming its side,
``收入项目``/``支出项目``, counts as ``项目``). Each row is a label and one figure per further
column, then the right table's label and figures; a dash is a blank cell. The left rows are
returned first, then the right ones, under one header, for the table reader. A line with one half
only cannot say which side it is: it is skipped. The table ends at a line of any other shape.

Precision first: labels hold no space (a label split by one could not be told from its cells),
at least two names a half, at least two rows with both halves placed.

Imports only :mod:`.one_line_tables` (what a figure looks like) and :mod:`.single_spaced` (the table it returns).
"""

from __future__ import annotations

import re

from .one_line_tables import FIGURE
from .single_spaced import SpacedTable

_SIDES = re.compile(r"^\s*收\s*入\s+支\s*出\s*$")  # the line over the header naming the two sides
_LABEL_HEAD = re.compile(r"^(?:收入|支出)?(?:项目|項目|科目|项目名称)$")
MIN_ROWS = 2
MAX_LINE = 400  # a long line is prose, not two rows


def side_by_side_table(lines: list[str], start: int) -> SpacedTable | None:
    """The side-by-side table whose header is ``lines[start]`` (or the line after it, when this
    one names the two sides: ``收入 支出``), else None."""
    head = start + 1 if _SIDES.match(lines[start]) and start + 1 < len(lines) else start
    half = _header_half(lines[head])
    if half is None:
        return None
    width = len(half)
    left: list[tuple[list[str], int]] = []
    right: list[tuple[list[str], int]] = []
    at = head + 1
    while at < len(lines) and len(lines[at]) <= MAX_LINE:
        cells = _joined_head(lines[at].split())
        if len(cells) == width and _is_row(cells):
            at += 1
            continue  # one half only: which side it is on, the text does not say
        if len(cells) != 2 * width or not (_is_row(cells[:width]) and _is_row(cells[width:])):
            break
        left.append((cells[:width], at + 1))
        right.append((cells[width:], at + 1))
        at += 1
    if len(left) < MIN_ROWS:
        return None
    placed = left + right
    return SpacedTable([half] + [_blanked(row) for row, _ in placed], [head + 1] + [line for _, line in placed], at)


def _header_half(line: str) -> list[str] | None:
    """One half of a header that repeats itself, else None."""
    if len(line) > MAX_LINE:
        return None
    names = _joined_head(line.split())
    if len(names) < 4 or len(names) % 2:
        return None
    half = len(names) // 2
    first, second = names[:half], names[half:]
    if not (_LABEL_HEAD.match(first[0]) and _LABEL_HEAD.match(second[0])) or first[1:] != second[1:] \
            or any(FIGURE.fullmatch(name) for name in names):
        return None
    return ["项目", *first[1:]]


def _joined_head(tokens: list[str]) -> list[str]:
    """``项 目`` as a PDF spaces it out is ``项目``."""
    joined: list[str] = []
    for token in tokens:
        if token == "目" and joined and joined[-1] in ("项", "項"):
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def _is_row(cells: list[str]) -> bool:
    """A label (no figure) and figures after it."""
    return not FIGURE.fullmatch(cells[0]) and all(FIGURE.fullmatch(cell) for cell in cells[1:])


def _blanked(row: list[str]) -> list[str]:
    return [cell if not re.fullmatch(r"[-—–－]+", cell) else "" for cell in row]
