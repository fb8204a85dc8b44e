"""A headline that rounds the figure its body states exactly (预算850万 | 850.55万元)
yields the exact figure; figures further apart than the rounding stay competing readings."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def test_a_headline_rounding_the_body_yields_the_exact_figure():
    found = metrics("残联今年三公经费预算850万\n2013年“三公经费”财政拨款预算为850.55万元。")
    assert found["sangong_budget"] == 850.55


def test_figures_apart_by_more_than_the_rounding_are_not_merged():
    found = extract_text("三公经费预算850万\n2013年“三公经费”财政拨款预算为851.55万元。")
    assert found.metrics["sangong_budget"] == 850
    assert "ambiguous" in found.items["sangong_budget"].flags
