"""A mirror site's copy of a page in traditional characters reads as the page itself.

Every snippet of the corpus that is printed in simplified characters (the blind splits left out) is
converted with OpenCC ``s2t`` and extracted again: the figures must be the same, whatever layout the
snippet has (tables one cell per line, pipe rows, wrapped PDF lines, dates under a title). What the
reader quotes stays the page's own characters. No label is used: this holds for any text.
"""

from __future__ import annotations

import opencc
import pytest

from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import load_corpus

_S2T = opencc.OpenCC("s2t")


@pytest.fixture(scope="module")
def simplified_snippets():
    return [s for s in load_corpus() if "traditional" not in s.tags]


def test_a_traditional_copy_of_every_snippet_yields_the_same_figures(simplified_snippets):
    assert len(simplified_snippets) > 200
    differing = []
    for snippet in simplified_snippets:
        printed = {m: item.value for m, item in extract_text(snippet.text).items.items()}
        mirrored = {m: item.value for m, item in extract_text(_S2T.convert(snippet.text)).items.items()}
        if printed != mirrored:
            differing.append((snippet.id, printed, mirrored))
    assert not differing, differing[:3]


def test_a_traditional_copy_is_quoted_as_printed():
    text = "2022年度“三公”经费支出决算表\n单位:万元\n\n项目\n\n预算数\n\n决算数\n\n公务接待费\n\n2.50\n\n1.50\n\n" \
           "公务用车运行维护费\n\n0.19\n\n0.19\n\n因公出国(境)费\n\n0\n\n0\n\n2022年公务接待费支出决算1.5万元,比上年减少0.2万元。"
    mirrored = extract_text(_S2T.convert(text)).items
    assert mirrored["sangong_actual_reception"].value == 1.5
    assert mirrored["sangong_actual_reception_change"].provenance.text == "0.2萬元"
    assert mirrored["sangong_budget_reception"].value == 2.5
    assert mirrored["sangong_budget_reception"].provenance.context == "公務接待費 / 預算數"  # the cells as printed
