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


def test_a_bare_headline_outranking_the_body_yields_the_body_figure():
    """A headline's ``仅8万元`` is read with more confidence than the body's ``8.27万元`` yet
    only rounds it: the exact figure wins, at any rank (外交部 2014, reprinted)."""
    text = ("外交部去年公务接待费仅8万元 预算执行比例不到3%\n"
            "2014年度外交部“三公”经费决算支出10044.01万元。\n"
            "其中:因公出国(境)费8657.78万元,公务接待费8.27万元,预算执行比例为2.69%。")
    assert metrics(text)["sangong_actual_reception"] == 8.27


def test_rounding_is_judged_on_the_printed_unit():
    """``0.1亿元`` (1000万元) rounds 827万元 (0.0827亿) but not 2127万元 (0.2127亿)."""
    near = metrics("2016年三公经费预算0.1亿元\n2016年“三公经费”财政拨款预算为827万元。")
    far = extract_text("2016年三公经费预算0.1亿元\n2016年“三公经费”财政拨款预算为2127万元。")
    assert near["sangong_budget"] == 827
    assert "ambiguous" in far.items["sangong_budget"].flags
