"""Pair the items of two versions of one list by what identifies them, not by their position.

A rubric revision that inserts a band shifts every later band one place down; compared position by
position, every one of them would read as changed. :func:`align` pairs items whose keys (a band's
points, a checklist item's id, a state's label …, chosen by the caller) are equal with
:class:`difflib.SequenceMatcher` (the standard library's longest-matching-block alignment), then pairs an
item that only changed place (a reorder) by its key, then pairs what is left of a replaced run in order
(an item edited in place, its key changed with it). What remains was added or removed.

May import: the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Hashable, Sequence


@dataclass(frozen=True)
class Pair:
    """Old index and new index of one item (None on the side that lacks it); ``reordered``: the item kept its key
    but changed place relative to the others."""

    old: int | None
    new: int | None
    reordered: bool = False


def align(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]) -> list[Pair]:
    """Every item of both lists once, paired where they are the same item; in new-list order, a removed item
    where it stood."""
    matcher = SequenceMatcher(None, list(old_keys), list(new_keys), autojunk=False)
    pairs: list[Pair] = []
    blocks: list[tuple[list[int], list[int]]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [Pair(i1 + k, j1 + k) for k in range(i2 - i1)]
        else:
            blocks.append((list(range(i1, i2)), list(range(j1, j2))))
    waiting = {j: new_keys[j] for _, added in blocks for j in added}
    for removed, added in blocks:  # the same key elsewhere: the item moved
        for i in list(removed):
            j = next((j for j, key in waiting.items() if key == old_keys[i]), None)
            if j is not None:
                del waiting[j]
                removed.remove(i)
                pairs.append(Pair(i, j, reordered=True))
    for removed, added in blocks:
        added[:] = [j for j in added if j in waiting]
        for i, j in zip(removed, added):  # what is left of a replaced run: edited in place
            pairs.append(Pair(i, j))
        pairs += [Pair(i, None) for i in removed[len(added):]]
        pairs += [Pair(None, j) for j in added[len(removed):]]
    return sorted(pairs, key=lambda pair: _place(pair, pairs, len(new_keys)))


def _place(pair: Pair, pairs: list[Pair], count: int) -> tuple[float, int]:
    """A kept or added item at its new index; a removed one just before the item that followed it."""
    if pair.new is not None:
        return (pair.new, pair.old if pair.old is not None else -1)
    after = [p.new for p in pairs if p.old is not None and p.new is not None and p.old > (pair.old or 0)]
    return (min(after, default=count) - 0.5, pair.old or 0)
