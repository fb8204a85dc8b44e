"""Changes whose words the page dropped, read as the page meant them.

- The verb: ``较2022年决算数688.84万元131.49万元,增长19.09%``. Two amounts run together after a
  comparison, and the clause goes on with the change in per cent: the second amount is the change,
  in the direction the percentage states, when it is that percentage of the first (688.84 × 19.09%
  = 131.50); its verb is read before it. A pair that does not agree is left as printed (two amounts
  side by side are no change a reader can vouch for).
- The 与 of a comparison opening its clause: ``收入合计4697.76万元,2023年度相比,减少956.31万元``
  is read as ``与2023年度相比``, the 与 pointing at the year.
- The 人 of a head count: ``编制190, 在职人员185人,退休人员35人``. A whole number right after a word for
  posts or staff, ending its clause, where the same sentence goes on to count people in 人 or 名, is
  read in that unit (the 人 pointing at the number's last digit).
- The unit of a total: ``决算数合计373.74,因公出国(境)费200.00万元,公务用车购置及运行费92.74万元,公务接待费
  81.00万元``. A number after 合计/总计/共计, ending its clause, is read in the unit of the amounts its
  sentence lists right after it when two or more of them, in one unit, add up to it exactly.

Imports only :mod:`.rewrite`: it works on a normalised text and its offsets.
"""

from __future__ import annotations

import re

from decimal import Decimal

from .rewrite import Replacement, rewrite

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_PAIR = re.compile(rf"(?<![\d.,])({_NUMBER})(万元|元)({_NUMBER})(万元|元),?"
                   r"(增长|增加|上升|提高|下降|减少|降低)(\d+(?:\.\d+)?)%")
_COMPARED = re.compile(r"(?:较|比)[^,;:。]{0,24}$")  # 较2022年决算数 right before the first amount
_UP = ("增长", "增加", "上升", "提高")
# a clause opening with a year and 相比, its 与 dropped (…万元,2023年度相比,减少…)
_BARE_YEAR_COMPARED = re.compile(r"(?<=[,;])(?:19|20)\d{2}年度?相比(?=,?(?:增加|减少|增长|下降))")
# a count of posts or staff printed without its 人, the next clause of its sentence counting in 人 or 名
_COUNT_WITHOUT_UNIT = re.compile(r"(?:编制(?:数|人数|总数)?|实有人数|在职人员|在职人数|退休人员|离退休人员)(?:为|是|有)?"
                                 r"(?P<count>\d{1,5})(?![\d.]|,\d{3}(?!\d))(?=[,;、])(?=[^。]{1,30}?\d[人名])")


_TOTAL_WITHOUT_UNIT = re.compile(rf"(?:合计|总计|共计)(?:为|是)?(?P<total>{_NUMBER})(?=[,;](?!\d))")
_LIST_REACH = 300  # characters a list of items after its total is read through (a bound, for one-line texts)
_LISTED_AMOUNT = re.compile(rf"(?<![\d.,])({_NUMBER})(亿元|万元|元)")


def _total_unit(text: str, match: re.Match[str]) -> str | None:
    """The unit of the amounts listed right after a total printed without one, when they add up to it."""
    reach = match.end() + _LIST_REACH
    end = text.find("。", match.end(), reach)
    total, running, unit = Decimal(match["total"].replace(",", "")), Decimal(0), None
    for count, amount in enumerate(_LISTED_AMOUNT.finditer(text, match.end(), reach if end < 0 else end), 1):
        if unit not in (None, amount[2]):
            return None
        unit = amount[2]
        running += Decimal(amount[1].replace(",", ""))
        if count >= 2 and running == total:
            return unit
        if running > total:
            return None
    return None


def read_dropped_words(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` with each dropped verb and 与 of a change read, and its offsets."""
    if "人" in text or "名" in text:
        text, offsets = rewrite(text, offsets, _COUNT_WITHOUT_UNIT.finditer(text),
                                lambda m: (m.group() + "人", [*offsets[m.start():m.end()], offsets[m.end() - 1]]))
    if "计" in text:
        def unit_after(match: re.Match[str]) -> Replacement | None:
            unit = _total_unit(text, match)
            return None if unit is None else (match.group() + unit, [*offsets[match.start():match.end()],
                                                                     *[offsets[match.end() - 1]] * len(unit)])
        text, offsets = rewrite(text, offsets, _TOTAL_WITHOUT_UNIT.finditer(text), unit_after)
    if "相比" in text:
        text, offsets = rewrite(text, offsets, _BARE_YEAR_COMPARED.finditer(text),
                                lambda m: ("与" + m.group(), [offsets[m.start()], *offsets[m.start():m.end()]]))
    if "%" not in text:
        return text, offsets

    def replace(match: re.Match[str]) -> Replacement | None:
        if match[2] != match[4] or not _COMPARED.search(text, max(0, match.start() - 30), match.start()):
            return None
        base, change, percent = (float(match[i].replace(",", "")) for i in (1, 3, 6))
        # agree within what printing rounds away: the rate to 0.01 points, each amount to 0.01万元 (1元 in 元)
        if abs(base * percent / 100 - change) > base * 0.006 / 100 + 0.011 * (1 if match[2] == "万元" else 100):
            return None
        verb = "增加" if match[5] in _UP else "减少"
        at = match.start(3)
        return (text[match.start():at] + verb + text[at:match.end()],
                [*offsets[match.start():at], offsets[at], offsets[at], *offsets[at:match.end()]])

    return rewrite(text, offsets, _PAIR.finditer(text), replace)
