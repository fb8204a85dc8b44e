"""Final-stage words that only say money was spent (支出合计, 支出为), and when they yield.

``2017年部门预算“三公”经费情况说明`` over ``“三公”经费支出合计5.6万元`` states the budget: the
heading names the stage, the sentence only that the money is for spending. Such a word
yields

- to last year's stage named earlier in its clause, or opening it (``上年“三公”经费支出为20万元``,
  ``去年,各单位“三公”经费总支出数额为…``: last year's spending; 比上年, a comparison, excepted);
- to the budget when the text's heading names the budget and no spending (支出, 执行, 决算,
  使用, 完成), and the sentence names no stage before the word; or when the sentence named the
  budget before it and the word opens that budget's breakdown
  (``预算支出83.53万元:其中公务接待费支出为50万元,因公出国(境)费支出为0万元``).

A weak word whose clause states figures that are all counts of things names no stage at all:
``共计安排因公出国(境)团组0个,因公出国(境)0人次`` arranges trips, not money, and the item after it
(``公务接待费为1.81万元``) stays under the 决算 its text reports.

A budget and a weak word in one sentence without 其中 between them (``预算2万元,支出为1.5万元``),
or a budget named after the word (``支出合计8万元,完成预算的80%``, ``比年初预算减少2万元``), set
the spending against the budget: the word keeps its own stage (the scanner asks only then).
"""

from __future__ import annotations

import re

from ..units import iter_quantities

_SPENDING = re.compile(r"支出|执行|决算|使用|完成|实际")
_BUDGETED_SPENDING = re.compile(r"支出预算|预算支出")  # the spending a budget plans
_CLAUSE_BREAK = re.compile(r"[,;:。]")
_PRIOR = ("prev_final", "prev_budget")
_COMPARING = ("比", "较", "与", "和")


def budget_only(heading: str, stage: str | None) -> bool:
    """Whether a heading names the budget and nothing of its spending (``支出预算总体情况说明`` names the
    budget's spending side, nothing spent)."""
    return stage == "budget" and _SPENDING.search(_BUDGETED_SPENDING.sub("", heading)) is None


def yielded(earlier: list[tuple[int, int, str]], text: str, at: int, heading_budget: bool) -> str | None:
    """The stage the weak word at offset ``at`` of ``text`` reads as, when another governs it
    (None: its own). ``earlier`` holds the stage words the sentence named before it (start, end,
    stage)."""
    if not earlier:
        return "budget" if heading_budget else None
    start, end, stage = earlier[-1]
    after = end + (text[end:end + 1] == ",")  # 去年,各单位“三公”经费总支出数额为…: the year opening the clause after it
    if stage in _PRIOR and not _CLAUSE_BREAK.search(text, after, at) and text[start - 1:start] not in _COMPARING:
        return stage
    run = 0  # the budget words right before it (a weak word that yielded is one)
    while run < len(earlier) and earlier[-1 - run][2] == "budget":
        run += 1
    return "budget" if run > 0 and "其中" in text[earlier[-run][1]:at] else None


def counts_only(text: str, at: int, end: int) -> bool:
    """Whether the clause holding the weak word at ``at`` (``end`` its end) of ``text`` states
    figures and all of them are counts (团组0个, 0人次): an arrangement of things, not of money."""
    opened = max(text.rfind(mark, 0, at) for mark in ",;:。") + 1
    closed = _CLAUSE_BREAK.search(text, end)
    clause = text[opened:closed.start() if closed else len(text)]
    found = [q.kind for q in iter_quantities(clause)]
    return bool(found) and all(kind == "count" for kind in found)
