"""``perfscore diff`` laid out: Chinese terminal text, JSON data and CSV rows of a rubric (and population) comparison.

Each rule change becomes one Chinese sentence (:func:`change_line`) naming criteria by their
Chinese names, followed by the positions on both sides (``旧 file:line:col → 新 file:line:col``).
With a population: the grade transition matrix with each profile's grade labels, the mean and
median totals, and the departments whose grade changes with the criteria that moved them.
Renderers format; the comparison is made by :mod:`..rubric.diff` and ``jobs.diff``.

May import: ``rubric`` (the diff records), the render helpers and the shared leaves.
"""

from __future__ import annotations

import math
import re
from typing import Any, Sequence

from ..rubric.diff import Change, RubricDiff, Side
from . import jsontext
from .csvfile import rows_text
from .numfmt import points_text
from .textwidth import PATH_TOKENS, pad, width, wrap
from .words import (AUDIT_FIELD_NAMES, CASE_WORDS, FIELD_NAMES, PARAMETER_NAMES, SETTING_NAMES, audit_rule_text,
                    audit_value_text, value_text)

DEPTHS = ("一级", "二级", "三级", "四级", "五级")
GRADES = ("优", "良", "中", "差")
UNDER_NAMES = {("choose", "min"): "最少项数", ("choose", "max"): "最多项数"}  # a key whose name depends on its owner
LIST_ITEMS = {"bands": "第{}档", "items": "第{}项", "states": "第{}种情形", "tiers": "第{}档", "options": "第{}种口径",
              "qualitative": "第{}档"}


def field_text(path: Sequence[str | int]) -> str:
    """``("bands", 1, "range")`` → ``第2档 区间``; ``("threshold",)`` → ``阈值``."""
    words: list[str] = []
    previous: str | int | None = None
    for part in path:
        if isinstance(part, int):
            words.append(LIST_ITEMS.get(str(previous), "第{}项").format(part + 1))
        elif previous == "cases":  # a formula's case, named by the parameter value that selects it
            words.append(f"{CASE_WORDS.get(part, part)}分支")
        elif part not in LIST_ITEMS and part != "cases":
            words.append(UNDER_NAMES.get((previous, part)) or FIELD_NAMES.get(part, part))
        previous = part
    return " ".join(words)


def _path(names: Sequence[str]) -> str:
    return " › ".join(names) if names else "顶层"


def _what(change: Change) -> str:
    depth = DEPTHS[min(change.depth, len(DEPTHS)) - 1] if change.depth else ""
    return f"{depth}指标「{change.subject_name}」"


def change_line(change: Change) -> str:
    """One change as a Chinese sentence (no internal ids)."""
    kind, old, new = change.kind, change.old, change.new
    if kind == "removed":
        return f"删除{_what(change)}（原在 {_path(change.old_path)} 下，{points_text(old)} 分）"
    if kind == "added":
        return f"新增{_what(change)}（在 {_path(change.new_path)} 下，{points_text(new)} 分）"
    if kind == "moved":
        return f"移动{_what(change)}：从 {_path(old)} 移到 {_path(new)}"
    if kind == "points":
        return f"{_what(change)}分值 {points_text(old)} → {points_text(new)}"
    if kind == "name":
        return f"{_what(change)}名称：{old} → {new}"
    if kind in ("scoring", "criterion"):
        label = _field_label(change)
        return _valued(f"{_what(change)}评分标准 " if kind == "scoring" else _what(change), label, change)
    if kind == "indicator":
        return _indicator_line(change)
    if kind == "parameter":
        name = PARAMETER_NAMES.get(change.subject, change.subject)
        return _valued(f"参数「{name}」", "", change, change.subject)
    if kind == "grade" and change.field == ("band",):
        span = _grade_span(old if new is None else new)
        if new is None:
            return f"删除等级「{change.subject_name}」（原为 {span}）"
        return f"新增等级「{change.subject_name}」：{span}"
    if kind == "grade":
        field = {"label": "名称", "min": "下限", "max": "上限"}[str(change.field[0])]
        return f"等级「{change.subject_name}」{field}：{value_text(old, 'label')} → {value_text(new, 'label')}"
    if kind == "setting":
        name = SETTING_NAMES.get(tuple(change.field)) or _field_label(change)
        key = str(change.field[-1]) if change.field else None
        return _valued("", name, change, key)
    if kind == "audit":
        return _audit_line(change)
    return _adjustment_line(change)


