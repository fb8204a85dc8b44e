"""The generic check kinds that rules/consistency.yaml parameterises.

Each kind is a function ``(rule, context) -> list[Finding]`` registered in
:data:`KINDS` with whether it needs a report document or also runs on a plain
metrics mapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from .check_model import Finding, Rule
from .model import Change, Extraction, Figure, Provenance
from .tables import TableView, analyse_table
from .lexicon import load_lexicon
from ..units import decimals_of, six_places, to_halfwidth
from ..rubric.vocabulary import Vocabulary

_STAGE_ZH = {"budget": "预算", "final": "决算", "prev_final": "上年决算", "prev_budget": "上年预算"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Context:
    metrics: dict[str, Any]
    extraction: Extraction | None
    vocabulary: Vocabulary

    def label(self, metric: str) -> str:
        spec = self.vocabulary.get(metric)
        return spec.zh if spec else metric

    def number(self, metric: str) -> float | None:
        value = self.metrics.get(metric)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Kind:
    run: Callable[[Rule, Context], list[Finding]]
    needs_document: bool


def _six_places(x: float | Decimal) -> Decimal | None:
    """``x`` to six decimal places, or None when a sum overflowed to infinity."""
    value = Decimal(str(x))
    return six_places(value) if value.is_finite() else None


def _num(x: float) -> float:
    value = _six_places(x)
    return float(x) if value is None else float(value)


def _fmt(x: float | Decimal) -> str:
    """A number as a person writes it: 1011, 0.57, -94.35 (inf where a sum overflowed)."""
    value = _six_places(x)
    return str(float(x)) if value is None else f"{value:f}"


def _evidence(prov: Provenance | None, **numbers: Any) -> dict[str, Any]:
    data: dict[str, Any] = prov.as_dict() if prov else {}
    data["numbers"] = {k: (_num(v) if isinstance(v, float) else v) for k, v in numbers.items()}
    return data


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance + 1e-9


def _percent_matches(stated: float, recomputed: float, text: str) -> bool:
    """Equal at the precision the report printed (6.08% ↔ 6.0770…)."""
    return abs(stated - recomputed) <= 0.5 * 10 ** -decimals_of(text) + 1e-9


def stated_parts(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    tolerance, ratio = float(rule.params["tolerance"]), float(rule.params.get("ratio", 10000))
    for group in ctx.extraction.groups if ctx.extraction else []:
        total, parts = group.total, group.parts
        sums, running = [], 0.0
        for part in parts:
            running += part.value
            sums.append(running)
        if total.kind not in rule.params.get("kinds", ["money"]):
            continue
        if any(_close(total.value, s, tolerance) and (s or k == len(sums)) for k, s in enumerate(sums, start=1)):
            continue  # items after a matching prefix are not parts (…，年末结转结余0万元)
        full = sums[-1]
        if total.kind == "money" and any(_close(total.value * f, full, tolerance) for f in (ratio, 1 / ratio)) and full:
            findings.append(Finding(rule.params.get("unit_id", rule.id), rule.severity,
                                    f"单位疑误：“{total.provenance.text}”折合{_fmt(total.value)}万元，"
                                    f"而其中各项合计{_fmt(full)}万元，相差约{int(ratio)}倍（应为“万元”）",
                                    _evidence(total.provenance, stated=total.printed, stated_unit=total.unit,
                                              recomputed=full, recomputed_unit="万元")))
        else:
            findings.append(Finding(rule.id, rule.severity,
                                    f"分项之和与总数不符：“{total.provenance.text}”，其中各项合计{_fmt(full)}",
                                    _evidence(total.provenance, stated=total.value, recomputed=full,
                                              parts=[p.value for p in parts])))
    return findings


def metric_sum(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    tolerance, ratio = float(rule.params["tolerance"]), float(rule.params.get("ratio", 10000))
    stated_in_text = {g.total.metric for g in ctx.extraction.groups} if ctx.extraction else set()
    for entry in rule.params.get("sums", []):
        total = ctx.number(entry["total"])
        values = [ctx.number(p) for p in entry["parts"]]
        if entry.get("missing_as_zero"):
            if all(v is None for v in values):
                continue
            values = [v or 0.0 for v in values]
        if total is None or any(v is None for v in values) or entry["total"] in stated_in_text:
            continue
        parts_sum = sum(values)  # type: ignore[arg-type]
        if _close(total, parts_sum, tolerance):
            continue
        numbers = dict(stated=total, recomputed=parts_sum, parts=dict(zip(entry["parts"], values)))
        item = ctx.extraction.items.get(entry["total"]) if ctx.extraction else None
        where = item.provenance if item is not None else None  # the report's total: where a reader finds it
        if parts_sum and any(_close(total * f, parts_sum, tolerance) for f in (ratio, 1 / ratio)):
            findings.append(Finding(rule.params.get("unit_id", rule.id), rule.severity,
                                    f"单位疑误：{ctx.label(entry['total'])}为{_fmt(total)}，各分项合计{_fmt(parts_sum)}，相差约{int(ratio)}倍",
                                    _evidence(where, **numbers)))
        else:
            findings.append(Finding(rule.id, rule.severity,
                                    f"{ctx.label(entry['total'])}{_fmt(total)}与各分项合计{_fmt(parts_sum)}不符",
                                    _evidence(where, **numbers)))
    return findings


def stated_share(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    for share in ctx.extraction.shares if ctx.extraction else []:
        if not share.denominator.value:
            continue
        recomputed = share.numerator.value / share.denominator.value * 100
        if _percent_matches(share.percent.value, recomputed, share.percent.provenance.text):
            continue
        findings.append(Finding(rule.id, rule.severity,
                                f"所述比例{share.percent.provenance.text}与数据不符：{_fmt(share.numerator.value)}÷"
                                f"{_fmt(share.denominator.value)}={recomputed:.2f}%",
                                _evidence(share.percent.provenance, stated=share.percent.value,
                                          recomputed=round(recomputed, 2), numerator=share.numerator.value,
                                          denominator=share.denominator.value)))
    return findings


def _views(ctx: Context) -> list[TableView]:
    if ctx.extraction is None:
        return []
    lexicon = load_lexicon()
    year = ctx.metrics.get("year")
    return [analyse_table(t, lexicon, year if isinstance(year, int) else None) for t in ctx.extraction.document.tables]


def _comparison_columns(view: TableView, role: str) -> list[tuple[int, int | None, int]]:
    """(column, amount column or None, base column) for each comparison column of ``role``."""
    found = []
    for column in view.columns:
        if column.role != role or column.base is None:
            continue
        base = next((c.index for c in view.columns if c.role == "stage" and c.stage == column.base), None)
        current = next((c.index for c in view.columns if c.role == "stage" and c.stage == column.current), None)
        amount = next((c.index for c in view.columns if c.role == "amount" and c.base == column.base
                       and c.current == column.current), None)
        if base is not None and (amount is not None or current is not None):
            found.append((column.index, amount if role == "percent" else current, base))
    return found


def _cell_prov(view: TableView, row: int, col: int) -> Provenance:
    cell = view.table.rows[row][col] or ""
    return Provenance(view.table.where(row, col), view.table.line_of(row, col), cell.strip(),
                      f"{view.row_label(row)} / {view.columns[col].header}")


def table_percent(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    want_total = rule.params.get("rows", "items") == "total"
    for view in _views(ctx):
        for col, amount_col, base_col in _comparison_columns(view, "percent"):
            item_percents = []
            for row in range(view.first_row, len(view.table.rows)):
                stated, base = view.number(row, col), view.number(row, base_col)
                amount = view.number(row, amount_col) if amount_col is not None else None
                is_total = view.is_total_row(row)
                if not is_total and stated is not None:
                    item_percents.append(stated)
                if stated is None or not base or amount is None or is_total != want_total:
                    continue
                recomputed = float(amount / base * 100)
                text = view.table.rows[row][col] or ""
                if _percent_matches(float(stated), recomputed, text):
                    continue
                summed = is_total and item_percents and _close(float(stated), float(sum(item_percents)), 0.011)
                why = "，系各行比例直接相加" if summed else ""
                findings.append(Finding(rule.id, rule.severity,
                                        f"表{view.table.index}“{view.row_label(row)}”行“{view.columns[col].header}”为{text.strip()}，"
                                        f"按{float(amount):g}÷{float(base):g}应为{recomputed:.2f}%{why}",
                                        _evidence(_cell_prov(view, row, col), stated=float(stated),
                                                  recomputed=round(recomputed, 2), amount=float(amount), base=float(base))))
    return findings


def table_amount(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    tolerance = Decimal(str(rule.params["tolerance"]))
    for view in _views(ctx):
        for col, current_col, base_col in _comparison_columns(view, "amount"):
            for row in range(view.first_row, len(view.table.rows)):
                stated, base = view.number(row, col), view.number(row, base_col)
                current = view.number(row, current_col) if current_col is not None else None
                if stated is None or base is None or current is None:
                    continue
                if abs((current - base) - stated) <= tolerance:
                    continue
                findings.append(Finding(rule.id, rule.severity,
                                        f"表{view.table.index}“{view.row_label(row)}”行增减额{stated}与{current}−{base}不符",
                                        _evidence(_cell_prov(view, row, col), stated=float(stated),
                                                  recomputed=float(current - base))))
    return findings


def _base_metric(change: Change) -> str | None:
    """The metric a change compares its subject with: 比上年 means last year's 决算 for a
    决算 figure and last year's budget for a budget figure; 较预算 the same year's budget."""
    lexicon = load_lexicon()
    if change.subject_metric is None:
        return None
    if change.base_stage == "prev_final":
        base = lexicon.prior(change.subject_metric)
    elif change.base_stage == "prev_budget":
        found = lexicon.metric_concept.get(change.subject_metric)
        base = lexicon.prior(change.subject_metric) if found and found[1] == "budget" else None
    else:
        base = lexicon.counterpart(change.subject_metric, change.base_stage)
    # 比2017年预算减少 in a budget text whose year is unknown: not this year's budget itself
    return base if base != change.subject_metric else None


def stated_change(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    tolerance = float(rule.params["tolerance"])
    for change in ctx.extraction.changes if ctx.extraction else []:
        if change.amount is None or change.subject_metric is None:
            continue
        base_metric = _base_metric(change)
        current = change.subject.value if change.subject else ctx.number(change.subject_metric)
        base = change.base.value if change.base else ctx.number(base_metric) if base_metric else None
        if current is None or base is None or base_metric is None:
            continue
        difference = current - base
        stated = change.amount.value * (change.direction or 1)
        if _close(difference, stated, tolerance):
            continue
        findings.append(Finding(rule.id, rule.severity,
                                f"增减额与数据不符：“{change.provenance.text}”，{ctx.label(change.subject_metric)}"
                                f"{_fmt(current)}−{ctx.label(base_metric)}{_fmt(base)}={_fmt(difference)}",
                                _evidence(change.provenance, stated=stated, recomputed=difference)))
    return findings


def _half_unit(figure: Figure) -> float:
    """Half a unit of the last digit printed for ``figure``, in the figure's value unit
    (19万元 → 0.5, 0.04亿元 → 50 万元): the rounding a recomputation must allow."""
    numbers = _printed_numbers(figure.provenance)
    decimals = decimals_of(numbers[-1]) if numbers else 0
    scale = figure.value / figure.printed if figure.printed else 1.0
    return 0.5 * 10 ** -decimals * abs(scale)


def _rates(amount: float, d_amount: float, base: float, d_base: float, derived: bool, sign: int) -> list[float] | None:
    """The rate ``sign·amount/base`` at the corners of the rounding box (a base derived as
    current − sign·amount moves with the amount); None when a base could be zero or less."""
    rates = []
    for a in (amount - d_amount, amount + d_amount):
        for b in (base - d_base, base + d_base):
            level = b - sign * (a - amount) if derived else b
            if level <= 0:
                return None
            rates.append(100 * sign * max(a, 0.0) / level)
    return rates


def stated_change_rate(rule: Rule, ctx: Context) -> list[Finding]:
    """``减少19万元，下降43.78%``: the rate must be the amount over the level compared with
    (stated, or the figure compared minus the change), at the precision both were printed."""
    findings = []
    for change in ctx.extraction.changes if ctx.extraction else []:
        amount, percent = change.amount, change.percent
        if amount is None or percent is None or amount.kind != "money" or not change.direction:
            continue
        current, d_current, label = _compared(ctx, change)
        if change.base is not None:
            base, d_base, derived = change.base.value, _half_unit(change.base), False
        elif current is not None:
            base, d_base, derived = current - change.direction * amount.value, d_current, True
        else:
            continue
        rates = _rates(amount.value, _half_unit(amount), base, d_base, derived, change.direction)
        if rates is None:
            continue
        # a joint statement (收、支总计各减少…) quotes its whole phrase: then the rate as read
        printed = _printed_numbers(percent.provenance) or [f"{percent.value:g}"]
        d_percent = 0.5 * 10 ** -decimals_of(printed[-1]) + 1e-9
        if min(rates) - d_percent <= percent.value <= max(rates) + d_percent:
            continue
        recomputed = 100 * change.direction * amount.value / base
        stage = {"prev_final": "上年", "prev_budget": "上年预算"}.get(change.base_stage) or _STAGE_ZH[change.base_stage]
        subject = f"{label}{_fmt(current)}万元" if current is not None else label
        findings.append(Finding(rule.id, rule.severity,
                                f"增减率与增减额不符：{subject}较{stage}{'增加' if change.direction > 0 else '减少'}"
                                f"{_fmt(amount.value)}万元，{stage}应为{_fmt(base)}万元，应{_trend(recomputed)}"
                                f"{abs(recomputed):.2f}%，文中为{_trend(percent.value)}{_fmt(abs(percent.value))}%",
                                _evidence(change.provenance, stated=percent.value, recomputed=round(recomputed, 6),
                                          amount=change.direction * amount.value, base=base)))
    return findings


def _printed_numbers(provenance: Provenance) -> list[str]:
    """The numbers a quote prints, full-width digits (８５０．５５) read as their half-width forms."""
    return _NUMBER.findall(to_halfwidth(provenance.text))


def _printed_label(figure: Figure) -> str:
    """The label as the report prints it before the figure (“三公”经费), else the cue."""
    numbers = list(_NUMBER.finditer(to_halfwidth(figure.provenance.text)))
    printed = figure.provenance.text[:numbers[-1].start()].strip() if numbers else ""
    return printed or figure.label or "该项"


def _trend(rate: float) -> str:
    return "增长" if rate > 0 else "下降"


def _compared(ctx: Context, change: Change) -> tuple[float | None, float, str]:
    """The level a change is about, its rounding and its label: the figure its sentence
    states, else the subject metric's value."""
    if change.subject is not None:
        label = ctx.label(change.subject.metric) if change.subject.metric else _printed_label(change.subject)
        return change.subject.value, _half_unit(change.subject), label
    if change.subject_metric is None:
        return None, 0.0, ""
    item = ctx.extraction.items.get(change.subject_metric) if ctx.extraction else None
    value = ctx.number(change.subject_metric)
    if item is None or value is None:
        return None, 0.0, ""
    numbers = _printed_numbers(item.provenance)
    rounding = 0.5 * 10 ** -decimals_of(numbers[-1]) if numbers else 0.0
    return value, rounding, ctx.label(change.subject_metric)


