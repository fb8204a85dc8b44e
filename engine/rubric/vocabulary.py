"""The canonical metric vocabulary (rules/metrics.yaml): ids, Chinese labels, units, kinds, aliases and table headers.

``aliases`` are phrases that name a metric in reports (extraction reads them); ``headers``
are the column headers real bureau data sheets use for it, each with the key of the public
source where it was seen (``sources:`` at the top of the file maps a key to its address).
Both are accepted as table headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import PerfscoreError, Problem
from ..resources import rules_dir
from .yamlio import MarkedDict, load_file

KINDS = ("money", "count", "percent", "date", "bool", "text", "score", "items")
KIND_NAMES = {"money": "金额", "count": "计数", "percent": "百分比", "date": "日期", "bool": "是/否", "text": "文本",
              "score": "分数", "items": "清单"}  # each kind as a person reads it
MAX_FIELDS = 50


@dataclass(frozen=True)
class MetricSpec:
    """One raw metric: stable id, Chinese label, unit (money in 万元 unless stated) and kind."""

    id: str
    zh: str
    kind: str
    unit: str = ""
    group: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    headers: tuple[str, ...] = field(default_factory=tuple)  # table headers seen in published sheets
    fields: tuple[str, ...] = field(default_factory=tuple)  # kind items: the metric ids each item may give
    signed: bool = False  # a change on last year (减少 is negative; +150% is no slip): no range of a level applies


@dataclass(frozen=True)
class Vocabulary:
    metrics: dict[str, MetricSpec]
    sources: dict[str, str] = field(default_factory=dict)  # source key → public address (and title)

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics

    def get(self, metric_id: str) -> MetricSpec | None:
        return self.metrics.get(metric_id)

    def with_extra(self, extra: dict[str, MetricSpec]) -> "Vocabulary":
        merged = dict(self.metrics)
        merged.update(extra)
        return Vocabulary(merged, self.sources)

    def label_index(self) -> dict[str, str]:
        """Map every id, Chinese label and alias to its metric id (first declaration wins)."""
        index: dict[str, str] = {}
        for spec in self.metrics.values():
            for name in (spec.id, spec.zh, *spec.aliases, *spec.headers):
                index.setdefault(name, spec.id)
        return index


def parse_metric(entry: MarkedDict, group: str, sources: dict[str, str] | None = None) -> MetricSpec:
    """Build one :class:`MetricSpec` from a vocabulary or profile ``metrics:`` entry."""
    missing = [key for key in ("id", "zh", "kind") if key not in entry]
    if missing:
        raise PerfscoreError(Problem(entry.where(), f"指标定义缺少{'、'.join(f'“{k}”' for k in missing)}",
                                     "应写 id、zh 和 kind"))
    if entry["kind"] not in KINDS:
        raise PerfscoreError(Problem(entry.where("kind", value=True), f"未知的指标类型“{entry['kind']}”",
                                     f"应为以下之一：{'、'.join(KINDS)}"))
    headers = entry.get("headers") or {}
    if not isinstance(headers, dict):
        raise PerfscoreError(Problem(entry.where("headers", value=True), "表头 headers: 应把每个表头对应到其来源",
                                     "应写 headers: {年初预算数: S6, …}，来源为文件开头 sources: 中的键"))
    unknown = [str(k) for k in headers.values() if sources is not None and str(k) not in sources]
    if unknown:
        raise PerfscoreError(Problem(entry.where("headers", value=True), f"未知的表头来源“{unknown[0]}”",
                                     "应为文件开头 sources: 映射中的键"))
    fields = entry.get("fields")
    if (entry["kind"] == "items") != ("fields" in entry) or "fields" in entry and (
            not isinstance(fields, list) or not 0 < len(fields) <= MAX_FIELDS
            or not all(isinstance(f, str) for f in fields) or len(set(fields)) != len(fields)):
        where = entry.where("fields", value=True) if "fields" in entry else entry.where()
        message = ("类型为 items 的指标须写 fields:，列出互不相同的指标编号" if entry["kind"] == "items"
                   else "只有类型为 items 的指标才能写 fields:")
        raise PerfscoreError(Problem(where, message, f"应写 kind: items 和 fields: [指标编号]（1 至 {MAX_FIELDS} 个），例如 "
                                     "{id: special_funds, zh: 专项资金, kind: items, fields: [fund_name, fund_paid]}"))
    return MetricSpec(id=str(entry["id"]), zh=str(entry["zh"]), kind=str(entry["kind"]),
                      unit=str(entry.get("unit", "")), group=group,
                      aliases=tuple(str(a) for a in entry.get("aliases", ()) or ()),
                      headers=tuple(str(h) for h in headers),
                      fields=tuple(fields) if isinstance(fields, list) else (),
                      signed=entry.get("signed") is True)


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Load the vocabulary: ``sources:`` (key → public address), then group name → list of metric entries."""
    data = load_file(path or rules_dir() / "metrics.yaml")
    sources = {str(k): str(v) for k, v in (data.get("sources") or {}).items()}
    metrics: dict[str, MetricSpec] = {}
    for group, entries in data.items():
        if group == "sources":
            continue
        for entry in entries:
            spec = parse_metric(entry, str(group), sources)
            metrics[spec.id] = spec
    return Vocabulary(metrics, sources)
