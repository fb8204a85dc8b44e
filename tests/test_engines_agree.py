"""Property: the vector backend and the rete rulesets (on durable_rules and on the plain matcher) give the same
points, rules, values, reasons, totals and grades on every shipped profile and every profile the tests write,
for departments drawn around every edge (hypothesis draws the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfscore.engine.evaluate.vector import VectorBackend
from perfscore.engine.rete.backend import ReteBackend, durable_missing
from perfscore.engine.rubric.plan import compile_profile
from perfscore.engine.rubric.profiles import available_profiles, load_profile
from rete_support import differences, random_batch
from support import audited_profile, profile_text

import test_exact_bands
import test_item_lists
import test_language_gains
import test_rete
import test_verify_any_profile

CHOOSE_EFFECTS = Path(__file__).parent / "data" / "choose_effects.yaml"  # 择项: each department weighs its own
MATCHERS = ["plain"] + ([] if durable_missing() else ["durable"])


def _test_profiles(directory) -> dict[str, str]:
    """Every profile the tests write, as files in ``directory``."""
    texts = {
        "rete_scratch": test_rete.SCRATCH,
        "exact_bands": profile_text(test_exact_bands.EDGES),
        "either_formulas": test_language_gains.HEADER + test_language_gains.EITHER,
        "path_profile": profile_text(test_verify_any_profile.BODY, id="local_table"),
        "negative_targets": test_language_gains.HEADER + test_language_gains.PROPORTIONAL,
        "item_lists": profile_text(test_item_lists.PROFILE, id="item_lists"),
        "closed_grades": test_language_gains.HEADER + "grade_gap: round\n" + test_language_gains.CLOSED
        + test_language_gains.JUDGE,
    }
    paths = {}
    for name, text in texts.items():
        path = directory / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    paths["audited"] = str(audited_profile(directory))
    paths["choose_effects"] = str(CHOOSE_EFFECTS)
    return paths


class Plans:
    """The compiled plans by name (an object, so hypothesis does not print every plan on a failure)."""

    def __init__(self, directory):
        references = {**{p: p for p in available_profiles()}, **_test_profiles(directory)}
        self.by_name = {name: compile_profile(load_profile(ref)) for name, ref in references.items()}

    def __repr__(self) -> str:
        return f"Plans({', '.join(self.by_name)})"


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return Plans(tmp_path_factory.mktemp("agree"))


NAMES = sorted(available_profiles()) + ["rete_scratch", "exact_bands", "either_formulas", "path_profile",
                                        "closed_grades", "negative_targets", "item_lists", "audited",
                                        "choose_effects"]


@pytest.mark.parametrize("matcher", MATCHERS)
@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_engines_agree_on_every_profile(plans, name, matcher, seed):
    plan = plans.by_name[name]
    batch = random_batch(plan, seed, 40)
    problems = differences(VectorBackend().evaluate(plan, batch), ReteBackend(matcher=matcher).evaluate(plan, batch))
    assert not problems, "\n".join(problems)
