"""Whether a text leads with 去年: news of a year's accounts, printed the year after.

A department dates its own text first (``2016年度部门决算公开``, ``2022年工作总结``); there 去年 is
the year before. A news piece leads with 去年 for the year it reports on (``去年,某部门“三公”经费
支出572.23万元…2010年决算数…``, ``“三公”经费去年支出4亿元``) and names that year, if at all, only
after. So an undated text whose first mention of a year is 去年 (a comparison with it, 比去年,
and a span from it, 去年以来, excepted) and that never says 今年 or 本年 speaks of its own year by it.

News that a year's 决算 was made public (``该区已通过官网公布了2013年度区级决算草案报告。…全区去年“三公”经费
总开支为…``) is printed the year after it too: its 去年 is that year.

A news piece leads with 今年 for the year it is printed in (``上海今年“三公经费”10.5亿元`` on a page dated
2013年01月28日, whose only fiscal year named is the 2012年度 决算 still to come): an undated text whose
first mention of a year is 今年 is of the year its page is dated (:func:`this_year`).

A text that says 今年 or 本年 is written in its own year: its 去年 is the year before, and dates the
budget and 决算 words after it as last year's (``去年“三公经费”预算总额…,实际支出…。今年…预算…``;
:func:`says_this_year`).
"""

from __future__ import annotations

import re

from .document import Document
from .fields import BODY_YEAR_NOTE
from .lexicon import norm, normalise
from .model import Candidate, Provenance

_FIRST_YEAR = re.compile(r"(?<![\d.])(?:19|20)\d{2}年|(?<![比较与和同])去年(?!以来|至今|底|末|同期)")
_LAST_YEAR = "去年"
_NOW = re.compile(r"今年|本年")
# 该区已通过官网公布了2013年度区级决算草案报告。…全区去年“三公”经费总开支为…: news of a 决算 made public, which
# is printed the year after its own; a news word says the text is news, not the department's own 决算
_PUBLISHED_FINAL = re.compile(r"(?:公布|公开|晒出|发布)了?[^。;!?,]{0,12}?((?:19|20)\d{2})年度?[^。;!?,]{0,12}?决算")
_NEWS = re.compile(r"记者|日电|获悉|报道|讯\b|讯[(（ ]")
_FIRST_OWN = re.compile(r"(?<![\d.])(?:19|20)\d{2}年度?(?!\d{1,2}月)|(?<![比较与和同])今年(?!以来|至今)")
_THIS_YEAR = "今年"


def leads_with_last_year(document: Document) -> bool:
    """Whether the first year the text names (a year, or 去年 neither compared with nor opening a
    span: 去年以来, 去年底) is 去年, or is the year of a 决算 news says was made public
    (:func:`reports_published_final`). It dates a news text only where the text never says 今年 or 本年
    (:func:`says_this_year`: a text that does is written in its own year, and 去年 is the year before);
    the caller, which asks both, weighs them."""
    lead = next((found for paragraph in document.paragraphs if (found := _FIRST_YEAR.search(norm(paragraph.text)))), None)
    return lead is not None and (lead.group() == _LAST_YEAR or reports_published_final(lead))


def reports_published_final(lead: re.Match[str]) -> bool:
    """Whether the paragraph the first year is named in is news (记者, 获悉 …) of that year's 决算 made
    public (``公布了2013年度区级决算草案报告``) that goes on to say 去年: printed the year after, it speaks
    of that year by it."""
    paragraph = norm(lead.string)
    published, first = _PUBLISHED_FINAL.search(paragraph), _FIRST_YEAR.search(paragraph)
    return published is not None and first is not None and published.start(1) == first.start() \
        and _NEWS.search(paragraph) is not None and _LAST_YEAR in paragraph[published.end():]


def says_this_year(document: Document) -> bool:
    """Whether the text says 今年 or 本年: it is written in its own year, and 去年 is the year before."""
    return any(_NOW.search(norm(paragraph.text)) for paragraph in document.paragraphs)


def this_year(candidates: list[Candidate], document: Document, written: int | None) -> list[Candidate]:
    """``candidates`` with the text's year set to ``written`` (the year its page is dated) when the
    text names no year in a title and leads with 今年 (a comparison with it, 比今年, and a span from
    it, 今年以来, excepted)."""
    year = next((c for c in candidates if c.metric == "year"), None)
    if written is None or (year is not None and year.note != BODY_YEAR_NOTE):
        return candidates
    lead, offsets = None, []
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        lead = _FIRST_OWN.search(text)
        if lead is not None:
            break
    if lead is None or lead.group() != _THIS_YEAR or (year is not None and year.value == written):
        return candidates
    prov = Provenance(paragraph.where(), paragraph.line_at(offsets[lead.start()]), lead.group(), paragraph.text.strip())
    found = Candidate("year", written, prov, 1, note="年度据正文“今年”与页面日期")
    return [c for c in candidates if c is not year] + [found]
