"""Normalisers for figures as Chinese reports and spreadsheets print them.

Shared by report extraction and batch input. Money is normalised to 万元
(10,000 yuan) with :mod:`decimal` arithmetic and rounded to 6 decimals, so
``5795元`` becomes exactly ``0.5795``. Every parser returns ``None`` for text
it does not recognise instead of guessing.

Public API:
    to_halfwidth(text)                 full-width digits/letters/punctuation → ASCII (length-preserving)
    parse_amount(text, default_unit)   money → :class:`Amount` in 万元
    header_unit_factor(header)         table header / caption unit → factor to 万元
    parse_percent(text)                ``6.08％`` → 6.08
    parse_date(text)                   ``2025年6月30日前`` → :class:`ParsedDate`
    parse_cn_number(text)              Chinese numerals via ``cn2an``
    iter_quantities(text)              every number with its unit and span, for extraction
    DAY_DATE                           pattern of a date to the day, in figures or Chinese numerals
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from typing import Iterator

#: Factor from each money unit to 万元.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "万": Decimal(1),
    "亿元": Decimal(10000), "亿": Decimal(10000), "万亿元": Decimal(100_000_000), "万亿": Decimal(100_000_000),
}
COUNT_UNITS = ("人次", "人", "名", "个", "位", "项", "家", "户", "件", "台", "辆", "次", "分")
APPROX_BEFORE = ("约", "近", "大约", "将近", "逾", "超过", "突破", "首破", "超")
APPROX_AFTER = ("余", "多", "以上", "左右", "上下")
APPROX_VERBS = ("约为", "约是", "约合", "约达", "约有", "约计", "约占")  # 约为2500元: 约 before the verb
BOUND_BEFORE = ("逾", "超过", "突破", "首破", "超")  # of the approximate words, those that state a bound
BOUND_AFTER = ("余", "多", "以上")
_PLACES = Decimal("0.000001")

_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH.update({0x3000: 0x20, 0x2212: 0x2D})


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII variants (０-９, Ａ-Ｚ, ％, （）, ，, －) and the ideographic
    space to ASCII. One character in, one character out, so offsets stay valid."""
    return text.translate(_HALFWIDTH)


@dataclass(frozen=True)
class Amount:
    """A money figure: ``value_wan`` in 万元, ``unit`` as printed (or the default), ``approx``
    when marked 约/余/以上/左右/近, ``text`` the matched span."""

    value_wan: float
    unit: str
    approx: bool
    text: str
    unit_explicit: bool = True


@dataclass(frozen=True)
class Quantity:
    """One number found in running text, with its unit and 0-based ``[start, end)`` span.

    ``kind`` is ``money`` (value in 万元), ``percent``, ``count`` or ``number`` (no unit);
    ``raw`` is the printed number before any unit conversion."""

    value: float
    raw: Decimal
    unit: str
    kind: str
    approx: bool
    start: int
    end: int
    text: str
    bound: bool = False  # 超过3万亿, 突破3000亿元, 30余万元, 200万元以上: a bound the figure passes, not its value


_NUMBER = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT_ALT = "|".join(sorted([*MONEY_UNITS, *COUNT_UNITS, "%"], key=len, reverse=True))
_QUANTITY_RE = re.compile(
    rf"(?P<pre>{'|'.join(APPROX_BEFORE)})?(?P<num>{_NUMBER})(?P<mid>余|多)?\s?"
    rf"(?P<unit>{_UNIT_ALT})?(?P<post>{'|'.join(APPROX_AFTER)})?(?:(?<=万余)元|(?<=亿余)元)?"
)
_YEAR_LIKE = re.compile(r"(?:年|月|日|号|季度|周岁|岁)")


def _decimal(number: str) -> Decimal | None:
    try:
        return Decimal(number.replace(",", ""))
    except InvalidOperation:
        return None


