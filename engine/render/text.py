"""Human-readable scorecards: an aligned terminal table and Markdown. Pure formatting of scorecards.

The table fits the width it is given (80 columns and up): wrapped text follows the Chinese
line-breaking rules of :mod:`.textwidth` and no line runs past the width. On a terminal,
``color=True`` marks 错误 red and 警告 yellow (the caller honours ``NO_COLOR``).
"""

from __future__ import annotations

from typing import Any

from ..rubric.model import DEPARTMENT_SUBJECT
from .form import coverage_text, place_name
from .numfmt import points_text
from .textwidth import PATH_TOKENS, aligned_table, width, wrap

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
COLORS = {"error": "\033[31m", "warning": "\033[33m"}  # red, yellow
RESET = "\033[0m"


def severity_tag(severity: str, color: bool = False) -> str:
    """``[错误]`` / ``[警告]`` / ``[提示]``, coloured on a terminal when asked."""
    tag = f"[{SEVERITY_ZH.get(severity, severity)}]"
    return f"{COLORS[severity]}{tag}{RESET}" if color and severity in COLORS else tag


def note_lines(text: str, columns: int) -> list[str]:
    """A message for the terminal in lines of at most ``columns`` cells: prose wrapped with a two-space hanging
    indent, a ``#`` comment (of a ready-to-edit map) wrapped as further comment lines, a map line kept whole
    (it is meant to be copied as it is); a file path is never broken."""
    out: list[str] = []
    for line in text.split("\n"):
        comment = line.lstrip().startswith("#")
        if width(line) <= columns or (not comment and line.lstrip().startswith('"')):
            out.append(line)
            continue
        lead = "# " if comment else "  "
        first, *rest = wrap(line, columns - 1, tokens=PATH_TOKENS)  # a cell less: closing punctuation may stay
        out.append(first.rstrip())
        remainder = line[len(first):].lstrip(" ")  # the first line is a prefix of the text (wrap drops spaces at breaks)
        for part in wrap(remainder, columns - 1 - width(lead), tokens=PATH_TOKENS) if rest else []:
            out.append((lead + part.strip()).rstrip())
    return out


def _heading(card: dict[str, Any]) -> list[str]:
    dept = card["department"]
    name = place_name(dept.get("region", ""), dept.get("dept_name", "（未命名部门）"))
    year = f"{dept['year']:g}年度" if isinstance(dept.get("year"), (int, float)) else ""
    profile = card["profile"]
    basis = profile.get("name") or "评分方案"
    return [
        f"{name} {year}{profile.get('title') or DEPARTMENT_SUBJECT}",
        f"评分依据：{basis}（{profile['version']}版，sha256 {profile['sha256'][:12]}）",
        f"总分：{points_text(card['total'])} / {points_text(card['max_total'])}    等级：{card['grade_label']}",
        f"数据覆盖：{coverage_text(card)}",
    ]


def render_table(card: dict[str, Any], columns: int = 100, color: bool = False) -> str:
    lines = [line for text in _heading(card) for line in wrap(text, columns - 1)]
    lines.append("")
    level_rows = [["　" * (l["path"].count("/")) + l["name"], points_text(l["points"]), points_text(l["score"])]
                  for l in card["levels"]]
    lines += aligned_table(["层级", "分值", "得分"], level_rows, ["left", "right", "right"])
    lines.append("")
    rows = [[c["name"], points_text(c["points"]), points_text(c["score"]), c["reason"]] for c in card["criteria"]]
    name_width = min(max(width(r[0]) for r in rows), max(14, columns // 4))
    reason_width = max(24, columns - name_width - 16)
    lines += aligned_table(["指标", "分值", "得分", "评分说明"], rows, ["left", "right", "right", "left"],
                    {0: name_width, 3: reason_width})
    lines += _flags_and_check(card, columns, color)
    return "\n".join(lines) + "\n"


def _flags_and_check(card: dict[str, Any], columns: int = 100, color: bool = False) -> list[str]:
    lines: list[str] = []
    # Missing-data and pending-assessment flags repeat what each criterion's reason says: one line each here.
    grouped = {"missing_data": "缺少数据", "needs_manual_score": "待评价人员评分"}
    counts = {flag_id: sum(1 for f in card["flags"] if f["id"] == flag_id) for flag_id in grouped}
    others = [f for f in card["flags"] if f["id"] not in grouped]
    if card["flags"]:
        lines += ["", "数据提示："]
        notes = [(f["severity"], f["message"]) for f in others]
        notes += [("warning", f"{grouped[flag_id]}的指标 {count} 项（见上表评分说明）")
                  for flag_id, count in counts.items() if count]
        for severity, message in notes:
            tag = severity_tag(severity)
            body = wrap(message, columns - 4 - width(tag))
            lines.append(f"  {severity_tag(severity, color)} {body[0]}")
            lines += [" " * (3 + width(tag)) + more for more in body[1:]]
    check = card["self_check"]
    if check["self_score"] is not None or check["self_grade"]:
        lines += ["", "自评复核："]
        score = points_text(check["self_score"]) if check["self_score"] is not None else "—"
        lines.append(f"  自评得分 {score}，自评等级 {check['self_grade'] or '—'}；"
                     f"差额 {points_text(check['gap']) if check['gap'] is not None else '—'}")
        if check["flag"]:
            body = wrap(check["flag"], columns - 10)
            lines.append(f"  {severity_tag('warning', color)} {body[0]}")
            lines += ["         " + more for more in body[1:]]
    return lines


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _level_names(card: dict[str, Any], path: str) -> str:
    """A criterion's 一级/二级 by name (投入 / 预算配置), from the card's levels: ids never reach a reader."""
    names = {level["path"]: level["name"] for level in card["levels"]}
    parts = path.split("/")
    return " / ".join(names.get("/".join(parts[:k]), "") for k in range(1, len(parts)) if "/".join(parts[:k]) in names)


def render_markdown(card: dict[str, Any]) -> str:
    head = _heading(card)
    lines = [f"# {head[0]}", "", f"- {head[1]}", f"- {head[2]}", f"- {head[3]}", "",
             "| 所属层级 | 指标 | 分值 | 得分 | 评分说明 |", "|---|---|---:|---:|---|"]
    for c in card["criteria"]:
        lines.append(f"| {_md_cell(_level_names(card, c['path']))} | {_md_cell(c['name'])} | {points_text(c['points'])} | "
                     f"{points_text(c['score'])} | {_md_cell(c['reason'])} |")
    lines += ["", "| 层级 | 分值 | 得分 |", "|---|---:|---:|"]
    lines += [f"| {'　' * l['path'].count('/')}{_md_cell(l['name'])} | {points_text(l['points'])} | "
              f"{points_text(l['score'])} |" for l in card["levels"]]
    lines += _flags_and_check(card)
    return "\n".join(lines) + "\n"
