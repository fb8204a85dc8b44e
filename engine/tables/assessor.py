"""The assessor sheet of a filled template (评价人评分: 部门名称, 地区, 年度, 评分项, 档次, 得分, 说明) joined onto the
data sheet as the ``assessments.<criterion>.tier/score/note`` columns a table carries for tiered and manual criteria.

Each assessor row names its department-year and criterion (by the name the profile gives it); a row that
matches no data row, names an unknown criterion or repeats one is an error at its cell: nothing is scored
from a guess.

May import: the shared leaves, :mod:`.naming`, :mod:`.read`.
"""

from __future__ import annotations

from typing import Any

from ..errors import PerfscoreError, Position, Problem
from .naming import normal

FIELDS = {"部门名称": "dept_name", "部门(单位)名称": "dept_name", "单位名称": "dept_name", "地区": "region",
          "年度": "year", "评分项": "criterion", "评价项目": "criterion", "档次": "tier", "得分": "score", "说明": "note",
          "评分说明": "note", "理由": "note"}
MARKS = {"评分项", "档次"}


def is_assessor_header(names: list[str]) -> bool:
    keys = {normal(n) for n in names if n}
    return MARKS <= keys


def join_assessments(data: Any, sheet: str, frame: Any, path: str, criteria: dict[str, str],
                     data_keys: dict[str, str]) -> Any:
    """``data`` (the data sheet's frame) with the assessor sheet ``frame``'s rows as structured columns.

    ``criteria``: criterion name → id; ``data_keys``: dept_name/region/year → the data frame's column key."""
    import pandas as pd

    fields = {FIELDS[normal(c)]: c for c in frame.columns if c != "row" and normal(c) in FIELDS}
    problems: list[Problem] = []
    parts = [fields[p] for p in ("tier", "score", "note") if p in fields]
    filled = frame[parts].notna().any(axis=1) if parts else frame["row"] < 0  # a pre-filled row left empty: none
    frame = frame.loc[filled & frame[fields["criterion"]].notna()] if "criterion" in fields else frame.iloc[0:0]
    on = [k for k in ("dept_name", "region", "year") if k in fields and k in data_keys]

    def key(values: list[Any]) -> tuple:
        return tuple("" if v is None or (isinstance(v, float) and v != v) else
                     str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip() for v in values)

    index = {key([row[data_keys[k]] for k in on]): position
             for position, (_, row) in enumerate(data.iterrows())}
    columns: dict[str, list[Any]] = {}
    seen: set[tuple] = set()
    for _, row in frame.iterrows():
        where = Position(f"{path}:{sheet}!A{int(row['row'])}")
        name = str(row[fields["criterion"]]).strip()
        criterion = criteria.get(name) or (name if name in criteria.values() else None)
        if criterion is None:
            problems.append(Problem(where, f"评价人评分表中的评分项“{name}”不是评分方案中由评价人评分的项目",
                                    f"应为 {'、'.join(criteria)} 之一"))
            continue
        target = index.get(key([row[fields[k]] for k in on]))
        if target is None:
            problems.append(Problem(where, "评价人评分表中的这一行在基础数据表中找不到对应的部门-年度",
                                    "部门名称、地区和年度应与基础数据表的某一行相同"))
            continue
        if (target, criterion) in seen:
            problems.append(Problem(where, f"评分项“{name}”对同一部门-年度填了两次", "每个部门-年度的每个评分项只填一行"))
            continue
        seen.add((target, criterion))
        for part in ("tier", "score", "note"):
            if part in fields and not pd.isna(row[fields[part]]):
                columns.setdefault(f"assessments.{criterion}.{part}", [None] * len(data))[target] = row[fields[part]]
    if problems:
        raise PerfscoreError(problems)
    if not columns:
        return data
    added = pd.DataFrame({name: pd.Series(values, index=data.index, dtype=object) for name, values in columns.items()})
    return pd.concat([data, added.infer_objects()], axis=1)
