"""The workbook a finance bureau prints and sends: a ranked summary and one 评分表 per department.

Written with openpyxl: it is installed anyway (tests re-read workbooks with it and
the XLSX reader uses it), it does merged cells, frozen panes, number formats and
page setup, and a bureau's workbook has tens to hundreds of sheets, where its speed
is ample. (xlsxwriter writes faster but cannot read, so it would be a second
dependency for no user-visible gain.) Pure formatting of scorecards: no scores are
computed here; rank and grade counts are the whole-table steps of :mod:`..evaluate.ranking`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from ..atomic import atomic_path
from .describe import describe_criterion
from ..rubric.plan import Plan
from ..evaluate.ranking import competition_rank, grade_distribution
from ..evaluate.results import GRADE_ORDER

SCORE_FORMAT = "0.00"
SHEET_HEADERS = ("一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分", "扣分原因")
SHEET_WIDTHS = (12, 14, 18, 7, 48, 7, 48)
HEADER_ROW = 3  # title, summary line, then the header


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "fill": PatternFill("solid", fgColor="DDEBF7"),
    }


def get_column_letter(column: int) -> str:
    from openpyxl.utils import get_column_letter as letter

    return letter(column)


def _print_setup(sheet, title_rows: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def sheet_title(name: str, used: set[str]) -> str:
    """A legal, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name)[:28] or "部门"
    title, k = base, 2
    while title in used:
        suffix = f"({k})"
        title, k = base[:31 - len(suffix)] + suffix, k + 1
    used.add(title)
    return title


def _department(card: dict[str, Any]) -> tuple[str, Any, str]:
    dept = card["department"]
    return dept.get("dept_name", "（未命名部门）"), dept.get("year"), dept.get("region", "")


def write_workbook(cards: list[dict[str, Any]], plan: Plan, path: str | Path) -> None:
    """Write the summary sheet and one 评分表 sheet per department to ``path`` (atomically)."""
    from openpyxl import Workbook

    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总"
    used = {"汇总"}
    ranks = competition_rank(np.array([c["total"] for c in cards], float),
                             np.array([np.nan if _department(c)[1] is None else float(_department(c)[1]) for c in cards]))
    sheet_names = [sheet_title(f"{_department(c)[0]}{_department(c)[1] or ''}", used) for c in cards]
    write_summary_sheet(summary, cards, ranks, sheet_names, plan)
    for card, name in zip(cards, sheet_names):
        write_department_sheet(workbook.create_sheet(name), card, plan)
    with atomic_path(path) as temp:
        workbook.save(temp)