def _adjustment_line(change: Change) -> str:
    """An adjustment (一票否决, 加减分) added, removed or with a key changed, named by its reason."""
    if not change.field or not isinstance(change.field[0], int):  # the section as a whole
        return _valued("调整规则 ", _field_label(change), change)
    name = f"调整规则「{change.subject_name}」"
    if change.action == "added":
        return f"新增{name}：{value_text(change.new)}"
    if change.action == "removed":
        return f"删除{name}（原为：{value_text(change.old)}）"
    if change.action == "reordered":
        return f"{name}从{field_text(change.old_field or change.field)}调整到{field_text(change.field[:1])}（顺序变化）"
    return _valued(name, field_text(change.field[1:]), change)


def _audit_line(change: Change) -> str:
    """An audit rule switched on or off (what it does, in words), or one of its fields changed."""
    if change.action == "added":
        return f"启用审计规则「{change.subject_name}」：{audit_rule_text(change.new)}"
    if change.action == "removed":
        return f"停用审计规则「{change.subject_name}」（原为：{audit_rule_text(change.old)}）"
    field = str(change.field[0])
    return (f"审计规则「{change.subject_name}」{AUDIT_FIELD_NAMES[field]}：{audit_value_text(change.old, field)} → "
            f"{audit_value_text(change.new, field)}")


def _indicator_line(change: Change) -> str:
    """A change in the indicator a criterion reads (a rule file): its formula in meaning or only in spelling."""
    whose = "" if change.indicator in ("", change.subject_name) else f"所读指标「{change.indicator}」的"
    subject = f"{_what(change)}{whose}"
    if change.action == "spelling":
        return f"{subject}{_field_label(change)}仅写法不同（解析后相同，得分不变）：{change.old} → {change.new}"
    if change.field and change.field[0] == "formula" and not change.action:
        if change.old is None or change.new is None:
            verb, value = ("新增", change.new) if change.old is None else ("删除", change.old)
            return f"{subject}{verb}{_field_label(change)}：{value_text(value)}"
        return f"{subject}{_field_label(change)}含义改变：{value_text(change.old)} → {value_text(change.new)}"
    return _valued(subject, _field_label(change), change)


def _field_label(change: Change) -> str:
    """Where in its subject a change is: ``第4档 区间``, ``第4档（原第3档） 区间`` when an insertion moved the item."""
    new = field_text(change.field)
    if change.old_field is None or change.action == "reordered":
        return new
    old = field_text(change.old_field)
    if old == new:
        return new
    words_new, words_old = new.split(" "), old.split(" ")
    out = [w if a == w else f"{w}（原{a}）" for w, a in zip(words_new, words_old)]
    return " ".join(out + words_new[len(out):])


def _valued(subject: str, label: str, change: Change, key: str | None = None) -> str:
    """``subject label：old → new``, or a list item added, removed or moved to another place."""
    if key is None:
        key = next((p for p in reversed(change.field) if isinstance(p, str)), None)
    old, new = change.old, change.new
    if change.action == "added":
        return f"{subject}新增{label}：{value_text(new, key)}"
    if change.action == "removed":
        return f"{subject}删除{field_text(change.old_field or change.field)}：{value_text(old, key)}"
    if change.action == "reordered":
        return f"{subject}{field_text(change.old_field or change.field)}调整到{label}（顺序变化）"
    head = f"{subject}{label}".rstrip()
    return f"{head}：{value_text(old, key)} → {value_text(new, key)}"


def positions_line(change: Change) -> str:
    return f"旧 {change.old_position} → 新 {change.new_position}"


