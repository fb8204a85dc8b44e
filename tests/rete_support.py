"""Shared helpers for the rete tests: random departments for a plan, and exact backend comparison."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections.abc import Sequence
from typing import Any

import numpy as np

from perfscore.engine.rubric.expr import names
from perfscore.engine.inputs.batch import MetricBatch
from perfscore.engine.rubric.model import Bands, Deduct, Proportional, Tiered
from perfscore.engine.rubric.plan import Plan
from perfscore.engine.evaluate.results import Results
from support import make_batch

NUMBERS = [0, 0.0, 1, 5, 10, 20, 30, 57, 60, 70, 80, 89.995, 90, 95, 99.99, 100, 100.004, 100.005, 101, 105, 120,
           1e-5, 0.004, 0.005, 123.456, 1e6, 3.3333333, -1, -0.005, 8557.32]
TEXTS = ["working", "calendar", "是", "否", "", "3", "高"]
TIER_WORDS = ["完全实现", "部分实现", "未实现", "达到", "较好", "差", "好", 1, 2, 3, 4, 0, 2.5, "乱写"]
CATEGORIES = ["挤占", "挪用", "虚列", "截留", "违规使用", "未按规定公开", "账实不符", "其他问题"]
AMOUNTS = [None, 0, 1, 99.9999, 100, 100.00005, 250, "5,000元", "1.2万元", "0.01亿元"]


def plan_inputs(plan: Plan) -> list[str]:
    """Every metric name the plan's formulas and conditions read (assessments excluded)."""
    found: dict[str, None] = {}
    for c in plan.criteria:
        for name in c.inputs:
            if not name.startswith("assessments."):
                found.setdefault(name, None)
    for adjustment in plan.profile.adjustments:
        for name in names(adjustment.when):
            found.setdefault(name, None)
    return list(found)


def edge_values(plan: Plan) -> list[float]:
    """Thresholds, band bounds and targets, and values just beside them."""
    out: set[float] = set()
    for c in plan.criteria:
        for option in c.options:
            shape = option.scoring
            points = []
            if isinstance(shape, Deduct):
                points = [shape.threshold]
            elif isinstance(shape, Bands):
                points = [b for band in shape.bands for b in (band.interval.low, band.interval.high)]
            elif isinstance(shape, Proportional):
                points = [shape.target] + ([shape.cutoff] if shape.cutoff is not None else [])
            for p in points:
                if math.isfinite(p):
                    out.update({p, p + 0.01, p - 0.01, p + 0.005, p - 0.004999, p + 0.0026, p - 0.0026})
    return sorted(out)


