"""The layout's import rules hold, from the code itself: the import-linter contracts in pyproject.toml
(layers by concern, a CLI that calls only the public API, renderers off evaluation internals, tables off
the rete engine, no cycles between the modules of any package), plus a docstring atop every module and a "may import" rule atop every package."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract, "acyclic_siblings": AcyclicSiblingsContract}
CONFIG = read_configuration(str(ROOT / "pyproject.toml"))


def _contracts() -> dict[str, object]:
    contracts = {}
    for options in CONFIG["contracts_options"]:
        options = dict(options)
        kind = CONTRACT_TYPES[options.pop("type")]
        contract_id, name = options.pop("id"), options.pop("name")
        contracts[contract_id] = kind(name=name, session_options=CONFIG["session_options"], contract_options=options)
    return contracts


def _graph() -> grimp.ImportGraph:
    """The package's import graph as the code has it now (every import: module level, lazy, TYPE_CHECKING)."""
    return grimp.build_graph("perfscore", cache_dir=None)


def _broken(extra: tuple[str, str] | None = None) -> dict[str, object]:
    """The contracts broken (id → what breaks them); contracts may change the graph, so each gets its own."""
    broken = {}
    for contract_id, contract in _contracts().items():
        graph = _graph()
        if extra:
            graph.add_import(importer=extra[0], imported=extra[1])
        check = contract.check(graph, verbose=False)
        if not check.kept:
            broken[contract_id] = check.metadata
    return broken


def test_every_contract_is_kept():
    assert set(_contracts()) == {"top", "cli-thin", "engine-layers", "render-public-results", "tables-any-backend", "no-cycles",
                                 "diff-plain-data", "whatif-plain-data", "whatif-renderer-lays-out"}
    assert _broken() == {}


@pytest.mark.parametrize("importer, imported, contract", [
    ("perfscore.engine.rubric.model", "perfscore.engine.tables.runner", "engine-layers"),  # rubric never imports tables
    ("perfscore.engine.inputs.batch", "perfscore.engine.evaluate.results", "engine-layers"),
    ("perfscore.engine.render.text", "perfscore.engine.rete.backend", "engine-layers"),  # siblings stay independent
    ("perfscore.engine.render.explain", "perfscore.engine.evaluate.vexpr", "render-public-results"),
    ("perfscore.engine.tables.runner", "perfscore.engine.rete.backend", "tables-any-backend"),
    ("perfscore.engine.tables.runner", "perfscore.engine.backends", "tables-any-backend"),
    ("perfscore.engine.reports.model", "perfscore.engine.reports.extract", "no-cycles"),  # extract imports model
    ("perfscore.engine", "perfscore.cli", "top"),
    ("perfscore.cli", "perfscore.engine.render.text", "cli-thin"),  # the CLI goes through perfscore.api
    ("perfscore.engine.render.diff", "perfscore.engine.evaluate.results", "diff-plain-data"),  # a renderer, not a scorer
    ("perfscore.engine.evaluate.whatif", "perfscore.engine.render.numfmt", "whatif-plain-data"),  # analysis never renders
    ("perfscore.engine.evaluate.whatif", "perfscore.engine.tables.read", "whatif-plain-data"),
    ("perfscore.engine.render.whatif", "perfscore.engine.evaluate.results", "whatif-renderer-lays-out"),
    ("perfscore.engine.render.whatif", "perfscore.engine.rubric.model", "whatif-renderer-lays-out"),
])
def test_a_forbidden_import_breaks_its_contract(importer, imported, contract):
    """Each contract can fail: one import added against the rule breaks the contract that forbids it."""
    assert contract in _broken((importer, imported))


def _modules() -> list[Path]:
    return sorted([*ROOT.glob("*.py"), *(ROOT / "engine").rglob("*.py")])


def test_every_module_says_what_it_is():
    undocumented = [str(p.relative_to(ROOT)) for p in _modules() if not ast.get_docstring(ast.parse(p.read_text()))]
    assert undocumented == []


def test_every_package_says_what_it_may_import():
    packages = sorted((ROOT / "engine").rglob("__init__.py"))
    assert len(packages) >= 9
    silent = [str(p.relative_to(ROOT)) for p in packages
              if "may import" not in (ast.get_docstring(ast.parse(p.read_text())) or "").lower()]
    assert silent == []
