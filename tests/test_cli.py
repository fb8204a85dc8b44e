"""The command line end to end, through a subprocess, as an analyst or auditor runs it."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

from perfscore.engine.render.textwidth import width
from perfscore.engine.rubric.profiles import load_profile
from support import EXAMPLES, ONE_CRITERION, ROOT, profile_text, run_cli

HENGSHAN = EXAMPLES / "hengshan_minzheng_2023.yaml"


def test_score_prints_an_aligned_chinese_scorecard():
    result = run_cli("score", HENGSHAN)
    assert result.returncode == 0, result.stderr
    assert "衡山县民政局 2023年度部门整体支出绩效评价" in result.stdout
    assert "总分：6 / 100    等级：差" in result.stdout
    assert "在职人员控制率 66.15%，未超过100%，得满分3分" in result.stdout


def test_output_formats_agree(tmp_path: Path):
    card = json.loads(run_cli("score", HENGSHAN, "--format", "json").stdout)
    assert set(card) >= {"total", "max_total", "grade", "grade_label", "profile", "input", "department", "levels",
                         "criteria", "flags", "self_check"}
    assert set(card["criteria"][0]) >= {"id", "path", "name", "points", "score", "value", "inputs", "rule", "reason",
                                         "missing"}
    rows = list(csv.DictReader(io.StringIO(run_cli("score", HENGSHAN, "--format", "csv").stdout)))
    assert [r["criterion_id"] for r in rows] == [c["id"] for c in card["criteria"]]
    assert [float(r["score"]) for r in rows] == [c["score"] for c in card["criteria"]]
    markdown = run_cli("score", HENGSHAN, "--format", "md").stdout
    assert markdown.startswith("# 湖南省衡山县民政局") and "| 所属层级 | 指标 | 分值 | 得分 | 评分说明 |" in markdown
    assert "| 投入 / 预算配置 | 在职人员控制率 |" in markdown and "input/" not in markdown
    line = run_cli("score", HENGSHAN, "--format", "jsonl").stdout
    assert json.loads(line) == card


def test_output_file_takes_its_format_from_the_extension_and_is_atomic(tmp_path: Path):
    out = tmp_path / "card.json"
    result = run_cli("score", HENGSHAN, "-o", out)
    assert result.returncode == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 6
    assert [p.name for p in tmp_path.iterdir()] == ["card.json"]


def test_profiles_and_explain():
    listing = run_cli("profiles").stdout
    assert "mof2013" in listing and "yueyang2018" in listing
    explained = run_cli("explain", "mof2013")
    assert explained.returncode == 0
    assert "评分标准" in explained.stdout and "在职人员控制率" in explained.stdout and "总分 100 分" in explained.stdout
    assert max(width(line) for line in explained.stdout.splitlines()) <= 100
    assert "版本：2024.1；选用：--profile mof2013" in explained.stdout
    assert "预决算公开时限（天）：20" in explained.stdout and "disclosure_days" not in explained.stdout
    markdown = run_cli("explain", "mof2013", "--format", "md").stdout
    assert "| 三级指标 | 在职人员控制率 | 3 | 在职人员控制率≤100%得满分3分；超过100%的，每1个百分点扣0.3分" in markdown


def test_shipped_profiles_cite_public_sources_in_words_a_reader_can_follow():
    """The 来源 line names documents, never the team's internal note labels, and YAML line folding leaves no
    space beside Chinese punctuation."""
    for profile in ("mof2013", "yueyang2018", "sichuan_dazhou2017", "mof2020_project"):
        source = load_profile(profile).source
        assert source and "notes" not in source and "(c)" not in source, (profile, source)
        assert not re.search(r"[，。；：、（）“”] | [，。；：、（）“”]", source), (profile, source)


def test_shipped_rubrics_validate_and_pass_their_tests():
    validated = run_cli("validate")
    assert validated.returncode == 0, validated.stderr
    tested = run_cli("test")
    assert tested.returncode == 0, tested.stdout
    assert "mof2013：" in tested.stdout and "未通过 0 个，未覆盖 0 处 — 全部通过" in tested.stdout


def test_a_failing_profile_test_exits_1_with_a_diff(tmp_path: Path):
    body = ONE_CRITERION + """
tests:
  - name: 超编1人
    metrics: {staff_actual: 101, staff_authorized: 100}
    expect: {criteria: {staff: 95}, branches: {staff: deduct}}
"""
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(body), encoding="utf-8")
    result = run_cli("test", path)
    assert result.returncode == 1
    assert "评分项“staff”：期望 95 分，实得 90 分（规则“deduct”，数值 101）" in result.stdout
    assert "没有测试走到规则“full”" in result.stdout and "没有测试走到规则“floor”" in result.stdout


def test_score_a_report_in_one_go():
    report = EXAMPLES / "hengshan_minzheng_2023.txt"
    result = run_cli("score", report, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "单位疑误" in result.stderr  # check findings are printed above the scorecard
    card = json.loads(result.stdout)
    assert card["input"]["provenance"]["staff_actual"]["text"]
    from_yaml = json.loads(run_cli("score", HENGSHAN, "--format", "json").stdout)
    scores = {c["id"]: c["score"] for c in from_yaml["criteria"]}
    assert {c["id"]: c["score"] for c in card["criteria"]} == scores


def test_single_department_does_not_import_pandas():
    code = ("import sys; from perfscore.cli import main; main(['score', %r, '--format', 'json']);"
            "print('pandas' in sys.modules, file=sys.stderr)") % str(HENGSHAN)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stderr.strip().splitlines()[-1] == "False"


def _strict_json(text: str):
    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def test_absurd_figures_score_quietly_and_the_json_stays_json(tmp_path: Path):
    """Ratios near 1e300 and a self-score of 1e308: no numpy warning on stderr from either engine, and no
    Infinity/NaN in the JSON (a strict parser reads it)."""
    department = tmp_path / "huge.yaml"
    department.write_text("dept_name: 甲局\nyear: 2023\nbudget_adjustment: 1.0e+300\nbudget_total: 100\n"
                          "staff_actual: 1.0e+300\nstaff_authorized: 1\nsatisfaction_pct: 1.0e+300\n"
                          "self_score: 1.0e+308\n", encoding="utf-8")
    cards = []
    for engine in ("vector", "rete"):
        result = run_cli("score", department, "--format", "json", "--engine", engine)
        assert result.returncode == 0 and "Warning" not in result.stderr, result.stderr
        cards.append(_strict_json(result.stdout))
    assert cards[0]["total"] == cards[1]["total"] and cards[0]["self_check"]["gap"] is None
