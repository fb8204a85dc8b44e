"""The rete backend agrees exactly with the vector backend: profile tests, generated and synthetic departments."""

from __future__ import annotations

import json
import multiprocessing
import random
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfscore.engine.jobs import scoring as api
from perfscore.engine.inputs.batch import batch_from_records, normalise_record
from perfscore.engine.rubric.plan import compile_profile
from perfscore.engine.jobs.profile_tests import run_profile_tests
from perfscore.engine.rubric.profiles import available_profiles, load_profile
from perfscore.engine.rete.backend import ReteBackend, load_backend
from perfscore.engine.tables.synth import SynthSpec, write_synthetic
from perfscore.engine.evaluate.vector import VectorBackend
from rete_support import DepartmentMaker, differences, make_batch, random_batch
from support import run_cli

PROFILES = sorted(available_profiles())
SCRATCH = """\
id: rete_scratch
name: 规则引擎测试方案
version: "1"
parameters: {sangong_basis: final}
grades:
  - {grade: 优, label: 优秀, min: 90}
  - {grade: 良, label: 良好, min: 80}
  - {grade: 中, min: 60}
  - {grade: 差, min: 0}
tree:
  - id: input
    name: 投入
    points: 30
    children:
      - {id: staff_control, indicator: staff_control_rate, points: 5, missing: exclude,
         scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 0.5, partial: prorata}}
      - {id: sangong_change, indicator: sangong_change_rate, points: 5, missing: error,
         scoring: {shape: coarse_step, threshold: 0, direction: above, per: 3, deduct: 2, partial: ceil, floor: 1}}
      - id: adjust
        indicator: budget_adjustment_rate
        points: 10
        not_applicable: exclude
        scoring:
          shape: bands
          domain: "[0, 50]"
          bands:
            - {range: "[0, 0]", points: 10}
            - {range: "(0, 10]", points: 6}
            - {range: "(10, 20]", points: 4}
            - {range: "(20, 50]", points: 0}
      - id: states
        indicator: carryover_change_rate
        points: 10
        scoring:
          shape: states
          states:
            - {when: value <= 0 and has_finance_rules, points: 10}
            - {when: value < 10 or budget_total > 50, points: 6}
            - {when: value < 20, points: 3}
  - id: process
    name: 过程
    points: 70
    children:
      - {id: completion, indicator: budget_completion_rate, points: 8,
         scoring: {shape: coarse_step, threshold: 100, direction: below, per: 5, deduct: 2, partial: floor}}
      - {id: payment, indicator: payment_progress_rate, points: 6,
         scoring: {shape: proportional, target: 95, direction: higher, cutoff: 50}}
      - {id: lower, indicator: staff_control_rate, points: 4,
         scoring: {shape: proportional, target: 100, direction: lower, cutoff: 130}}
      - {id: compliance, indicator: funds_use_compliance, points: 3, missing: manual,
         scoring: {shape: per_occurrence, deduct: 1, max_deduct: 2}}
      - id: rules_ok
        name: 管理制度健全性
        points: 3
        scoring:
          shape: checklist
          items:
            - {id: fin, name: 财务管理制度, when: has_finance_rules, points: 1}
            - {id: proc, name: 政府采购制度, when: has_procurement_rules, points: 1}
            - {id: asset, name: 资产管理制度, when: has_asset_rules, points: 1}
      - id: carry
        name: 结转结余
        points: 3
        scoring:
          shape: either_or
          options:
            - indicator: carryover_rate
              scoring: {shape: proportional, target: 10, direction: lower}
            - indicator: carryover_change_rate
              scoring:
                shape: states
                states:
                  - {when: value <= 0, points: 3}
                  - {otherwise: true, points: 1}
      - {id: social, name: 社会效益, points: 10, missing: manual, scoring: {shape: tiered, default_in_tier: mid}}
      - {id: judge, name: 人工, points: 10, scoring: {shape: manual}}
      - {id: goals, name: 部门绩效目标, points: 23, goal_table: {short_rule: zero}}
"""


@pytest.fixture(scope="module")
def rete():
    return load_backend()


@pytest.fixture(scope="module")
def scratch_plan(tmp_path_factory):
    path = tmp_path_factory.mktemp("rete") / "scratch.yaml"
    path.write_text(SCRATCH, encoding="utf-8")
    return compile_profile(load_profile(str(path)))


def _assert_agree(plan, batch, rete_backend) -> None:
    left = VectorBackend().evaluate(plan, batch)
    right = rete_backend.evaluate(plan, batch)
    assert right.engine == "rete"
    problems = differences(left, right)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("profile_id", PROFILES)
def test_profile_tests_pass_on_rete(profile_id, rete):
    plan = compile_profile(load_profile(profile_id))
    vector, other = run_profile_tests(plan), run_profile_tests(plan, rete)
    assert [o.failures for o in other.outcomes] == [o.failures for o in vector.outcomes]
    assert not other.failed


