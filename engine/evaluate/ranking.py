"""Whole-table ranking: competition ranking of totals within each year ("1224": ties share the best rank)."""

from __future__ import annotations

import numpy as np


def competition_rank(totals: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Rank 1 = highest total in its group; equal totals share a rank and the next rank skips (1, 2, 2, 4)."""
    n = len(totals)
    if n == 0:
        return np.zeros(0, np.int64)
    keys = np.where(np.isnan(groups.astype(float)), -np.inf, groups.astype(float))
    _, codes = np.unique(keys, return_inverse=True)
    order = np.lexsort((-totals, codes))
    sorted_codes, sorted_totals = codes[order], totals[order]
    index = np.arange(n)
    new_group = np.r_[True, sorted_codes[1:] != sorted_codes[:-1]]
    new_value = new_group | np.r_[True, sorted_totals[1:] != sorted_totals[:-1]]
    group_start = np.maximum.accumulate(np.where(new_group, index, 0))
    run_start = np.maximum.accumulate(np.where(new_value, index, 0))
    ranks = np.empty(n, np.int64)
    ranks[order] = run_start - group_start + 1
    return ranks


def grade_distribution(grades: list[str], order: tuple[str, ...]) -> dict[str, int]:
    """How many departments got each grade, in the profile's grade order."""
    counts = dict.fromkeys(order, 0)
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    return counts
