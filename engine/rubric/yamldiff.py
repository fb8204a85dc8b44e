"""Two YAML values compared leaf by leaf, each difference with its path and the file position of both sides.

List items are paired by what identifies them (:data:`ITEM_KEYS`, :func:`.align.align`), not by their
place; spelling that does not change meaning (white space, ``90`` = ``90.0``) is no difference.

May import: the shared leaves of ``perfscore.engine`` and the rubric modules only.
"""

from __future__ import annotations

from typing import Any, Hashable, Iterator, NamedTuple

from ..errors import Position
from .align import align
from .yamlio import MarkedDict, MarkedList

# What identifies an item of a list under this key (the first of these keys it has), so that an insertion reads as
# one added item: a band by its points (its range and label move with a threshold), a checklist item by its id …
ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "bands": ("points",), "items": ("id", "name"), "states": ("label", "when", "otherwise"), "tiers": ("name",),
    "qualitative": ("name",), "options": ("indicator",), "adjustments": ("id",), "metrics": ("id",),
}


def key_position(mapping: Any, key: str) -> Position:
    """Where ``key``'s value was set in ``mapping`` (the mapping itself when it has no such key)."""
    if isinstance(mapping, MarkedDict):
        return mapping.where(key, value=True) if key in mapping else mapping.where()
    return Position("<unknown>")


class Delta(NamedTuple):
    """One difference found by :func:`_compare`: where (``path``, ``old_path`` on the old side), both values, both
    positions, and what happened to a list item (``action``)."""

    path: tuple[str | int, ...]
    old: Any
    new: Any
    old_where: Position
    new_where: Position
    action: str = ""
    old_path: tuple[str | int, ...] | None = None


def compare(old: Any, new: Any, old_where: Position, new_where: Position, path: tuple[str | int, ...],
             old_path: tuple[str | int, ...] | None = None) -> Iterator[Delta]:
    """Every leaf value that differs between two YAML values, with its path and both positions; list items are
    paired by what identifies them (:data:`ITEM_KEYS`, :func:`.align.align`), not by their place."""
    before = path if old_path is None else old_path
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from compare(old.get(key), new.get(key), _inner(old, key, old_where), _inner(new, key, new_where),
                               path + (key,), before + (key,))
        return
    if isinstance(old, list) and isinstance(new, list):
        owner = next((p for p in reversed(path) if isinstance(p, str)), "")
        for pair in align([_identity(v, owner) for v in old], [_identity(v, owner) for v in new]):
            i, j = pair.old, pair.new
            if j is None:
                yield Delta(path + (i,), plain(old[i]), None, _item(old, i, old_where), new_where, "removed",
                            before + (i,))
            elif i is None:
                yield Delta(path + (j,), None, plain(new[j]), old_where, _item(new, j, new_where), "added",
                            before + (j,))
            else:
                if pair.reordered:
                    yield Delta(path + (j,), i + 1, j + 1, _item(old, i, old_where), _item(new, j, new_where),
                                "reordered", before + (i,))
                yield from compare(old[i], new[j], _item(old, i, old_where), _item(new, j, new_where), path + (j,),
                                    before + (i,))
        return
    if normal(old) != normal(new):
        yield Delta(path, plain(old), plain(new), old_where, new_where, "", None if before == path else before)


def _inner(mapping: dict, key: Any, fallback: Position) -> Position:
    """Where ``key``'s value is in ``mapping``; ``fallback`` (the mapping's own place) where it has no position."""
    return key_position(mapping, key) if key in mapping and isinstance(mapping, MarkedDict) else fallback


def _identity(value: Any, owner: str) -> Hashable:
    """What identifies a list item under the key ``owner``: its first identifying key's value, else the whole item."""
    if isinstance(value, dict):
        for key in ITEM_KEYS.get(owner, ("id",)):
            if key in value:
                found = value[key]
                number = isinstance(found, (int, float)) and not isinstance(found, bool)
                return (key, float(found) if number else repr(normal(found)))
    return repr(normal(value))


def _item(items: list, index: int, fallback: Position) -> Position:
    return items.where(index) if isinstance(items, MarkedList) and index < len(items) else fallback


def normal(value: Any) -> Any:
    """Spelling that does not change meaning is no difference: ``[90,+inf)`` = ``[90, +inf)``, ``90`` = ``90.0``."""
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, dict):
        return {k: normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normal(v) for v in value]
    return value


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
