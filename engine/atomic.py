"""Safe, atomic output: nothing a run writes ever replaces an input, another output or a non-file.

Every output is first written to a temporary ``.NAME.PID.TOKEN.part`` beside its target,
created like any other new file (mode ``0666`` less the umask; a file it replaces keeps
that file's mode), then renamed over the target.

The rules (``README.md`` → "Limits and safety" states them for users):

* **Inputs and outputs.** A target that is an input of the run (same resolved path, or the
  same inode — a hard link), or another output of the same run, is refused before anything
  is written (:class:`OutputSet`).
* **Non-files.** A target that exists and is not a regular file (a FIFO, a device such as
  ``/dev/null``, a socket, a folder where a file is written) is refused. A **symlink is
  written through**: its final target is replaced (atomically, in that file's folder) and
  the link itself stays; the checks above apply to the file it points to.
* **One run, one set.** Inside :func:`output_set` every write is staged; the set is
  committed at the end: the renames are preceded by a journal (``.NAME.perfscore-commit``,
  beside each target, naming every ``temporary → target`` pair). The journal is the commit
  point: before it nothing is replaced (a failed, killed or interrupted run leaves the old
  set); once it exists the set is completed by whoever comes next — the renames themselves,
  or, after a crash between them, the next run writing any of those outputs (roll forward).
* **Stale companions.** A file an earlier run left where this run would have written one (a
  ``NAME.rejects.csv`` when nothing was rejected this time) is *retired*: removed at the commit,
  with the renames, so old rejects never stand beside new results (:meth:`OutputSet.retire`).
* **No leftovers.** A failing or interrupted run (exception, Ctrl-C, and SIGTERM/SIGHUP,
  which the command line turns into an orderly exit) removes its temporaries; what
  ``kill -9`` leaves is swept by the next run writing the same output (temporaries whose
  process is gone).

May import: ``errors`` (a shared leaf).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import stat
import threading
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import PerfscoreError, Position, Problem

JOURNAL_SUFFIX = ".perfscore-commit"
_KINDS = {stat.S_IFIFO: "命名管道（FIFO）", stat.S_IFCHR: "字符设备", stat.S_IFBLK: "块设备",
          stat.S_IFSOCK: "套接字", stat.S_IFDIR: "文件夹"}
_active: ContextVar["OutputSet | None"] = ContextVar("perfscore_output_set", default=None)
_live: set[Path] = set()  # every temporary of this process not yet renamed or removed
_live_lock = threading.Lock()


def _between_renames(done: int, total: int) -> None:
    """A test hook: called after each rename of a multi-file commit (crash injection)."""


# -- targets ---------------------------------------------------------------------------------------

def resolve_target(target: str | Path, folder: bool = False) -> Path:
    """The file a write to ``target`` replaces: symlinks followed (written through), made absolute;
    refused (exit 2) when it exists and is not a regular file (or, with ``folder``, a folder)."""
    real = Path(os.path.realpath(os.path.abspath(target)))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise PerfscoreError(Problem(Position(str(target)), f"无法检查输出路径：{exc.strerror}",
                                     "应为可写入的输出路径")) from None
    if stat.S_ISREG(mode) or (folder and stat.S_ISDIR(mode)):
        return real
    kind = _KINDS.get(stat.S_IFMT(mode), "特殊文件")
    raise PerfscoreError(Problem(Position(str(target)), f"输出路径是{kind}，不是普通文件，拒绝覆盖",
                                 "应为普通文件或新文件名（输出从不覆盖命名管道、设备或文件夹）"))


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


@dataclass
class _Input:
    name: str
    real: Path
    identity: tuple[int, int] | None


@dataclass
class OutputSet:
    """The outputs of one run: checked against the inputs and each other, staged, committed together."""

    inputs: list[_Input] = field(default_factory=list)
    claimed: dict[Path, str] = field(default_factory=dict)  # resolved target → what named it (-o, --breakdown …)
    staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary, resolved target)
    retired: list[Path] = field(default_factory=list)  # claimed targets removed at the commit

    @classmethod
    def of(cls, inputs: Iterable[str | Path | None] = ()) -> "OutputSet":
        made = cls()
        for name in inputs:
            if name is not None and os.path.exists(name):
                made.inputs.append(_Input(str(name), Path(os.path.realpath(name)), _identity(name)))
        return made

    def claim(self, target: str | Path, role: str = "输出", folder: bool = False) -> Path:
        """Check ``target`` (named by ``role``) and reserve it; return the file it resolves to."""
        real = resolve_target(target, folder)
        identity = _identity(real)
        for source in self.inputs:
            if real == source.real or (identity is not None and identity == source.identity):
                raise PerfscoreError(Problem(Position(str(target)), f"{role} 指向输入文件 {source.name}，"
                                             "拒绝覆盖输入", "应为不同于本次输入文件的输出路径"))
        other = self.claimed.get(real)
        if other is not None and other != role:
            raise PerfscoreError(Problem(Position(str(target)), f"{other} 与 {role} 指向同一文件，"
                                         "一个输出会覆盖另一个", "每个输出应写到不同的路径"))
        if other is None:
            recover(real)
            sweep(real)
        self.claimed[real] = role
        return real

    def stage(self, target: str | Path, folder: bool = False) -> Path:
        """A fresh temporary for ``target``, renamed over it at :meth:`commit`."""
        real = resolve_target(target, folder)
        if real not in self.claimed:
            self.claim(target, folder=folder)
        role = self.claimed[real]
        if any(real == done for _, done in self.staged):
            raise PerfscoreError(Problem(Position(str(target)), f"{role} 在同一次运行中被写入两次",
                                         "每个输出应写到不同的路径"))
        temp = _new_temp(real, folder)
        self.staged.append((temp, real))
        return temp

    def retire(self, target: str | Path) -> bool:
        """Remove ``target`` (a claimed output this run does not write) at :meth:`commit`; whether one is there."""
        real = resolve_target(target)
        if real not in self.claimed:
            self.claim(target)
        if not os.path.lexists(real) or real in self.retired:
            return False
        self.retired.append(real)
        return True

    def unstage(self, temp: Path) -> None:
        self.staged = [(t, r) for t, r in self.staged if t != temp]
        _remove(temp)

    def commit(self) -> None:
        """Rename every staged temporary over its target; with more than one, journalled (see the module)."""
        staged, self.staged = self.staged, []
        retired, self.retired = self.retired, []
        if len(staged) == 1 and not retired:
            _rename(*staged[0])
        elif staged or retired:
            journals = _write_journals(staged, retired)
            for done, (temp, target) in enumerate(staged, 1):
                _rename(temp, target)
                _between_renames(done, len(staged))
            for target in retired:
                target.unlink(missing_ok=True)
            for journal in journals:
                journal.unlink(missing_ok=True)

    def discard(self) -> None:
        staged, self.staged = self.staged, []
        for temp, _ in staged:
            _remove(temp)


@contextmanager
def output_set(inputs: Iterable[str | Path | None] = ()) -> Iterator[OutputSet]:
    """Group a run's writes: every :func:`atomic_path` inside is staged and the set is committed on success
    (discarded on any failure, including KeyboardInterrupt)."""
    outputs = OutputSet.of(inputs)
    token = _active.set(outputs)
    try:
        yield outputs
    except BaseException:
        outputs.discard()
        raise
    finally:
        _active.reset(token)
    outputs.commit()


@contextmanager
def scratch() -> Iterator[None]:
    """Writes inside are no outputs of the run (a private temporary file read back at once): each commits alone."""
    token = _active.set(None)
    try:
        yield
    finally:
        _active.reset(token)


# -- temporaries -------------------------------------------------------------------------------------

def _new_temp(target: Path, folder: bool = False) -> Path:
    """``.NAME.PID.TOKEN.part`` beside ``target``, created like a new file (the umask applies)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
        try:
            if folder:
                os.mkdir(temp, 0o777)
            else:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:  # the folder cannot take a new file: name the output asked for, not our temporary
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        break
    with _live_lock:
        _live.add(temp)
    try:
        mode = os.stat(target).st_mode
        if stat.S_ISREG(mode):
            os.chmod(temp, stat.S_IMODE(mode))  # a replaced file keeps its permissions
    except OSError:
        pass
    return temp


