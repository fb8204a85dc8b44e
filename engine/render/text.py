"""Human-readable scorecards: an aligned terminal table and Markdown. Pure formatting of scorecards."""

from __future__ import annotations

from typing import Any

from .numfmt import points_text
from .textwidth import pad, width, wrap

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _table(headers: list[str], rows: list[list[str]], aligns: list[str], wrap_last: int = 0) -> list[str]:
    widths = [max([width(h)] + [width(r[k]) for r in rows]) for k, h in enumerate(headers)]
    if wrap_last:
        widths[-1] = min(widths[-1], wrap_last)
    line = "  ".join(pad(h, widths[k], aligns[k]) for k, h in enumerate(headers)).rstrip()
    out = [line, "  ".join("─" * w for w in widths)]
    for row in rows:
        last = wrap(row[-1], widths[-1]) if wrap_last else [row[-1]]
        first = row[:-1] + [last[0]]
        out.append("  ".join(pad(cell, widths[k], aligns[k]) for k, cell in enumerate(first)).rstrip())
        indent = "  ".join(" " * w for w in widths[:-1])
        out.extend(f"{indent}  {more}".rstrip() for more in last[1:])
    return out


def _heading(card: dict[str, Any]) -> list[str]:
    dept = card["department"]
    name = dept.get("dept_name", "（未命名部门）")
    year = f"{dept['year']:g}年度" if isinstance(dept.get("year"), (int, float)) else ""
    profile = card["profile"]
    return [
        f"{name} {year}部门整体支出绩效评价",
        f"评分方案：{profile['id']} {profile['version']}（sha256 {profile['sha256'][:12]}）",
        f"总分：{points_text(card['total'])} / {points_text(card['max_total'])}    等级：{card['grade_label']}",
    ]


def render_table(card: dict[str, Any], columns: int = 100) -> str:
    lines = _heading(card)
    lines.append("")
    level_rows = [["　" * (l["path"].count("/")) + l["name"], points_text(l["points"]), points_text(l["score"])]
                  for l in card["levels"]]
    lines += _table(["层级", "分值", "得分"], level_rows, ["left", "right", "right"])
    lines.append("")
    rows = [[c["name"], points_text(c["points"]), points_text(c["score"]), c["reason"]] for c in card["criteria"]]
    reason_width = max(30, columns - 2 - max(width(r[0]) for r in rows) - 16)
    lines += _table(["指标", "分值", "得分", "评分说明"], rows, ["left", "right", "right", "left"], reason_width)
    lines += _flags_and_check(card)
    return "\n".join(lines) + "\n"


def _flags_and_check(card: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    # Missing-data and pending-assessment flags repeat what each criterion's reason says: one line each here.
    grouped = {"missing_data": "缺少数据", "needs_manual_score": "待评价人员评分"}
    counts = {flag_id: sum(1 for f in card["flags"] if f["id"] == flag_id) for flag_id in grouped}
    others = [f for f in card["flags"] if f["id"] not in grouped]
    if card["flags"]:
        lines += ["", "数据提示："]
        lines += [f"  [{SEVERITY_ZH[f['severity']]}] {f['message']}" for f in others]
        lines += [f"  [警告] {grouped[flag_id]}的指标 {count} 项（见上表评分说明）"
                  for flag_id, count in counts.items() if count]
    check = card["self_check"]
    if check["self_score"] is not None or check["self_grade"]:
        lines += ["", "自评复核："]
        score = points_text(check["self_score"]) if check["self_score"] is not None else "—"
        lines.append(f"  自评得分 {score}，自评等级 {check['self_grade'] or '—'}；"
                     f"差额 {points_text(check['gap']) if check['gap'] is not None else '—'}")
        if check["flag"]:
            lines.append(f"  ⚠ {check['flag']}")
    return lines


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(card: dict[str, Any]) -> str:
    head = _heading(card)
    lines = [f"# {head[0]}", "", f"- {head[1]}", f"- {head[2]}", "", "| 指标路径 | 指标 | 分值 | 得分 | 评分说明 |",
             "|---|---|---:|---:|---|"]
    for c in card["criteria"]:
        lines.append(f"| {_md_cell(c['path'])} | {_md_cell(c['name'])} | {points_text(c['points'])} | "
                     f"{points_text(c['score'])} | {_md_cell(c['reason'])} |")
    lines += ["", "| 层级 | 分值 | 得分 |", "|---|---:|---:|"]
    lines += [f"| {_md_cell(l['path'])} {_md_cell(l['name'])} | {points_text(l['points'])} | {points_text(l['score'])} |"
              for l in card["levels"]]
    lines += _flags_and_check(card)
    return "\n".join(lines) + "\n"
