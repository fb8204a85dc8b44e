"""Run a hostile case in its own process and measure it: exit code, stderr, wall seconds, peak memory.

Every hostile case must end within :data:`SECONDS` and :data:`MEGABYTES` (the issue's bound on this
machine) with a one-line Chinese error at a position and exit 2; :func:`assert_refused` checks all of it.
The peak memory is the child's own high-water mark (see :data:`LAUNCHER`), not the test runner's; the time includes
the interpreter's start and imports (~1 s here), so the cases are held to the bound with that included.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SECONDS = 5.0
WALL_SECONDS = 30.0
MEGABYTES = 1024
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float
    cpu_seconds: float = 0.0


# The child writes its own peak resident memory (VmHWM: this process image's high-water mark) when it exits.
# ``ru_maxrss`` from wait4 would not do: Linux carries the parent's peak across fork and exec, so a child of a
# test runner that once held 4 GB would report 4 GB.
LAUNCHER = """
import atexit, os, runpy, sys
def peak():
    try:
        with open("/proc/self/status") as status:
            kb = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    except OSError:
        return
    with open(os.environ["HOSTILE_PEAK_FILE"], "w") as out:
        out.write(kb)
atexit.register(peak)
sys.argv = ["perfscore", *sys.argv[1:]]
runpy.run_module("perfscore.cli", run_name="__main__", alter_sys=True)
"""


def run_measured(*args: object, cwd: Path | None = None, timeout: float = 60, env: dict | None = None) -> Measured:
    """``perfscore ARGS`` in a fresh interpreter; killed (and failed) past ``timeout``."""
    with tempfile.TemporaryDirectory() as folder:
        peak_file = Path(folder) / "peak"
        environment = {**(env or os.environ), "HOSTILE_PEAK_FILE": str(peak_file)}
        result = run_python(["-c", LAUNCHER, *map(str, args)], cwd=cwd, timeout=timeout, env=environment)
        if peak_file.exists():
            result.megabytes = int(peak_file.read_text()) / 1024
        return result


def run_python(argv: list[str], cwd: Path | None = None, timeout: float = 60, env: dict | None = None) -> Measured:
    """Output goes to temporary files (no pipe to drain); the child is reaped with ``os.wait4``, which gives its
    CPU time (and a peak memory that may include the parent's: see :data:`LAUNCHER`)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, open(os.devnull, "rb") as stdin:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, *argv], stdin=stdin, stdout=out, stderr=err, cwd=cwd, env=env)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                raise AssertionError(f"still running after {timeout} s: {argv}")
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(process.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024,
                        usage.ru_utime + usage.ru_stime)


def assert_refused(result: Measured, *fragments: str, position: str | None = None) -> None:
    """Exit 2, one ``perfscore: error:`` line with Chinese in it (and each fragment), no traceback, in bounds."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "perfscore: error: " in result.stderr and CHINESE.search(result.stderr), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    if position is not None:
        assert re.search(rf"perfscore: error: {re.escape(position)}", result.stderr), result.stderr
    assert_bounded(result)


def assert_bounded(result: Measured) -> None:
    """Under :data:`SECONDS` of the child's own CPU time (wall time on a machine shared by busy jobs says more
    about the neighbours than about the case), never more than :data:`WALL_SECONDS` on the clock, and under
    :data:`MEGABYTES` of peak resident memory."""
    assert result.cpu_seconds < SECONDS, f"{result.cpu_seconds:.1f} s of CPU"
    assert result.seconds < WALL_SECONDS, f"{result.seconds:.1f} s"
    assert result.megabytes < MEGABYTES, f"{result.megabytes:.0f} MB"