def write_summary_sheet(sheet, cards: list[dict[str, Any]], ranks: np.ndarray, sheet_names: list[str],
                        plan: Plan) -> None:
    style = _styles()
    tops = [level for level in plan.levels if len(level.path) == 1]
    headers = ["排名", "地区", "部门", "年度", "总分", "等级", *[f"{t.name}（{t.points:g}分）" for t in tops],
               "自评得分", "自评差额", "评分表"]
    sheet.append([f"部门整体支出绩效评价结果汇总（{plan.profile.name}）"])
    sheet.append([f"评分方案：{plan.profile.id} {plan.profile.version}；排名按年度分别计算，得分相同者并列，"
                  f"其后名次顺延（如1、2、2、4）"])
    sheet.append(headers)
    order = sorted(range(len(cards)), key=lambda k: (str(_department(cards[k])[1]), int(ranks[k]), k))
    for k in order:
        card = cards[k]
        name, year, region = _department(card)
        levels = {level["path"]: level["score"] for level in card["levels"]}
        check = card["self_check"]
        sheet.append([int(ranks[k]), region, name, year, card["total"], card["grade_label"],
                      *[levels.get("/".join(t.path)) for t in tops], check["self_score"], check["gap"],
                      sheet_names[k]])
        link = sheet.cell(sheet.max_row, len(headers))
        link.hyperlink = f"#'{sheet_names[k]}'!A1"
    last = sheet.max_row
    for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=last, max_col=len(headers)):
        for cell in row:
            cell.border = style["border"]
            if cell.row == HEADER_ROW:
                cell.font, cell.fill, cell.alignment = style["bold"], style["fill"], style["center"]
            elif 5 <= cell.column <= len(headers) - 1 and cell.column != 6:
                cell.number_format = SCORE_FORMAT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    sheet["A1"].font = style["title"]
    _distribution(sheet, cards, last + 2, style)
    for column, width in enumerate([6, 10, 24, 7, 8, 7, *[12] * len(tops), 9, 9, 20], 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    _print_setup(sheet, f"{HEADER_ROW}:{HEADER_ROW}")


def _distribution(sheet, cards: list[dict[str, Any]], start: int, style) -> None:
    """Grade distribution per year: 年度, one column per grade, 合计."""
    years = sorted({str(_department(c)[1] or "") for c in cards})
    sheet.cell(start, 1, "等级分布").font = style["bold"]
    header = ["年度", *GRADE_ORDER, "合计"]
    for column, text in enumerate(header, 1):
        cell = sheet.cell(start + 1, column, text)
        cell.font, cell.fill, cell.border, cell.alignment = style["bold"], style["fill"], style["border"], style["center"]
    for offset, year in enumerate(years, 2):
        counts = grade_distribution([c["grade"] for c in cards if str(_department(c)[1] or "") == year], GRADE_ORDER)
        values = [year, *[counts[g] for g in GRADE_ORDER], sum(counts.values())]
        for column, value in enumerate(values, 1):
            sheet.cell(start + offset, column, value).border = style["border"]


def write_department_sheet(sheet, card: dict[str, Any], plan: Plan) -> None:
    style = _styles()
    name, year, region = _department(card)
    plans = {c.id: c for c in plan.criteria}
    sheet.append([f"{region}{name} {year or ''}年度部门整体支出绩效评价评分表"])
    sheet.append([f"总分：{card['total']:g} / {card['max_total']:g}    等级：{card['grade_label']}    "
                  f"评分方案：{plan.profile.id} {plan.profile.version}"])
    sheet.append(list(SHEET_HEADERS))
    spans: list[list[tuple[str, int]]] = [[], []]  # (text, first row) runs for 一级 and 二级
    for entry in card["criteria"]:
        c = plans[entry["id"]]
        names = c.path_names
        first, second = names[0], names[1] if len(names) >= 3 else names[-1]
        deducted = entry["score"] is not None and entry["score"] < entry["points"]
        sheet.append([first, second, names[-1], entry["points"], describe_criterion(c.criterion), entry["score"],
                      entry["reason"] if deducted else ""])
        row = sheet.max_row
        for depth, text in enumerate((first, (first, second))):
            if not spans[depth] or spans[depth][-1][0] != text:
                spans[depth].append((text, row))
    last = sheet.max_row
    sheet.append(["合计", "", "", card["max_total"], "", card["total"], ""])
    total_row = sheet.max_row
    for depth, runs in enumerate(spans):
        bounds = [r for _, r in runs] + [last + 1]
        for (_, begin), end in zip(runs, bounds[1:]):
            if end - 1 > begin:
                sheet.merge_cells(start_row=begin, start_column=depth + 1, end_row=end - 1, end_column=depth + 1)
    sheet.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=3)
    for row in sheet.iter_rows(min_row=HEADER_ROW, max_row=total_row, max_col=len(SHEET_HEADERS)):
        for cell in row:
            cell.border = style["border"]
            cell.alignment = style["center"] if cell.column in (1, 2, 3, 4, 6) else style["wrap"]
            if cell.row == HEADER_ROW:
                cell.font, cell.fill = style["bold"], style["fill"]
            elif cell.column in (4, 6):
                cell.number_format = SCORE_FORMAT
    for cell in sheet[total_row]:
        cell.font = style["bold"]
    for title_row in (1, 2):
        sheet.merge_cells(start_row=title_row, start_column=1, end_row=title_row, end_column=len(SHEET_HEADERS))
    sheet["A1"].font = style["title"]
    sheet["A1"].alignment = style["center"]
    for column, width in enumerate(SHEET_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    _print_setup(sheet, f"{HEADER_ROW}:{HEADER_ROW}")
