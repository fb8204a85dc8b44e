"""The self-evaluation's total score, and its grade, from the table of scores a report prints.

A self-evaluation sums its criteria in a table (``指标 | 分值 | 得分 | 绩效等级`` over ``投入 | 15 | 15 |
优`` … ``合计 | 100 | 94.04 | 优``). The total row (合计, 总计, 总分, 综合得分) of the score column is the
department's score, and of the grade column its grade; a criterion's row is none of them. The score must be
a score (0 to 100, no more than the row's weight when a weight column prints one), and the grade one of the
grade words the lexicon lists.

Imports only the document model, the records and the lexicon's normaliser.
"""

from __future__ import annotations

import re

from .document import Table
from .lexicon import Lexicon, norm
from .model import Candidate, Provenance

_SCORE_HEADER = re.compile(r"^(?:自评|评价|实际|考核|综合)?得分(?:\(分\))?$|^评分$")
_WEIGHT_HEADER = re.compile(r"^(?:分值|权重|标准分|满分|指标分值)(?:\(分\))?$")
_GRADE_HEADER = re.compile(r"^(?:绩效|评价|自评)?等(?:级|次)$")
_TOTAL_LABEL = re.compile(r"^(?:合计|总计|总分|总得分|综合得分|综合评分|综合评价得分|自评总分|总体评价)$")
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d+)?$")
_FULL_MARKS = 100.0


def score_candidates(table: Table, lexicon: Lexicon) -> list[Candidate]:
    """``self_score`` (and ``self_grade``) from the total row of ``table``'s score column, if it has one."""
    for head, cells in enumerate(table.rows[:4]):
        headers = [norm(cell or "") for cell in cells]
        score = next((i for i, h in enumerate(headers) if _SCORE_HEADER.match(h)), None)
        if score is not None:
            break
    else:
        return []
    weight = next((i for i, h in enumerate(headers) if _WEIGHT_HEADER.match(h)), None)
    grade = next((i for i, h in enumerate(headers) if _GRADE_HEADER.match(h)), None)
    grades = set(lexicon.grades.get("labels", []))
    for row in range(head + 1, len(table.rows)):
        cells = table.rows[row]
        if not cells or not _TOTAL_LABEL.match(norm(cells[0] or "")) or score >= len(cells):
            continue
        printed = norm(cells[score] or "")
        if not _NUMBER.match(printed) or not 0 <= float(printed) <= _FULL_MARKS:
            return []
        if weight is not None and weight < len(cells) and _NUMBER.match(norm(cells[weight] or "")) \
                and float(printed) > float(norm(cells[weight] or "")):
            return []  # a score above its row's weight: no score
        found = [_candidate(table, row, score, "self_score", float(printed), cells)]
        if grade is not None and grade < len(cells) and norm(cells[grade] or "") in grades:
            found.append(_candidate(table, row, grade, "self_grade", norm(cells[grade] or ""), cells))
        return found
    return []


def _candidate(table: Table, row: int, col: int, metric: str, value: float | str, cells: tuple[str, ...]) -> Candidate:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    header = table.rows[0][col] if col < len(table.rows[0]) else ""
    prov = Provenance(table.where(row, col), table.line_of(row, col), (cells[col] or "").strip(),
                      f"{(cells[0] or '').strip()} / {(header or '').strip()}")
    return Candidate(metric, value, prov, 3)
