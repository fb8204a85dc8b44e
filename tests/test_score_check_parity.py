"""``perfscore score`` shows every finding ``perfscore check`` makes on the same input, with the same severity, and
neither prints a finding's internal id in its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfscore import api
from support import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("name", ["hengshan_minzheng_2023.yaml", "hengshan_minzheng_2023.txt",
                                  "xiangxiang_minzheng_2024.yaml", "demo_full_department.yaml"])
def test_score_shows_every_check_finding_with_its_severity(name):
    findings = {(f.severity, f.message) for f in api.check(EXAMPLES / name)}
    card = api.score(EXAMPLES / name).scorecards[0]
    flags = {(f["severity"], f["message"]) for f in card["flags"]}
    assert findings <= flags
    messages = [message for _, message in flags]
    assert len(messages) == len(set(messages))  # each said once


def test_the_self_evaluation_date_is_an_error_in_both():
    card = api.score(EXAMPLES / "hengshan_minzheng_2023.yaml").scorecards[0]
    dated = [f for f in card["flags"] if "自评开展时间" in f["message"]]
    assert [f["severity"] for f in dated] == ["error"]
    check = run_cli("check", EXAMPLES / "hengshan_minzheng_2023.yaml")
    score = run_cli("score", EXAMPLES / "hengshan_minzheng_2023.yaml")
    assert "错误：自评开展时间为2023-06" in check.stdout and "[错误] 自评开展时间为2023-06" in score.stderr
    assert "self_eval" not in check.stdout and "line_item" not in check.stdout
