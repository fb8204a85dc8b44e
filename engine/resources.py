"""One resolver for bundled data (rules/, scoring_profiles/) in a source tree or an installed wheel.

Also guards file references: a path named inside a rubric may not escape its root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import PerfscoreError, Position, Problem


def package_root() -> Path:
    """The directory that holds rules/ and scoring_profiles/ (the repository root when editable)."""
    return Path(str(resources.files("perfscore")))


def rules_dir() -> Path:
    return package_root() / "rules"


def profiles_dir() -> Path:
    return package_root() / "scoring_profiles"


def resolve_inside(root: Path, reference: str, where: Position) -> Path:
    """Resolve ``reference`` relative to ``root``; refuse anything that lands outside it."""
    candidate = (root / reference).resolve()
    base = root.resolve()
    if candidate != base and base not in candidate.parents:
        raise PerfscoreError(Problem(where, f"路径“{reference}”超出其所在文件夹 {base}",
                                     "应为评分规则所在文件夹内的路径"))
    return candidate
