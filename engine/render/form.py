"""The printed 评分表 and the summary as page-independent content: what the workbook and the PDF both draw.

A :class:`Form` is one department's 评分表 (title, header block, criterion rows with their
merged 一级/二级 runs, totals, notes, signature line); a :class:`Summary` is the ranked
summary table and the grade distribution. Both are text and numbers already decided by the
scorecards and by the whole-table steps of :mod:`..evaluate.ranking` (handed in as
:class:`Standing`): nothing is scored or ranked here, only laid out, so the XLSX and the
PDF renderers print the same words.

May import: ``rubric`` (the plan's names and criteria), ``numfmt``, ``describe``, ``textwidth``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

from ..rubric.model import form_title
from ..rubric.plan import Plan
from .describe import describe_criterion
from .numfmt import points_text
from .textwidth import width

FORM_HEADERS = ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "扣分原因")
# Column widths in display cells (a CJK character takes two): 137 cells fit A4 landscape
# at 10 pt with 1.5 cm margins, in Excel's column-width units and in the PDF alike.
FORM_WIDTHS = (10, 10, 16, 6, 44, 6, 45)
SIGNATURE = "评价人（签字）：　　　　　　　　复核人（签字）：　　　　　　　　日期：　　　　年　　月　　日"
FILL_IN = "　　　　年　　月　　日"


@dataclass(frozen=True)
class Context:
    """What the person printing adds: 评价单位 and 评价日期 (blank to fill in by hand when not given)."""

    evaluator: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Loss:
    """Points one criterion lost across a batch, per department on average: ``deducted`` where it was scored
    below its points, ``unscored`` where it was not scored (missing data, or an assessor's score still due)."""

    names: tuple[str, ...]  # 一级 … 三级
    deducted: float
    unscored: float
    departments: int  # how many departments lost any point on it


@dataclass(frozen=True)
class Standing:
    """A batch's whole-table facts, computed before rendering: each card's rank (aligned with the cards),
    the grade labels in grade order, per year the count of each grade and the total, and the criteria's
    losses, most lost first (only the HTML report draws them)."""

    ranks: Sequence[int]
    grade_labels: Sequence[str]
    distribution: Sequence[tuple[str, Sequence[int], int]]
    losses: Sequence[Loss] = ()


@dataclass
class Row:
    """One criterion row: texts of the wrapped columns, numbers of 分值 and 得分 (None: not scored)."""

    first: str
    second: str
    third: str
    points: float
    standard: str
    score: float | None
    reason: str

    def texts(self) -> tuple[str, ...]:
        """The row's texts by column; the numbers' columns (which never wrap) empty."""
        return (self.first, self.second, self.third, "", self.standard, "", self.reason)


@dataclass
class Form:
    """One department's 评分表."""

    tab: str
    title: str
    header: list[str]
    rows: list[Row]
    spans: list[list[tuple[int, int]]]  # for 一级 and 二级: (first row, last row) runs, 0-based in ``rows``
    max_total: float
    total: float
    notes: list[str] = field(default_factory=list)


def place_name(region: str, name: str) -> str:
    """Region and department named once: 湖南省衡山县 + 衡山县民政局 → 湖南省衡山县民政局."""
    region, name = str(region or "").strip(), str(name or "").strip()
    if not region:
        return name
    if name.startswith(region):
        return name
    for k in range(len(region)):
        if name.startswith(region[k:]):
            return region[:k] + name
    return region + name


def _short_region(region: str) -> str:
    """The last administrative unit of a region: 湖南省衡阳市衡山县 → 衡山县."""
    parts = re.findall(r".+?(?:自治州|自治县|自治区|地区|新区|省|市|州|县|区|旗|盟)", str(region or ""))
    return parts[-1] if parts else str(region or "")


def tab_names(cards: Sequence[dict[str, Any]], reserved: Sequence[str] = ()) -> list[str]:
    """A legal, unique, recognisable sheet name per card (≤ 31 characters, none of []:*?/\\'):
    the county (or city) and the department once, then the year: 衡山县教育局2023."""
    used = set(reserved)
    names = []
    for card in cards:
        dept = card["department"]
        year = dept.get("year")
        year_text = f"{year:g}" if isinstance(year, (int, float)) else str(year or "")
        base = place_name(_short_region(dept.get("region", "")), dept.get("dept_name", "部门"))
        base = re.sub(r"[\[\]:*?/\\']", "_", base).strip() or "部门"
        title = base[:31 - len(year_text)] + year_text
        k = 2
        while title in used:
            suffix = f"({k})"
            title, k = base[:31 - len(year_text) - len(suffix)] + year_text + suffix, k + 1
        used.add(title)
        names.append(title)
    return names


def coverage_text(card: dict[str, Any]) -> str:
    c = card.get("coverage") or {}
    text = f"有数据 {c.get('data', 0)} 项，缺数据 {c.get('missing', 0)} 项，待评价人员评分 {c.get('manual', 0)} 项"
    return text + (f"，未择项 {c['not_chosen']} 项" if "not_chosen" in c else "")


def _year_text(year: Any) -> str:
    return f"{year:g}" if isinstance(year, (int, float)) else str(year or "")


def department_form(card: dict[str, Any], plan: Plan, tab: str, context: Context,
                    texts: dict[str, str] | None = None) -> Form:
    """The 评分表 of one scorecard: header block, one row per criterion, totals, notes and signatures
    (``texts``: the plan's :func:`standards`, when the caller made them once for a batch)."""
    texts = texts if texts is not None else standards(plan)
    dept = card["department"]
    year = _year_text(dept.get("year"))
    place = place_name(dept.get("region", ""), dept.get("dept_name", "（未命名部门）"))
    check = card["self_check"]
    self_score = check.get("self_score")
    self_text = (f"自评得分：{points_text(self_score)}分（复核较自评{_signed(-check['gap'])}分）"
                 if self_score is not None else "自评得分：未提供")
    header = [
        f"评价年度：{year or '—'}年　　评价单位：{context.evaluator or '　' * 10}　　"
        f"评价日期：{context.date or FILL_IN}",
        f"复核得分：{points_text(card['total'])}分（满分{points_text(card['max_total'])}分）　　"
        f"等级：{card['grade_label']}　　{self_text}",
        f"数据覆盖：{coverage_text(card)}　　评分依据：{plan.profile.name}（{plan.profile.version}版）",
    ]
    plans = {c.id: c for c in plan.criteria}
    rows: list[Row] = []
    spans: list[list[tuple[int, int]]] = [[], []]
    keys: list[tuple[str, ...]] = [(), ()]
    for entry in card["criteria"]:
        c = plans[entry["id"]]
        choice = entry.get("choice")
        if choice is not None and not choice["chosen"]:  # 择项: the form lists the criteria the department chose
            continue
        names = c.path_names
        first, second = names[0], names[1] if len(names) >= 3 else names[-1]
        score = entry["score"]
        deducted = score is None or score < entry["points"]
        standard = texts[c.id] if choice is None else \
            f"【择项，本部门权重{points_text(choice['weight'])}分，按本指标{points_text(choice['own_points'])}分评分后折算】{texts[c.id]}"
        rows.append(Row(first, second, names[-1], entry["points"], standard, score,
                        entry["reason"] if deducted else ""))
        at = len(rows) - 1
        for depth, key in enumerate(((first,), (first, second))):
            if keys[depth] == key:
                spans[depth][-1] = (spans[depth][-1][0], at)
            else:
                spans[depth].append((at, at))
                keys[depth] = key
    notes = [f"{flag_label(f['severity'])}：{f['message']}" for f in card["flags"]
             if f["id"] not in ("missing_data", "needs_manual_score")]
    if check.get("flag"):
        notes.append(f"自评复核：{check['flag']}")
    return Form(tab, f"{place}{year}年度{form_title(plan.profile.subject)}", header, rows, spans,
                card["max_total"], card["total"], notes)


def standards(plan: Plan) -> dict[str, str]:
    """Each criterion's 评分标准 by id: the same for every department of a batch, so made once."""
    return {c.id: describe_criterion(c.criterion) for c in plan.criteria}


def flag_label(severity: str) -> str:
    return {"error": "错误", "warning": "警告", "info": "提示"}.get(severity, "提示")


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + points_text(value)


@dataclass
class Summary:
    """The ranked summary: title, subtitle, headers, rows (texts and numbers), the link target of each row,
    and the grade distribution table."""

    title: str
    subtitle: str
    headers: list[str]
    widths: list[int]
    rows: list[list[Any]]
    tabs: list[str]
    distribution_headers: list[str]
    distribution: list[list[Any]]


def summary_table(cards: Sequence[dict[str, Any]], plan: Plan, standing: Standing, tabs: Sequence[str]) -> Summary:
    """Rows in year order, best rank first within a year; labels as the profile prints them."""
    tops = [level for level in plan.levels if len(level.path) == 1]
    headers = ["排名", "地区", "部门", "年度", "总分", "等级", *[f"{t.name}（{points_text(t.points)}分）" for t in tops],
               "自评得分", "自评差额", "缺少数据项数", "待评价人员评分项数", "评分表"]
    widths = [6, 14, 24, 6, 7, 6, *[9] * len(tops), 8, 8, 8, 10, 22]
    order = sorted(range(len(cards)), key=lambda k: (_year_text(cards[k]["department"].get("year")),
                                                     int(standing.ranks[k]), k))
    rows, links = [], []
    for k in order:
        card = cards[k]
        dept = card["department"]
        levels = {level["path"]: level["score"] for level in card["levels"]}
        check, cover = card["self_check"], card.get("coverage") or {}
        rows.append([int(standing.ranks[k]), dept.get("region", ""), dept.get("dept_name", ""),
                     _year_text(dept.get("year")), card["total"], card["grade_label"],
                     *[levels.get("/".join(t.path)) for t in tops], check.get("self_score"), check.get("gap"),
                     cover.get("missing", 0), cover.get("manual", 0), tabs[k]])
        links.append(tabs[k])
    distribution = [[year, *counts, total] for year, counts, total in standing.distribution]
    return Summary(f"{plan.profile.subject.removesuffix('表')}结果汇总", f"评分依据：{plan.profile.name}（{plan.profile.version}版）；"
                   "排名按年度分别计算，得分相同者并列，其后名次顺延（如1、2、2、4）；"
                   "缺少数据项多的部门得分偏低，应先补齐数据再比较",
                   headers, widths, rows, links, ["年度", *standing.grade_labels, "合计"], distribution)


@lru_cache(maxsize=1 << 16)  # a batch repeats its 评分标准 and most reasons: each text is measured once
def lines_needed(text: str, cells: int) -> int:
    """How many lines ``text`` takes in a column ``cells`` display cells wide (the wrap of :mod:`.textwidth`)."""
    from .textwidth import wrap

    if not text:
        return 1
    if "\n" not in text and text_width(text) <= cells:  # most cells: one line, no wrap needed
        return 1
    return sum(len(wrap(part, max(cells, 2))) for part in str(text).split("\n"))


def text_width(text: str) -> int:
    return width(str(text))
