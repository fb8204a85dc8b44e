"""Render an extraction as a reviewable metrics YAML file.

Top-level ``metric_id: value`` lines are what ``perfscore score`` reads as one
department; each carries a comment with the metric's Chinese name and its source, and flags
(约数、多个候选值、单位更正、推算) are spelled out, so a reviewer reads the file without the ids. Full provenance sits under ``_provenance:``, which the
scorer ignores (keys starting with ``_``); what the reader left unread (a text cut at its size or time
limit) is said in a comment at the top and under ``_notes:``.
"""

from __future__ import annotations

from typing import Any, Mapping

import yaml

from .model import Extraction, Item

_FLAG_ZH = {"approx": "约数", "ambiguous": "多个候选值，请核实", "unit_corrected": "原文单位疑误，已按万元更正",
            "derived": "报告未直接给出，由分项推算", "inferred": "部分内容为推断"}


def _scalar(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6).strip().removesuffix("...").strip()


def _comment(item: Item, name: str) -> str:
    parts = [f"{name}；{item.provenance.where}（第{item.provenance.line}行）：{item.provenance.text}"]
    parts += [_FLAG_ZH.get(flag, flag) for flag in item.flags]
    return "  # " + "；".join(p.replace("\n", " ") for p in parts)


def extraction_to_yaml(extraction: Extraction, names: Mapping[str, str]) -> str:
    """A metrics YAML document (UTF-8 text) for one department, with provenance; ``names``: metric id → 中文名称."""
    lines = [f"# perfscore extract: {extraction.source}",
             "# 自动抽取结果，评分前请逐项核对；以 _ 开头的键不参与评分。"]
    lines += [f"# 注意：{note}" for note in extraction.notes]  # a partial reading says so at the top
    for metric, item in extraction.items.items():
        lines.append(f"{metric}: {_scalar(item.value)}{_comment(item, names.get(metric, metric))}")
    provenance: dict[str, Any] = {}
    for metric, item in extraction.items.items():
        entry: dict[str, Any] = item.provenance.as_dict()
        if item.unit:
            entry["unit"] = item.unit
        if item.flags:
            entry["flags"] = list(item.flags)
        if len(item.candidates) > 1:
            entry["candidates"] = [{"value": c.value, **c.provenance.as_dict(), **({"note": c.note} if c.note else {})}
                                   for c in item.candidates]
        provenance[metric] = entry
    lines.append("")
    head: dict[str, Any] = {"_source": extraction.source, **({"_notes": list(extraction.notes)} if extraction.notes else {})}
    lines.append(yaml.safe_dump({**head, "_provenance": provenance},
                                allow_unicode=True, sort_keys=False, width=120).rstrip())
    return "\n".join(lines) + "\n"
