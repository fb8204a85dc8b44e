"""A department naming itself where the template says 本单位: ``2020年度,胡川镇中心小学支出为1223.9441万元``.

Some county templates open the 决算's spending or income paragraph with the year and the unit's own name
(``2021年度,马关卫生院单位支出为468.738万元。其中:…``). A sentence that opens so, with a name ending as an
organisation's does and its 支出 or 收入 stated as a level at once, speaks of the text's own unit: the name is
rewritten as 本单位, its characters pointing at the name on the page, so the scanner reads the unit's total
as it reads ``本单位支出为…``. Imports only :mod:`.rewrite`.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, rewrite

_OWN = "本单位"
# the year opening the sentence, the unit's name and the level of its spending or income right after it
_NAMED_TOTAL = re.compile(
    r"(?:(?<=^)|(?<=[。;]))(?:19|20)\d{2}年度?[,，]?"
    r"(?P<name>[\u4e00-\u9fff]{2,20}?(?:局|委员会|委|办公室|厅|院|中心|所|站|馆|学校|小学|中学|幼儿园|学院|队)(?:单位)?)"
    r"(?=(?:支出|收入)(?:合计|总计)?(?:为|是|共计)\d)")


def read_self_named(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with a unit's own name opening its total's sentence written as 本单位, and its offsets."""
    if "年" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement:
        start, end = match.span("name")  # 本单位 points at the name's first, second and last characters
        return (text[match.start():start] + _OWN,
                [*offsets[match.start():start], offsets[start], offsets[start + 1], offsets[end - 1]])

    return rewrite(text, offsets, _NAMED_TOTAL.finditer(text), replace)
