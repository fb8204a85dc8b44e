"""Benchmark: extraction over the whole hand-labelled corpus (tests/data/corpus, 151 real
snippets) and over each seed report, with a cold normalisation cache each round (a new
report's paragraphs are never cached).

Run with ``python -m pytest tests/benchmarks/test_bench_corpus.py --benchmark-enable``;
without it (the normal suite) each runs once and its result is checked all the same.
"""

from __future__ import annotations

import pytest

from perfscore.engine.reports import lexicon
from perfscore.engine.reports.checks import run_checks
from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import EXAMPLES, load_corpus

SEEDS = ("hengshan_minzheng_2023", "xiangxiang_minzheng_2024")


def _cold() -> None:
    lexicon._normalised.cache_clear()
    lexicon._normalised_long.cache_clear()


def test_bench_extract_whole_corpus(benchmark):
    snippets = load_corpus()

    def run():
        return [extract_text(s.text, s.id) for s in snippets]

    extractions = benchmark.pedantic(run, setup=_cold, rounds=5, iterations=1)
    assert len(extractions) == len(snippets) >= 150
    # a cold cache reads what a warm one reads
    assert [e.metrics for e in extractions] == [extract_text(s.text, s.id).metrics for s in snippets]


@pytest.mark.parametrize("seed", SEEDS)
def test_bench_extract_and_check_seed(benchmark, seed):
    text = (EXAMPLES / f"{seed}.txt").read_text(encoding="utf-8")

    def run():
        extraction = extract_text(text, f"{seed}.txt")
        return extraction, run_checks(extraction)

    extraction, findings = benchmark.pedantic(run, setup=_cold, rounds=10, iterations=1)
    assert extraction.metrics["year"] == int(seed[-4:])
    assert findings  # both seed reports carry errors a careful reader finds
