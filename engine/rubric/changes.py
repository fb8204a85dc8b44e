"""The records of a rubric comparison: the two sides as a person names them, and each change with both positions.

Plain data made by :mod:`.diff` (and :mod:`.indicator_diff`) and laid out by ``render.diff``.

May import: the shared leaves of ``perfscore.engine`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Position


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
    action: str = ""  # inside a list: "added", "removed" or "reordered" item; "spelling": a formula written
    # differently that parses to the same expression tree; "" a value that differs
    old_field: tuple[str | int, ...] | None = None
    indicator: str = ""  # of an ``indicator`` change: the name of the indicator the criterion reads  # ``field`` on the old side, where an item's place differs


@dataclass(frozen=True)
class RubricDiff:
    old: Side
    new: Side
    changes: tuple[Change, ...] = field(default_factory=tuple)
