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
