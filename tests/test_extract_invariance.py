"""What a copy changes and a reader never sees changes no figure: every snippet of the corpus's dev and
holdout splits gives the same figures with Windows line ends, with a zero-width space after each full
stop, with a byte-order mark before it, with its spaces as no-break spaces, and with its lines indented
by ideographic spaces, as web pages and editors leave them.

Nor does the form a copy prints the same words in: every snippet of the splits tuned on (dev, holdout
and the opened blind splits), and each seed report, gives the same figures in traditional characters (a
mirror site's copy), in full-width characters (a Word file's ``２０２３年``, ``８５０．５５``, ``｜``, ``＞``),
with a space between a figure and its unit (``19.09 %``, ``50 人``, as a PDF's text spaces them), with its
dates to the day in Chinese numerals (``二〇二二年九月二十七日``, as official documents print them), with
the short lines of words (a table's cells, one per line) spaced out to fill their width (``合 计``,
``预 算 数``) and with every figure set apart from the words around it (``2017 年预算``,
``预算为 63.30 万元``, as pdftotext leaves it)."""

from __future__ import annotations

import re

import opencc
import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import BLIND, EXAMPLES, OPENED, load_corpus

COPIES = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "zero-width": lambda text: text.replace("。", "。\u200b"),
    "bom": lambda text: "\ufeff" + text,
    "no-break spaces": lambda text: text.replace(" ", "\u00a0"),
    "indented": lambda text: "\n".join("\u3000\u3000" + line if line.strip() else line for line in text.split("\n")),
}

_TO_TRADITIONAL = opencc.OpenCC("s2t")
_NUMERALS = "〇一二三四五六七八九"


def _in_numerals(number: str) -> str:
    """A month or day in Chinese numerals: 9 九, 10 十, 12 十二, 20 二十, 27 二十七."""
    tens, units = divmod(int(number), 10)
    return (_NUMERALS[tens] if tens > 1 else "") + ("十" if tens else "") + (_NUMERALS[units] if units or not tens else "")


def _dates_in_numerals(text: str) -> str:
    return re.sub(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日",
                  lambda m: "".join(_NUMERALS[int(d)] for d in m[1]) + f"年{_in_numerals(m[2])}月{_in_numerals(m[3])}日", text)

PRINTED_FORMS = {
    "traditional": _TO_TRADITIONAL.convert,
    "full-width": lambda text: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text),
    "spaced units": lambda text: re.sub(r"(\d)(亿元|万元|元|%|人|名|辆)", r"\1 \2", text),
    "dates in numerals": _dates_in_numerals,
    "spaced-out cells": lambda text: re.sub(r"(?m)^(\s*)([\u4e00-\u9fff]{2,8})[ \t]*$", lambda m: m[1] + " ".join(m[2]), text),
    "spaced figures": lambda text: re.sub(r"(\d%?)([\u4e00-\u9fff])", r"\1 \2", re.sub(r"([\u4e00-\u9fff])(\d)", r"\1 \2", text)),
}


def _figures(text: str) -> dict[str, object] | str:
    try:
        return extract_text(text).metrics
    except PerfscoreError as error:
        return str(error)


@pytest.fixture(scope="module")
def readings():
    return [(snippet, _figures(snippet.text)) for snippet in load_corpus()]


@pytest.mark.parametrize("copy", COPIES)
def test_a_copys_invisible_changes_change_no_figure(readings, copy):
    changed = [snippet.id for snippet, figures in readings if _figures(COPIES[copy](snippet.text)) != figures]
    assert changed == []


@pytest.fixture(scope="module")
def tuned_readings():
    """The tuned splits' snippets and the two seed reports (whole reports, their tables one cell per line)."""
    texts = {s.id: s.text for s in load_corpus(blind=True) if s.split not in BLIND or s.split in OPENED}
    texts |= {path.name: path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*_minzheng_*.txt"))}
    return [(name, text, _figures(text)) for name, text in texts.items()]


@pytest.mark.parametrize("form", PRINTED_FORMS)
def test_the_form_a_copy_prints_changes_no_figure(tuned_readings, form):
    changed = {}
    for name, text, figures in tuned_readings:
        copied = _figures(PRINTED_FORMS[form](text))
        if copied != figures:
            changed[name] = copied if isinstance(copied, str) or isinstance(figures, str) else \
                {k: (figures.get(k), copied.get(k)) for k in figures.keys() | copied.keys() if figures.get(k) != copied.get(k)}
    assert changed == {}
