"""Hostile and careless output paths: no output replaces an input, another output or a non-file; the set of a
run's outputs is committed together (journal, roll forward); temporaries never outlive a run.

Each case runs the command line in its own process (``hostile_support``), bounded in time and memory.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from hostile_support import assert_refused, run_measured, run_python
from support import EXAMPLES

TABLE = EXAMPLES / "departments.csv"
ONE = EXAMPLES / "hengshan_minzheng_2023.yaml"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copy(TABLE, tmp_path / "d.csv")
    shutil.copy(ONE, tmp_path / "one.yaml")
    (tmp_path / "one.json").write_text(json.dumps(yaml.safe_load(ONE.read_text(encoding="utf-8")), ensure_ascii=False),
                                       encoding="utf-8")
    return tmp_path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or "perfscore-commit" in p.name)


def _digest(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize("args, named", [
    (["score", "d.csv", "-o", "d.csv", "-q"], "-o"),
    (["score", "d.csv", "-o", "r.csv", "--breakdown", "d.csv", "-q"], "--breakdown"),
    (["score", "d.csv", "-o", "r.csv", "--rejects", "d.csv", "-q"], "--rejects"),
    (["score", "d.csv", "--format", "json", "-o", "d.csv", "-q"], "-o"),
    (["score", "one.json", "-o", "one.json"], "-o"),
    (["score", "d.csv", "-o", "link.csv", "-q"], "-o"),          # a symlink to the input
    (["score", "d.csv", "-o", "hard.csv", "-q"], "-o"),          # a hard link: same inode
    (["score", "d.csv", "-o", "r.csv", "--profile", "p.yaml", "--breakdown", "p.yaml", "-q"], "--breakdown"),
    (["explain", "p.yaml", "-o", "p.yaml"], "-o"),
])
def test_no_output_replaces_an_input(work: Path, args: list[str], named: str):
    (work / "link.csv").symlink_to("d.csv")
    os.link(work / "d.csv", work / "hard.csv")
    shutil.copy(EXAMPLES.parent / "scoring_profiles" / "mof2013.yaml", work / "p.yaml")
    before = {name: _digest(work / name) for name in ("d.csv", "one.yaml", "one.json", "p.yaml")}
    result = run_measured(*args, cwd=work)
    assert_refused(result, f"{named} 指向输入文件", "拒绝覆盖输入")
    assert {name: _digest(work / name) for name in before} == before
    assert (work / "link.csv").is_symlink()
    assert not (work / "r.csv").exists() and _leftovers(work) == []


@pytest.mark.parametrize("flag", ["--breakdown", "--rejects"])
def test_two_outputs_of_one_run_may_not_share_a_file(work: Path, flag: str):
    result = run_measured("score", "d.csv", "-o", "x.csv", flag, "x.csv", "-q", cwd=work)
    assert_refused(result, f"-o 与 {flag} 指向同一文件")
    assert not (work / "x.csv").exists() and _leftovers(work) == []


def test_fifos_devices_and_folders_are_never_replaced(work: Path):
    os.mkfifo(work / "pipe.csv")
    (work / "folder.csv").mkdir()
    for target, kind in (("pipe.csv", "命名管道"), ("/dev/null", "字符设备"), ("folder.csv", "文件夹")):
        result = run_measured("score", "d.csv", "-o", target, "-q", cwd=work, timeout=20)
        assert_refused(result, f"输出路径是{kind}")
    assert stat.S_ISFIFO(os.lstat(work / "pipe.csv").st_mode) and (work / "folder.csv").is_dir()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    single = run_measured("score", "one.yaml", "-o", "pipe.csv", cwd=work, timeout=20)
    assert_refused(single, "命名管道")


def test_a_symlinked_output_is_written_through(work: Path):
    (work / "shared").mkdir()
    (work / "shared" / "results.csv").write_text("old\n", encoding="utf-8")
    (work / "r.csv").symlink_to(work / "shared" / "results.csv")
    result = run_measured("score", "d.csv", "-o", "r.csv", "-q", cwd=work)
    assert result.returncode == 0, result.stderr
    assert (work / "r.csv").is_symlink()  # the link stays …
    assert (work / "shared" / "results.csv").read_text(encoding="utf-8-sig").startswith("row,")  # … its file is new
    assert _leftovers(work) == [] and _leftovers(work / "shared") == []


def test_rejects_beside_the_input_never_overwrite_a_file_there(work: Path):
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2023,", ",2023.5,", 1)
    (work / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (work / "d.rejects.csv").write_text("the user's own notes\n", encoding="utf-8")
    result = run_measured("score", "d.csv", "-q", cwd=work)
    assert result.returncode == 0, result.stderr
    assert (work / "d.rejects.csv").read_text(encoding="utf-8") == "the user's own notes\n"
    assert "2023.5" in (work / "d.rejects.2.csv").read_text(encoding="utf-8")
    assert "拒绝明细见 d.rejects.2.csv" in result.stderr


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_honour_the_umask(work: Path, umask: int, mode: int):
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2023,", ",-1,", 1)
    (work / "d.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = (f"import os, sys; os.umask({umask:#o}); from perfscore.cli import main; "
            "sys.exit(main(['score', 'd.csv', '-o', 'r.csv', '-q']) or main(['score', 'one.yaml', '-o', 'card.json']) "
            "or main(['score', 'd.csv', '-o', 'w.xlsx', '-q']))")
    result = run_python(["-c", code], cwd=work)
    assert result.returncode == 0, result.stderr
    for name in ("r.csv", "r.breakdown.csv", "r.rejects.csv", "card.json", "w.xlsx"):
        assert stat.S_IMODE(os.stat(work / name).st_mode) == mode, name


def test_a_replaced_output_keeps_its_mode(work: Path):
    (work / "card.json").write_text("{}", encoding="utf-8")
    os.chmod(work / "card.json", 0o640)
    result = run_measured("score", "one.yaml", "-o", "card.json", cwd=work)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(work / "card.json").st_mode) == 0o640
    assert (work / "card.json").read_text(encoding="utf-8").startswith("{\n")


# -- the set of outputs: all or nothing -----------------------------------------------------------------

CRASH_BETWEEN_RENAMES = """
import os, sys
from perfscore.engine import atomic
def crash(done, total):
    if done == {after}:
        os._exit(9)
