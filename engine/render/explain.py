"""Chinese reasons for every criterion result: why each point was given or taken, with the numbers.

Reasons are data of the scorecard (they appear in JSON as well as in tables), so
they are produced here from result arrays, one department at a time, lazily.
"""

from __future__ import annotations

import math

import numpy as np

from ..rubric.deadline import Deadline
from ..rubric.expr import to_words
from ..rubric.intervals import format_number
from ..rubric.model import Bands, Checklist, Deduct, GoalTable, Manual, PerOccurrence, Proportional, States, Tiered
from .numfmt import date_text, measured_text, points_text, value_text
from ..rubric.plan import CriterionPlan
from ..evaluate.results import CriterionResult, Results


def _unit_words(unit: str) -> tuple[str, str]:
    """(unit after a value, unit of a difference): '%' → ('%', '个百分点')."""
    if unit == "%":
        return "%", "个百分点"
    return unit, unit


def _scored(result: CriterionResult, i: int) -> float:
    """The points the criterion's own rule gave: before a chosen criterion's are rescaled to its weight (择项), and
    before any audit deduction (:mod:`..evaluate.findings`)."""
    unweighted = result.detail.get("unweighted")
    return _weighted(result, i) if unweighted is None or np.isnan(unweighted[i]) else unweighted[i]


def _weighted(result: CriterionResult, i: int) -> float:
    """The points before any audit deduction (a chosen criterion's rescaled to its weight)."""
    before = result.detail.get("before_audit")
    return result.points[i] if before is None or np.isnan(before[i]) else before[i]


def _detail(result: CriterionResult, key: str, i: int) -> float:
    array = result.detail.get(key)
    return float("nan") if array is None else array[i]


def band_words(band, unit: str) -> str:
    """Where a value lies, as a person writes it: 在80%（含）至90%之间, 不低于90%, 低于60%, 为0%; a band's
    label is added only when it names the band (未调整), not when it restates the numbers."""
    interval = band.interval
    low, high = format_number(interval.low) + unit, format_number(interval.high) + unit
    if interval.low == interval.high:
        words = f"为{low}"
    elif math.isinf(interval.high):
        words = f"{'不低于' if interval.low_inclusive else '高于'}{low}"
    elif math.isinf(interval.low):
        words = f"{'不高于' if interval.high_inclusive else '低于'}{high}"
    else:
        words = (f"在{low}{'（含）' if interval.low_inclusive else ''}至{high}"
                 f"{'（含）' if interval.high_inclusive else ''}之间")
    label = band.label or ""
    return f"{words}（{label}）" if label and not any(ch.isdigit() for ch in label) else words


def tier_share_words(share) -> str:
    """A tier's share of the points in words: 得分值的80%（含）至100%（含）."""
    low, high = format_number(share.low * 100) + "%", format_number(share.high * 100) + "%"
    if share.low == share.high:
        return f"按分值的{low}计"
    return (f"按分值的{low}{'（含）' if share.low_inclusive else ''}至{high}"
            f"{'（含）' if share.high_inclusive else ''}计")


TIER_DEFAULT_WORDS = {"max": "未给出具体得分，按档次上限计", "mid": "未给出具体得分，按档次中值计",
                      "min": "未给出具体得分，按档次下限计"}


def tier_score_given(record: dict, criterion: str) -> bool:
    """Whether the assessor gave a number with the tier (else the tier's default share counts)."""
    score = record.get(f"assessments.{criterion}.score")
    return isinstance(score, (int, float)) and not isinstance(score, bool) and not math.isnan(score)


