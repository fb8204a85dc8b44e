"""Tables printed one row per line with one space or none between cells (text copied from a PDF).

A header line names the label column and then the value columns (``项目 2016年预算数``,
``项目2017年预算``, ``项 目 本年决算数``; a 决算 summary's ``项目 行次 金额`` or ``项目 金额``, whose
stage its caption gives and whose 行次 holds row numbers; a 支出决算表's ``项目 本年支出合计 基本支出
项目支出``, whose columns name kinds of money), optionally over a second line naming the parts of
its one value column (``小计 其中:一般公共预算安排数``). Each following line is a label and its
trailing figures (``一、“三公”经费合计 21.63 21.63``, ``行政经费177.50``). A row with as many
figures as value columns is placed under them; so is a row with fewer whose line keeps, after its
last figure, a space for each empty cell (``1、因公出国(境)费用 0`` and six spaces under four columns:
its figure is the first column's). A row with another count keeps its label only, since an empty
cell left no trace. A part named ``其中…`` is a part of its column, not the
column's stage: its header is its own name. The table ends at a blank line, at running text
(a comma or full stop), at a figure followed by its unit, or at the next header. At least two
rows must be placed.

Imports only :mod:`.one_line_tables` (what a column name and a figure look like).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .one_line_tables import COLUMN, FIGURE

_HEADER = re.compile(r"^\s*(?P<label>[项項]\s*目(?:名\s*称)?|科\s*目)(?:\s+|(?=\d))(?P<names>\S.*?)\s*$")
_PROSE = re.compile(r"[，。；;！？!?]|,(?!\d{3})")  # a comma, but not a thousands separator
_NUMBER = r"[-+]?\d[\d,]*(?:\.\d+)?"
_ROW = re.compile(rf"^(?P<label>.*?[^\d\s.,%+\-—–－])\s*(?P<figures>(?:(?:{_NUMBER}|[—–－]+)(?:\s+|$))*)$")
_FIGURE_WITH_UNIT = re.compile(r"\d\s*(?:万元|萬元|亿元|億元|元|%)")
_PART = re.compile(r"^其中")
# a value column named by no year or stage (its caption gives the stage), and a column of row numbers
_AMOUNT = re.compile(r"^(?:金额|数额)(?:\([^()]{1,4}\))?$")
_ROW_NUMBERS = re.compile(r"^(?:行次|栏次)$")
# a column of one kind of money (基本支出, 财政拨款收入, 本年支出合计): a 支出决算表's concepts as columns
_MONEY = re.compile(r"^\D{0,10}(?:支出|收入|合计|小计)$")
MAX_LABEL = 30
MIN_PLACED = 2


@dataclass(frozen=True)
class SpacedTable:
    """Rows, the header first, with the 1-based line of each; ``end`` is the index of the first
    line after the table."""

    rows: list[list[str]]
    row_lines: list[int]
    end: int


def single_spaced_table(lines: list[str], start: int) -> SpacedTable | None:
    """The table whose header is ``lines[start]``, else None."""
    names = _column_names(lines[start])
    if names is None:
        return None
    header_label = re.sub(r"\s+", "", _HEADER.match(lines[start])["label"])
    at = start + 1
    parts = _part_names(lines[at]) if at < len(lines) and len(names) == 1 else None
    if parts is not None:
        at += 1
    parsed: list[tuple[str, list[str], int, int]] = []
    while at < len(lines):
        row = _row(lines[at])
        if row is None:
            break
        label, figures = row
        trailing = len(lines[at]) - len(lines[at].rstrip())
        parsed.append((label, figures, trailing, at + 1))
        at += 1
    if parts is not None and not any(len(figures) == len(parts) for _, figures, _, _ in parsed):
        return None  # the second line was no header of parts: the table cannot be placed
    columns = _columns(names, parts)
    rows, where = [[header_label, *columns]], [start + 1]
    for label, figures, trailing, line in parsed:
        missing = len(columns) - len(figures)
        if missing == 0 or figures and 0 < missing <= trailing:
            rows.append([label, *figures, *[""] * missing])  # 1、因公出国(境)费用 0␣␣␣␣␣␣: the empty cells' spaces kept
        else:
            rows.append([label])
        where.append(line)
    if sum(1 for row in rows[1:] if len(row) > 1) < MIN_PLACED:
        return None
    return SpacedTable(rows, where, at)


def _column_names(line: str) -> list[str] | None:
    """The value columns a header line names, else None."""
    match = _HEADER.match(line)
    if match is None or _PROSE.search(line) or len(line.strip()) > 60:
        return None
    names = match["names"].split()
    if any(FIGURE.fullmatch(name) for name in names) \
            or not all(COLUMN.search(name) or _AMOUNT.match(name) or _ROW_NUMBERS.match(name) or _MONEY.match(name)
                       for name in names) \
            or all(_ROW_NUMBERS.match(name) for name in names):
        return None
    return names


def _part_names(line: str) -> list[str] | None:
    """The names of a second header line (``小计 其中:一般公共预算安排数``), else None."""
    names = line.split()
    if len(names) < 2 or _PROSE.search(line) or any(ch.isdigit() for ch in line) or _HEADER.match(line):
        return None
    return names


def _columns(names: list[str], parts: list[str] | None) -> list[str]:
    if parts is None:
        return names
    return [part if _PART.match(part) else f"{names[0]} {part}" for part in parts]


def _row(line: str) -> tuple[str, list[str]] | None:
    """A row's label and figures (a dash is a blank cell), or None where the table ends."""
    text = line.strip()
    if not text or _PROSE.search(text) or _HEADER.match(text):
        return None
    match = _ROW.match(text)
    if match is None:
        return None
    label = match["label"].strip()
    figures = ["" if re.fullmatch(r"[—–－]+", f) else f for f in match["figures"].split()]
    if len(label) > MAX_LABEL or (not figures and _FIGURE_WITH_UNIT.search(label)):
        return None
    return label, figures
