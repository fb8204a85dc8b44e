"""Rejects and warnings a bureau analyst reads: a hostile table (every cell kind spoilt, keys missing, years odd,
rows repeated, a goal table of bad rows, unknown columns) yields reasons that are Chinese first and name no internal
id; each reject names its column as the table heads it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import perfscore
from perfscore.engine.rubric.vocabulary import load_vocabulary

ID = re.compile(r"[a-z][a-z0-9]*(?:[_./][a-z0-9]+)+|\b[a-z]{4,}\b")  # snake_case / dotted ids, bare English words
QUOTED = re.compile(r"“[^”]*”|'[^']*'")  # a cell quoted back to the person is theirs, whatever it says
PATHS = re.compile(r"\S*/\S*|[\w.]+\.(?:csv|xlsx|parquet)\b|--[a-z-]+ [A-Z]+")  # files and options, as typed
HEADERS = ["部门名称", "地区", "年度", "实有在编人数", "决算总支出（元）", "部门预算公开日期", "按规定内容公开",
           "服务对象满意度", "不适用指标", "上年决算数"]
SPOILT = ["abc", "1e400", "-1e400", "inf", "9" * 5000, "十分多", "2024-02-30", "0x10", "也许", "✓✓", "\x07", "=1+1",
          "1.58亿元元", "50%%", "no_such_criterion"]


def _hostile_table(folder: Path) -> Path:
    rows = [HEADERS,
            ["民政局", "东县", "2023", "60", "5795", "2024-01-02", "是", "95%", "", ""],
            ["民政局", "东县", "2023", "61", "5795", "", "", "", "", ""],  # the same department-year twice
            ["", "东县", "2023", "1", "", "", "", "", "", ""],  # no department
            ["教育局", "东县", "", "1", "", "", "", "", "", ""],  # no year
            ["卫健委", "东县", "2023.5", "1", "", "", "", "", "", ""],  # a year that is not whole
            ["水利局", "东县", "99999", "1", "", "", "", "", "", ""]]  # a year out of range
    for k, cell in enumerate(SPOILT):
        for column in range(3, len(HEADERS)):
            row = [f"局{k}-{column}", "西县", "2023"] + [""] * (len(HEADERS) - 3)
            row[column] = cell
            rows.append(row)
    path = folder / "hostile.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows) + "\n", encoding="utf-8")
    (folder / "hostile.goals.csv").write_text(
        "部门,年度,指标,目标值,实际值,方向,分值\n无此局,2023,培训人次,100,90,不低于,10\n"
        "民政局,2023,满意度,高,高,朝上,5\n民政局,2023,,1,1,,很多\n", encoding="utf-8")
    return path


def _chinese_first(text: str) -> bool:
    first = next((ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z", "N"))), "")
    return "\u4e00" <= first <= "\u9fff"


def _ids_in(text: str, ids: set[str]) -> set[str]:
    bare = PATHS.sub("", QUOTED.sub("", text))
    return {m for m in ID.findall(bare)} | {i for i in ids if re.search(rf"\b{re.escape(i)}\b", bare)}


def test_every_reject_reason_and_warning_of_a_hostile_table_is_chinese_first_without_ids(tmp_path: Path):
    table = _hostile_table(tmp_path)
    run = perfscore.score_file(table, tmp_path / "r.csv", progress=None)
    ids = {m for m in load_vocabulary().metrics if "_" in m}
    reasons = {r.reason for r in run.rejects}
    assert len(run.rejects) > 60 and len(reasons) > 20  # each family of bad cell gave its own reason
    assert run.read == 6 + len(SPOILT) * (len(HEADERS) - 3)
    wrong = {r for r in reasons if not _chinese_first(r) or _ids_in(r, ids)}
    assert not wrong, sorted(wrong)[:10]
    columns = {r.column for r in run.rejects if r.table == "metrics"}
    assert columns <= set(HEADERS), columns - set(HEADERS)  # the table's own headers, never a metric id
    assert {"部门名称", "年度", "实有在编人数", "决算总支出（元）"} <= columns
    assert any(r.table == "goals" for r in run.rejects)
    notes = [n["message"] for n in run.notes if n["severity"] == "warning"]
    assert any("上年决算数" in n for n in notes)  # an unknown column was named
    wrong_notes = {n for n in notes if not _chinese_first(n) or _ids_in(n, ids)}
    assert not wrong_notes, wrong_notes


def test_the_scan_catches_an_english_reason():
    ids = {"staff_actual"}
    assert _ids_in("staff_actual: 'abc' is not a number; a number", ids)
    assert not _chinese_first("staff_actual: 'abc' is not a number")
    assert _chinese_first("实有在编人数：“abc”不是数值，应填数值（人）")
    assert not _ids_in("实有在编人数：“abc is not”不是数值，应填数值（人）", ids)
    assert not _ids_in("已跳过未识别的列“x”（/tmp/a_b/t.csv:1:3）；或用 --goals FILE 指定 NAME.goals.csv", ids)
