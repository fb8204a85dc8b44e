"""The check job: consistency findings of a report or a metrics file (``render.findings`` prints them).

Bad input raises :class:`PerfscoreError`, which the CLI reports with exit 2.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PerfscoreError, Position, Problem
from ..inputs.batch import load_mapping_file
from ..reports.check_model import Finding
from ..reports.checks import run_checks
from ..reports.extract import extract_report
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
