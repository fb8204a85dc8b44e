"""The bureau's workbook, re-read with openpyxl: the summary with ranking, coverage columns and grade counts, and one
评分表 per department with its header block, row heights that fit the text, footer, signatures and print setup."""

from __future__ import annotations

import math

import openpyxl
import pytest

from perfscore.engine.jobs import scoring as api
from perfscore.engine.jobs.forms import standing, write_forms
from perfscore.engine.render.describe import describe_criterion
from perfscore.engine.render.form import FORM_HEADERS, FORM_WIDTHS, Context, place_name, tab_names
from perfscore.engine.render.textwidth import width, wrap
from perfscore.engine.render.xlsx import HEADER_ROWS, LINE_HEIGHT, ROW_PADDING, row_height
from perfscore.engine.tables.source import TableOptions, TableSource

PLAN = api.compile_reference("mof2013")
TABLE = ("dept_name,region,year,staff_actual,staff_authorized,audit_findings\n"
         "甲局,湖南省衡山县,2023,60,57,1\n乙局,湖南省衡山县,2023,40,40,0\n丙局,湖南省衡山县,2023,40,40,0\n"
         "教育局,湖南省衡阳县,2023,40,40,0\n教育局,湖南省祁东县,2023,40,40,0\n")


def _cards(tmp, text: str = TABLE):
    table = tmp / "t.csv"
    table.write_text(text, encoding="utf-8")
    source = TableSource(table, PLAN.profile.vocabulary, {c.id for c in PLAN.criteria}, TableOptions())
    return api.scorecards(api.score_batch(PLAN, next(source.chunks()).batch))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xlsx")
    cards = _cards(tmp)
    path = tmp / "out.xlsx"
    write_forms(cards, PLAN, path, "xlsx", Context("衡阳市财政局", "2024-05-20"))
    return openpyxl.load_workbook(path), cards


def test_summary_sheet_ranks_ties_counts_grades_and_coverage(workbook):
    book, cards = workbook
    sheet = book["汇总"]
    assert book.sheetnames == ["汇总", "等级分布", "衡山县甲局2023", "衡山县乙局2023", "衡山县丙局2023",
                               "衡阳县教育局2023", "祁东县教育局2023"]
    headers = [c.value for c in sheet[3]]
    assert headers[:6] == ["排名", "地区", "部门", "年度", "总分", "等级"]
    assert headers[-3:] == ["缺少数据项数", "待评价人员评分项数", "评分表"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=8)]
    assert [r[0] for r in rows] == [1, 1, 1, 1, 5] and rows[-1][2] == "甲局"
    assert rows[-1][4] == cards[0]["total"] and sheet.freeze_panes == "A4"
    missing = cards[0]["coverage"]["missing"]
    assert rows[-1][-3] == missing > 20 and rows[-1][-2] == cards[0]["coverage"]["manual"] > 0
    assert sheet.cell(8, len(headers)).hyperlink.location == "'衡山县甲局2023'!A1"
    assert "mof2013" not in sheet["A2"].value and PLAN.profile.name in sheet["A2"].value
    grades = book["等级分布"]
    assert [c.value for c in grades[2]] == ["年度", "优", "良好", "中", "差", "合计"]
    assert [c.value for c in grades[3]][0] == "2023" and grades.cell(3, 6).value == 5
    assert grades.column_dimensions["A"].width != sheet.column_dimensions["A"].width  # its own widths


