"""Score a Dask DataFrame: the whole-table steps on the client, the partitions in parallel on the workers.

:func:`score_dask` is what ``perfscore.score(dask_dataframe)`` calls. The work goes to the
scheduler Dask is using (the ``distributed.Client`` made last, e.g. by :func:`.connect`,
else Dask's local threads). The results are those of ``runner.run`` over the same rows
as one table: the same summary (ranked per year over all partitions), breakdown rows and
rejects, in the same order, with the same account line.
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import atomic_folder
from ..backends import backend
from ..errors import PerfscoreError, Position, Problem
from ..rubric.plan import Plan, compile_profile
from ..tables.runner import Outcome, finish_summary, goal_warning
from .connect import require_dask
from .partition import PartitionResult, PartitionSettings, score_partition
from .whole import WholeTable, whole_table

@dataclass
class ClusterOutcome(Outcome):
    """A run's account (as :class:`..tables.runner.Outcome`: ``read``, ``scored``, ``rejects``, ``summary`` a pandas
    DataFrame, ``account()``), and its breakdown: a Dask DataFrame, or the Parquet dataset folder written."""

    breakdown: Any = None
    partitions: int = 0


def score_dask(ddf: Any, plan: Plan | str, *, goals: Any = None, engine: str = "vector", reasons: bool = True,
               breakdown: str | Path | None = None, name: str = "DataFrame") -> ClusterOutcome:
    """Score every row of ``ddf`` (a Dask DataFrame, one row per department-year) with ``plan`` (a compiled plan,
    or a profile id or path).

    ``goals``: the goal table (个性指标), a pandas DataFrame or a file. ``breakdown``: a folder to write the
    breakdown to as a Parquet dataset (``part.00000.parquet`` … in row order; replaced as a whole once every
    part is written); without it the outcome's ``breakdown`` is a Dask DataFrame held by the workers. ``name``
    is what error positions call the table. Rows are numbered as one table read in partition order (1, 2, …)."""
    plan = plan if isinstance(plan, Plan) else _compile(plan)
    target = Path(breakdown) if breakdown is not None else None
    with atomic_folder(target) if target is not None else nullcontext() as folder:
        settings = PartitionSettings(name, engine, reasons, folder, keep=folder is None)
        outcome = score_partitions(ddf, plan, goals, settings)
    if target is not None:
        outcome.breakdown = target
    return outcome


def score_partitions(ddf: Any, plan: Plan, goals: Any, settings: PartitionSettings) -> ClusterOutcome:
    """The run itself: the whole-table steps, every partition scored, the summary ranked over all of them."""
    import dask

    dd = require_dask()
    if not isinstance(ddf, dd.DataFrame):
        raise PerfscoreError(Problem(Position(settings.name), f"不是 Dask DataFrame（是 {type(ddf).__name__}）",
                                     "应为 dask.dataframe.DataFrame，每行一个部门-年度"))
    backend(settings.engine)  # an unknown name, or durable_rules missing: said here, before the cluster is busy
    whole = whole_table(ddf, plan, goals, settings.name)
    tasks = _tasks(ddf, plan, whole, settings)
    if settings.keep:
        tasks = list(dask.persist(*tasks))  # scored once; the breakdowns stay with the workers
        accounts = dask.compute(*[dask.delayed(PartitionResult.account)(task) for task in tasks])
    else:
        accounts = dask.compute(*tasks)
    outcome = _outcome(whole, list(accounts), plan)
    if settings.keep:
        outcome.breakdown = _breakdown_frame(tasks)
    return outcome


def _tasks(ddf: Any, plan: Plan, whole: WholeTable, settings: PartitionSettings) -> list[Any]:
    """One task per partition. On a distributed cluster the plan and each partition's share of the whole-table
    steps (a few MB for 50,000 rows) go straight to the workers, not through the scheduler's graph."""
    import dask

    run = uuid.uuid4().hex[:12]
    client = _client()
    shares = [whole.share(k) for k in range(ddf.npartitions)]
    if client is not None:
        plan, shares = client.scatter(plan, broadcast=True, hash=False), client.scatter(shares, hash=False)
    else:
        plan = dask.delayed(plan, name=f"perfscore-plan-{run}", traverse=False)
    return [dask.delayed(score_partition, pure=False)(part, whole.starts[k], plan, shares[k], settings, k,
                                                      dask_key_name=f"perfscore-partition-{run}-{k}")
            for k, part in enumerate(ddf.to_delayed())]


def _client() -> Any:
    """The distributed client Dask computes with now, or None (Dask's local threads or processes)."""
    from dask.base import get_scheduler
    from distributed import Client

    client = getattr(get_scheduler(), "__self__", None)  # a client's scheduler is its bound ``get``
    return client if isinstance(client, Client) else None


def _outcome(whole: WholeTable, accounts: list[PartitionResult], plan: Plan) -> ClusterOutcome:
    """The partitions' accounts joined in row order, the summary ranked over all of them (``runner.run``'s steps)."""
    outcome = ClusterOutcome(rejects=list(whole.goals.rejects), goal_rows=whole.goals.read, partitions=len(accounts))
    parts = []
    for account in accounts:
        outcome.read += account.read
        outcome.scored += account.scored
        outcome.rejects += account.rejects
        parts += account.parts
    outcome.summary = finish_summary(parts, plan)
    outcome.sort_rejects()
    outcome.notes.extend(goal_warning(plan, whole.goals.target_rows, outcome.scored))
    return outcome


def _breakdown_frame(tasks: list[Any]) -> Any:
    """The breakdowns kept by the workers as one Dask DataFrame (text columns categorical, categories unknown)."""
    import dask
    import dask.dataframe as dd
    from dask.dataframe.utils import clear_known_categories

    frames = [dask.delayed(_breakdown_of)(task) for task in tasks]
    meta = clear_known_categories(dask.delayed(_breakdown_of)(tasks[0], 0).compute())
    return dd.from_delayed(frames, meta=meta, verify_meta=False)


def _breakdown_of(result: PartitionResult, rows: int | None = None) -> Any:
    """A partition's breakdown (its first ``rows`` rows when given: ``0`` for the columns alone)."""
    return result.breakdown if rows is None else result.breakdown.iloc[:rows]


def _compile(profile: str) -> Plan:
    from ..rubric.profiles import load_profile

    return compile_profile(load_profile(profile))
