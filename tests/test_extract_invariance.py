"""What a copy changes and a reader never sees changes no figure: every snippet of the corpus's dev and
holdout splits gives the same figures with Windows line ends, with a zero-width space after each full
stop, with a byte-order mark before it, with its spaces as no-break spaces, and with its lines indented
by ideographic spaces, as web pages and editors leave them."""

from __future__ import annotations

import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import load_corpus

COPIES = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "zero-width": lambda text: text.replace("。", "。\u200b"),
    "bom": lambda text: "\ufeff" + text,
    "no-break spaces": lambda text: text.replace(" ", "\u00a0"),
    "indented": lambda text: "\n".join("\u3000\u3000" + line if line.strip() else line for line in text.split("\n")),
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