def _remove(temp: Path) -> None:
    with _live_lock:
        _live.discard(temp)
    try:
        if temp.is_dir() and not temp.is_symlink():
            shutil.rmtree(temp)
        else:
            temp.unlink()
    except FileNotFoundError:
        pass


def _rename(temp: Path, target: Path) -> None:
    if temp.is_dir():
        _replace_folder(temp, target)
    else:
        os.replace(temp, target)
    with _live_lock:
        _live.discard(temp)


def remove_temporaries() -> None:
    """Remove every temporary this process still holds (a last resort on exit; writers clean up their own)."""
    with _live_lock:
        left = list(_live)
    for temp in left:
        _remove(temp)


def sweep(target: Path) -> list[Path]:
    """Remove the stale temporaries of ``target``: ``.NAME.PID.TOKEN.part`` whose process is gone (and the
    older ``.NAME.TOKEN.part`` of earlier versions); return what was removed."""
    removed = []
    try:
        candidates = list(target.parent.glob(f".{_glob_escape(target.name)}.*.part"))
    except OSError:
        return removed
    for temp in candidates:
        middle = temp.name[len(target.name) + 2:-len(".part")].split(".")
        if len(middle) == 2 and middle[0].isdigit():
            if _alive(int(middle[0])):
                continue
        elif len(middle) != 1:
            continue
        _remove(temp)
        removed.append(temp)
    return removed


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- the journal ---------------------------------------------------------------------------------------

