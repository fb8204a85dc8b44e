"""The HTML report as a file: self-contained, escaped, deterministic, fed by the job's whole-table facts.

What a person sees in a browser is tested in test_html_browser.py; here the bytes.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from perfscore import api
from perfscore.cli import main
from perfscore.engine.jobs.forms import losses, standing

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "departments.csv"
CARD = ROOT / "examples" / "demo_full_department.yaml"


class Tags(HTMLParser):
    """Every start tag of a document, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(text)
    return parser.tags


def _data(text: str) -> dict:
    block = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    assert block is not None
    return json.loads(block.group(1))


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, api.ScoreResult]:
    folder = tmp_path_factory.mktemp("html")
    assert main(["score", str(TABLE), "-o", str(folder / "report.html"), "-q"]) == 0
    return folder / "report.html", api.score(TABLE)


def test_report_is_self_contained_and_fetches_nothing(report):
    text = report[0].read_text("utf-8")
    assert "://" not in text  # no address of any kind: no script, style, font or image from elsewhere
    for tag, attrs in _tags(text):
        assert "src" not in attrs or tag == "script" and attrs["src"] is None, (tag, attrs)
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
    assert "default-src 'none'" in text  # the page's own policy forbids any fetch, should one slip in
    assert '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", SimSun, sans-serif' in text


def test_report_holds_profile_ranking_charts_and_every_sheet(report):
    path, result = report
    text = path.read_text("utf-8")
    profile = result.profile
    assert profile.sha256 in text and profile.name in text and profile.version in text
    rows = re.findall(r'<tr id="r-(\d+)"', text)
    assert sorted(map(int, rows)) == list(range(len(result.scorecards)))
    data = _data(text)
    assert len(data["d"]) == len(result.scorecards)
    for card, sheet in zip(result.scorecards, data["d"]):
        assert sheet["i"] == card["input"]["sha256"]
        assert card["department"]["dept_name"] in sheet["t"]
        deducted = [e for e in card["criteria"] if e["score"] is None or e["score"] < e["points"]]
        assert {data["R"][k] for k in sheet["r"]} - {""} == {e["reason"] for e in deducted}
    assert len(data["c"]) == len(profile.criteria)
    assert text.count('class="bar"') >= 4 + len(standing(result.scorecards, profile.plan).losses)


def test_ranking_rows_follow_the_jobs_ranks(report):
    path, result = report
    text = path.read_text("utf-8")
    facts = standing(result.scorecards, result.profile.plan)
    for k, rank in enumerate(facts.ranks):
        row = re.search(rf'<tr id="r-{k}"[^>]*><td class="n">(\d+)</td>', text)
        assert row is not None and int(row.group(1)) == rank


def test_losses_are_points_not_earned_most_first(report):
    _, result = report
    cards, plan = result.scorecards, result.profile.plan
    found = losses(cards, plan)
    totals = [loss.deducted + loss.unscored for loss in found]
    assert totals == sorted(totals, reverse=True) and totals[0] > 0
    by_names = {c.path_names: c.id for c in plan.criteria}
    for loss in found:
        entries = [next(e for e in card["criteria"] if e["id"] == by_names[loss.names]) for card in cards]
        lost = sum(e["points"] - (e["score"] or 0) for e in entries) / len(cards)
        assert loss.deducted + loss.unscored == pytest.approx(lost)
        assert loss.departments == sum(1 for e in entries if e["score"] is None or e["score"] < e["points"])


def test_same_input_same_bytes(report, tmp_path):
    again = tmp_path / "again.html"
    assert main(["score", str(TABLE), "-o", str(again), "-q"]) == 0
    assert again.read_bytes() == report[0].read_bytes()


def test_hostile_names_are_text_not_markup(tmp_path):
    name = '局</script><script>alert("x")</script><img src=x onerror=alert(1)>\'"&amp;'
    table = tmp_path / "t.csv"
    rows = TABLE.read_text("utf-8-sig").splitlines()
    header = rows[0].split(",")
    first = rows[1].split(",")
    first[header.index("dept_name")] = '"' + name.replace('"', '""') + '"'
    table.write_text("\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n", "utf-8")
    out = tmp_path / "r.html"
    assert main(["score", str(table), "-o", str(out), "-q"]) == 0
    text = out.read_text("utf-8")
    assert "<script>alert" not in text and "<img" not in text
    assert text.count("<script") == 2  # the data block and the page's own script, nothing else
    assert "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in text  # in the ranking table, as text
    assert any(name in sheet["t"] for sheet in _data(text)["d"])  # and in the sheet's data, intact


def test_single_department_is_its_sheet(tmp_path):
    out = tmp_path / "card.html"
    assert main(["score", str(CARD), "-o", str(out)]) == 0
    text = out.read_text("utf-8")
    data = _data(text)
    assert not data["batch"] and len(data["d"]) == 1
    assert 'id="rank"' not in text and "<svg" not in text
    card = api.score(CARD).scorecards[0]
    assert data["d"][0]["s_"] == f"{card['total']:g}" and data["d"][0]["i"] == card["input"]["sha256"]


def test_html_to_the_terminal_is_refused(capsys):
    assert main(["score", str(CARD), "--format", "html"]) == 2
    assert "-o FILE.html" in capsys.readouterr().err


def test_readme_names_the_ci_chromium_line():
    line = next(ln for ln in (ROOT / ".ci" / "run").read_text("utf-8").splitlines() if "chromium" in ln)
    assert "apt-get install" in line and "|| echo" in line  # a failed install never fails CI
    assert line in (ROOT / "README.md").read_text("utf-8").splitlines()
    assert (ROOT / ".ci" / "run").read_text("utf-8").rstrip().endswith(
        'pip install -e ".[test,rete,dask]" && python -m pytest')
