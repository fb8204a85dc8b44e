"""Two years in one text: last year's 决算 beside this year's budget, or this year against the last, date it by the later.

Budget disclosures, and the news that reprints them, state last year's 决算 and this year's budget
together: ``2010年“三公”经费财政拨款决算数为593.53万元,2011年“三公”经费财政拨款预算数为667.43万元``,
``因公出国(境)费2010年实际执行数为11295.77万元,2011年预算数为9411.52万元``. Such a text is the
budget's (2011's): the earlier year's figures are last year's 决算. A text dated only by the first
year its body names (no title) is re-dated to the next year when one sentence states a figure of
that first year's 决算 and one of the next year's budget (a 决算 named by any of the year's stage
words, 预算…,实际执行…, or, with none, by 支出 before its amount). Naming the later budget without a figure
(``2010年…支出情况和2011年…预算安排情况``, then 2010's figures alone) re-dates nothing, nor does a
figure of a comparison (``2011年预算数比上年执行数减少…``). A first year the text only names, stating
no figure of it, before the next year's budget figures (``审查了2014年预算执行情况和2015年预算草案的报告…
2015年…预算安排8.27亿元``) re-dates it too. The next year compared with the first
(``2017比2016增减``, ``2017年较2016年``, ``相较2010年,今年…``, a two-year table's change column), or a budget
figure set against the first year in a sentence naming no other (``公务接待费预算0.97亿元,比2013年压减…``), re-dates it too: the text
reports the later year against the earlier. A table whose columns set the first year's 决算 beside
the next year's budget states what such a sentence states.

Imports the lexicon, the document model, the body year's note (:mod:`.fields`) and the table headers
(:mod:`.text_tables`).
"""

from __future__ import annotations

import re
from typing import Iterator

from .document import Document
from .lexicon import Lexicon, normalise
from .fields import BODY_YEAR_NOTE
from .model import Candidate, Provenance
from .text_tables import column_headers, header_row_count, is_numeric_cell
from ..units import iter_quantities

_SENTENCE = re.compile(r"[^。!?;]+")
_YEAR = re.compile(r"(?<![\d.])(\d{4})年度?(?!\d{1,2}月)")
_CLAUSE_BREAK = re.compile(r"[,，:：]")
_COMPARED = re.compile(r"比|较|与|相比|同比")
_SPENT_AMOUNT = re.compile(r"支出(?:了|为|是)?\d")  # 财政拨款支出41885.88万元: an amount spent
_HEADER_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d)")
_LATER_VS_EARLIER = re.compile(r"(?<![\d.])((?:19|20)\d{2})年?度?(?:比|较|与)((?:19|20)\d{2})(?!\d)")
# 今年…较2010年, 相较2010年,今年…: this year set against the one the body named
_COMPARED_YEAR = re.compile(r"(?:比|较|与|相较)((?:19|20)\d{2})年")
_THIS_VS_EARLIER = re.compile(r"今年[^。;!?]{0,80}?(?:比|较|与)((?:19|20)\d{2})年|(?:相较|相比|比|较|与)((?:19|20)\d{2})年(?:相比)?[,，]?今年")
# 公务接待费预算0.97亿元,比2013年压减0.22亿元: a budget set against a year is a later year's (not against its
# own budget or 决算: 比2013年预算减少)
_BUDGET_VS_YEAR = re.compile(r"预算(?:数|为|是|安排)?[^。;!?\d]{0,6}\d[\d,]*(?:\.\d+)?(?:亿元|万元|元)[,，]?(?:比|较)"
                             r"((?:19|20)\d{2})年(?!度?(?:年初|预算|决算|执行|实际))")
NOTE = "年度据正文：同一句给出上年决算和本年预算"
COMPARED_NOTE = "年度据正文：以本年与上年相比"
ALONE_NOTE = "年度据正文：只给出次年预算的数字"


def redated(candidates: list[Candidate], document: Document, lexicon: Lexicon) -> list[Candidate]:
    """``candidates`` with a year read from the body moved to the next year when a sentence sets
    that next year's budget figure beside this year's 决算 figure, or the text compares the next
    year with it."""
    year = next((c for c in candidates if c.metric == "year"), None)
    if year is None or year.note != BODY_YEAR_NOTE:
        return candidates
    if _headed_final(document, lexicon, int(year.value)):
        return candidates
    found = _budget_beside_final(document, lexicon, int(year.value))
    note = NOTE
    if found is None:
        found, note = _later_vs_earlier(document, int(year.value)), COMPARED_NOTE
    if found is None:
        found, note = _next_budget_alone(document, lexicon, int(year.value)), ALONE_NOTE
    if found is None:
        return candidates
    return [Candidate("year", year.value + 1, found, year.rank, note=note) if c is year else c for c in candidates]


