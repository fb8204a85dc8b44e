"""Audit findings and rules (rules/audit.yaml): deductions naming their finding, caps, flags, chaining — both backends."""

from __future__ import annotations

import json

import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.rubric.audit import load_rules
from perfscore.engine.rubric.plan import compile_profile
from perfscore.engine.rubric.profiles import load_profile
from perfscore.engine.rete.backend import load_backend
from perfscore.engine.evaluate.vector import VectorBackend
from rete_support import differences, make_batch, random_batch
from support import AUDIT_RULES, audited_profile, run_cli

# a department that scores 优 without findings: no violations counted, every other criterion not applicable
GOOD: dict = {"dept_name": "示范局", "audit_findings": 0}


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    return audited_profile(tmp_path_factory.mktemp("audit"))


@pytest.fixture(scope="module")
def plan(audited):
    plan = compile_profile(load_profile(str(audited)))
    GOOD["not_applicable"] = [c.id for c in plan.criteria if c.id != "funds_compliance"]
    return plan


def both(plan, raws):
    batch = make_batch(plan, raws)
    vector, rete = VectorBackend().evaluate(plan, batch), load_backend().evaluate(plan, batch)
    assert not differences(vector, rete), differences(vector, rete)
    for i in range(batch.n):
        assert vector.audit.departments[i].flags == rete.audit.departments[i].flags
        assert vector.audit.departments[i].deductions == rete.audit.departments[i].deductions
    return vector, rete


def points(results, plan, criterion_id):
    return float(results.criteria[next(c.index for c in plan.criteria if c.id == criterion_id)].points[0])


def test_rules_file_loads_and_every_rule_is_used_by_the_fixture():
    rules, raw = load_rules()
    assert [r.id for r in rules] == AUDIT_RULES and set(raw) == set(AUDIT_RULES)


def test_each_finding_deducts_and_is_named(plan):
    clean, _ = both(plan, [GOOD])
    vector, rete = both(plan, [dict(GOOD, findings=[{"category": "截留", "amount": 3, "source": "2023年审计报告"}])])
    for results in (vector, rete):
        assert points(results, plan, "funds_compliance") == points(clean, plan, "funds_compliance") - 1
        [deduction] = results.audit.criterion_deductions(0, "funds_compliance")
        assert deduction.rule == "misuse_deduct" and deduction.finding.source == "2023年审计报告"


def test_deductions_are_capped_per_rule_and_floored(plan):
    findings = [{"category": "违规使用", "source": f"检查{k}"} for k in range(5)]
    vector, _ = both(plan, [dict(GOOD, findings=findings)])
    deductions = vector.audit.criterion_deductions(0, "funds_compliance")
    assert [d.points for d in deductions] == [1, 1, 1]  # max 3: the 4th and 5th deduct nothing
    assert points(vector, plan, "funds_compliance") == 0


def test_misappropriation_caps_the_grade_at_zhong(plan):
    clean, _ = both(plan, [GOOD])
    vector, rete = both(plan, [dict(GOOD, findings=[{"category": "挪用", "amount": "5,000元", "source": "审计"}])])
    assert clean.grade[0] < 2 <= vector.grade[0] == rete.grade[0]  # 中 = GRADE_ORDER index 2
    ids = [f["id"] for f in vector.audit.departments[0].flags]
    assert ids == ["audit:misappropriation"]


def test_flags_chain_into_further_rules(plan):
    vector, rete = both(plan, [dict(GOOD, findings=[{"category": "挤占", "amount": 100, "source": "审计"}])])
    ids = [f["id"] for f in rete.audit.departments[0].flags]
    assert ids == ["audit:misappropriation", "audit:major_violation", "audit:referred"]  # referred: raised by a flag
    assert vector.grade[0] == rete.grade[0] == 3  # 差
    below, _ = both(plan, [dict(GOOD, findings=[{"category": "挤占", "amount": 99.9999, "source": "审计"}])])
    assert "audit:major_violation" not in [f["id"] for f in below.audit.departments[0].flags]


def test_random_findings_agree_between_backends(plan):
    for seed in range(3):
        batch = random_batch(plan, 300 + seed, 800)
        vector, rete = VectorBackend().evaluate(plan, batch), load_backend().evaluate(plan, batch)
        assert not differences(vector, rete)
        assert [d.flags for d in vector.audit.departments] == [d.flags for d in rete.audit.departments]


def test_scorecard_names_the_finding_behind_each_deduction(audited, plan, tmp_path):
    department = tmp_path / "d.json"
    department.write_text(json.dumps(dict(GOOD, findings=[{"category": "挪用", "amount": 12.5, "source": "2023年审计"}]),
                                     ensure_ascii=False), encoding="utf-8")
    for engine in ("vector", "rete"):
        done = run_cli("score", department, "--profile", audited, "--format", "json", "--engine", engine)
        assert done.returncode == 0, done.stderr
        card = json.loads(done.stdout)
        entry = next(c for c in card["criteria"] if c["id"] == "funds_compliance")
        assert entry["audit"] == [{"rule": "misuse_deduct", "points": 1,
                                   "finding": {"category": "挪用", "severity": "", "amount": 12.5, "source": "2023年审计"}}]
        assert "审计发现“挪用”问题（2023年审计），扣1分" in entry["reason"]
        assert card["grade"] == "中"
        assert any(f["id"] == "audit:misappropriation" and f["severity"] == "error" for f in card["flags"])


def test_bad_findings_are_input_errors(plan, audited, tmp_path):
    with pytest.raises(PerfscoreError, match="category"):
        both(plan, [dict(GOOD, findings=[{"amount": 3}])])
    department = tmp_path / "d.yaml"
    department.write_text("final_total: 90\nfindings:\n  - {category: 挪用, amount: 很多}\n", encoding="utf-8")
    done = run_cli("score", department, "--profile", audited, "--engine", "rete")
    assert done.returncode == 2 and "审计发现的金额“很多”不是金额" in done.stderr


def test_profile_audit_section_is_checked(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\nname: 坏\nversion: '1'\nextends: mof2013\naudit: {rules: [misuse_deduc, "
                    "misappropriation_veto]}\ntests: []\n", encoding="utf-8")
    with pytest.raises(PerfscoreError) as caught:
        load_profile(str(path))
    text = str(caught.value)
    assert "misuse_deduct" in text  # did-you-mean
    assert "misappropriation" in text and "但已启用的规则都不会发出该标记" in text


def test_profile_hash_covers_the_audit_rules(audited):
    assert load_profile(str(audited)).sha256 != load_profile("mof2013").sha256
