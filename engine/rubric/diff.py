"""The difference between two effective rubrics, each change traced to the file position that set it.

Both sides are compared after ``extends:`` and ``overrides:`` (:func:`.profiles.load_profile_document`):
the validated :class:`~.model.Profile` says what a criterion *is* (its name, points, parent), the
effective document says *where* each key was set (a parent file, or the child's override). Criteria
and levels are matched by id; a node whose parent differs has moved. The result is plain data — a
:class:`RubricDiff` holding :class:`Change` records in a fixed order (structure, points, names,
scoring, other criterion keys, parameters, grades, settings, adjustments) — that renderers lay out.

May import: the shared leaves of ``perfscore.engine`` and the rubric modules only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Hashable, Iterator, NamedTuple

from ..errors import Position
from .align import align
from .model import Node, Profile
from .yamlio import MarkedDict, MarkedList

# Keys of a tree node compared one by one besides the structure, points and name (``note:`` is commentary).
NODE_FIELDS = ("indicator", "formula", "unit", "scoring", "missing", "not_applicable", "goal_table")
SETTINGS = ("rounding", "defaults", "grade_gap", "self_check")
EXPRESSION_KEYS = ("when", "formula")  # their metric ids are shown as Chinese labels
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What identifies an item of a list under this key (the first of these keys it has), so that an insertion reads as
# one added item: a band by its points (its range and label move with a threshold), a checklist item by its id …
ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "bands": ("points",), "items": ("id", "name"), "states": ("label", "when", "otherwise"), "tiers": ("name",),
    "qualitative": ("name",), "options": ("indicator",), "adjustments": ("id",), "metrics": ("id",),
}
KIND_ORDER = ("removed", "added", "moved", "points", "name", "scoring", "criterion", "parameter", "grade", "setting",
              "adjustment")


@dataclass(frozen=True)
class Side:
    """One profile of the comparison, as a person would name it."""

    id: str
    name: str
    version: str
    path: str
    sha256: str
    max_total: float
    criteria: int


@dataclass(frozen=True)
class Change:
    """One difference. ``subject`` is the node id / parameter / grade it concerns (for machines);
    ``subject_name`` and ``old_path``/``new_path`` (the names of the levels above it) are for people.
    ``field`` is where inside the subject the value differs (``("bands", 1, "range")``); ``old``/``new``
    are the plain values (None where absent); positions point at the file that set each side."""

    kind: str
    subject: str
    subject_name: str
    old: Any
    new: Any
    old_position: Position
    new_position: Position
    field: tuple[str | int, ...] = ()
    old_path: tuple[str, ...] = ()
    new_path: tuple[str, ...] = ()
    depth: int = 0  # of a node: 1 = 一级 …
    action: str = ""  # inside a list: "added", "removed" or "reordered" item; "" a value that differs
    old_field: tuple[str | int, ...] | None = None  # ``field`` on the old side, where an item's place differs


@dataclass(frozen=True)
class RubricDiff:
    old: Side
    new: Side
    changes: tuple[Change, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _NodeInfo:
    id: str
    raw: MarkedDict
    model: Node
    parent: str | None
    path_names: tuple[str, ...]  # names of the levels above it
    position: Position
    order: int

    @property
    def name(self) -> str:
        return self.model.criterion.name if self.model.criterion is not None else self.model.name


def compare_rubrics(old: tuple[Profile, MarkedDict], new: tuple[Profile, MarkedDict]) -> RubricDiff:
    """Every difference between two loaded profiles (each with its effective document)."""
    (old_profile, old_doc), (new_profile, new_doc) = old, new
    changes: list[Change] = []
    changes += _tree_changes(old_profile, old_doc, new_profile, new_doc)
    changes += _section_changes("parameter", old_doc.get("parameters"), new_doc.get("parameters"), old_doc, new_doc,
                                "parameters")
    changes += _grade_changes(old_profile, old_doc, new_profile, new_doc)
    for key in SETTINGS:
        changes += _section_changes("setting", old_doc.get(key), new_doc.get(key), old_doc, new_doc, key, prefix=(key,))
    changes += _section_changes("adjustment", old_doc.get("adjustments"), new_doc.get("adjustments"), old_doc,
                                new_doc, "adjustments")
    ordered = sorted(enumerate(changes), key=lambda pair: (KIND_ORDER.index(pair[1].kind), pair[0]))
    return RubricDiff(_side(old_profile), _side(new_profile), tuple(c for _, c in ordered))


def _side(profile: Profile) -> Side:
    return Side(profile.id, profile.name, profile.version, profile.path, profile.sha256, profile.max_total,
                len(profile.criteria()))


# -- the points hierarchy -------------------------------------------------------------------------

def _nodes(profile: Profile, document: MarkedDict) -> dict[str, _NodeInfo]:
    """Every node of the tree by id: its YAML mapping (with positions), its model, its parent."""
    models: dict[str, Node] = {}

    def index(node: Node) -> None:
        models[node.id] = node
        for child in node.children:
            index(child)

    for top in profile.tree:
        index(top)
    found: dict[str, _NodeInfo] = {}

    def walk(items: Any, parent: str | None, names: tuple[str, ...]) -> None:
        if not isinstance(items, MarkedList):
            return
        for i, item in enumerate(items):
            if not isinstance(item, MarkedDict) or str(item.get("id")) not in models:
                continue
            model = models[str(item["id"])]
            info = _NodeInfo(model.id, item, model, parent, names, items.where(i), len(found))
            found[model.id] = info
            walk(item.get("children"), model.id, names + (info.name,))

    walk(document.get("tree"), None, ())
    return found


def _tree_changes(old_profile: Profile, old_doc: MarkedDict, new_profile: Profile, new_doc: MarkedDict) -> list[Change]:
    old_nodes, new_nodes = _nodes(old_profile, old_doc), _nodes(new_profile, new_doc)
    tree_old, tree_new = old_doc.where("tree"), new_doc.where("tree")
    changes: list[Change] = []
    for node in old_nodes.values():
        if node.id not in new_nodes and (node.parent is None or node.parent in new_nodes):  # a removed subtree once
            where = new_nodes[node.parent].position if node.parent else tree_new
            changes.append(Change("removed", node.id, node.name, node.model.points, None, node.position, where,
                                  old_path=node.path_names, depth=len(node.path_names) + 1))
    for node in new_nodes.values():
        if node.id not in old_nodes and (node.parent is None or node.parent in old_nodes):
            where = old_nodes[node.parent].position if node.parent else tree_old
            changes.append(Change("added", node.id, node.name, None, node.model.points, where, node.position,
                                  new_path=node.path_names, depth=len(node.path_names) + 1))
    for node in new_nodes.values():
        before = old_nodes.get(node.id)
        if before is None:
            continue
        common = dict(subject=node.id, subject_name=node.name, old_path=before.path_names, new_path=node.path_names,
                      depth=len(node.path_names) + 1)
        if before.parent != node.parent:
            changes.append(Change("moved", old=before.path_names, new=node.path_names, old_position=before.position,
                                  new_position=node.position, **common))
        if before.model.points != node.model.points:
            changes.append(Change("points", old=before.model.points, new=node.model.points,
                                  old_position=before.model.points_position, new_position=node.model.points_position,
                                  **common))
        if before.name != node.name:
            changes.append(Change("name", old=before.name, new=node.name, old_position=_key(before.raw, "name"),
                                  new_position=_key(node.raw, "name"), **common))
        for key in NODE_FIELDS:
            kind = "scoring" if key == "scoring" else "criterion"
            for delta in _compare(before.raw.get(key), node.raw.get(key), _key(before.raw, key), _key(node.raw, key),
                                  ()):
                a, b = delta.old, delta.new
                if key == "indicator":
                    a, b = _indicator_name(before, a), _indicator_name(node, b)
                elif (key, *delta.path)[-1] in EXPRESSION_KEYS or delta.action in ("added", "removed"):
                    a, b = _labelled(a, old_profile), _labelled(b, new_profile)
                prefix: tuple[str | int, ...] = (key,) if kind == "criterion" else ()
                changes.append(Change(kind, old=a, new=b, old_position=delta.old_where, new_position=delta.new_where,
                                      field=prefix + delta.path, action=delta.action,
                                      old_field=None if delta.old_path is None else prefix + delta.old_path, **common))
    return changes


def _indicator_name(node: _NodeInfo, value: Any) -> Any:
    """An indicator id as its Chinese name (ids are not for people)."""
    criterion = node.model.criterion
    if criterion is not None and criterion.indicator is not None and criterion.indicator.id == value:
        return criterion.indicator.name
    return value


def _labelled(value: Any, profile: Profile) -> Any:
    """A condition or formula (or those of an added or removed item) with each metric id written as its Chinese
    label (ids are not for people)."""
    if isinstance(value, dict):
        return {k: _labelled(v, profile) if k in EXPRESSION_KEYS else v for k, v in value.items()}
    if not isinstance(value, str) or profile.vocabulary is None:
        return value
    metrics = profile.vocabulary.metrics
    return IDENTIFIER.sub(lambda m: metrics[m.group(0)].zh if m.group(0) in metrics else m.group(0), value)


def _key(mapping: Any, key: str) -> Position:
    """Where ``key``'s value was set in ``mapping`` (the mapping itself when it has no such key)."""
    if isinstance(mapping, MarkedDict):
        return mapping.where(key, value=True) if key in mapping else mapping.where()
    return Position("<unknown>")


