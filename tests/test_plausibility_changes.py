"""Plausibility flags judge levels, not changes: a fall on last year is negative and a rise may pass
100%, so a change (``signed: true`` in the vocabulary) is never flagged as a negative amount or a
percentage out of range, while a level still is."""

from __future__ import annotations

from perfscore import api
from perfscore.engine.rubric.vocabulary import load_vocabulary


def _plausibility(metrics: dict) -> dict[str, str]:
    flags = api.score({"year": 2023, **metrics}).scorecards[0]["flags"]
    return {f["evidence"]["subject"]: f["id"] for f in flags if f["id"] in ("negative_money", "percent_out_of_range")}


def test_a_fall_or_a_rise_past_100_percent_is_no_implausible_value():
    assert _plausibility({"sangong_actual": 8.1, "sangong_actual_change": -2.4, "sangong_actual_change_pct": -22.9,
                          "final_total_change_pct": 135.0}) == {}


def test_levels_are_still_flagged():
    assert _plausibility({"final_total": -3.0, "satisfaction_pct": 120.0}) == {
        "final_total": "negative_money", "satisfaction_pct": "percent_out_of_range"}


def test_every_change_of_the_vocabulary_is_signed_and_no_level_is():
    metrics = load_vocabulary().metrics.values()
    assert {m.id for m in metrics if m.signed} == {m.id for m in metrics if m.id.endswith(("_change", "_change_pct"))}
