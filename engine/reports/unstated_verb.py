"""A change whose verb the page dropped: ``较2022年决算数688.84万元131.49万元,增长19.09%``.

Two amounts run together after a comparison, and the clause goes on with the change in per cent:
the second amount is the change, in the direction the percentage states, when it is that
percentage of the first (688.84 × 19.09% = 131.50); its verb is read before it. A pair that does
not agree is left as printed (two amounts side by side are no change a reader can vouch for).

Imports only :mod:`.rewrite`: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, rewrite

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_PAIR = re.compile(rf"(?<![\d.,])({_NUMBER})(万元|元)({_NUMBER})(万元|元),?"
                   r"(增长|增加|上升|提高|下降|减少|降低)(\d+(?:\.\d+)?)%")
_COMPARED = re.compile(r"(?:较|比)[^,;:。]{0,24}$")  # 较2022年决算数 right before the first amount
_UP = ("增长", "增加", "上升", "提高")


def read_unstated_verb(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with the verb of each such change read before its amount, and its offsets."""
    if "%" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement | None:
        if match[2] != match[4] or not _COMPARED.search(text, max(0, match.start() - 30), match.start()):
            return None
        base, change, percent = (float(match[i].replace(",", "")) for i in (1, 3, 6))
        if abs(base * percent / 100 - change) > base * 0.006 / 100 + 0.011 * (1 if match[2] == "万元" else 100):
            return None
        verb = "增加" if match[5] in _UP else "减少"
        at = match.start(3)
        return (text[match.start():at] + verb + text[at:match.end()],
                [*offsets[match.start():at], offsets[at], offsets[at], *offsets[at:match.end()]])

    return rewrite(text, offsets, _PAIR.finditer(text), replace)
