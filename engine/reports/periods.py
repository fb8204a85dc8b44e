"""Parts of a year: figures a text states for 1至10月, 一季度, 上半年 or 截至11月份 are no year's.

A report is graded for a year; a figure for part of it (a quarter's procurement, a half-year's
三公 spending) taken for the year's would be a wrong number. A period named in a sentence governs
that sentence and the rest of its paragraph, until a sentence names a whole year (2011年全州…,
全年); 1-12月 and 截至12月底 are the whole year. :class:`PartsOfYear` follows one text's
paragraphs and keeps the places whose figures were left unread, for one note. A period inside a
document's title (《…2024年上半年财政预算执行情况报告》) names the document and governs nothing.

Imports nothing of the package.
"""

from __future__ import annotations

import re

_PART_OF_YEAR = re.compile(r"(?<![\d.])1\s*(?:至|-|—|–|~|到)\s*(?:[2-9]|1[01])\s*月(?!\d)|截至(?:\d{4}年)?(?:[1-9]|1[01])月(?!\d)"
                           r"|上半年|前三季度|第?[一二三]季度")
_WHOLE_YEAR = re.compile(r"全年|\d{4}年(?!\d|度?\s*\d{1,2}\s*(?:月|至|-|—))")
_LISTED = 50  # places whose period words the note may list


def _in_title(sentence: str, at: int) -> bool:
    """Whether ``at`` lies inside a document's title in book-title marks (《…2024年上半年财政预算执行情况报告》):
    it names the document, not the period the sentence's figures are for."""
    before = sentence[:at]
    return before.count("《") > before.count("》") or before.count("〈") > before.count("〉")


class PartsOfYear:
    """The part of a year the sentences of the paragraph being read are about, and the places
    (paragraph, line, period) where that left figures unread."""

    def __init__(self) -> None:
        self.period: str | None = None
        self.places: dict[tuple[int, int, str], None] = {}

    def new_paragraph(self) -> None:
        self.period = None

    def in_sentence(self, sentence: str) -> tuple[int, str] | None:
        """Where in ``sentence`` and which part of a year it is about: one it names, else the one
        an earlier sentence of the paragraph named (2025年一季度全市政府采购规模为1.32亿元。其中,货物…)
        unless this one names a whole year."""
        named = next((m for m in _PART_OF_YEAR.finditer(sentence) if not _in_title(sentence, m.start())), None)
        if named is not None:
            self.period = named.group()
            return named.start(), named.group()
        if self.period is not None and _WHOLE_YEAR.search(sentence):
            self.period = None
        return (0, self.period) if self.period is not None else None

    def left_unread(self, paragraph: int, line: int, period: str) -> None:
        self.places.setdefault((paragraph, line, period))

    def note(self) -> str | None:
        """One note for every place figures were left unread: the first, and how many."""
        if not self.places:
            return None
        places = list(self.places)
        paragraph, line, _ = places[0]
        periods = "、".join(f"“{p}”" for p in dict.fromkeys(period for _, _, period in places[:_LISTED]))
        where = f"第 {paragraph} 段（第 {line} 行）" + (f"等 {len(places)} 处" if len(places) > 1 else "")
        return f"{where}：{periods}是年内部分期间，其后的数字未作为全年数读取 (figures for part of a year are not read as the year's)"
