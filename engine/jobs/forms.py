"""The printed forms as whole tasks: rank and count a batch's scorecards, then write the workbook or the PDF.

The renderers (:mod:`..render.xlsx`, :mod:`..render.pdf`) only lay out; the whole-table facts
they print — each department's rank within its year and the grade distribution — are computed
here with :mod:`..evaluate.ranking` and handed to them as a :class:`~..render.form.Standing`.

May import: every other package of ``perfscore.engine``; never ``perfscore.api`` or the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..evaluate.ranking import competition_rank, grade_distribution
from ..evaluate.results import GRADE_ORDER
from ..render.form import Context, Loss, Standing
from ..rubric.plan import Plan


def standing(cards: Sequence[dict[str, Any]], plan: Plan) -> Standing:
    """Ranks per year (ties share a rank, the next is skipped) and the grade counts per year."""
    years = [card["department"].get("year") for card in cards]
    totals = np.array([np.nan if c["total"] is None else float(c["total"]) for c in cards], float)
    groups = np.array([float(y) if isinstance(y, (int, float)) else np.nan for y in years], float)
    ranks = competition_rank(np.nan_to_num(totals, nan=-np.inf), groups) if cards else np.zeros(0, np.int64)
    labels = {band.grade: band.label for band in plan.profile.grades}
    year_texts = [f"{y:g}" if isinstance(y, (int, float)) else str(y or "") for y in years]
    rows = []
    for year in sorted(set(year_texts)):
        counts = grade_distribution([c["grade"] for c, y in zip(cards, year_texts) if y == year], GRADE_ORDER)
        rows.append((year, [counts[g] for g in GRADE_ORDER], sum(counts.values())))
    return Standing([int(r) for r in ranks], [labels.get(g, g) for g in GRADE_ORDER], rows, losses(cards, plan))


def losses(cards: Sequence[dict[str, Any]], plan: Plan) -> list[Loss]:
    """Per criterion, the points lost per department on average (deducted, and not scored), most lost first;
    ties in rubric order. Criteria no department lost a point on are left out."""
    count = len(cards)
    points = np.array([[e["points"] for e in c["criteria"]] for c in cards], float).reshape(count, len(plan.criteria))
    scores = np.array([[np.nan if e["score"] is None else e["score"] for e in c["criteria"]] for c in cards],
                      float).reshape(count, len(plan.criteria))
    unscored = np.where(np.isnan(scores), points, 0.0)
    deducted = np.where(np.isnan(scores), 0.0, np.maximum(points - np.nan_to_num(scores), 0.0))
    lost = deducted + unscored
    total = lost.sum(axis=0)
    order = sorted((k for k in range(len(plan.criteria)) if total[k] > 0), key=lambda k: (-total[k], k))
    return [Loss(plan.criteria[k].path_names, float(deducted[:, k].sum() / count), float(unscored[:, k].sum() / count),
                 int((lost[:, k] > 0).sum())) for k in order]


def write_forms(cards: list[dict[str, Any]], plan: Plan, path: Path, fmt: str, context: Context,
                single: bool = False, progress: Callable[[int], Any] | None = None) -> None:
    """The workbook (``fmt`` xlsx), the PDF (``fmt`` pdf) or the HTML report (``fmt`` html) of ``cards``, written
    atomically to ``path``: a batch gets the summary first, a single department (``single``) its 评分表 alone."""
    facts = None if single else standing(cards, plan)
    if fmt == "html":
        from ..render.html import write_html

        write_html(cards, plan, path, facts, context, progress)
    elif fmt == "pdf":
        from ..render.pdf import write_pdf

        write_pdf(cards, plan, path, facts, context, progress)
    else:
        from ..render.xlsx import write_workbook

        write_workbook(cards, plan, path, facts, context, progress)
