"""Parse at the edge: findings are read when the batch is built, and evaluation reads only typed data.

A batch carries each department's findings as :class:`Finding` records (``batch.findings``), goal rows
as :class:`GoalRows` and assessments as typed columns; its ``records`` are the input echo a scorecard
embeds. Both backends must score a batch whose records are unreadable exactly as the intact batch, and a
bad finding must be refused by the batch build itself, at the finding's own line and column.
"""

from __future__ import annotations

import numpy as np
import pytest

from perfscore.engine.errors import PerfscoreError, Position
from perfscore.engine.evaluate.vector import VectorBackend
from perfscore.engine.inputs.batch import GoalRows, MetricBatch, batch_from_records, load_single
from perfscore.engine.inputs.findings import Finding
from perfscore.engine.rete.backend import load_backend
from perfscore.engine.rubric.plan import compile_profile
from perfscore.engine.rubric.profiles import load_profile
from rete_support import differences, make_batch, random_batch
from support import audited_profile



@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return compile_profile(load_profile(str(audited_profile(tmp_path_factory.mktemp("edge")))))


class Unreadable(list):
    """Records no evaluation may read: any access fails the test."""

    def _refuse(self, *args, **kwargs):
        raise AssertionError("evaluation read batch.records")

    __getitem__ = __iter__ = __len__ = __contains__ = _refuse


def test_the_batch_carries_typed_findings(plan):
    batch = make_batch(plan, [{"dept_name": "甲局", "findings": [
        {"category": " 挪用 ", "severity": "重大", "amount": "5,000元", "source": "2023年审计报告"},
        {"category": "截留", "amount": 12.5}]}, {"dept_name": "乙局"}])
    assert batch.findings == [[Finding(0, "挪用", "重大", 0.5, "2023年审计报告"), Finding(1, "截留", "", 12.5, "")], []]
    # the record keeps the findings as given: the scorecard's input echo, and what verify re-reads
    assert batch.records[0]["findings"][0]["amount"] == "5,000元"
    assert isinstance(batch.goals, GoalRows)


@pytest.mark.parametrize("engine", ["vector", "rete"])
def test_evaluation_never_reads_the_raw_records(plan, engine):
    backend = VectorBackend() if engine == "vector" else load_backend()
    for seed in (11, 12):
        batch = random_batch(plan, seed, 150)
        assert any(batch.findings) and any(batch.goals.department)
        intact = backend.evaluate(plan, batch)
        batch.records = Unreadable(batch.records)
        blind = backend.evaluate(plan, batch)
        assert not differences(intact, blind)
        assert [d.flags for d in intact.audit.departments] == [d.flags for d in blind.audit.departments]
        assert [d.deductions for d in intact.audit.departments] == [d.deductions for d in blind.audit.departments]


def test_findings_decide_even_when_the_records_say_otherwise(plan):
    """Poisoned records (the findings removed, or replaced by nonsense) change nothing: the typed findings decide."""
    raw = {"dept_name": "甲局", "findings": [{"category": "挤占", "amount": 100, "source": "审计"}]}
    batch = make_batch(plan, [raw])
    vector, rete = VectorBackend().evaluate(plan, batch), load_backend().evaluate(plan, batch)
    batch.records = [{"findings": "不是列表"}]
    for backend, before in ((VectorBackend(), vector), (load_backend(), rete)):
        after = backend.evaluate(plan, batch)
        assert not differences(before, after)
        assert [f["id"] for f in after.audit.departments[0].flags] == \
            ["audit:misappropriation", "audit:major_violation", "audit:referred"]


def test_a_bad_amount_is_refused_at_batch_build_with_its_position(tmp_path):
    """No profile and no evaluation involved: loading the department is what refuses it."""
    path = tmp_path / "d.yaml"
    path.write_text("final_total: 90\nfindings:\n  - {category: 挪用, amount: 很多}\n  - {category: 截留, amount: 3}\n",
                    encoding="utf-8")
    vocabulary = load_profile("mof2013").vocabulary  # a profile without audit rules: refused all the same
    with pytest.raises(PerfscoreError) as caught:
        load_single(path, vocabulary)
    [problem] = caught.value.problems
    assert str(problem) == (f"{path}:3:5: 审计发现的金额“很多”不是金额; "
                            "应填不小于 0 的万元数，或 5,000元 / 1.2万元")


def test_findings_that_are_no_list_are_placed_at_the_department(plan):
    with pytest.raises(PerfscoreError) as caught:
        make_batch(plan, [{"dept_name": "甲局"}, {"dept_name": "乙局", "findings": "挪用"}], source="部门.yaml")
    [problem] = caught.value.problems
    assert problem.position == Position("部门.yaml", 2) and problem.message == "审计发现（findings）应为列表"


def test_batches_without_findings_have_none_per_department():
    """A table has no findings column: its batch, built without findings, has no finding for any department."""
    batch = MetricBatch({"x": np.zeros(3)}, 3, [{}, {}, {}], GoalRows(), "t.csv", [2, 3, 4])
    assert len(batch.findings) == 3 and all(len(found) == 0 for found in batch.findings)
    with pytest.raises(ValueError):
        MetricBatch({}, 2, [{}, {}], GoalRows(), "t.csv", [2, 3], findings=[[]])
    assert batch_from_records([], [], load_profile("mof2013").vocabulary, "t.csv", []).findings == []
