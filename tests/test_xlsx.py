"""The bureau's workbook, re-read with openpyxl: summary with ranking and grade counts, one 评分表 per department."""

from __future__ import annotations

import openpyxl
import pytest

from perfscore.engine.jobs import scoring as api
from perfscore.engine.render.describe import describe_criterion
from perfscore.engine.render.xlsx import SHEET_HEADERS, write_workbook
from perfscore.engine.tables.source import TableOptions, TableSource

PLAN = api.compile_reference("mof2013")


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xlsx")
    table = tmp / "t.csv"
    table.write_text("dept_name,year,staff_actual,staff_authorized,audit_findings\n"
                     "甲局,2023,60,57,1\n乙局,2023,40,40,0\n丙局,2023,40,40,0\n", encoding="utf-8")
    source = TableSource(table, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria}, TableOptions())
    cards = api.scorecards(api.score_batch(PLAN, next(source.chunks()).batch))
    path = tmp / "out.xlsx"
    write_workbook(cards, PLAN, path)
    return openpyxl.load_workbook(path), cards


def test_summary_sheet_ranks_ties_and_counts_grades(workbook):
    book, cards = workbook
    sheet = book["汇总"]
    assert book.sheetnames == ["汇总", "甲局2023", "乙局2023", "丙局2023"]
    assert [c.value for c in sheet[3]][:6] == ["排名", "地区", "部门", "年度", "总分", "等级"]
    ranked = [[c.value for c in row][:5] for row in sheet.iter_rows(min_row=4, max_row=6)]
    assert [r[0] for r in ranked] == [1, 1, 3] and [r[2] for r in ranked] == ["乙局", "丙局", "甲局"]
    assert ranked[2][4] == cards[0]["total"] and sheet.freeze_panes == "A4"
    counts = {row[0].value: row for row in sheet.iter_rows(min_row=8) if row[0].value == "2023"}
    assert counts["2023"][5].value == 3  # 合计


def test_department_sheet_cell_by_cell(workbook):
    book, cards = workbook
    sheet, card = book["甲局2023"], cards[0]
    assert sheet["A1"].value == "甲局 2023年度部门整体支出绩效评价评分表"
    assert tuple(c.value for c in sheet[3]) == SHEET_HEADERS
    plans = {c.id: c for c in PLAN.criteria}
    for row, entry in zip(sheet.iter_rows(min_row=4, max_row=3 + len(card["criteria"])), card["criteria"]):
        c = plans[entry["id"]]
        assert row[2].value == c.path_names[-1]
        assert row[3].value == entry["points"] and row[5].value == entry["score"]
        assert row[4].value == describe_criterion(c.criterion)
        assert row[6].value == (entry["reason"] if entry["score"] < entry["points"] else None)
        assert row[3].number_format == "0.00" and row[5].number_format == "0.00"
    staff = next(r for r in sheet.iter_rows(min_row=4) if r[2].value == "在职人员控制率")
    assert "超过100%" in staff[6].value or "超出100%" in staff[6].value
    first_level = sheet["A4"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert first_level == "投入" and any(m.startswith("A4:A") for m in merged)
    total = sheet.cell(4 + len(card["criteria"]), 6).value
    assert sheet.cell(4 + len(card["criteria"]), 1).value == "合计" and total == card["total"]


def test_department_sheet_prints_a4_landscape_fit_to_width(workbook):
    sheet = workbook[0]["乙局2023"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.freeze_panes == "A4" and sheet.print_title_rows == "$3:$3"