SECTIONS = (("指标增删与移动", ("removed", "added", "moved")), ("分值", ("points",)), ("指标名称", ("name",)),
            ("评分标准与阈值", ("scoring", "criterion")), ("指标定义（规则文件中的公式、单位、名称）", ("indicator",)),
            ("参数", ("parameter",)), ("等级线", ("grade",)), ("计分设置", ("setting",)), ("调整规则（一票否决、加减分）", ("adjustment",)),
            ("审计规则（审计发现的扣分、标记与等级上限）", ("audit",)))


def _side_text(side: Side) -> str:
    return f"{side.name} {side.version}（{side.path}）"


def render_text(rubric: RubricDiff, population: Any = None, columns: int = 80) -> str:
    """The comparison for a terminal ``columns`` wide."""
    out = ["评分方案差异", *_wrapped(f"旧：{_side_text(rubric.old)}", columns, "  ", tokens=PATH_TOKENS),
           *_wrapped(f"新：{_side_text(rubric.new)}", columns, "  ", tokens=PATH_TOKENS),
           f"  满分 {points_text(rubric.old.max_total)} → {points_text(rubric.new.max_total)}；"
           f"末级指标 {rubric.old.criteria} → {rubric.new.criteria} 项；规则差异 {len(rubric.changes)} 处"]
    if not rubric.changes:
        out.append("  两个评分方案的规则相同。")
    for title, kinds in SECTIONS:
        changes = [c for c in rubric.changes if c.kind in kinds]
        if not changes:
            continue
        out += ["", title]
        for change in changes:
            out += _wrapped(change_line(change), columns, "  • ", "    ")
            out += _positions(change, columns)
    if population is not None:
        out += ["", *population_lines(population, columns)]
    return "\n".join(out) + "\n"


def _grade_span(span: tuple) -> str:
    """A grade band's range in words: ``90 分及以上``, ``60 分以上、不足 80 分`` (a band reaches up to the next)."""
    low, high = span
    if high is None:
        return f"{value_text(low, 'min')} 分及以上"
    return f"{value_text(low, 'min')} 分及以上、不超过 {value_text(high, 'max')} 分"


def _wrapped(text: str, columns: int, first: str, rest: str | None = None,
             tokens: re.Pattern[str] | None = None) -> list[str]:
    """``text`` in lines of at most ``columns`` cells after the indent; a token wider than a line (a long path)
    is cut where the line ends; ``tokens``: the pieces never split (:data:`.textwidth.PATH_TOKENS`: file paths)."""
    rest = first if rest is None else rest
    room = max(columns - max(width(first), width(rest)), 10)
    # one cell spare: closing punctuation stays on the line it closes (textwidth.wrap) without being cut off alone
    broken = wrap(text, room - 1, tokens=tokens) if tokens is not None else wrap(text, room - 1)
    lines = [piece for line in broken for piece in _cut(line, room)]
    return [first + lines[0], *(rest + line.lstrip(" ") for line in lines[1:])]


def _cut(line: str, room: int) -> list[str]:
    pieces, current = [], ""
    for ch in line:
        if width(current + ch) > room and current:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current]


def _positions(change: Change, columns: int) -> list[str]:
    """Both positions on one line, or one line each when they do not fit."""
    indent = "      "
    one = positions_line(change)
    if width(indent + one) <= columns:
        return [indent + one]
    return [*_wrapped(f"旧 {change.old_position}", columns, indent, indent + "  "),
            *_wrapped(f"新 {change.new_position}", columns, indent, indent + "  ")]


