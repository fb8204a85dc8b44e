"""Run a profile's ``tests:`` and measure their coverage of branches and band edges.

All tests of a profile are evaluated as one batch. A test checks the criteria it
names; coverage counts the branches fired and the edge values reached by those
criteria, so an untested branch or edge is reported, not assumed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..errors import Position
from ..inputs.batch import batch_from_records, normalise_record
from ..rubric.model import Bands, Deduct, Proportional
from ..render.numfmt import points_text
from ..rubric.plan import CriterionPlan, Plan, compile_profile
from ..evaluate.results import GRADE_ORDER, Results
from ..render.scorecard import canonical_grade
from ..evaluate.vector import VectorBackend

# Branches every criterion has but tests need not reach one by one.
OPTIONAL_BRANCHES = ("missing", "not_applicable", "out_of_domain", "no_state")


@dataclass
class TestOutcome:
    name: str
    position: Position
    failures: list[str] = field(default_factory=list)


@dataclass
class TestReport:
    profile_id: str
    outcomes: list[TestOutcome]
    uncovered: list[str]
    engines: tuple[str, ...] = ()  # the engines every test ran on (their results must agree)
    labels: tuple[str, ...] = ()  # the same engines, for a person

    @property
    def failed(self) -> list[TestOutcome]:
        return [o for o in self.outcomes if o.failures]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.uncovered


def edges(plan: CriterionPlan) -> list[tuple[int, float]]:
    """(option index, value) pairs a test should hit exactly: band bounds, thresholds, targets."""
    found: list[tuple[int, float]] = []
    for index, option in enumerate(plan.options):
        shape = option.scoring
        if isinstance(shape, Bands):
            for band in shape.bands:
                for bound in (band.interval.low, band.interval.high):
                    if not math.isinf(bound) and (index, bound) not in found:
                        found.append((index, bound))
        elif isinstance(shape, Deduct):
            found.append((index, shape.threshold))
        elif isinstance(shape, Proportional):
            found.append((index, shape.target))
            if shape.cutoff is not None:
                found.append((index, shape.cutoff))
    return found


def _evaluate(plan: Plan, backend) -> list[tuple[Results, int]]:
    """(results, row) for every test, in order; tests that set parameters get their own compiled plan."""
    profile = plan.profile
    groups: dict[tuple, list[int]] = {}
    for index, test in enumerate(profile.tests):
        groups.setdefault(tuple(sorted(test.parameters.items())), []).append(index)
    known = {c.id for c in plan.criteria}
    located: list[tuple[Results, int]] = [None] * len(profile.tests)  # type: ignore[list-item]
    for overrides, members in groups.items():
        group_plan = plan if not overrides else compile_profile(
            replace(profile, parameters={**profile.parameters, **dict(overrides)}))
        records, goals = [], []
        for index in members:
            test = profile.tests[index]
            record, rows = normalise_record(test.metrics, profile.vocabulary, test.position, known, plan.choices)
            records.append(record)
            goals.append(rows)
        lines = [profile.tests[index].position.line for index in members]
        batch = batch_from_records(records, goals, profile.vocabulary, profile.path, lines)
        results = backend.evaluate(group_plan, batch)
        for row, index in enumerate(members):
            located[index] = (results, row)
    return located


def _disagreements(plan: Plan, left: list[tuple[Results, int]], right: list[tuple[Results, int]],
                   other: str) -> list[list[str]]:
    """Per test, every criterion, level, total and grade on which the two engines differ."""
    found: list[list[str]] = []
    for (a, i), (b, j) in zip(left, right):
        lines: list[str] = []
        for c in plan.criteria:
            x, y = a.criteria[c.index], b.criteria[c.index]
            if not _same(x.points[i], y.points[j]) or int(x.branch[i]) != int(y.branch[j]):
                lines.append(f"评分项“{c.id}”：引擎不一致 vector {points_text(x.points[i])}（{c.branches[int(x.branch[i])]}），"
                             f"{other} {points_text(y.points[j])}（{c.branches[int(y.branch[j])]}）")
        if not _same(a.total[i], b.total[j]) or int(a.grade[i]) != int(b.grade[j]):
            lines.append(f"总分：引擎不一致 vector {points_text(a.total[i])} {GRADE_ORDER[int(a.grade[i])]}，"
                         f"{other} {points_text(b.total[j])} {GRADE_ORDER[int(b.grade[j])]}")
        found.append(lines)
    return found


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def run_profile_tests(plan: Plan, backend=None) -> TestReport:
    """Run the tests on ``backend``; by default on the vector backend AND the rete rulesets (on durable_rules,
    or the plain matcher where it is missing), failing every test on which the two disagree."""
    profile = plan.profile
    tests = profile.tests
    if not tests:
        return TestReport(profile.id, [], ["评分方案没有测试（tests:）"])
    located = _evaluate(plan, backend or VectorBackend())
    engines: tuple[str, ...] = (getattr(backend, "name", "vector"),)
    labels: tuple[str, ...] = (getattr(backend or VectorBackend(), "label", engines[0]),)
    disagreements: list[list[str]] = [[] for _ in tests]
    if backend is None:
        from ..rete.backend import load_backend

        rete = load_backend(fallback=True)
        disagreements = _disagreements(plan, located, _evaluate(plan, rete), "rete")
        engines = ("vector", "rete（durable_rules）" if rete.matcher == "durable" else "rete（纯 Python 匹配器）")
        labels = (VectorBackend.label, rete.label)
    by_id = {c.id: c for c in plan.criteria}
    outcomes: list[TestOutcome] = []
    fired: dict[str, set[str]] = {c.id: set() for c in plan.criteria}
    reached: dict[str, set[tuple[int, float]]] = {c.id: set() for c in plan.criteria}
    for test, (results, i) in zip(tests, located):
        outcome = TestOutcome(test.name, test.position, list(disagreements[len(outcomes)]))
        named = set(test.expect_criteria) | set(test.expect_branches)
        if test.expect_total is not None or test.expect_grade is not None:
            named = set(by_id)
        for cid in named:
            c = by_id[cid]
            result = results.criteria[c.index]
            branch = c.branches[int(result.branch[i])]
            fired[cid].add(branch.split(":", 1)[1] if ":" in branch else branch)
            fired[cid].add(branch)
            option = int(result.detail["option"][i]) if "option" in result.detail else 0
            value = result.value[i]
            for edge in edges(c):
                if edge[0] == option and not math.isnan(value) and value == edge[1]:
                    reached[cid].add(edge)
            expected = test.expect_criteria.get(cid)
            if expected is not None and not math.isclose(result.points[i], expected, abs_tol=1e-9):
                outcome.failures.append(f"评分项“{cid}”：期望 {points_text(expected)} 分，实得 "
                                        f"{points_text(result.points[i])} 分（规则“{branch}”，数值 {value:g}）")
            expected_branch = test.expect_branches.get(cid)
            if expected_branch is not None and expected_branch != branch:
                outcome.failures.append(f"评分项“{cid}”：期望规则“{expected_branch}”，实际为“{branch}”")
        if test.expect_total is not None and not math.isclose(results.total[i], test.expect_total, abs_tol=1e-9):
            outcome.failures.append(f"总分：期望 {points_text(test.expect_total)} 分，实得 {points_text(results.total[i])} 分")
        if test.expect_grade is not None:
            grade = GRADE_ORDER[int(results.grade[i])]
            if canonical_grade(test.expect_grade) != grade:
                outcome.failures.append(f"等级：期望“{test.expect_grade}”，实际为“{grade}”")
        outcomes.append(outcome)
    uncovered: list[str] = []
    for c in plan.criteria:
        for branch in c.branches:
            if branch.split(":")[-1] in OPTIONAL_BRANCHES or branch in fired[c.id]:
                continue
            uncovered.append(f"评分项“{c.id}”：没有测试走到规则“{branch}”")
        for option, value in edges(c):
            if (option, value) not in reached[c.id]:
                where = f"（选项 {option + 1}）" if len(c.options) > 1 else ""
                uncovered.append(f"评分项“{c.id}”：没有测试恰好落在边界值 {value:g} 上{where}")
    return TestReport(profile.id, outcomes, uncovered, engines, labels)