# -- sections -------------------------------------------------------------------------------------

def _section_changes(kind: str, old: Any, new: Any, old_doc: MarkedDict, new_doc: MarkedDict, key: str,
                     prefix: tuple[str | int, ...] = ()) -> list[Change]:
    out = []
    for delta in _compare(old, new, _key(old_doc, key), _key(new_doc, key), ()):
        subject = str(delta.path[0]) if delta.path and kind == "parameter" else key
        out.append(Change(kind, subject, subject, delta.old, delta.new, delta.old_where, delta.new_where,
                          field=prefix + delta.path, action=delta.action,
                          old_field=None if delta.old_path is None else prefix + delta.old_path))
    return out


def _grade_changes(old_profile: Profile, old_doc: MarkedDict, new_profile: Profile, new_doc: MarkedDict) -> list[Change]:
    """Grade bands by grade (优/良/中/差): label, lower and upper bound."""
    out = []
    old_bands = {b.grade: b for b in old_profile.grades}
    new_bands = {b.grade: b for b in new_profile.grades}
    for grade in [g for g in ("优", "良", "中", "差") if g in old_bands or g in new_bands]:
        a, b = old_bands.get(grade), new_bands.get(grade)
        for name, attribute, yaml_key in (("label", "label", "label"), ("min", "minimum", "min"),
                                          ("max", "maximum", "max")):
            va, vb = (getattr(a, attribute) if a else None), (getattr(b, attribute) if b else None)
            if va != vb:
                out.append(Change("grade", grade, (b or a).label, va, vb, _grade_position(old_doc, grade, yaml_key),
                                  _grade_position(new_doc, grade, yaml_key), field=(name,)))
    return out


