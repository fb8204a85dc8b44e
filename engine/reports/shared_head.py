"""Procurement kinds listed before one shared noun: ``货物、工程、服务政府采购规模分别为…``.

Procurement paragraphs name the three kinds (货物, 工程, 服务, also ``货物类``) as a list that
shares one head noun (``采购``, ``政府采购规模``, ``采购金额``, ``项目采购``) and give their amounts in order
(``分别为9,027.5亿元、15,664.1亿元和10,301.5亿元``). The scanner pairs a 分别为 list label by
label, each label a phrase of its own, so such a list is rewritten, on the normalised text, as
one phrase per kind (``货物采购、工程采购、服务采购分别为``), each rewritten character keeping
the source offset of the list. One amount after such a list (``货物、工程和服务采购共计12万元``)
is then read as the joint total it is, not as the last kind's.

Imports only :mod:`.rewrite`: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

from .rewrite import Replacement, at_start, rewrite

_KIND = r"(?:货物|工程|服务)类?"
_LIST = re.compile(rf"(?P<items>{_KIND}(?:[、和及与]{_KIND}){{1,2}})(?:项目)?(?:政府)?采购(?:规模|金额|支出|额)?")
_JOIN = re.compile(r"[、和及与]")


def name_each(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with every list of procurement kinds sharing one head written one phrase per kind."""
    if "采购" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement:
        items = _JOIN.split(match["items"])
        joins = _JOIN.findall(match["items"])
        phrase = "".join(f"{item}采购{join}" for item, join in zip(items, [*joins, ""]))
        return at_start(match, offsets, phrase)

    return rewrite(text, offsets, _LIST.finditer(text), replace)
