"""Reaching Dask: the lazy import with a clear error when it is missing, and the client for ``--dask ADDRESS``.

Imports nothing of perfscore but the error types; dask and distributed only inside functions.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any, Iterator

from ..errors import PerfscoreError, Position, Problem

#: seconds to wait for a scheduler before giving up (a wrong address should fail fast, not hang)
CONNECT_TIMEOUT = 8
INSTALL_HINT = 'pip install "perfscore[dask]"'


def require_dask() -> Any:
    """``dask.dataframe``, or the error saying how to install it."""
    try:
        import dask.dataframe as dd
        import distributed  # noqa: F401  (the cluster side is needed as well)
    except ImportError as exc:
        raise PerfscoreError(Problem(Position("--dask"), f"未安装 dask，无法在集群上评分（{exc}）",
                                     INSTALL_HINT)) from None
    return dd


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client``: ``"local"`` starts a LocalCluster on this machine (one single-threaded worker
    process per core); otherwise ``address`` is a running scheduler's, e.g. ``tcp://10.0.0.5:8786``."""
    require_dask()
    import distributed

    if address == "local":
        return distributed.Client(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0")  # any free port: a taken 8787 warns on stderr
    try:
        return distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise PerfscoreError(Problem(Position("--dask"), f"无法连接 Dask 调度器 {address}（{timeout:g} 秒内无响应：{exc}）",
                                     "应为正在运行的 dask-scheduler 的地址（tcp://HOST:8786），或 --dask local"))\
            from None


@contextmanager
def session(address: str, timeout: float = CONNECT_TIMEOUT) -> Iterator[Any]:
    """A client for the run, closed after it (with the LocalCluster, when ``"local"`` started one)."""
    client = connect(address, timeout)
    try:
        yield client
    finally:
        client.close()
