"""The data-collection template (基础数据表) a bureau sends its departments: ``perfscore template``.

Four sheets: 填表说明 (what to fill, units, where each figure is found), 基础数据 (one column per
metric the profile reads, the label and unit in the header, the definition as a cell comment,
grouped under 一级/二级 headings, data validation, frozen header, print setup), 个性指标 (goal
rows in long form) and 评价人评分 (档次, 得分, 说明 per department and tiered/manual criterion).
A filled template is read back by ``perfscore score`` with no option: its headers are the
vocabulary's labels, and the workbook carries the keyword the reader checks its sheet names by.

May import: :mod:`..rubric` (the plan and its vocabulary); openpyxl, lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..rubric.plan import Plan

TEMPLATE_KEYWORD = "perfscore-template"  # the reader (tables.read) checks a template's sheet names by it
SHEETS = ("填表说明", "基础数据", "个性指标", "评价人评分")
KEYS = ("dept_name", "region", "year")
GOAL_HEADER = ("部门名称", "地区", "年度", "指标名称", "计量单位", "方向", "目标值", "实际值", "分值")
ASSESSOR_HEADER = ("部门名称", "地区", "年度", "评分项", "档次", "得分", "说明")
FIRST_DATA_ROW = 5  # title, 一级, 二级, header
BLANK_ROWS = 50  # rows formatted for input when no departments are given
WHERE_FOUND = {  # vocabulary group → where a department finds the figure
    "identity": "部门基本信息", "staffing": "机构编制批复、部门决算表（人员情况表）",
    "budget": "部门预算批复、部门决算表（收入支出决算总表）", "final": "部门决算表（收入支出决算总表、支出决算表）",
    "sangong": "部门决算表（财政拨款“三公”经费支出决算表）及三公经费说明",
    "assets": "部门决算表（国有资产占用情况表）、资产管理信息系统", "disclosure": "门户网站预决算公开栏目（公开日期）",
    "management": "部门内部制度文件，评价人员核实", "outputs": "部门年度工作计划与总结、满意度调查报告",
    "self_evaluation": "部门绩效自评报告", "extended": "部门决算表、预算执行记录及相关制度文件",
}
KIND_WORDS = {"money": "金额", "count": "整数", "percent": "百分数（填 95 表示 95%）", "score": "分数",
              "date": "日期（YYYY-MM-DD）", "bool": "是/否", "text": "文字"}
DIRECTIONS = ("≥", "≤", "=")


@dataclass(frozen=True)
class Column:
    metric: str
    header: str
    level1: str
    level2: str
    comment: str
    kind: str


def header_text(label: str, unit: str) -> str:
    """``核定编制数（人）``; a label that already ends with its unit keeps it once."""
    if not unit or label.endswith(f"（{unit}）"):
        return label
    return f"{label}（{unit}）"


def data_columns(plan: Plan) -> list[Column]:
    """The key columns, then every metric the profile's criteria read, in criterion order, grouped 一级/二级."""
    vocabulary = plan.profile.vocabulary
    columns: list[Column] = []
    seen: set[str] = set()
    for metric in KEYS:
        spec = vocabulary.metrics[metric]
        columns.append(Column(metric, "部门名称" if metric == "dept_name" else "年度" if metric == "year" else spec.zh,
                              "基本信息", "", f"{spec.zh}", spec.kind))
        seen.add(metric)
    users: dict[str, list[str]] = {}
    order: list[tuple[str, str, str]] = []
    # a list of items (kind items) and its fields are given in a YAML/JSON metrics file, never in a cell
    listed = {name for spec in vocabulary.metrics.values() if spec.kind == "items" for name in (spec.id, *spec.fields)}
    for criterion in plan.criteria:
        for metric in criterion.inputs:
            spec = vocabulary.metrics.get(metric)
            if spec is None or metric.startswith(("assessments.", "na.")) or metric in listed:
                continue
            users.setdefault(metric, []).append(criterion.path_names[-1])
            if metric not in seen:
                seen.add(metric)
                names = criterion.path_names
                order.append((metric, names[0] if len(names) > 1 else "", names[1] if len(names) > 2 else ""))
    for metric, level1, level2 in order:
        spec = vocabulary.metrics[metric]
        unit = spec.unit or ("%" if spec.kind == "percent" else "")
        comment = (f"{spec.zh}：{KIND_WORDS.get(spec.kind, spec.kind)}" + (f"，单位 {unit}" if unit else "") +
                   f"。\n取数：{WHERE_FOUND.get(spec.group, '部门相关台账')}。\n用于评分项：{'、'.join(users[metric][:4])}")
        columns.append(Column(metric, header_text(spec.zh, unit), level1, level2, comment, spec.kind))
    for choice in plan.choices:  # 择项: a weight per criterion the department may choose, blank if not chosen
        level1 = plan.criteria[choice.criteria[0]].path_names[0]
        rule = f"{choice.minimum}项" if choice.minimum == choice.maximum else f"{choice.minimum}—{choice.maximum}项"
        for cid, name in choice.children:
            comment = (f"择项权重（{name}）：分数（从“{choice.name}”下选{rule}，所选指标的权重合计{choice.points:g}分；"
                       f"未选的留空）。\n取数：部门绩效自评报告（择项）。\n用于评分项：{name}")
            columns.append(Column(choice.column(cid), f"择项权重：{name}", level1, choice.name, comment, "score"))
    return columns


