"""Spell out joint subjects: one sentence stating income and spending together.

决算 summaries (the Sichuan template and others) write ``收、支总计各4125.49万元`` (each),
``收、支总计各是4125.49,4143.91万元`` (in order), ``与2021年相比,收、支总计各减少1267.86,
2570.97万元,各下降23.51%、38.28%``, budgets ``收、支总预算均为980万元`` (``2019年收支预算449.57万元``), and one figure with no
word for "each" (``收、支总计8913.97万元,比上年增加1692.21万元``: both totals, both compared). The scanner reads
one subject per figure, so such a sentence is rewritten, on the normalised text, as the two
statements it makes (``收入总计4125.49万元;支出总计4143.91万元``; a comparison said once is said for both), each rewritten character
pointing at the phrase it comes from, and each figure at its own place in it, so figures are quoted from the page.
A subject qualified by a word right before it (``财政拨款收支总预算``) is another total and is
left alone.

Imports only :mod:`.rewrite`: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, figures_in_place, rewrite

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_UNIT = r"(?:亿元|万元|元)"
# 收、支总计 / 收入、支出总计 / 收支总预算, then 各(是|为)?, 均为, 都是 (or a bare 为)
_JOINT = re.compile(
    r"(?P<cmp>(?:与|较|比)(?:\d{4}年度?|上年度?|去年)(?:决算数?)?(?:相比|比较)?,?)?"
    r"(?:收、?支|收入、?支出?)(?P<what>总计|合计|总预算|预算总额|预算总数|预算总计|预算)"  # 收入、支总计: a copy that dropped 出
    r"(?P<how>各(?:是|为)?|均为|均是|都是|分别为|分别是|为|是)?"
    rf"(?:(?P<verb>增加|减少|增长|下降)了?)?(?P<a>{_NUMBER})(?P<unit_a>{_UNIT}|%)?(?:[,、](?P<b>{_NUMBER}))?(?P<unit>{_UNIT}|%)"
    rf"(?:,(?P<each>各)?(?P<verb2>增长|下降|增加|减少)了?(?P<p>{_NUMBER})%(?:[、,](?P<q>{_NUMBER})%)?)?"
    # …8913.97万元,比上年增加1692.21万元,增长23.43%: one figure for both, compared once for both
    rf"(?P<after>,(?:比|较|与)(?:\d{{4}}年度?|上年度?|上一年度?|去年)(?:决算数?)?(?:相比|比较)?,?"
    rf"(?:增加|减少|增长|下降)了?{_NUMBER}{_UNIT}(?:,(?:增长|下降)了?{_NUMBER}%)?)?")
_QUALIFIED = re.compile(r"[^\W\d_年度门位局院馆会委办所站心校园社处厅队]$")  # 财政拨款收支 is qualified; 本局收支 is the unit's
_LABELS = {"总计": ("收入总计", "支出总计"), "合计": ("收入合计", "支出合计"),
           "总预算": ("收入总额预算", "支出总额预算"), "预算总额": ("收入总额预算", "支出总额预算"),
           "预算总数": ("收入总额预算", "支出总额预算"), "预算总计": ("收入总额预算", "支出总额预算"),
           "预算": ("收入总额预算", "支出总额预算")}  # 2019年收支预算449.57万元: the budget of both


def spell_out(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with every joint subject written as two statements, and its offsets."""
    if "收" not in text or _JOINT.search(text) is None:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement | None:
        if _QUALIFIED.search(text, 0, match.start()):
            return None  # 财政拨款收支总预算: another total
        pieces = _statements(match)
        return None if pieces is None else figures_in_place(match, offsets, pieces)

    return rewrite(text, offsets, _JOINT.finditer(text), replace)


def _statements(match: re.Match[str]) -> str | None:
    income, spending = _LABELS[match["what"]]
    unit = match["unit"]
    a, b = match["a"], match["b"] or match["a"]
    how = match["how"] if match["how"] not in (None, "为", "是") else ""  # 收支总预算为980万元: no word for "each"
    if match["b"] and (not how or how.startswith(("均", "都"))):
        return None  # 均为 (or no word at all) states one figure for both
    if not how and match["verb"] and not match["cmp"]:
        return None  # 收、支总计增加5万元: a change with nothing it is compared with (与2016年相比,…: both totals')
    if match["unit_a"] and match["unit_a"] != unit:
        return None
    verb = match["verb"] or ""
    tail_a = tail_b = ""
    if match["verb2"]:
        p, q = match["p"], match["q"] or match["p"]
        tail_a, tail_b = f",{match['verb2']}{p}%", f",{match['verb2']}{q}%"
        if not match["each"] and match["b"] and not match["q"]:
            tail_a = ""  # 各减少5,8万元,下降10%: one rate after two changes follows the last
    compared = match["cmp"] or ""  # 与2021年相比: said once, it dates both statements
    after = match["after"] or ""  # 比上年增加…: after one figure for both, it compares both; after two, the last
    first_after = "" if match["b"] else after
    return f"{compared}{income}{verb}{a}{unit}{tail_a}{first_after};{compared}{spending}{verb}{b}{unit}{tail_b}{after}"
