"""A joint subject stated only through its change: ``收支较上年决算数增加418.97万元,增长4.23%``.

决算 summaries state the department's income and spending totals, which balance
(收入总计 = 支出总计), and then their change once for both: ``收支较上年决算数增加…``,
``收、支与2023年度相比,减少956.31万元,下降16.9%``, ``收入支出(总体)较上年增加…``, and with the comparison
first, ``与2019年决算数相比,收支增加90.81万元,上升38.3%``. The scanner reads
one subject per change and finds none here, so the clause is rewritten, on the normalised text, as
the two statements it makes (``收入总计较上年决算数增加…;支出总计较上年决算数增加…``), each rewritten
character keeping the source offset of the phrase it comes from. A change whose amount the clause
does not state (a blank, ``增加 万元``) names ``支出总计`` alone, which reads no figure. A subject
qualified by what precedes it (``财政拨款收支``, ``一般公共预算收支``) is another total and is left
alone; so is a joint subject that states its figures (``收、支总计各…``, read by :mod:`.joint`).

Imports only :mod:`.rewrite`: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, at_start, rewrite

# preceded by the start, a non-word character, a digit or 年/度/门/位 (2023年度收支, 本部门收支),
# never by a qualifier (财政拨款收支); followed at once by its comparison with last year
_SUBJECT = re.compile(
    r"(?<![^\W\d_年度门位])(?:收、?支|收入、?支出|收入和支出)(?:总计|总额|总体)?"
    r"(?=(?:较|比|与)(?:上年度?|去年|上一年度?|\d{4}年度?)(?:同期)?(?:决算数?)?(?:相比|比较)?,?"
    r"(?:增加|减少|增长|下降|持平))"
    # the comparison, when it states its amount (and rate) or a level: said of both totals
    r"(?P<clause>(?:较|比|与)(?:上年度?|去年|上一年度?|\d{4}年度?)(?:同期)?(?:决算数?)?(?:相比|比较)?,?"
    r"(?:持平|(?:增加|减少|增长|下降)了?\d[\d,]*(?:\.\d+)?(?:亿元|万元|元|%)"
    r"(?:[,、]{1,2}(?:增加|减少|增长|下降)了?\d[\d,]*(?:\.\d+)?(?:亿元|万元|元|%))?))?")  # ,、增长9.54%: a stray mark
_SUBJECTS = ("收入总计", "支出总计")
_CHANGE = (r"(?:增加|减少|增长|下降)了?\d[\d,]*(?:\.\d+)?(?:亿元|万元|元|%)"
           r"(?:[,、]{1,2}(?:增加|减少|增长|下降|上升)了?\d[\d,]*(?:\.\d+)?(?:亿元|万元|元|%))?")
# 与2019年决算数相比,收支增加90.81万元,上升38.3%: the comparison opening its sentence, then the joint subject
_COMPARED_FIRST = re.compile(
    r"(?:(?<=^)|(?<=[。;]))(?P<compared>(?:与|较|比)(?:上年度?|去年|上一年度?|\d{4}年度?)(?:决算数?)?(?:相比|比较)?,?)"
    r"(?:收、?支|收入、?支出|收入和支出)(?:总体)?(?P<change>" + _CHANGE + ")")


def name_subject(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with every joint change stated for each total, and its offsets."""
    if "收" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement:
        if match["clause"] is None:
            return at_start(match, offsets, _SUBJECTS[1])
        subject = offsets[match.start()]
        clause, where = match["clause"], offsets[match.start("clause"):match.end()]
        income, spending = (f"{name}{clause}" for name in _SUBJECTS)
        return (f"{income};{spending}",
                [subject] * len(_SUBJECTS[0]) + where + [where[-1]] + [subject] * len(_SUBJECTS[1]) + where)

    def compared_first(match: re.Match[str]) -> Replacement:
        subject = offsets[match.end("compared")]
        said = match["compared"] + match["change"]
        where = offsets[match.start("compared"):match.end("compared")] + offsets[match.start("change"):match.end()]
        income, spending = (f"{name}{said}" for name in _SUBJECTS)
        return (f"{income};{spending}",
                [subject] * len(_SUBJECTS[0]) + where + [where[-1]] + [subject] * len(_SUBJECTS[1]) + where)

    text, offsets = rewrite(text, offsets, _SUBJECT.finditer(text), replace)
    return rewrite(text, offsets, _COMPARED_FIRST.finditer(text), compared_first)
