"""The command line's cluster run: a Parquet dataset folder scored on Dask, its outputs written atomically.

``perfscore score FOLDER --dask local|tcp://HOST:8786 -o results.csv`` reads the folder
with ``dask.dataframe.read_parquet`` (every ``*.parquet`` file in it, in name order: rows
are numbered as one table in that order) and writes, like the single-process run:

* the summary (``-o``, CSV or Parquet, replaced atomically),
* the breakdown as a **Parquet dataset folder** ``results.breakdown/`` (``--breakdown DIR``
  to choose it) of ``part.00000.parquet`` … in row order, one per partition, each written
  by a worker straight into the folder — so on a real cluster the output directory, like the
  dataset, must be on storage every worker and the client see at the same path. The folder
  replaces the old one as a whole, once every part is written, just before the summary.

Rejects and the account line are the caller's, as after ``runner.run``.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

from ..atomic import atomic_folder, atomic_path
from ..errors import PerfscoreError, Position, Problem
from ..rubric.plan import Plan
from ..tables.read import not_a_table
from ..tables.runner import SUMMARY_FORMATS, BatchOptions, write_summary_file
from .connect import require_dask, session
from .partition import PartitionSettings
from .score import ClusterOutcome, score_partitions
from .whole import DATASET_EXPECTED


def read_dataset(folder: Path) -> Any:
    """The Parquet dataset in ``folder`` as a Dask DataFrame; a clear error when it is not one."""
    dd = require_dask()
    if not folder.is_dir():
        what = "不存在" if not folder.exists() else "不是文件夹"
        raise PerfscoreError(Problem(Position(str(folder)), f"Parquet 数据集{what}",
                                     DATASET_EXPECTED))
    if not any(path.is_file() for path in folder.rglob("*.parquet")):
        raise not_a_table(folder, "文件夹中没有 .parquet 文件，不是 Parquet 数据集", DATASET_EXPECTED)
    try:
        return dd.read_parquet(str(folder))
    except Exception as exc:  # pyarrow, fsspec and dask each fail their own way on a damaged dataset
        raise not_a_table(folder, f"Parquet 数据集无法读取：{type(exc).__name__}: {exc}", DATASET_EXPECTED) from None


def breakdown_folder(options: BatchOptions) -> Path | None:
    """``--breakdown DIR``, else ``results.breakdown`` beside the summary ``results.csv``."""
    if options.breakdown is not None:
        return options.breakdown
    return options.output.with_name(f"{options.output.stem}.breakdown") if options.output is not None else None


def score_dataset(folder: Path, plan: Plan, options: BatchOptions, address: str = "local",
                  engine: str = "vector") -> ClusterOutcome:
    """Score the Parquet dataset ``folder`` on the Dask cluster at ``address`` (``"local"``: this machine's cores);
    write the summary to ``options.output`` and the breakdown folder; return the account (rejects unwritten)."""
    if options.fmt not in SUMMARY_FORMATS:
        raise PerfscoreError(Problem(Position("--format"), f"--dask 的汇总只能写成 CSV 或 Parquet，不能是 {options.fmt}",
                                     "应为 -o results.csv 或 -o results.parquet"))
    if options.chunk_size or options.encoding:
        raise PerfscoreError(Problem(Position("--dask"), "--dask 按数据集的分区评分，不接受 --chunk-size / --encoding",
                                     "数据集的文件即分区，不需要这两个选项"))
    ddf = read_dataset(folder)
    summary, parts_target = options.output, breakdown_folder(options)
    with session(address):
        with atomic_path(summary) if summary is not None else nullcontext() as temp:
            with atomic_folder(parts_target) if parts_target is not None else nullcontext() as parts:
                settings = PartitionSettings(str(folder), engine, options.reasons, parts)
                outcome = score_partitions(ddf, plan, options.goals, settings)
                if temp is not None:
                    write_summary_file(outcome.summary, temp, options.fmt)
    outcome.breakdown = parts_target
    return outcome
