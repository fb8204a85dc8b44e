"""Column names the text around a table gives when its header was lost.

A 三公 决算表 copied without its header row (the caption, the unit line, then rows of an item and
two figures) says what its columns hold only in the text under it:

- its note names the columns in their order (``注:本表反映…支出预决算情况。其中,预算数为…;决算数是…``),
  also where a copied PDF wrapped the note over lines;
- or the explanation after it states the first row's figures with their stages (``…三公经费支出预算为
  63.30万元,支出决算为42.00万元``, under a first row of ``63.30 | 42.00``), wrapped or not.

Only a note that opens with 注 or 说明 and names both stages, or a line (with the lines it wraps onto)
that states each of the first row's figures right after a different stage word, within a few lines of
the table, is read; anything else leaves the figures unplaced, as before.

Imports nothing of the package.
"""

from __future__ import annotations

import re

_NOTE = re.compile(r"^\s*(?:注|说明|备注)\s*\d?\s*[:：]")
_STAGES = {"预算数": "预算", "决算数": "决算"}  # the column names, each with the stage word a sentence states
_LOOK_AHEAD = 10  # lines after the table's last cell
_WRAPPED_LINES = 4  # lines one note or sentence is read over, wrapped
_FIGURE = re.compile(r"^\d+(?:\.\d+)?$")


def columns_from_note(lines: list[str], after: int, first: list[str]) -> list[str] | None:
    """The names of the value columns of a table that ends on line ``after`` (0-based index of the
    first line after it) and whose first row's figures are ``first``, in the order the text under it
    gives them, else None."""
    if len(first) != len(_STAGES):
        return None
    for at, line in enumerate(lines[after:after + _LOOK_AHEAD], after):
        text = _wrapped_text(lines, at)
        if _NOTE.match(line):
            found = sorted((text.find(stage), stage) for stage in _STAGES if stage in text)
            return [stage for _, stage in found] if len(found) == len(_STAGES) else None
        stated = [_stage_stating(text, figure) for figure in first]
        if None not in stated and len(set(stated)) == len(_STAGES):
            return stated  # type: ignore[return-value]
    return None


def _wrapped_text(lines: list[str], at: int) -> str:
    """The text that opens on line ``at``, with the lines a copied PDF wrapped it onto (up to the one
    that ends its sentence, a blank line, a note or :data:`_WRAPPED_LINES` lines)."""
    text = lines[at].strip()
    for line in lines[at + 1:at + _WRAPPED_LINES]:
        if text.endswith("。") or not line.strip() or _NOTE.match(line):
            break
        text += line.strip()
    return text


def _stage_stating(line: str, figure: str) -> str | None:
    """The stage word ``line`` states ``figure`` right after (``预算为63.30万元``, ``预算为 63.30 万元``), if exactly one."""
    if not _FIGURE.match(figure):
        return None
    words = re.sub(r"\s+", "", line)
    found = {name for name, stage in _STAGES.items()
             if re.search(rf"{stage}(?:数)?(?:为|是)?{re.escape(figure)}(?![\d.])", words)}
    return found.pop() if len(found) == 1 else None
