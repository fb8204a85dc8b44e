"""A fleet counted before its noun: ``用于3辆公务车的燃料费``, ``共15辆公务用车所需车辆燃料费``.

The running costs of a budget or a 决算 are said to be for the cars the department holds; the count
printed before 公务(用)车 is that fleet. The text is rewritten to the order the scanner reads as the fleet
held (``用于公务用车3辆``), its characters pointing at the count and the noun, so provenance quotes ``3辆公务车``. A
count bought, sold or moved (购置2辆公务用车) is no fleet and is left as printed. Imports only :mod:`.rewrite`.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, rewrite

# 用于3辆公务车, 保障5辆公务用车, 共有2147辆公务用车, 共15辆公务用车: 用于/保障 or a 共 right before the count
_COUNT_BEFORE_FLEET = re.compile(r"(?P<lead>用于|保障|共有|共计|共)(?P<count>\d{1,5})辆(?P<noun>公务用?车)(?!购置|运行|费)")
_FLEET = "公务用车"


def read_fleet_used(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with each fleet counted before its noun written noun first (用于公务用车3辆), and its offsets."""
    if "辆公务" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement:
        count = match.span("count")  # the noun points at the count and 辆 at the noun's end: 3辆公务车 is quoted
        return (match["lead"] + _FLEET + match["count"] + "辆",
                [*offsets[match.start():count[0]], *[offsets[count[0]]] * len(_FLEET), *offsets[count[0]:count[1]],
                 offsets[match.end("noun") - 1]])

    return rewrite(text, offsets, _COUNT_BEFORE_FLEET.finditer(text), replace)
