"""Validators for rule files owned by other subsystems (consistency checks, extraction lexicon), by top-level key."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import Problem


def _consistency(path: Path) -> list[Problem | str]:
    from ..reports.checks import load_rules

    load_rules(path)
    return []


def _lexicon(path: Path) -> list[Problem | str]:
    from ..reports.lexicon import load_lexicon

    load_lexicon(path)
    return []


def _audit(path: Path) -> list[Problem | str]:
    from ..rubric.audit import load_rules

    load_rules(str(path))
    return []


KINDS: dict[str, Callable[[Path], list[Problem | str]]] = {"checks": _consistency, "concepts": _lexicon,
                                                           "audit": _audit}


def extra_validator(data: dict) -> Callable[[Path], list[Problem | str]] | None:
    for key, validator in KINDS.items():
        if key in data:
            return validator
    return None
