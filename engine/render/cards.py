"""Scorecards as the text of one output: ``json`` (one object for a single department, else an array), ``jsonl``,
``md``, ``table`` (aligned for a terminal) and ``csv`` (the long breakdown). :class:`CardStream` writes them
a chunk at a time as a table is scored, so a table of any size is never held as scorecards in memory; the
text is the same as :func:`scorecards_text` gives for all of them at once. Pure formatting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import data, jsontext
from .text import render_markdown, render_table

STREAMED_FORMATS = ("json", "jsonl", "md", "table")


class CardStream:
    """Scorecards in ``fmt`` (one of :data:`STREAMED_FORMATS`) handed to ``write`` as text, card by card; ``close``
    ends the text (a JSON array's bracket)."""

    def __init__(self, fmt: str, write: Callable[[str], Any], columns: int = 100, color: bool = False):
        if fmt not in STREAMED_FORMATS:
            raise ValueError(f"not a streamed scorecard format: {fmt}")
        self.fmt, self.write, self.columns, self.color = fmt, write, columns, color
        self.count = 0

    def add(self, cards: Iterable[dict[str, Any]]) -> None:
        for card in cards:
            self.write(self._text(card))
            self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.write(jsontext.array_end(self.count))

    def _text(self, card: dict[str, Any]) -> str:
        if self.fmt == "json":
            return jsontext.array_item(card, self.count)
        if self.fmt == "jsonl":
            return jsontext.compact(card) + "\n"
        lead = "\n" if self.count else ""  # md and table: one newline between cards, as "\n".join puts them
        return lead + (render_markdown(card) if self.fmt == "md" else render_table(card, self.columns, self.color))


def scorecards_text(cards: list[dict[str, Any]], fmt: str, single: bool, columns: int = 100,
                    color: bool = False) -> str:
    """All of ``cards`` as one text; ``single``: one department's card, whose JSON is the object itself."""
    if fmt == "csv":
        return data.to_csv(cards)
    if fmt == "json" and single and len(cards) == 1:
        return jsontext.dumps(cards[0]) + "\n"
    parts: list[str] = []
    stream = CardStream(fmt, parts.append, columns, color)
    stream.add(cards)
    stream.close()
    return "".join(parts)
