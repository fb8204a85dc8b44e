"""Three formula/shape semantics that both backends must apply row by row, identically (one regression each).

1. ``round(x, d)``: ``d`` is a whole-number literal, a constant for the batch (formerly read from the first row).
2. Tiered: a score entered as text no longer hides every department's numeric score; that row's score is
   missing (the tier's default applies) and flagged.
3. Text used in arithmetic is *missing* with a reason (数据不是数值：…), not a NaN counted as present.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from perfscore.engine.rete import backend as rete
from perfscore.engine.errors import PerfscoreError
from perfscore.engine.render.scorecard import build_scorecards
from perfscore.engine.evaluate.vector import VectorBackend
from support import plan_from_text, profile_text
from rete_support import differences, make_batch

def _plan(tmp_path, body: str):
    return plan_from_text(tmp_path, body, id="semantics")


def _both(plan, raws):
    batch = make_batch(plan, raws)
    vector = VectorBackend().evaluate(plan, batch)
    other = rete.load_backend().evaluate(plan, batch)
    assert not differences(vector, other)
    return vector, other


def _branch(plan, results, c: int, i: int) -> str:
    return plan.criteria[c].branches[int(results.criteria[c].branch[i])]


# -- 1. round(x, d) ---------------------------------------------------------------------------------------


ROUND = """\
    tree:
      - id: t
        name: 取整
        points: 100
        children:
          - id: r
            name: 取整
            formula: round(final_total / 3, 1)
            points: 100
            scoring: {shape: bands, bands: [{range: "(-inf, 3.3]", points: 10}, {range: "(3.3, +inf)", points: 100}]}
    """


def test_round_takes_its_decimals_from_the_literal_for_every_row(tmp_path):
    plan = _plan(tmp_path, ROUND)
    for results in _both(plan, [{"final_total": 10}, {"final_total": 11}, {"final_total": 9.9}]):
        assert results.criteria[0].value.tolist() == [3.3, 3.7, 3.3]
        assert results.criteria[0].points.tolist() == [10.0, 100.0, 10.0]


@pytest.mark.parametrize("digits", ["budget_total", "1 + 1", "2.5", "-1", "10"])
def test_round_rejects_decimals_that_are_not_a_whole_number_literal(tmp_path, digits):
    body = ROUND.replace("round(final_total / 3, 1)", f"round(final_total / 3, {digits})")
    with pytest.raises(PerfscoreError) as caught:
        _plan(tmp_path, body)
    text = str(caught.value)
    assert "round(x, d)" in text and "应为 0 至 9 的整数" in text
    line = next(n for n, t in enumerate(profile_text(body, id="semantics").splitlines(), 1)
                if "round(" in t)
    match = re.search(r"p\.yaml:(\d+):(\d+)", text)
    assert match and int(match.group(1)) == line
    column = int(match.group(2))
    source_line = profile_text(body, id="semantics").splitlines()[line - 1]
    assert source_line[column - 1:].startswith(digits), (source_line, column)  # points at d itself


# -- 2. tiered score entered as text ---------------------------------------------------------------------


TIERED = """\
    tree:
      - id: t
        name: 评价
        points: 100
        children:
          - id: q
            name: 工作质量
            points: 10
            scoring:
              shape: tiered
              default_in_tier: min
              tiers:
                - {name: 好, range: "[80%, 100%]"}
                - {name: 中, range: "[50%, 80%)"}
                - {name: 差, range: "[0%, 50%)"}
          - {id: f, name: 支出, formula: final_total, points: 90,
             scoring: {shape: bands, bands: [{range: "(-inf, +inf)", points: 90}]}}
    """


def test_a_text_score_only_ignores_that_rows_score(tmp_path):
    plan = _plan(tmp_path, TIERED)
    raws = [{"final_total": 1, "assessments": {"q": {"tier": "好", "score": 9.5}}},
            {"final_total": 1, "assessments": {"q": {"tier": "好", "score": "九分"}}},
            {"final_total": 1, "assessments": {"q": {"score": 6}}},
            {"final_total": 1, "assessments": {"q": {"tier": "中"}}}]
    for results in _both(plan, raws):
        q = results.criteria[0]
        assert q.points.tolist() == [9.5, 8.0, 6.0, 5.0]  # row 1: the tier's default (min), not 9.5's neighbour
        assert [_branch(plan, results, 0, i) for i in range(4)] == ["tier1", "tier1", "tier2", "tier2"]
        assert np.nan_to_num(q.detail["score_not_number"]).tolist() == [0.0, 1.0, 0.0, 0.0]
        cards = build_scorecards(results, "test", [])
        flagged = [[f["id"] for f in card["flags"] if f["id"] == "assessment_score_not_number"] for card in cards]
        assert flagged == [[], ["assessment_score_not_number"], [], []]


# -- 3. text in arithmetic ----------------------------------------------------------------------------------


TEXT = """\
    tree:
      - id: t
        name: 文本
        points: 100
        children:
          - {id: a, name: 加, formula: dept_name + 1, points: 25,
             scoring: {shape: bands, bands: [{range: "(-inf, +inf)", points: 25}]}}
          - {id: n, name: 负, formula: -dept_name, points: 25, missing: exclude,
             scoring: {shape: bands, bands: [{range: "(-inf, +inf)", points: 25}]}}
          - {id: m, name: 函数, formula: "max(final_total, dept_name)", points: 25,
             scoring: {shape: bands, bands: [{range: "(-inf, +inf)", points: 25}]}}
          - {id: s, name: 字面, formula: "final_total * 'abc'", points: 25,
             scoring: {shape: bands, bands: [{range: "(-inf, +inf)", points: 25}]}}
    """


def test_text_in_arithmetic_is_missing_with_a_reason(tmp_path):
    plan = _plan(tmp_path, TEXT)
    raws = [{"dept_name": "民政局", "final_total": 5}, {"final_total": 5}]
    for results in _both(plan, raws):
        whys = [[results.reasons.texts[int(results.criteria[c].why[i])] for c in range(4)] for i in range(2)]
        assert [_branch(plan, results, c, 0) for c in range(4)] == ["missing"] * 4
        assert whys[0][0] == whys[0][1] == whys[0][2] == "数据不是数值：部门（单位）名称"
        assert whys[0][3] == "数据不是数值：'abc'"
        assert whys[1][0].startswith("缺少数据：")  # an absent text stays merely missing
        assert results.criteria[1].excluded.tolist() == [True, True]
        assert not np.isnan(results.total).any()