def population_lines(population: Any, columns: int = 80) -> list[str]:
    p = population
    out = [*_wrapped(f"同一批部门的评分（{p.source}）", columns, ""),
           f"  读取 {p.read} 行，两方案均评分 {p.scored} 个部门，未评分 {p.rejected} 行"]
    if p.scored:
        out += [f"  平均总分 {_number(p.old_mean)} → {_number(p.new_mean)}（{_signed(p.new_mean - p.old_mean)}）",
                f"  总分中位数 {_number(p.old_median)} → {_number(p.new_median)}（{_signed(p.new_median - p.old_median)}）"]
    out += ["", "等级变化矩阵（行：旧方案等级，列：新方案等级）", *_matrix_lines(p)]
    changed = p.departments
    out += ["", f"等级变化的部门：{len(changed)} 个"]
    for dept in changed:
        who = " ".join(x for x in (dept.region, dept.name, str(dept.year) if dept.year is not None else "") if x)
        head = (f"第 {dept.row} 行 {who}：{points_text(dept.old_total)} {dept.old_grade} → "
                f"{points_text(dept.new_total)} {dept.new_grade}")
        out += _wrapped(head, columns, "  • ", "    ")
        if not dept.movers and not dept.causes:
            out += _wrapped("各项得分未变，等级线或等级上限变化所致", columns, "      ")
        for mover in dept.movers:
            out += _wrapped(f"{mover.name} {points_text(mover.old)} → {points_text(mover.new)}"
                            f"（{_signed(mover.change)}）", columns, "      ")
        for cause in dept.causes:
            out += _wrapped(cause_text(cause), columns, "      ")
    return out


CAUSE_SOURCES = {"audit": "审计规则", "adjustment": "调整规则"}
CAUSE_EFFECTS = {"deduct": "扣分", "cap": "等级上限", "bonus": "加减分"}


def cause_text(cause: Any) -> str:
    """An audit rule's or adjustment's effect on one department under each rubric: ``审计规则「…」扣分 1 → 2``."""
    def shown(value: Any) -> str:
        if cause.effect == "cap":
            return value or "无"
        return points_text(value)

    return (f"{CAUSE_SOURCES[cause.source]}「{cause.name}」{CAUSE_EFFECTS[cause.effect]} {shown(cause.old)} → "
            f"{shown(cause.new)}")


def _matrix_lines(p: Any) -> list[str]:
    head = ["旧＼新", *p.new_labels, "合计"]
    rows = [[label, *(str(v) for v in row), str(sum(row))] for label, row in zip(p.old_labels, p.matrix)]
    rows.append(["合计", *(str(sum(r[j] for r in p.matrix)) for j in range(len(p.new_labels))),
                 str(sum(map(sum, p.matrix)))])
    cells = [head, *rows]
    widths = [max(width(r[j]) for r in cells) + 2 for j in range(len(head))]
    return ["  " + "".join(pad(cell, widths[j], "left" if j == 0 else "right") for j, cell in enumerate(row))
            for row in cells]


def _number(value: float) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.2f}"


def _signed(value: float) -> str:
    if value is None or math.isnan(value):
        return "—"
    text = f"{value:+.2f}"
    return "±0.00" if text in ("+0.00", "-0.00") else text


# -- machines ---------------------------------------------------------------------------------------

def change_data(change: Change) -> dict[str, Any]:
    return {"kind": change.kind, "subject": change.subject, "subject_name": change.subject_name,
            "field": list(change.field), "old": change.old if not isinstance(change.old, tuple) else list(change.old),
            "new": change.new if not isinstance(change.new, tuple) else list(change.new),
            "old_position": str(change.old_position), "new_position": str(change.new_position),
            "old_path": list(change.old_path), "new_path": list(change.new_path), "action": change.action,
            "old_field": list(change.old_field) if change.old_field is not None else None,
            "indicator": change.indicator, "text": change_line(change)}


def _side_data(side: Side) -> dict[str, Any]:
    return {"id": side.id, "name": side.name, "version": side.version, "path": side.path, "sha256": side.sha256,
            "max_total": side.max_total, "criteria": side.criteria}


