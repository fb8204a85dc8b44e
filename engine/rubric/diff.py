"""The difference between two effective rubrics, each change traced to the file position that set it.

Both sides are compared after ``extends:`` and ``overrides:`` (:func:`.profiles.load_profile_document`):
the validated :class:`~.model.Profile` says what a criterion *is* (its name, points, parent), the
effective document says *where* each key was set (a parent file, or the child's override). Criteria
and levels are matched by id; a node whose parent differs has moved. The result is plain data — a
:class:`RubricDiff` holding :class:`Change` records in a fixed order (structure, points, names,
scoring, other criterion keys, the indicators each criterion reads (:mod:`.indicator_diff`: rule files),
parameters, grades, settings, adjustments, the audit rules switched on (:mod:`.audit_diff`: audit.yaml)) — that
renderers lay out.

May import: the shared leaves of ``perfscore.engine`` and the rubric modules only.
"""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..errors import Position
from .audit_diff import AuditSide, audit_changes
from .changes import Change, RubricDiff, Side
from .indicator_diff import Reading, indicator_deltas
from .model import Node, Profile, Rounding, SelfCheck
from .profiles import DEFAULTS
from .yamldiff import compare, key_position
from .yamlio import MarkedDict, MarkedList

__all__ = ["Change", "RubricDiff", "Side", "compare_rubrics"]

# Keys of a tree node compared one by one besides the structure, points and name (``note:`` is commentary).
# A leaf's own formula: and unit: are its indicator's (:mod:`.indicator_diff`).
NODE_FIELDS = ("indicator", "scoring", "missing", "not_applicable", "goal_table", "choose")
SETTINGS = ("rounding", "defaults", "grade_gap", "self_check")
EXPRESSION_KEYS = ("when", "formula")  # their metric ids are shown as Chinese labels
# What a section left out means (the values the profile then scores with): compared as if written out.
SECTION_DEFAULTS: dict[str, Any] = {"rounding": asdict(Rounding()), "defaults": DEFAULTS,
                                    "self_check": asdict(SelfCheck()), "parameters": {}, "adjustments": []}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KIND_ORDER = ("removed", "added", "moved", "points", "name", "scoring", "criterion", "indicator", "parameter", "grade",
              "setting", "adjustment", "audit")


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


def compare_rubrics(old: tuple[Profile, MarkedDict], new: tuple[Profile, MarkedDict],
                    rules: tuple[dict[str, Any], dict[str, Any]] = ({}, {}),
                    audit: tuple[dict[str, Any], dict[str, Any]] = ({}, {})) -> RubricDiff:
    """Every difference between two loaded profiles (each with its effective document); ``rules``: each side's
    indicator mappings by id as read from its rule files (``Library.raw``), to compare the indicators its criteria
    read; ``audit``: each side's audit rule mappings by id as read from its audit.yaml (for their positions)."""
    (old_profile, old_doc), (new_profile, new_doc) = old, new
    changes: list[Change] = []
    changes += _tree_changes(old_profile, old_doc, new_profile, new_doc, rules)
    changes += _section_changes("parameter", old_doc, new_doc, "parameters")
    changes += _grade_changes(old_profile, old_doc, new_profile, new_doc)
    for key in SETTINGS:
        changes += _section_changes("setting", old_doc, new_doc, key, prefix=(key,))
    changes += [_named_adjustment(c, old_profile, old_doc, new_profile, new_doc)
                for c in _section_changes("adjustment", old_doc, new_doc, "adjustments")]
    changes += audit_changes(AuditSide(old_profile, old_doc, audit[0]), AuditSide(new_profile, new_doc, audit[1]))
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


