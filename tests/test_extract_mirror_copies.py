"""A mirror site's copy of a page reads as the page itself.

Mirror and reposting sites print pages in traditional characters, some with pinyin inserted after
characters (``經(jīng)費``), and copies often turn digits and punctuation full-width
(``８５０．５５``). Every snippet of the corpus printed in simplified, half-width characters (the
blind splits left out) is converted — OpenCC ``s2t`` (and ``s2hk``, ``s2tw``: a Hong Kong copy prints
衞生 and 綫), then pinyin inserted; digits and punctuation
to their full-width forms; a space between every two Chinese characters of its prose — and read again: the figures and the consistency checks' findings must
be the same, whatever layout the snippet has (tables one cell per line, pipe rows, wrapped PDF
lines, dates under a title). What the reader quotes stays the copy's own characters. No label is
used: this holds for any text.
"""

from __future__ import annotations

import re

import opencc
import pytest

from perfscore.engine.reports.checks import run_checks
from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import load_corpus

_S2T = opencc.OpenCC("s2t")
_FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789,.:;()%"})
# the pinyin a mirror inserts after characters (經(jīng)費(fèi)預(yù)算): after these, wherever they stand
_PINYIN = str.maketrans({"經": "經(jīng)", "費": "費(fèi)", "預": "預(yù)", "決": "決(jué)", "務": "務(wù)", "數": "數(shù)",
                         "與": "與(yǔ)", "結": "結(jié)", "轉": "轉(zhuǎn)", "萬": "萬(wàn)", "總": "總(zǒng)", "計": "計(jì)"})
_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def _spaced_out(text: str) -> str:
    """A PDF copy that spreads its characters (``在 县 第 十 七 届 人 民 代 表 大 会``): prose lines only."""
    return "\n".join(line if len(line) < 25 or "|" in line or "\t" in line else _BETWEEN_HAN.sub(" ", line)
                     for line in text.split("\n"))


def _rows_spaced(text: str) -> str:
    """A web copy that prints each table row as a paragraph: a blank line after every row of cells."""
    return "\n".join(line + "\n" if len([c for c in line.split("|") if c.strip()]) >= 2 else line
                     for line in text.split("\n"))


COPIES = {"rows spaced": _rows_spaced, "traditional": _S2T.convert, "Hong Kong variants": opencc.OpenCC("s2hk").convert,
          "Taiwan variants": opencc.OpenCC("s2tw").convert, "full-width": lambda text: text.translate(_FULL_WIDTH),
          "mirror with pinyin": lambda text: _S2T.convert(text).translate(_PINYIN), "spaced out": _spaced_out}


@pytest.fixture(scope="module")
def snippets():
    return [s for s in load_corpus() if "traditional" not in s.tags]


def _read(text: str) -> tuple[dict, list]:
    extraction = extract_text(text)
    return ({m: item.value for m, item in extraction.items.items()},
            sorted((f.id, f.severity) for f in run_checks(extraction)))


@pytest.mark.parametrize("copy", COPIES)
def test_a_copy_of_every_snippet_yields_the_same_figures_and_findings(snippets, copy):
    assert len(snippets) > 200
    differing = [(s.id, original, copied) for s in snippets
                 if (original := _read(s.text)) != (copied := _read(COPIES[copy](s.text)))]
    assert not differing, differing[:3]


def test_a_traditional_copy_is_quoted_as_printed():
    text = "2022年度“三公”经费支出决算表\n单位:万元\n\n项目\n\n预算数\n\n决算数\n\n公务接待费\n\n2.50\n\n1.50\n\n" \
           "公务用车运行维护费\n\n0.19\n\n0.19\n\n因公出国(境)费\n\n0\n\n0\n\n2022年公务接待费支出决算1.5万元,比上年减少0.2万元。"
    mirrored = extract_text(_S2T.convert(text)).items
    assert mirrored["sangong_actual_reception"].value == 1.5
    assert mirrored["sangong_actual_reception_change"].provenance.text == "0.2萬元"
    assert mirrored["sangong_budget_reception"].value == 2.5
    assert mirrored["sangong_budget_reception"].provenance.context == "公務接待費 / 預算數"  # the cells as printed


def test_a_full_width_headline_still_yields_to_the_bodys_exact_figure():
    # 中国残联 2013 (second round): the headline rounds 850.55 to 850
    text = "残联今年三公经费预算８５０万\n２０１３年“三公经费”财政拨款预算为８５０．５５万元。"
    assert extract_text(text).items["sangong_budget"].value == 850.55


def _tab_separated(text: str) -> str:
    """A table copied from a browser or a spreadsheet: each row of cells set apart by ``|`` becomes one set
    apart by tabs, an empty cell kept as an empty field (``合计 | 1.8 | | 1.52 |`` → ``合计\\t1.8\\t\\t1.52\\t``)."""
    return "\n".join("\t".join(cell.strip() for cell in line.strip().lstrip("|").split("|"))
                     if len([cell for cell in line.split("|") if cell.strip()]) >= 2 else line
                     for line in text.split("\n"))


def test_a_table_copied_with_tabs_reads_as_its_web_copy_with_bars(snippets):
    piped = [s for s in load_corpus() if any(len([c for c in line.split("|") if c.strip()]) >= 2
                                             for line in s.text.split("\n"))]
    assert len(piped) >= 14
    differing = [(s.id, original, copied) for s in piped
                 if (original := _read(s.text)) != (copied := _read(_tab_separated(s.text)))]
    assert not differing, differing[:3]


def test_a_tab_separated_row_is_quoted_as_printed():
    text = "2021年度“三公”经费支出决算表\n单位:万元\n项目\t预算数\t决算数\n合计\t49.9\t7.69\n公务接待费\t14.9\t5.21\n" \
           "公务用车购置及运行维护费\t15\t2.48\n因公出国(境)费\t20\t\n"
    items = extract_text(text).items
    assert (items["sangong_budget"].value, items["sangong_actual"].value) == (49.9, 7.69)
    assert (items["sangong_actual_reception"].value, items["sangong_budget_abroad"].value) == (5.21, 20)
    assert items.get("sangong_actual_abroad") is None or items["sangong_actual_abroad"].value is None  # an empty cell
    assert items["sangong_budget_reception"].provenance.context == "公务接待费 / 预算数"
