"""Rejoin lines a copied PDF wrapped mid-sentence, so that words and figures broken by a line
break (``其中本年收`` / ``入390.55万元``, ``下降`` / ``15.8%``) read as printed.

A run of consecutive text lines is wrapped text when its lines are about as wide as the
widest of them (a run of two lines, against the page's widest when the page wraps): a line that
fills the run's width and does not end a sentence continues on the next line, unless that line
opens a heading (``二、``, ``(三)``, ``第一部分``; not the rest of a decimal the break cut,
``493.77万元``), is a date alone (``2020年9月29日``, ``二〇二〇年九月二十九日`` under a title) or opens with a
speech's date (``——2017年1月10日在…会议上``); a colon ends no line (``…其中:`` goes on with its list).
Text whose lines are whole paragraphs (each ending in ``。``) or short headings is left as it is. A line
that opens with a unit (``万元,…``) is the rest of the figure the text before it ends on, even across a
blank line; so is a line holding one figure under a label left open on the line before
(``自评得分:`` / ``91分``, ``综合评价得分`` / ``91分``), and a line that opens with an amount after
one that ends on the word stating it (``…比上年减少`` / ``1.2万元``), and a line that opens with 年 after a
year alone (``2019`` / ``年3月7日``).

Imports only the document model and the date pattern of :mod:`..units`; used by the text reader and the
PDF reader.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from .document import Paragraph
from ..units import DAY_DATE

# 二、 (三) 1. 第一部分; not the rest of a decimal a line break cut (…预算为2 / 493.77万元)
HEADING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+(?:[、)）]|[.．](?!\d))|第[一二三四五六七八九十]+[章节部分]|[①-⑳⑴-⒇⒈-⒛])")
# not a colon: a full line ending 其中: goes on with its list; not a closing quote alone (…公车运行费(“三公” / 经费)…)
SENTENCE_END = ("。", "！", "？", "；", "。”", "！”", "？”")
_FULL = 0.75  # a line at least this share of its run's widest line is full (wrapped)
_MIN_WIDTH = 32  # narrower runs (in columns) are lists or table cells, not wrapped prose
_MIN_RUN = 3
_PROSE_WIDTH = 60  # a line this wide (30 Chinese characters) that a copy broke, in a run of two
_DATE_LINE = re.compile(rf"[(（]?{DAY_DATE}[)）]?")  # a title's date line (二〇二〇年九月二十九日 too)
_SPEECH_DATE = re.compile(rf"[—\-]{{1,2}}\s*{DAY_DATE}")  # ——2017年1月10日在…会议上: a speech's, under its title
_CLAUSE_MARK = re.compile(r"[,，、;；]")
_Joined = tuple[str, tuple[tuple[int, int], ...]]  # a paragraph's text and its (offset, line) starts


def join_wrapped(lines: list[tuple[str, int]]) -> list[_Joined]:
    """Paragraph texts from ``(text, source line)`` pairs, wrapped lines joined; each with
    its ``(offset, line)`` starts (see :attr:`Paragraph.line_starts`)."""
    joined: list[_Joined] = []
    width = {number: _width(text.strip()) for text, number in lines}  # each line measured once
    page = max(width.values(), default=0)  # a short run (a paragraph of two lines) is measured against the page
    page_wraps = page >= _MIN_WIDTH and sum(w >= _FULL * page for w in width.values()) >= _MIN_RUN
    for run in _runs(lines):
        widest = max(width[number] for _, number in run)
        if len(run) < _MIN_RUN and page_wraps:
            widest = page
        wrapped = (len(run) >= _MIN_RUN or page_wraps or _broken_pair(run, width)) and widest >= _MIN_WIDTH
        text, starts = "", []
        for index, (line, number) in enumerate(run):
            line = line.strip()
            if text and not (wrapped and _continues(run[index - 1][0].strip(), width[run[index - 1][1]], line, widest)):
                joined.append((text, tuple(starts)))
                text, starts = "", []
            starts.append((len(text), number))
            text += line
        if text:
            joined.append((text, tuple(starts)))
    return _rejoined(_rejoined(_rejoined(_rejoined(joined, _rest_of_figure), _value_of_label), _rest_of_clause),
                     _rest_of_year)


_OPENS_WITH_UNIT = re.compile(r"^(?:亿元|万元|元|%)(?!\d)")
_LONE_FIGURE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*(?P<unit>分|亿元|万元|元|%|人|名|个|辆)?[。;；]?$")
_OPEN_LABEL = re.compile(r"[\u4e00-\u9fff][:：]?$")
_MAX_LABEL = 24
_OPENS_WITH_AMOUNT = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|元|%)")
_YEAR_ALONE = re.compile(r"(?:19|20)\d{2}")
_STATES_AMOUNT = re.compile(r"(?:增加|减少|下降|增长|降低|上升|提高|节约|压减|为|是|达到?|共计|合计)了?$")


def _rest_of_figure(before: str, text: str) -> bool:
    """A paragraph that opens with a unit (``万元,同比增长3%``) after one that ends in a figure
    (``…增加1186.67``) is that figure's rest, whatever the lines between: no paragraph opens with a unit."""
    return bool(_OPENS_WITH_UNIT.match(text)) and before[-1:].isdigit()


