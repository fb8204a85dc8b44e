"""Scorecards: one department's result as the stable JSON structure of design.md §5.

Built from result arrays and the plausibility hits the caller evaluated
(:func:`..evaluate.plausibility.evaluate`); every later renderer (table, Markdown,
CSV, XLSX, PDF) reads scorecards and never recomputes a score.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..rubric.model import Tiered
from ..rubric.parse import DEFAULT_GRADES_NOTE
from .explain import TIER_DEFAULT_WORDS, Explainer, tier_score_given
from .numfmt import date_text, json_number, points_text, value_text
from ..evaluate.results import GRADE_ORDER, Results
from ..rounding import round_quietly

DEPARTMENT_KEYS = ("dept_name", "region", "year")
ALIASES = {
    "优": ("优", "优秀"), "良": ("良", "良好"), "中": ("中", "中等", "合格", "一般"), "差": ("差", "较差", "不合格"),
}


def canonical_grade(label: Any) -> str | None:
    text = str(label or "").strip().rstrip("级等")
    for grade, names in ALIASES.items():
        if text in names or text.rstrip("等") in names:
            return grade
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return json_number(value)
    return value


class ScorecardBuilder:
    """Turns :class:`Results` into scorecards, with the batch's plausibility ``hits`` as flags."""

    def __init__(self, results: Results, engine_version: str, hits: Sequence[Any]):
        self.results = results
        self.plan = results.plan
        self.explainer = Explainer(results)
        self.hits = hits
        self.engine_version = engine_version
        self.level_order = self._document_order()

    def grade_label(self, grade: str) -> str:
        for band in self.plan.profile.grades:
            if band.grade == grade:
                return band.label
        return grade

    def build(self, i: int) -> dict[str, Any]:
        r, plan, profile = self.results, self.plan, self.plan.profile
        record = r.batch.records[i]
        grade = GRADE_ORDER[int(r.grade[i])]
        card: dict[str, Any] = {
            "total": json_number(r.total[i]),
            "max_total": json_number(plan.max_total),
            "grade": grade,
            "grade_label": self.grade_label(grade),
            "profile": {"id": profile.id, "name": profile.name, "version": profile.version, "sha256": profile.sha256,
                        "rubric": profile.rubric, **({"title": profile.title} if profile.title else {})},
            "input": {"sha256": r.batch.record_hash(i), "source": r.batch.source, "row": r.batch.row_numbers[i],
                      "metrics": record},
            "engine": {"name": r.engine, "version": self.engine_version},
            "department": {k: record[k] for k in DEPARTMENT_KEYS if k in record},
            "levels": self.levels(i),
            "criteria": [self.criterion(c, i) for c in plan.criteria],
            "coverage": self.coverage(i),
            "flags": self.flags(i),
            "self_check": self.self_check(i, grade),
        }
        if profile.grades_default:  # say which bands graded it when the profile printed none
            card["grade_rule"] = DEFAULT_GRADES_NOTE
        if r.batch.annotations and "provenance" in r.batch.annotations[i]:
            card["input"]["provenance"] = r.batch.annotations[i]["provenance"]
        return card

    def coverage(self, i: int) -> dict[str, int]:
        """How many criteria had their data, lacked it, wait for an assessor's score or (择项) were not chosen:
        they add up to all (``not_chosen`` only where the profile has choose:)."""
        manual = missing = not_chosen = 0
        for c in self.plan.criteria:
            result = self.results.criteria[c.index]
            branch = c.branches[int(result.branch[i])]
            if result.needs_manual[i]:
                manual += 1
            elif branch == "missing":
                missing += 1
            elif branch == "not_chosen":
                not_chosen += 1
        counts = {"data": len(self.plan.criteria) - manual - missing - not_chosen, "missing": missing,
                  "manual": manual}
        return {**counts, "not_chosen": not_chosen} if self.plan.choices else counts

    def levels(self, i: int) -> list[dict[str, Any]]:
        r = self.results
        return [{"path": "/".join(self.plan.levels[k].path), "name": self.plan.levels[k].name,
                 "points": json_number(self.plan.levels[k].points), "score": json_number(r.levels[k][i]),
                 "excluded": bool(r.level_excluded[k][i])} for k in self.level_order]

    def _document_order(self) -> list[int]:
        """Level indices parents first, in tree order (the plan lists children before parents)."""
        def first_criterion(path: tuple[str, ...]) -> tuple[int, int]:
            first = min((c.index for c in self.plan.criteria if c.path[:len(path)] == path), default=0)
            return (first, len(path))

        return sorted(range(len(self.plan.levels)), key=lambda k: first_criterion(self.plan.levels[k].path))

    def criterion(self, c, i: int) -> dict[str, Any]:
        result = self.results.criteria[c.index]
        record = self.results.batch.records[i]
        branch = c.branches[int(result.branch[i])]
        missing = self.results.reasons.texts[int(result.why[i])] or None
        value = result.value[i]
        entry: dict[str, Any] = {
            "id": c.id,
            "path": "/".join(c.path),
            "name": c.criterion.name,
            "points": json_number(c.points),
            "score": json_number(result.points[i]),
            "value": json_number(value),
            "unit": c.unit,
            "inputs": {name: _plain(record[name]) for name in c.inputs if name in record},
            "rule": branch,
            "reason": self.explainer.reason(c, i),
            "missing": missing if branch == "missing" else None,
        }
        if c.choice:  # 择项: the department's weight is the criterion's points on its card; 0 when not chosen
            weight = float(result.detail["weight"][i])
            chosen = weight == weight
            entry["points"] = json_number(weight if chosen else 0.0)
            entry["choice"] = {"level": c.path[-2], "chosen": chosen, "weight": json_number(weight) if chosen else None,
                               "own_points": json_number(c.points)}
        if result.excluded[i]:
            entry["excluded"] = True
        deductions = self.results.audit.criterion_deductions(i, c.id) if self.results.audit else []
        if deductions:
            entry["audit"] = [{"rule": d.rule, "points": json_number(d.points), "finding": d.finding.as_dict()}
                              for d in deductions]
            entry["reason"] += "；" + "；".join(
                f"审计发现“{d.finding.category}”问题" + (f"（{d.finding.source}）" if d.finding.source else "")
                + f"，扣{points_text(d.points)}分" for d in deductions) + f"，最终得{points_text(result.points[i])}分"
        return entry

    def flags(self, i: int) -> list[dict[str, Any]]:
        r = self.results
        flags: list[dict[str, Any]] = list(r.batch.annotations[i].get("flags", [])) if r.batch.annotations else []
        checked = {f["id"] for f in flags}
        for hit in self.hits:
            if not hit.mask[i] or f"check:{hit.rule.id}" in checked:  # said once: as the consistency check says it
                continue
            value = hit.values[i]
            given = r.batch.records[i].get(hit.subject)
            if hit.kind == "date":  # as given: a month-precision 2023-06 stays 2023-06
                shown = given if isinstance(given, str) else date_text(value)
            else:
                shown = value_text(value, self.plan.profile.rounding.ratio)
            flags.append({"id": hit.rule.id, "severity": hit.rule.severity,
                          "message": hit.rule.message.format(label=hit.label, value=shown),
                          "evidence": {"subject": hit.subject, "value": shown}})
        for c in self.plan.criteria:
            result = r.criteria[c.index]
            branch = c.branches[int(result.branch[i])]
            if branch == "missing":
                severity = "error" if result.error[i] else "warning"
                flags.append({"id": "missing_data", "severity": severity,
                              "message": f"{c.criterion.name}：{r.reasons.texts[int(result.why[i])]}",
                              "evidence": {"criterion": c.id}})
            shape = c.options[0].scoring
            if isinstance(shape, Tiered) and branch.startswith("tier") and not tier_score_given(
                    r.batch.records[i], c.id):
                flags.append({"id": "tier_without_score", "severity": "warning",
                              "message": f"{c.criterion.name}：只评定了档次，{TIER_DEFAULT_WORDS[shape.default_in_tier]}",
                              "evidence": {"criterion": c.id}})
            if result.needs_manual[i]:
                flags.append({"id": "needs_manual_score", "severity": "warning",
                              "message": f"{c.criterion.name}需评价人员人工评分", "evidence": {"criterion": c.id}})
            if "score_not_number" in result.detail and result.detail["score_not_number"][i] == 1:
                flags.append({"id": "assessment_score_not_number", "severity": "warning",
                              "message": f"{c.criterion.name}的评价人员评分不是数值，已不计该评分",
                              "evidence": {"criterion": c.id}})
            if "out_of_range" in result.detail and result.detail["out_of_range"][i] == 1:
                flags.append({"id": "manual_score_out_of_range", "severity": "error",
                              "message": f"{c.criterion.name}的人工评分超出0—{points_text(c.points)}分",
                              "evidence": {"criterion": c.id}})
        if r.audit is not None:
            flags.extend(r.audit.departments[i].flags)
        for adjustment in self.plan.profile.adjustments:
            if r.adjustments[adjustment.id][i]:
                what = f"等级最高为{adjustment.cap}" if adjustment.kind == "grade_cap" else \
                    f"调整{points_text(adjustment.points)}分"
                flags.append({"id": f"adjustment:{adjustment.id}", "severity": "warning",
                              "message": f"{adjustment.reason}（{what}）", "evidence": {"when": adjustment.when_text}})
        return flags

    def self_check(self, i: int, grade: str) -> dict[str, Any]:
        record = self.results.batch.records[i]
        settings = self.plan.profile.self_check
        self_score = record.get("self_score")
        self_grade_text = record.get("self_grade")
        self_grade = canonical_grade(self_grade_text) if self_grade_text else None
        total = self.results.total[i]
        gap = None if self_score is None else json_number(round_quietly(self_score - total, 6))
        reasons = []
        if gap is not None and abs(gap) > settings.max_gap:
            reasons.append(f"自评得分{points_text(self_score)}分与复核得分{points_text(total)}分相差{points_text(abs(gap))}分，"
                           f"超过容差{points_text(settings.max_gap)}分")
        grade_agrees = None if self_grade is None else self_grade == grade
        if settings.grade_mismatch and grade_agrees is False:
            reasons.append(f"自评等级“{self_grade_text}”与复核等级“{self.grade_label(grade)}”不一致")
        deltas = []
        for k, level in enumerate(self.plan.levels):
            claimed = record.get(f"self_levels.{level.path[-1]}")
            if isinstance(claimed, float):
                deltas.append({"path": "/".join(level.path), "self_score": json_number(claimed),
                               "score": json_number(self.results.levels[k][i]),
                               "delta": json_number(round(claimed - self.results.levels[k][i], 6))})
        return {"self_score": _plain(self_score), "self_grade": self_grade_text, "gap": gap,
                "grade_agrees": grade_agrees, "level_deltas": deltas,
                "flag": "；".join(reasons) if reasons else None}


def build_scorecards(results: Results, engine_version: str, hits: Sequence[Any]) -> list[dict[str, Any]]:
    builder = ScorecardBuilder(results, engine_version, hits)
    return [builder.build(i) for i in range(results.n)]