def change_without_figure(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    seen = set()
    for change in ctx.extraction.changes if ctx.extraction else []:
        if change.amount is not None:
            continue
        base_metric = _base_metric(change)
        if base_metric and ctx.number(base_metric) is not None:
            continue
        key = (change.provenance.where, change.provenance.line, change.provenance.text, change.base_stage)
        if key in seen:
            continue  # one phrase said for two subjects (收、支…均减少): one finding
        seen.add(key)
        subject = ctx.label(change.subject_metric) if change.subject_metric else "相关数据"
        base = _STAGE_ZH[change.base_stage]
        said = f"与{base}持平" if change.direction == 0 else f"较{base}有所变化"
        findings.append(Finding(rule.id, rule.severity,
                                f"称{subject}{said}，但报告未给出{base}数据，无法核实",
                                _evidence(change.provenance, base_metric=base_metric)))
    return findings


def narrative_claim(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    for claim in ctx.extraction.claims if ctx.extraction else []:
        if claim.metrics is None:
            continue
        budget, final = (ctx.number(m) for m in claim.metrics)
        if budget is None or final is None:
            continue
        values = {"budget": budget, "final": final}
        if values[claim.larger] >= values[claim.smaller]:
            continue
        findings.append(Finding(rule.id, rule.severity,
                                f"表述与数据相反：称“{claim.provenance.text}”，但{ctx.label(claim.metrics[0])}{_fmt(budget)}、"
                                f"{ctx.label(claim.metrics[1])}{_fmt(final)}",
                                _evidence(claim.provenance, budget=budget, final=final)))
    return findings


def spent_without_budget(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    for budget_metric, final_metric in rule.params.get("pairs", []):
        budget, final = ctx.number(budget_metric), ctx.number(final_metric)
        if budget is None or final is None or budget != 0 or final <= 0:
            continue
        findings.append(Finding(rule.id, rule.severity,
                                f"无预算支出：{ctx.label(budget_metric)}为0，{ctx.label(final_metric)}却为{_fmt(final)}万元",
                                _evidence(_prov(ctx, final_metric), budget=budget, final=final)))
    return findings


def ratio_above(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    threshold = float(rule.params.get("threshold", 2.0))
    for budget_metric, final_metric in rule.params.get("pairs", []):
        budget, final = ctx.number(budget_metric), ctx.number(final_metric)
        if not budget or final is None or final / budget <= threshold:
            continue
        findings.append(Finding(rule.id, rule.severity,
                                f"{ctx.label(final_metric)}{_fmt(final)}万元为{ctx.label(budget_metric)}{_fmt(budget)}万元的"
                                f"{final / budget:.1f}倍，年初预算编制不完整或年中大量追加",
                                _evidence(_prov(ctx, final_metric), budget=budget, final=final,
                                          ratio=round(final / budget, 2))))
    return findings


def date_not_after_year(rule: Rule, ctx: Context) -> list[Finding]:
    metric, year = rule.params["metric"], ctx.metrics.get("year")
    value = ctx.metrics.get(metric)
    if not isinstance(year, int) or not isinstance(value, str) or not value[:4].isdigit():
        return []
    if int(value[:4]) > year:
        return []
    return [Finding(rule.id, rule.severity,
                    f"{ctx.label(metric)}为{value}，早于{year}年度结束，全年自评不可能在年度内完成",
                    _evidence(_prov(ctx, metric), date=value, year=year))]


def ambiguous(rule: Rule, ctx: Context) -> list[Finding]:
    findings = []
    for item in ctx.extraction.items.values() if ctx.extraction else []:
        if "ambiguous" not in item.flags:
            continue
        options = "；".join(f"{c.value}（{c.provenance.text}）" for c in item.candidates)
        findings.append(Finding(rule.id, rule.severity,
                                f"{ctx.label(item.metric)}有多个不同数值：{options}；暂取{item.value}，请核实",
                                _evidence(item.provenance, metric=item.metric, chosen=item.value,
                                          candidates=[c.value for c in item.candidates])))
    return findings


def _prov(ctx: Context, metric: str) -> Provenance | None:
    item = ctx.extraction.items.get(metric) if ctx.extraction else None
    return item.provenance if item else None


KINDS: dict[str, Kind] = {
    "stated_parts": Kind(stated_parts, True),
    "metric_sum": Kind(metric_sum, False),
    "stated_share": Kind(stated_share, True),
    "table_percent": Kind(table_percent, True),
    "table_amount": Kind(table_amount, True),
    "stated_change": Kind(stated_change, True),
    "stated_change_rate": Kind(stated_change_rate, True),
    "change_without_figure": Kind(change_without_figure, True),
    "narrative_claim": Kind(narrative_claim, True),
    "spent_without_budget": Kind(spent_without_budget, False),
    "ratio_above": Kind(ratio_above, False),
    "date_not_after_year": Kind(date_not_after_year, False),
    "ambiguous": Kind(ambiguous, True),
}
