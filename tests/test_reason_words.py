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


DISCLOSURE = {"disclosure_content_complete": False,
              "budget_approved_date": "2024-01-10", "budget_disclosed_date": "2024-01-25",
              "final_approved_date": "2024-08-01", "final_disclosed_date": "2024-08-27",
              "self_eval_disclosed_date": "2025-07-04", "self_eval_disclosure_deadline": "2025-06-30"}


@pytest.mark.parametrize("engine", ["vector", "rete"])
def test_a_checklist_reason_names_its_items_and_a_deadline_its_evidence(engine):
    if engine == "rete":
        pytest.importorskip("durable", reason="the rete engine needs durable-rules (perfscore[rete])")
    card = api.score(DISCLOSURE, engine=engine).scorecards[0]
    reason = next(c["reason"] for c in card["criteria"] if c["id"] == "disclosure")
    assert reason == (
        "满足：部门预算在批复后规定时限内公开（1分；用时15天，在时限20天内）；"
        "不满足：按规定内容公开预决算信息（扣1分）、"
        "部门决算在批复后规定时限内公开（扣1分；部门决算批复日期2024-08-01，部门决算公开日期2024-08-27，"
        "用时26天，超过时限20天，逾期6天）、"
        "绩效自评报告按期公开（扣1分；绩效自评报告公开日期2025-07-04，晚于绩效自评报告公开期限2025-06-30，逾期4天）；"
        "得1分")


def test_a_deadline_met_on_its_last_day_is_in_time():
    on_time = dict(DISCLOSURE, final_disclosed_date="2024-08-21", self_eval_disclosed_date="2025-06-30")
    card = api.score(on_time).scorecards[0]
    reason = next(c["reason"] for c in card["criteria"] if c["id"] == "disclosure")
    assert "部门决算在批复后规定时限内公开（1分；用时20天，在时限20天内）" in reason
    assert "绩效自评报告按期公开（1分；绩效自评报告公开日期2025-06-30，不晚于期限2025-06-30）" in reason
    assert "逾期" not in reason
