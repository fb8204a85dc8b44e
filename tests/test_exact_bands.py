"""Rounding at every edge: a computed value meets thresholds rounded to ``rounding.ratio`` decimals, but is never
rounded onto an exact band ``[a, a]`` from off it. Values just off every edge of every value shape, on both engines."""

from __future__ import annotations

import pytest

from perfscore.engine.jobs.profile_tests import run_profile_tests
from support import criterion, plan_from, plan_from_text, score_records

ENGINES = ["vector", "rete"]

# A ratio (percent, 2 decimals) computed as x / 100 * 100 from budget_adjustment over budget_total = 100, so the
# value is what x says, after the float noise of the division.
EDGES = """
tree:
  - id: all
    name: 全部
    points: 100
    children:
      - id: zero_band
        formula: budget_adjustment / budget_total * 100
        unit: "%"
        points: 10
        scoring:
          shape: bands
          bands:
            - {range: "(-inf, 0)", points: 1, label: 负}
            - {range: "[0, 0]", points: 10, label: 未调整}
            - {range: "(0, 10]", points: 6}
            - {range: "(10, +inf)", points: 0}
      - id: hundred_band
        formula: budget_adjustment / budget_total * 100
        unit: "%"
        points: 10
        scoring:
          shape: bands
          bands:
            - {range: "(100, +inf)", points: 2}
            - {range: "[100, 100]", points: 10, label: 恰好100%}
            - {range: "(-inf, 100)", points: 5}
      - id: deduct
        formula: budget_adjustment / budget_total * 100
        unit: "%"
        points: 10
        scoring: {shape: linear_deduct, threshold: 100, direction: above, per: 1, deduct: 1, partial: ceil}
      - id: share
        formula: budget_adjustment / budget_total * 100
        unit: "%"
        points: 10
        scoring: {shape: proportional, target: 100, cutoff: 50}
      - {id: rest, name: 其他, points: 60, scoring: {shape: manual}}
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return plan_from_text(tmp_path_factory.mktemp("edges"), EDGES)


def _scores(plan, value: float, engine: str) -> dict[str, tuple[float, str]]:
    card = score_records(plan, [{"budget_adjustment": value, "budget_total": 100}], engine)[0]
    return {c["id"]: (c["score"], c["rule"]) for c in card["criteria"]}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value, zero_band", [
    (0, (10, "band2")),            # exactly zero: the exact band
    (0.0026, (6, "band3")),        # rounds to 0.00, is not zero: the band above
    (0.004999, (6, "band3")),
    (0.005, (6, "band3")),         # rounds to 0.01 anyway
    (-0.0026, (1, "band1")),       # rounds to -0.00, is below zero: the band below
    (-0.005, (1, "band1")),
    (10, (6, "band3")),            # an ordinary closed edge: the rounded value decides
    (10.004, (6, "band3")),        # rounds to 10.00: still in (0, 10]
    (10.005, (0, "band4")),        # rounds to 10.01
])
def test_exact_zero_band_takes_only_zero(plan, engine, value, zero_band):
    assert _scores(plan, value, engine)["zero_band"] == zero_band


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value, expected", [
    (100, (10, "band2")),
    (99.996, (5, "band3")),      # rounds to 100.00, is not 100
    (100.004, (2, "band1")),
    (99.995, (5, "band3")),
    (100.005, (2, "band1")),
    (99.99, (5, "band3")),
])
def test_exact_band_at_a_non_zero_value(plan, engine, value, expected):
    assert _scores(plan, value, engine)["hundred_band"] == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value, deduct, share", [
    (100, (10, "full"), (10, "full")),
    (100.004, (10, "full"), (10, "full")),          # a threshold meets the rounded value: 100.00
    (100.005, (9, "deduct"), (10, "full")),         # 100.01: one started point beyond, −1
    (99.996, (10, "full"), (10, "full")),           # 100.00: on the target
    (99.994, (10, "full"), (9.999, "proportional")),  # 99.99 → 9.999
    (50, (10, "full"), (5, "proportional")),        # exactly on the cutoff: not below it
    (49.996, (10, "full"), (5, "proportional")),    # rounds to 50.00
    (49.994, (10, "full"), (0, "cutoff")),          # 49.99: below the cutoff
])
def test_thresholds_meet_the_rounded_value(plan, engine, value, deduct, share):
    scores = _scores(plan, value, engine)
    assert scores["deduct"][1] == deduct[1] and scores["deduct"][0] == pytest.approx(deduct[0])
    assert scores["share"][1] == share[1] and scores["share"][0] == pytest.approx(share[0], abs=0.006)


@pytest.mark.parametrize("engine", ENGINES)
def test_value_kept_off_an_exact_band_is_shown_unrounded(plan, engine):
    card = score_records(plan, [{"budget_adjustment": 0.0026, "budget_total": 100}], engine)[0]
    zero = criterion(card, "zero_band")
    assert zero["value"] == pytest.approx(0.0026)
    assert "0.0026%" in zero["reason"]


@pytest.mark.parametrize("engine", ENGINES)
def test_yueyang_budget_adjustment_of_a_real_case(engine):
    """追加 0.05 万元 on 1,922.76 万元 is 0.0026%: adjusted, 2 points, not 未调整's 3."""
    plan = plan_from("yueyang2018")
    card = score_records(plan, [{"budget_adjustment": 0.05, "budget_total": 1922.76}], engine)[0]
    found = criterion(card, "budget_adjustment")
    assert (found["score"], found["rule"]) == (2, "band2")


def test_yueyang_tests_cover_the_real_case():
    plan = plan_from("yueyang2018")
    names = [t.name for t in plan.profile.tests]
    assert any("0.0026" in n for n in names)
    assert not run_profile_tests(plan).failed
