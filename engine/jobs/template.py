"""``perfscore template``: the data-collection workbook for a profile, optionally pre-filled with departments.

May import: every other package of ``perfscore.engine``; never ``perfscore.api`` or the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..atomic import atomic_path
from ..errors import PerfscoreError, Position, Problem
from ..render.template_xlsx import KEYS, write_template
from ..rubric.plan import Plan


def read_departments(path: Path, plan: Plan) -> list[dict[str, Any]]:
    """Department names, regions and years from a CSV/XLSX list (headers as in a data table: 部门名称, 地区, 年度)."""
    from ..tables.columns import HeaderIndex
    from ..tables.read import HeaderRules, open_table

    if not path.is_file():
        raise PerfscoreError(Problem(Position(str(path)), "找不到部门名单文件", "--departments FILE (.csv/.xlsx)"))
    index = HeaderIndex(plan.profile.vocabulary)
    rules = HeaderRules(lambda name: index.lookup(name) in KEYS, lambda names: "data")
    table = open_table(path, None, rules)
    frame = next(iter(table.frames(None)))
    columns = {index.lookup(str(label)): key for key, label in zip(table.header, table.labels or table.header)
               if index.lookup(str(label)) in KEYS}
    if "dept_name" not in columns:
        raise PerfscoreError(Problem(table.header_position(1), "部门名单中没有部门名称列", "应有“部门名称”列"))
    departments = []
    for _, row in frame.iterrows():
        entry: dict[str, Any] = {}
        for metric, key in columns.items():
            value = row[key]
            if value is None or (isinstance(value, float) and value != value):
                continue
            entry[metric] = int(value) if metric == "year" and float(value).is_integer() else str(value).strip()
        if entry.get("dept_name"):
            departments.append(entry)
    return departments


def write_template_file(plan: Plan, output: Path, departments: Path | None = None) -> Path:
    """Write the template atomically to ``output`` (an ``.xlsx``)."""
    if output.suffix.lower() != ".xlsx":
        raise PerfscoreError(Problem(Position(str(output)), "模板只能写成 .xlsx 工作簿", "-o 基础数据表.xlsx"))
    listed = read_departments(departments, plan) if departments is not None else []
    with atomic_path(output) as temp:
        write_template(plan, temp, listed)
    return output