atomic._between_renames = crash
from perfscore.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _tables(folder: Path) -> None:
    """old.csv and new.csv: the example table with one department's year made fractional — the first in new.csv,
    the second in old.csv — so each of the three outputs (summary, breakdown, rejects) differs between them."""
    for name, index in (("new.csv", 1), ("old.csv", 2)):
        rows = list(csv.reader(TABLE.read_text(encoding="utf-8").splitlines()))
        rows[index][rows[0].index("year")] = "2023.5"
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("after", [1, 2])
def test_a_crash_between_renames_is_rolled_forward_by_the_next_run(work: Path, after: int):
    names = ("r.csv", "r.breakdown.csv", "r.rejects.csv")
    _tables(work)
    assert run_measured("score", "old.csv", "-o", "r.csv", "-q", cwd=work).returncode == 0
    old = {n: _digest(work / n) for n in names}
    (work / "clean").mkdir()
    shutil.copy(work / "new.csv", work / "clean" / "new.csv")
    assert run_measured("score", "new.csv", "-o", "r.csv", "-q", cwd=work / "clean").returncode == 0
    new = {n: _digest(work / "clean" / n) for n in names}
    assert all(new[n] != old[n] for n in names)
    crashed = run_python(["-c", CRASH_BETWEEN_RENAMES.format(after=after), "score", "new.csv", "-o", "r.csv", "-q"],
                         cwd=work)
    assert crashed.returncode == 9
    mixed = {n: _digest(work / n) for n in names}
    assert mixed != old and mixed != new  # cut short between renames …
    assert (work / ".r.csv.perfscore-commit").exists()  # … with the journal saying so
    # The next run naming any of those outputs finishes the set first (here: it then fails on its own input).
    later = run_measured("score", "missing.csv", "-o", "r.csv", "-q", cwd=work)
    assert later.returncode == 2
    assert {n: _digest(work / n) for n in names} == new
    assert _leftovers(work) == []


def test_a_failure_before_the_commit_leaves_the_old_set_and_no_temporaries(work: Path):
    names = ("r.csv", "r.breakdown.csv", "r.rejects.csv")
    _tables(work)
    assert run_measured("score", "old.csv", "-o", "r.csv", "-q", cwd=work).returncode == 0
    old = {n: _digest(work / n) for n in names}
    code = ("import sys\nfrom perfscore.engine.tables import runner\n"
            "def boom(*a, **k):\n    raise OSError(28, 'No space left on device')\n"
            "runner.rejects_bytes = boom\nfrom perfscore.cli import main\nsys.exit(main(sys.argv[1:]))")
    result = run_python(["-c", code, "score", "new.csv", "-o", "r.csv", "-q"], cwd=work)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert {n: _digest(work / n) for n in names} == old
    assert _leftovers(work) == []


def test_stale_temporaries_of_a_killed_run_are_swept_by_the_next(work: Path):
    dead = _dead_pid()
    stale = [work / f".r.csv.{dead}.0badc0de.part", work / ".r.breakdown.csv.k3j4h5g6.part"]
    live = work / f".r.csv.{os.getpid()}.feedbeef.part"  # a run still going (this test's own process)
    other = work / f".unrelated.csv.{dead}.0badc0de.part"
    for path in (*stale, live, other):
        path.write_bytes(b"x" * 1000)
    result = run_measured("score", "d.csv", "-o", "r.csv", "-q", cwd=work)
    assert result.returncode == 0, result.stderr
    assert not any(p.exists() for p in stale)
    assert live.exists() and other.exists()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


SLOW_RUN = """
import sys, time
from perfscore.engine.tables import runner
original = runner.finish_summary
def slow(*args, **kwargs):
    print("scoring", flush=True)
    time.sleep(30)
    return original(*args, **kwargs)
runner.finish_summary = slow
from perfscore.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)])
def test_a_terminated_run_leaves_no_temporaries_and_the_old_outputs(work: Path, signum: int, code: int):
    assert run_measured("score", "d.csv", "-o", "r.csv", "-q", cwd=work).returncode == 0
    old = _digest(work / "r.csv")
    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN, "score", "d.csv", "-o", "r.csv", "-q"], cwd=work,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "scoring"  # the breakdown's temporary exists by now
    assert any(p.name.endswith(".part") for p in work.iterdir())
    started = time.perf_counter()
    process.send_signal(signum)
    _, err = process.communicate(timeout=20)
    assert time.perf_counter() - started < 5
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert _digest(work / "r.csv") == old and _leftovers(work) == []
