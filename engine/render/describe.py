"""Chinese 评分标准 text for each criterion, as `explain` and the 评分表 print it."""

from __future__ import annotations

from ..rubric.intervals import describe, format_number
from ..rubric.model import (
    Bands, Checklist, Criterion, Deduct, EitherOr, GoalTable, Manual, PerOccurrence, Proportional, Shape, States,
    Tiered,
)
from .numfmt import points_text


def _units(unit: str) -> tuple[str, str]:
    return ("%", "个百分点") if unit == "%" else (unit, unit)


def describe_shape(shape: Shape, points: float, name: str, unit: str) -> str:
    value_unit, diff_unit = _units(unit)
    if isinstance(shape, Deduct):
        good = "≤" if shape.direction == "above" else "≥"
        side = "超过" if shape.direction == "above" else "低于"
        partial = {"ceil": "，不足一档按一档计", "floor": "，不足一档不扣分", "prorata": "，按比例计算"}[shape.partial]
        floor = f"，最低{points_text(shape.floor)}分" if shape.floor else "，扣完为止"
        return (f"{name}{good}{format_number(shape.threshold)}{value_unit}得满分{points_text(points)}分；"
                f"{side}{format_number(shape.threshold)}{value_unit}的，每{format_number(shape.per)}{diff_unit}"
                f"扣{points_text(shape.deduct)}分{partial}{floor}")
    if isinstance(shape, Bands):
        parts = [f"{describe(b.interval, value_unit)}得{points_text(b.points)}分" for b in shape.bands]
        return f"{name}：" + "；".join(parts)
    if isinstance(shape, Proportional):
        target = f"{format_number(shape.target)}{value_unit}"
        ratio = "实际值/目标值" if shape.direction == "higher" else "目标值/实际值"
        cut = ""
        if shape.cutoff is not None:
            side = "低于" if shape.direction == "higher" else "高于"
            cut = f"；{side}{format_number(shape.cutoff)}{value_unit}不得分"
        return f"{name}达到{target}得满分；未达到的按{ratio}×{points_text(points)}分计算{cut}"
    if isinstance(shape, States):
        parts = [f"{s.label or s.when_text or '其他情形'}得{points_text(s.points)}分" for s in shape.states]
        return f"{name}：" + "；".join(parts)
    if isinstance(shape, PerOccurrence):
        cap = f"，最多扣{points_text(shape.max_deduct)}分" if shape.max_deduct is not None else "，扣完为止"
        return f"{name}：每发现1个问题扣{points_text(shape.deduct)}分{cap}"
    if isinstance(shape, Checklist):
        return "；".join(f"{k + 1}.{item.name}（{points_text(item.points)}分）" for k, item in enumerate(shape.items))
    if isinstance(shape, EitherOr):
        return "二选一，按先提供的指标评分：" + "；或".join(
            describe_shape(o.scoring, points, o.indicator.name, o.indicator.unit) for o in shape.options)
    if isinstance(shape, Tiered):
        return "定性评价分档：" + "；".join(f"{t.name}得分值的{t.share.text}" for t in shape.tiers)
    if isinstance(shape, Manual):
        return f"由评价人员根据实际情况评分（0—{points_text(points)}分）" + ("，须说明理由" if shape.require_note else "")
    if isinstance(shape, GoalTable):
        tiers = "、".join(f"{t.name}{t.share.text}" for t in shape.qualitative)
        short = "按完成比例得分" if shape.short_rule == "proportional" else "不得分"
        return f"部门年度绩效目标表逐项评分：定量指标完成得满分，未完成{short}；定性指标分档（{tiers}）"
    raise TypeError(type(shape).__name__)


def describe_criterion(criterion: Criterion) -> str:
    indicator = criterion.indicator
    name = indicator.name if indicator else criterion.name
    unit = indicator.unit if indicator else ""
    text = describe_shape(criterion.scoring, criterion.points, name, unit)
    if criterion.missing == "exclude":
        text += "。缺少数据时不参与评分，按比例折算"
    if criterion.not_applicable == "exclude":
        text += "。不适用时不参与评分，按比例折算"
    return text
