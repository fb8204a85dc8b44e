"""Column-wise reasons (engine/render/explain_vector.py) are, text for text, the single-department Explainer's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from perfscore.engine.jobs import scoring as api
from perfscore.engine.render.explain import Explainer
from perfscore.engine.render.explain_vector import points_texts, reason_column, value_texts
from perfscore.engine.inputs.batch import load_single
from perfscore.engine.render.numfmt import points_text, value_text
from perfscore.engine.tables.synth import SynthSpec, write_synthetic
from perfscore.engine.tables.source import TableOptions, TableSource
from perfscore.engine.evaluate.vector import VectorBackend

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def every_reason(results) -> list[str]:
    explainer = Explainer(results)
    return [explainer.reason(c, i) for i in range(results.n) for c in results.plan.criteria]


@pytest.mark.parametrize("profile", ["mof2013", "yueyang2018"])
def test_synthetic_table_every_cell(tmp_path: Path, profile: str):
    plan = api.compile_reference(profile)
    path = tmp_path / "t.csv"
    write_synthetic(plan, SynthSpec(1500, 3), path)
    source = TableSource(path, plan.profile.vocabulary, {c.id for c in plan.criteria},
                         TableOptions(goals=path.with_name("t.goals.csv")))
    for chunk in source.chunks(600):  # slices: rows of a slice, goal rows of a slice
        results = VectorBackend().evaluate(plan, chunk.batch)
        assert reason_column(results, np.arange(results.n)).to_pylist() == every_reason(results)
        kept = np.arange(0, results.n, 3)  # a subset of the rows, as when some are rejected
        explainer = Explainer(results)
        assert reason_column(results, kept).to_pylist() == \
            [explainer.reason(c, int(i)) for i in kept for c in plan.criteria]


@pytest.mark.parametrize("name", ["demo_full_department.yaml", "hengshan_minzheng_2023.yaml",
                                  "xiangxiang_minzheng_2024.yaml"])
def test_yaml_departments(name: str):
    plan = api.compile_reference("mof2013")
    batch = load_single(EXAMPLES / name, plan.profile.vocabulary, {c.id for c in plan.criteria})
    results = VectorBackend().evaluate(plan, batch)
    assert reason_column(results, np.arange(results.n)).to_pylist() == every_reason(results)


def test_number_spelling_matches_numfmt():
    rng = np.random.default_rng(5)
    noisy = rng.normal(0, 200, 20_000)
    places = rng.integers(0, 5, 20_000)
    values = np.concatenate([[round(v, int(d)) for v, d in zip(noisy, places)], noisy[:2000] * 1e-3,
                             [0.125, 0.135, 0.145, 2.675, -0.001, -0.0, 0.005, -0.005, 1e15, 1e-7, np.nan, np.inf,
                              -np.inf, 99.995, 1.005]])
    for decimals in (0, 1, 2, 4, 6):
        assert value_texts(values, decimals).to_pylist() == [value_text(v, decimals) for v in values.tolist()]
    assert points_texts(values).to_pylist() == [points_text(v) for v in values.tolist()]
