"""What the consistency checks produce and are configured with: findings and rules (imports nothing of perfscore)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem: ``id`` (the rule id), ``severity``, Chinese ``message``, ``evidence``
    (``text``, ``where``, ``line`` when from a report, and the ``numbers`` compared)."""

    id: str
    severity: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "severity": self.severity, "message": self.message, "evidence": self.evidence}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    params: dict[str, Any]
