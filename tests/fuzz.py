"""An on-demand, seeded fuzz run over every hostile-input family (not part of the test suite).

    python -m tests.fuzz --minutes 5 [--seed 1] [--keep DIR]

Families, taken in turn until the time is up: formulas, rubric (profile) files, metrics files,
tables, ``extends:`` references and output paths. Each case is made from the shipped examples by
seeded mutations (deleted, doubled and swapped lines; random characters and bytes; aliases, deep
nesting, huge numbers, tags, NUL; odd cells and years; symlinks, FIFOs, hard links) and run through
the public API in this process. A failure is any exception other than :class:`PerfscoreError`
(a traceback for a user), a case over 5 s of CPU (or 30 s in all), an input changed by a run, or a
refusal that echoes a file outside its root. The report lists the cases tried per family and each failure with the seed
and case number that reproduce it (``--seed S --only FAMILY --case N``); ``--keep`` saves the inputs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PROFILE = ROOT / "scoring_profiles" / "mof2013.yaml"
CASE_SECONDS = 5.0  # of CPU, as the hostile suite holds its cases (wall time on a shared machine says little)
CASE_WALL_SECONDS = 30.0  # a case waiting on something (a FIFO, a lock) uses no CPU: caught by the clock
SECRET = "fuzz-secret-marker"

FORMULA_PIECES = ["staff_actual", "final_total", "budget_total", "1", "0", "2.5", "1e308", "-", "+", "*", "/",
                  "(", ")", "(", ")", ",", "min(", "max(", "abs(", "round(", "coalesce(", "if(", "exists(",
                  "days_between(", "and", "or", "not", "<", "<=", "==", "!=", ">", "'x'", '"y"', "true", "false",
                  "a.b", "年", "\x00", "@", "**", "[", "]", "9" * 400, " "]
YAML_SNIPPETS = ["&a [1, 2, 3]", "*a", "!!set {a, b}", "!!binary aGVsbG8=", "!!python/object:os.system x",
                 "null: 1", "true: 2", "? [a]\n: 1", "[" * 80 + "]" * 80, "9" * 6000, '"a\\0b"', "{a: *b}",
                 ".inf", "-.inf", ".nan", "~", "'''", "\t", "\ufeff", "<<: *a", "- - - -", "\\x00"]
CELLS = ["", " ", "-", "abc", "1e400", "-1e400", "nan", "inf", "9" * 5000, "0.57万元", "1,234.5", "２０２３",
         "=HYPERLINK(\"http://x\",\"y\")", "\"", "\"\"\"", "\n", "\r", "2023.5", "-1", "99999", "1.58亿元", "50%",
         "2024-02-30", "１２３", "\x00", "✓", "是", "否", ",,,", "0x10"]


class Fuzzer:
    def __init__(self, seed: int, keep: Path | None):
        self.seed, self.keep = seed, keep
        self.tried: dict[str, int] = {}
        self.failures: list[str] = []
        self.work = Path(tempfile.mkdtemp(prefix="perfscore-fuzz-"))

    # -- the loop ------------------------------------------------------------------------------------------

    def families(self) -> dict[str, Callable[[random.Random, Path], None]]:
        return {"formula": self.formula, "profile": self.profile, "metrics": self.metrics, "table": self.table,
                "extends": self.extends, "output": self.output}

    def run(self, minutes: float, only: str | None = None, case: int | None = None) -> int:
        import perfscore  # noqa: F401 - imported before the clock starts

        families = self.families()
        names = [only] if only else list(families)
        deadline = time.monotonic() + minutes * 60
        number = 0 if case is None else case
        while time.monotonic() < deadline:
            for name in names:
                self.one(name, families[name], number)
                if case is not None:
                    return self.report()
            number += 1
        return self.report()

    def one(self, name: str, make: Callable[[random.Random, Path], None], number: int) -> None:
        from perfscore.engine.errors import PerfscoreError

        rng = random.Random(f"{self.seed}:{name}:{number}")
        folder = self.work / f"{name}-{number}"
        folder.mkdir()
        started, cpu = time.monotonic(), time.process_time()
        try:
            make(rng, folder)
        except PerfscoreError:
            pass
        except Exception as exc:  # noqa: BLE001 - a traceback a user would see is what we hunt
            self.fail(name, number, f"{type(exc).__name__}: {exc}"[:300], traceback.format_exc(limit=4), folder)
        elapsed, spent = time.monotonic() - started, time.process_time() - cpu
        if spent > CASE_SECONDS or elapsed > CASE_WALL_SECONDS:
            self.fail(name, number, f"took {spent:.1f} s of CPU, {elapsed:.1f} s in all", "", folder)
        self.tried[name] = self.tried.get(name, 0) + 1
        if not self.keep or not any(f.startswith(f"{name} #{number}:") for f in self.failures):
            shutil.rmtree(folder, ignore_errors=True)

    def fail(self, name: str, number: int, what: str, detail: str, folder: Path) -> None:
        self.failures.append(f"{name} #{number}: {what}\n{detail}")
        if self.keep:
            shutil.copytree(folder, self.keep / f"{name}-{number}", symlinks=True, dirs_exist_ok=True,
                            ignore=lambda where, names: [n for n in names if not os.path.isdir(os.path.join(
                                where, n)) and not os.path.isfile(os.path.join(where, n))
                                and not os.path.islink(os.path.join(where, n))])

    def report(self) -> int:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        total = sum(self.tried.values())
        print(f"fuzz seed {self.seed}: {total} cases tried "
              f"({', '.join(f'{k} {v}' for k, v in self.tried.items())}); {len(self.failures)} failures; "
              f"peak memory {peak:.0f} MB")
        for failure in self.failures:
            print("FAIL " + failure)
        shutil.rmtree(self.work, ignore_errors=True)
        return 1 if self.failures else 0

    # -- families --------------------------------------------------------------------------------------------

    def formula(self, rng: random.Random, folder: Path) -> None:
        from perfscore.engine.errors import ExpressionError
        from perfscore.engine.rubric import expr

        count = rng.choice([1, 3, 10, 50, 300, 3000])
        text = "".join(rng.choice(FORMULA_PIECES) + rng.choice(["", " "]) for _ in range(count))
        if rng.random() < 0.3:
            depth = rng.choice([39, 40, 41, 100, 300])
            text = rng.choice(["(", "min(", "-", "not "]) * depth + "staff_actual" + \
                rng.choice([")", ", 1)", "", ""]) * depth
        try:
            tree = expr.parse(text)
        except ExpressionError:
            return
        expr.to_text(expr.substitute(tree, {"staff_actual": 1.0}))
        expr.names(tree)

    def profile(self, rng: random.Random, folder: Path) -> None:
        import perfscore

        path = folder / "p.yaml"
        path.write_text(mutate_lines(rng, PROFILE.read_text(encoding="utf-8"), YAML_SNIPPETS), encoding="utf-8")
        perfscore.validate([path])
        perfscore.load_profile(path)

    def metrics(self, rng: random.Random, folder: Path) -> None:
        import perfscore

        source = EXAMPLES / rng.choice(["hengshan_minzheng_2023.yaml", "demo_full_department.yaml"])
        suffix = rng.choice([".yaml", ".json"])
        path = folder / f"m{suffix}"
        if suffix == ".json" and rng.random() < 0.5:
            depth = rng.choice([10, 63, 65, 300, 5000, 200_000])
            path.write_text('{"final_total": 1, "x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
        else:
            path.write_text(mutate_lines(rng, source.read_text(encoding="utf-8"), YAML_SNIPPETS + CELLS),
                            encoding="utf-8")
        perfscore.score(path)

    def table(self, rng: random.Random, folder: Path) -> None:
        import perfscore

        lines = (EXAMPLES / "departments.csv").read_text(encoding="utf-8").splitlines()
        for _ in range(rng.randint(1, 6)):
            row = rng.randrange(len(lines))
            cells = lines[row].split(",")
            cells[rng.randrange(len(cells))] = rng.choice(CELLS).replace(",", "，")
            if rng.random() < 0.1:
                cells.append("extra")
            lines[row] = ",".join(cells)
        if rng.random() < 0.1:
            lines = lines[:1]
        path = folder / "t.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = perfscore.score_file(path, folder / "r.csv", chunk_size=rng.choice([None, 1, 3]), progress=None)
        rejected = len({r.row for r in run.rejects if r.table == "metrics"})
        if run.read != run.scored + rejected:
            raise AssertionError(f"rows unaccounted: read {run.read} ≠ scored {run.scored} + rejected {rejected}")

    def extends(self, rng: random.Random, folder: Path) -> None:
        import perfscore
        from perfscore.engine.errors import PerfscoreError

        (folder / "root" / "team").mkdir(parents=True)
        (folder / "outside.yaml").write_text(f"id: o\n{SECRET}: 1\n", encoding="utf-8")
        (folder / "root" / "base.yaml").write_text(PROFILE.read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "root" / "link.yaml").symlink_to(folder / "outside.yaml")
        (folder / "root" / "inside_link.yaml").symlink_to(folder / "root" / "base.yaml")
        os.mkfifo(folder / "root" / "pipe.yaml")
        parts = ["..", ".", "base", "base.yaml", "link", "link.yaml", "inside_link", "pipe.yaml", "team", "outside",
                 "outside.yaml", "/etc/passwd", "/proc/self/environ", "mof2013", "yueyang2018", "", "~", "\\0", "%s"]
        reference = "/".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))
        child = folder / "root" / rng.choice(["child.yaml", "team/child.yaml"])
        child.write_text(f"id: child\nname: 子\nversion: '1'\nextends: {reference!r}\n", encoding="utf-8")
        try:
            perfscore.validate([child])
            perfscore.load_profile(child)
        except PerfscoreError as exc:
            if SECRET in str(exc):
                raise AssertionError(f"a refusal echoes a file outside its root: {reference!r}") from None

    def output(self, rng: random.Random, folder: Path) -> None:
        import perfscore

        table = folder / "d.csv"
        shutil.copy(EXAMPLES / "departments.csv", table)
        one = folder / "one.yaml"
        shutil.copy(EXAMPLES / "hengshan_minzheng_2023.yaml", one)
        (folder / "link.csv").symlink_to(table)
        os.link(table, folder / "hard.csv")
        os.mkfifo(folder / "pipe.csv")
        (folder / "dir.csv").mkdir()
        before = {table: table.read_bytes(), one: one.read_bytes()}
        names = ["d.csv", "link.csv", "hard.csv", "pipe.csv", "dir.csv", "r.csv", "r.csv", "x.parquet", "w.xlsx",
                 "one.yaml", "/dev/null", "new/sub/r.csv", "r.json"]
        pick = lambda: str(folder / rng.choice(names)) if rng.random() < 0.9 else "/dev/null"  # noqa: E731
        if rng.random() < 0.7:
            source = table
            perfscore.score_file(table, pick(), breakdown=pick() if rng.random() < 0.4 else None,
                                 rejects=pick() if rng.random() < 0.4 else None, progress=None)
        else:
            source = one
            result = perfscore.score(one)
            rng.choice([result.to_json, result.to_excel, result.to_csv])(pick())
        if source.read_bytes() != before[source]:  # (the other file is no input of this run: it may be replaced)
            raise AssertionError(f"the run's input {source.name} was changed")
        leftovers = [p.name for p in folder.rglob("*") if p.name.endswith(".part")]
        if leftovers:
            raise AssertionError(f"temporaries left: {leftovers}")


def mutate_lines(rng: random.Random, text: str, snippets: list[str]) -> str:
    """Seeded edits of ``text``: lines deleted, doubled, swapped, cut, or given a hostile snippet."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 8)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        action = rng.randrange(6)
        if action == 0:
            del lines[i]
        elif action == 1:
            lines.insert(i, lines[i])
        elif action == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == 3:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif action == 4:
            head, _, _ = lines[i].partition(":")
            lines[i] = f"{head}: {rng.choice(snippets)}"
        else:
            lines.insert(i, rng.choice(snippets))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["formula", "profile", "metrics", "table", "extends", "output"])
    parser.add_argument("--case", type=int, help="run only this case number (with --only)")
    parser.add_argument("--keep", type=Path, help="copy the inputs of failing cases here")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    sys.setrecursionlimit(1000)  # the default: a case may not pass by a deeper stack than a user's
    return Fuzzer(args.seed, args.keep).run(args.minutes, args.only, args.case)


if __name__ == "__main__":
    sys.exit(main())