def _value_of_label(before: str, text: str) -> bool:
    """A paragraph of one figure after a short one that ends on its label is that label's value:
    after a colon any figure (``报告年度:`` / ``2023``), else only a figure with its unit, since a
    bare number under a title line is a page number."""
    figure = _LONE_FIGURE.match(text)
    return bool(figure) and len(before) <= _MAX_LABEL and bool(_OPEN_LABEL.search(before)) \
        and (before.endswith((":", "：")) or bool(figure and figure["unit"]))


def _rest_of_clause(before: str, text: str) -> bool:
    """A paragraph that opens with an amount (``1.2万元。``) after one that ends on the word that
    states it (``…,比上年减少``, ``…决算数为``) is that clause's rest: no sentence ends on 减少 or 为."""
    return bool(_OPENS_WITH_AMOUNT.match(text)) and bool(_STATES_AMOUNT.search(before))


def _rest_of_year(before: str, text: str) -> bool:
    """A paragraph that opens with 年 (``年本部门…安排“三公”经费``, ``年3月7日``) after one that holds a year
    alone (``2019``) is that year's rest: a copy broke the line between the year's digits and 年."""
    return bool(_YEAR_ALONE.fullmatch(before)) and text.startswith("年")


def _rejoined(joined: list[_Joined], belongs: Callable[[str, str], bool]) -> list[_Joined]:
    """The paragraphs, each that ``belongs(previous text, its text)`` to the one before joined to it."""
    out: list[_Joined] = []
    for text, starts in joined:
        if out and belongs(out[-1][0], text):
            before, before_starts = out[-1]
            out[-1] = (before + text, before_starts + tuple((offset + len(before), line) for offset, line in starts))
        else:
            out.append((text, starts))
    return out


def paragraphs(lines: list[tuple[str, int]], first_index: int, page: int = 0) -> list[Paragraph]:
    """:func:`join_wrapped` as numbered :class:`Paragraph` s from ``first_index``."""
    return [Paragraph(first_index + k, text, starts[0][1], page, starts if len(starts) > 1 else ())
            for k, (text, starts) in enumerate(join_wrapped(lines))]


def _width(text: str) -> int:
    """Printed width: a Chinese character as two columns, a digit or space as one."""
    return len(text) + sum(1 for c in text if c >= "\u1100" and unicodedata.east_asian_width(c) in "WF")


def _broken_pair(run: list[tuple[str, int]], width: dict[int, int]) -> bool:
    """Whether a run of two lines is one sentence a copy wrapped (``…其中行`` / ``政编制30人,…。``): the
    first a wide line of prose (a clause mark in it: no title) left open, the second no wider."""
    if len(run) != 2:
        return False
    (first, first_number), (_, second_number) = run
    first = first.strip()
    return width[first_number] >= _PROSE_WIDTH and bool(_CLAUSE_MARK.search(first)) \
        and not first.endswith((*SENTENCE_END, ":", "：")) and width[second_number] <= width[first_number]


def _continues(previous: str, previous_width: int, line: str, widest: int) -> bool:
    return previous_width >= _FULL * widest and not previous.endswith(SENTENCE_END) and not HEADING.match(line) \
        and not _DATE_LINE.fullmatch(line) and not _SPEECH_DATE.match(line)


def _runs(lines: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Lines split where the source skips a line (a blank line or a table between)."""
    runs: list[list[tuple[str, int]]] = []
    for text, number in lines:
        if runs and number == runs[-1][-1][1] + 1:
            runs[-1].append((text, number))
        else:
            runs.append([(text, number)])
    return runs
