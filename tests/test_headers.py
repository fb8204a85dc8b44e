"""Header detection on real-looking bureau sheets: title rows, unit lines, two-row headers, 序号/备注, overrides,
the data and goal sheets found by content, and bad input as positioned errors (exit 2)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from perfscore.api import PerfscoreError
from perfscore.engine.rubric.vocabulary import load_vocabulary
from perfscore.engine.tables.headers import HeaderChoice
from perfscore.engine.tables.source import TableOptions, TableSource

from .support import run_cli

VOCABULARY = load_vocabulary()
BUREAU_CSV = """2023年度部门整体支出绩效评价基础数据表,,,,,,,,,,
单位：万元,,,,,,,,,,
序号,部门名称,年度,编制人数,年初预算数,调整后预算数,决算数（元）,“三公”经费,,经费合计,备注
,,,,,,,预算数,决算数,,
1,民政局,2023,57,1000,1100,10500000,10,9,5,无
2,教育局,2023,40,800,820,8000000,8,8,3,
"""


def opened(path: Path, **options) -> TableSource:
    return TableSource(path, VOCABULARY, None, TableOptions(**options))


def values(source: TableSource) -> dict[str, list]:
    batch = next(source.chunks()).batch
    return {name: list(column) for name, column in batch.columns.items()} | {"row": list(batch.row_numbers)}


def test_a_bureau_csv_with_title_unit_line_and_two_row_header_reads_without_options(tmp_path: Path):
    path = tmp_path / "bureau.csv"
    path.write_text(BUREAU_CSV, encoding="utf-8")
    source = opened(path)
    got = values(source)
    assert got["row"] == [5, 6]  # the rows a spreadsheet shows
    assert got["dept_name"] == ["民政局", "教育局"] and got["year"] == [2023, 2023]
    assert got["staff_authorized"] == [57, 40]
    assert got["budget_total"] == [1000, 800] and got["budget_adjusted_total"] == [1100, 820]
    assert got["final_total"] == pytest.approx([1050, 800])  # 元 in the header beats 单位：万元 above
    assert got["sangong_budget"] == [10, 8] and got["sangong_actual"] == [9, 8]
    warnings = [n["message"] for n in source.notes if n["severity"] == "warning"]
    assert len(warnings) == 1 and "“经费合计”" in warnings[0] and "bureau.csv:4:10" in warnings[0]
    assert not any("序号" in n["message"] or "备注" in n["message"] for n in source.notes)


def test_a_unit_line_sets_the_unit_of_money_columns_that_name_none(tmp_path: Path):
    path = tmp_path / "yuan.csv"
    path.write_text("金额单位：元\n部门名称,年度,年初预算数,决算数（万元）\n甲,2023,5795000,12\n", encoding="utf-8")
    got = values(opened(path))
    assert got["budget_total"] == pytest.approx([579.5]) and got["final_total"] == [12]


def test_header_row_override_and_a_header_that_cannot_be_found(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("说明文字\n部门名称,年度,年初预算数\n甲,2023,1\n", encoding="utf-8")
    assert values(opened(path, header=HeaderChoice(row=2)))["budget_total"] == [1]
    with pytest.raises(PerfscoreError) as error:
        opened(path, header=HeaderChoice(row=5))
    assert "第5行不是表头" in str(error.value)
    nothing = tmp_path / "n.csv"
    nothing.write_text("甲,乙\n1,2\n", encoding="utf-8")
    result = run_cli("score", str(nothing), "-q")
    assert result.returncode == 2 and f"{nothing}:1:1: 在前2行中找不到表头行" in result.stderr
    assert "Traceback" not in result.stderr


def test_columns_map_maps_a_skipped_column_and_strict_refuses_it(tmp_path: Path):
    path = tmp_path / "bureau.csv"
    path.write_text(BUREAU_CSV, encoding="utf-8")
    mapping = tmp_path / "columns.yaml"
    mapping.write_text('"经费合计": 公用经费决算数\n', encoding="utf-8")
    assert values(opened(path, columns=mapping))["final_public_funds"] == [5, 3]
    result = run_cli("score", str(path), "-q", "--strict", "-o", str(tmp_path / "r.csv"))
    assert result.returncode == 2 and "未知列“经费合计”" in result.stderr
    printed = run_cli("score", str(path), "-q", "-o", str(tmp_path / "r.csv"))
    assert printed.returncode == 0 and '"经费合计": 跳过' in printed.stderr  # the ready-to-edit map
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text('"经费合计": 不存在的指标\n', encoding="utf-8")
    result = run_cli("score", str(path), "-q", "--columns", str(wrong))
    assert result.returncode == 2 and f"{wrong}:1:" in result.stderr and "不是已知的指标名称" in result.stderr


def test_two_columns_of_one_metric_is_an_error_with_its_cell(tmp_path: Path):
    path = tmp_path / "twice.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(["部门名称", "年度", "年初预算数", "年初预算"])
    sheet.append(["甲", 2023, 1, 2])
    book.save(path)
    result = run_cli("score", str(path), "-q")
    assert result.returncode == 2 and f"{path}:数据!D1: 列“年初预算”与第3列“年初预算数”是同一指标" in result.stderr


def bureau_workbook(path: Path, merge_data: bool = False) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["请各部门如实填写。"])
    data = book.create_sheet("2023年数据")
    data.append(["2023年度部门整体支出绩效评价基础数据表"])
    data.merge_cells("A1:H1")
    data.append(["单位：万元"])
    data.append(["序号", "部门名称", "年度", "编制人数", "年初预算数", "“三公”经费", None, "备注"])
    data.append([None, None, None, None, None, "预算数", "决算数", None])
    for column in "ABCDEH":
        data.merge_cells(f"{column}3:{column}4")
    data.merge_cells("F3:G3")
    data.append([1, "民政局", 2023, 57, 1000, 10, 9, None])
    data.append([2, "教育局", 2023, 40, 800, 8, 8, "无"])
    if merge_data:
        data.merge_cells("C5:C6")
    goals = book.create_sheet("个性指标")
    goals.append(["部门名称", "年度", "指标名称", "计量单位", "年初指标值", "全年完成值", "指标权重"])
    goals.append(["民政局", 2023, "救助覆盖率", "%", 95, 97, 4])
    book.save(path)


def test_a_workbook_finds_its_data_and_goal_sheets_by_content(tmp_path: Path):
    path = tmp_path / "bureau.xlsx"
    bureau_workbook(path)
    source = opened(path)
    got = values(source)
    assert got["row"] == [5, 6] and got["sangong_budget"] == [10, 8] and got["sangong_actual"] == [9, 8]
    assert source.goals.read == 1 and len(source.goals.target_rows) == 1
    assert any("个性指标" in n["message"] for n in source.notes)
    assert not [n for n in source.notes if n["severity"] == "warning"]


def test_a_merged_cell_spanning_data_rows_is_an_error_with_its_cell(tmp_path: Path):
    path = tmp_path / "merged.xlsx"
    bureau_workbook(path, merge_data=True)
    result = run_cli("score", str(path), "-q")
    assert result.returncode == 2 and f"{path}:2023年数据!C5: 合并单元格 C5:C6 跨越了数据行" in result.stderr


def test_sheet_override_names_the_data_sheet(tmp_path: Path):
    path = tmp_path / "bureau.xlsx"
    bureau_workbook(path)
    assert values(opened(path, header=HeaderChoice(sheet="2023年数据")))["budget_total"] == [1000, 800]
    result = run_cli("score", str(path), "-q", "--sheet", "没有")
    assert result.returncode == 2 and "工作簿中没有工作表“没有”" in result.stderr


def test_goals_beside_the_input_are_used_and_said(tmp_path: Path):
    table = tmp_path / "d.csv"
    table.write_text("部门名称,年度,年初预算数\n民政局,2023,1\n", encoding="utf-8")
    result = run_cli("score", str(table), "-q", "-o", str(tmp_path / "r.csv"))
    assert "没有任何部门有目标行：1 个部门" in result.stderr
    (tmp_path / "d.goals.csv").write_text("部门名称,指标名称,年初指标值,全年完成值,指标权重\n民政局,覆盖率,95,97,4\n",
                                          encoding="utf-8")
    result = run_cli("score", str(table), "-q", "-o", str(tmp_path / "r.csv"))
    said = " ".join(line.strip() for line in result.stderr.splitlines())  # the message may wrap, the path never
    assert result.returncode == 0 and f"目标表（个性指标）取自 {tmp_path / 'd.goals.csv'}" in said
    assert any(str(tmp_path / "d.goals.csv") in line for line in result.stderr.splitlines())
    assert "没有任何部门有目标行" not in result.stderr


@pytest.mark.parametrize("content, message", [
    ("部门名称,年度\n甲,2023\n乙,2023,5\n", ":3:3: 第3行有3个字段，而表头只有2列"),
    ("部门名称,年度\n甲,2023,5\n乙,2023\n", ":2:3: 第2行有3个字段，而表头只有2列"),
])
def test_a_row_with_more_fields_than_the_header_is_an_error_not_a_shift(tmp_path: Path, content: str, message: str):
    path = tmp_path / "wide.csv"
    path.write_text(content, encoding="utf-8")
    result = run_cli("score", str(path), "-q")
    assert result.returncode == 2 and f"{path}{message}" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("encoding", ["rot13", "utf-16", "base64", "utf-32"])
@pytest.mark.parametrize("content", ["部门名称,年度\n甲,2023\n", "部门名称,年度\n甲,2023\n\n"])  # odd, even bytes
def test_a_wrong_encoding_is_an_error_not_a_traceback(tmp_path: Path, encoding: str, content: str):
    """An even number of bytes read as UTF-16 without a byte-order mark once raised UnicodeError (not a decode
    error): found trying the issue's ``--encoding utf-16`` on the shipped example."""
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    result = run_cli("score", str(path), "-q", "--encoding", encoding)
    assert result.returncode == 2 and "perfscore: error:" in result.stderr and "Traceback" not in result.stderr


def test_a_million_digit_number_is_a_reject_with_a_chinese_reason_and_the_rejects_file_written(tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_text("部门名称,年度,年初预算数,编制人数\n甲,2023," + "9" * 1_000_000 + ",5\n乙,2023,1,2\n",
                    encoding="utf-8")
    result = run_cli("score", str(path), "-q", "-o", str(tmp_path / "r.csv"))
    assert result.returncode == 0 and "拒绝 1 行" in result.stderr and "Traceback" not in result.stderr
    rejects = (tmp_path / "r.rejects.csv").read_text(encoding="utf-8")
    assert "数字过大，无法读取（1000000 个字符）" in rejects and len(rejects) < 2_000
