"""Table structure: reassembling tables flattened to one cell per line, and column headers.

Text exported from Word often prints a table as one cell per line, each cell
led by a tab, rows separated by blank lines, and a wrapped cell continuing on
an untabbed line. :func:`split_text_blocks` turns such runs back into rows;
:func:`column_headers` expands multi-row headers (merged cells) into one
header per column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..units import to_halfwidth

_NUMERIC_CELL = re.compile(r"^\s*[-+]?\d[\d,]*(?:\.\d+)?\s*%?\s*$")


@dataclass(frozen=True)
class TextTable:
    """Rows of a table found in plain text, with the 1-based line of each row."""

    rows: list[list[str]]
    row_lines: list[int]
    cell_lines: list[list[int]]
    first_line: int
    last_line: int


def split_text_blocks(lines: list[str]) -> list[tuple[str, int] | TextTable]:
    """Split text lines into paragraphs ``(text, line)`` and reassembled :class:`TextTable` s."""
    blocks: list[tuple[str, int] | TextTable] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            table, end = _read_flat_table(lines, i)
            if table is not None:
                blocks.append(table)
                i = end
                continue
        if lines[i].strip():
            blocks.append((lines[i], i + 1))
        i += 1
    return blocks


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
    width = max((len(r) for r in rows), default=0)
    count = header_row_count(rows)
    header_rows = [list(r) for r in rows[:count]]
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
    return headers


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
