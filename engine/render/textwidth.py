"""Display width of text in a terminal: CJK and full-width characters take two columns."""

from __future__ import annotations

import re
import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, columns: int, align: str = "left") -> str:
    gap = max(columns - width(text), 0)
    return (" " * gap + text) if align == "right" else (text + " " * gap)


_TOKENS = re.compile(r"[A-Za-z0-9_.%+\-]+|.", re.DOTALL)
# Characters that must not begin a line (Chinese line-breaking rules, 避头点).
NO_LINE_START = set("，。；：、！？）】》」』”’%.,;:!?)]")


def wrap(text: str, columns: int) -> list[str]:
    """Break text into lines of at most ``columns`` display cells (CJK-aware, no hyphenation);
    closing punctuation stays on the line it closes, which may then run one cell over."""
    lines, current, used = [], "", 0
    for token in _TOKENS.findall(text):  # numbers and Latin words are not split
        w = width(token)
        if used + w > columns and current and token[0] not in NO_LINE_START:
            lines.append(current)
            current, used = "", 0
        current += token
        used += w
    if current or not lines:
        lines.append(current)
    return lines
