"""``perfscore template``: the workbook a bureau sends out, filled in and scored back with no option."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import perfscore
from perfscore.engine.render.template_xlsx import FIRST_DATA_ROW

from .support import run_cli


def header_columns(sheet) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in sheet[FIRST_DATA_ROW - 1] if cell.value}


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    (folder / "depts.csv").write_text("部门名称,地区,年度\n民政局,衡山县,2023\n教育局,衡山县,2023\n", encoding="utf-8")
    result = run_cli("template", "-o", str(folder / "基础数据表.xlsx"), "--departments", str(folder / "depts.csv"))
    assert result.returncode == 0, result.stderr
    return folder / "基础数据表.xlsx"


def test_the_template_has_its_four_sheets_labels_units_comments_validation_and_frozen_header(blank: Path):
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == ["填表说明", "基础数据", "个性指标", "评价人评分"]
    data = book["基础数据"]
    columns = header_columns(data)
    assert {"部门名称", "地区", "年度", "核定编制数（人）", "实有在编人数（人）", "年初预算支出（万元）"} <= set(columns)
    assert "取数" in data.cell(FIRST_DATA_ROW - 1, columns["核定编制数（人）"]).comment.text
    assert data.freeze_panes == f"B{FIRST_DATA_ROW}"
    assert data.cell(2, 4).value == "投入" and "D2" in {r.coord.split(":")[0] for r in data.merged_cells.ranges}
    kinds = {v.type for v in data.data_validations.dataValidation}
    assert {"list", "decimal", "whole", "date"} <= kinds
    assert [data.cell(FIRST_DATA_ROW + k, 1).value for k in range(2)] == ["民政局", "教育局"]
    assert book["评价人评分"].cell(2, 4).value  # one row per department and assessed criterion
    assert not any(str(c.value or "").startswith(("staff_", "budget_")) for row in data.iter_rows() for c in row)


def fill(blank: Path, target: Path) -> None:
    """Values on band edges: 在职人员控制率 100% (full 3) and 101.75% (one step: 2.7); 重点支出安排率 90% (4) and
    89.9% (3); 政府采购执行率 via goals not used."""
    book = openpyxl.load_workbook(blank)
    data = book["基础数据"]
    columns = header_columns(data)
    rows = {
        "核定编制数（人）": (57, 57), "实有在编人数（人）": (57, 58),
        "重点项目支出预算数（万元）": (900, 899), "项目支出预算数（万元）": (1000, 1000),
    }
    for header, values in rows.items():
        for k, value in enumerate(values):
            data.cell(FIRST_DATA_ROW + k, columns[header], value)
    goals = book["个性指标"]
    goals.cell(2, 4, "救助覆盖率"), goals.cell(2, 5, "%"), goals.cell(2, 6, "≥")
    goals.cell(2, 7, 95), goals.cell(2, 8, 97), goals.cell(2, 9, 4)
    assessor = book["评价人评分"]
    first = assessor.cell(2, 4).value
    assessor.cell(2, 6, 1.5), assessor.cell(2, 7, "目标基本合理")
    book.save(target)
    return first


def test_a_filled_template_scores_with_no_option_to_hand_computed_points(blank: Path, tmp_path: Path):
    filled = tmp_path / "filled.xlsx"
    assessed_name = fill(blank, filled)
    result = perfscore.score(filled)
    assert len(result.rejects) == 0 and result.summary["dept_name"].tolist() == ["民政局", "教育局"]
    breakdown = result.breakdown.set_index(["row", "criterion_id"])["score"]
    assert breakdown[(FIRST_DATA_ROW, "staff_control")] == 3.0
    assert breakdown[(FIRST_DATA_ROW + 1, "staff_control")] == pytest.approx(2.7)
    assert breakdown[(FIRST_DATA_ROW, "key_spend")] == 4.0
    assert breakdown[(FIRST_DATA_ROW + 1, "key_spend")] == 3.0
    cards = {card["input"]["metrics"]["dept_name"]: card for card in result.scorecards}
    assert cards["民政局"]["input"]["metrics"]["goals"][0]["indicator"] == "救助覆盖率"
    assessed = [c for c in cards["民政局"]["criteria"] if c["name"] == assessed_name]
    assert assessed and assessed[0]["score"] == 1.5
    assert not cards["教育局"]["input"]["metrics"].get("goals")


def test_renamed_template_sheets_are_an_error(blank: Path, tmp_path: Path):
    book = openpyxl.load_workbook(blank)
    book["个性指标"].title = "目标"
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    result = run_cli("score", str(renamed), "-q")
    assert result.returncode == 2 and f"{renamed}:个性指标!A1: 模板的工作表“个性指标”被改名或删除" in result.stderr


def test_a_filled_300_department_template_reads_in_under_a_second(tmp_path: Path):
    """The read alone (header detection, both sheets, conversion): measured by the benchmark; here a bound."""
    import time

    from perfscore.engine.rubric.vocabulary import load_vocabulary
    from perfscore.engine.tables.source import TableOptions, TableSource

    path = tmp_path / "300.xlsx"
    big_template(path, 300)
    start = time.perf_counter()
    source = TableSource(path, load_vocabulary(), None, TableOptions())
    assert next(source.chunks()).read == 300
    assert time.perf_counter() - start < 3.0  # generous on a shared machine; the benchmark reports the median


def big_template(path: Path, departments: int) -> None:
    folder = path.parent
    names = folder / f"names{departments}.csv"
    names.write_text("部门名称,地区,年度\n" + "".join(f"部门{k},县{k % 7},2023\n" for k in range(departments)),
                     encoding="utf-8")
    perfscore.template(path, departments=names)
    book = openpyxl.load_workbook(path)
    data = book["基础数据"]
    for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + departments):
        for column in range(4, data.max_column + 1):
            data.cell(row, column, (row * column) % 97 + 1)
    book.save(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_template_renders_in_libreoffice(blank: Path, tmp_path: Path):
    copy = tmp_path / "t.xlsx"
    shutil.copy(blank, copy)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(copy)],
                   capture_output=True, timeout=180)
    assert (tmp_path / "t.pdf").stat().st_size > 10_000


def test_department_names_that_look_like_formulas_stay_text(tmp_path: Path):
    """A department list naming ``=HYPERLINK(…)``, ``+1``, ``-1`` or ``@x`` pre-fills text, never a formula."""
    import zipfile

    risky = ['=HYPERLINK("http://e.x","点此")', "+1", "-1", "@x"]
    listing = tmp_path / "depts.csv"
    listing.write_text("部门名称,地区,年度\n" + "".join(f'"{n.replace(chr(34), 2 * chr(34))}",=1+1,2024\n'
                                                     for n in risky), encoding="utf-8")
    target = tmp_path / "t.xlsx"
    result = run_cli("template", "--departments", listing, "-o", target)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    book = openpyxl.load_workbook(target)
    for name in ("基础数据", "个性指标", "评价人评分"):
        values = [c.value for row in book[name].iter_rows() for c in row if c.value is not None]
        assert all(v in values for v in risky) and "=1+1" in values, name
        assert all(c.data_type != "f" for row in book[name].iter_rows() for c in row), name


def test_each_assessor_row_offers_only_its_own_criterions_tiers(blank: Path):
    """A prefilled 评价人评分 row lists the tiers of the criterion it names (a manual criterion: no tier list, only
    a score); only the blank rows below, whose criterion is still to be chosen, offer every tier."""
    from perfscore.engine.jobs.scoring import compile_reference
    from perfscore.engine.render.template_xlsx import assessed

    tiers_of = {name: list(tiers) for name, tiers, _ in assessed(compile_reference("mof2013"))}
    sheet = openpyxl.load_workbook(blank)["评价人评分"]
    lists: dict[str, list[str]] = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                if cells.min_col == 5:
                    assert f"E{row}" not in lists, f"E{row} has two dropdowns"
                    lists[f"E{row}"] = validation.formula1.strip('"').split(",")
    prefilled = [row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 4).value]
    assert len(prefilled) == 2 * len(tiers_of) and any(not tiers for tiers in tiers_of.values())
    for row in prefilled:
        criterion = sheet.cell(row, 4).value
        assert lists.get(f"E{row}", []) == tiers_of[criterion], (row, criterion)
    assert set(lists[f"E{prefilled[-1] + 1}"]) == {t for tiers in tiers_of.values() for t in tiers}