def assessed(plan: Plan) -> list[tuple[str, tuple[str, ...], float]]:
    """The criteria an assessor scores (tiered or manual): (name, tier names, points)."""
    found = []
    for criterion in plan.criteria:
        scoring = criterion.options[0].scoring if criterion.options else None
        kind = type(scoring).__name__
        if kind in ("Tiered", "Manual"):
            tiers = tuple(t.name for t in getattr(scoring, "tiers", ()))
            found.append((criterion.path_names[-1], tiers, float(criterion.points)))
    return found


def write_template(plan: Plan, target: Path, departments: list[dict[str, Any]]) -> None:
    """The template workbook at ``target`` (a temporary path the caller renames): ``departments`` pre-fill the
    department, region and year of the data, goal and assessor sheets."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.keywords = TEMPLATE_KEYWORD
    book.properties.title = f"{plan.profile.subject.removesuffix('表')}基础数据表"
    columns = data_columns(plan)
    _instructions(book.active, plan, columns)
    _data_sheet(book.create_sheet(SHEETS[1]), plan, columns, departments)
    _goal_sheet(book.create_sheet(SHEETS[2]), departments)
    _assessor_sheet(book.create_sheet(SHEETS[3]), plan, departments)
    for sheet in book.worksheets:
        as_text(sheet)
    book.save(target)


def as_text(sheet: Any) -> None:
    """Every cell stays what it was given as: openpyxl takes a text beginning with ``=`` (a department named
    ``=HYPERLINK(…)``) for a formula; the template writes no formula, so each such cell is made text again."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.data_type = "s"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {"title": Font(name="SimSun", size=14, bold=True), "bold": Font(name="SimSun", bold=True),
            "body": Font(name="SimSun"), "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "wrap": Alignment(vertical="top", wrap_text=True), "fill": PatternFill("solid", fgColor="DDEBF7"),
            "border": Border(left=thin, right=thin, top=thin, bottom=thin)}