def is_budget_text(document: Document, lexicon: Lexicon, year: int) -> bool:
    """Whether the text states ``year``'s budget and the year before's 决算, each with a figure, and
    no 决算 of ``year`` itself: a budget disclosure, whose 决算 named with no year is the year before's."""
    stated = _statements(document, lexicon, year - 1)
    return (year, "budget") in stated and (year - 1, "final") in stated and (year, "final") not in stated


def _statements(document: Document, lexicon: Lexicon, year: int) -> dict[tuple[int, str], Provenance]:
    """Where the text first states a figure of each (year, stage), for ``year`` and the year after."""
    stated: dict[tuple[int, str], Provenance] = {}
    for found, where in _sentences(document, lexicon, year):
        for statement in found:
            stated.setdefault(statement, where)
    return stated


def _sentences(document: Document, lexicon: Lexicon, year: int) -> Iterator[tuple[set[tuple[int, str]], Provenance]]:
    """Each sentence of a paragraph naming ``year`` or the year after: the (year, stage) whose figure
    it states (:func:`_stated`), and where it is."""
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        if str(year) not in text and str(year + 1) not in text:
            continue
        masked = lexicon.not_stage_re.sub(lambda m: "\x00" * len(m.group()), text) if lexicon.not_stage_re else text
        for sentence in _SENTENCE.finditer(masked):
            a, b = offsets[sentence.start()], offsets[sentence.end() - 1] + 1
            yield (_stated(lexicon, masked, sentence.start(), sentence.end()),
                   Provenance(paragraph.where(), paragraph.line_at(a), paragraph.text[a:b].strip()))


def _next_budget_alone(document: Document, lexicon: Lexicon, year: int) -> Provenance | None:
    """Where the text states a figure of the next year's budget, when it states none of ``year``'s
    (北京 2015: ``审查了北京市2014年预算执行情况和2015年预算草案的报告…2015年…预算安排8.27亿元,较2014年预算降低``):
    ``year`` is only named, and the text is the budget's."""
    stated = _statements(document, lexicon, year)
    if (year, "budget") in stated or (year, "final") in stated:
        return None
    return stated.get((year + 1, "budget"))


def _headed_final(document: Document, lexicon: Lexicon, year: int) -> bool:
    """Whether the first line naming a year is a heading of ``year``'s 决算 (``2023年度部门决算公开``),
    not a column's header (``2010年“三公经费”财政拨款决算数``): the text says what it is, and a budget
    of the next year in it is that 决算's outlook."""
    for paragraph in document.paragraphs:
        text = normalise(paragraph.text)[0]
        named = _YEAR.search(text)
        if named is None:
            continue
        if int(named[1]) != year or len(text) > 40 or any(q.kind == "money" for q in iter_quantities(text)):
            return False
        found = list(lexicon.stage_re.finditer(text))
        figure_named = any(m.group().endswith("数") or text.startswith("数", m.end()) for m in found)  # 决算数
        return not figure_named and {lexicon.stage_words[m["word"]] for m in found} == {"final"}
    return False


def _later_vs_earlier(document: Document, year: int) -> Provenance | None:
    """Where the text compares the next year with ``year`` (``2017比2016增减``), or this year with it
    (``相较2010年,今年…预算为1089.78万元``): the text's own year is the later."""
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        for match in _LATER_VS_EARLIER.finditer(text):
            if int(match[2]) == year and int(match[1]) == year + 1:
                a, b = offsets[match.start()], offsets[match.end() - 1] + 1
                return Provenance(paragraph.where(), paragraph.line_at(a), paragraph.text[a:b])
        for match in _THIS_VS_EARLIER.finditer(text):
            if int(match[1] or match[2]) == year:
                a, b = offsets[match.start()], offsets[match.end() - 1] + 1
                return Provenance(paragraph.where(), paragraph.line_at(a), paragraph.text[a:b])
        for sentence in _SENTENCE.finditer(text):
            match = _BUDGET_VS_YEAR.search(sentence.group())
            if match is not None and int(match[1]) == year and {m[0] for m in _HEADER_YEAR.finditer(sentence.group())} == {match[1]}:
                a, b = offsets[sentence.start() + match.start()], offsets[sentence.start() + match.end() - 1] + 1
                return Provenance(paragraph.where(), paragraph.line_at(a), paragraph.text[a:b])
    return None


def compared_this_year(document: Document) -> int | None:
    """The year a text naming no year of its own means by 今年, when it sets 今年 against a year
    (``今年…“三公”经费预算总额为5.55亿元,较2014年的5.98亿元减少``), or whose one year is what it is
    compared with (``…支出合计38.72亿元,比2022年增加10.48亿元``): the year after that one. Only for reading
    the text's comparisons; the text still states no year."""
    texts = [normalise(paragraph.text)[0] for paragraph in document.paragraphs]
    for text in texts:
        match = _THIS_VS_EARLIER.search(text)
        if match is not None:
            return int(match[1] or match[2]) + 1
    named = {m[1] for text in texts for m in _YEAR.finditer(text)}
    compared = {m[1] for text in texts for m in _COMPARED_YEAR.finditer(text)}
    return int(compared.pop()) + 1 if len(compared) == 1 and named == compared else None


