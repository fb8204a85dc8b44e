"""Figures news copies state loosely: a level said roughly and then exactly, an amount per
person beside the total, what some departments did, and 三公 named without 经费. Each rule is
pinned on the opened holdout snippet that showed it and on a text where it must not apply."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.units import iter_quantities
from support import text_metrics as metrics


def test_a_rough_level_said_exactly_after_it_is_the_exact_figure():
    # h4-guoshui: 2010年国税系统“三公”决算近22亿元,达216631.68万元
    item = extract_text("2010年国税系统“三公”决算近22亿元,达216631.68万元,暂居首位。").items["sangong_actual"]
    assert item.value == 216631.68
    assert item.flags == [] and len(item.candidates) == 1
    assert item.provenance.text == "“三公”决算近22亿元,达216631.68万元"


def test_a_rough_level_alone_stays_rough_and_flagged():
    item = extract_text("2010年国税系统“三公”经费决算近22亿元,比上年减少1万元。").items["sangong_actual"]
    assert (item.value, item.flags) == (220000.0, ["approx"])
    # an exact amount after a rough one that is no restatement (a change) replaces nothing
    item = extract_text("2010年“三公”经费决算约22亿元,减少1万元。").items["sangong_actual"]
    assert item.value == 220000.0


def test_yue_before_its_verb_marks_a_figure_rough():
    quantities = list(iter_quantities("约为2500元,约合3万元,为4万元"))
    assert [q.approx for q in quantities] == [True, True, False]
    assert [q.text for q in quantities] == ["2500元", "3万元", "4万元"]


def test_an_amount_per_head_is_no_level_even_with_its_funds_named():
    # h13-nongyebu: 按在职人员数计算,年人均财政拨款“三公”经费约为2500元
    text = ("农业部今年“三公”预算为23802.67万元。按在职人员数计算,年人均财政拨款“三公”经费约为2500元,"
            "其中因公出国(境)费年人均500元。")
    item = extract_text(text).items["sangong_budget"]
    assert item.value == 23802.67 and [c.value for c in item.candidates] == [23802.67]
    assert "sangong_budget" not in metrics("2011年年人均财政拨款“三公”经费预算约为2500元。")
    assert metrics("2011年财政拨款“三公”经费预算为2500元。")["sangong_budget"] == 0.25


def test_sangong_named_without_jingfei_is_the_sangong_total():
    # h13-nongyebu: 今年“三公”预算为23802.67万元; h6-nanjing: “三公”预算
    assert metrics("2011年,农业部今年“三公”预算为23802.67万元。")["sangong_budget"] == 23802.67
    assert metrics("2011年“三公”决算为120万元。")["sangong_actual"] == 120
    # the longer names still win: 三公经费 and its items
    found = metrics("2011年“三公”经费预算为50万元,其中公务接待费预算为5万元。")
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (50, 5)


def test_what_some_departments_did_is_no_change_of_the_subject():
    # h6-beijing-88dw: 超过半数部门今年安排的“三公”预算数额和去年持平,或略有下降
    for text in ("2013年,超过半数部门今年安排的“三公”预算数额和去年持平,或略有下降。",
                 "2013年,过半部门的“三公”预算和去年持平或下降。"):
        assert "sangong_budget_change" not in metrics(text), text
    assert metrics("2013年“三公”经费预算为50万元,和去年持平。")["sangong_budget_change"] == 0


def test_level_or_lower_states_no_change():
    assert "sangong_budget_change" not in metrics("2013年“三公”经费预算为50万元,与去年持平或下降。")
    assert "sangong_budget_change" not in metrics("2013年“三公”经费预算为50万元,比去年下降或持平。")
