"""Table input: formats and encodings, Chinese headers with units, full-width digits, and every kind of reject."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from perfscore.engine.jobs import scoring as api
from perfscore.engine.errors import PerfscoreError
from perfscore.engine.tables.source import TableOptions, TableSource

PLAN = api.compile_reference("mof2013")
CRITERIA = {c.id for c in PLAN.criteria}
HEADER = "dept_name,year,staff_actual,staff_authorized,sangong_budget,sangong_actual\n"
ROWS = "民政局,2023,60,57,10,10.5\n教育局,2023,40,40,20,18\n"


def source(path: Path, **options) -> TableSource:
    return TableSource(path, PLAN.profile.vocabulary, CRITERIA, TableOptions(**options))


def chunk(path: Path, **options):
    return next(source(path, **options).chunks())


def columns_of(path: Path, **options) -> dict[str, np.ndarray]:
    return chunk(path, **options).batch.columns


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_read_alike(tmp_path: Path, encoding: str):
    path = tmp_path / "t.csv"
    path.write_bytes((HEADER + ROWS).encode(encoding))
    columns = columns_of(path)
    assert list(columns["dept_name"]) == ["民政局", "教育局"]
    assert columns["staff_actual"].tolist() == [60.0, 40.0]


def test_xlsx_and_parquet_round_trip_equal_csv(tmp_path: Path):
    import pandas as pd

    csv_path = tmp_path / "t.csv"
    csv_path.write_text(HEADER + ROWS, encoding="utf-8")
    frame = pd.read_csv(csv_path)
    frame.to_excel(tmp_path / "t.xlsx", index=False)
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    expected = api.score_batch(PLAN, chunk(csv_path).batch).results.total
    for name in ("t.xlsx", "t.parquet"):
        got = api.score_batch(PLAN, chunk(tmp_path / name).batch).results.total
        assert got.tolist() == expected.tolist(), name


def test_chinese_headers_aliases_units_and_full_width(tmp_path: Path):
    path = tmp_path / "zh.csv"
    path.write_text("部门（单位）名称,评价年度,实际在编人数,编制数,三公经费预算数（元）,“三公”经费决算数\n"
                    "民政局,２０２３,６０,57,\"105,000\",1.05万元\n", encoding="utf-8")
    columns = columns_of(path)
    assert columns["year"][0] == 2023 and columns["staff_actual"][0] == 60
    assert columns["staff_authorized"][0] == 57  # alias 编制数
    assert columns["sangong_budget"][0] == pytest.approx(10.5)  # 105,000 元 → 10.5 万元
    assert columns["sangong_actual"][0] == pytest.approx(1.05)  # quotes optional, unit in the cell


def test_cell_units_override_a_yuan_header(tmp_path: Path):
    path = tmp_path / "u.csv"
    path.write_text("dept_name,决算总支出（元）\n甲,5795\n乙,0.57万元\n丙,1.58亿元\n", encoding="utf-8")
    assert columns_of(path)["final_total"].tolist() == pytest.approx([0.5795, 0.57, 15800.0])


def test_bad_number_is_a_reject_with_row_column_and_reason(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "民政局,2023,六十几,57,10,10\n教育局,2023,40,40,20,18\n", encoding="utf-8")
    result = chunk(path)
    assert result.batch.n == 1 and result.read == 2
    [reject] = result.rejects
    assert (reject.row, reject.column, reject.value) == (2, "staff_actual", "六十几")
    assert reject.reason == "实有在编人数：“六十几”不是数值，应填数值（人）"


def test_unknown_column_is_a_warning_and_with_strict_an_error_at_the_header(tmp_path: Path):
    path = tmp_path / "unknown.csv"
    path.write_text("dept_name,staff_actuall\n甲,1\n", encoding="utf-8")
    opened = source(path)
    assert "staff_actual" not in opened.columns
    assert any("“staff_actuall”" in n["message"] and "staff_actual" in n["message"] for n in opened.notes)
    with pytest.raises(PerfscoreError) as error:
        source(path, strict=True)
    assert f"{path}:1:2: 未知列“staff_actuall”" in str(error.value)
    assert "是否应为“staff_actual”？" in str(error.value)


def test_duplicate_department_years_are_all_rejected_not_merged(tmp_path: Path):
    path = tmp_path / "dup.csv"
    path.write_text(HEADER + ROWS + "民政局,2023,1,1,1,1\n民政局,2024,1,1,1,1\n", encoding="utf-8")
    result = chunk(path)
    assert sorted(r.row for r in result.rejects) == [2, 4]
    assert all("部门-年度重复" in r.reason for r in result.rejects)
    assert list(result.batch.columns["dept_name"]) == ["教育局", "民政局"]


@pytest.mark.parametrize("content, message", [
    (b"", "文件为空"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是可读取的表格"),
])
def test_empty_file_and_not_a_table(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(PerfscoreError, match=message):
        source(path)


def test_xlsx_that_is_not_a_workbook(tmp_path: Path):
    path = tmp_path / "x.xlsx"
    path.write_text("dept_name\n甲\n", encoding="utf-8")
    with pytest.raises(PerfscoreError, match="不是可读取的表格：XLSX"):
        source(path)


def test_prior_year_values_come_from_the_previous_row_and_say_so(tmp_path: Path):
    path = tmp_path / "years.csv"
    path.write_text("dept_name,year,sangong_budget,sangong_prev_budget\n"
                    "民政局,2022,8,\n民政局,2023,10,\n民政局,2024,12,9\n", encoding="utf-8")
    result = chunk(path)
    prev = result.batch.columns["sangong_prev_budget"]
    assert np.isnan(prev[0]) and prev[1] == 8 and prev[2] == 9  # given values win
    assert result.batch.records[1]["derived"]["sangong_prev_budget"].startswith("取自第2行")
    assert "derived" not in result.batch.records[2]


def test_goal_rows_from_a_second_table_match_departments(tmp_path: Path):
    path, goals = tmp_path / "m.csv", tmp_path / "g.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    goals.write_text("部门,指标,目标值,实际值,方向,分值\n民政局,培训人次,100,90,不低于,10\n"
                     "民政局,满意度,高,高,,5\n无此局,x,1,1,,1\n", encoding="utf-8")
    result = source(path, goals=goals)
    batch = next(result.chunks()).batch
    assert batch.goals.department == [0, 0]
    assert batch.goals.rows[0]["direction"] == ">=" and batch.goals.rows[1]["actual"] == "高"
    [reject] = result.goals.rejects
    assert reject.table == "goals" and reject.row == 4 and "找不到" in reject.reason


def test_slices_of_a_converted_table_hold_exactly_their_rows(tmp_path: Path):
    """A table is converted once and scored in slices: every record, reject and goal row lands in its slice."""
    path, goals = tmp_path / "m.csv", tmp_path / "g.csv"
    lines = [f"局{k},2023,{'坏' if k % 4 == 1 else 40},40,10,{'十' if k % 5 == 3 else 9}" for k in range(11)]
    lines.append("局2,2023,40,40,10,9")  # a duplicate of record 3 (row 4): both are rejected
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    goals.write_text("部门,指标,目标值,实际值,分值\n" + "".join(f"局{k},完成率,100,{90 + k},10\n" for k in range(0, 11, 3)),
                     encoding="utf-8")
    whole = next(source(path, goals=goals).chunks())
    slices = list(source(path, goals=goals).chunks(slice_rows=3))
    assert [s.read for s in slices] == [3, 3, 3, 3]
    assert sum(s.read for s in slices) == whole.read == 12
    by_row = sorted(whole.rejects, key=lambda r: r.row)  # the batch orders rejects by row, stably
    assert sorted((r for s in slices for r in s.rejects), key=lambda r: r.row) == by_row
    assert sorted({r.row for r in whole.rejects}) == [3, 4, 5, 7, 10, 11, 13]  # 坏/十 cells, the duplicate pair
    for k, piece in enumerate(slices):  # slice k holds records 3k … 3k+2, which are rows 3k+2 … 3k+4
        assert {r.row for r in piece.rejects} <= set(range(3 * k + 2, 3 * k + 5))
        assert set(piece.batch.row_numbers) <= set(range(3 * k + 2, 3 * k + 5))
    assert [row for s in slices for row in s.batch.row_numbers] == whole.batch.row_numbers == [2, 6, 8, 9, 12]
    assert [name for s in slices for name in s.batch.columns["dept_name"]] == list(whole.batch.columns["dept_name"])
    goal_names = [(s.batch.columns["dept_name"][d], s.batch.goals.rows[k]["actual"])
                  for s in slices for k, d in enumerate(s.batch.goals.department)]
    assert goal_names == [("局0", 90.0), ("局6", 96.0)]  # 局3 and 局9 have a bad cell: not scored


def test_goal_rows_match_on_region_and_year_and_refuse_an_ambiguous_department(tmp_path: Path):
    path, goals = tmp_path / "m.csv", tmp_path / "g.csv"
    path.write_text("region,dept_name,year,staff_actual\n东县,民政局,2023,1\n西县,民政局,2023,1\n"
                    "东县,民政局,2024,1\n,教育局,2024,1\n", encoding="utf-8")
    goals.write_text("地区,部门,年度,指标,目标值,实际值,分值\n"
                     "西县,民政局,2023,甲,1,1,5\n"  # row 2 → metric row 3
                     "东县,民政局,2024,乙,1,1,5\n"  # row 3 → metric row 4
                     ",教育局,2024,丙,1,1,5\n"  # row 4: no region on either side → metric row 5
                     "东县,民政局,2022,丁,1,1,5\n"  # row 5: no such year
                     "北县,民政局,2023,戊,1,1,5\n", encoding="utf-8")  # row 6: no such region
    index = source(path, goals=goals).goals
    assert index.target_rows.tolist() == [3, 4, 5]
    assert list(index.rows.indicator) == ["甲", "乙", "丙"]
    assert [(r.row, r.reason) for r in index.rejects] == [(5, "找不到对应的部门-年度行"), (6, "找不到对应的部门-年度行")]
    goals.write_text("部门,指标,目标值,实际值,分值\n民政局,甲,1,1,5\n教育局,乙,1,1,5\n", encoding="utf-8")
    index = source(path, goals=goals).goals  # without region and year, 民政局 names three department-years
    assert index.target_rows.tolist() == [5]
    [reject] = index.rejects
    assert (reject.row, reject.value, reject.reason) == (2, "民政局", "对应多个部门-年度行，请加上年度或地区列")


def test_goal_keys_whose_parts_exist_but_not_together_are_no_match(tmp_path: Path):
    """东县 and 教育局 are both in the table, never in one row: such goal rows are rejected (they once crashed)."""
    path, goals = tmp_path / "m.csv", tmp_path / "g.csv"
    path.write_text("region,dept_name,year,staff_actual\n东县,民政局,2023,1\n西县,教育局,2024,1\n", encoding="utf-8")
    goals.write_text("region,dept_name,year,indicator,target,actual,points\n东县,教育局,2023,甲,1,1,5\n"
                     "西县,民政局,2024,乙,1,1,5\n东县,民政局,2024,丙,1,1,5\n西县,教育局,2024,丁,1,1,5\n",
                     encoding="utf-8")
    index = source(path, goals=goals).goals
    assert index.target_rows.tolist() == [3] and list(index.rows.indicator) == ["丁"]
    assert [(r.row, r.reason) for r in index.rejects] == [(k, "找不到对应的部门-年度行") for k in (2, 3, 4)]


def test_row_numbers_are_the_lines_a_spreadsheet_shows_blank_lines_included(tmp_path: Path):
    path = tmp_path / "blank.csv"
    path.write_text(HEADER + "民政局,2023,60,57,10,10\n\n教育局,2023,x,40,20,18\n,,,,,\n财政局,2023,1,1,1,1\n",
                    encoding="utf-8")
    result = chunk(path)
    assert result.read == 3  # the empty line and the row of empty cells are not records
    assert result.batch.row_numbers == [2, 6]
    [reject] = result.rejects
    assert (reject.row, reject.column, reject.value) == (4, "staff_actual", "x")


CELLS = ["0.57万元", "5,795", "６．０８", "６．０８％", "是", "否", "2023-03-15", "2024-02-30", "2023年3月15日", "", " ", "-",
         None, "12", " 7 ", "1.58亿元", "inf", "abc", "  是 ", "中文 ", "1,234.5元", "99%", "1", "0"]
HEADERS = ["final_total", "决算总支出（元）", "staff_actual", "satisfaction_pct", "self_score", "has_finance_rules",
           "budget_approved_date", "dept_name", "assessments.basic_info.score"]


def _same_conversion(a, b) -> None:
    assert a.values.dtype == b.values.dtype
    if a.values.dtype.kind == "f":
        assert np.array_equal(a.values, b.values, equal_nan=True)
    else:
        assert [(type(x), x) for x in a.values.tolist()] == [(type(y), y) for y in b.values.tolist()]
    assert a.bad == b.bad


@pytest.mark.parametrize("header", HEADERS)
def test_arrow_and_object_columns_convert_alike(header: str):
    """A CSV column arrives Arrow-backed, an XLSX one as Python objects: the same cells give the same arrays and
    the same rejects (numbers with units, thousands separators, full-width digits, 是/否, dates, blanks)."""
    import pandas as pd
    import pyarrow as pa

    from perfscore.engine.tables.columns import HeaderIndex, convert

    column = HeaderIndex(PLAN.profile.vocabulary).resolve(header, 1)
    cells = CELLS * 3
    expected = convert(column, pd.Series(cells, dtype=object))
    chunked = pa.chunked_array([pa.array(cells[:20], pa.string()), pa.array(cells[20:], pa.string())])
    for series in (pd.Series(cells, dtype="string[pyarrow]"), pd.Series(cells, dtype="str"),
                   pd.Series(pd.arrays.ArrowExtensionArray(chunked))):
        _same_conversion(convert(column, series), expected)


@pytest.mark.parametrize("dtype", ["int64[pyarrow]", "double[pyarrow]"])
def test_arrow_numbers_convert_as_numpy_does(dtype: str):
    """Arrow numbers (nulls, ±inf, integers past 2**53) read as the same floats and rejects as numpy ones."""
    import pandas as pd

    from perfscore.engine.tables.columns import HeaderIndex, convert

    cells = [1, None, 2**53 + 1, 2**62 + 12345, -(2**63), 7] if dtype.startswith("int") else \
        [1.5, None, float("inf"), -float("inf"), -0.0, 1e300]
    numpy_backed = pd.Series(cells, dtype="Int64" if dtype.startswith("int") else "float64")
    index = HeaderIndex(PLAN.profile.vocabulary)
    for header in ("staff_actual", "决算总支出（元）", "assessments.basic_info.score"):
        column = index.resolve(header, 1)
        _same_conversion(convert(column, pd.Series(cells, dtype=dtype)), convert(column, numpy_backed))


def test_dates_in_a_table_read_as_in_a_yaml_department_month_only_included(tmp_path: Path):
    """``2024-09`` is the first of the month in a table too (it once stopped the run with a traceback)."""
    from perfscore.engine.inputs.batch import coerce, to_number

    spec = PLAN.profile.vocabulary.metrics["final_approved_date"]
    path = tmp_path / "dates.csv"
    path.write_text("dept_name,year,final_approved_date\n甲局,2023,2024-09\n乙局,2023,2024年9月1日\n"
                    "丙局,2023,2024-09-30\n丁局,2023,2024-13\n", encoding="utf-8")
    result = chunk(path)
    days = result.batch.columns["final_approved_date"].tolist()
    assert days == [to_number(spec, coerce(spec, text)) for text in ("2024-09", "2024-09-01", "2024-09-30")]
    assert days[0] == days[1] == days[2] - 29
    [reject] = result.rejects
    assert (reject.row, reject.column, reject.value) == (5, "final_approved_date", "2024-13")


def test_names_that_look_like_numbers_stay_text(tmp_path: Path):
    """Region and department codes keep their leading zeros, whether the table is read whole or in chunks."""
    path = tmp_path / "codes.csv"
    for region in ("0102", "东县"):  # a column of codes only (read again as text), and codes among words
        path.write_text(f"region,dept_name,year,staff_actual\n0101,007,2023,5\n{region},1e3,2023,6\n",
                        encoding="utf-8")
        for options in ({}, {"chunk_size": 1}):
            chunks = list(source(path, **options).chunks())
            assert [v for c in chunks for v in c.batch.columns["dept_name"]] == ["007", "1e3"]
            assert [v for c in chunks for v in c.batch.columns["region"]] == ["0101", region]


def _key_pass_by_hand(rows, names, regions, years) -> tuple[dict[int, str], dict[int, int]]:
    """Problems and prior-year sources, one record at a time: what the vectorised key pass must find."""
    problems: dict[int, str] = {}
    groups: dict[tuple, list[int]] = {}
    for row, name, region, year in zip(rows, names, regions, years):
        if name is None:
            problems[row] = "缺少部门名称"
        elif np.isnan(year):
            problems[row] = "缺少评价年度"
        elif year != int(year):
            problems[row] = "评价年度应为整数年份（如 2023）"
        else:
            groups.setdefault((region or "", name, year), []).append(row)
    for same in groups.values():
        for row in same if len(same) > 1 else []:
            problems[row] = f"部门-年度重复：与第{same[0]}行相同{'（及其后各行）' if row == same[0] else ''}，未合并"
    single = {key: same[0] for key, same in groups.items() if len(same) == 1}
    sources = {row: single[(region, name, year - 1)] for (region, name, year), row in single.items()
               if (region, name, year - 1) in single}
    return problems, sources


@pytest.mark.parametrize("seed", range(40))
def test_the_key_pass_finds_what_a_record_by_record_pass_finds(seed: int):
    """Missing names and years, years that are not whole, duplicates (with and without a region), prior years."""
    from perfscore.engine.tables.source import KeyPass

    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    rows = np.sort(rng.choice(np.arange(2, 300), n, replace=False)).astype(np.int64)
    names = np.array([None if rng.random() < 0.05 else f"局{rng.integers(0, 6)}" for _ in range(n)], dtype=object)
    regions = np.array([None if rng.random() < 0.2 else f"县{rng.integers(0, 3)}" for _ in range(n)], dtype=object)
    years = rng.integers(2020, 2025, n).astype(float)
    years[rng.random(n) < 0.05] = np.nan
    years[rng.random(n) < 0.03] += 0.5
    values = {"dept_name": names, "region": regions, "year": years, "sangong_budget": rng.random(n)}
    keys = KeyPass(rows, values, {"sangong_prev_budget": "sangong_budget"})
    problems, sources = _key_pass_by_hand(rows.tolist(), names.tolist(), regions.tolist(), years.tolist())
    assert {row: reason for row, (_, _, reason) in keys.problem.items()} == problems
    assert {int(r): int(keys.fill_from[r]) for r in np.flatnonzero(keys.fill_from >= 0)} == sources
    position = {int(row): k for k, row in enumerate(rows)}
    for row, source_row in sources.items():
        assert keys.fill_value["sangong_prev_budget"][row] == values["sangong_budget"][position[source_row]]
    assert keys.rows.tolist() == sorted(set(rows.tolist()) - set(problems))


def test_infinite_and_overflowing_amounts_are_rejected_without_a_warning(tmp_path: Path):
    """``inf`` among words, and 1e308 元 (infinite once scaled to 万元), are rejects, not numbers, and numpy stays
    quiet about the overflow."""
    import warnings

    path = tmp_path / "huge.csv"
    path.write_text("dept_name,year,决算总支出（元）,staff_actual\n甲局,2023,1e308,inf\n乙局,2023,500,60\n"
                    "丙局,2023,1e308,五\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = chunk(path)
    assert sorted((r.row, r.column, r.value) for r in result.rejects) == \
        [(2, "staff_actual", "inf"), (2, "决算总支出（元）", "1e+308"), (4, "staff_actual", "五"),
         (4, "决算总支出（元）", "1e+308")]
    assert result.batch.columns["final_total"].tolist() == [0.05]


@pytest.mark.parametrize("chunk_size", [None, 1, 2])
def test_an_integer_beyond_64_bits_is_a_number_not_a_crash(tmp_path: Path, chunk_size: int | None):
    """pandas cannot hold such an integer in an Arrow column: that part of the table is read again numpy-backed,
    records already read are not read twice, and the goal table gets the same treatment."""
    path, goals = tmp_path / "big.csv", tmp_path / "goals.csv"
    path.write_text("dept_name,year,staff_actual,audit_findings\n甲局,2023,5,1\n乙局,2023,6,99999999999999999999\n"
                    "丙局,2023,7,3\n", encoding="utf-8")
    goals.write_text("部门,指标,目标值,实际值,分值\n乙局,甲,1,99999999999999999999,5\n", encoding="utf-8")
    chunks = list(source(path, goals=goals, chunk_size=chunk_size).chunks())
    assert [row for c in chunks for row in c.batch.row_numbers] == [2, 3, 4]
    assert [v for c in chunks for v in c.batch.columns["audit_findings"]] == [1.0, 1e20, 3.0]
    assert [v for c in chunks for v in c.batch.columns["staff_actual"]] == [5.0, 6.0, 7.0]
    assert [row["actual"] for c in chunks for row in c.batch.goals.rows] == [1e20]


def test_a_streamed_table_changed_between_its_two_passes_is_an_error(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    streamed = source(path, chunk_size=1)  # the keys are read now, the records later
    path.write_text(HEADER + ROWS + "财政局,2023,1,1,1,1\n", encoding="utf-8")
    with pytest.raises(PerfscoreError, match="文件在读取期间被修改"):
        list(streamed.chunks())


def test_a_damaged_workbook_is_not_a_table_wherever_the_damage_is(tmp_path: Path):
    """Cut short, or with bytes overwritten anywhere: zipfile, zlib and openpyxl each fail in their own way."""
    import pandas as pd

    whole = tmp_path / "whole.xlsx"
    pd.DataFrame({"dept_name": ["民政局"], "year": [2023], "staff_actual": [60]}).to_excel(whole, index=False)
    data = whole.read_bytes()
    damaged = tmp_path / "damaged.xlsx"
    step = max(1, len(data) // 60)
    refused = 0
    for offset in range(0, len(data), step):
        for version in (data[:offset + 1], data[:offset] + bytes(step) + data[offset + step:]):
            damaged.write_bytes(version)
            try:
                source(damaged)  # some overwritten bytes (padding, timestamps) harm nothing
            except PerfscoreError as error:
                refused += 1
                assert "不是可读取的表格" in str(error) or "没有" in str(error)
    assert refused > 60  # every cut-short version at least


def test_a_damaged_parquet_file_is_not_a_table_wherever_the_damage_is(tmp_path: Path):
    """Overwritten bytes in pages, statistics, or pandas' metadata (JSON): an error saying so, never a traceback."""
    import pandas as pd

    whole = tmp_path / "whole.parquet"
    pd.DataFrame({"dept_name": ["民政局"] * 50, "year": [2023] * 50, "staff_actual": range(50)}).to_parquet(whole)
    data = whole.read_bytes()
    damaged = tmp_path / "damaged.parquet"
    step = max(1, len(data) // 100)
    refused = 0
    for offset in range(0, len(data), step):
        damaged.write_bytes(data[:offset] + bytes(16) + data[offset + 16:])
        for options in ({}, {"chunk_size": 7}):
            try:
                list(source(damaged, **options).chunks())  # some overwritten bytes harm nothing a reader checks
            except PerfscoreError as error:
                refused += 1
                assert "不是可读取的表格" in str(error) or "未知列" in str(error) or "部门名称列" in str(error), str(error)
    assert refused > 0


@pytest.mark.parametrize("chunk_size", [None, 1])
def test_a_table_without_a_usable_year_column_scores_and_says_what_it_cannot_fill(tmp_path: Path, chunk_size):
    """A garbled 年度 header (found by the fuzz run, seed 7 case 71: KeyError 'sangong_prev_budget'): the rows score
    as one unnamed year; prior-year values cannot come from a previous-year row, and the run says which."""
    path = tmp_path / "t.csv"
    path.write_text("dept_name,abc,sangong_budget,sangong_actual,sangong_prev_actual\n"
                    "民政局,2023,10,9,\n教育局,2023,20,18,17\n", encoding="utf-8")
    table = source(path, chunk_size=chunk_size)
    batches = [c.batch for c in table.chunks()]
    column = lambda name: [v for b in batches for v in b.columns[name].tolist()]  # noqa: E731
    assert sum(b.n for b in batches) == 2 and column("sangong_budget") == [10, 20]
    assert all("sangong_prev_budget" not in b.columns for b in batches)  # nothing filled from an unknown year
    assert np.isnan(column("sangong_prev_actual")[0]) and column("sangong_prev_actual")[1] == 17
    warnings = [n["message"] for n in table.notes if n["severity"] == "warning"]
    assert any("“abc”" in w for w in warnings)
    said = [w for w in warnings if w.startswith("表中没有评价年度列")]
    assert len(said) == 1 and "上年“三公”经费预算数" in said[0] and "sangong" not in said[0]


def test_headers_that_name_their_year_are_the_current_or_the_prior_year_figure(tmp_path: Path):
    """A 三公 table stamped with years (2016年决算数 beside 2017年预算数/决算数 in a 2017 table): the stamp equal to
    the row's year is the current figure, the year before is the prior-year figure; 上年/本年 likewise."""
    path = tmp_path / "t.csv"
    path.write_text("部门名称,年度,“三公”经费/2016年决算数,“三公”经费/2017年预算数,“三公”经费/2017年决算数,"
                    "2017年决算数（元）,“三公”经费/上年预算数\n甲局,2017,5,6,4,85573200,7\n", encoding="utf-8")
    table = source(path)
    assert {name: c.header for name, c in table.columns.items() if name not in ("dept_name", "year")} == {
        "sangong_prev_actual": "“三公”经费/2016年决算数", "sangong_budget": "“三公”经费/2017年预算数",
        "sangong_actual": "“三公”经费/2017年决算数", "final_total": "2017年决算数（元）",
        "sangong_prev_budget": "“三公”经费/上年预算数"}
    columns = next(table.chunks()).batch.columns
    assert (columns["sangong_prev_actual"][0], columns["sangong_actual"][0], columns["final_total"][0]) == (5, 4, 8557.32)


@pytest.mark.parametrize("content, message", [
    ("部门名称,年度,“三公”经费/2015年决算数\n甲局,2017,5\n", "注明 2015 年，而表中的评价年度为 2017 年"),
    ("部门名称,年度,“三公”经费/2016年决算数\n甲局,2017,5\n乙局,2016,5\n", "表中有多个评价年度"),
])
def test_a_year_in_a_header_that_is_neither_this_nor_last_year_is_an_error_at_the_header(tmp_path: Path, content,
                                                                                         message):
    path = tmp_path / "t.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PerfscoreError, match=message) as caught:
        source(path)
    assert str(caught.value.problems[0].position) == f"{path}:1:3"


def test_a_stamped_header_is_never_offered_another_years_figure(tmp_path: Path):
    """No year column: the latest stamp is the table's year; 2016年决算数 (the prior 决算总支出) has no metric and is
    skipped saying so, with no did-you-mean to this year's figure."""
    path = tmp_path / "t.csv"
    path.write_text("部门名称,2016年决算数,2017年决算数\n甲局,5,6\n", encoding="utf-8")
    table = source(path)
    assert table.columns["final_total"].header == "2017年决算数"
    [warning] = [n["message"] for n in table.notes if n["severity"] == "warning" and "2016年决算数" in n["message"]]
    assert "上年的这项数字没有对应的指标" in warning and "是否指" not in warning
    assert table.index.suggest("“三公”经费/2016年决算数") is None
