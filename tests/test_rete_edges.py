"""The rete backend's sharp edges (notes/durable_rules.md), one regression test each."""

from __future__ import annotations

import json
import math
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfscore.engine.rete import backend as rete
from perfscore.engine.errors import PerfscoreError, Position
from perfscore.engine.rubric.plan import compile_profile
from perfscore.engine.rubric.profiles import load_profile
from perfscore.engine.rete.ruleset import criterion_rules
from perfscore.engine.rete.num import LIMIT, edge, to_rule_int
from perfscore.engine.rete.shapes import DeductRules
from perfscore.engine.rounding import np_round_scalar, round_half_up_scalar
from perfscore.engine.rounding import round_half_up as round_array
from perfscore.engine.evaluate.vector import VectorBackend
from support import plan_from_text
from rete_support import differences, make_batch, random_batch

HERE = Position("<test>")


@pytest.fixture(scope="module")
def backend():
    return rete.load_backend()


@pytest.fixture(scope="module")
def plan():
    return compile_profile(load_profile("mof2013"))


def _profile(tmp_path, body: str, name: str = "p.yaml"):
    return plan_from_text(tmp_path, body, name, id="edge_case")


# -- numbers are sanitised before they reach the engine ------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(x=st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False), decimals=st.integers(0, 6))
def test_scalar_rounding_is_numpy_exact(x, decimals):
    assert round_half_up_scalar(x, decimals) == float(round_array(np.array([x]), decimals)[0])
    assert np_round_scalar(x, 9) == float(np.round(np.array([x]), 9)[0])


@settings(max_examples=400, deadline=None)
@given(t=st.floats(-1e9, 1e9, allow_nan=False), k=st.integers(-10 ** 13, 10 ** 13), decimals=st.integers(0, 4))
def test_integer_edges_decide_exactly_like_float_comparisons(t, k, decimals):
    value = k / 10.0 ** decimals
    assert (value >= t) == (k >= edge(t, decimals, False, HERE))
    assert (value > t) == (k >= edge(t, decimals, True, HERE))


def test_values_are_sent_as_bounded_integers():
    assert to_rule_int(57.0, 2) == 5700 and to_rule_int(0.29, 2) == 29 and to_rule_int(-0.01, 2) == -1
    assert to_rule_int(1e300, 2) == LIMIT and to_rule_int(-1e300, 2) == -LIMIT
    with pytest.raises(PerfscoreError, match="阈值"):
        edge(1e20, 2, False, HERE)


def test_facts_carry_no_exponent_nan_inf_or_numeric_text(plan, backend, monkeypatch):
    sent: list[dict] = []
    host = rete.host()
    original = host.assert_facts

    def spy(name, facts):
        sent.extend(json.loads(json.dumps(facts)))
        return original(name, facts)

    monkeypatch.setattr(host, "assert_facts", spy)
    raws = [{"staff_actual": 1e-9, "staff_authorized": 3e-7, "final_total": 1e20, "budget_total": 1e-5,
             "budget_adjusted_total": 0.00001, "sangong_actual": 1e15, "sangong_budget": 1e-300},
            {"final_total": 5, "budget_total": 0}]
    batch = make_batch(plan, raws)
    result = backend.evaluate(plan, batch)
    assert not differences(VectorBackend().evaluate(plan, batch), result)
    text = json.dumps(sent)
    assert "NaN" not in text and "Infinity" not in text
    for fact in sent:
        for key, value in fact.items():
            if isinstance(value, str):
                assert key in ("sid", "c", "x", "cat", "sev", "f"), (key, value)
            else:
                assert isinstance(value, int) and abs(value) <= LIMIT, (key, value)
                assert "e" not in json.dumps(value)


def test_text_in_a_numeric_formula_is_missing_and_still_agrees(tmp_path, backend):
    plan = _profile(tmp_path, """\
        tree:
          - id: t
            name: 文本
            points: 100
            children:
              - {id: x, name: 文本运算, formula: dept_name + 1, points: 50,
                 scoring: {shape: bands, bands: [{range: "(-inf, 0)", points: 10}, {range: "[0, +inf)", points: 50}]}}
              - {id: y, name: 文本比较, formula: dept_name * 2, points: 50,
                 scoring: {shape: linear_deduct, threshold: 1, direction: above, deduct: 1}}
        """)
    batch = make_batch(plan, [{"dept_name": "民政局"}, {}])
    out = backend.evaluate(plan, batch)
    assert not differences(VectorBackend().evaluate(plan, batch), out)
    assert plan.criteria[0].branches[out.criteria[0].branch[0]] == "missing"
    assert out.reasons.texts[out.criteria[0].why[0]].startswith("数据不是数值：")


