"""perfscore: declarative, reproducible grading of 部门整体支出绩效评价.

The package root maps the repository's top level (engine/, rules/, scoring_profiles/,
api.py, cli.py) into one ``perfscore`` import namespace. The public Python API lives in
:mod:`perfscore.api` and is re-exported here, lazily: ``import perfscore`` loads only the
error types, and ``perfscore.score`` & co. import the engine (and pandas) when first used.

Typed code imports the names from :mod:`perfscore.api` itself.

May import: ``perfscore.engine.errors`` eagerly, ``perfscore.api`` lazily and by name only.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# absolute, not relative: pytest imports this file for its package node under the checkout's own folder
# name, which is no package name when it has a hyphen (a GitHub archive unpacks to perfscore-main)
from perfscore.engine.errors import PerfscoreError, Position, Problem

__version__ = "0.1.0"

__all__ = [
    "__version__", "PerfscoreError", "Problem", "Position", "IncompleteDataError", "Profile", "ScoreResult",
    "TableRun", "load_profile", "list_profiles", "explain", "score", "score_file", "extract", "check", "verify",
    "validate", "run_profile_tests", "synth", "template", "diff", "DiffResult",
]



def __getattr__(name: str) -> Any:
    """The API's names, imported on first use (PEP 562). By name, not by an import statement: engine modules
    import ``perfscore.__version__``, and the import graph must not lead from them back up to the API."""
    if name in __all__:
        return getattr(import_module(f"{__name__}.api"), name)
    raise AttributeError(f"module 'perfscore' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