class Explainer:
    def __init__(self, results: Results):
        self.results = results
        self.decimals = results.plan.profile.rounding.ratio
        vocabulary = results.plan.profile.vocabulary
        self.labels = {k: v.zh for k, v in vocabulary.metrics.items()} if vocabulary else {}

    def reason(self, plan: CriterionPlan, i: int) -> str:
        result = self.results.criteria[plan.index]
        if not plan.choice:
            return self.own_reason(plan, result, i)
        if plan.branches[result.branch[i]] == "not_chosen":
            return "本部门未选择该指标（择项），不计分"
        weight = _detail(result, "weight", i)
        return (f"本部门择项选择该指标，权重{points_text(weight)}分。{self.own_reason(plan, result, i)}；"
                f"按权重折算为{points_text(_scored(result, i))}÷{points_text(plan.points)}×{points_text(weight)}"
                f"＝{points_text(_weighted(result, i))}分")

    def own_reason(self, plan: CriterionPlan, result: CriterionResult, i: int) -> str:
        """The reason by the criterion's own rule, on its own points (a chosen criterion's before its weight)."""
        branch = plan.branches[result.branch[i]]
        if branch == "not_applicable":
            if plan.criterion.not_applicable == "full":
                return f"本部门不适用该指标，按满分{points_text(plan.points)}分计"
            return "本部门不适用该指标，不参与评分，所在层级按比例折算"
        if branch == "missing":
            return self.missing_reason(plan, result, i)
        option = 0
        if branch.startswith("option"):
            head, branch = branch.split(":", 1)
            option = int(head[6:]) - 1
        chosen = plan.options[option]
        name = chosen.indicator.name if chosen.indicator else plan.criterion.name
        unit = chosen.indicator.unit if chosen.indicator else ""
        text = self.shape_reason(chosen.scoring, branch, name, unit, result, i, plan)
        if len(plan.options) > 1:
            text = f"按“{name}”评分：{text}"
        return text

    def missing_reason(self, plan: CriterionPlan, result: CriterionResult, i: int) -> str:
        why = self.results.reasons.texts[result.why[i]] or "缺少数据"
        policy = plan.criterion.missing
        if policy == "exclude":
            return f"{why}，该指标不参与评分，所在层级按比例折算"
        if policy == "error":
            return f"{why}，该指标要求数据完整，无法评分"
        if policy == "manual":
            if result.needs_manual[i]:
                return f"{why}，需评价人员人工评分，暂按0分计"
            return f"{why}，由评价人员人工评分{points_text(_scored(result, i))}分"
        return f"{why}，按0分计"

    def shape_reason(self, shape, branch: str, name: str, unit: str, result: CriterionResult, i: int,
                     plan: CriterionPlan) -> str:
        value = result.value[i]
        points = _scored(result, i)
        shown = f"{name} {measured_text(value, self.decimals)}{_unit_words(unit)[0]}"
        if isinstance(shape, Deduct):
            return self.deduct_reason(shape, branch, shown, unit, result, i, plan)
        if isinstance(shape, Bands):
            band = shape.bands[int(branch[4:]) - 1] if branch.startswith("band") else None
            if band is None:
                return f"{shown}，超出评分区间{shape.domain.text}，不得分"
            return f"{shown}，{band_words(band, _unit_words(unit)[0])}，得{points_text(points)}分"
        if isinstance(shape, Proportional):
            target = f"{format_number(shape.target)}{_unit_words(unit)[0]}"
            if branch == "full":
                return f"{shown}，达到目标值{target}，得满分{points_text(points)}分"
            if branch == "cutoff":
                side = "低于" if shape.direction == "higher" else "高于"
                return f"{shown}，{side}{format_number(shape.cutoff)}{_unit_words(unit)[0]}，不得分"
            share = _detail(result, "share", i) * 100
            return f"{shown}，为目标值{target}的{value_text(share, 2)}%，按比例得{points_text(points)}分"
        if isinstance(shape, States):
            if branch == "no_state":
                return f"{name}：不符合任何评分情形，不得分"
            state = shape.states[int(branch[5:]) - 1]
            label = state.label or (f"满足“{state.when_text}”" if state.when_text else "其他情形")
            prefix = shown if not math.isnan(value) else name
            return f"{prefix}，{label}，得{points_text(points)}分"
        if isinstance(shape, PerOccurrence):
            count = value_text(value, 0)
            if branch == "none":
                return f"{name}：未发现问题，得满分{points_text(points)}分"
            deduction = points_text(_detail(result, "deduction", i))
            tail = "，扣完为止" if branch == "floor" else ""
            return f"{name}：发现问题{count}个，每个扣{points_text(shape.deduct)}分，扣{deduction}分{tail}，得{points_text(points)}分"
        if isinstance(shape, Checklist):
            return self.checklist_reason(shape, result, i, points)
        if isinstance(shape, Tiered):
            tier = shape.tiers[int(branch[4:]) - 1]
            named = f"评价档次“{tier.name}”（{tier_share_words(tier.share)}）"
            if not tier_score_given(self.results.batch.records[i], plan.id):
                return f"{named}，{TIER_DEFAULT_WORDS[shape.default_in_tier]}，得{points_text(points)}分"
            clamped = "（所给分数超出该档区间，已按档位边界计）" if _detail(result, "clamped", i) == 1 else ""
            return f"{named}，得{points_text(points)}分{clamped}"
        if isinstance(shape, Manual):
            note = self.results.batch.records[i].get(f"assessments.{plan.id}.note")
            bad = "（超出0—{}分，无效）".format(points_text(plan.points)) if _detail(result, "out_of_range", i) == 1 else ""
            return f"评价人员评分{points_text(points)}分{bad}" + (f"：{note}" if note else "（未说明理由）")
        if isinstance(shape, GoalTable):
            return self.goal_reason(result, i, points, plan.points)
        raise TypeError(type(shape).__name__)

    def deduct_reason(self, shape: Deduct, branch: str, shown: str, unit: str, result: CriterionResult, i: int,
                      plan: CriterionPlan) -> str:
        value_unit, diff_unit = _unit_words(unit)
        threshold = f"{format_number(shape.threshold)}{value_unit}"
        excess_value = _detail(result, "excess", i)
        if not excess_value > 0:
            side = "未超过" if shape.direction == "above" else "不低于"
            return f"{shown}，{side}{threshold}，得满分{points_text(plan.points)}分"
        excess = value_text(excess_value, self.decimals)
        side, each = ("超出", "每超") if shape.direction == "above" else ("低于", "每低")
        per = f"{format_number(shape.per)}{diff_unit}"
        partial = {"ceil": f"（不足{per}按{per}计）", "floor": f"（不足{per}不扣分）", "prorata": ""}[shape.partial]
        deducted = _detail(result, "deduction", i)
        if branch == "full":
            return f"{shown}，{side}{threshold} {excess}{diff_unit}，不足{per}不扣分，得满分{points_text(plan.points)}分"
        deduction = points_text(deducted)
        tail = f"，扣完为止，得{points_text(_scored(result, i))}分" if branch == "floor" else \
            f"，得{points_text(_scored(result, i))}分"
        return f"{shown}，{side}{threshold} {excess}{diff_unit}，{each}{per}扣{points_text(shape.deduct)}分{partial}，扣{deduction}分{tail}"

    def checklist_reason(self, shape: Checklist, result: CriterionResult, i: int, points: float) -> str:
        met, unmet, unknown = [], [], []
        for item in shape.items:
            flag = _detail(result, f"item:{item.id}", i)
            (unknown if math.isnan(flag) else met if flag == 1 else unmet).append(item)
        parts = []
        if met:
            parts.append("满足：" + "、".join(f"{x.name}（{points_text(x.points)}分{self.evidence(x, result, i)}）"
                                             for x in met))
        if unmet:
            parts.append("不满足：" + "、".join(f"{x.name}（扣{points_text(x.points)}分{self.evidence(x, result, i)}）"
                                              for x in unmet))
        if unknown:
            parts.append("未提供：" + "、".join(f"{x.name}（按0分计）" for x in unknown))
        return "；".join(parts) + f"；得{points_text(points)}分"

    def evidence(self, item, result: CriterionResult, i: int) -> str:
        """A deadline item's evidence after its points (empty for other items, or when a value is unknown): late,
        ``；部门预算批复日期2024-01-10，部门预算公开日期2024-02-15，用时36天，超过时限20天，逾期16天``; in time,
        ``；用时15天，在时限20天内`` or ``；绩效自评报告公开日期2025-05-10，不晚于期限2025-05-30``."""
        deadline: Deadline | None = item.deadline
        if deadline is None:
            return ""
        values = {part: _detail(result, f"item:{item.id}:{part}", i) for part in (*deadline.parts(), "late")}
        if any(math.isnan(v) for v in values.values()):
            return ""
        late = values["late"]
        if deadline.kind == "date":
            tested = f"；{self.words(deadline.end)}{date_text(values['end'])}，"
            if late > 0:
                return (f"{tested}晚于{self.words(deadline.limit)}{date_text(values['limit'])}，"
                        f"逾期{value_text(late, 0)}天")
            return f"{tested}{'早于' if deadline.strict else '不晚于'}期限{date_text(values['limit'])}"
        unit = "个工作日" if deadline.working else "天"
        days = f"{format_number(values['limit'])}{unit}"
        limit = f"时限（少于{days}）" if deadline.strict else f"时限{days}"
        used = f"用时{value_text(values['count'], 0)}{unit}"
        if late > 0:
            return (f"；{self.words(deadline.start)}{date_text(values['start'])}，{self.words(deadline.end)}"
                    f"{date_text(values['end'])}，{used}，超过{limit}，逾期{value_text(late, 0)}{unit}")
        return f"；{used}，在{limit}内"

    def words(self, expr) -> str:
        """A date's name for a person: the metric's label (``部门预算公开日期``)."""
        return to_words(expr, self.labels)

    def goal_reason(self, result: CriterionResult, i: int, points: float, block_points: float) -> str:
        rows = result.detail.get("rows")
        entries = rows[i] if rows is not None and rows[i] is not None else []
        met = sum(1 for r in entries if r["met"])
        parts = [f"部门绩效目标{len(entries)}项，完成{met}项，得{points_text(points)}分"]
        for k, row in enumerate(entries, 1):
            target = row.get("target")
            actual = row.get("actual")
            sign = {">=": "≥", "<=": "≤", "=": "="}[row["direction"]]
            target_text = f"{sign}{format_number(target)}{row.get('unit', '')}" if isinstance(target, float) else f"“{target}”"
            actual_text = f"{format_number(actual)}{row.get('unit', '')}" if isinstance(actual, float) else f"“{actual}”"
            parts.append(f"{k}.{row['indicator']}：目标{target_text}，实际{actual_text}，"
                         f"{'已完成' if row['met'] else '未完成'}，得{points_text(round(row['score'], 2))}分")
        declared = _detail(result, "declared_points", i)
        if declared and not math.isnan(declared) and abs(declared - block_points) > 1e-9:
            parts.append(f"目标表分值合计{points_text(declared)}分，按本项{points_text(block_points)}分折算")
        return "；".join(parts)

