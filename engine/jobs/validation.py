"""``perfscore validate``: check rule files and profiles, collecting every problem as ``file:line:col``."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import PerfscoreError, Position, Problem
from ..rubric.reader import Reader
from ..resources import profiles_dir, rules_dir
from ..rubric.yamlio import load_file


def _validate_indicators(path: Path) -> list[Problem | str]:
    from ..rubric.parse import parse_indicator_file
    from ..rubric.validate import check_indicator
    from ..rubric.vocabulary import load_vocabulary

    reader = Reader()
    vocabulary = load_vocabulary()
    for indicator in parse_indicator_file(reader, load_file(path), Position(str(path))):
        check_indicator(reader, indicator, vocabulary)
    return list(reader.problems)


def _validate_profile(path: Path) -> list[Problem | str]:
    from ..rubric.profiles import load_profile

    load_profile(str(path))
    return []


def _validate_vocabulary(path: Path) -> list[Problem | str]:
    from ..rubric.vocabulary import load_vocabulary

    load_vocabulary(path)
    return []


def _validate_plausibility(path: Path) -> list[Problem | str]:
    from ..evaluate.plausibility import load_rules

    load_rules.cache_clear()
    load_rules()
    return []


def _validator(path: Path, data: object) -> Callable[[Path], list[Problem | str]] | None:
    if not isinstance(data, dict):
        return None
    if "tree" in data or "extends" in data:  # a profile may declare its own indicators: too
        return _validate_profile
    if "indicators" in data:
        return _validate_indicators
    if "plausibility" in data:
        return _validate_plausibility
    if path.name == "metrics.yaml" or "identity" in data:
        return _validate_vocabulary
    from .rule_files import extra_validator

    return extra_validator(data)


def shipped_files() -> list[Path]:
    return sorted(rules_dir().glob("*.yaml")) + sorted(profiles_dir().glob("*.yaml"))


def validate_paths(paths: list[str]) -> tuple[list[Problem | str], int]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    files = files or shipped_files()
    problems: list[Problem | str] = []
    for path in files:
        try:
            data = load_file(path)
            validator = _validator(path, data)
            if validator is None:
                problems.append(Problem(Position(str(path)), "不是 perfscore 的规则文件或评分方案文件",
                                        "应为含 indicators:、tree:/extends:、plausibility: 或 checks: 的 YAML 文件"))
                continue
            problems.extend(validator(path))
        except PerfscoreError as exc:
            problems.extend(exc.problems)
    return problems, len(files)
