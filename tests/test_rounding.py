"""Explicit rounding: half away from zero, with binary-float noise removed first."""

from __future__ import annotations

import numpy as np
import pytest

from perfscore.engine.rounding import round_half_up


@pytest.mark.parametrize("value, decimals, expected", [
    (0.57 / 1 * 100, 2, 57.0),          # 56.99999999999999 in binary
    (100.00000000001, 2, 100.0),        # noise above an edge must not cross it
    (1.005, 2, 1.01),                   # the decimal 1.005 rounds half up
    (2.5, 0, 3.0),
    (-2.5, 0, -3.0),                    # away from zero, not to even
    (0.125, 2, 0.13),
    (56.994999, 2, 56.99),
    (-0.001, 2, 0.0),
])
def test_round_half_up(value, decimals, expected):
    result = float(round_half_up(np.array([value]), decimals)[0])
    assert result == expected
    assert str(result) != "-0.0"


@pytest.mark.parametrize("value", [-1.0630839e300, 1.7e308, 2.0 ** 52, -(2.0 ** 60), float("inf")])
def test_huge_values_are_left_as_they_are(value):
    with np.errstate(over="raise"):
        assert float(round_half_up(np.array([value]), 2)[0]) == value


def test_nan_is_kept():
    assert np.isnan(round_half_up(np.array([np.nan]), 2)[0])
