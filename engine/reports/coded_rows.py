"""Statistical returns (统计年报) copied as text: each row's 项目 | 代码 | 单位 | 指标 run together.

A return prints a code and a unit column before each row's figure; copied as text they run into
the row's name (``本年支出合计61千元3,299``), and a row left blank keeps its code and unit alone
(``基建拨款54千元``). Under a header that names those columns (``项目代码单位指标``) the number before
a row's unit is its code, never an amount: the text is rewritten with the figure in its row's unit
(``本年支出合计3,299千元``), every character pointing at the page (the unit at the figure's last
digit, so a quote shows the row as printed), and a blank row loses its code and unit, so no code
is read as 61千元. Imports only :mod:`.rewrite`.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, rewrite

HEADER = re.compile(r"代码\s*单位\s*指标")
_CODED = re.compile(r"(?<=[\u4e00-\u9fff])(\d{1,3})(千元|万元|元)(\d[\d,]*(?:\.\d+)?)?")


def read_coded_rows(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with each coded row's figure in its unit and each code dropped, and its offsets."""

    def replace(match: re.Match[str]) -> Replacement:
        if match[3] is None:
            return "", []
        # the unit points at the figure's last digit: a quote runs from the row's name through its figure as
        # printed (本年支出合计61千元3,299), never ends at the code's unit (本年支出合计61千元)
        return match[3] + match[2], [*offsets[match.start(3):match.end(3)], *[offsets[match.end(3) - 1]] * len(match[2])]

    return rewrite(text, offsets, _CODED.finditer(text), replace)
