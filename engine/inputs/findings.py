"""A department's audit findings in: the typed :class:`Finding` and the parsing of its raw ``findings:`` list.

Parsed once, when the batch is built (:func:`engine.inputs.batch.batch_from_records`):
category and severity as trimmed text, the amount converted to 万元 (``12.5``,
``"5,000元"``, ``"1.2万元"``) and rounded to 4 decimals (1元), every problem
reported at the finding's own line and column. Evaluation (either backend) reads
only these records, never the raw list.

Inputs layer: imports the shared leaves (errors, units, rounding) and rubric modules only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..errors import PerfscoreError, Position, Problem
from ..rounding import round_half_up_scalar
from ..rubric.reader import suggest
from ..units import parse_amount

AMOUNT_DECIMALS = 4  # 万元 to 1元
FINDING_KEYS = ("category", "severity", "amount", "source")


@dataclass(frozen=True)
class Finding:
    """One audit finding of a department; ``index`` is its place in the department's list."""

    index: int
    category: str
    severity: str
    amount: float | None  # 万元, 4 decimals; None when not given
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"category": self.category, "severity": self.severity, "amount": self.amount, "source": self.source}


def read_findings(raw: Any, where: Position) -> list[Finding]:
    """The ``findings:`` list of one department, normalised (amounts in 万元, 4 decimals).

    ``where`` places problems of a list that carries no positions of its own (JSON read as plain data)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PerfscoreError(Problem(where, "审计发现（findings）应为列表", "- {category: 挪用, amount: 12.5, source: …}"))
    found: list[Finding] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        here = raw.where(index) if hasattr(raw, "where") else where
        if not isinstance(item, dict):
            problems.append(Problem(here, f"第 {index + 1} 条审计发现应为“键: 值”的映射", "应有 category（类别）、severity（性质）、amount（金额）、source（来源）"))
            continue
        for key in item:
            if key not in FINDING_KEYS:
                problems.append(Problem(here, f"审计发现中的未知键“{key}”", suggest(str(key), FINDING_KEYS)
                                        or ", ".join(FINDING_KEYS)))
        category = item.get("category")
        if not isinstance(category, str) or not category.strip():
            problems.append(Problem(here, f"第 {index + 1} 条审计发现缺少类别", "如 category: 挪用"))
            continue
        amount = _amount(item.get("amount"), here, problems)
        found.append(Finding(index, category.strip(), str(item.get("severity") or "").strip(), amount,
                             str(item.get("source") or "").strip()))
    if problems:
        raise PerfscoreError(problems)
    return found


def _amount(value: Any, where: Position, problems: list[Problem]) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
        return round_half_up_scalar(float(value), AMOUNT_DECIMALS)
    parsed = parse_amount(str(value)) if isinstance(value, str) else None
    if parsed is None or parsed.value_wan < 0:
        problems.append(Problem(where, f"审计发现的金额“{value}”不是金额",
                                "应填不小于 0 的万元数，或 5,000元 / 1.2万元"))
        return None
    return round_half_up_scalar(float(parsed.value_wan), AMOUNT_DECIMALS)
