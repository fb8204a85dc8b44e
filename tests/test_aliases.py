"""The names departments use: real published headers resolve as labelled, and the did-you-mean never crosses meaning."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from perfscore.engine.rubric.vocabulary import load_vocabulary
from perfscore.engine.tables.columns import HeaderIndex
from perfscore.engine.tables.goals import goal_key
from perfscore.engine.tables.naming import is_skipped

CORPUS = Path(__file__).parent / "data" / "headers" / "headers.csv"
ROWS = list(csv.DictReader(CORPUS.open(encoding="utf-8")))
INDEX = HeaderIndex(load_vocabulary())


def understood(header: str) -> str:
    if is_skipped(header):
        return "skip"
    metric = INDEX.lookup(header)
    if metric:
        return metric
    key = goal_key(header)
    return f"goal:{key}" if key else "unknown"


def test_the_corpus_holds_at_least_60_real_headers_each_with_its_public_source():
    assert len(ROWS) >= 60
    assert all(row["source"].startswith(("http://", "https://")) for row in ROWS)
    assert len({row["header"] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row["header"] for row in ROWS])
def test_a_real_header_is_understood_as_labelled(row: dict[str, str]):
    assert understood(row["header"]) == row["means"]


@pytest.mark.parametrize("header", ["决算数（元）", "决算数(元)", "决算数【单位：元】", "决算数/元"])
def test_units_apply_to_every_alias_in_every_form(header: str):
    spec = INDEX.resolve(header, 1)
    assert spec.name == "final_total" and spec.money_unit == "元"


@pytest.mark.parametrize("header, metric", [("编制人数（人）", "staff_authorized"), ("满意度%", "satisfaction_pct"),
                                            ("满意度（%）", "satisfaction_pct"), ("在职人数/人", "staff_actual"),
                                            ("年初预算数(万元)", "budget_total")])
def test_count_and_percent_units_are_stripped(header: str, metric: str):
    assert INDEX.lookup(header) == metric


# Headers a person may type, and known labels that mean a different figure: never suggested for them.
CONFUSABLE = [
    ("年初预算数合计", "调整后预算数（全年预算数）"), ("年初预算数合计", "全年预算数"),
    ("年初预算总数", "调整后预算数（全年预算数）"), ("年初预算总额", "决算总支出"),
    ("调整后预算总数", "年初预算支出"), ("全年预算总额", "年初预算支出"),
    ("决算总数", "年初预算支出"), ("决算总额", "调整后预算数（全年预算数）"),
    ("三公经费预算合计", "“三公”经费决算数"), ("三公经费决算合计", "“三公”经费预算数"),
    ("公用经费预算总额", "公用经费决算数"), ("公用经费决算总额", "公用经费预算数"),
    ("编制人数合计", "实有在编人数"), ("实有人数合计", "核定编制数"),
    ("上年三公经费决算合计", "“三公”经费决算数"), ("预算执行率", "预算调整数"),
    ("政府采购预算总额", "政府采购实际金额"), ("经费合计", "决算总支出"),
]


@pytest.mark.parametrize("header, forbidden", CONFUSABLE)
def test_the_suggestion_never_crosses_meaning(header: str, forbidden: str):
    assert INDEX.lookup(header) is None
    assert INDEX.suggest(header) != forbidden


@pytest.mark.parametrize("header, wanted", [("年初预算支出数", "年初预算支出"), ("编制人数数", "核定编制数"),
                                            ("staff_actuall", "staff_actual"), ("三公经费预算数数", "“三公”经费预算数")])
def test_a_slip_of_the_same_meaning_is_suggested(header: str, wanted: str):
    assert INDEX.suggest(header) == wanted


def test_every_header_alias_names_a_source_of_the_vocabulary_file():
    vocabulary = load_vocabulary()
    headers = [h for spec in vocabulary.metrics.values() for h in spec.headers]
    assert len(headers) >= 40 and vocabulary.sources
    assert all(address.split()[0].startswith("http") for key, address in vocabulary.sources.items() if key != "I11")
