"""Disclosure stamps: a page's 公开时间 label and its date, read as the day the page's
subject — its 决算, its budget or its self-evaluation, as its title names first — was made public;
its 批复时间 label, the day its 决算 or budget was approved (rules/extraction.yaml ``stamps:``)."""

from __future__ import annotations

import re

from .document import Document, Paragraph
from .fields import compact_dates
from .lexicon import Lexicon, normalise
from .model import Candidate, Provenance
from .scan import mask_not_stages
from ..units import iter_dates

HEAD = 12  # the paragraphs of a page that carry its stamp and its title (after a portal's banner and contents)
_AFTER_LABEL = re.compile(r"[\]】):|]*")  # 【公开时间】2024-09-26, 公开时间:2024年9月26日


# the years after the text's year in which each subject is disclosed: a 决算 or a self-evaluation
# the year after the year it accounts for, a budget in its own year or late in the year before
_LAG = {"final_disclosed_date": (1,), "self_eval_disclosed_date": (1,), "budget_disclosed_date": (-1, 0),
        "final_approved_date": (1,), "budget_approved_date": (-1, 0)}


def stamp_dates(document: Document, lexicon: Lexicon, year: int | None) -> list[Candidate]:
    """The disclosure date a stamp among the first paragraphs gives, for the subject the title names,
    when it falls when such a subject of the text's ``year`` is disclosed; and the approval date a
    批复时间 stamp gives a 决算's or budget's page, when it falls when such a text is approved and
    not after that disclosure."""
    if not lexicon.stamp_labels or year is None:
        return []
    head = document.paragraphs[:HEAD]
    metric = _subject(head, lexicon)
    if metric is None:
        return []
    labels = lexicon.stamp_labels + (lexicon.posted_labels if metric == "self_eval_disclosed_date" else ())
    disclosed = _stamp(head, labels, metric, year, "据页面公开时间")
    approved = _APPROVED.get(metric)
    stamped = _stamp(head, lexicon.approved_labels, approved, year, "据页面批复时间") if approved else []
    if stamped and disclosed and stamped[0].value > disclosed[0].value:
        stamped = []  # approved after it was disclosed: no approval of this page's text
    return disclosed + stamped


_APPROVED = {"final_disclosed_date": "final_approved_date", "budget_disclosed_date": "budget_approved_date"}


def _stamp(head: list[Paragraph], labels: tuple[str, ...], metric: str, year: int, note: str) -> list[Candidate]:
    """The date after the first of ``labels`` among ``head``, as ``metric``, when ``metric``'s lag allows it."""
    for number, paragraph in enumerate(head):
        text, offsets = normalise(paragraph.text)
        for label in labels:
            at = text.find(label)
            if at < 0 or paragraph.line_at(offsets[at]) != paragraph.line_at(offsets[at + len(label) - 1]):
                continue  # …部门预算公开 / 时间:2022-03-10: a title's last word and a stamp's label joined as one
            start = _AFTER_LABEL.match(text, at + len(label)).end()
            dated, dated_offsets, quoted_from, found = paragraph, offsets, at, _date_at(text, start)
            if found is None and start == len(text):  # 公开日期 | 2024-10-15: an index printed one cell per line
                dated, dated_offsets, quoted_from, found = _on_next_line(head[number + 1:])
            if found is not None and int(found[0][:4]) - year in _LAG.get(metric, ()):
                iso, end = found
                a, b = dated_offsets[quoted_from], dated_offsets[end - 1] + 1
                prov = Provenance(dated.where(), dated.line_at(a), dated.text[a:b], dated.text.strip())
                return [Candidate(metric, iso, prov, 2, note=note)]
    return []


def _on_next_line(after: list[Paragraph]) -> tuple[Paragraph, list[int], int, tuple[str, int] | None]:
    """The paragraph, its offsets, where its quote starts and the date that opens it: the first paragraph of
    ``after`` with text, when a stamp's label ends its own line."""
    dated = next((p for p in after if p.text.strip()), Paragraph(0, "", 0))
    text, offsets = normalise(dated.text)
    return dated, offsets, 0, _date_at(text, 0)


def _date_at(text: str, start: int) -> tuple[str, int] | None:
    """A date to the day that begins at ``start`` (2021-08-03, 2019年10月11日, 20251028), with its end."""
    rest = text[start:]
    for date in iter_dates(rest, min_precision="day"):
        if date.start == 0:
            return date.iso, start + date.end
        break
    for date in compact_dates("日期:" + rest):
        if date.start == 3:
            return date.iso, start + date.end - 3
    return None


def _subject(head: list[Paragraph], lexicon: Lexicon) -> str | None:
    """The date metric of what the first paragraph naming a subject names first (决算 before 自评
    in ``2023年度部门决算…部门整体支出绩效自评表``); compounds such as 预算绩效 name none."""
    subjects = frozenset(word for words in lexicon.stamp_subjects.values() for word in words)
    for paragraph in head:  # 预算公开 names its subject, though it is no stage word in 按照预算公开要求
        text = mask_not_stages(lexicon, normalise(paragraph.text)[0], spare=subjects)
        first = min(((text.find(word), metric) for metric, words in lexicon.stamp_subjects.items()
                     for word in words if word in text), default=None)
        if first is not None:
            return first[1]
    return None
