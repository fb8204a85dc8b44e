"""Tables flattened onto one line: PDF text that prints a whole table as one run of
single-spaced cells (``项目 2023年决算 2024年预算 合计 12.5 10.0 因公出国(境)费 0 0 …``).

:func:`one_line_rows` finds the header (``项目`` and after it the column names, each naming a
year or a stage), then reads the rest as rows of one label and exactly one figure per column.
Precision first: a row of another count of figures (an empty cell that left no trace, or two
labels run together), a label split by a space, fewer than three rows, or a header with no
column names leaves the line as text. What precedes the header (the caption, the unit line)
and what follows the last row are returned as text around the rows.

Imports nothing of the package: it works on one line of text.
"""

from __future__ import annotations

import re

_HEAD = ("项目", "項目", "科目", "支出项目", "项目名称")
COLUMN = re.compile(r"\d{4}|本年|上年|预算|預算|决算|決算|执行|執行|增减|增減|变动|變動")
FIGURE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?|[-—–－]")
MIN_ROWS = 3
MAX_LINE = 4000  # a page of prose run together is no table worth splitting


def one_line_rows(line: str) -> tuple[str, list[list[str]], str] | None:
    """``(text before, rows with the header first, text after)`` for a table printed on one
    line, else None."""
    if len(line) > MAX_LINE or line.count(" ") < 2 * MIN_ROWS + 2:
        return None
    tokens = _join_head(line.split())
    head = next((i for i, token in enumerate(tokens) if token in _HEAD), None)
    if head is None:
        return None
    columns = []
    at = head + 1
    while at < len(tokens) and not FIGURE.fullmatch(tokens[at]) and COLUMN.search(tokens[at]):
        columns.append(tokens[at])
        at += 1
    if not columns:
        return None
    rows = [[tokens[head], *columns]]
    while at < len(tokens) and not FIGURE.fullmatch(tokens[at]):
        figures = tokens[at + 1:at + 1 + len(columns)]
        if len(figures) < len(columns) or not all(FIGURE.fullmatch(f) for f in figures):
            break  # the rows end here (or the line is no table: checked below)
        follows = at + 1 + len(columns)
        if follows < len(tokens) and FIGURE.fullmatch(tokens[follows]):
            return None  # more figures than columns: the count is not consistent
        rows.append([tokens[at], *figures])
        at = follows
    if len(rows) - 1 < MIN_ROWS or any(FIGURE.fullmatch(t) for t in tokens[at:at + 1 + len(columns)]):
        return None  # a row of another count of figures: which column each fills is unknown
    return " ".join(tokens[:head]), rows, " ".join(tokens[at:])


def _join_head(tokens: list[str]) -> list[str]:
    """``项 目`` as a PDF spaces it out is ``项目``."""
    for i in range(len(tokens) - 1):
        if tokens[i] in ("项", "項") and tokens[i + 1] == "目":
            return [*tokens[:i], tokens[i] + "目", *tokens[i + 2:]]
    return tokens