def _journal(target: Path) -> Path:
    return target.with_name(f".{target.name}{JOURNAL_SUFFIX}")


def _write_journals(staged: list[tuple[Path, Path]], retired: list[Path] = ()) -> list[Path]:
    """The commit point: one journal beside each target, each naming the whole set (written atomically; a
    retired target is named with no temporary, ``[null, target]``)."""
    pairs = [[str(temp), str(target)] for temp, target in staged] + [[None, str(target)] for target in retired]
    text = json.dumps(pairs, ensure_ascii=False)
    journals = []
    for target in [target for _, target in staged] + list(retired):
        journal = _journal(target)
        part = journal.with_name(journal.name + f".{os.getpid()}.part")
        with open(part, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, journal)
        journals.append(journal)
    return journals


def recover(target: Path) -> bool:
    """Finish a set whose commit was cut short (a journal beside ``target``): rename every temporary it names
    that is still there, then drop the journals. Return whether there was one."""
    journal = _journal(target)
    try:
        pairs = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)
        return False
    for temp, done in pairs:
        if temp is None:  # retired
            Path(done).unlink(missing_ok=True)
        elif os.path.lexists(temp):
            _rename(Path(temp), Path(done))
    for _, done in pairs:
        _journal(Path(done)).unlink(missing_ok=True)
    return True


# -- the writers ---------------------------------------------------------------------------------------

@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` — at once, or, inside
    :func:`output_set`, when the set is committed."""
    outputs = _active.get()
    single = outputs is None
    outputs = outputs or OutputSet()
    temp = outputs.stage(target)
    try:
        yield temp
    except OSError as exc:
        outputs.unstage(temp)
        if exc.filename is not None and Path(exc.filename) == temp:  # name the output asked for, not our temporary
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    except BaseException:
        outputs.unstage(temp)
        raise
    if single:
        outputs.commit()


def write_text(target: str | Path, text: str) -> None:
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8", newline="\n")


def retire(target: str | Path) -> bool:
    """Remove ``target``, a stale output of an earlier run: at the commit of the active :func:`output_set`, else
    at once. Returns whether there was one."""
    outputs = _active.get()
    if outputs is not None:
        return outputs.retire(target)
    real = resolve_target(target)
    if not os.path.lexists(real):
        return False
    real.unlink()
    return True


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as temp:
        temp.write_bytes(data)


def free_name(target: str | Path) -> Path:
    """``target`` if nothing is there, else the first free ``NAME.2.EXT``, ``NAME.3.EXT`` … (never overwrite)."""
    target = Path(target)
    number = 1
    candidate = target
    while os.path.lexists(candidate):
        number += 1
        candidate = target.with_name(f"{target.stem}.{number}{target.suffix}")
    return candidate


@contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a fresh folder beside ``target`` to fill; on success it replaces ``target`` (file or folder) whole."""
    outputs = _active.get()
    single = outputs is None
    outputs = outputs or OutputSet()
    temp = outputs.stage(target, folder=True)
    try:
        yield temp
    except OSError as exc:
        outputs.unstage(temp)
        if exc.filename is not None and Path(exc.filename) == temp:  # name the output asked for, not our temporary
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
        raise
    except BaseException:
        outputs.unstage(temp)
        raise
    if single:
        outputs.commit()


def _replace_folder(temp: Path, target: Path) -> None:
    """Move ``temp`` to ``target``; what was there is moved aside first and removed after."""
    if not os.path.lexists(target):
        os.replace(temp, target)
        return
    old = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.old")
    os.replace(target, old)
    os.replace(temp, target)
    if old.is_dir():
        shutil.rmtree(old)
    else:
        old.unlink()
