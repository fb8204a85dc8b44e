"""Beyond one machine: a table held as a Dask DataFrame, scored partition by partition on a Dask cluster.

Role: the batch run of :mod:`..tables.runner` spread over workers. Each partition is
scored by the same per-row code the single-process run uses; the whole-table steps
(duplicate department-years, prior-year values, goal matching, ranking) are done once,
across partitions, so the results are identical to scoring the same rows as one table.

Layering: this package sits above ``engine/tables``; it may import ``tables``, ``evaluate``,
``render``, ``rubric``, ``inputs`` and the shared leaves (``errors``, ``atomic`` …), and
nothing imports it but the CLI and the public API. ``dask`` and ``distributed`` are
imported lazily, inside functions, so that the rest of perfscore never needs them.

Entry points: :func:`score_dask` (a Dask DataFrame in, a :class:`ClusterOutcome` out),
:func:`score_dataset` (the CLI's run over a Parquet dataset folder) and :func:`connect`.
"""

from __future__ import annotations

from .connect import connect, session
from .dataset import read_dataset, score_dataset
from .score import ClusterOutcome, score_dask

__all__ = ["ClusterOutcome", "connect", "read_dataset", "score_dask", "score_dataset", "session"]
