"""verify for any card: the scorecard carries its effective rubric (canonical YAML, covered by its sha256), so a
card scored with a path profile verifies after the profile is moved or deleted; where durable_rules is missing the
rete rulesets run on the plain matcher, and verify says so. ``perfscore test`` runs both engines."""

from __future__ import annotations

import hashlib
import json
import sys

import pytest
import yaml

from perfscore.engine.jobs import profile_tests
from perfscore.engine.jobs.verify import verify_file
from perfscore.engine.rete import backend as rete_backend
from perfscore.engine.rubric.profiles import load_embedded_profile, load_profile
from support import EXAMPLES, plan_from, profile_text, run_cli

BODY = """
tree:
  - id: input
    name: 投入
    points: 100
    children:
      - id: adjust
        formula: budget_adjustment / budget_total * 100
        name: 预算调整率
        unit: "%"
        points: 60
        scoring:
          shape: bands
          bands:
            - {range: "(-inf, 0)", points: 0}
            - {range: "[0, 0]", points: 60, label: 未调整}
            - {range: "(0, 10]", points: 40}
            - {range: "(10, +inf)", points: 0}
      - {id: judge, name: 评价人员评分, points: 40, scoring: {shape: manual}}
"""


@pytest.fixture()
def path_card(tmp_path):
    """A JSON card scored with a profile given by path, and that profile's file."""
    profile = tmp_path / "elsewhere" / "local.yaml"
    profile.parent.mkdir()
    profile.write_text(profile_text(BODY, id="local_table"), encoding="utf-8")
    metrics = tmp_path / "dept.yaml"
    metrics.write_text("dept_name: 某局\nbudget_adjustment: 0.05\nbudget_total: 1922.76\n"
                       "assessments: {judge: {score: 30, note: 依据台账}}\n", encoding="utf-8")
    card = tmp_path / "card.json"
    done = run_cli("score", metrics, "--profile", profile, "--format", "json", "-o", card)
    assert done.returncode == 0, done.stderr
    return card, profile


def test_the_card_carries_the_rubric_its_sha256_covers(path_card):
    card, profile = path_card
    data = json.loads(card.read_text(encoding="utf-8"))
    rubric = data["profile"]["rubric"]
    content = yaml.safe_load(rubric)
    assert content["profile"]["id"] == "local_table"
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode("utf-8")).hexdigest() == data["profile"]["sha256"]
    assert load_embedded_profile(rubric, "card").sha256 == load_profile(str(profile)).sha256


def test_a_card_from_a_deleted_path_profile_verifies(path_card):
    card, profile = path_card
    profile.unlink()
    profile.parent.rmdir()
    done = run_cli("verify", card)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "复核一致：1 个部门、2 项指标" in done.stdout


def test_a_tampered_rubric_is_caught_by_its_hash(path_card):
    card, _ = path_card
    data = json.loads(card.read_text(encoding="utf-8"))
    data["profile"]["rubric"] = data["profile"]["rubric"].replace("points: 40", "points: 39", 1)
    card.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("verify", card)
    assert done.returncode in (1, 2)
    assert "sha256" in done.stdout or "40" in done.stderr or "sum" in done.stderr


def test_a_broken_rubric_is_an_error_with_a_position(path_card):
    card, _ = path_card
    data = json.loads(card.read_text(encoding="utf-8"))
    data["profile"]["rubric"] = "profile: [unclosed\n"
    card.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = run_cli("verify", card)
    assert done.returncode == 2 and "profile.rubric:" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture()
def no_durable(monkeypatch):
    """durable_rules hidden, as on Python 3.13+: importing it fails."""
    for name in ("durable", "durable.engine", "durable.lang", "durable_rules_engine"):
        monkeypatch.setitem(sys.modules, name, None)
    return monkeypatch


def test_verify_without_durable_rules_uses_the_plain_matcher(path_card, no_durable):
    card, _ = path_card
    assert rete_backend.durable_missing()
    report = verify_file(card)
    assert report.ok and report.checked == 1
    assert report.engines == {"rete"} and report.labels == {"纯 Python 规则匹配器（rete，未安装 durable_rules）"}


def test_verify_a_shipped_example_without_durable_rules(tmp_path, no_durable):
    card = tmp_path / "demo.json"
    assert run_cli("score", EXAMPLES / "demo_full_department.yaml", "--format", "json", "-o", card).returncode == 0
    report = verify_file(card)
    assert report.ok and report.criteria > 20 and "纯 Python" in next(iter(report.labels))


def test_verify_with_durable_rules_says_so(path_card):
    if rete_backend.durable_missing():
        pytest.skip("durable_rules is not installed here")
    report = verify_file(path_card[0])
    assert report.labels == {"规则引擎 durable_rules（rete）"}


def test_profile_tests_run_on_both_engines():
    report = profile_tests.run_profile_tests(plan_from("yueyang2018"))
    assert report.engines[0] == "vector" and report.engines[1].startswith("rete")
    assert report.ok


def test_profile_tests_fail_on_any_engine_disagreement(monkeypatch):
    """A rete result that differs from vector's on one criterion fails exactly the tests naming it."""
    plan = plan_from("yueyang2018")
    real = rete_backend.ReteBackend.evaluate

    def skewed(self, plan, batch):
        results = real(self, plan, batch)
        results.criteria[0].points[:] += 0.5
        return results

    monkeypatch.setattr(rete_backend.ReteBackend, "evaluate", skewed)
    report = profile_tests.run_profile_tests(plan)
    assert report.failed and all(any("引擎不一致" in f for f in o.failures) for o in report.failed)
    first = plan.criteria[0].id
    assert all(f.startswith((f"评分项“{first}”", "总分")) for o in report.failed for f in o.failures)


def test_profile_tests_without_durable_rules_still_run_rete(no_durable):
    report = profile_tests.run_profile_tests(plan_from("mof2013"))
    assert "纯 Python" in report.engines[1] and report.ok
