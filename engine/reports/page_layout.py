"""A page's lines as the table and paragraph readers see them, and back to the page.

Mirror sites print pages in traditional characters, with pinyin inserted after characters
(``經(jīng)費``) or markup left in, and copies turn digits full-width (``８５０．５５``); a cell or title
spaced out to fill its width prints one character between spaces (``合 计``, ``预 算 数``), and a PDF's
text sets a year apart from its 年 (``2017 年预算``). Tables, cells and wrapped lines are found on each
line's layout (simplified, half-width, without what was inserted: :func:`.lexicon.without_inserted`,
without the spaces of a spaced-out line or before a year's 年), so they read the same as the page would
in plain simplified text; every cell and paragraph found is then given back in the page's own
characters, inserted pinyin included, so what the reader quotes is what the page prints (a spaced-out
line is given back as its words, ``预算数``).

Imports only :mod:`.lexicon` (the layout), :mod:`.document` (the paragraph it rebuilds) and the
half-width map of :mod:`..units`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .document import Paragraph
from ..units import to_halfwidth
from .lexicon import simplified, without_inserted


class PageLayout:
    """The layout of each line of a page, and the page's characters for what is found on it."""

    def __init__(self, lines: list[str], first: int = 1) -> None:
        self.lines, self.first = lines, first  # lines[0] is line ``first`` of the document
        converted = simplified(to_halfwidth("\n".join(lines))).split("\n")  # one for one: once for the page
        laid = [without_inserted(line) if "(" in line or "<" in line or "&" in line else (line, None)
                for line in converted]
        self.spaced = {index for index, (shape, _) in enumerate(laid) if _LETTER_SPACED.fullmatch(shape)}
        laid = [_without_letter_spacing(shape, origin) if index in self.spaced else _year_closed_up(shape, origin)
                for index, (shape, origin) in enumerate(laid)]
        self.shapes = [_tabs_as_bars(shape) for shape, _ in laid]
        self.origins = [origin for _, origin in laid]  # None: each character where it was
        self.same = self.shapes == lines

    def printed(self, text: str, line: int) -> str:
        """The page's characters for ``text``, found on the layout of ``line`` (numbered from ``first``)."""
        index = line - self.first
        if self.same or not text or not 0 <= index < len(self.lines) or index in self.spaced:
            return text  # 预 算 数 spaced out to fill a cell is given back as its words: 预算数
        at = self.shapes[index].find(text)
        if at < 0:
            return text  # a cell joined from several lines: kept as laid out
        origin = self.origins[index]
        if origin is None:
            return self.lines[index][at:at + len(text)]
        return self.lines[index][origin[at]:origin[at + len(text) - 1] + 1]

    def paragraph(self, paragraph: Paragraph, found: dict[int, str]) -> Paragraph:
        """``paragraph``, joined from the laid-out texts ``found`` on its lines, in the page's characters,
        each line's start moved to where its characters now begin."""
        if self.same:
            return paragraph
        lines = [line for _, line in paragraph.line_starts] or [paragraph.line]
        if any(line not in found for line in lines) \
                or sum(len(found[line].strip()) for line in lines) != len(paragraph.text):
            return paragraph
        pieces = [self.printed(found[line].strip(), line) for line in lines]
        starts, offset = [], 0
        for line, piece in zip(lines, pieces):
            starts.append((offset, line))
            offset += len(piece)
        return replace(paragraph, text="".join(pieces),
                       line_starts=tuple(starts) if paragraph.line_starts else ())


# 合 计, 预 算 数, 公 务 接 待 费: a cell or title spaced out to fill its width, one character between spaces
_LETTER_SPACED = re.compile(r"\s*[\u4e00-\u9fff()]( {1,4}[\u4e00-\u9fff()])+\s*")


def _without_letter_spacing(shape: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """A line spaced out character by character, laid out without its spaces (and where each character was);
    what leads the line stays (a tab: Word's one cell per line)."""
    leading = len(shape) - len(shape.lstrip())
    return _keeping(shape, origin, [index for index, char in enumerate(shape) if index < leading or not char.isspace()])


# 2017 年预算: a year set apart from its 年, as a PDF's text spaces figures from words
_YEAR_SPACED = re.compile(r"(?<![\d.])(?:19|20)\d{2}( +)年")
_CELLS_LINE = 40  # a line of a few cells (项目 2017 年预算), not prose


def _year_closed_up(shape: str, origin: list[int] | None) -> tuple[str, list[int] | None]:
    """A table's line (a short one, or one of cells between bars) laid out with each year's digits next to
    its 年 (and where each character was); prose is left as laid out, its wrapping measured as printed."""
    if "年" not in shape or len(shape.strip()) > _CELLS_LINE and "|" not in shape:
        return shape, origin
    gaps = {index for match in _YEAR_SPACED.finditer(shape) for index in range(*match.span(1))}
    if not gaps:
        return shape, origin
    return _keeping(shape, origin, [index for index in range(len(shape)) if index not in gaps])


def _keeping(shape: str, origin: list[int] | None, kept: list[int]) -> tuple[str, list[int]]:
    """``shape`` laid out with only the characters at ``kept``, and where each of them was on the page."""
    return "".join(shape[index] for index in kept), [origin[index] for index in kept] if origin is not None else kept


def _tabs_as_bars(line: str) -> str:
    """A row a browser or a spreadsheet copied, its cells set apart by tabs (``合计\t49.9\t7.69``), laid
    out as the bars a web copy prints (``合计|49.9|7.69``): one bar for each tab, so an empty cell
    (two tabs) stays one, and offsets stay valid. Tabs that lead a line (Word's one cell per line) stay."""
    if "\t" not in line:
        return line
    body = line.lstrip(" \t")
    if "\t" not in body:
        return line
    return line[:len(line) - len(body)] + body.replace("\t", "|")
