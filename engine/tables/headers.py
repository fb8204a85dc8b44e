"""Find the header of a table as people lay it out: title rows, blank rows, a unit line, a two-row header.

Works on the first rows of a sheet or CSV file as a grid of cells (and, for a workbook,
its merged ranges). Every row that could start the header is tried as a one-row and a
two-row header (a merged group cell such as ``“三公”经费`` over ``预算数`` / ``决算数``);
the layout whose column names the caller recognises most often wins, the earlier and
the simpler on a tie. ``--header-row N`` / ``--header-rows K`` fix the choice. A
``单位：万元`` line above the header sets the money unit of the columns that name none.
Pure functions over cells: no pandas, no files.

May import: the shared leaves (``errors``) and :mod:`.naming`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import PerfscoreError, Position, Problem
from .naming import unit_line

SCAN_ROWS = 30  # rows searched for the header
Merged = tuple[int, int, int, int]  # first row, first column, last row, last column; 0-based, inclusive


@dataclass(frozen=True)
class HeaderChoice:
    """The user's overrides: ``--header-row N`` (1-based), ``--header-rows K``, ``--sheet NAME``."""

    row: int | None = None
    rows: int | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class HeaderLayout:
    """Where the header is (0-based grid rows), the column names it gives, and the unit line's money unit."""

    first: int
    rows: int
    names: tuple[str, ...]
    money_unit: str | None = None

    @property
    def data_start(self) -> int:
        return self.first + self.rows

    @property
    def simple(self) -> bool:
        """A plain one-row header on the first line, as in a machine-written table."""
        return self.first == 0 and self.rows == 1


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def detect(grid: Sequence[Sequence[Any]], merged: Sequence[Merged], known: Callable[[str], bool],
           choice: HeaderChoice, where: Callable[[int, int], Position]) -> HeaderLayout:
    """The header layout of ``grid`` (the first rows of a table); ``known(name)`` says a column name is understood.

    ``where(row, column)`` (0-based) gives the position errors print. Raises when no row holds
    a single understood name, or when an override points past the rows read."""
    texts = [[cell_text(v) for v in row] for row in grid[:SCAN_ROWS]]
    width = max((len(row) for row in texts), default=0)
    texts = [row + [""] * (width - len(row)) for row in texts]
    if choice.row is None and choice.rows in (None, 1) and texts and all(texts[0]) and all(map(known, texts[0])):
        return HeaderLayout(0, 1, tuple(texts[0]))  # a machine-written table: every name on line 1 is understood
    if choice.row is not None:
        first = choice.row - 1
        if first >= len(texts) or not any(texts[first]):
            raise PerfscoreError(Problem(where(max(first, 0), 0), f"第{choice.row}行不是表头（该行为空或不存在）",
                                         "--header-row N：列名所在的行（按表格软件显示的行号）"))
        options = [first]
    else:
        options = list(range(len(texts)))
    counts = [choice.rows] if choice.rows else [1, 2]
    best: tuple[int, int, int] | None = None  # (score, -rows, -first)
    layout: HeaderLayout | None = None
    for first in options:
        if not any(texts[first]):
            continue
        for rows in counts:
            if first + rows > len(texts):
                continue
            names = _names(texts, merged, first, rows)
            score = sum(1 for name in names if name and known(name))
            rank = (score, -rows, -first)
            if best is None or rank > best:
                best, layout = rank, HeaderLayout(first, rows, tuple(names))
    if layout is None or best is None or (best[0] == 0 and choice.row is None):
        raise PerfscoreError(Problem(where(0, 0), f"在前{min(len(texts), SCAN_ROWS)}行中找不到表头行（没有一列是已知的指标名称）",
                                     "应有一行表头写明各列（部门名称、年度、决算数（元）…），或用 --header-row N 指定"))
    unit = next((u for row in texts[:layout.first] if (u := unit_line(row))), None)
    return HeaderLayout(layout.first, layout.rows, layout.names, unit)


def _names(texts: list[list[str]], merged: Sequence[Merged], first: int, rows: int) -> list[str]:
    top = list(texts[first])
    if rows == 1:
        return top
    below = texts[first + 1]
    group = _spread(top, below, merged, first)
    names = []
    for column, (head, sub) in enumerate(zip(group, below)):
        if not sub or sub == head:
            names.append(head)
        elif not head:
            names.append(sub)
        else:
            names.append(f"{head}/{sub}")
    return names


def _spread(top: list[str], below: list[str], merged: Sequence[Merged], row: int) -> list[str]:
    """Row ``row``'s cells with each group cell copied over the columns it heads: its merged range, else (no merge
    there) the empty cells to its right that have a sub-header below."""
    group = list(top)
    covered = set()
    for r1, c1, r2, c2 in merged:
        if r1 <= row <= r2 and c2 > c1:
            for column in range(c1, min(c2 + 1, len(group))):
                group[column] = top[c1] if r1 == row else group[column]
                covered.add(column)
    for column in range(1, len(group)):
        if not group[column] and column not in covered and below[column] and group[column - 1] and below[column - 1]:
            group[column] = group[column - 1]
    return group


def split_two_row(name: str) -> tuple[str, str] | None:
    """``“三公”经费/预算数`` → (group, sub) for a two-row name; None for a one-row one."""
    if "/" not in name:
        return None
    head, _, sub = name.rpartition("/")
    return (head, sub) if head and sub else None


def check_merges(merged: Sequence[Merged], layout: HeaderLayout, where: Callable[[int, int], Position]) -> None:
    """A merged cell that reaches into the data rows would read as one value in its first row and blanks below."""
    for r1, c1, r2, c2 in merged:
        if r2 >= layout.data_start and r2 > r1 and r2 > layout.first:
            span = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
            raise PerfscoreError(Problem(where(r1, c1), f"合并单元格 {span} 跨越了数据行",
                                         "数据行每格一个值：请取消合并单元格，并逐行填写"))
