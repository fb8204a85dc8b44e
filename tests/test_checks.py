"""Consistency checks: for each rule in rules/consistency.yaml a case that must fire and
one that must not, on report text written here and on plain metrics mappings."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.checks import load_rules, run_checks
from perfscore.engine.errors import PerfscoreError
from perfscore.engine.reports.extract import extract_text

TITLE = "2023年度安吉县财政局部门整体支出绩效自评报告\n"


def ids(findings, severity=None):
    return [f.id for f in findings if severity is None or f.severity == severity]


def report(*lines: str):
    return run_checks(extract_text(TITLE + "\n".join(lines)))


@pytest.mark.parametrize("fire, quiet, rule", [
    ("2023年决算总支出900万元，其中：基本支出500万元，项目支出300万元。",
     "2023年决算总支出800.01万元，其中：基本支出500万元，项目支出300万元。", "parts_sum_mismatch"),
    ("2023年“三公”经费决算数1.2元，其中：公务接待费0.5万元，公务用车运行维护费0.7万元。",
     "2023年“三公”经费决算数1.2万元，其中：公务接待费0.5万元，公务用车运行维护费0.7万元。", "unit_mismatch"),
    ("2023年决算总支出1000万元，其中：基本支出250万元，占总支出的52%。",
     "2023年决算总支出1000万元，其中：基本支出250万元，占总支出的25%。", "stated_percent_mismatch"),
    ("2023年决算总收入1000万元，较预算增加300万元。2023年年初预算安排收入600万元。",
     "2023年决算总收入1000万元，较预算增加400万元。2023年年初预算安排收入600万元。", "change_amount_mismatch"),
    ("2023年“三公”经费决算数41万元，较上年减少19万元，下降43.78%。",
     "2023年“三公”经费决算数41万元，较上年减少19万元，下降31.67%。", "change_rate_mismatch"),
    ("2023年“三公”经费预算数1969万元，较2022年的2190万元减少231万元。",
     "2023年“三公”经费预算数1969万元，较2022年的2190万元减少221万元。", "change_amount_mismatch"),
    ("2023年“三公”经费较上年有所下降。",
     "2023年“三公”经费决算数3万元，较上年减少1万元。上年“三公”经费决算数4万元。", "claim_without_figure"),
    ("2023年项目支出年初预算为100万元，项目支出决算数为900万元。预算数超决算数主要因为追加。",
     "2023年项目支出年初预算为100万元，项目支出决算数为900万元。决算数超预算数主要因为追加。",
     "narrative_contradicts_figures"),
    ("2023年5月，我局对2023年度部门整体支出开展了自评。", "2024年3月，我局对2023年度部门整体支出开展了自评。",
     "self_eval_before_year_end"),
    ("部门核定编制数20人。本局编制数22人。", "部门核定编制数20人。本局编制数20人。", "ambiguous_value"),
])
def test_report_rules(fire, quiet, rule):
    assert rule in ids(report(fire))
    assert rule not in ids(report(quiet))


def _table(total_pct: str, item_pct: str) -> str:
    rows = [["项目", "2022年决算", "2023年预算", "2023年决算", "2023年决算较年初预算 金额", "2023年决算较年初预算 比例"],
            ["公务接待费", "2", "4", "3", "-1", item_pct],
            ["公务用车运行维护费", "5", "6", "3", "-3", "-50%"],
            ["合计", "7", "10", "6", "-4", total_pct]]
    lines = ["表1 “三公”经费支出情况表", "单位：万元"]
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    return "\n".join(lines + ["上表为三公经费情况。"])


def test_table_percent_rules():
    wrong = report(_table("-75%", "-25%"))
    assert ids(wrong, "error").count("table_total_percent") == 1
    assert "各行比例直接相加" in next(f.message for f in wrong if f.id == "table_total_percent")
    assert "table_percent" not in ids(wrong)
    right = report(_table("-40%", "-25%"))
    assert "table_total_percent" not in ids(right) and "table_percent" not in ids(right)
    assert "table_percent" in ids(report(_table("-40%", "-20%")))


def test_table_amount_rule():
    assert "table_change_amount" not in ids(report(_table("-40%", "-25%")))
    broken = _table("-40%", "-25%").replace("\t-3\n", "\t-2\n")
    assert "table_change_amount" in ids(report(broken))


@pytest.mark.parametrize("fire, quiet, rule", [
    ({"budget_total": 100, "budget_basic": 60, "budget_project": 30},
     {"budget_total": 100, "budget_basic": 60, "budget_project": 40.005}, "metric_sum_mismatch"),
    ({"sangong_actual": "0.57元", "sangong_actual_vehicle": 0.25, "sangong_actual_reception": 0.32},
     {"sangong_actual": "0.57万元", "sangong_actual_vehicle": 0.25, "sangong_actual_reception": 0.32}, "unit_mismatch"),
    ({"sangong_budget_reception": 0, "sangong_actual_reception": 0.32},
     {"sangong_budget_reception": 0.5, "sangong_actual_reception": 0.32}, "line_item_over_budget"),
    ({"budget_project": 100, "final_project": 1440}, {"budget_project": 100, "final_project": 150}, "final_far_above_budget"),
    ({"year": 2023, "self_eval_date": "2023-06"}, {"year": 2023, "self_eval_date": "2024-03"}, "self_eval_before_year_end"),
    ({"year": 2023, "report_date": "2023-12-30"}, {"year": 2023, "report_date": "2024-01-05"}, "report_before_year_end"),
])
def test_metric_rules(fire, quiet, rule):
    assert rule in ids(run_checks(fire))
    assert rule not in ids(run_checks(quiet))


def test_metric_mode_skips_document_rules_and_private_keys():
    findings = run_checks({"_provenance": {"x": 1}, "budget_total": 10, "budget_basic": 4, "budget_project": 6})
    assert findings == []


def test_huge_figures_and_sums_that_overflow_are_reported_not_raised():
    """1e308 万元 is absurd but finite; parts that add up past the largest float make the sum infinite."""
    findings = run_checks({"budget_total": 100, "budget_basic": 1e308, "budget_project": 1e308})
    [mismatch] = [f for f in findings if f.id == "metric_sum_mismatch"]
    assert "inf" in mismatch.message
    findings = run_checks({"budget_project": 1, "final_project": 1e308})
    [far] = [f for f in findings if f.id == "final_far_above_budget"]
    assert "1" + "0" * 308 in far.message


def test_findings_carry_evidence():
    finding = next(f for f in report("2023年决算总支出1000万元，其中：基本支出250万元，占总支出的52%。")
                   if f.id == "stated_percent_mismatch")
    assert finding.evidence["text"] == "52%" and finding.evidence["numbers"]["recomputed"] == 25.0
    assert finding.evidence["line"] == 2


def test_bad_rules_file(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("checks:\n  - {id: x, kind: no_such_kind, severity: error}\n", encoding="utf-8")
    with pytest.raises(PerfscoreError, match="未知检查类型"):
        load_rules(bad)
    bad.write_text("checks:\n  - {id: x, kind: ambiguous, severity: fatal}\n", encoding="utf-8")
    with pytest.raises(PerfscoreError, match="未知严重程度"):
        load_rules(bad)


def test_a_total_that_disagrees_with_its_items_says_where_the_report_states_it():
    text = ("2022年“三公”经费决算情况说明\n\n2022年“三公”经费支出决算为6.4万元，比上年减少1.2万元。"
            "其中：公务接待费1.4万元，公务用车运行维护费5.2万元。")
    [mismatch] = [f for f in run_checks(extract_text(text)) if f.id == "metric_sum_mismatch"]
    assert (mismatch.evidence["where"], mismatch.evidence["line"]) == ("第2段", 3)
    assert mismatch.evidence["numbers"]["recomputed"] == 6.6


def test_each_item_said_unchanged_without_last_years_figure_is_one_finding_of_its_own():
    """攸县政府办 (dev): two items each 与2021年预算持平, in the same words on different lines: two
    findings, each saying the item was level, not that it changed."""
    text = ("2022年部门预算\n因公出国(境)经费预算安排0万元,与2021年预算持平\n"
            "公务用车购置费预算安排0万元,与2021年预算持平\n公务接待费预算安排1万元,较2021年预算下降50%。")
    found = [f for f in run_checks(extract_text(text)) if f.id == "claim_without_figure"]
    messages = sorted(f.message for f in found)
    assert len(found) == 3
    assert sum("持平" in m for m in messages) == 2 and sum("有所变化" in m for m in messages) == 1
