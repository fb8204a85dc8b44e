"""Scorecards written to a file (``score TABLE -o cards.json|.jsonl|.md|.txt``) are written as the departments are
scored, in groups, never held whole (a 100k table's JSON once needed 24 GB): the file holds the same text the
scorecards give in memory, every scored department once, and the run keeps no scorecards; a failed run leaves
no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfscore import api
from perfscore.engine.render.cards import CardStream, scorecards_text
from perfscore.engine.tables import runner

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "departments.csv"


@pytest.mark.parametrize("suffix, fmt", [(".json", "json"), (".jsonl", "jsonl"), (".md", "md"), (".txt", "table")])
def test_a_card_file_is_the_text_of_all_the_cards(tmp_path, suffix, fmt):
    out = tmp_path / f"cards{suffix}"
    run = api.score_file(TABLE, out, fmt=fmt)
    assert run.scorecards == []  # written card by card, not kept
    in_memory = api.score(TABLE)
    assert out.read_text(encoding="utf-8") == scorecards_text(in_memory.scorecards, fmt, False)
    assert run.scored == len(in_memory.scorecards) > 1


def test_cards_come_in_groups_and_every_department_once(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "CARD_GROUP", 3)
    groups: list[int] = []
    texts: list[str] = []

    class Counting(CardStream):
        def add(self, cards):
            groups.append(len(cards))
            super().add(cards)

    stream = Counting("json", texts.append)
    outcome = runner.run(TABLE, api.load_profile("mof2013").plan, runner.BatchOptions("json", quiet=True), cards=stream)
    stream.close()
    assert max(groups) == 3 and sum(groups) == outcome.scored and outcome.cards == []
    cards = json.loads("".join(texts))
    assert [card["department"]["dept_name"] for card in cards] == \
        [card["department"]["dept_name"] for card in api.score(TABLE).scorecards]


def test_no_cards_give_an_empty_array_and_a_stream_only_takes_text_formats():
    texts: list[str] = []
    stream = CardStream("json", texts.append)
    stream.close()
    assert json.loads("".join(texts)) == []
    with pytest.raises(ValueError):
        CardStream("csv", texts.append)


def test_a_failed_run_leaves_no_card_file(tmp_path, monkeypatch):
    out = tmp_path / "cards.json"

    def broken(self, cards):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(CardStream, "add", broken)
    with pytest.raises(RuntimeError):
        api.score_file(TABLE, out)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_cards_printed_without_output_go_out_as_they_are_made_and_are_not_kept(tmp_path):
    import io

    echo = io.StringIO()
    run = api.score_file(TABLE, fmt="jsonl", echo=echo)
    assert run.scorecards == [] and run.render() == ""
    lines = echo.getvalue().splitlines()
    assert len(lines) == run.scored and json.loads(lines[0]) == api.score(TABLE).scorecards[0]
    kept = api.score_file(TABLE, fmt="jsonl")  # no echo: kept for the caller to render
    assert kept.render() == echo.getvalue()


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".html"])
def test_a_form_file_for_too_many_departments_is_refused_before_any_work(tmp_path, monkeypatch, suffix):
    """Forms are built from every scorecard at once: a table past the limit is an error naming its size and
    what to do instead, and nothing is written."""
    from perfscore import PerfscoreError

    monkeypatch.setattr(runner, "MAX_FORM_ROWS", 3)
    with pytest.raises(PerfscoreError) as caught:
        api.score_file(TABLE, tmp_path / f"r{suffix}")
    text = str(caught.value)
    assert "表中有 10 行" in text and "至多容纳 3 个部门" in text and "-o results.csv" in text
    assert list(tmp_path.iterdir()) == []