def _tree_changes(old_profile: Profile, old_doc: MarkedDict, new_profile: Profile, new_doc: MarkedDict,
                  rules: tuple[dict[str, Any], dict[str, Any]]) -> list[Change]:
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
        if before.name != node.name and ("name" in before.raw or "name" in node.raw or node.model.criterion is None):
            # a leaf without name: is named by its indicator: that name's change is the rule file's (below)
            changes.append(Change("name", old=before.name, new=node.name, old_position=key_position(before.raw, "name"),
                                  new_position=key_position(node.raw, "name"), **common))
        for key in NODE_FIELDS:
            kind = "scoring" if key == "scoring" else "criterion"
            for delta in compare(before.raw.get(key), node.raw.get(key), key_position(before.raw, key),
                                 key_position(node.raw, key), ()):
                a, b = delta.old, delta.new
                if key == "indicator":
                    a, b = _indicator_name(before, a), _indicator_name(node, b)
                elif (key, *delta.path)[-1] in EXPRESSION_KEYS or delta.action in ("added", "removed"):
                    a, b = _labelled(a, old_profile), _labelled(b, new_profile)
                prefix: tuple[str | int, ...] = (key,) if kind == "criterion" else ()
                changes.append(Change(kind, old=a, new=b, old_position=delta.old_where, new_position=delta.new_where,
                                      field=prefix + delta.path, action=delta.action,
                                      old_field=None if delta.old_path is None else prefix + delta.old_path, **common))
        if before.model.criterion is not None and node.model.criterion is not None:
            for name, delta in indicator_deltas(Reading(before.model.criterion, before.raw, old_doc, rules[0]),
                                                Reading(node.model.criterion, node.raw, new_doc, rules[1])):
                a, b = delta.old, delta.new
                if "formula" in delta.path:
                    a, b = _labelled(a, old_profile), _labelled(b, new_profile)
                changes.append(Change("indicator", old=a, new=b, old_position=delta.old_where,
                                      new_position=delta.new_where, field=delta.path, action=delta.action,
                                      old_field=delta.old_path, indicator=name, **common))
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
    value = " ".join(value.split())  # a folded formula on one line
    words = {"value": "指标值"}  # a state's or band's condition on the criterion's own value
    return IDENTIFIER.sub(lambda m: metrics[m.group(0)].zh if m.group(0) in metrics
                          else words.get(m.group(0), m.group(0)), value)


# -- sections -------------------------------------------------------------------------------------

def _section_changes(kind: str, old_doc: MarkedDict, new_doc: MarkedDict, key: str,
                     prefix: tuple[str | int, ...] = ()) -> list[Change]:
    out = []
    for delta in compare(_effective(old_doc, key), _effective(new_doc, key), key_position(old_doc, key),
                         key_position(new_doc, key), ()):
        subject = str(delta.path[0]) if delta.path and kind == "parameter" else key
        out.append(Change(kind, subject, subject, delta.old, delta.new, delta.old_where, delta.new_where,
                          field=prefix + delta.path, action=delta.action,
                          old_field=None if delta.old_path is None else prefix + delta.old_path))
    return out


def _named_adjustment(change: Change, old_profile: Profile, old_doc: MarkedDict, new_profile: Profile,
                      new_doc: MarkedDict) -> Change:
    """An adjustment's change named by its reason (as a person knows it: 超编10%以上一票否决, not 第1项), its condition's
    metrics by their Chinese labels."""
    if not change.field or not isinstance(change.field[0], int):
        return change
    index = change.field[0] if change.action != "removed" else (change.old_field or change.field)[0]
    document = old_doc if change.action == "removed" else new_doc
    items = document.get("adjustments")
    item = items[index] if isinstance(items, list) and isinstance(index, int) and index < len(items) else None
    name = str(item.get("reason") or item.get("id")) if isinstance(item, dict) else change.subject_name
    old, new = change.old, change.new
    if change.field[-1] in EXPRESSION_KEYS or change.action in ("added", "removed"):
        old, new = _labelled(old, old_profile), _labelled(new, new_profile)
    return replace(change, subject_name=name, old=old, new=new)


def _effective(document: MarkedDict, key: str) -> Any:
    """A top-level section with the values it leaves out filled in (they keep the section's position; a section
    left out is its defaults, at the profile's)."""
    value, default = document.get(key), SECTION_DEFAULTS.get(key)
    if default is None:
        return value
    if value is None:
        return default
    if isinstance(value, MarkedDict) and isinstance(default, dict):
        merged = copy.copy(value)
        for name, fallback in default.items():
            merged.setdefault(name, fallback)
        return merged
    return value


def _grade_changes(old_profile: Profile, old_doc: MarkedDict, new_profile: Profile, new_doc: MarkedDict) -> list[Change]:
    """Grade bands by grade (优/良/中/差): label, lower and upper bound."""
    out = []
    old_bands = {b.grade: b for b in old_profile.grades}
    new_bands = {b.grade: b for b in new_profile.grades}
    for grade in [g for g in ("优", "良", "中", "差") if g in old_bands or g in new_bands]:
        a, b = old_bands.get(grade), new_bands.get(grade)
        if a is None or b is None:  # a band only one side has: one line, its range
            band = a or b
            span = (band.minimum, band.maximum)
            out.append(Change("grade", grade, band.label, span if a else None, span if b else None,
                              _grade_position(old_doc, grade, "grade"), _grade_position(new_doc, grade, "grade"),
                              field=("band",)))
            continue
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