class DepartmentMaker:
    """Random raw department mappings (as a user would write them) for one plan."""

    def __init__(self, plan: Plan, rng: random.Random, with_findings: bool = True):
        self.plan = plan
        self.rng = rng
        self.vocabulary = plan.profile.vocabulary
        self.inputs = plan_inputs(plan)
        self.edges = edge_values(plan)
        self.with_findings = with_findings

    def number(self) -> float:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(NUMBERS)
        if r < 0.7 and self.edges:
            return self.rng.choice(self.edges)
        return round(self.rng.uniform(-5, 160), self.rng.choice([0, 1, 2, 3, 6]))

    def value(self, name: str) -> Any:
        spec = self.vocabulary.get(name)
        kind = spec.kind if spec else "money"
        if kind == "bool":
            return self.rng.choice([True, False, "是", "否"])
        if kind == "date":
            day = dt.date(2022, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 1500))
            return day.isoformat()
        if kind == "text":
            return self.rng.choice(TEXTS + ["x"])
        if kind == "items":  # 0–4 items, each field given or not
            return [{f: self.value(f) for f in spec.fields if self.rng.random() < 0.8}
                    for _ in range(self.rng.randint(0, 4))]
        return self.number()

    def department(self) -> dict[str, Any]:
        rng = self.rng
        raw: dict[str, Any] = {"dept_name": f"部门{rng.randrange(10**6)}", "year": rng.choice([2023, 2023, 2024, 2100])}
        share = rng.random()
        pair_like = rng.random() < 0.3
        last = None
        fields = {f for spec in self.vocabulary.metrics.values() for f in spec.fields}
        for name in self.inputs:
            if name in fields or name == "year" or rng.random() < share * 0.3:  # fields come in their items
                continue
            value = self.value(name)
            if pair_like and last is not None and isinstance(value, float) and isinstance(last, float):
                value = last
            raw[name] = value
            last = value if isinstance(value, float) else last
        assessments: dict[str, Any] = {}
        for c in self.plan.criteria:
            if rng.random() < 0.5:
                entry: dict[str, Any] = {}
                if isinstance(c.options[0].scoring, Tiered) and rng.random() < 0.7:
                    entry["tier"] = rng.choice(TIER_WORDS)
                if rng.random() < 0.6:
                    entry["score"] = rng.choice([0, 0.5, c.points, c.points + 1, -1, c.points * 0.7, 1.234])
                if rng.random() < 0.3:
                    entry["note"] = "评价人员意见"
                if entry:
                    assessments[c.id] = entry
        if assessments:
            raw["assessments"] = assessments
        if rng.random() < 0.15:
            ids = [c.id for c in self.plan.criteria]
            raw["not_applicable"] = rng.sample(ids, k=rng.randint(1, min(3, len(ids))))
        if rng.random() < 0.6:
            raw["goals"] = [self.goal_row() for _ in range(rng.randint(0, 4))]
        if self.with_findings and rng.random() < 0.5:
            raw["findings"] = [self.finding() for _ in range(rng.randint(0, 5))]
        if self.plan.choices:
            raw["choices"] = {spec.name if rng.random() < 0.5 else spec.id: self.choice(spec)
                              for spec in self.plan.choices}
        return raw

    def choice(self, spec) -> dict[str, float]:
        """A valid 择项 of ``spec``: between min and max children, weights ≥ 0 summing to its points (thirds and
        zeros too, so the sum meets the points only at the profile's precision)."""
        rng = self.rng
        picked = rng.sample(spec.children, rng.randint(spec.minimum, spec.maximum))
        if rng.random() < 0.3:
            weights = [round(spec.points / len(picked), 6)] * len(picked)
        else:
            weights, left = [], spec.points
            for _ in picked[:-1]:
                weight = rng.choice([0.0, round(rng.uniform(0, left), rng.choice([0, 1, 2])), left / 2])
                weight = min(weight, left)
                weights.append(weight)
                left = round(left - weight, 9)
            weights.append(left)
        return {(cid if rng.random() < 0.5 else name): weight for (cid, name), weight in zip(picked, weights)}

    def goal_row(self) -> dict[str, Any]:
        rng = self.rng
        if rng.random() < 0.3:
            return {"indicator": "满意度", "target": "高", "actual": rng.choice(["高", "较高", "低", "乱"]),
                    "points": rng.choice([0, 5, 10])}
        target = rng.choice([0, 10, 100, 95.5])
        return {"indicator": "完成数", "target": target, "actual": rng.choice([0, 9, 10, 100, 120, target]),
                "direction": rng.choice([">=", "<=", "="]), "points": rng.choice([0, 2, 10, 12.5])}

    def finding(self) -> dict[str, Any]:
        rng = self.rng
        item: dict[str, Any] = {"category": rng.choice(CATEGORIES), "source": "审计报告"}
        amount = rng.choice(AMOUNTS)
        if amount is not None:
            item["amount"] = amount
        if rng.random() < 0.5:
            item["severity"] = rng.choice(["重大", "一般"])
        return item


def random_batch(plan: Plan, seed: int, n: int, with_findings: bool = True) -> MetricBatch:
    maker = DepartmentMaker(plan, random.Random(seed), with_findings)
    return make_batch(plan, [maker.department() for _ in range(n)])


def _plain(item: Any) -> str:
    if isinstance(item, Sequence) and not isinstance(item, str):
        item = list(item)
    return json.dumps(item, sort_keys=True, default=str)


def _same(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if a.dtype == object or b.dtype == object:
        return np.array([_plain(x) == _plain(y) for x, y in zip(a, b)], bool)
    a, b = a.astype(float), b.astype(float)
    return (a == b) | (np.isnan(a) & np.isnan(b))


def differences(left: Results, right: Results, limit: int = 10) -> list[str]:
    """Every disagreement between two backends' results (empty when they agree exactly)."""
    found: list[str] = []
    plan = left.plan

    def check(what: str, a: np.ndarray, b: np.ndarray) -> None:
        bad = np.flatnonzero(~_same(np.asarray(a), np.asarray(b)))
        for i in bad[:limit]:
            found.append(f"row {i} {what}: {left.engine}={np.asarray(a)[i]!r} {right.engine}={np.asarray(b)[i]!r}")

    for c in plan.criteria:
        x, y = left.criteria[c.index], right.criteria[c.index]
        for field in ("points", "branch", "value", "excluded", "error", "needs_manual", "not_applicable"):
            check(f"{c.id}.{field}", getattr(x, field), getattr(y, field))
        check(f"{c.id}.why", np.array([left.reasons.texts[k] for k in x.why], object),
              np.array([right.reasons.texts[k] for k in y.why], object))
        keys = (set(x.detail) | set(y.detail)) - {"_why"}
        for key in sorted(keys):  # a key one backend never set reads as blank everywhere
            a, b = x.detail.get(key), y.detail.get(key)
            blank = np.full(left.n, None if (a if a is not None else b).dtype == object else np.nan)
            check(f"{c.id}.detail[{key}]", blank if a is None else a, blank if b is None else b)
    for k, level in enumerate(plan.levels):
        check(f"level {'/'.join(level.path)}", left.levels[k], right.levels[k])
    check("total", left.total, right.total)
    check("grade", left.grade, right.grade)
    check("grade_uncapped", left.grade_uncapped, right.grade_uncapped)
    return found[:limit * 5]