def _grade_position(document: MarkedDict, grade: str, key: str) -> Position:
    bands = document.get("grades")
    if not isinstance(bands, MarkedList):
        return document.where()  # the 10号 default bands: the profile as a whole
    for i, band in enumerate(bands):
        if isinstance(band, MarkedDict) and band.get("grade") == grade:
            return band.where(key, value=True) if key in band else bands.where(i)
    return document.where("grades", value=True)


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


def _compare(old: Any, new: Any, old_where: Position, new_where: Position, path: tuple[str | int, ...],
             old_path: tuple[str | int, ...] | None = None) -> Iterator[Delta]:
    """Every leaf value that differs between two YAML values, with its path and both positions; list items are
    paired by what identifies them (:data:`ITEM_KEYS`, :func:`.align.align`), not by their place."""
    before = path if old_path is None else old_path
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            yield from _compare(old.get(key), new.get(key), _key(old, key) if key in old else old_where,
                                _key(new, key) if key in new else new_where, path + (key,), before + (key,))
        return
    if isinstance(old, list) and isinstance(new, list):
        owner = next((p for p in reversed(path) if isinstance(p, str)), "")
        for pair in align([_identity(v, owner) for v in old], [_identity(v, owner) for v in new]):
            i, j = pair.old, pair.new
            if j is None:
                yield Delta(path + (i,), _plain(old[i]), None, _item(old, i, old_where), new_where, "removed",
                            before + (i,))
            elif i is None:
                yield Delta(path + (j,), None, _plain(new[j]), old_where, _item(new, j, new_where), "added",
                            before + (j,))
            else:
                if pair.reordered:
                    yield Delta(path + (j,), i + 1, j + 1, _item(old, i, old_where), _item(new, j, new_where),
                                "reordered", before + (i,))
                yield from _compare(old[i], new[j], _item(old, i, old_where), _item(new, j, new_where), path + (j,),
                                    before + (i,))
        return
    if _normal(old) != _normal(new):
        yield Delta(path, _plain(old), _plain(new), old_where, new_where, "", None if before == path else before)


def _identity(value: Any, owner: str) -> Hashable:
    """What identifies a list item under the key ``owner``: its first identifying key's value, else the whole item."""
    if isinstance(value, dict):
        for key in ITEM_KEYS.get(owner, ("id",)):
            if key in value:
                found = value[key]
                number = isinstance(found, (int, float)) and not isinstance(found, bool)
                return (key, float(found) if number else repr(_normal(found)))
    return repr(_normal(value))


def _item(items: list, index: int, fallback: Position) -> Position:
    return items.where(index) if isinstance(items, MarkedList) and index < len(items) else fallback


def _normal(value: Any) -> Any:
    """Spelling that does not change meaning is no difference: ``[90,+inf)`` = ``[90, +inf)``, ``90`` = ``90.0``."""
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
