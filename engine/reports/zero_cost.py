"""Zero costs a report writes without a unit: ``因公出国(境)费用为零``, ``经费为0``.

A cost (…费, …费用, …支出, with or without its stage: …费支出决算) stated as 零 or a bare 0 at the end of its clause, in a sentence that
writes no other number (no amount it could be a part of, no year that could date it elsewhere), is
0万元: the text is rewritten (``为零`` → ``为0万元``), every new character pointing at the page's 零
or 0, so provenance still quotes the page. Imports only :mod:`.rewrite`.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, rewrite

# 费用为零, 支出为0, and a cost's stage between (因公出国(境)费支出决算为零, 购置费预算数为0)
_ZERO_COST = re.compile(r"(?:(?<=费)|(?<=费用)|(?<=支出)|(?<=费决算|费预算|出决算|出预算)|(?<=费决算数|费预算数|出决算数|出预算数))"
                        r"(?:均)?为(零|0)(?=[,;。、)]|$)")
_AMOUNT = "0万元"
_SENTENCE_END = "。;!?"


def read_zero_cost(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with each unitless zero cost written as 0万元, and its offsets."""
    if "为零" not in text and "为0" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement | None:
        start = max(text.rfind(end, 0, match.start()) for end in _SENTENCE_END) + 1
        ends = [found for end in _SENTENCE_END if (found := text.find(end, match.end())) >= 0]
        sentence = text[start:match.start(1)] + text[match.end(1):min(ends, default=len(text))]
        if re.search(r"\d", sentence):
            return None  # 其中购置费为零 among other amounts, 2017年之前…为0: not a zero on its own
        at = offsets[match.start(1)]
        return match.group()[:-1] + _AMOUNT, [*offsets[match.start():match.start(1)], *[at] * len(_AMOUNT)]

    return rewrite(text, offsets, _ZERO_COST.finditer(text), replace)
