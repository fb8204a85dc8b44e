"""Reasons an auditor would write: no internal id (``sangong_budget``, ``assessments.x.tier``, ``mof2013``) in any
text meant for a person — every reason and flag of every shipped profile's tests and of a synthetic population,
from both engines — and a band stated once, as a person writes it."""

from __future__ import annotations

import re

import pytest

from perfscore import api
from perfscore.engine.evaluate import plausibility
from perfscore.engine.jobs.profile_tests import _evaluate
from perfscore.engine.jobs.scoring import compile_reference
from perfscore.engine.render.scorecard import build_scorecards
from perfscore.engine.rubric.profiles import available_profiles
from perfscore.engine.backends import backend

ID = re.compile(r"[a-z][a-z0-9]*(?:[_./][a-z0-9]+)+|[a-z]+[0-9]+|\b[a-z]{4,}\b")  # snake_case / dotted ids, bare English words


def _texts(cards):
    for card in cards:
        for entry in card["criteria"]:
            yield entry["reason"]
        for flag in card["flags"]:
            yield flag["message"]
        if card["self_check"]["flag"]:
            yield card["self_check"]["flag"]


def _profile_test_cards(profile_id: str, engine: str):
    plan = compile_reference(profile_id)
    seen = set()
    for results, _ in _evaluate(plan, backend(engine)):
        if id(results) in seen:
            continue
        seen.add(id(results))
        yield from build_scorecards(results, "test", plausibility.evaluate(results))


@pytest.mark.parametrize("engine", ["vector", "rete"])
@pytest.mark.parametrize("profile_id", available_profiles())
def test_no_internal_id_in_any_reason_of_the_profile_tests(profile_id, engine):
    if engine == "rete":
        pytest.importorskip("durable", reason="the rete engine needs durable-rules (perfscore[rete])")
    found = {(m, text) for text in _texts(_profile_test_cards(profile_id, engine)) for m in ID.findall(text)}
    assert not found, sorted(found)[:10]


def test_no_internal_id_in_the_synthetic_population(tmp_path):
    api.synth(tmp_path / "d.csv", departments=120, seed=3)
    cards = api.score(tmp_path / "d.csv").scorecards
    texts = list(_texts(cards))
    assert len(texts) > 120 * 28
    found = {(m, text) for text in texts for m in ID.findall(text)}
    assert not found, sorted(found)[:10]


def test_the_id_pattern_catches_what_it_must():
    for text in ("缺少数据：“三公”经费预算数（sangong_budget）", "（assessments.goal_rationality.tier）",
                 "评分方案：mof2013 2024.1", "input/budget_allocation/staff_control"):
        assert ID.search(text), text
    assert not ID.search("重点支出安排率 84.44%，在80%（含）至90%之间，得3分")


def test_a_band_is_stated_once_as_a_person_writes_it():
    card = api.score("examples/demo_full_department.yaml").scorecards[0]
    reasons = {c["id"]: c["reason"] for c in card["criteria"]}
    assert reasons["key_spend"] == "重点支出安排率 84.44%，在80%（含）至90%之间，得3分"
    assert reasons["budget_adjustment"] == "预算调整率 7.00%，在0%至10%（含）之间，得2分"


def test_a_tier_without_a_score_says_so_and_is_flagged():
    result = api.score({"assessments": {"social_benefit": {"tier": "完全实现"}}})
    card = result.scorecards[0]
    entry = next(c for c in card["criteria"] if c["id"] == "social_benefit")
    assert "未给出具体得分，按档次上限计" in entry["reason"] and entry["score"] == entry["points"]
    flags = [f for f in card["flags"] if f["id"] == "tier_without_score"]
    assert len(flags) == 1 and flags[0]["severity"] == "warning" and "社会效益" in flags[0]["message"]
