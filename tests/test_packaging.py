"""The wheel ships rules/ and scoring_profiles/ under the perfscore namespace and runs from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the checkout without build leftovers: a stale ``build/`` would ship packages
    that pyproject.toml no longer (or not yet) lists, and hide the difference."""
    source = tmp_path_factory.mktemp("source") / "perfscore"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                                                 ".pytest_cache", ".benchmarks", ".hypothesis"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)], check=True,
                   capture_output=True)
    return next(out.glob("perfscore-*.whl"))


def test_wheel_contents(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "perfscore/cli.py" in names and "perfscore/engine/jobs/scoring.py" in names
    assert "perfscore/api.py" in names and "perfscore/__main__.py" in names
    packages = {str(p.relative_to(ROOT).parent) for p in (ROOT / "engine").rglob("__init__.py")}
    assert {f"perfscore/{package}/__init__.py" for package in packages} <= names  # every engine package ships
    assert "perfscore/rules/metrics.yaml" in names and "perfscore/scoring_profiles/mof2013.yaml" in names
    tops = {n.split("/")[0] for n in names}
    assert tops <= {"perfscore", next(n.split("/")[0] for n in names if ".dist-info/" in n)}
    assert not any(n.startswith("perfscore/tests/") for n in names)


def test_installed_wheel_scores_from_another_directory(wheel: Path, tmp_path: Path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([sys.executable, "-m", "perfscore.cli", "score", str(EXAMPLES / "hengshan_minzheng_2023.yaml"),
                             "--format", "json"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    assert '"id": "mof2013"' in result.stdout
    as_module = subprocess.run([sys.executable, "-m", "perfscore", "score", str(EXAMPLES / "hengshan_minzheng_2023.yaml"),
                                "--format", "json"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert as_module.returncode == 0 and as_module.stdout == result.stdout, as_module.stderr
    probe = subprocess.run([sys.executable, "-c", "import perfscore; print(perfscore.__file__)"], capture_output=True,
                           text=True, cwd=elsewhere, env=env)
    assert probe.stdout.strip().startswith(str(target))
