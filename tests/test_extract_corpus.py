"""Extraction on the hand-labelled corpus of real snippets (tests/data/corpus), the issue's
hard cases (row numbers, traditional mirror copies, blanks) and bad input: a 50 MB text,
one very long line, nested and merged Word tables, a PDF without a text layer."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.reports.extract import extract_document, extract_report, extract_text
from perfscore.engine.reports.readers import document_from_text
from perfscore.engine.rubric.vocabulary import load_vocabulary
from tests.corpus_score import BLIND, CORPUS, OPENED, Outcome, Tally, group, load_corpus, names_agree, score_corpus

# Floors a little below the figures measured on the 214-snippet corpus
# (python -m tests.corpus_score: dev 0.940 / 0.994, holdout 0.883 / 0.969); the holdout
# split was not tuned on and guards regressions. Raise them when extraction improves. Dev
# precision is below 0.995 by one snippet (heshan-slj-2018-a) whose paragraph states 支出合计
# under no stage on a budget page: read as spent, as a stageless 支出 mostly is.
FLOORS = {"dev": (0.93, 0.99), "holdout": (0.87, 0.96)}


@pytest.fixture(scope="module")
def outcomes():
    return score_corpus(load_corpus())


def test_corpus_is_broad_and_labelled():
    snippets = load_corpus()
    assert len({s.id for s in snippets}) == len(snippets)
    assert len({s.province for s in snippets}) >= 8
    assert len({s.department for s in snippets}) >= 40 and len(snippets) >= 150  # the minimum
    assert all(s.source.startswith("http") and s.expect for s in snippets)
    assert {s.split for s in snippets} == {"dev", "holdout"}
    assert any("traditional" in s.tags for s in snippets) and any("blank" in s.tags for s in snippets)


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_recall_and_precision_floors(outcomes, split):
    tally = group(outcomes)[split]["(all)"]
    recall_floor, precision_floor = FLOORS[split]
    assert tally.refused == 0
    assert tally.recall >= recall_floor, tally
    assert tally.precision >= precision_floor, tally


def test_department_names_agree_with_the_labels():
    """Of the department names read from the corpus (dev, holdout and the opened splits: the labels
    name each snippet's department), at least 49 in 50 are the labelled department's, and at least 400
    are read; measured: 457 of 461 agree. Before the names were checked, a quarter of the 60 read were a
    page's links, stamps or headings (返回顶部, 来源:办公室, 第一部), and budgets' and 决算's titles gave none."""
    snippets = [s for s in load_corpus(blind=True) if s.split not in BLIND or s.split in OPENED]
    named = [(o.extracted["dept_name"], o.snippet) for o in score_corpus(snippets)
             if isinstance(o.extracted.get("dept_name"), str)]
    wrong = [f"{s.id}: {got} ≠ {s.department}" for got, s in named if not names_agree(got, s.department)]
    assert len(named) >= 400 and len(wrong) <= len(named) // 50, wrong


def test_never_a_number_where_the_text_leaves_a_blank(outcomes):
    assert group(outcomes)["all"]["(all)"].blank == 0


# holdout13 … holdout18 are short: the stored pages that no split cites ran out (tests/data/README.md)
BREADTH = {"holdout13": (20, 15), "holdout14": (20, 20), "holdout15": (30, 30), "holdout16": (30, 30), "holdout17": (19, 19),
           "holdout18": (43, 43), "holdout31": (33, 33), "holdout33": (31, 31)}


@pytest.mark.parametrize("split", BLIND)
def test_blind_split_is_well_formed_and_names_only_vocabulary_metrics(split):
    """Each blind split (holdout2.yaml … holdout17.yaml) was labelled before extraction ran on
    it and is never tuned on: its scores are reported by
    ``python -m tests.corpus_score --split <split>``, not held to a floor here. This checks
    its form, its breadth, that every label names a vocabulary metric with a value of the
    metric's kind, and that no other corpus file, blind or not, cites its pages."""
    entries = yaml.safe_load((CORPUS / f"{split}.yaml").read_text(encoding="utf-8"))
    fields = {"id", "source", "province", "department", "tags", "split", "text", "expect"}
    assert all(set(entry) == fields for entry in entries)
    everything = load_corpus(blind=True)
    assert len({s.id for s in everything}) == len(everything)
    blind = [s for s in everything if s.split == split]
    assert sorted(s.id for s in blind) == sorted(entry["id"] for entry in entries)  # all of it, only there
    snippets, departments = BREADTH.get(split, (45, 25))
    assert len(blind) >= snippets and len({s.department for s in blind}) >= departments
    assert len({s.province for s in blind} - {"未注明"}) >= 8
    assert all(s.source.startswith("http") and s.text.strip() and s.tags and s.expect for s in blind)
    assert all(isinstance(tag, str) for s in blind for tag in s.tags)  # a bare null in the list is no tag
    kinds = {m.id: m.kind for m in load_vocabulary().metrics.values()}
    for snippet in blind:
        for metric, value in snippet.expect.items():
            assert metric in kinds, (snippet.id, metric)
            if value is None:
                continue
            if kinds[metric] == "date":
                assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (snippet.id, metric)
            else:
                assert isinstance(value, (int, float)) and not isinstance(value, bool), (snippet.id, metric)
    others = {s.source for s in everything if s.split != split}
    assert not others & {s.source for s in blind}
    assert all(s.split not in BLIND for s in load_corpus())  # left out unless asked for


@pytest.mark.parametrize("split", BLIND)
def test_blind_split_is_kept_out_of_all(split):
    blind, dev = (next(s for s in load_corpus(blind=True) if s.split == name) for name in (split, "dev"))
    table = group([Outcome(blind, Tally(right=1, labelled=1, snippets=1)),
                   Outcome(dev, Tally(right=2, labelled=2, snippets=1))])
    assert table["all"]["(all)"].right == 2 and table[split]["(all)"].right == 1


def test_row_number_never_merges_into_the_amount():
    found = extract_text("2023年度某局部门决算说明\n本年决算支出合计 39 25,037,565.22元").metrics
    assert found["final_total"] == pytest.approx(2503.756522)
    ambiguous = extract_text("2023年度收入总计 1 234.5万元").metrics  # row 1 or 1,234.5? say nothing
    assert "final_income_grand_total" not in ambiguous


def test_traditional_mirror_copy_reads_like_the_simplified_text():
    traditional = "2018年某局“三公”經(jīng)費(fèi)預算合計32.6萬元。其中:公務接待費4萬元,比上年減少2萬元。"
    simplified = "2018年某局“三公”经费预算合计32.6万元。其中:公务接待费4万元,比上年减少2万元。"
    assert extract_text(traditional).metrics == extract_text(simplified).metrics
    assert extract_text(traditional).metrics["sangong_budget_reception_change"] == -2
    item = extract_text(traditional).items["sangong_budget"]
    assert "預算合計32.6萬元" in item.provenance.text  # provenance quotes the page as printed


def test_stage_words_inside_compounds_are_not_stages():
    found = extract_text("2021年度一般公共预算财政拨款“三公”经费支出合计7.69万元。").metrics
    assert found.get("sangong_actual") == 7.69 and "sangong_budget" not in found


def test_a_text_with_one_figure_yields_it_and_none_is_refused():
    assert extract_text("2022年公务用车保有量为2辆。").metrics["vehicles_held"] == 2
    with pytest.raises(PerfscoreError, match="不是部门整体支出绩效报告"):
        extract_text("今天天气晴朗，适合出游。")


def test_fifty_megabyte_text_gives_a_partial_result_quickly(tmp_path: Path):
    page = (Path(__file__).parents[1] / "examples" / "xiangxiang_minzheng_2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "big.txt"
    path.write_text((page * (50_000_000 // len(page) + 1))[:50_000_000], encoding="utf-8")
    start = time.monotonic()
    extraction = extract_report(path)
    assert time.monotonic() - start < 30
    assert extraction.metrics["year"] == 2024
    assert any("只读取了部分正文" in note for note in extraction.notes)


def test_one_very_long_line_gives_a_partial_result(tmp_path: Path):
    path = tmp_path / "line.txt"
    path.write_text("2023年度某局“三公”经费决算数3万元，" * 200_000, encoding="utf-8")
    start = time.monotonic()
    extraction = extract_report(path)
    assert time.monotonic() - start < 30
    assert extraction.metrics["sangong_actual"] == 3
    assert extraction.notes


@pytest.mark.parametrize("line", [
    # a statistical return's coded rows, and totals printed without a unit, run into one line of no full stop:
    # each total looks for the items after it only a bounded way (this took over two minutes once)
    "项目代码单位指标项目代码单位指标\n" + "本年支出合计61千元3,299基建拨款54千元" * 20_000,
    "2010年三公经费决算数合计373.74,因公出国(境)费200.00万元" * 15_000,
])
def test_one_long_line_of_rows_or_totals_is_read_in_seconds(line):
    start = time.monotonic()
    extraction = extract_text(line)
    assert time.monotonic() - start < 30
    assert extraction.notes  # the time budget ran out, and the result says so


@pytest.mark.parametrize("cells", [["公务接待费"], ["公务接待费", "1.5"]])
@pytest.mark.parametrize("between", ["\n\n", "\n"])
def test_a_text_of_many_short_cells_is_read_in_seconds(cells, between):
    """Twenty thousand short lines, one cell each, with or without a blank line after each: every
    table reader walks a run once (a run of cells found to hold no table is not read again from each
    of its lines), so the text is read in seconds, not minutes."""
    start = time.monotonic()
    extraction = extract_text("2023年度某局部门决算\n" + between.join(cells * (20_000 // len(cells))))
    assert time.monotonic() - start < 30
    assert extraction.metrics.get("sangong_actual_reception") in (None, 1.5)


def test_a_table_whose_only_year_is_in_its_first_cell_is_read():
    # the year read from the table's header (a title line taken in as its first cell) crashed the reader
    extraction = extract_text("2023年度某局部门决算\n" + "\n".join(["公务接待费", "1.5"] * 10))
    assert extraction.metrics["sangong_actual_reception"] == 1.5


def test_time_budget_stops_reading_and_says_so():
    document = document_from_text("2023年度某局部门整体支出绩效自评报告\n" + "基本支出决算数5万元。\n" * 50)
    extraction = extract_document(document, budget_seconds=0)
    assert any("时限" in note for note in extraction.notes)


def test_docx_with_nested_and_merged_tables(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("2023年度某局部门整体支出绩效自评报告")
    document.add_paragraph("“三公”经费决算表（单位：万元）")
    outer = document.add_table(rows=3, cols=3)
    outer.cell(0, 0).merge(outer.cell(0, 2)).text = "项目"
    outer.cell(1, 0).merge(outer.cell(2, 0))
    inner = outer.cell(1, 1).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "项目", "决算数"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "公务接待费", "1.5"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    extraction = extract_report(path)
    assert extraction.metrics["year"] == 2023
    assert extraction.metrics["sangong_actual_reception"] == 1.5


def test_pdf_without_text_layer_says_ocr_is_needed(tmp_path: Path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 400, 600, fill=1)  # a page that is only a picture
    pdf.showPage()
    pdf.save()
    with pytest.raises(PerfscoreError, match="扫描件需要 OCR"):
        extract_report(path)
