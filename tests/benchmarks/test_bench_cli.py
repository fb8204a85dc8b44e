"""Cold start of the one-department path versus the bare interpreter, measured side by side.

Target (issue 2): median wall time of ``perfscore score examples/hengshan_minzheng_2023.yaml
--format json`` at most 20× that of ``python -c pass``. Run with
``python -m pytest tests/benchmarks/test_bench_cli.py --benchmark-enable``.
"""

from __future__ import annotations

import subprocess
import sys

from support import EXAMPLES, ROOT

SCORE = [sys.executable, "-m", "perfscore.cli", "score", str(EXAMPLES / "hengshan_minzheng_2023.yaml"), "--format",
         "json"]


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)


def test_python_pass(benchmark):
    benchmark.group = "cold start"
    benchmark.pedantic(run, args=([sys.executable, "-c", "pass"],), rounds=15, iterations=1)


def test_score_one_department(benchmark):
    benchmark.group = "cold start"
    benchmark.pedantic(run, args=(SCORE,), rounds=15, iterations=1)
