"""The scoring engines by name: ``vector`` (numpy, always installed) and ``rete`` (durable_rules, ``perfscore[rete]``).

One list of names and one check of a name, for the public API, the jobs and the cluster
alike; the backends themselves are imported only when one is asked for.

May import: ``evaluate`` and ``rete`` (lazily) and the shared leaves; never ``tables``,
which are handed the backend their caller chose.
"""

from __future__ import annotations

from typing import Any

from .errors import PerfscoreError, Position, Problem

ENGINES = ("vector", "rete")


def check_engine(name: str) -> str:
    """``name`` if it names an engine; else the error the CLI prints for ``--engine``."""
    if name not in ENGINES:
        raise PerfscoreError(Problem(Position("--engine"), f"未知评分引擎 {name!r}", f"应为 {'、'.join(ENGINES)} 之一"))
    return name


def backend(name: str) -> Any:
    """A ready backend: ``evaluate(plan, batch) -> Results``. The rete one says why when durable_rules is missing."""
    if check_engine(name) == "rete":
        from .rete.backend import load_backend

        return load_backend()
    from .evaluate.vector import VectorBackend

    return VectorBackend()
