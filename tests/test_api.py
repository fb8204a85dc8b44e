"""The public Python API (perfscore.api, re-exported by perfscore) on the bundled examples, and its refusals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import perfscore
from perfscore import api
from perfscore.engine.render.textwidth import width
from support import EXAMPLES, ROOT, profile_text, run_cli, without_columns

DEMO = EXAMPLES / "demo_full_department.yaml"
HENGSHAN = EXAMPLES / "hengshan_minzheng_2023.yaml"
TABLE = EXAMPLES / "departments.csv"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.read_csv(TABLE)


@pytest.fixture(scope="module")
def from_frame(frame: pd.DataFrame) -> api.ScoreResult:
    return perfscore.score(frame)


@pytest.fixture(scope="module")
def from_file() -> api.ScoreResult:
    return perfscore.score(TABLE)


def _problem(exc: pytest.ExceptionInfo[perfscore.PerfscoreError]) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


# -- the package surface ----------------------------------------------------------------------------

def test_the_package_exports_the_api_lazily():
    assert {"load_profile", "score", "extract", "check", "verify", "validate", "PerfscoreError"} <= set(perfscore.__all__)
    assert perfscore.score is api.score and perfscore.PerfscoreError is api.PerfscoreError
    code = "import sys, perfscore; perfscore.load_profile('mof2013'); print('pandas' in sys.modules)"
    probe = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert probe.stdout.strip() == "False", probe.stderr
    with pytest.raises(AttributeError):
        perfscore.no_such_name  # noqa: B018


def test_load_profile_by_id_and_by_path():
    profile = perfscore.load_profile("mof2013")
    assert profile.id == "mof2013" and len(profile.sha256) == 64 and profile.max_total == 100
    assert "staff_control" in profile.criteria
    by_path = perfscore.load_profile(ROOT / "scoring_profiles" / "mof2013.yaml")
    assert by_path.sha256 == profile.sha256 and perfscore.load_profile(profile) is profile
    with pytest.raises(perfscore.PerfscoreError):
        perfscore.load_profile("no_such_profile")


def test_list_profiles_and_explain():
    ids = [p.id for p in perfscore.list_profiles()]
    assert "mof2013" in ids and "yueyang2018" in ids
    listing = api.render_profiles(perfscore.list_profiles(), 80).splitlines()
    assert listing[0].split() == ["编号（--profile）", "版本", "名称"] and listing[2].startswith("mof2013  ")
    assert max(map(width, listing)) <= 80 and all(line == line.rstrip() for line in listing)
    text = perfscore.explain("mof2013", "md")
    assert text.startswith("# ") and "| 层级 | 指标 | 分值 | 评分标准 |" in text


# -- one department -----------------------------------------------------------------------------------

def test_a_yaml_department_scores_as_the_cli_does():
    result = perfscore.score(DEMO)
    assert result.scorecards == [json.loads(run_cli("score", DEMO, "--format", "json").stdout)]
    assert result.render("table") == run_cli("score", DEMO).stdout


def test_a_mapping_gives_the_scorecards_of_its_yaml_file():
    from_yaml = perfscore.score(DEMO).scorecards
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    named = perfscore.score(data, name=str(DEMO)).scorecards
    assert named == from_yaml  # the same inputs and the same source name: the same bytes
    unnamed = perfscore.score(data).scorecards
    assert unnamed[0]["input"]["source"] == "<mapping>"
    unnamed[0]["input"]["source"] = str(DEMO)
    assert unnamed == from_yaml


def test_a_single_department_has_a_one_row_summary_with_a_tables_columns(from_file: api.ScoreResult):
    result = perfscore.score(DEMO)
    assert len(result.summary) == 1
    assert list(result.summary.columns) == list(from_file.summary.columns)
    assert result.summary.loc[0, "total"] == result.scorecards[0]["total"] and result.summary.loc[0, "row"] == 1
    assert list(result.breakdown.columns) == list(from_file.breakdown.columns)
    assert result.breakdown["criterion_id"].tolist() == [c.id for c in result.profile.plan.criteria]
    assert result.breakdown["score"].sum() == pytest.approx(result.scorecards[0]["total"], abs=0.05)
    assert result.rejects.empty and list(result.rejects.columns) == ["table", "row", "column", "value", "reason"]


def test_a_report_scores_with_its_extraction_notes():
    for report in (EXAMPLES / "hengshan_minzheng_2023.txt", EXAMPLES / "hengshan_minzheng_2023.docx"):
        result = perfscore.score(report)
        card = result.scorecards[0]
        assert card["department"]["dept_name"] == "衡山县民政局"
        assert card["input"]["provenance"]["staff_actual"]["text"]
        assert all(note in card["flags"] for note in result.notes)


def test_an_unscorable_single_department_raises_with_its_position(tmp_path: Path):
    profile = tmp_path / "strict.yaml"
    profile.write_text(profile_text("""
        tree:
          - {id: staff, indicator: staff_control_rate, points: 100, missing: error,
             scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 10, partial: prorata}}
        """), encoding="utf-8")
    with pytest.raises(perfscore.PerfscoreError) as caught:
        perfscore.score({"dept_name": "甲局", "year": 2023}, profile=profile, name="甲局.yaml")
    assert _problem(caught).startswith("甲局.yaml")


# -- tables and DataFrames ---------------------------------------------------------------------------

def test_a_dataframe_gives_the_summary_of_its_csv_file_rows_numbered_from_one(from_frame, from_file):
    assert from_frame.summary["row"].tolist() == list(range(1, 11))
    assert from_file.summary["row"].tolist() == list(range(2, 12))  # the rows a spreadsheet shows
    pd.testing.assert_frame_equal(from_frame.summary.drop(columns="row"), from_file.summary.drop(columns="row"))
    pd.testing.assert_frame_equal(from_frame.breakdown.drop(columns="row"), from_file.breakdown.drop(columns="row"))
    assert [c["total"] for c in from_frame.scorecards] == from_frame.summary["total"].tolist()
    assert from_frame.read == from_frame.scored == 10 and from_frame.rejects.empty


def test_the_in_memory_summary_is_the_one_the_cli_writes(tmp_path: Path, from_file: api.ScoreResult):
    out = tmp_path / "cli.csv"
    assert run_cli("score", TABLE, "-o", out, "-q").returncode == 0
    written = from_file.to_csv(tmp_path / "api.csv")
    assert written[0].read_bytes() == out.read_bytes()
    assert written[1].read_bytes() == (tmp_path / "cli.breakdown.csv").read_bytes()
    assert len(written) == 2 and not (tmp_path / "api.rejects.csv").exists()  # nothing rejected: no rejects file
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbfrow,")  # UTF-8 with BOM, for Excel


def test_chinese_labels_on_request(from_frame: api.ScoreResult):
    summary = from_frame.summary_frame(labels="zh")
    assert list(summary.columns[:8]) == ["行号", "地区", "部门（单位）名称", "评价年度", "总分", "等级", "等级名称", "排名"]
    assert "投入" in summary.columns and summary["总分"].tolist() == from_frame.summary["total"].tolist()
    breakdown = from_frame.breakdown_frame(labels="zh")
    assert {"指标编号", "指标名称", "分值", "得分", "评分理由"} <= set(breakdown.columns)
    assert list(from_frame.rejects_frame(labels="zh").columns) == ["表", "行号", "列", "值", "原因"]
    assert from_frame.summary_frame() is from_frame.summary
    with pytest.raises(perfscore.PerfscoreError):
        from_frame.summary_frame(labels="en")  # type: ignore[arg-type]


def test_writers_are_complete_files(tmp_path: Path, from_frame: api.ScoreResult):
    from openpyxl import load_workbook

    workbook = load_workbook(from_frame.to_excel(tmp_path / "r.xlsx"))
    assert len(workbook.sheetnames) == 12  # 汇总, 等级分布 and ten 评分表
    summary, breakdown = from_frame.to_parquet(tmp_path / "r.parquet")
    assert pd.read_parquet(summary)["total"].tolist() == from_frame.summary["total"].tolist()
    assert len(pd.read_parquet(breakdown)) == len(from_frame.breakdown) == 10 * 28
    assert not (tmp_path / "r.rejects.csv").exists()  # nothing was rejected
    cards = json.loads(from_frame.to_json(tmp_path / "r.json").read_text(encoding="utf-8"))
    assert cards == from_frame.scorecards
    assert not list(tmp_path.glob(".*.part"))


def test_bad_cells_of_a_dataframe_are_rejects_with_record_numbers(frame: pd.DataFrame):
    bad = frame.astype({"final_total": object})
    bad.loc[2, "final_total"] = "很多"
    result = perfscore.score(bad)
    assert result.rejects[["row", "column"]].values.tolist() == [[3, "final_total"]]
    assert result.scored == 9 and "3" not in result.summary["row"].astype(str).tolist()
    assert result.account() == "perfscore: 读取 10 行 = 评分 9 行 + 拒绝 1 行"


def test_goal_rows_as_a_dataframe(frame: pd.DataFrame):
    goals = pd.DataFrame({"dept_name": ["衡山县民政局"], "year": [2023], "indicator": ["救助人次"], "target": [100],
                          "actual": [120], "direction": [">="], "points": [5]})
    with_goals = perfscore.score(frame, goals=goals)
    card = with_goals.scorecards[0]
    assert card["input"]["metrics"]["goals"][0]["indicator"] == "救助人次" and with_goals.rejects.empty
    goal = next(c for c in card["criteria"] if c["id"] == "dept_goals")
    assert goal["score"] > 0 and "救助人次：目标≥100，实际120，已完成" in goal["reason"]
    assert card["total"] == perfscore.score(frame).scorecards[0]["total"] + goal["score"]  # 0 without goal rows
    with pytest.raises(perfscore.PerfscoreError) as caught:
        perfscore.score(frame, goals=[1, 2])
    assert "目标表不是 pandas DataFrame" in _problem(caught)


def _with(frame: pd.DataFrame, column: str, values) -> pd.DataFrame:
    changed = frame.copy()
    changed[column] = values
    return changed


@pytest.mark.parametrize("column, make, message", [
    ("final_total", lambda n: [{"a": 1}] * n, "列“final_total”的类型为 object，第 1 行的单元格是 dict，应为数值"),
    ("final_total", lambda n: [[1.0]] * n, "列“final_total”的类型为 object，第 1 行的单元格是 list，应为数值"),
    ("final_total", lambda n: [{1.0}] * n, "单元格是 set，应为数值"),
    ("final_total", lambda n: [b"1"] * n, "单元格是 bytes，应为数值"),
    ("final_total", lambda n: np.ones(n) + 1j, "列“final_total”的类型为 complex128（复数），应为数值"),
    ("final_total", lambda n: pd.Timestamp("2024-01-01"), "列“final_total”的类型为 datetime64"),
    ("final_total", lambda n: pd.to_timedelta(np.ones(n), unit="D"), "列“final_total”的类型为 timedelta64"),
    ("final_total", lambda n: True, "列“final_total”的类型为 bool，应为数值"),
    ("year", lambda n: np.full(n, 2023.5), "列“year”含非整数年份 2023.5（第 1 行，共 10 行），应为整数年份"),
    ("year", lambda n: ["二〇二三"] * n, "列“year”的类型为"),
    ("dept_name", lambda n: [("甲", "乙")] * n, "列“dept_name”的类型为 object，第 1 行的单元格是 tuple，应为文本"),
])
def test_a_column_of_an_unusable_type_is_an_error_naming_it(frame: pd.DataFrame, column, make, message):
    with pytest.raises(perfscore.PerfscoreError) as caught:
        perfscore.score(_with(frame, column, make(len(frame))), name="部门表")
    text = _problem(caught)
    assert text.startswith("部门表: ") and message in text
    assert "应为" in text.split(";")[0]  # Chinese first, then what was expected


def test_one_odd_cell_marks_the_whole_column_when_it_is_not_a_scalar(frame: pd.DataFrame):
    changed = frame.astype({"budget_total": object})
    changed.at[4, "budget_total"] = [1, 2]
    with pytest.raises(perfscore.PerfscoreError) as caught:
        perfscore.score(changed)
    assert "列“budget_total”的类型为 object，第 5 行的单元格是 list" in _problem(caught)


def test_a_year_column_with_gaps_is_fine_and_the_gap_is_a_reject(frame: pd.DataFrame):
    changed = frame.astype({"year": float})
    changed.loc[1, "year"] = np.nan
    result = perfscore.score(changed)
    assert result.rejects[["row", "column", "reason"]].values.tolist() == [[2, "year", "缺少评价年度"]]


@pytest.mark.parametrize("data", [[{"dept_name": "甲局"}], 42, None, b"x", pd.Series([1.0])])
def test_the_wrong_kind_of_data_is_a_perfscore_error(data):
    with pytest.raises(perfscore.PerfscoreError) as caught:
        perfscore.score(data)
    assert "无法评分" in _problem(caught) and "DataFrame" in _problem(caught)


def test_bad_engine_profile_and_mapping_keys_are_perfscore_errors(frame: pd.DataFrame):
    with pytest.raises(perfscore.PerfscoreError, match="未知评分引擎"):
        perfscore.score(frame, engine="fast")
    with pytest.raises(perfscore.PerfscoreError, match="未知指标“no_such_metric”"):
        perfscore.score({"no_such_metric": 1})
    with pytest.raises(perfscore.PerfscoreError, match="指标映射的键应为文本"):
        perfscore.score({1: 2})
    with pytest.raises(perfscore.PerfscoreError, match="决算总支出："):
        perfscore.score({"final_total": {"a": 1}})
    with pytest.raises(perfscore.PerfscoreError, match="找不到文件"):
        perfscore.score(EXAMPLES / "missing.csv")


def test_a_dask_dataframe_without_the_cluster_module_says_what_to_install(monkeypatch: pytest.MonkeyPatch):
    fake = type("DataFrame", (), {"__module__": "dask.dataframe"})()
    monkeypatch.setitem(sys.modules, "perfscore.engine.cluster", None)  # as if it could not be imported
    with pytest.raises(perfscore.PerfscoreError) as caught:
        perfscore.score(fake)
    assert 'pip install "perfscore[dask]"' in _problem(caught) and "Dask DataFrame" in _problem(caught)


def test_a_dask_dataframe_scores_as_the_pandas_one(frame: pd.DataFrame, from_frame: api.ScoreResult):
    dd = pytest.importorskip("dask.dataframe")
    result = perfscore.score(dd.from_pandas(frame, npartitions=3))
    pd.testing.assert_frame_equal(result.summary, from_frame.summary)


# -- a table file to file ------------------------------------------------------------------------------

def test_score_file_streams_to_files_as_the_cli_does(tmp_path: Path):
    run = perfscore.score_file(TABLE, tmp_path / "api.parquet", chunk_size=3)
    assert run_cli("score", TABLE, "-o", tmp_path / "cli.parquet", "--chunk-size", "3", "-q").returncode == 0
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "api.parquet"), pd.read_parquet(tmp_path / "cli.parquet"))
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "api.breakdown.parquet"),
                                  pd.read_parquet(tmp_path / "cli.breakdown.parquet"))
    assert run.rejects_file is None and run.read == run.scored == 10  # nothing rejected: no rejects file
    assert run.account() == "perfscore: 读取 10 行 = 评分 10 行 + 拒绝 0 行"


def test_score_file_without_output_renders_what_the_cli_prints(tmp_path: Path):
    run = perfscore.score_file(TABLE, fmt="csv")
    assert run.render() == run_cli("score", TABLE, "--format", "csv", "-q").stdout and run.rejects_file is None
    cards = perfscore.score_file(TABLE)
    assert cards.fmt == "table" and cards.render() == run_cli("score", TABLE, "-q").stdout
    with pytest.raises(perfscore.PerfscoreError, match="格式不能输出到终端"):
        perfscore.score_file(TABLE, fmt="xlsx")


# -- reports, checks, verification, validation, tests, synth ----------------------------------------------

def test_extract_takes_a_path_or_the_reports_text():
    report = EXAMPLES / "hengshan_minzheng_2023.txt"
    from_path = perfscore.extract(report)
    from_str_path = perfscore.extract(str(report))
    from_text = perfscore.extract(report.read_text(encoding="utf-8"))
    assert from_path.metrics["dept_name"] == "衡山县民政局"
    assert from_path.metrics == from_str_path.metrics == from_text.metrics
    assert api.extraction_yaml(from_path) == run_cli("extract", report).stdout
    with pytest.raises(perfscore.PerfscoreError):
        perfscore.extract(42)  # type: ignore[arg-type]


def test_check_takes_reports_metrics_files_mappings_and_extractions():
    report = EXAMPLES / "xiangxiang_minzheng_2024.txt"
    findings = perfscore.check(report)
    assert api.format_findings(findings, columns=80) == run_cli("check", report).stdout  # a pipe: 80 columns
    assert len(api.format_findings(findings).splitlines()) == len(findings) + 1  # unwrapped: a line each
    assert [f.id for f in perfscore.check(perfscore.extract(report))] == [f.id for f in findings]
    metrics = EXAMPLES / "xiangxiang_minzheng_2024.yaml"
    from_file = perfscore.check(metrics)
    from_mapping = perfscore.check(yaml.safe_load(metrics.read_text(encoding="utf-8")))
    assert [f.as_dict() for f in from_mapping] == [f.as_dict() for f in from_file]
    broken = perfscore.check({"budget_total": 100, "budget_basic": 80, "budget_project": 50})
    assert any(f.severity == "error" for f in broken)
    with pytest.raises(perfscore.PerfscoreError):
        perfscore.check(3.5)  # type: ignore[arg-type]


def test_verify_re_performs_a_saved_scorecard(tmp_path: Path):
    card = tmp_path / "card.json"
    perfscore.score(HENGSHAN).to_json(card)
    assert json.loads(card.read_text(encoding="utf-8"))["department"]["dept_name"] == "衡山县民政局"
    pytest.importorskip("durable.engine", reason="the rete extra (durable-rules, Python ≤ 3.12) is not installed")
    report = perfscore.verify(card)
    assert report.ok and report.checked == 1 and report.engines == {"rete"}


def test_verify_refuses_what_is_not_a_scorecard(tmp_path: Path):
    card = tmp_path / "card.json"
    card.write_text("[{\"total\": 1}]", encoding="utf-8")
    with pytest.raises(perfscore.PerfscoreError, match="缺少字段"):
        perfscore.verify(card)


def test_validate_and_profile_tests(tmp_path: Path):
    validation = perfscore.validate()
    assert validation.ok and validation.files > 5
    bad = tmp_path / "bad.yaml"
    bad.write_text("just: text\n", encoding="utf-8")
    assert not perfscore.validate([bad]).ok
    reports = perfscore.run_profile_tests(["mof2013"])
    assert [r.profile_id for r in reports] == ["mof2013"] and not reports[0].failed


def test_synth_writes_the_same_bytes_for_the_same_seed(tmp_path: Path):
    first = perfscore.synth(tmp_path / "a.csv", departments=5, seed=3)
    second = perfscore.synth(tmp_path / "b.csv", departments=5, seed=3)
    assert first[0].read_bytes() == second[0].read_bytes()
    assert len(perfscore.score(first[0]).summary) == 5


# -- python -m perfscore, and the README example ----------------------------------------------------------

def test_python_dash_m_perfscore_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "perfscore", "score", "examples/demo_full_department.yaml"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300, env=without_columns())
    assert result.returncode == 0, result.stderr
    assert result.stdout == run_cli("score", "examples/demo_full_department.yaml").stdout
    assert "示例县农业农村局" in result.stdout
    usage = subprocess.run([sys.executable, "-m", "perfscore", "nope"], capture_output=True, text=True, cwd=ROOT)
    assert usage.returncode == 2 and usage.stderr.startswith("perfscore: error: ")


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python API", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    return blocks[0]


def test_the_readme_example_runs(tmp_path: Path):
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "departments.csv").write_bytes(TABLE.read_bytes())
    result = subprocess.run([sys.executable, "-c", _readme_example()], capture_output=True, text=True, cwd=tmp_path,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "衡山县民政局" in result.stdout and "部门（单位）名称" in result.stdout
    assert (tmp_path / "results.xlsx").stat().st_size > 0