def _budget_beside_final(document: Document, lexicon: Lexicon, year: int) -> Provenance | None:
    """Where a sentence states a figure of ``year``'s 决算 and one of the next year's budget; or,
    across sentences in either order, the first that states a figure of the next year's budget, when
    another states one of ``year``'s 决算 (news of a budget disclosure: 2011年…预算数合计为11385.18万元。
    …2010年,…决算数为11627.85万元)."""
    leading: Provenance | None = None  # the first sentence stating the next year's budget, before any 决算 of year
    final_seen = False
    for stated, where in _sentences(document, lexicon, year):
        if (year, "final") in stated and (year + 1, "budget") in stated:
            return where
        if (year + 1, "budget") in stated and leading is None:
            leading = where
        if (year, "final") in stated:
            final_seen = True
        if leading is not None and final_seen:
            return leading
    return _columns_beside(document, lexicon, year)


def _columns_beside(document: Document, lexicon: Lexicon, year: int) -> Provenance | None:
    """Where a table sets a column of ``year``'s 决算 beside one of the next year's budget, each over
    a figure (``2010年“三公经费”财政拨款决算数 | 2011年“三公经费”财政拨款预算数``): the sentence's
    statement, printed as a table. Not under a caption naming the 决算 alone (``2023年“三公”经费支出
    决算表`` with a 2024年预算数 column beside: a 决算 table)."""
    for table in document.tables:
        captioned = {lexicon.stage_words[m["word"]] for m in lexicon.stage_re.finditer(normalise(table.caption)[0])}
        if "final" in captioned and "budget" not in captioned:
            continue
        count = header_row_count(table.rows)
        headers = column_headers(table.rows)
        stated = set()
        for col, header in enumerate(headers):
            text = normalise(header)[0]
            named = {int(m[1]) for m in _HEADER_YEAR.finditer(text)}
            word = lexicon.stage_re.search(text)
            filled = any(col < len(row) and is_numeric_cell(row[col]) for row in table.rows[count:])
            if len(named) == 1 and word is not None and filled and not _COMPARED.search(text):
                stated.add((named.pop(), lexicon.stage_words[word["word"]]))
        if (year, "final") in stated and (year + 1, "budget") in stated:
            return Provenance(table.where(), table.line_of(0, 0), " | ".join(h for h in headers if h))
    return None


def _stated(lexicon: Lexicon, masked: str, start: int, end: int) -> set[tuple[int, str]]:
    """(year, stage) of each year this part of the text names with a stage word followed by an
    amount of money, with no comparison between them and before the next stage word; the first
    stage word may reach past later ones (``2010年“三公”经费财政拨款决算数为593.53万元``), a budget's
    amount at most one clause on (``2011年预算编报的会计科目设置,“交通费”科目下…还包括…39.6万元``
    names none). A year whose words name neither stage but whose amount follows 支出 states what was
    spent: its 决算 (``2010年,…“三公经费”财政拨款支出41885.88万元``)."""
    years = list(_YEAR.finditer(masked, start, end))
    found = set()
    for year, following in zip(years, [*years[1:], None]):
        stop = following.start() if following is not None else end
        words = list(lexicon.stage_re.finditer(masked, year.end(), stop))
        named = {stage for word, after in zip(words, [*words[1:], None])
                 if (stage := _stated_stage(lexicon, masked, word, stop if word is words[0] else
                                            after.start() if after is not None else stop))}
        if not named & {"budget", "final"} and not any(lexicon.stage_words[w["word"]] == "budget" for w in words):
            spent = _SPENT_AMOUNT.search(masked, year.end(), stop)
            if spent is not None and not _COMPARED.search(masked, year.end(), spent.start()):
                named.add("final")
        found |= {(int(year[1]), stage) for stage in named}
    return found


def _stated_stage(lexicon: Lexicon, masked: str, word: re.Match[str], stop: int) -> str | None:
    """The stage ``word`` states when an amount of money follows it before ``stop``, else None."""
    stage = lexicon.stage_words[word["word"]]
    rest = masked[word.end():stop]
    amount = next((q for q in iter_quantities(rest) if q.kind == "money"), None)
    if (stage in ("budget", "final") and amount is not None and not _COMPARED.search(rest, 0, amount.start)
            and (stage == "final" or len(_CLAUSE_BREAK.findall(rest, 0, amount.start)) <= 1)):
        return stage
    return None
