"""The ``perfscore`` command line: parses arguments, calls the engine, prints or writes the result.

Exit codes: 0 ok; 1 checks found problems (check, test, verify); 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .engine.errors import PerfscoreError, Position, Problem

FORMATS = ("table", "json", "jsonl", "csv", "xlsx", "md", "parquet")
EXTENSION_FORMATS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".xlsx": "xlsx", ".md": "md", ".parquet": "parquet",
                     ".txt": "table"}


class UsageError(PerfscoreError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep our one-line error format
        raise UsageError(Problem(Position(self.prog), message, f"see '{self.prog} --help'"))


def _output_format(fmt: str | None, out: str | None, default: str) -> str:
    if fmt:
        return fmt
    if out:
        suffix = Path(out).suffix.lower()
        if suffix in EXTENSION_FORMATS:
            return EXTENSION_FORMATS[suffix]
    return default


def _emit(text: str, out: str | None) -> None:
    if out:
        from .engine.atomic import write_text

        write_text(out, text)
    else:
        sys.stdout.write(text)


# -- score ---------------------------------------------------------------------------------------

def cmd_score(args: argparse.Namespace) -> int:
    from .engine.jobs import scoring as api

    path = Path(args.file)
    plan = api.compile_reference(args.profile)
    if path.suffix.lower() in api.TABLE_SUFFIXES:
        return score_table(args, path, plan)
    if path.suffix.lower() in api.REPORT_SUFFIXES:
        from .engine.reports.scoring import batch_from_report

        batch = batch_from_report(path, plan)
    else:
        batch = api.read_metrics(path, plan)
    scored = api.score_batch(plan, batch, args.engine)
    errors = scored.results.error_rows()
    cards = api.scorecards(scored)
    if batch.annotations:
        from .engine.render.text import SEVERITY_ZH

        for flag in batch.annotations[0]["flags"]:
            print(f"perfscore: [{SEVERITY_ZH[flag['severity']]}] {flag['message']}", file=sys.stderr)
    single = path.suffix.lower() in api.SINGLE_SUFFIXES + api.REPORT_SUFFIXES
    if single and errors.any():
        messages = [f["message"] for f in cards[0]["flags"] if f["severity"] == "error"]
        raise PerfscoreError([Problem(Position(str(path)), m, "complete data for criteria whose missing policy is 'error'")
                              for m in messages])
    fmt = _output_format(args.format, args.output, "table")
    if fmt == "xlsx":
        if not args.output:
            raise UsageError(Problem(Position("--format"), "xlsx cannot be written to the terminal", "-o FILE.xlsx"))
        from .engine.render.xlsx import write_workbook

        write_workbook(cards, plan, args.output)
        return 0
    _emit(render_cards(cards, fmt, single), args.output)
    return 0


def score_table(args: argparse.Namespace, path: Path, plan: Any) -> int:
    """Many departments: summary + breakdown (csv/parquet), a workbook (xlsx) or scorecards; rejects beside."""
    from .engine.jobs import scoring as api
    from .engine.tables import runner as batch

    fmt = _output_format(args.format, args.output, "table")
    output = Path(args.output) if args.output else None
    if output is None and fmt in ("xlsx", "parquet"):
        raise UsageError(Problem(Position("--format"), f"{fmt} cannot be written to the terminal", f"-o FILE.{fmt}"))
    options = batch.BatchOptions(fmt, output, Path(args.breakdown) if args.breakdown else None,
                                 Path(args.rejects) if args.rejects else None, Path(args.goals) if args.goals else None,
                                 args.encoding, args.chunk_size, not args.no_reasons, args.quiet)
    from .engine.render.progress import Progress

    outcome = batch.run(path, plan, options, lambda total: Progress(total, sys.stderr, args.quiet),
                        api.backend(args.engine))
    if fmt in batch.SUMMARY_FORMATS:
        if output is None:  # a file output is written by the batch run itself
            from .engine.tables.csv_fast import to_csv_text

            sys.stdout.write(to_csv_text(outcome.summary))
    elif fmt == "xlsx":
        from .engine.render.xlsx import write_workbook

        write_workbook(outcome.cards, plan, output)
    else:
        _emit(render_cards(outcome.cards, fmt, False), args.output)
    target = batch.write_rejects(path, outcome, options)
    print(outcome.account() + (f"；拒绝明细见 {target}" if outcome.rejects and target else ""), file=sys.stderr)
    if args.strict and outcome.rejects:
        raise batch.strict_failure(path, outcome)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from .engine.jobs import scoring as api
    from .engine.tables.synth import SynthSpec, write_synthetic

    plan = api.compile_reference(args.profile)
    for written in write_synthetic(plan, SynthSpec(args.departments, args.seed, args.years), Path(args.output)):
        print(f"perfscore: 已写入 {written}", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be ≥ 1")
    return value


def render_cards(cards: list[dict[str, Any]], fmt: str, single: bool) -> str:
    from .engine.render import data as render_data
    from .engine.render import text as render_text

    if fmt == "json":
        return render_data.to_json(cards, single)
    if fmt == "jsonl":
        return render_data.to_jsonl(cards)
    if fmt == "csv":
        return render_data.to_csv(cards)
    if fmt == "md":
        return "\n".join(render_text.render_markdown(card) for card in cards)
    columns = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return "\n".join(render_text.render_table(card, columns) for card in cards)


# -- validate, test, profiles, explain ------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    from .engine.jobs.validation import validate_paths

    problems, count = validate_paths(args.paths)
    for problem in problems:
        print(f"perfscore: error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {count} file(s)", file=sys.stderr)
        return 2
    print(f"ok: {count} file(s) valid")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    from .engine.rubric.plan import compile_profile
    from .engine.jobs.profile_tests import run_profile_tests
    from .engine.rubric.profiles import available_profiles, load_profile

    references = args.paths or list(available_profiles())
    failed = False
    for reference in references:
        plan = compile_profile(load_profile(reference))
        report = run_profile_tests(plan)
        passed = len(report.outcomes) - len(report.failed)
        for outcome in report.failed:
            print(f"FAIL {report.profile_id}: {outcome.name} ({outcome.position})")
            for failure in outcome.failures:
                print(f"  - {failure}")
        for gap in report.uncovered:
            print(f"UNCOVERED {report.profile_id}: {gap}")
        status = "ok" if report.ok else "FAILED"
        print(f"{report.profile_id}: {passed} passed, {len(report.failed)} failed, "
              f"{len(report.uncovered)} uncovered — {status}")
        failed |= not report.ok
    return 1 if failed else 0


def cmd_profiles(args: argparse.Namespace) -> int:
    from .engine.rubric.profiles import available_profiles, load_profile
    from .engine.render.textwidth import pad, width

    rows = []
    for profile_id in available_profiles():
        profile = load_profile(profile_id)
        rows.append((profile.id, profile.version, profile.name, f"extends {profile.extends}" if profile.extends else ""))
    widths = [max(width(r[k]) for r in rows) for k in range(3)]
    for row in rows:
        print("  ".join(pad(row[k], widths[k]) for k in range(3)) + ("  " + row[3] if row[3] else ""))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .engine.render.explain_profile import explain_profile

    _emit(explain_profile(args.profile, args.format), args.output)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from .engine.jobs.extract_check import run_extract

    return run_extract(args.report, args.output)


def cmd_verify(args: argparse.Namespace) -> int:
    from .engine.jobs.verify import verify_file

    report = verify_file(Path(args.scorecard), args.profile)
    for line in report.differences:
        print(f"不一致 {line}")
    engines = f"（以 {'、'.join(sorted(report.engines))} 引擎重新计算）" if report.engines else "（未重新计算：输入或评分方案校验未通过）"
    if report.ok:
        print(f"复核一致：{report.checked} 个部门、{report.criteria} 项指标{engines}")
        return 0
    print(f"复核不一致：{len(report.differences)} 处差异{engines}", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    from .engine.jobs.extract_check import run_check

    return run_check(args.path, args.format)


# -- wiring ---------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="perfscore", description="部门整体支出绩效评价评分引擎 — rule-based grading of "
                                                   "department overall expenditure performance.")
    parser.add_argument("--version", action="version", version=f"perfscore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    score = sub.add_parser("score", help="score one department (YAML/JSON/report) or many (CSV/XLSX/Parquet)")
    score.add_argument("file")
    score.add_argument("--profile", default="mof2013", help="profile id or path (default: mof2013)")
    score.add_argument("--format", choices=FORMATS, help="output format (default: from -o's extension, else table)")
    score.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    score.add_argument("--engine", choices=("vector", "rete"), default="vector", help="scoring backend")
    score.add_argument("--goals", help="department goal rows (个性指标) in long form, for a CSV/Parquet table")
    score.add_argument("--breakdown", help="where the long breakdown goes (.csv/.parquet/.jsonl; "
                                           "default: beside -o as NAME.breakdown.EXT)")
    score.add_argument("--rejects", help="where rejected rows are listed (default: beside -o as NAME.rejects.csv)")
    score.add_argument("--strict", action="store_true", help="exit 2 if any row is rejected")
    score.add_argument("--chunk-size", type=_positive, metavar="N", help="stream CSV/Parquet tables N rows at a time")
    score.add_argument("--encoding", help="CSV encoding (default: detect UTF-8 / UTF-8 with BOM / GB18030)")
    score.add_argument("--no-reasons", action="store_true", help="leave the reason text out of the breakdown")
    score.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    score.set_defaults(run=cmd_score)

    synth = sub.add_parser("synth", help="write a synthetic department table for a profile (same seed, same bytes)")
    synth.add_argument("--departments", type=_positive, required=True, metavar="N")
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--years", type=_positive, default=1, help="consecutive years per department (default 1)")
    synth.add_argument("--profile", default="mof2013")
    synth.add_argument("-o", "--output", required=True, help="FILE.csv, FILE.parquet or FILE.xlsx")
    synth.set_defaults(run=cmd_synth)

    validate = sub.add_parser("validate", help="validate rule and profile files (default: everything shipped)")
    validate.add_argument("paths", nargs="*")
    validate.set_defaults(run=cmd_validate)

    test = sub.add_parser("test", help="run profiles' tests: and report untested branches and edges")
    test.add_argument("paths", nargs="*", help="profile ids or paths (default: every shipped profile)")
    test.set_defaults(run=cmd_test)

    profiles = sub.add_parser("profiles", help="list the shipped scoring profiles")
    profiles.set_defaults(run=cmd_profiles)

    explain = sub.add_parser("explain", help="print the effective rubric: 指标、分值、评分标准")
    explain.add_argument("profile")
    explain.add_argument("--format", choices=("table", "md"), default="table")
    explain.add_argument("-o", "--output")
    explain.set_defaults(run=cmd_explain)

    extract = sub.add_parser("extract", help="extract metrics, with provenance, from a report (txt/docx/pdf)")
    extract.add_argument("report")
    extract.add_argument("-o", "--output")
    extract.set_defaults(run=cmd_extract)

    verify = sub.add_parser("verify", help="re-perform a saved JSON scorecard with the other engine and compare")
    verify.add_argument("scorecard", help="a scorecard from 'perfscore score --format json' (or .jsonl)")
    verify.add_argument("--profile", help="profile id or path to load (default: the scorecard's profile id)")
    verify.set_defaults(run=cmd_verify)

    check = sub.add_parser("check", help="consistency checks (勾稽) on a report or a metrics file")
    check.add_argument("path")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except PerfscoreError as exc:
        for problem in exc.problems:
            print(f"perfscore: error: {problem}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("perfscore: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file that cannot be read or written (a directory, no permission, disk full)
        where = exc.filename2 or exc.filename or ""  # a rename names its target second
        print(f"perfscore: error: {where}: 无法读写文件：{exc.strerror or exc}; "
              "a readable input and a writable output path", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