def six_places(value: Decimal) -> Decimal:
    """A finite ``value`` to six decimal places, with as many digits as that takes (a 30-digit figure in a report
    is absurd, but must not stop the run)."""
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + 8)
        return value.quantize(_PLACES).normalize()


def _rounded(value: Decimal) -> float:
    return float(six_places(value))


def iter_quantities(text: str) -> Iterator[Quantity]:
    """Yield every figure in ``text`` (already half-width) with unit, kind and span.

    Numbers that are parts of dates (``2024年``, ``6月``) are skipped."""
    for match in _QUANTITY_RE.finditer(text):
        after = text[match.end("num"):match.end("num") + 2]
        if not match["unit"] and _YEAR_LIKE.match(after.lstrip()):
            continue
        if match.start("num") > 0 and (text[match.start("num") - 1].isdigit() or text[match.start("num") - 1] == "."):
            continue
        raw = _decimal(match["num"])
        if raw is None:
            continue
        unit = match["unit"] or ""
        if unit in MONEY_UNITS:
            kind, value = "money", _rounded(raw * MONEY_UNITS[unit])
        elif unit == "%":
            kind, value = "percent", _rounded(raw)
        elif unit:
            kind, value = "count", _rounded(raw)
        else:
            kind, value = "number", _rounded(raw)
        approx = bool(match["pre"] or match["mid"] or match["post"]) \
            or text.endswith(APPROX_VERBS, max(0, match.start() - 2), match.start())
        bound = match["pre"] in BOUND_BEFORE or bool(match["mid"]) or match["post"] in BOUND_AFTER
        yield Quantity(value, raw, unit, kind, approx, match.start(), match.end(), match.group(), bound)


def parse_amount(text: str, default_unit: str = "万元") -> Amount | None:
    """Parse one money figure, e.g. ``0.57万元``, ``1.58亿元``, ``5,795元``, ``5795``, ``150万余元``.

    A bare number takes ``default_unit`` (万元 unless a header said otherwise). Chinese
    numerals (``一百二十万元``) are read with cn2an. Returns ``None`` when no figure is present."""
    clean = to_halfwidth(text).strip()
    if default_unit not in MONEY_UNITS:
        raise ValueError(f"unknown money unit {default_unit!r}")
    for quantity in iter_quantities(clean):
        if quantity.kind == "money":
            return Amount(quantity.value, quantity.unit, quantity.approx, quantity.text)
        if quantity.kind == "number":
            value = _rounded(quantity.raw * MONEY_UNITS[default_unit])
            return Amount(value, default_unit, quantity.approx, quantity.text, unit_explicit=False)
        return None
    match = re.search(r"(约|近)?([零〇一二两三四五六七八九十百千万亿点]+?)(亿元|万元|千元|元)(余|以上|左右)?", clean)
    if match:
        number = parse_cn_number(match[2])
        if number is not None:
            value = _rounded(Decimal(str(number)) * MONEY_UNITS[match[3]])
            return Amount(value, match[3], bool(match[1] or match[4]), match.group())
    return None


_HEADER_UNIT_RE = re.compile(r"(?:[(（\[【]\s*(?:单位[:：]?\s*)?|单位\s*[:：]?\s*)(亿元|万元|千元|元)")


def header_unit_factor(header: str) -> float | None:
    """Factor that converts a column's figures to 万元, from ``决算数（元）``, ``（万元）`` or
    ``单位：元``; ``None`` when the header names no money unit."""
    match = _HEADER_UNIT_RE.search(to_halfwidth(header))
    return float(MONEY_UNITS[match[1]]) if match else None


_PERCENT_RE = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*%")


def parse_percent(text: str) -> float | None:
    """``6.08％`` → 6.08, ``-87.65%`` → -87.65, ``百分之八十`` → 80.0; ``None`` otherwise."""
    clean = to_halfwidth(text)
    match = _PERCENT_RE.search(clean)
    if match:
        return _rounded(Decimal(match[1]))
    cn = re.search(r"百分之([零〇一二两三四五六七八九十百点]+)", clean)
    if cn:
        number = parse_cn_number(cn[1])
        return None if number is None else _rounded(Decimal(str(number)))
    return None


