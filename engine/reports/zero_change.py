"""Changes a report states in words a scanner reads as verbs: ``与上年一致``, ``增加(减少)0万元``.

- ``与上年一致`` (``与2021年预算一致``, ``与去年基本一致``) says what ``与上年持平`` says: 一致 is
  rewritten as 持平 (same length, so every offset stays), and the scanner reads a zero change
  (or, hedged by 基本, none). So do ``跟2018年数字持平`` and ``跟上年数字相同``: read as ``与2018年持平``.
- A template's verb offered both ways, ``增加(减少)0万元``, ``增(减)0元``, ``增长(下降)0%``:
  before a zero the sign does not matter and the bracketed alternative is dropped (its
  offsets with it). Before any other amount the sign is unknown, so the verb is rewritten as
  ``变动``, which the scanner reads as no direction: no figure rather than a guessed sign.
- A comparison that lost its 与 (``因公出国(境)费为0万元,上年持平``) is read as ``与上年持平``: the 与 is
  put back, pointing where the comparison begins, so that 上年 names the year compared with, not the
  stage of the clauses after it.
- A level run into the next clause with no mark between (``与上年持平公务接待费预算数为310.37万元``,
  a page that lost its comma), or a rate of change run into it (``下降56.95%年末公务用车保有量为3辆``), ends
  its clause there: a comma is read after it.

Imports only :mod:`.rewrite`: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, at_start, rewrite

_SAME = re.compile(r"(?:与|和|较|同)(?:上年度?|去年|上一年度?|\d{4}年度?)(?:同期)?"
                   r"(?:预算数?|决算数?|执行数|支出数?)?(?:相比)?(?:基本)?(一致)")
_VERB = r"(?:增加|增长|上升|增|减少|下降|降低|减)"
_BOTH_WAYS = re.compile(rf"({_VERB})(\({_VERB}\)|/{_VERB})(?=(\d[\d,]*(?:\.\d+)?)?)")
# 统计口径与上年一致: the same method, not the same amount
_NOT_AMOUNT = re.compile(r"(?:口径|范围|标准|方法|目标|内容|政策|要求|规定|原则|格式|结构|做法|方式)$")
_ZERO = re.compile(r"0(?:\.0+)?")
# 持平 straight before the next clause's words (not 持平的水平, 持平或…, 持平状态)
_RUN_ON = re.compile(r"(?:持平|无增减|无变化|没有变化)(?=[\u4e00-\u9fff])(?![的或状态])"
                     r"|(?:增长|下降|上升|降低|增加|减少)了?\d+(?:\.\d+)?%(?=[\u4e00-\u9fff])(?![的以左上之和及与或至到比较])")
_NO_SIGN = "变动"
# 跟2018年数字持平, 也跟上年数字相同: the same comparison in other words, read as 与2018年持平
# (hedged, 基本相同, it stays unread)
_SAME_FIGURE = re.compile(r"(?:(?:跟|与|和|同)(?P<year>上年度?|去年|上一年度?|(?:19|20)\d{2}年度?)的?(?:数字|数额|金额|水平)"
                          r"(?:相同|一样|一致|持平)|跟(?P<year2>上年度?|去年|上一年度?|(?:19|20)\d{2}年度?)持平)")
_WITHOUT_WITH = re.compile(r"(?<=[,，;；])(?:上年度?|去年|上一年度?)(?:同期)?(?:基本)?持平")


def read_level(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with 一致 read as 持平, both-ways template verbs resolved and a level run into the
    next clause ended, and its offsets."""
    if "一致" in text:
        text = _SAME.sub(lambda m: m.group(0) if _NOT_AMOUNT.search(text[max(0, m.start() - 4):m.start()])
                         else m.group(0)[:-2] + "持平", text)
    text, offsets = rewrite(text, offsets, _SAME_FIGURE.finditer(text),
                            lambda m: ("与" + (m["year"] or m["year2"]) + "持平",
                                       [offsets[m.start()], *offsets[m.start("year" if m["year"] else "year2"):
                                                                     m.end("year" if m["year"] else "year2")],
                                        offsets[m.end() - 2], offsets[m.end() - 1]]))
    text, offsets = rewrite(text, offsets, _WITHOUT_WITH.finditer(text),
                            lambda m: ("与" + m.group(), [offsets[m.start()], *offsets[m.start():m.end()]]))
    text, offsets = rewrite(text, offsets, _RUN_ON.finditer(text),
                            lambda m: (m.group() + ",", [*offsets[m.start():m.end()], offsets[m.end() - 1]]))
    if "(" not in text and "/" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement | None:
        amount = match[3]
        if amount is None:
            return None  # 增加(减少)的原因: no amount follows
        if _ZERO.fullmatch(amount):
            return match[1], offsets[match.start(1):match.end(1)]
        return at_start(match, offsets, _NO_SIGN)

    return rewrite(text, offsets, _BOTH_WAYS.finditer(text), replace)
