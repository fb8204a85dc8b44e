"""A progress bar on stderr for long batch runs: rows done, rows/s and time left.

Drawn only when the stream is a terminal, not with ``--quiet``, and only once a run
has taken more than ``delay`` seconds, so short runs and pipes stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, quiet: bool = False, delay: float = 1.0,
                 clock=time.monotonic, label: str = "评分", unit: str = "行"):
        self.label, self.unit = label, unit
        self.total = max(total, 0)
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and bool(getattr(self.stream, "isatty", lambda: False)())
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self.done = 0
        self.drawn = False

    def update(self, rows: int) -> None:
        self.done += rows
        if self.enabled and self.clock() - self.start >= self.delay:
            self.stream.write("\r" + self.line())
            self.stream.flush()
            self.drawn = True

    def line(self) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        filled = int(round(share * WIDTH))
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done:,}/{self.total:,} {self.unit} "
                f"{rate:,.0f} {self.unit}/秒 剩余 {int(left) // 60}:{int(left) % 60:02d}")

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