def decimals_of(text: str) -> int:
    """Number of digits after the decimal point in the first number of ``text`` (stated precision)."""
    match = re.search(r"\d+(?:\.(\d+))?", to_halfwidth(text))
    return len(match[1]) if match and match[1] else 0


def parse_cn_number(text: str) -> float | None:
    """Chinese numerals (``一百二十``, ``二〇二四``, ``三点五``) → number, via cn2an (lazy import)."""
    import cn2an  # lazy: only reports with spelled-out numbers need it

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class ParsedDate:
    """A date at day, month or year precision; ``iso`` is ``2025-06-30``, ``2024-09`` or ``2024``.

    ``marker`` is ``before`` for deadlines (``…日前``/``之前``/``以前``), ``after`` for
    ``…以后``/``之后``, else ``""``; ``start``/``end`` span the match in the half-width text."""

    iso: str
    precision: str
    marker: str = ""
    start: int = 0
    end: int = 0


_CN_DIGITS = "〇零一二三四五六七八九十"
_CN_DIGIT_VALUES = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
# a date to the day, in figures or in Chinese numerals as official documents print them
# (二〇二二年九月二十七日), its parts spaced apart or not (2022 年 9 月 27 日, as a PDF's text spaces them)
DAY_DATE = (r"(?:(?:19|20)\d{2}|[一二][〇零一二三四五六七八九]{3})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
            r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
_DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN_DIGITS}]{{4}})\s*年(?!度)\s*"
    rf"(?:(?P<m>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*月(?:\s*(?P<d>\d{{1,2}}|[{_CN_DIGITS}]{{1,3}})\s*[日号])?)?"
    r"(?P<marker>\s*(?:之前|以前|前|之后|以后|后))?"
    r"|(?P<iy>\d{4})\s*[-./]\s*(?P<im>\d{1,2})(?:\s*[-./]\s*(?P<id>\d{1,2}))?(?!\d)"
)


def _date_part(part: str | None) -> int | None:
    if part is None:
        return None
    if part.isdigit():
        return int(part)
    if len(part) == 4 and "十" not in part:  # 二〇二四: digit by digit
        return int("".join(str(_CN_DIGIT_VALUES[ch]) for ch in part))
    number = parse_cn_number(part)
    return None if number is None else int(number)


def iter_dates(text: str, *, min_precision: str = "year") -> Iterator[ParsedDate]:
    """Yield every valid date in ``text`` (half-width) at ``min_precision`` or finer."""
    levels = {"year": 0, "month": 1, "day": 2}
    for match in _DATE_RE.finditer(text):
        year = _date_part(match["y"] or match["iy"])
        month = _date_part(match["m"] or match["im"])
        day = _date_part(match["d"] or match["id"])
        if year is None or not 1900 <= year <= 2200:
            continue
        if month is not None and not 1 <= month <= 12:
            continue
        if day is not None and not _valid_day(year, month or 1, day):
            continue
        precision = "day" if day else "month" if month else "year"
        if levels[precision] < levels[min_precision]:
            continue
        iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
        raw_marker = (match["marker"] or "").strip()
        marker = "before" if raw_marker.endswith("前") else "after" if raw_marker.endswith("后") else ""
        if marker and precision == "year":
            marker = ""
        yield ParsedDate(iso, precision, marker, match.start(), match.end())


def _valid_day(year: int, month: int, day: int) -> bool:
    import calendar

    return 1 <= day <= calendar.monthrange(year, month)[1]


def parse_date(text: str) -> ParsedDate | None:
    """``2025年6月30日前`` → 2025-06-30 (day, marker before); ``2024年9月`` → 2024-09 (month);
    ``2024-09-01`` → day; ``2023年`` → year. ``2023年度`` (a fiscal year) is not a date."""
    return next(iter_dates(to_halfwidth(text)), None)
