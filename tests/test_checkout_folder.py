"""The suite runs in a checkout whatever its folder is called: a GitHub archive unpacks to
``perfscore-main``, a name with a hyphen, and pytest imports the checkout's ``__init__.py`` under it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from support import ROOT, without_columns

_SKIP = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", "*.egg-info", ".benchmarks", "build", "dist")


def test_the_tests_run_in_a_folder_whose_name_has_a_hyphen(tmp_path: Path):
    checkout = tmp_path / "perfscore-main"
    shutil.copytree(ROOT, checkout, ignore=_SKIP)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_extract_years.py"],
                         cwd=checkout, capture_output=True, text=True, timeout=300, env=without_columns())
    assert run.returncode == 0, run.stdout[-2000:]
    assert " passed" in run.stdout and "error" not in run.stdout.lower()
