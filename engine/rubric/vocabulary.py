"""The canonical metric vocabulary (rules/metrics.yaml): ids, Chinese labels, units and kinds."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import PerfscoreError, Problem
from ..resources import rules_dir
from .yamlio import MarkedDict, load_file

KINDS = ("money", "count", "percent", "date", "bool", "text", "score")


@dataclass(frozen=True)
class MetricSpec:
    """One raw metric: stable id, Chinese label, unit (money in 万元 unless stated) and kind."""

    id: str
    zh: str
    kind: str
    unit: str = ""
    group: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Vocabulary:
    metrics: dict[str, MetricSpec]

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics

    def get(self, metric_id: str) -> MetricSpec | None:
        return self.metrics.get(metric_id)

    def with_extra(self, extra: dict[str, MetricSpec]) -> "Vocabulary":
        merged = dict(self.metrics)
        merged.update(extra)
        return Vocabulary(merged)

    def label_index(self) -> dict[str, str]:
        """Map every id, Chinese label and alias to its metric id (first declaration wins)."""
        index: dict[str, str] = {}
        for spec in self.metrics.values():
            for name in (spec.id, spec.zh, *spec.aliases):
                index.setdefault(name, spec.id)
        return index


def parse_metric(entry: MarkedDict, group: str) -> MetricSpec:
    """Build one :class:`MetricSpec` from a vocabulary or profile ``metrics:`` entry."""
    missing = [key for key in ("id", "zh", "kind") if key not in entry]
    if missing:
        raise PerfscoreError(Problem(entry.where(), f"metric entry lacks {', '.join(missing)}",
                                     "id, zh and kind"))
    if entry["kind"] not in KINDS:
        raise PerfscoreError(Problem(entry.where("kind", value=True), f"unknown metric kind {entry['kind']!r}",
                                     f"one of {', '.join(KINDS)}"))
    return MetricSpec(id=str(entry["id"]), zh=str(entry["zh"]), kind=str(entry["kind"]),
                      unit=str(entry.get("unit", "")), group=group,
                      aliases=tuple(str(a) for a in entry.get("aliases", ()) or ()))


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Load the vocabulary, grouped mapping of group name → list of metric entries."""
    data = load_file(path or rules_dir() / "metrics.yaml")
    metrics: dict[str, MetricSpec] = {}
    for group, entries in data.items():
        for entry in entries:
            spec = parse_metric(entry, str(group))
            metrics[spec.id] = spec
    return Vocabulary(metrics)
