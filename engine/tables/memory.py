"""Hand freed memory back to the operating system between the phases of a big batch run.

Reading a table's keys and goal rows leaves hundreds of MB of freed but still mapped heap
(glibc's malloc and Arrow's pool keep it for reuse); a streamed million-row run would carry
it to the end. Both are asked to return what they hold unused. Elsewhere a no-op.
"""

from __future__ import annotations

import ctypes
import sys


def release_free_memory() -> None:
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:  # pragma: no cover - an old pyarrow without release_unused
        pass
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # musl or another libc: nothing to do
            pass