def diff_data(rubric: RubricDiff, population: Any = None) -> dict[str, Any]:
    data: dict[str, Any] = {"old": _side_data(rubric.old), "new": _side_data(rubric.new),
                            "changes": [change_data(c) for c in rubric.changes]}
    if population is not None:
        p = population
        data["population"] = {
            "source": p.source, "read": p.read, "scored": p.scored, "rejected": p.rejected, "grades": list(GRADES),
            "old_labels": list(p.old_labels), "new_labels": list(p.new_labels),
            "matrix": [list(r) for r in p.matrix], "mean": {"old": _json(p.old_mean), "new": _json(p.new_mean)},
            "median": {"old": _json(p.old_median), "new": _json(p.new_median)},
            "departments": [{"row": d.row, "region": d.region, "dept_name": d.name, "year": d.year,
                             "old_total": d.old_total, "new_total": d.new_total, "old_grade": d.old_grade,
                             "new_grade": d.new_grade,
                             "criteria": [{"criterion": m.criterion, "name": m.name, "old": m.old, "new": m.new,
                                           "change": round(m.change, 6)} for m in d.movers],
                             "rules": [{"source": c.source, "rule": c.rule, "name": c.name, "effect": c.effect,
                                        "old": c.old, "new": c.new, "text": cause_text(c)} for c in d.causes]}
                            for d in p.departments]}
    return data


def _json(value: float) -> float | None:
    return None if value is None or math.isnan(value) else value


def to_json(rubric: RubricDiff, population: Any = None) -> str:
    return jsontext.dumps(diff_data(rubric, population)) + "\n"


CHANGE_HEADER = ("类别", "对象", "内容", "旧值", "新值", "旧位置", "新位置", "说明")
DEPARTMENT_HEADER = ("行号", "地区", "部门（单位）名称", "年度", "旧总分", "新总分", "旧等级", "新等级", "变动指标",
                     "审计规则与调整规则")
KIND_NAMES = {"removed": "删除", "added": "新增", "moved": "移动", "points": "分值", "name": "名称", "scoring": "评分标准",
              "criterion": "指标设置", "indicator": "指标定义", "parameter": "参数", "grade": "等级线", "setting": "计分设置",
              "adjustment": "调整规则", "audit": "审计规则"}


def changes_csv(rubric: RubricDiff) -> str:
    """The rule changes as CSV text (the one CSV writer: numbers as numbers, no formula injection)."""
    rows = []
    for c in rubric.changes:
        if c.kind == "audit":
            rows.append(_audit_row(c))
            continue
        key = next((p for p in reversed(c.field) if isinstance(p, str)), None)
        parameter = c.kind == "parameter"
        subject = PARAMETER_NAMES.get(c.subject, c.subject) if parameter else c.subject_name
        content = "取值" if parameter else field_text(c.field) or KIND_NAMES[c.kind]
        rows.append((KIND_NAMES[c.kind], subject, content, _cell(c.old, c.subject if parameter else key),
                     _cell(c.new, c.subject if parameter else key),
                     str(c.old_position), str(c.new_position), change_line(c)))
    return rows_text(CHANGE_HEADER, rows)


def _audit_row(c: Change) -> tuple[Any, ...]:
    """An audit rule's change as a CSV row: a rule switched on or off whole (its effect in words), or one field."""
    if c.field:
        field = str(c.field[0])
        content = AUDIT_FIELD_NAMES[field]
        old, new = (_cell(v, None) if isinstance(v, (int, float)) else audit_value_text(v, field)
                    for v in (c.old, c.new))  # a number stays a number
    else:
        content = "启用" if c.action == "added" else "停用"
        old, new = (audit_rule_text(v) if v is not None else "" for v in (c.old, c.new))
    return (KIND_NAMES[c.kind], c.subject_name, content, old, new, str(c.old_position), str(c.new_position),
            change_line(c))


def _cell(value: Any, key: str | None) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    if isinstance(value, tuple):
        return _path(value)
    return "" if value is None else value_text(value, key)


def departments_csv(population: Any) -> str:
    """The departments whose grade changes, one row each, the moving criteria in one cell."""
    rows = [(d.row, d.region, d.name, d.year, d.old_total, d.new_total, d.old_grade, d.new_grade,
             "；".join(f"{m.name} {points_text(m.old)}→{points_text(m.new)}" for m in d.movers),
             "；".join(cause_text(c) for c in d.causes))
            for d in population.departments]
    return rows_text(DEPARTMENT_HEADER, rows)