@pytest.mark.parametrize("profile_id", PROFILES)
def test_profile_test_metrics_agree(profile_id, rete):
    plan = compile_profile(load_profile(profile_id))
    known = {c.id for c in plan.criteria}
    records, goals = [], []
    for test in plan.profile.tests:
        record, rows = normalise_record(test.metrics, plan.profile.vocabulary, test.position, known)
        records.append(record)
        goals.append(rows)
    if records:
        _assert_agree(plan, batch_from_records(records, goals, plan.profile.vocabulary, "tests", [1] * len(records)),
                      rete)


@pytest.mark.parametrize("profile_id", PROFILES)
def test_ten_thousand_generated_departments_agree(profile_id, rete):
    plan = compile_profile(load_profile(profile_id))
    for seed in range(4):  # 4 × 2,500 = 10,000 departments, each batch with its own column types
        _assert_agree(plan, random_batch(plan, seed, 2500), rete)


@pytest.mark.parametrize("profile_id", PROFILES)
def test_ten_thousand_synthetic_departments_agree(profile_id, rete, tmp_path):
    plan = compile_profile(load_profile(profile_id))
    path = tmp_path / "synthetic.csv"
    write_synthetic(plan, SynthSpec(10_000, 7), path)
    _assert_agree(plan, api.read_metrics(path, plan), rete)


def test_scratch_profile_with_every_shape_agrees(scratch_plan, rete):
    for seed in range(3):
        _assert_agree(scratch_plan, random_batch(scratch_plan, 100 + seed, 1500), rete)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2 ** 32 - 1), size=st.integers(1, 40), profile=st.sampled_from(PROFILES + ["scratch"]))
def test_property_backends_agree(seed, size, profile, scratch_plan, rete):
    plan = scratch_plan if profile == "scratch" else compile_profile(load_profile(profile))
    _assert_agree(plan, random_batch(plan, seed, size), rete)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_single_values(data, scratch_plan, rete):
    """Hypothesis picks every input of one department: edge values, tiny and huge numbers, text in numeric slots."""
    maker = DepartmentMaker(scratch_plan, random.Random(0))
    number = st.one_of(st.sampled_from(maker.edges), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
                       st.integers(-1000, 1000), st.sampled_from([1e-9, 0.005, 0.0049999, 99.995, 1e12]))
    raw = {name: data.draw(st.one_of(st.none(), number), label=name) for name in maker.inputs
           if scratch_plan.profile.vocabulary.get(name).kind not in ("bool", "date", "text")}
    raw = {k: v for k, v in raw.items() if v is not None}
    for name in maker.inputs:
        if scratch_plan.profile.vocabulary.get(name).kind == "bool":
            raw[name] = data.draw(st.sampled_from([True, False]), label=name)
    _assert_agree(scratch_plan, make_batch(scratch_plan, [raw]), rete)


def test_parallel_slices_agree_with_one_process(rete):
    plan = compile_profile(load_profile("mof2013"))
    batch = random_batch(plan, 77, 600)
    one, two = rete.evaluate(plan, batch), ReteBackend(workers=3).evaluate(plan, batch)
    assert not differences(one, two)


def test_a_process_running_another_thread_is_never_forked(rete, monkeypatch):
    """Forking while another thread holds a lock leaves the child waiting for ever (a dask cluster's
    event loop left running hung this suite): with a second thread alive, the slices are scored in
    process, and the scores are the same."""
    plan = compile_profile(load_profile("mof2013"))
    batch = random_batch(plan, 78, 60)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        monkeypatch.setattr(multiprocessing, "get_context", lambda *_: pytest.fail("forked with a thread alive"))
        parallel = ReteBackend(workers=3).evaluate(plan, batch)
    finally:
        release.set()
        other.join()
    assert not differences(rete.evaluate(plan, batch), parallel)


def _card(result, engine: str) -> dict:
    card = json.loads(result.stdout)
    assert card["engine"]["name"] == engine
    card.pop("engine")
    return card


@pytest.mark.parametrize("profile_id", PROFILES)
def test_cli_scorecards_identical_but_for_the_engine(profile_id, tmp_path):
    plan = compile_profile(load_profile(profile_id))
    maker = DepartmentMaker(plan, random.Random(5), with_findings=False)
    for k in range(3):
        path = tmp_path / f"d{k}.json"
        raw = maker.department()
        raw.pop("not_applicable", None)
        path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        vector = run_cli("score", path, "--profile", profile_id, "--format", "json")
        rete = run_cli("score", path, "--profile", profile_id, "--format", "json", "--engine", "rete")
        assert vector.returncode == rete.returncode
        if vector.returncode == 0:
            assert _card(vector, "vector") == _card(rete, "rete")


def test_cli_rete_on_a_table(tmp_path):
    plan = compile_profile(load_profile("mof2013"))
    path = tmp_path / "t.csv"
    write_synthetic(plan, SynthSpec(40, 3), path)
    vector = run_cli("score", path, "--format", "jsonl")
    rete = run_cli("score", path, "--format", "jsonl", "--engine", "rete")
    assert vector.returncode == rete.returncode == 0, rete.stderr
    strip = lambda text: [{k: v for k, v in json.loads(line).items() if k != "engine"} for line in text.splitlines()]
    assert strip(vector.stdout) == strip(rete.stdout)
