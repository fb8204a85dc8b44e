"""Property tests over the default profile: bounds, sums, monotone shapes and byte-identical output."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfscore.engine.render.cards import scorecards_text
from support import criterion, plan_from, score_records

PLAN = plan_from("mof2013")
money = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 2)))
count = st.one_of(st.none(), st.integers(min_value=0, max_value=500))
flag = st.one_of(st.none(), st.booleans())
MONEY_IDS = [m for m, spec in PLAN.profile.vocabulary.metrics.items() if spec.kind == "money"]
COUNT_IDS = [m for m, spec in PLAN.profile.vocabulary.metrics.items() if spec.kind == "count" and m != "year"]
BOOL_IDS = [m for m, spec in PLAN.profile.vocabulary.metrics.items() if spec.kind == "bool"]


@st.composite
def departments(draw):
    record = {"dept_name": "测试单位", "year": draw(st.integers(2015, 2025))}
    for metric in MONEY_IDS:
        value = draw(money)
        if value is not None:
            record[metric] = value
    for metric in COUNT_IDS:
        value = draw(count)
        if value is not None:
            record[metric] = value
    for metric in BOOL_IDS:
        value = draw(flag)
        if value is not None:
            record[metric] = value
    return record


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(departments(), min_size=1, max_size=8))
def test_scores_stay_within_points_and_add_up(records):
    for card in score_records(PLAN, records):
        for c in card["criteria"]:
            assert 0 <= c["score"] <= c["points"], c
        assert card["total"] == round(sum(c["score"] for c in card["criteria"]), PLAN.profile.rounding.total)
        assert 0 <= card["total"] <= card["max_total"]
        assert card["grade"] in ("优", "良", "中", "差")


@SETTINGS
@given(departments())
def test_same_input_gives_byte_identical_json(record):
    first = scorecards_text(score_records(PLAN, [record]), "json", single=True)
    second = scorecards_text(score_records(PLAN, [json.loads(json.dumps(record))]), "json", single=True)
    assert first == second


@SETTINGS
@given(st.integers(1, 300), st.integers(0, 400), st.integers(0, 400))
def test_staff_control_is_non_increasing_in_staff(authorized, a, b):
    low, high = sorted((a, b))
    cards = score_records(PLAN, [{"staff_authorized": authorized, "staff_actual": low},
                                 {"staff_authorized": authorized, "staff_actual": high}])
    assert criterion(cards[0], "staff_control")["score"] >= criterion(cards[1], "staff_control")["score"]


@SETTINGS
@given(st.floats(1, 1e5), st.floats(0, 2e5), st.floats(0, 2e5))
def test_budget_completion_is_non_decreasing_in_execution(budget, a, b):
    low, high = sorted((round(a, 2), round(b, 2)))
    cards = score_records(PLAN, [{"budget_adjusted_total": round(budget, 2), "final_total": low},
                                 {"budget_adjusted_total": round(budget, 2), "final_total": high}])
    assert criterion(cards[0], "budget_completion")["score"] <= criterion(cards[1], "budget_completion")["score"]


@pytest.mark.parametrize("actual, expected", [(57, 57.0), (100, 100.0)])
def test_float_edge_values_land_exactly_on_the_edge(actual, expected):
    card = score_records(PLAN, [{"staff_authorized": 100, "staff_actual": actual}])[0]
    assert criterion(card, "staff_control")["value"] == expected
