"""Golden scorecards for the two seed departments, reviewed by hand (see tests/golden/README.md).

A change that moves any number, branch or reason shows up here as a diff; regenerate
only after reviewing it: ``perfscore score examples/X.yaml --format json > tests/golden/X.json``.
"""

from __future__ import annotations

import json

import pytest

from support import EXAMPLES, ROOT, run_cli

SEEDS = ["hengshan_minzheng_2023", "xiangxiang_minzheng_2024", "demo_full_department"]


@pytest.mark.parametrize("seed", SEEDS)
def test_scorecard_matches_the_reviewed_golden_file(seed):
    result = run_cli("score", f"examples/{seed}.yaml", "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    golden = (ROOT / "tests" / "golden" / f"{seed}.json").read_text(encoding="utf-8")
    assert result.stdout == golden


@pytest.mark.parametrize("seed", SEEDS)
def test_golden_totals_add_up(seed):
    card = json.loads((ROOT / "tests" / "golden" / f"{seed}.json").read_text(encoding="utf-8"))
    criteria_sum = round(sum(c["score"] for c in card["criteria"]), 2)
    assert card["total"] == criteria_sum
    tops = [level for level in card["levels"] if "/" not in level["path"]]
    assert round(sum(level["score"] for level in tops), 2) == card["total"]
    assert (EXAMPLES / f"{seed}.yaml").exists()


def test_hengshan_hand_checked_numbers():
    card = json.loads((ROOT / "tests" / "golden" / "hengshan_minzheng_2023.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in card["criteria"]}
    # 43 staff in post of 65 authorised = 66.15% ≤ 100% → full points
    assert by_id["staff_control"]["value"] == 66.15 and by_id["staff_control"]["score"] == by_id["staff_control"]["points"]
    # 三公 0.57 of a budget of 1 万元 = 57.00%, exactly, despite 0.57/1*100 = 56.99999999999999 in binary
    assert by_id["sangong_control"]["value"] == 57
    # the self-score of 89 (良好) is far above what the report's own data supports
    assert card["self_check"]["self_score"] == 89 and card["self_check"]["grade_agrees"] is False
    assert any(f["id"] == "check:self_eval_before_year_end" and f["severity"] == "error" for f in card["flags"])


def test_demo_department_hand_checked_numbers():
    card = json.loads((ROOT / "tests" / "golden" / "demo_full_department.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in card["criteria"]}
    # 50 staff on a quota of 48 = 104.17%: 4 whole points over (partial_steps floor) × 0.3 = 1.2 off 3
    assert (by_id["staff_control"]["value"], by_id["staff_control"]["score"]) == (104.17, 1.8)
    # 2671.3 / 2782 = 96.02%: 3.98 pp short is less than one 5-pp step, so nothing is deducted
    assert (by_id["budget_completion"]["value"], by_id["budget_completion"]["score"]) == (96.02, 4)
    # 1250 / 1300 = 96.15% of the planned payment progress → 3 × 0.9615 = 2.88
    assert by_id["payment_progress"]["score"] == 2.88
    # goal rows 3 + 2×42/45 + 1 + 2 = 7.87 of 8
    assert by_id["dept_goals"]["score"] == 7.87
    # final accounts published 26 days after approval (limit 20): one checklist item lost
    assert by_id["disclosure"]["score"] == 3
    assert (card["total"], card["grade"], card["grade_label"]) == (89.36, "良", "良好")
    assert card["self_check"]["gap"] == 3.64 and card["self_check"]["grade_agrees"] is False
