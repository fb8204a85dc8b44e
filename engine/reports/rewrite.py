"""Rewrite parts of a normalised text while every character keeps the source offset it points at.

:mod:`.joint`, :mod:`.joint_change` and :mod:`.zero_change` restate a phrase the scanner cannot read as one it
can; the figures found in the rewritten text must still point at the page, so each replacement says which
offsets its characters carry. Imports nothing of the package.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

Replacement = tuple[str, list[int]]  # the new characters and the source offset of each


def rewrite(text: str, offsets: list[int], matches: Iterable[re.Match[str]],
            replace: Callable[[re.Match[str]], Replacement | None]) -> tuple[str, list[int]]:
    """``text`` with each match replaced by what ``replace`` gives (None: left as it is), and its offsets."""
    out: list[str] = []
    where: list[int] = []
    last = 0
    for match in matches:
        replacement = replace(match)
        if replacement is None:
            continue
        out.append(text[last:match.start()])
        where.extend(offsets[last:match.start()])
        out.append(replacement[0])
        where.extend(replacement[1])
        last = match.end()
    if not out:
        return text, offsets
    out.append(text[last:])
    where.extend(offsets[last:])
    return "".join(out), where


def at_start(match: re.Match[str], offsets: list[int], text: str) -> Replacement:
    """``text`` in place of ``match``, every character pointing where the match begins."""
    return text, [offsets[match.start()]] * len(text)


_FIGURE = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)(?:亿元|万元|元|%)?")


def figures_in_place(match: re.Match[str], offsets: list[int], text: str) -> Replacement:
    """``text`` in place of ``match``: each figure it repeats from the match (``4125.49万元``) pointing at that
    figure on the page, in the order they are printed, every other character where the match begins; so a
    figure read from the rewritten text is quoted from the phrase's start to its own end on the page."""
    start, printed = match.start(), match.group()
    where = [offsets[start]] * len(text)
    after = 0  # where in the match the next figure is looked for: repeated figures point at their own copies
    for figure in _FIGURE.finditer(text):
        number = figure.group("number")  # 各是4125.49,4143.91万元: the first printed without its unit
        whole = printed.find(figure.group(), after)
        whole = whole if whole >= 0 else printed.find(figure.group())  # 各4125.49万元: one figure for both
        found = whole if whole >= 0 else printed.find(number, after)
        if found < 0:
            continue
        span = len(figure.group()) if whole >= 0 else len(number)
        where[figure.start():figure.start() + span] = offsets[start + found:start + found + span]
        where[figure.start() + span:figure.end()] = [offsets[start + found + span - 1]] * (len(figure.group()) - span)
        after = found + span
    return text, where
