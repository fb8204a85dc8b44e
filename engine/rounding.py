"""Explicit, deterministic rounding: half away from zero after removing binary-float noise.

0.57/1*100 is 56.99999999999999 in binary floating point; rounding to 9
significant decimals first turns it back into 57.0 before the declared
precision is applied, so values exactly on a band edge stay on it.
"""

from __future__ import annotations

import numpy as np

_NOISE_DECIMALS = 9


def round_half_up(values: np.ndarray | float, decimals: int) -> np.ndarray:
    """Round half away from zero to ``decimals`` places, NaN preserved."""
    array = np.asarray(values, dtype=float)
    cleaned = np.round(array, _NOISE_DECIMALS)
    scale = 10.0 ** decimals
    scaled = np.round(np.abs(cleaned) * scale, _NOISE_DECIMALS - decimals if decimals < _NOISE_DECIMALS else 0)
    # + 0.0 folds -0.0 into 0.0 so JSON never prints a negative zero.
    return np.sign(cleaned) * np.floor(scaled + 0.5) / scale + 0.0
