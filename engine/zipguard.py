"""Zip bombs: check a .docx/.xlsx package's entries before any reader unpacks them.

A .docx or .xlsx is a zip archive; a 4 MB file can declare (or hide) a 1 GB ``document.xml``.
:func:`check_package` reads only the central directory and then streams every entry through
the decompressor without keeping it, counting what it really yields, so nothing larger than a
64 KB buffer is held and a lying size is caught too. Refused (exit 2, at the file):

* more than :data:`MAX_ENTRIES` entries;
* an entry that declares or yields more than ``max_entry`` bytes, or the package more than
  ``max_total`` bytes unpacked (:data:`DOCX` and :data:`XLSX` say how much);
* an entry bigger than 1 MB that unpacks to more than :data:`MAX_RATIO` times its packed size.

May import: ``errors`` (a shared leaf).
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import PerfscoreError, Position, Problem

MAX_ENTRIES = 10_000
MAX_RATIO = 200  # a text-heavy XML part packs 5–30×; 1 MB of one repeated byte packs ~1,000×
RATIO_FLOOR = 1 << 20  # small entries may pack as well as they like
_CHUNK = 1 << 16


@dataclass(frozen=True)
class PackageLimits:
    max_entry: int
    max_total: int
    what: str


DOCX = PackageLimits(max_entry=64 << 20, max_total=128 << 20, what=".docx 文件")
XLSX = PackageLimits(max_entry=256 << 20, max_total=512 << 20, what=".xlsx 工作簿")


def check_package(path: str | Path, limits: PackageLimits, name: str | None = None) -> None:
    """Raise :class:`PerfscoreError` when the zip package at ``path`` would unpack beyond ``limits``.
    A file that is no zip at all is left to the reader (which says so in its own words)."""
    name = name or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise _refuse(name, limits, f"含 {len(entries):,} 个压缩项（上限 {MAX_ENTRIES:,}）")
        declared = 0
        for info in entries:
            declared += info.file_size
            _check_sizes(name, limits, info, info.file_size, declared)
        total = 0
        for info in entries:
            total += _check_actual(archive, name, limits, info, total)


def _check_sizes(name: str, limits: PackageLimits, info: zipfile.ZipInfo, size: int, total: int) -> None:
    if size > limits.max_entry:
        raise _refuse(name, limits, f"其中 {info.filename} 解压后 {size:,} 字节（单项上限 {limits.max_entry:,}）")
    if total > limits.max_total:
        raise _refuse(name, limits, f"解压后共 {total:,} 字节以上（上限 {limits.max_total:,}）")
    if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
        raise _refuse(name, limits, f"其中 {info.filename} 压缩比 {size / max(info.compress_size, 1):,.0f}:1"
                                    f"（上限 {MAX_RATIO}:1），疑似压缩炸弹")


def _check_actual(archive: zipfile.ZipFile, name: str, limits: PackageLimits, info: zipfile.ZipInfo,
                  before: int) -> int:
    """Stream one entry through the decompressor (nothing kept); its real size, checked as it grows.
    Deflated entries are inflated here directly, so a size field that lies cannot cut the count short."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size  # stored (or exotic, left to the reader): what zipfile reads is bounded by the header
    if info.flag_bits & 0x1:
        return info.file_size  # encrypted: the reader refuses it
    size = 0
    try:
        handle = archive.fp
        assert handle is not None
        handle.seek(info.header_offset)
        header = handle.read(30)
        skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
        handle.seek(info.header_offset + 30 + skip)
        inflater = zlib.decompressobj(-15)
        left = info.compress_size
        while left > 0 and not inflater.eof:
            block = handle.read(min(_CHUNK, left))
            if not block:
                break
            left -= len(block)
            data = inflater.decompress(block, _CHUNK)
            size += len(data)
            while inflater.unconsumed_tail and not inflater.eof:
                data = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                size += len(data)
                _check_sizes(name, limits, info, size, before + size)
            _check_sizes(name, limits, info, size, before + size)
    except (zlib.error, OSError):
        return size  # a damaged entry: the reader reports it
    return size


def _refuse(name: str, limits: PackageLimits, why: str) -> PerfscoreError:
    return PerfscoreError(Problem(Position(name), f"{limits.what}解压后过大：{why}",
                                  f"解压后不超过 {limits.max_total >> 20} MB 的文件"))
