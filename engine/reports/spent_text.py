"""Whether a text that names no stage for what it spent (``三公经费支出9.5亿元``) is a 决算 text.

A spending figure under no stage word is read as the 决算 (flagged inferred) unless the text,
read as a whole, says it reports a budget: a budget word of the text's own year (or of none)
that is no comparison with the year-start budget (完成预算的92.7%, 较年初预算: a 决算 compares
so) nor named with the 决算 of the same year (公布…“三公经费”决算及部门预算), or last year's
budget compared with (与上年预算相比: a budget compares with last year's budget). Nor is the budget
that says which spending a 三公 statement covers (部门预算中使用财政拨款开支的…). A later year's
budget named beside this year's figures (2010年…支出情况和2011年…预算安排情况), an earlier year's
budget and a weak word alone (安排) are no such sign. A text that states no stage at all
is read as reporting what was spent: on the corpus a stated 支出 under no stage was the 决算 far
more often than the budget (a budget text names its 预算 somewhere). Its counterpart: a text that
states its budget's figures and names nothing spent, 执行 or 决算 states the budget under no stage.

It reads the normalised text with the lexicon's stage words, masked as the scanner masks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, norm
from .scan import mask_not_stages

_OWN_BUDGET_COMPARED = re.compile(r"(?:完成(?:全年|年度|年初)?|(?:较|比|与)(?:年初)?)$")  # 较年初预算, 较预算
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_SET_AGAINST = re.compile(r"(?:超出|超过|超支|低于|高于|完成|比|较|与)[^,;。\d]{0,4}$")  # 超出当年预算5.71万元: no budget stated
_FIGURE_AFTER = re.compile(r"[^,;。:\d]{0,12}\d")  # 收支总预算1085203.63元: a budget figure stated, not a norm (无预算安排支出)
_SENTENCE_REACH = 200  # characters on either side of a budget word that its sentence is looked for in (a bound)
_USE_AFTER = re.compile(r"(?:和|及|与|、)(?:实际)?(?:使用|执行|支出)")  # 预算安排和使用情况
_SCOPE_AFTER = re.compile(r"中(?:使用|用)财政拨款")  # 部门预算中使用财政拨款开支的…: which spending is meant, no budget
_PAIRED_WITH_FINAL = re.compile(r"决算数?(?:及|和|与|、)[^,;。\d]{0,6}$")  # 决算及部门预算, 决算和预算


@dataclass(frozen=True)
class StageWords:
    """A whole report's text, normalised with its non-stage words masked, and its stage words in order."""

    masked: str
    found: list[re.Match[str]]


def stage_words(text: str, lexicon: Lexicon) -> StageWords:
    """The stage words of ``text``, read once for :func:`reads_as_spent` and :func:`reads_as_budget`."""
    masked = mask_not_stages(lexicon, norm(text))
    return StageWords(masked, list(lexicon.stage_re.finditer(masked)))


def reads_as_spent(words: StageWords, lexicon: Lexicon, year: int | None) -> bool:
    """Whether a whole report shows no budget sign (see the module)."""
    masked = words.masked
    for match in words.found:
        stage = lexicon.stage_words[match["word"]]
        if stage not in ("budget", "prev_budget") or match["word"] in lexicon.weak_stages:
            continue  # 安排 alone (使用财政拨款安排…团组9个) says little
        named = match["year"] or _year_before(masked, match.start())
        if stage == "budget" and named and year and int(named) > year:
            continue  # next year's budget beside this year's spending
        if stage == "budget" and _OWN_BUDGET_COMPARED.search(masked, max(0, match.start() - 4), match.start()):
            continue
        if stage == "budget" and _PAIRED_WITH_FINAL.search(masked, max(0, match.start() - 10), match.start()):
            continue  # 公布2011年的“三公经费”决算及部门预算: both of one year named, no sign of a budget text
        if stage == "budget" and named and year and int(named) < year - 1:
            continue  # an earlier year's budget, neither sign
        if stage == "budget" and _SCOPE_AFTER.match(masked, match.end()):
            continue  # 根据预算管理有关规定,部门预算中使用财政拨款开支的“三公经费”: what the figures cover
        if stage == "budget" and _with_its_use(masked, match, lexicon):
            continue  # 预算安排和使用情况, 预算数1691.24万元,决算数1645.14万元: the budget beside what was spent
        return False
    return True


def reads_as_budget(words: StageWords, lexicon: Lexicon) -> bool:
    """Whether a whole report (one that does not :func:`reads_as_spent`) names its own budget and
    nothing of what it spent: no 决算, 执行 or 实际 word of its year (a weak 支出为 or 支出合计 aside; last
    year's, 较上年 or 上年决算, a budget names too), and states a budget figure after its word
    (收支总预算1085203.63元; 严禁…无预算安排支出 and 超出当年预算5.71万元 state none). Such a text
    (``2025年本年一般公共预算支出1085203.63元…其中:基本支出1037103.63元…具体支出预算如下``) states the
    budget wherever it names no stage."""
    masked, found = words.masked, words.found
    return not any(lexicon.stage_words[m["word"]] == "final" and m["word"] not in lexicon.weak_stages for m in found) \
        and any(lexicon.stage_words[m["word"]] == "budget" and m["word"] not in lexicon.weak_stages
                and _FIGURE_AFTER.match(masked, m.end()) and not _SET_AGAINST.search(masked, max(0, m.start() - 6), m.start())
                for m in found)


def _with_its_use(masked: str, budget: re.Match[str], lexicon: Lexicon) -> bool:
    """Whether a budget word is named with what was spent of it: its use right after it (预算安排和使用情况)
    or, in its sentence, a 决算 word of no other year that compares with nothing (预算数1691.24万元,决算数…)."""
    if _USE_AFTER.match(masked, budget.end()):
        return True
    reach = max(0, budget.start() - _SENTENCE_REACH), min(len(masked), budget.end() + _SENTENCE_REACH)
    start = max(masked.rfind(end, reach[0], budget.start()) for end in "。;") + 1 or reach[0]
    ends = [found for end in "。;" if (found := masked.find(end, budget.end(), reach[1])) >= 0]
    stop = min(ends, default=reach[1])
    return any(lexicon.stage_words[m["word"]] == "final" and m["word"] not in lexicon.weak_stages and not m["year"]
               and not _SET_AGAINST.search(masked, max(start, m.start() - 6), m.start())
               for m in lexicon.stage_re.finditer(masked, start, stop))


def _year_before(text: str, at: int) -> str | None:
    """A year written right before a stage word (2011年三公经费财政拨款预算安排), within its clause."""
    clause = re.split(r"[,;。:和及与]", text[max(0, at - 20):at])[-1]
    found = _YEAR.findall(clause)
    return found[-1] if found else None
