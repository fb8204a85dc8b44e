"""Column names a table's note gives when its header was lost.

A 三公 决算表 copied without its header row (the caption, the unit line, then rows of an item and
two figures) says what its columns hold only in the note under it: ``注:本表反映…支出预决算情况。其中,
预算数为…;决算数是…``. The note names the columns in their order. Only a note that opens with 注 or
说明, within a few lines of the table, and names both stages is read; anything else leaves the
figures unplaced, as before.

Imports nothing of the package.
"""

from __future__ import annotations

import re

_NOTE = re.compile(r"^\s*(?:注|说明|备注)\s*\d?\s*[:：]")
_STAGES = ("预算数", "决算数")
_LOOK_AHEAD = 6  # lines after the table's last cell


def columns_from_note(lines: list[str], after: int, figures: int) -> list[str] | None:
    """The names of the ``figures`` value columns of a table that ends on line ``after`` (0-based
    index of the first line after it), in the order the note under it names them, else None."""
    if figures != len(_STAGES):
        return None
    for line in lines[after:after + _LOOK_AHEAD]:
        if not _NOTE.match(line):
            continue
        found = sorted((line.find(stage), stage) for stage in _STAGES if stage in line)
        return [stage for _, stage in found] if len(found) == len(_STAGES) else None
    return None
