"""Whether a text leads with 去年: news of a year's accounts, printed the year after.

A department dates its own text first (``2016年度部门决算公开``, ``2022年工作总结``); there 去年 is
the year before. A news piece leads with 去年 for the year it reports on (``去年,某部门“三公”经费
支出572.23万元…2010年决算数…``, ``“三公”经费去年支出4亿元``) and names that year, if at all, only
after. So an undated text whose first mention of a year is 去年 (a comparison with it, 比去年,
excepted) speaks of its own year by it.
"""

from __future__ import annotations

import re

from .document import Document

_FIRST_YEAR = re.compile(r"(?<![\d.])(?:19|20)\d{2}年|今年|本年|(?<![比较与和同])去年")
_LAST_YEAR = "去年"


def leads_with_last_year(document: Document) -> bool:
    """Whether the first year the text names (a year, 今年, 本年 or 去年 not compared with) is 去年."""
    for paragraph in document.paragraphs:
        found = _FIRST_YEAR.search(paragraph.text)
        if found:
            return found.group() == _LAST_YEAR
    return False
