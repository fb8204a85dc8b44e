"""``perfscore verify``: re-perform a saved scorecard with the other engine; exit 0 / 1 / 2."""

from __future__ import annotations

import json

import pytest

from support import run_cli

DEPARTMENT = {"dept_name": "复核局", "final_total": 93, "budget_total": 100, "budget_adjusted_total": 100,
              "staff_actual": 60, "staff_authorized": 57, "sangong_budget": 10, "sangong_prev_budget": 9,
              "sangong_actual": 10.5, "assessments": {"social_benefit": {"tier": "部分实现"}},
              "goals": [{"indicator": "培训人次", "target": 1000, "actual": 950, "points": 10}]}


@pytest.fixture
def card(tmp_path):
    def make(engine: str = "vector", department: dict = DEPARTMENT, fmt: str = "json"):
        source = tmp_path / "d.json"
        source.write_text(json.dumps(department, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / f"card_{engine}.{fmt}"
        done = run_cli("score", source, "--format", fmt, "-o", out, "--engine", engine)
        assert done.returncode == 0, done.stderr
        return out
    return make


@pytest.mark.parametrize("engine,other", [("vector", "rete"), ("rete", "vector")])
def test_a_saved_scorecard_verifies_with_the_other_engine(card, engine, other):
    done = run_cli("verify", card(engine))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "复核一致" in done.stdout and other in done.stdout


def test_a_changed_score_is_reported_per_criterion(card):
    path = card()
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = next(c for c in data["criteria"] if c["id"] == "staff_control")
    entry["score"] = entry["score"] + 1
    data["total"] = data["total"] + 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("verify", path)
    assert done.returncode == 1
    assert "staff_control" in done.stdout and "总分" in done.stdout
    assert "budget_completion" not in done.stdout


def test_changed_inputs_are_caught_by_their_hash(card):
    path = card()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["input"]["metrics"]["final_total"] = 99
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("verify", path)
    assert done.returncode == 1 and "sha256" in done.stdout


def test_a_changed_profile_is_caught_by_its_hash(card, tmp_path):
    path = card()
    changed = tmp_path / "changed.yaml"
    changed.write_text("id: mof2013\nname: 改动过的方案\nversion: '2024.1'\nextends: mof2013\n"
                       "overrides: {staff_control: {points: 3, scoring: {shape: linear_deduct, threshold: 100, "
                       "direction: above, per: 1, deduct: 0.9}}}\ntests: []\n", encoding="utf-8")
    done = run_cli("verify", path, "--profile", changed)
    assert done.returncode == 1 and "方案已变更" in done.stdout


def test_a_batch_in_json_lines_verifies(tmp_path):
    from perfscore.engine.jobs.scoring import compile_reference
    from perfscore.engine.tables.synth import SynthSpec, write_synthetic

    table = tmp_path / "t.csv"
    write_synthetic(compile_reference("mof2013"), SynthSpec(25, 4), table)
    out = tmp_path / "cards.jsonl"
    assert run_cli("score", table, "-o", out, "--engine", "rete").returncode == 0
    done = run_cli("verify", out)
    assert done.returncode == 0, done.stdout
    assert "25 个部门" in done.stdout


@pytest.mark.parametrize("text,message", [("{not json", "JSON"), ('{"total": 1}', "缺少字段"),
                                          ("[]", "")])
def test_unreadable_scorecards_exit_2(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    done = run_cli("verify", path)
    if text == "[]":  # nothing to verify is not an error
        assert done.returncode == 0
        return
    assert done.returncode == 2 and message in done.stderr


def test_unknown_profile_exits_2(card):
    """A card without its rubric (an older card) is verified against the profile its id names."""
    path = card()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["profile"]["id"] = "no_such_profile"
    del data["profile"]["rubric"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("verify", path)
    assert done.returncode == 2 and "no_such_profile" in done.stderr


def test_a_profile_id_changed_on_the_card_is_a_difference(card):
    path = card()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["profile"]["id"] = "no_such_profile"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("verify", path)
    assert done.returncode == 1 and "no_such_profile" in done.stdout


def test_missing_file_exits_2(tmp_path):
    done = run_cli("verify", tmp_path / "none.json")
    assert done.returncode == 2
