"""Display width of text in a terminal: CJK and full-width characters take two columns."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, columns: int, align: str = "left") -> str:
    gap = max(columns - width(text), 0)
    return (" " * gap + text) if align == "right" else (text + " " * gap)


def wrap(text: str, columns: int) -> list[str]:
    """Break text into lines of at most ``columns`` display cells (CJK-aware, no hyphenation)."""
    lines, current, used = [], "", 0
    for ch in text:
        w = width(ch)
        if used + w > columns and current:
            lines.append(current)
            current, used = "", 0
        current += ch
        used += w
    if current or not lines:
        lines.append(current)
    return lines
