"""Explicit, deterministic rounding: half away from zero after removing binary-float noise.

0.57/1*100 is 56.99999999999999 in binary floating point; rounding to 9
significant decimals first turns it back into 57.0 before the declared
precision is applied, so values exactly on a band edge stay on it.

:func:`round_half_up` works on numpy arrays (the vector backend); its scalar twin
:func:`round_half_up_scalar` replays the same numpy operations on one Python float
(the rete backend, finding amounts read at the edge), so the two agree exactly.
A shared leaf: imports numpy and the standard library only.
"""

from __future__ import annotations

import math

import numpy as np

_NOISE_DECIMALS = 9
# From 2**52 on every float64 is a whole number: rounding is the identity there, and the
# scaling steps below would overflow to infinity for values near the float64 limit.
_ALL_INTEGRAL = 2.0 ** 52
_SIGN_BIT = np.uint64(1 << 63)


def round_quietly(values, decimals: int):
    """``numpy.round``, without the overflow warning an absurd figure (1e303 to 6 places) raises: it rounds to
    ±inf, which the caller rejects, reports or prints as such."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.round(values, decimals)


def round_half_up(values: np.ndarray | float, decimals: int) -> np.ndarray:
    """Round half away from zero to ``decimals`` places, NaN preserved."""
    array = np.asarray(values, dtype=float)
    scalar = array.ndim == 0
    flat = array.reshape(-1) if scalar else array
    magnitude = np.abs(flat)
    with np.errstate(over="ignore", invalid="ignore"):  # huge values overflow here and are put back below
        # In place, for speed on long columns: sign(x) * floor(round(|x|, 9) * scale + 0.5) / scale + 0.0
        # (rounding is symmetric, so the noise is taken off the magnitude)
        work = np.round(magnitude, _NOISE_DECIMALS)
        scale = 10.0 ** decimals
        work *= scale
        np.round(work, _NOISE_DECIMALS - decimals if decimals < _NOISE_DECIMALS else 0, out=work)
        work += 0.5
        np.floor(work, out=work)
        work /= scale
        # np.copysign(work, flat, out=work) on the bits (work has none set for its sign): several times faster
        work.view(np.uint64)[...] |= flat.view(np.uint64) & _SIGN_BIT
    # + 0.0 folds -0.0 into 0.0 so JSON never prints a negative zero.
    work += 0.0
    huge = magnitude >= _ALL_INTEGRAL
    if huge.any():
        work[huge] = flat[huge]
    return work[0] if scalar else work


def np_round_scalar(x: float, decimals: int) -> float:
    """``numpy.round(x, decimals)`` on one float, for ``decimals >= 0``: rint(x·10^d) / 10^d."""
    factor = 10.0 ** decimals
    y = x * factor
    if not math.isfinite(y):
        return y / factor
    return float(round(y)) / factor


def round_half_up_scalar(x: float, decimals: int) -> float:
    """Scalar twin of :func:`round_half_up` (half away from zero, NaN kept) on a plain float."""
    if x != x or x in (math.inf, -math.inf):
        return x
    if x.is_integer() and -1e9 < x < 1e9:  # exact already: the long way returns x unchanged
        return x + 0.0
    if abs(x) >= _ALL_INTEGRAL:  # every float64 this large is whole: the array twin returns it unchanged
        return x + 0.0
    cleaned = np_round_scalar(x, _NOISE_DECIMALS)
    scale = 10.0 ** decimals
    scaled = np_round_scalar(abs(cleaned) * scale, _NOISE_DECIMALS - decimals if decimals < _NOISE_DECIMALS else 0)
    sign = 1.0 if cleaned > 0 else -1.0 if cleaned < 0 else 0.0
    return sign * float(math.floor(scaled + 0.5)) / scale + 0.0