# -- sessions, threads, exceptions -----------------------------------------------------------------------


def test_sessions_are_deleted_so_more_than_1024_departments_run(plan, backend, monkeypatch):
    deleted: list[str] = []
    host = rete.host()
    original = host.delete_state
    monkeypatch.setattr(host, "delete_state", lambda name, sid: (deleted.append(sid), original(name, sid)))
    batch = random_batch(plan, 9, 1100)  # the 1025th live session would raise MemoryError
    backend.evaluate(plan, batch)
    assert len(deleted) == 1100 and len(set(deleted)) == 1100


def test_no_background_threads(tmp_path):
    script = textwrap.dedent("""\
        import threading
        from perfscore.engine.jobs.scoring import compile_reference, score_batch
        from perfscore.engine.inputs.batch import batch_from_records
        plan = compile_reference("mof2013")
        batch = batch_from_records([{"final_total": 90, "budget_total": 100}], [[]], plan.profile.vocabulary, "x", [1])
        score_batch(plan, batch, "rete")
        print(threading.active_count())
        """)
    done = run_cli_python(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def run_cli_python(code: str):
    import subprocess

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_exception_inside_an_action_is_raised(plan, backend, monkeypatch):
    def broken(self, label, seen):
        raise ValueError("boom")

    monkeypatch.setattr(DeductRules, "score", broken)
    batch = make_batch(plan, [{"staff_actual": 60, "staff_authorized": 57}])
    with pytest.raises(rete.ReteError, match="boom") as caught:
        backend.evaluate(plan, batch)
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_fact_no_rule_matches_is_an_error(plan, backend, monkeypatch):
    original = DeductRules.observe

    def odd(self, value, ev, row):
        seen = original(self, value, ev, row)
        seen.props["x"] = "unexpected"
        return seen

    monkeypatch.setattr(DeductRules, "observe", odd)
    with pytest.raises(rete.ReteError, match="未匹配"):
        backend.evaluate(plan, make_batch(plan, [{}]))


# -- ruleset names, state object, limits -----------------------------------------------------------------


def test_rulesets_are_named_by_version(tmp_path, backend):
    body = """\
        tree:
          - id: t
            name: 投入
            points: 100
            children:
              - {id: s, indicator: staff_control_rate, points: 100,
                 scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: DEDUCT}}
        """
    first = _profile(tmp_path, body.replace("DEDUCT", "1"), "a.yaml")
    again = _profile(tmp_path, body.replace("DEDUCT", "1"), "b.yaml")
    other = _profile(tmp_path, body.replace("DEDUCT", "2"), "c.yaml")
    names = [rete.compiled_for(p).name for p in (first, again, other)]
    assert names[0].startswith(f"perfscore.edge_case.{first.profile.sha256[:12]}.")
    assert names[0] == names[1] != names[2]
    batch = make_batch(first, [{"staff_actual": 60, "staff_authorized": 57}])
    assert backend.evaluate(first, batch).criteria[0].points[0] == backend.evaluate(again, batch).criteria[0].points[0]
    assert backend.evaluate(other, batch).criteria[0].points[0] == 100 - 2 * math.ceil(60 / 57 * 100 - 100)


def test_no_rule_tests_the_engines_state_object(plan, backend):
    compiled = rete.compiled_for(plan)
    tested: set[str] = set()

    def walk(test):
        for key, value in test.items():
            if key.startswith("$"):
                for inner in value if isinstance(value, list) else [value]:
                    walk(inner)
            else:
                tested.add(key)

    for spec in criterion_rules(compiled.slots):
        assert "c" in spec.tests[0]  # a property only our facts carry comes first
        for test in spec.tests:
            walk(test)
    assert not tested & {"sid", "id", "$s"}
    with pytest.raises(Exception) as caught:  # a state-like message matches nothing
        rete.host().assert_fact(compiled.name, {"sid": "probe", "label": "x"})
    assert type(caught.value).__name__ == "MessageNotHandledException"
    rete.host().delete_state(compiled.name, "probe")


def test_too_many_bands_fail_at_compile_time(tmp_path, backend):
    bands = "\n".join(f"                     - {{range: \"[{k}, {k + 1})\", points: 1}}" for k in range(60))
    plan = _profile(tmp_path, f"""\
        tree:
          - id: t
            name: 投入
            points: 100
            children:
              - id: s
                indicator: staff_control_rate
                points: 100
                scoring:
                  shape: bands
                  domain: "[0, 60)"
                  bands:
{bands}
        """)
    VectorBackend().evaluate(plan, make_batch(plan, [{}]))  # the vector backend has no such limit
    with pytest.raises(PerfscoreError, match="上限"):
        backend.evaluate(plan, make_batch(plan, [{}]))


def test_huge_threshold_fails_clearly(tmp_path, backend):
    plan = _profile(tmp_path, """\
        tree:
          - id: t
            name: 投入
            points: 100
            children:
              - {id: s, indicator: staff_control_rate, points: 100,
                 scoring: {shape: linear_deduct, threshold: 1000000000000000000, direction: above, deduct: 1}}
        """)
    with pytest.raises(PerfscoreError, match="阈值"):
        backend.evaluate(plan, make_batch(plan, [{}]))


# -- optional dependency -----------------------------------------------------------------------------------


def test_without_durable_rules_rete_exits_2_and_vector_still_works(tmp_path):
    department = tmp_path / "d.yaml"
    department.write_text("final_total: 90\nbudget_total: 100\n", encoding="utf-8")
    code = textwrap.dedent(f"""\
        import sys
        sys.modules["durable"] = None          # as if durable-rules were not installed
        from perfscore.cli import main
        print("vector", main(["score", {str(department)!r}]))
        sys.exit(main(["score", {str(department)!r}, "--engine", "rete"]))
        """)
    done = run_cli_python(code)
    assert done.returncode == 2
    assert "vector 0" in done.stdout
    assert "durable_rules" in done.stderr and 'pip install "perfscore[rete]"' in done.stderr


def test_python_313_is_refused_with_the_remedy(monkeypatch):
    monkeypatch.setattr(sys, "version_info", (3, 13, 0, "final", 0))
    with pytest.raises(PerfscoreError) as caught:
        rete.load_backend()
    assert "3.13" in str(caught.value) and "--engine vector" in str(caught.value)


def test_lean_dispatch_runs_every_action_chains_and_raises():
    """The Ruleset subclass's _flush_actions: one firing per fact, in-session chaining, errors not swallowed."""
    host = rete.host()
    seen: list[tuple[str, int]] = []

    def record(c):
        seen.append((c.m["c"], c.m["v"]))
        if c.m["c"] == "a" and c.m["v"] == 2:
            c.assert_fact({"c": "b", "v": 20})  # chained into the same session

    def boom(c):
        raise ValueError("boom")

    host.set_rulesets({"perfscore.test.lean": {
        "a": {"all": [{"m": {"$and": [{"c": "a"}, {"$lt": {"v": 100}}]}}], "run": record},
        "b": {"all": [{"m": {"c": "b"}}], "run": record},
        "bad": {"all": [{"m": {"$and": [{"c": "a"}, {"$gte": {"v": 100}}]}}], "run": boom}}})
    host.assert_facts("perfscore.test.lean", [{"sid": "s1", "c": "a", "v": k} for k in (1, 2, 3)])
    host.delete_state("perfscore.test.lean", "s1")
    assert sorted(seen) == [("a", 1), ("a", 2), ("a", 3), ("b", 20)]
    with pytest.raises(ValueError, match="boom"):
        host.assert_facts("perfscore.test.lean", [{"sid": "s2", "c": "a", "v": 100}])
    host.delete_state("perfscore.test.lean", "s2")
    seen.clear()
    host.assert_facts("perfscore.test.lean", [{"sid": "s3", "c": "a", "v": 5}])  # the ruleset still works
    host.delete_state("perfscore.test.lean", "s3")
    assert seen == [("a", 5)]
