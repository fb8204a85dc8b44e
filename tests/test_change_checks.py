"""Stated changes checked against the figures on real snippets of the corpus
(tests/data/corpus): ``比上年减少 X 万元、下降 P%`` must agree with the level compared and
the level it is compared with, at the precision the report printed."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.checks import run_checks
from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import load_corpus

CHANGE_RULES = ("change_rate_mismatch", "change_amount_mismatch")


@pytest.fixture(scope="module")
def snippets():
    return {s.id: s for s in load_corpus()}


def findings(text: str, rule: str):
    return [f for f in run_checks(extract_text(text)) if f.id == rule]


def test_a_rate_that_disagrees_with_the_amount_is_a_finding(snippets):
    # 涪陵区焦石镇: 41万元, 较上年减少19万元 (so 60万元 last year, −31.67%), printed 下降43.78%;
    # 较年初预算数减少4万元 (a budget of 45万元, −8.89%), printed 下降2.2%
    found = findings(snippets["fuling-jiaoshi-2020-final"].text, "change_rate_mismatch")
    assert [(f.evidence["numbers"]["stated"], round(f.evidence["numbers"]["recomputed"], 2)) for f in found] \
        == [(-43.78, -31.67), (-2.2, -8.89)]
    assert "“三公”经费41万元较上年减少19万元，上年应为60万元，应下降31.67%，文中为下降43.78%" in found[0].message
    # 铜梁区安居镇: 9.07万元, 较上年支出数减少0.71万元: 0.71/9.78 = 7.26%, printed 7.83% (0.71/9.07)
    found = findings(snippets["tongliang-anju-2021-final"].text, "change_rate_mismatch")
    assert [round(f.evidence["numbers"]["recomputed"], 2) for f in found] == [-7.26]


@pytest.mark.parametrize("snippet", ["fuling-xinmiao-2021-final", "mianzhu-2025-budget", "dazhou-sbj-2021-budget",
                                     "gd-czt-2023-a", "hlx-2020-final"])
def test_rates_and_amounts_that_agree_give_no_finding(snippets, snippet):
    # 2.97/(40.14+2.97) = 6.89%; 221/2190 = 10.09% printed 10.1%; 42/3178 = 1.32%; …
    found = run_checks(extract_text(snippets[snippet].text))
    assert not [f for f in found if f.id in CHANGE_RULES]
    assert any(c.percent is not None for c in extract_text(snippets[snippet].text).changes)  # something was checked


def test_a_stated_base_that_disagrees_with_the_amount_is_a_finding(snippets):
    # 绵竹市: 1969万元, 较2024年的2190万元减少221万元 — make the amount 231 and both checks see it
    text = snippets["mianzhu-2025-budget"].text.replace("减少221万元", "减少231万元")
    amount = findings(text, "change_amount_mismatch")
    assert [f.evidence["numbers"] for f in amount] == [{"stated": -231.0, "recomputed": -221.0}]
    rate = findings(text, "change_rate_mismatch")  # 231/2190 = 10.55%, printed 10.1%
    assert [round(f.evidence["numbers"]["recomputed"], 2) for f in rate] == [-10.55]


@pytest.mark.parametrize("snippet", ["shouxian-sfj-2022-budget", "shouxian-sfj-2022-vehicle", "feixi-zx-2018-items",
                                     "xuancheng-tw-2020-budget", "central-2021-budget", "baoshan-hbj-2019-budget"])
def test_last_years_budget_is_never_this_years(snippets, snippet):
    # 比2021年预算减少45万元 / 比上年预算减少: the base is last year's budget, not the figure itself
    assert not findings(snippets[snippet].text, "change_amount_mismatch")


def test_last_years_budget_in_a_comparison_is_recorded_as_such():
    found = extract_text("2024年“三公”经费预算数30万元，比2023年预算数32万元减少2万元。")
    assert found.metrics["sangong_prev_budget"] == 32 and found.metrics["sangong_budget"] == 30
    assert found.metrics["sangong_budget_change"] == -2
    found = extract_text("2024年“三公”经费预算数30万元，上年预算数为32万元。")
    assert found.metrics.get("sangong_budget") == 30 and found.metrics.get("sangong_prev_budget") == 32


def test_an_items_breakdown_in_parentheses_is_not_a_part_of_the_total(snippets):
    # 41万元,其中:出国0万元,公务用车21万元(购置费0万元、运行维护费21万元),公务接待费20万元
    assert not findings(snippets["fuling-jiaoshi-2020-final"].text, "parts_sum_mismatch")
    assert "parts_sum_mismatch" in [f.id for f in run_checks(extract_text(
        "2020年度“三公”经费决算数45万元,其中:因公出国(境)费0万元,公务用车购置及运行维护费21万元"
        "(公务用车购置费0万元、公务用车运行维护费21万元),公务接待费20万元。"))]