def _instructions(sheet: Any, plan: Plan, columns: list[Column]) -> None:
    style = _styles()
    sheet.title = SHEETS[0]
    sheet.append([f"{plan.profile.subject.removesuffix('表')}基础数据表 填表说明（{plan.profile.name}）"])
    sheet["A1"].font = style["title"]
    lines = [
        "1. 在“基础数据”表中每个部门（单位）每个年度填一行；不要改动表头、工作表名称，不要合并单元格。",
        "2. 金额单位为万元（表头另有注明的除外），人数为人，百分数填数字（95 表示 95%），日期填 YYYY-MM-DD。",
        "3. 是/否类指标从下拉列表中选择；不适用或暂无数据的单元格留空。",
        "4. “个性指标”表填部门自己的绩效目标，每个指标一行：目标值、实际值、方向（≥ 不低于，≤ 不高于，= 等于）和分值。",
        "5. “评价人评分”表由评价人员填写：每个部门、每个评分项一行，选择档次或填写得分，并写明理由。",
        "6. 填好后用 perfscore score 基础数据表.xlsx -o 评分结果.xlsx 评分。",
    ]
    for line in lines:
        sheet.append([line])
    sheet.append([])
    sheet.append(["指标", "单位与类型", "取数来源", "用于评分项"])
    head = sheet.max_row
    for column in columns[len(KEYS):]:
        kind, source, used = column.comment.split("\n")
        sheet.append([column.header, kind.split("：", 1)[1].rstrip("。"), source.removeprefix("取数：").rstrip("。"),
                      used.removeprefix("用于评分项：")])
    for cell in sheet[head]:
        cell.font, cell.fill, cell.border = style["bold"], style["fill"], style["border"]
    for row in sheet.iter_rows(min_row=head + 1):
        for cell in row:
            cell.alignment, cell.border = style["wrap"], style["border"]
    for letter, width in zip("ABCD", (34, 30, 44, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _data_sheet(sheet: Any, plan: Plan, columns: list[Column], departments: list[dict[str, Any]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    style = _styles()
    width = len(columns)
    last = get_column_letter(width)
    sheet.append([f"{plan.profile.subject.removesuffix('表')}基础数据表（{plan.profile.name}）"])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font, sheet["A1"].alignment = style["title"], style["center"]
    sheet.append([c.level1 for c in columns])
    sheet.append([c.level2 for c in columns])
    sheet.append([c.header for c in columns])
    for row, level in ((2, lambda c: (c.level1,)), (3, lambda c: (c.level1, c.level2))):  # headings merged
        start = 0
        for index in range(1, width + 1):
            if index == width or level(columns[index]) != level(columns[start]):
                if index - 1 > start and level(columns[start])[-1]:
                    sheet.merge_cells(start_row=row, start_column=start + 1, end_row=row, end_column=index)
                start = index
    for row in sheet.iter_rows(min_row=2, max_row=4, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.fill, cell.border = style["bold"], style["center"], style["fill"], \
                style["border"]
    for index, column in enumerate(columns, start=1):
        sheet.cell(4, index).comment = Comment(column.comment, "perfscore", width=320, height=140)
        sheet.column_dimensions[get_column_letter(index)].width = 14 if index > 3 else 22 if index == 1 else 10
    sheet.row_dimensions[4].height = 48
    rows = max(len(departments), BLANK_ROWS)
    for k, department in enumerate(departments):
        for index, key in enumerate(KEYS, start=1):
            sheet.cell(FIRST_DATA_ROW + k, index, department.get(key))
    end = FIRST_DATA_ROW + rows - 1
    validations = {
        "bool": DataValidation(type="list", formula1='"是,否"', allow_blank=True),
        "date": DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True),
        "number": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
        "year": DataValidation(type="whole", operator="between", formula1="2000", formula2="2100", allow_blank=True),
    }
    messages = {"bool": "请选择 是 或 否", "date": "请填日期，如 2024-03-31", "number": "请填不小于 0 的数字",
                "year": "请填四位年份，如 2023"}
    for name, validation in validations.items():
        validation.error, validation.errorTitle = messages[name], "输入有误"
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        kind = "year" if column.metric == "year" else "bool" if column.kind == "bool" else \
            "date" if column.kind == "date" else "number" if column.kind in ("count", "percent", "score") or \
            (column.kind == "money" and column.metric != "budget_adjustment") else None
        if kind:
            validations[kind].add(f"{letter}{FIRST_DATA_ROW}:{letter}{end}")
        if column.kind == "date":
            for row in range(FIRST_DATA_ROW, end + 1):
                sheet.cell(row, index).number_format = "yyyy-mm-dd"
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_row=end, max_col=width):
        for cell in row:
            cell.border = style["border"]
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"
    # printed across pages (one page would be unreadably small): the header rows and the key columns on each
    sheet.print_title_rows = f"1:{FIRST_DATA_ROW - 1}"
    sheet.print_title_cols = "A:C"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3


def _simple_sheet(sheet: Any, header: tuple[str, ...], widths: tuple[int, ...]) -> None:
    from openpyxl.utils import get_column_letter

    style = _styles()
    sheet.append(list(header))
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(1, index)
        cell.font, cell.alignment, cell.fill, cell.border = style["bold"], style["center"], style["fill"], \
            style["border"]
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _goal_sheet(sheet: Any, departments: list[dict[str, Any]]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    _simple_sheet(sheet, GOAL_HEADER, (22, 10, 8, 30, 10, 8, 10, 10, 8))
    for department in departments:
        sheet.append([department.get("dept_name"), department.get("region"), department.get("year")])
    end = max(sheet.max_row, 1 + BLANK_ROWS)
    direction = DataValidation(type="list", formula1='"' + ",".join(DIRECTIONS) + '"', allow_blank=True)
    points = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    sheet.add_data_validation(direction)
    sheet.add_data_validation(points)
    direction.add(f"F2:F{end}")
    points.add(f"I2:I{end}")


def _assessor_sheet(sheet: Any, plan: Plan, departments: list[dict[str, Any]]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    _simple_sheet(sheet, ASSESSOR_HEADER, (22, 10, 8, 34, 16, 8, 40))
    criteria = assessed(plan)
    rows_of: dict[str, list[int]] = {name: [] for name, _, _ in criteria}  # criterion → its prefilled rows
    for department in departments:
        for name, _, _ in criteria:
            sheet.append([department.get("dept_name"), department.get("region"), department.get("year"), name])
            rows_of[name].append(sheet.max_row)
    end = max(sheet.max_row, 1 + BLANK_ROWS)
    # A prefilled row offers its own criterion's tiers only; the rows left blank for the bureau (no criterion
    # named yet) offer every tier of the profile.
    for name, tiers, _ in criteria:
        if tiers and rows_of[name]:
            own = DataValidation(type="list", formula1=_list_formula(tiers), allow_blank=True)
            sheet.add_data_validation(own)
            for first, last in _runs(rows_of[name]):
                own.add(f"E{first}:E{last}" if last > first else f"E{first}")
    tiers = list(dict.fromkeys(t for _, names, _ in criteria for t in names))
    if tiers and end > sheet.max_row:
        tier = DataValidation(type="list", formula1=_list_formula(tiers), allow_blank=True)
        sheet.add_data_validation(tier)
        tier.add(f"E{sheet.max_row + 1}:E{end}")
    names = DataValidation(type="list", formula1='"' + ",".join(n for n, _, _ in criteria) + '"', allow_blank=True)
    if criteria and len(names.formula1) < 250:
        sheet.add_data_validation(names)
        names.add(f"D2:D{end}")


def _list_formula(words: Any) -> str:
    """An inline list for a dropdown (Excel allows 255 characters)."""
    return '"' + ",".join(words) + '"'


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as runs of consecutive rows (first, last)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
