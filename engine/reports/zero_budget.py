"""A 三公 item a budget says it has none of: ``2017年无因公出国(境)费用预算``, ``公务用车购置费2015年未安排
预算``, ``无公务用车购置费预算安排``: that item's budget is 0.

The phrase is rewritten as the statement it makes (``因公出国(境)费用预算0万元``), its first character
pointing at the phrase's start, the new amount at its end and the rest at their own, so provenance
quotes the page's whole phrase. Only an item named with the budget word, at the end of its clause, is
read: ``无出国计划`` or ``无因公出国(境)费支出`` say less, or of another stage. A clause saying only that
there was none (``因公出国(境)费支出决算为0.00万元,本年无预算``) speaks of the item the clause before names:
it is rewritten as that item's budget of 0 (``因公出国(境)费预算0万元``), every character pointing at the
page's 本年无预算. An item not arranged (``未安排出国(境)经费``, ``因公出国(境)费用不安排``: 安排 is the budget's word)
is budgeted at 0 as well, and so is the 三公 total not arranged (``“三公”经费无安排的支出``). Imports only
:mod:`.rewrite`.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, rewrite

_ITEM = (r"(?:因公出国\(境\)|因公出国|出国\(境\))(?:费用|经费|费)?|公务用车购置及运行(?:维护)?(?:费用|经费|费)"
         r"|公务用车(?:购置|运行维护)(?:费用|经费|费)?|公务接待(?:费用|经费|费)")
_NONE_BEFORE = re.compile(rf"(?:无|未安排)(?P<item>{_ITEM})(?P<word>预算)(?:安排)?(?=[,;。、)]|$)")
_NONE_AFTER = re.compile(rf"(?P<item>{_ITEM})(?P<year>(?:19|20)\d{{2}}年度?)?(?:未安排|无)(?P<word>预算)(?=[,;。、)]|$)")
_AMOUNT = "0万元"
# 未安排出国(境)经费, 因公出国(境)费用不安排: 安排 is the budget's word, and nothing was arranged
# and the 三公 total so (未安排“三公”经费, “三公”经费无安排的支出), but not said to have no budget: 2018年年初无“三公”
# 经费预算 may be a year whose budget was set during it
_ARRANGED_ITEM = rf"{_ITEM}|三公经费"
_NOT_ARRANGED_BEFORE = re.compile(rf"(?:未|不|没有)安排(?P<item>{_ARRANGED_ITEM})(?=[,;。、)]|$)")
_NOT_ARRANGED_AFTER = re.compile(rf"(?P<item>{_ARRANGED_ITEM})(?:未|不|无)安排(?:的?支出)?(?=[,;。、)]|$)")
_BARE_NONE = re.compile(r"(?<=[,，])(?:本年度?|当年|今年)?(?:无|未安排)预算(?=[,;。、)]|$)")
_ITEM_RE = re.compile(_ITEM)
_CLAUSE_START = re.compile(r"[,;。:，；：]|\((?!境)")


def read_zero_budget(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with each item said to have no budget written as budgeted at 0万元, and its offsets."""
    if "无" not in text and "安排" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement:
        kept = [group for group in ("item", "year", "word") if group in match.re.groupindex and match[group]]
        said = "".join(match[group] for group in kept)
        where = [offset for group in kept for offset in offsets[match.start(group):match.end(group)]]
        where[0] = offsets[match.start()]  # the statement spans the page's whole phrase, 无 or 未安排 included
        return said + _AMOUNT, where + [offsets[match.end() - 1]] * len(_AMOUNT)

    def budgeted_at_zero(item: str, match: re.Match[str]) -> Replacement:
        """``item`` budgeted at 0 in place of ``match``: every character points at the page's phrase."""
        said = item + "预算" + _AMOUNT
        return said, [offsets[match.start()]] * (len(said) - 1) + [offsets[match.end() - 1]]

    def of_item(match: re.Match[str]) -> Replacement | None:
        clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, 0, match.start() - 1)), default=0)
        items = list(_ITEM_RE.finditer(text, clause_start, match.start()))
        return budgeted_at_zero(items[-1].group(), match) if items else None

    def arranged(match: re.Match[str]) -> Replacement:
        return budgeted_at_zero(match["item"], match)

    text, offsets = rewrite(text, offsets, _NOT_ARRANGED_BEFORE.finditer(text), arranged)
    text, offsets = rewrite(text, offsets, _NOT_ARRANGED_AFTER.finditer(text), arranged)
    text, offsets = rewrite(text, offsets, _NONE_BEFORE.finditer(text), replace)
    text, offsets = rewrite(text, offsets, _NONE_AFTER.finditer(text), replace)
    return rewrite(text, offsets, _BARE_NONE.finditer(text), of_item)
