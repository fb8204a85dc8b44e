"""Records produced by extraction: candidates with provenance, resolved items, and the
statements (其中 groups, shares, changes, claims) that consistency checks re-compute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Document


@dataclass(frozen=True)
class Provenance:
    """Where a value came from: ``where`` (段落/表格单元格), source ``line`` and the exact ``text``."""

    where: str
    line: int
    text: str
    context: str = ""

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"where": self.where, "line": self.line, "text": self.text}
        if self.context and self.context != self.text:
            data["context"] = self.context
        return data


@dataclass(frozen=True)
class Candidate:
    """One reading of a metric; ``rank`` orders competing readings (higher wins)."""

    metric: str
    value: Any
    provenance: Provenance
    rank: int = 1
    approx: bool = False
    note: str = ""


@dataclass
class Item:
    """A resolved metric: value (vocabulary unit), provenance, flags and every candidate."""

    metric: str
    value: Any
    unit: str
    provenance: Provenance
    flags: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A figure as printed in running text: its label (cue) if any, metric if known,
    value in 万元 for money, the printed number and unit."""

    value: float
    printed: float
    unit: str
    kind: str
    label: str
    metric: str | None
    stage: str | None
    provenance: Provenance


@dataclass(frozen=True)
class PartsGroup:
    """``总数…，其中：A…、B…`` — a stated total and the items listed after 其中."""

    total: Figure
    parts: tuple[Figure, ...]


@dataclass(frozen=True)
class Share:
    """``A…，占/完成 B 的 P%`` — a stated percentage with its operands."""

    numerator: Figure
    denominator: Figure
    percent: Figure


@dataclass(frozen=True)
class Change:
    """``较上年/较预算 增加/减少 [D]，下降 P%`` about ``subject_metric``: ``subject`` is the
    figure compared when the sentence states it, ``amount`` the change (None when the text
    gives none), ``percent`` the stated rate signed by its own verb, ``base`` the level
    compared with when the comparison states it (``较2024年的2190万元``)."""

    subject_metric: str | None
    subject: Figure | None
    base_stage: str
    direction: int
    amount: Figure | None
    provenance: Provenance
    percent: Figure | None = None
    base: Figure | None = None


@dataclass(frozen=True)
class Claim:
    """A narrative statement comparing two stages, e.g. ``预算数超决算数`` (``larger``=budget)."""

    larger: str
    smaller: str
    metrics: tuple[str, str] | None
    provenance: Provenance


@dataclass
class Extraction:
    """The result of reading one report; ``metrics`` holds plain scorable values."""

    source: str
    metrics: dict[str, Any]
    items: dict[str, Item]
    document: Document
    groups: list[PartsGroup] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # 只读取了部分正文 …: what was not read, and why