def test_department_sheet_cell_by_cell_with_header_block_and_footer(workbook):
    book, cards = workbook
    sheet, card = book["衡山县甲局2023"], cards[0]
    assert sheet["A1"].value == "湖南省衡山县甲局2023年度部门整体支出绩效评价评分表"
    assert sheet["A1"].font.name == "黑体" and sheet["A6"].font.name == "宋体"
    assert sheet["A2"].value == "评价年度：2023年　　评价单位：衡阳市财政局　　评价日期：2024-05-20"
    assert sheet["A3"].value.startswith(f"复核得分：{card['total']:g}分（满分100分）　　等级：{card['grade_label']}")
    cover = card["coverage"]
    assert sheet["A4"].value.startswith(f"数据覆盖：有数据 {cover['data']} 项，缺数据 {cover['missing']} 项，"
                                        f"待评价人员评分 {cover['manual']} 项")
    assert "mof2013" not in "".join(str(sheet.cell(r, 1).value) for r in range(1, 5))
    assert tuple(c.value for c in sheet[HEADER_ROWS]) == FORM_HEADERS
    plans = {c.id: c for c in PLAN.criteria}
    first = HEADER_ROWS + 1
    for row, entry in zip(sheet.iter_rows(min_row=first, max_row=first - 1 + len(card["criteria"])),
                          card["criteria"]):
        c = plans[entry["id"]]
        assert row[2].value == c.path_names[-1]
        assert row[3].value == entry["points"] and row[5].value == entry["score"]
        assert row[4].value == describe_criterion(c.criterion)
        assert (row[6].value or "") == (entry["reason"] if entry["score"] < entry["points"] else "")
        assert row[3].number_format == "General" and row[5].number_format == "General"
        assert all(cell.data_type != "f" for cell in row)
    staff = next(r for r in sheet.iter_rows(min_row=first) if r[2].value == "在职人员控制率")
    assert "超出100%" in staff[6].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(first, 1).value == "投入" and any(m.startswith(f"A{first}:A") for m in merged)
    total_row = first + len(card["criteria"])
    assert sheet.cell(total_row, 1).value == "合计" and sheet.cell(total_row, 6).value == card["total"]
    texts = [sheet.cell(r, 1).value or "" for r in range(total_row + 1, sheet.max_row + 1)]
    assert any(t.startswith("评价人（签字）") and "复核人（签字）" in t and "日期" in t for t in texts)
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_department_sheet_prints_a4_landscape_fit_to_width(workbook):
    sheet = workbook[0]["衡山县乙局2023"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # 1 wide (the default)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.freeze_panes == f"A{HEADER_ROWS + 1}" and sheet.print_title_rows == f"${HEADER_ROWS}:${HEADER_ROWS}"
    assert sum(FORM_WIDTHS) <= 140  # A4 landscape at 10 pt with 1.27 cm margins


def test_every_row_is_as_tall_as_its_wrapped_text(workbook):
    book, cards = workbook
    sheet = book["衡山县甲局2023"]
    first = HEADER_ROWS + 1
    for r in range(first, first + len(cards[0]["criteria"])):
        lines = max(len(wrap(str(sheet.cell(r, col + 1).value or ""), FORM_WIDTHS[col] - 1))
                    for col in (0, 1, 2, 4, 6))
        assert sheet.row_dimensions[r].height == pytest.approx(lines * LINE_HEIGHT + ROW_PADDING)
        assert lines >= 1


def test_a_long_reason_gets_as_many_lines_as_it_needs():
    reason = "资金使用合规性：发现问题12个，其中" + "、".join(f"第{k}项支出未按规定履行审批程序" for k in range(1, 15))
    cells = FORM_WIDTHS[6] - 1
    needed = math.ceil(width(reason) / cells)
    height = row_height(["", "", "三级", "", "标准", "", reason], FORM_WIDTHS)
    lines = round((height - ROW_PADDING) / LINE_HEIGHT)
    assert needed <= lines <= needed + 1 and lines >= 8
    assert all(width(line) <= cells + 2 for line in wrap(reason, cells))


def test_place_and_tab_names_name_the_region_once():
    assert place_name("湖南省衡山县", "衡山县民政局") == "湖南省衡山县民政局"
    assert place_name("湖南省衡山县", "民政局") == "湖南省衡山县民政局"
    assert place_name("", "民政局") == "民政局"
    cards = [{"department": {"dept_name": "教育局", "region": f"湖南省{county}", "year": 2023}}
             for county in ("衡山县", "衡阳县", "衡山县")]
    assert tab_names(cards) == ["衡山县教育局2023", "衡阳县教育局2023", "衡山县教育局2023(2)"]
    long = [{"department": {"dept_name": "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某局", "year": 2023}}] * 2
    names = tab_names(long)
    assert len(set(names)) == 2 and all(len(n) <= 31 for n in names)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    cards = _cards(tmp_path, "dept_name,region,year,staff_actual,staff_authorized\n"
                             "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+1县,2023,40,40\n@局,-地区,2023,40,40\n")
    path = tmp_path / "f.xlsx"
    write_forms(cards, PLAN, path, "xlsx", Context())
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    values = {c.value for row in book["汇总"].iter_rows() for c in row}
    assert '=HYPERLINK("http://x","y")' in values and "@局" in values


def test_standing_ranks_per_year_and_counts_with_profile_labels(tmp_path):
    cards = _cards(tmp_path)
    facts = standing(cards, PLAN)
    assert facts.ranks == [5, 1, 1, 1, 1] and list(facts.grade_labels) == ["优", "良好", "中", "差"]
    assert facts.distribution[0][0] == "2023" and facts.distribution[0][2] == 5


def test_the_faster_workbook_writes_what_xlsxwriter_writes(tmp_path):
    """The workbook's shortened paths (render/xlsx_speed: one set lookup per tab name, a one-step cell writer)
    give the same bytes as the library's own classes; a duplicate tab name is still refused."""
    import xlsxwriter
    from xlsxwriter.exceptions import DuplicateWorksheetName

    from perfscore.engine.render.xlsx import write_workbook
    from perfscore.engine.render.xlsx_speed import FormBook

    cards = _cards(tmp_path)
    facts = standing(cards, PLAN)
    context = Context("某市财政局", "2024-05-20")
    write_workbook(cards, PLAN, tmp_path / "fast.xlsx", facts, context)
    write_workbook(cards, PLAN, tmp_path / "library.xlsx", facts, context, workbook_class=xlsxwriter.Workbook)
    fast, library = (tmp_path / "fast.xlsx").read_bytes(), (tmp_path / "library.xlsx").read_bytes()
    assert len(fast) > 10_000 and fast == library
    book = FormBook(str(tmp_path / "dup.xlsx"), {"in_memory": True})
    book.add_worksheet("教育局")
    with pytest.raises(DuplicateWorksheetName):
        book.add_worksheet("教育局")
    book.close()
