"""The check job: consistency findings of a report or a metrics file, and their text as ``perfscore check`` prints it.

Bad input raises :class:`PerfscoreError`, which the CLI reports with exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import PerfscoreError, Position, Problem
from ..inputs.batch import load_mapping_file
from ..reports.check_model import Finding
from ..reports.checks import run_checks
from ..reports.extract import extract_report
from ..render.text import SEVERITY_ZH as _SEVERITY_ZH
from ..rubric.yamlio import MarkedDict

_METRIC_FILES = (".yaml", ".yml", ".json")


def _load_metrics(path: Path) -> MarkedDict:
    data = load_mapping_file(path)
    if not isinstance(data, dict):
        raise PerfscoreError(Problem(Position(str(path)), "指标文件应为“指标: 数值”的映射",
                                     "每行一项，如 决算总支出: 8557.32"))
    return data


def check_findings(path: str) -> list[Finding]:
    """Findings for a report (.txt/.docx/.pdf) or a metrics file (.yaml/.json)."""
    source = Path(path)
    if source.suffix.lower() in _METRIC_FILES:
        return run_checks(_load_metrics(source))
    return run_checks(extract_report(source))


def format_findings(findings: list[Finding], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
    if not findings:
        return "未发现勾稽问题。\n"
    lines = []
    for finding in findings:
        where = finding.evidence.get("where")
        line = finding.evidence.get("line")
        place = f"［{where}，第{line}行］" if where else ""
        lines.append(f"{_SEVERITY_ZH.get(finding.severity, finding.severity)}{place}：{finding.message}")  # ids: JSON only
    counts = {s: sum(f.severity == s for f in findings) for s in _SEVERITY_ZH}
    lines.append(f"共 {counts['error']} 个错误，{counts['warning']} 个警告，{counts['info']} 个提示。")
    return "\n".join(lines) + "\n"

