"""``perfscore verify``: re-perform saved scorecards with the *other* backend and compare every criterion.

A scorecard embeds its normalised inputs (``input.metrics``, hashed as
``input.sha256``), the profile's id and sha256, and the engine that made it.
Verification re-reads those inputs, checks both hashes, scores them with the
backend the scorecard was not made with, and lists every difference.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PerfscoreError, Position, Problem

OTHER_ENGINE = {"vector": "rete", "rete": "vector"}


@dataclass
class Verification:
    checked: int = 0  # departments
    criteria: int = 0
    engines: set[str] = field(default_factory=set)  # vector | rete
    labels: set[str] = field(default_factory=set)  # what re-performed, for a person (which rete matcher ran)
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def read_scorecards(path: Path) -> list[dict[str, Any]]:
    where = Position(str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PerfscoreError(Problem(where, f"无法读取评分卡：{exc.strerror or exc}", "应为可读取的评分卡 JSON 文件")) from None
    except UnicodeDecodeError:
        raise PerfscoreError(Problem(where, "评分卡不是 UTF-8 文本", "应为 perfscore score --format json 的输出")) from None
    try:
        if path.suffix.lower() == ".jsonl":
            data: Any = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PerfscoreError(Problem(Position(str(path), exc.lineno, exc.colno), f"JSON 语法错误：{exc.msg}",
                                     "应为 perfscore score --format json 的输出")) from None
    cards = data if isinstance(data, list) else [data]
    for index, card in enumerate(cards):
        missing = [k for k in ("profile", "input", "engine", "criteria", "total", "grade") if
                   not isinstance(card, dict) or k not in card]
        if missing:
            raise PerfscoreError(Problem(where, f"第{index + 1}张评分卡缺少字段 {', '.join(missing)}",
                                         "应为 perfscore score --format json 生成的完整评分卡"))
        if not isinstance(card["input"], dict) or not isinstance(card["input"].get("metrics"), dict):
            raise PerfscoreError(Problem(where, f"第{index + 1}张评分卡缺少 input.metrics（原始输入）",
                                         "应为 perfscore score --format json 生成的完整评分卡"))
    return cards


def verify_file(path: Path, profile_reference: str | None = None) -> Verification:
    """Re-perform every scorecard in ``path``; raises :class:`PerfscoreError` (exit 2) when it cannot."""
    from .scoring import Scored, scorecards
    from ..inputs.batch import batch_from_records
    from ..rubric.plan import compile_profile
    from ..rubric.profiles import load_embedded_profile, load_profile

    cards = read_scorecards(path)
    report = Verification()
    plans: dict[str, Any] = {}
    for index, card in enumerate(cards):
        profile_info = card["profile"] if isinstance(card["profile"], dict) else {}
        embedded = profile_info.get("rubric")
        if profile_reference is None and isinstance(embedded, str) and embedded:
            # the card carries the rubric it was scored with: no profile file needed, shipped or not, moved or not
            reference = "\0" + embedded
            if reference not in plans:
                plans[reference] = compile_profile(load_embedded_profile(
                    embedded, f"{path}#{index + 1}.profile.rubric"))
        else:
            reference = profile_reference or str(profile_info.get("id", ""))
            if reference not in plans:
                plans[reference] = compile_profile(load_profile(reference))
        plan = plans[reference]
        who = _who(card, index)
        if plan.profile.id != profile_info.get("id"):
            report.differences.append(f"{who}：评分卡记录的方案为 {profile_info.get('id')}，所附评分方案为 "
                                      f"{plan.profile.id}（评分卡被改动）")
            continue
        if plan.profile.sha256 != profile_info.get("sha256"):
            report.differences.append(f"{who}：评分方案 {plan.profile.id} 的 sha256 为 {plan.profile.sha256[:12]}，"
                                      f"评分卡记录的是 {str(profile_info.get('sha256'))[:12]}（方案已变更）")
            continue
        record = dict(card["input"]["metrics"])
        goals = record.pop("goals", None) or []
        batch = batch_from_records([record], [goals], plan.profile.vocabulary, str(path), [index + 1])
        if batch.record_hash(0) != card["input"].get("sha256"):
            report.differences.append(f"{who}：嵌入的输入与其 sha256 不符（输入被改动）")
            continue
        made_with = str((card.get("engine") or {}).get("name", "vector"))
        engine = OTHER_ENGINE.get(made_with, "vector")
        other = _backend(engine)
        report.engines.add(engine)
        report.labels.add(other.label)
        redone = scorecards(Scored(plan, batch, other.evaluate(plan, batch)))[0]
        report.checked += 1
        report.criteria += len(redone["criteria"])
        report.differences.extend(compare(who, card, redone, made_with, engine))
    return report


def _backend(engine: str) -> Any:
    """The engine to re-perform with; rete runs its rulesets on the plain matcher where durable_rules is missing."""
    if engine == "rete":
        from ..rete.backend import load_backend

        return load_backend(fallback=True)
    from ..evaluate.vector import VectorBackend

    return VectorBackend()


def _who(card: dict[str, Any], index: int) -> str:
    name = (card.get("department") or {}).get("dept_name")
    return f"{name}" if name else f"第{index + 1}张评分卡"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return a == b


def compare(who: str, saved: dict[str, Any], redone: dict[str, Any], saved_engine: str, engine: str) -> list[str]:
    """Per-criterion and overall differences between a saved scorecard and its re-performance."""
    found: list[str] = []
    redone_by_id = {c["id"]: c for c in redone["criteria"]}
    for criterion in saved["criteria"]:
        other = redone_by_id.pop(criterion.get("id"), None)
        if other is None:
            found.append(f"{who} {criterion.get('id')}：复核结果中没有该指标")
            continue
        if not _same(criterion.get("score"), other["score"]) or criterion.get("rule") != other["rule"]:
            found.append(f"{who} {criterion['id']}（{criterion.get('name', '')}）：{saved_engine} 记录 "
                         f"{criterion.get('score')} 分（{criterion.get('rule')}），{engine} 复核 "
                         f"{other['score']} 分（{other['rule']}）")
    for extra in redone_by_id:
        found.append(f"{who} {extra}：评分卡中没有该指标")
    for key, what in (("total", "总分"), ("grade", "等级")):
        if not _same(saved.get(key), redone.get(key)):
            found.append(f"{who} {what}：{saved_engine} 记录 {saved.get(key)}，{engine} 复核 {redone.get(key)}")
    return found
