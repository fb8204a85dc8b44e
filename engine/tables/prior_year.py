"""Prior-year metrics taken from the same department's previous-year row (a whole-table step, design §6).

A rubric comparing with last year (三公 change, 结转结余 change) reads metrics such
as ``sangong_prev_actual``. When a table holds several years of one department and
a row leaves such a cell empty, the value comes from that department's row for the
year before; the breakdown and scorecard record where it came from.
"""

from __future__ import annotations

#: current-year metric → the metric that holds its previous-year value
PRIOR_YEAR: dict[str, str] = {
    "sangong_actual": "sangong_prev_actual",
    "sangong_actual_abroad": "sangong_prev_actual_abroad",
    "sangong_actual_vehicle": "sangong_prev_actual_vehicle",
    "sangong_actual_reception": "sangong_prev_actual_reception",
    "sangong_budget": "sangong_prev_budget",
    "carryover_end": "carryover_prev",
}
