"""Benchmark: extraction plus consistency checks on a ~30-page synthetic report
(the two seed reports' bodies and their 三公 table, repeated and re-dated)."""

from __future__ import annotations

from pathlib import Path

from perfscore.engine.reports.checks import run_checks
from perfscore.engine.reports.extract import extract_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"  # the two seed reports ship there
CHARS_PER_PAGE = 1500


def _synthetic_report() -> str:
    hengshan = (EXAMPLES / "hengshan_minzheng_2023.txt").read_text(encoding="utf-8")
    xiangxiang = (EXAMPLES / "xiangxiang_minzheng_2024.txt").read_text(encoding="utf-8")
    body = xiangxiang.split("\n", 3)[3]  # keep one title: 2024年度湘乡市民政局…
    parts = [xiangxiang]
    while sum(map(len, parts)) < 30 * CHARS_PER_PAGE:
        parts.append(hengshan.replace("2023", "2024").split("\n", 3)[3])
        parts.append(body)
    return "\n".join(parts)


def test_bench_extract_and_check(benchmark):
    text = _synthetic_report()
    assert len(text) >= 30 * CHARS_PER_PAGE

    def run():
        extraction = extract_text(text, "synthetic.txt")
        return extraction, run_checks(extraction)

    extraction, findings = benchmark(run)
    assert extraction.metrics["year"] == 2024
    assert extraction.metrics["fixed_assets_original"] == 4304.25
    assert any(f.id == "table_total_percent" for f in findings)


def test_bench_extract_and_check_page(benchmark):
    """One page (~1,500 characters) of a real report: target ≤ 50 ms median (issue 13)."""
    text = (EXAMPLES / "hengshan_minzheng_2023.txt").read_text(encoding="utf-8")[:CHARS_PER_PAGE]

    def run():
        extraction = extract_text(text, "page.txt")
        return extraction, run_checks(extraction)

    extraction, _ = benchmark(run)
    assert extraction.metrics["year"] == 2023
