"""``--columns map.yaml``: the user's own header → metric mapping, and the ready-to-edit map a run prints.

The file maps a header as the table shows it (``“三公”经费/合计`` for a two-row header) to a
metric, by its Chinese label or id; an empty value, ``跳过`` or ``skip`` skips the column.
Read with the safe YAML loader: every problem is ``file:line:col``.

May import: :mod:`..rubric.yamlio` (safe YAML), :mod:`.columns`, :mod:`.naming`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PerfscoreError, Position, Problem
from ..rubric.yamlio import MarkedDict, load_file
from .columns import HeaderIndex
from .naming import normal

SKIP_WORDS = ("", "跳过", "skip", "-", "忽略")


def load_column_map(path: Path, index: HeaderIndex) -> dict[str, str | None]:
    """normalised header → metric id, or None (skip the column)."""
    if not path.is_file():
        raise PerfscoreError(Problem(Position(str(path)), "找不到列映射文件", "--columns FILE.yaml (header: 指标名称)"))
    data = load_file(path)
    if not isinstance(data, MarkedDict):
        raise PerfscoreError(Problem(Position(str(path), 1, 1), "列映射文件应为“表头: 指标名称”的映射",
                                     "每列一行，如 经费合计: 决算总支出"))
    mapping: dict[str, str | None] = {}
    problems = []
    for header, value in data.items():
        word = "" if value is None else str(value).strip()
        if word in SKIP_WORDS:
            mapping[normal(str(header))] = None
            continue
        metric = index.lookup(word)
        if metric is None:
            hint = index.suggest(word)
            problems.append(Problem(data.where(header, value=True), f"“{word}”不是已知的指标名称",
                                    f"是否应为“{hint}”？" if hint else "应为指标的中文名称（perfscore explain 可列出），"
                                                                       "或“跳过”"))
            continue
        mapping[normal(str(header))] = metric
    if problems:
        raise PerfscoreError(problems)
    return mapping


def _yaml_key(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ready_map(skipped: list[tuple[str, str | None]]) -> str:
    """The lines of a map file for the skipped columns (header, suggested label or None), ready to edit."""
    lines = ["# 列映射：冒号后填指标名称（perfscore explain 列出全部指标），“跳过”即不读",
             "# 存为 columns.yaml，加 --columns columns.yaml 重新评分"]
    for header, hint in skipped:
        lines.append(f"{_yaml_key(header)}: {hint or '跳过'}" + ("" if hint else "  # 请改为指标名称"))
    return "\n".join(lines)
