"""The consistency findings (勾稽) as ``perfscore check`` prints them: a Chinese line per finding, wrapped to the
terminal, then the count; or the JSON list. Reads findings as plain mappings (``Finding.as_dict()``), so it
imports only the text layout."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from . import jsontext
from .text import SEVERITY_ZH, note_lines


def render_findings(findings: Sequence[Mapping[str, Any]], fmt: str = "text", columns: int | None = None) -> str:
    """``columns``: wrap each finding to lines of at most that many cells (a two-space hanging indent)."""
    if fmt == "json":
        return jsontext.dumps(list(findings)) + "\n"
    if not findings:
        return "未发现勾稽问题。\n"
    lines = []
    for finding in findings:
        where = finding["evidence"].get("where")
        line = finding["evidence"].get("line")
        place = f"［{where}，第{line}行］" if where else ""
        text = f"{SEVERITY_ZH.get(finding['severity'], finding['severity'])}{place}：{finding['message']}"  # ids: JSON only
        lines.extend(note_lines(text, columns) if columns else [text])
    counts = {s: sum(f["severity"] == s for f in findings) for s in SEVERITY_ZH}
    lines.append(f"共 {counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示。")
    return "\n".join(lines) + "\n"
