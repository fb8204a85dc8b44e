"""End to end on the two real seed reports: metrics against hand-labelled expected.yaml,
with precision and recall printed, and the labelled consistency findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfscore.engine.reports.checks import run_checks
from perfscore.engine.reports.extract import extract_report
from perfscore.engine.rubric.yamlio import load_file
from support import EXAMPLES, SEED_LABELS

NAMES = ["hengshan_minzheng_2023", "xiangxiang_minzheng_2024"]

# Expected consistency ids → the rule id that reports them (rules/consistency.yaml).
ID_MAP = {
    "sangong_share_of_budget": "stated_percent_mismatch",
    "total_row_percent_vs_budget": "table_total_percent",
    "total_row_percent_vs_prev_year": "table_total_percent",
    "staffing_ambiguous": "ambiguous_value",
}
# Text that the finding's evidence must contain, per expected id.
EVIDENCE = {
    "unit_mismatch": "0.57元",
    "line_item_over_budget": "公务接待费",
    "self_eval_before_year_end": "2023年6月",
    "staffing_ambiguous": "编制",
    "claim_without_figure": "较上年都有减少",
    "sangong_share_of_budget": "0.56%",
    "total_row_percent_vs_budget": "-187.65%",
    "total_row_percent_vs_prev_year": "-173.68%",
    "narrative_contradicts_figures": "预算数超决算数",
    "final_far_above_budget": "14540.48",
}
# must_not_flag id → text that no error finding's evidence may contain.
MUST_NOT = {
    "shares_recomputed_ok": ["6.08", "93.92", "8557.32"],
    "income_increase_ok": ["8003.66"],
    "basic_budget_parts_ok": ["798.5"],
    "basic_final_parts_ok": ["928.57"],
    "fixed_assets_net_ok": ["4304.25", "3262.21"],
    "row_percents_ok": ["-87.65", "-73.68", "-100%"],
    "inspection_rate_ok": ["93%"],
}


def _same(got, want) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return abs(got - want) < 1e-6
    return str(got) == str(want)


@pytest.fixture(scope="module", params=NAMES)
def seed(request):
    expected = load_file(SEED_LABELS / f"{request.param}.expected.yaml")
    return request.param, extract_report(EXAMPLES / f"{request.param}.txt"), expected


def test_metrics_match_expected(seed):
    name, extraction, expected = seed
    labelled = expected["metrics"]
    right = [k for k, v in labelled.items() if v is not None and _same(extraction.metrics.get(k), v)]
    wrong = {k: (extraction.metrics.get(k), v) for k, v in labelled.items()
             if v is not None and k in extraction.metrics and not _same(extraction.metrics[k], v)}
    missed = [k for k, v in labelled.items() if v is not None and k not in extraction.metrics]
    invented = [k for k, v in labelled.items() if v is None and k in extraction.metrics]
    reported = len(right) + len(wrong) + len(invented)
    precision = len(right) / reported if reported else 0.0
    recall = len(right) / sum(v is not None for v in labelled.values())
    print(f"\n{name}: precision {precision:.3f} recall {recall:.3f} "
          f"({len(right)} right, {len(wrong)} wrong, {len(missed)} missed, {len(invented)} invented)")
    assert not wrong, wrong
    assert not missed, missed
    assert not invented, invented


def test_every_value_has_provenance(seed):
    _, extraction, _ = seed
    lines = Path(extraction.source).read_text(encoding="utf-8").splitlines()
    for metric, item in extraction.items.items():
        if "derived" in item.flags:
            continue
        assert item.provenance.text, metric
        assert item.provenance.text.replace(" ", "") in lines[item.provenance.line - 1].replace("\t", "").replace(" ", ""), metric


def test_staffing_candidates_kept():
    extraction = extract_report(EXAMPLES / "hengshan_minzheng_2023.txt")  # the seed that states two staffing totals
    item = extraction.items["staff_authorized"]
    assert "ambiguous" in item.flags
    assert sorted(c.value for c in item.candidates) == [65, 77]
    assert "unit_corrected" in extraction.items["sangong_actual"].flags


def test_consistency_findings(seed):
    _, extraction, expected = seed
    findings = run_checks(extraction)
    for entry in expected["consistency"]:
        rule_id = ID_MAP.get(entry["id"], entry["id"])
        matching = [f for f in findings if f.id == rule_id and EVIDENCE[entry["id"]] in
                    (f.evidence.get("text", "") + f.evidence.get("context", "") + f.message)]
        assert matching, f"{entry['id']} ({rule_id}) not found in {[f.id for f in findings]}"
    errors = [f for f in findings if f.severity == "error"]
    for entry in expected.get("must_not_flag", []):
        for needle in MUST_NOT[entry["id"]]:
            hits = [f for f in errors if needle in f.evidence.get("text", "") or needle in f.message]
            assert not hits, (entry["id"], hits)


def test_docx_example_reads_as_its_text():
    """The shipped .docx example is the same report as the .txt: same figures, same labels met."""
    from_docx = extract_report(EXAMPLES / "hengshan_minzheng_2023.docx")
    from_text = extract_report(EXAMPLES / "hengshan_minzheng_2023.txt")
    assert from_docx.metrics == from_text.metrics
    labelled = load_file(SEED_LABELS / "hengshan_minzheng_2023.expected.yaml")["metrics"]
    assert all(_same(from_docx.metrics[k], v) for k, v in labelled.items() if v is not None)
