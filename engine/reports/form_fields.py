"""A self-evaluation form's fields printed as its table's first rows, read as the lines above the table.

A form in the 财政部 template opens its table with the fields that say whose it is and when it was
filled in: ``填报单位:某县民政局 | 填报日期:2024年4月10日`` (a field and its value in one cell) or
``部门名称 | 某县民政局 | 填报日期 | 2024年4月10日`` (a cell each). Read as a header row they named the
columns wrongly (``2024年4月10日`` over 全年执行数 made it another year's); read as the lines
``部门名称:某县民政局`` and ``填报日期:2024年4月10日`` above the table, the date is the form's and the
header below them names the columns. Only the fields a form names are such rows; a portal's
``来源: | 发布日期:`` row is none.

Imports nothing of the package.
"""

from __future__ import annotations

import re

_FIELD = (r"(?:填报|编制|评价|自评|部门|单位|主管|预算)(?:单位|日期|时间|部门|名称|年度|编码)"
          r"(?:\s*[(（]盖章[)）])?")
_FIELD_WITH_VALUE = re.compile(rf"^{_FIELD}\s*[:：]\s*\S")
_FIELD_ALONE = re.compile(rf"^{_FIELD}\s*[:：]?$")


def field_lines(row: list[str | None] | tuple[str | None, ...]) -> list[str] | None:
    """The fields a row prints, each as one line ``field:value``; None when the row is no row of fields."""
    cells = [c.strip() for c in row if c and c.strip()]
    if not cells:
        return None
    if all(_FIELD_WITH_VALUE.match(c) for c in cells):
        return cells
    if len(cells) % 2 == 0 and all(_FIELD_ALONE.match(label) and not _FIELD_ALONE.match(value)
                                   for label, value in zip(cells[::2], cells[1::2])):
        return [f"{label.rstrip(':：')}:{value}" for label, value in zip(cells[::2], cells[1::2])]
    return None


def is_field_line(text: str) -> bool:
    """Whether ``text`` is one form field with its value (``填报日期:2024年4月10日``): no caption of the table under it."""
    return _FIELD_WITH_VALUE.match(text.strip()) is not None
