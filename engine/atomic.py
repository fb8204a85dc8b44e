"""Atomic output: write to a temporary file (or folder) beside the target, then rename over it."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path in the target's directory; on success it replaces ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temp_path = Path(temp)
    try:
        yield temp_path
        os.replace(temp_path, target)
    finally:
        if temp_path.exists():
            temp_path.unlink()


def write_text(target: str | Path, text: str) -> None:
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8", newline="\n")


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)


@contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a fresh folder beside ``target`` to fill; on success it replaces ``target`` (file or folder) whole."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    try:
        yield temp
        _replace(temp, target)
    finally:
        if temp.exists():
            shutil.rmtree(temp)


def _replace(temp: Path, target: Path) -> None:
    """Move ``temp`` to ``target``; what was there is moved aside first and removed after."""
    if not target.exists():
        os.replace(temp, target)
        return
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
    os.replace(target, old)
    os.replace(temp, target)
    if old.is_dir():
        shutil.rmtree(old)
    else:
        old.unlink()
