"""The 评分表 as PDF, read back with pdfplumber: no two text lines overlap, every reason is there in full,
page numbers, and a batch is the summary followed by one 评分表 per department."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from perfscore import api
from perfscore.cli import main
from perfscore.engine.render.form import FORM_WIDTHS
from perfscore.engine.render.pdf import MARGIN, _widths

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo_full_department.yaml"


def _overlaps(page) -> list[tuple[str, str]]:
    """Pairs of characters whose boxes overlap (by more than half a point each way): text drawn over text."""
    buckets: dict[tuple[int, int], list[dict]] = {}
    clashes = []
    for char in page.chars:
        if not char["text"].strip():
            continue
        keys = {(int(x // 20), int(y // 20)) for x in (char["x0"], char["x1"]) for y in (char["top"], char["bottom"])}
        for key in keys:
            for other in buckets.get(key, []):
                across = min(char["x1"], other["x1"]) - max(char["x0"], other["x0"]) > 0.5
                down = min(char["bottom"], other["bottom"]) - max(char["top"], other["top"]) > 0.5
                if across and down and other is not char:
                    clashes.append((char["text"], other["text"]))
            buckets.setdefault(key, []).append(char)
    return clashes


def _reason_column_text(pdf) -> str:
    """The 扣分原因 column of every page, lines joined (a reason wraps over several lines and may cross a page)."""
    widths = _widths(FORM_WIDTHS)
    left = MARGIN + sum(widths[:6])
    parts = []
    for page in pdf.pages:
        column = page.crop((left, 0, left + widths[6], page.height))
        parts.append(re.sub(r"\s+", "", column.extract_text() or ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def card_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "card.pdf"
    assert main(["score", str(DEMO), "-o", str(path), "--evaluator", "示例市财政局", "--date", "2024-05-20"]) == 0
    return path


def test_card_pdf_lines_never_overlap_and_reasons_are_whole(card_pdf):
    card = api.score(DEMO).scorecards[0]
    with pdfplumber.open(card_pdf) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            assert _overlaps(page) == []
            assert page.width > page.height  # A4 landscape
        text = "".join(page.extract_text() for page in pdf.pages)
        column = _reason_column_text(pdf)
    assert "示例省示例县农业农村局2024年度部门整体支出绩效评价评分表" in text
    assert "评价单位：示例市财政局" in text and "评价日期：2024-05-20" in text
    assert f"第 1 页 共 {len(pdf.pages)} 页" in text and "复核人（签字）" in text
    deducted = [c["reason"] for c in card["criteria"] if c["score"] < c["points"]]
    assert len(deducted) >= 10
    for reason in deducted:
        assert re.sub(r"\s+", "", reason) in column, reason


def test_batch_pdf_is_summary_then_one_form_per_department(tmp_path):
    result = api.score(ROOT / "examples" / "departments.csv")
    path = result.to_pdf(tmp_path / "results.pdf")
    with pdfplumber.open(path) as pdf:
        first = pdf.pages[0].extract_text()
        titles = [page.extract_text().splitlines()[0] for page in pdf.pages]
        assert all(_overlaps(page) == [] for page in pdf.pages)
    assert first.startswith("部门整体支出绩效评价结果汇总")
    assert any("等级分布" in page for page in titles + [first])
    forms = [t for t in titles if t.endswith("评分表")]
    assert len(forms) == len(result.scorecards)
