"""Display width of text in a terminal: CJK and full-width characters take two columns; wrapping and aligned
columns built on it. Imports nothing of the package."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Callable


@cache
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1


def width(text: str) -> int:
    """Display cells of ``text``: two for a CJK or full-width character, none for a combining mark."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def pad(text: str, columns: int, align: str = "left") -> str:
    gap = max(columns - width(text), 0)
    return (" " * gap + text) if align == "right" else (text + " " * gap)


# A number keeps its unit, also after a space (``得2分``, ``0.32万元``, ``3 分``: a unit never starts a line).
# A digest keeps its name (``sha256 a808f6d85268``).
_TOKENS = re.compile(r"sha256 [0-9a-f]+|[0-9][0-9,.%+\-]* ?(?:万元|亿元|元|分|倍|项|个|人|天)|[A-Za-z0-9_.%+\-]+|.",
                     re.DOTALL)
# A file path (with its :line:col) is one piece too, so a message's path can be copied from the terminal whole;
# a path wider than the terminal then has a line of its own.
PATH_TOKENS = re.compile(r"(?<![^\s（“])[^\s，。；、“”（）]*[\\/][^\s，。；、“”（）]*|" + _TOKENS.pattern, re.DOTALL)
# Characters that must not begin a line (Chinese line-breaking rules, 避头点).
NO_LINE_START = set("，。；：、！？）】》」』〕〉］”’%.,;:!?)]")
# Characters that must not end a line (避尾点): an opening bracket or quote goes down with what it opens.
NO_LINE_END = set("（【《「『〔〈［“‘([")


def wrap(text: str, columns: float, measure: Callable[[str], float] = width,
         tokens: re.Pattern[str] = _TOKENS) -> list[str]:
    """Break text into lines of at most ``columns`` display cells (CJK-aware, no hyphenation).
    Punctuation that may not begin a line takes the word it closes down with it (推出), so no line runs past
    ``columns`` (only a line of one word and its punctuation may); an opening bracket goes down with what it opens.
    ``measure`` gives a token's width (default: terminal cells; a PDF passes its font's widths);
    ``tokens`` the pieces never split (default: numbers and Latin words; :data:`PATH_TOKENS` also file paths).
    A space where a line breaks belongs to neither line: no line ends or continues with one."""
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for token in tokens.findall(text):
        w = measure(token)
        if used + w > columns and current:
            split = len(current)
            if token[0] in NO_LINE_START:
                split -= 1
                while split > 0 and current[split][0] in NO_LINE_START:
                    split -= 1
            while 1 < split and current[split - 1][-1] in NO_LINE_END:
                split -= 1
            if split > 0:
                lines.append("".join(current[:split]).rstrip(" "))  # a space at a break is no part of either line
                current = current[split:]
                while current and current[0] == " ":
                    current.pop(0)
                used = sum(measure(piece) for piece in current)
        if token == " " and not current and lines:
            continue
        current.append(token)
        used += w
    if current or not lines:
        lines.append("".join(current))
    return lines


def aligned_table(headers: list[str], rows: list[list[str]], aligns: list[str], limits: dict[int, int] | None = None
                  ) -> list[str]:
    """Aligned columns; a column in ``limits`` is wrapped at that many cells (two cells less, so a full-width
    closing mark kept on its line never runs past the column), and a cell's leading full-width spaces (a level's
    indent) begin each of its wrapped lines."""
    limits = limits or {}
    widths = [max([width(h)] + [width(r[k]) for r in rows]) for k, h in enumerate(headers)]
    for k, limit in limits.items():
        widths[k] = min(widths[k], limit)
    out = ["  ".join(pad(h, widths[k], aligns[k]) for k, h in enumerate(headers)).rstrip(),
           "  ".join("─" * w for w in widths)]
    for row in rows:
        cells = [_wrap_indented(cell, widths[k] - 2) if k in limits else [cell] for k, cell in enumerate(row)]
        for line in range(max(len(c) for c in cells)):
            parts = [pad(c[line] if line < len(c) else "", widths[k], aligns[k]) for k, c in enumerate(cells)]
            out.append("  ".join(parts).rstrip())
    return out


def _wrap_indented(cell: str, columns: int) -> list[str]:
    body = cell.lstrip("　")
    indent = cell[:len(cell) - len(body)]
    return [indent + part for part in wrap(body, columns - width(indent))]
