"""The indicators two versions of one criterion read, compared: what a rule file (``rules/*.yaml``) change does.

A criterion's value comes from an indicator — in ``rules/`` (the installed rules, or those of the
perfscore tree a profile file lies in), in a profile's own ``indicators:``, or the leaf's own
``formula:``. For a criterion on both sides this compares the indicators it reads (and those of its
``either_or`` options) as they are compiled: the formula as parsed — two spellings of one expression
tree are marked ``spelling`` (nothing a score can see), different trees differ in meaning —, the
parameter a formula is chosen by and each case, the profile parameters it reads, its unit, and its
name (when both sides read the same indicator id; another id is the leaf's ``indicator:`` change).
Each difference is a :class:`.yamldiff.Delta` with both rule files' positions.

May import: the shared leaves of ``perfscore.engine`` and the rubric modules only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ExpressionError
from .expr import parse, to_text
from .model import Criterion, EitherOr, Indicator
from .yamldiff import Delta, compare, key_position
from .yamlio import MarkedDict

# Keys of an indicator that reach a score or what a person reads of it (definition, source: commentary).
COMPARED = ("formula", "parameters", "unit", "name")


@dataclass(frozen=True)
class Reading:
    """One side's criterion and where its indicators' YAML is: the leaf, the profile's own ``indicators:``, and
    the library's indicator mappings by id."""

    criterion: Criterion
    leaf: MarkedDict
    document: MarkedDict
    library: dict[str, Any]


def indicator_deltas(old: Reading, new: Reading) -> list[tuple[str, Delta]]:
    """Every difference between the indicators the two criteria read, each with the (new side's) indicator name."""
    out: list[tuple[str, Delta]] = []
    for a, b in _pairs(old.criterion, new.criterion):
        raw_a, raw_b = _source(a, old), _source(b, new)
        if raw_a is None or raw_b is None:
            continue
        leaf = raw_a is old.leaf or raw_b is new.leaf
        for key in COMPARED:
            if key == "name" and (leaf or a.id != b.id):
                continue  # a leaf's name is the criterion's; another indicator id is the leaf's own change
            for delta in compare(raw_a.get(key), raw_b.get(key), key_position(raw_a, key),
                                 key_position(raw_b, key), (key,)):
                out.append((b.name or b.id, _meaning(delta)))
    return out


def _pairs(old: Criterion, new: Criterion) -> list[tuple[Indicator, Indicator]]:
    """The indicator of each side, or those of ``either_or`` options in order (options added or removed are the
    scoring's own change)."""
    pairs = []
    if old.indicator is not None and new.indicator is not None:
        pairs.append((old.indicator, new.indicator))
    if isinstance(old.scoring, EitherOr) and isinstance(new.scoring, EitherOr):
        pairs += [(a.indicator, b.indicator) for a, b in zip(old.scoring.options, new.scoring.options)]
    return pairs


def _source(indicator: Indicator, side: Reading) -> MarkedDict | None:
    """The YAML mapping that defined ``indicator``: the leaf's own ``formula:``, the profile's ``indicators:``, or
    a rule file."""
    if "formula" in side.leaf and str(side.leaf.get("id")) == indicator.id:
        return side.leaf
    for entry in side.document.get("indicators") or []:
        if isinstance(entry, MarkedDict) and str(entry.get("id")) == indicator.id:
            return entry
    found = side.library.get(indicator.id)
    return found if isinstance(found, MarkedDict) else None


def _meaning(delta: Delta) -> Delta:
    """A formula written differently that parses to the same expression tree is only a new spelling."""
    if "formula" not in delta.path or not isinstance(delta.old, str) or not isinstance(delta.new, str):
        return delta
    try:
        same = to_text(parse(delta.old)) == to_text(parse(delta.new))
    except ExpressionError:
        return delta
    return delta._replace(action="spelling") if same else delta
