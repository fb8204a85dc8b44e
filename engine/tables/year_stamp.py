"""Headers that name their year: ``2018年决算数``, ``上年决算数``, ``“三公”经费/2017年预算数``.

Bureau sheets often stamp a figure's column with its year instead of saying 本年/上年. Such a
header is the figure of the stamped year: the current-year metric when the stamp is the table's
evaluation year, its prior-year metric (:data:`.prior_year.PRIOR_YEAR`) when the stamp is the year
before. This module only splits the stamp off a header; :mod:`.source` decides against the table's
years. Imports nothing of perfscore but :mod:`.prior_year`.
"""

from __future__ import annotations

import re

from .prior_year import PRIOR_YEAR

PREVIOUS = "previous"
CURRENT = "current"
_STAMP = re.compile(r"(?:(?P<year>(?:19|20|21)\d{2})\s*年(?:度)?|(?P<prev>上一?年(?:度)?)|(?P<this>本年(?:度)?|当年))")
_PREVIOUS_OF = {current: previous for current, previous in PRIOR_YEAR.items()}


def split_stamp(header: str) -> tuple[str, int | str | None]:
    """``header`` without the year stamp at the start of its last part, and the stamp: a year, ``PREVIOUS``,
    ``CURRENT``, or None (no stamp: the header unchanged)."""
    head, slash, last = header.rpartition("/")
    found = _STAMP.match(last.strip())
    if found is None or not last.strip()[found.end():]:
        return header, None
    rest = last.strip()[found.end():]
    stamp: int | str = int(found["year"]) if found["year"] else PREVIOUS if found["prev"] else CURRENT
    return f"{head}{slash}{rest}", stamp


def previous_of(metric: str) -> str | None:
    """The metric holding ``metric``'s previous-year value, if the vocabulary has one."""
    return _PREVIOUS_OF.get(metric)
