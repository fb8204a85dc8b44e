"""The ``perfscore`` command line: parses arguments, calls :mod:`perfscore.api`, prints or writes what it returns.

Exit codes: 0 ok; 1 checks found problems (check, test, verify); 2 bad input or usage.

May import: ``perfscore.api`` only (never ``perfscore.engine``): every command is a public API call.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from . import __version__, api
from .api import PerfscoreError, Position, Problem


class UsageError(PerfscoreError):
    pass


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised in the main thread so every writer removes its temporaries on the way out."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated(signum)


def _install_signal_handlers() -> None:
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) == signal.SIG_DFL:
                signal.signal(getattr(signal, name), _terminate)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; keep our one-line error format
        raise UsageError(Problem(Position(self.prog), message, f"see '{self.prog} --help'"))


def _emit(text: str, out: str | None, inputs: tuple[str | None, ...] = ()) -> None:
    if out:
        api.save_text(out, text, inputs=inputs)
    else:
        sys.stdout.write(text)


def _columns(default: int = 100) -> int:
    """The width to render for: ``COLUMNS`` when set (also for a pipe: ``COLUMNS=80 perfscore … | less``), else
    the terminal's, else ``default`` (a file or a pipe)."""
    return shutil.get_terminal_size((default, 24)).columns


def _color() -> bool:
    """Colour 错误/警告 only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _print_notes(notes: list[dict[str, Any]]) -> None:
    """Warnings on stderr, wrapped to the terminal (``COLUMNS``; 80 when it is not a terminal)."""
    columns = _columns(80)
    for note in notes:
        print(api.format_note(note, columns, "perfscore: "), file=sys.stderr)


# -- score ---------------------------------------------------------------------------------------

def cmd_score(args: argparse.Namespace) -> int:
    fmt = api.output_format(args.format, args.output)  # an unsupported -o extension fails before any work
    if args.dask or api.is_table(args.file):
        return score_table(args)
    if fmt in api.FORM_FORMATS and not args.output:
        raise UsageError(Problem(Position("--format"), f"{fmt} 格式不能输出到终端", f"-o FILE.{fmt}"))
    try:
        result = api.score(args.file, args.profile, args.engine)
    except api.IncompleteDataError as exc:
        _print_notes(exc.notes)
        raise
    _print_notes(result.notes)
    if fmt == "xlsx":
        result.to_excel(args.output, evaluator=args.evaluator, date=args.date)
        return 0
    if fmt == "pdf":
        result.to_pdf(args.output, evaluator=args.evaluator, date=args.date)
        return 0
    if fmt == "html":
        result.to_html(args.output, evaluator=args.evaluator, date=args.date)
        return 0
    if fmt == "csv" and args.output:
        api.save_text(args.output, result.render(fmt), args.output_encoding, inputs=(args.file, args.profile))
        return 0
    _emit(result.render(fmt, _columns(), _color() and not args.output), args.output, (args.file, args.profile))
    return 0


def score_table(args: argparse.Namespace) -> int:
    """Many departments, streamed file to file: summary + breakdown, a workbook or scorecards; rejects beside."""
    run = api.score_file(args.file, args.output, profile=args.profile, engine=args.engine, fmt=args.format,
                         breakdown=args.breakdown, rejects=args.rejects, goals=args.goals, encoding=args.encoding,
                         chunk_size=args.chunk_size, reasons=not args.no_reasons,
                         progress=None if args.quiet else sys.stderr, dask=args.dask, evaluator=args.evaluator,
                         date=args.date, header_row=args.header_row, header_rows=args.header_rows, sheet=args.sheet,
                         columns=args.columns, strict_columns=args.strict, output_encoding=args.output_encoding)
    _print_notes(run.notes)
    if args.output is None:
        sys.stdout.write(run.render(_columns()))
    print(run.account(), file=sys.stderr)
    if args.strict and run.rejects:
        raise run.strict_error()
    if run.scored == 0:
        raise run.nothing_scored_error()
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    fmt = api.output_format(args.format, args.output, "table")  # an unsupported -o extension fails before any work
    result = api.diff(args.old, args.new, args.on, engine=args.engine, goals=args.goals, encoding=args.encoding,
                      header_row=args.header_row, header_rows=args.header_rows, sheet=args.sheet,
                      columns=args.columns, strict_columns=args.strict)
    _print_notes(result.notes)
    if args.output:
        for written in result.save(args.output, fmt, args.output_encoding):
            print(f"perfscore: 已写入 {written}", file=sys.stderr)
        return 0
    sys.stdout.write(result.render(fmt, _columns(80)))
    return 0


def cmd_whatif(args: argparse.Namespace) -> int:
    fmt = api.output_format(args.format, args.output)
    if fmt not in api.WHATIF_FORMATS:
        raise UsageError(Problem(Position("--format"), f"whatif 不支持输出格式 {fmt}", "、".join(api.WHATIF_FORMATS)))
    result = api.whatif(args.file, args.profile, args.target, goals=args.goals, encoding=args.encoding,
                        header_row=args.header_row, header_rows=args.header_rows, sheet=args.sheet,
                        columns=args.columns)
    if not result.single:
        print(f"perfscore: 读取 {result.read} 行，分析 {result.analysed} 个部门，拒绝 {result.rejected} 行",
              file=sys.stderr)
    if args.output:
        result.save(args.output, fmt, args.output_encoding)
    else:
        sys.stdout.write(result.render(fmt, _columns(80)))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    for written in api.synth(args.output, args.departments, args.seed, args.years, args.profile):
        print(f"perfscore: 已写入 {written}", file=sys.stderr)
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    written = api.template(args.output, args.profile, args.departments)
    print(f"perfscore: 已写入 {written}", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be ≥ 1")
    return value


# -- validate, test, profiles, explain ------------------------------------------------------------

def cmd_validate(args: argparse.Namespace) -> int:
    report = api.validate(args.paths)
    for problem in report.problems:
        print(f"perfscore: error: {problem}", file=sys.stderr)
    if not report.ok:
        print(f"共 {len(report.problems)} 处问题（检查了 {report.files} 个文件）", file=sys.stderr)
        return 2
    print(f"通过：{report.files} 个文件均有效")
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    failed = False
    for report in api.run_profile_tests(args.paths):
        passed = len(report.outcomes) - len(report.failed)
        for outcome in report.failed:
            print(f"未通过 {report.profile_id}：测试“{outcome.name}”（{outcome.position}）")
            for failure in outcome.failures:
                print(f"  - {failure}")
        for gap in report.uncovered:
            print(f"未覆盖 {report.profile_id}：{gap}")
        status = "全部通过" if report.ok else "未通过"
        print(f"{report.profile_id}：通过 {passed} 个，未通过 {len(report.failed)} 个，"
              f"未覆盖 {len(report.uncovered)} 处 — {status}"
              + (f"（引擎：{'、'.join(report.engines)}）" if report.engines else ""))
        failed |= not report.ok
    return 1 if failed else 0


def cmd_profiles(args: argparse.Namespace) -> int:
    sys.stdout.write(api.render_profiles(api.list_profiles()))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    _emit(api.explain(args.profile, args.format, _columns()), args.output, (args.profile,))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    _emit(api.extraction_yaml(api.extract(Path(args.report))), args.output, (args.report,))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    report = api.verify(args.scorecard, args.profile)
    for line in report.differences:
        print(f"不一致 {line}")
    engines = f"（以 {'、'.join(sorted(report.labels or report.engines))} 引擎重新计算）" if report.engines else "（未重新计算：输入或评分方案校验未通过）"
    if report.ok:
        print(f"复核一致：{report.checked} 个部门、{report.criteria} 项指标{engines}")
        return 0
    print(f"复核不一致：{len(report.differences)} 处差异{engines}", file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    findings = api.check(Path(args.path))
    sys.stdout.write(api.format_findings(findings, args.format))
    return 1 if any(f.severity == "error" for f in findings) else 0


# -- wiring ---------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="perfscore", description="部门整体支出绩效评价评分引擎 — rule-based grading of "
                                                   "department overall expenditure performance.")
    parser.add_argument("--version", action="version", version=f"perfscore {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    score = sub.add_parser("score", help="score one department (YAML/JSON/report) or many (CSV/XLSX/Parquet)")
    score.add_argument("file", help="a department (.yaml/.json), a report (.txt/.docx/.pdf), a table "
                       "(.csv/.xlsx/.parquet) or, with --dask, a Parquet dataset folder")
    score.add_argument("--profile", default="mof2013", help="profile id or path (default: mof2013)")
    score.add_argument("--format", choices=api.FORMATS, help="output format (default: from -o's extension, else table)")
    score.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    score.add_argument("--engine", choices=api.ENGINES, default="vector", help="scoring backend")
    score.add_argument("--goals", help="department goal rows (个性指标) in long form, for a CSV/Parquet table")
    score.add_argument("--breakdown", help="where the long breakdown goes (.csv/.parquet/.jsonl; "
                                           "default: beside -o as NAME.breakdown.EXT)")
    score.add_argument("--rejects", help="where rejected rows are listed (default: beside -o as NAME.rejects.csv)")
    score.add_argument("--strict", action="store_true", help="exit 2 if any row is rejected or any column is unknown")
    score.add_argument("--header-row", type=_positive, metavar="N", help="the header is row N (default: found)")
    score.add_argument("--header-rows", type=int, choices=(1, 2), metavar="K",
                       help="the header spans K rows (1 or 2; default: found)")
    score.add_argument("--sheet", metavar="NAME", help="the workbook's data sheet (default: found by its content)")
    score.add_argument("--columns", metavar="MAP.yaml", help="header → metric label for columns not recognised")
    score.add_argument("--chunk-size", type=_positive, metavar="N", help="stream CSV/Parquet tables N rows at a time")
    score.add_argument("--encoding", help="CSV encoding (default: detect UTF-8 / UTF-8 with BOM / GB18030)")
    score.add_argument("--no-reasons", action="store_true", help="leave the reason text out of the breakdown")
    score.add_argument("--dask", metavar="local|ADDRESS", help="score a Parquet dataset folder on Dask: 'local' (this "
                            "machine's cores) or a scheduler address such as tcp://HOST:8786 (perfscore[dask])")
    score.add_argument("--output-encoding", choices=api.OUTPUT_ENCODINGS, default="utf-8-sig",
                       help="encoding of CSV outputs (default utf-8-sig: UTF-8 with BOM, which Excel opens)")
    score.add_argument("--evaluator", metavar="评价单位", help="the evaluating body printed on the 评分表 (xlsx/pdf)")
    score.add_argument("--date", metavar="YYYY-MM-DD", help="评价日期 printed on the 评分表 (default: blank, "
                                                            "filled in by hand)")
    score.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    score.set_defaults(run=cmd_score)

    diff = sub.add_parser("diff", help="compare two rubrics (and, with --on, the grades they give one table)")
    diff.add_argument("old", help="the old profile: id or path (e.g. git show HEAD~1:scoring_profiles/x.yaml > old.yaml)")
    diff.add_argument("new", help="the new profile: id or path")
    diff.add_argument("--on", metavar="TABLE", help="score this table (.csv/.xlsx/.parquet) with both profiles")
    diff.add_argument("--format", choices=api.DIFF_FORMATS, help="table (Chinese text), json, csv (default: from -o)")
    diff.add_argument("-o", "--output", help="write to this file (atomically); .csv also writes NAME.departments.csv")
    diff.add_argument("--engine", choices=api.ENGINES, default="vector", help="scoring backend for --on")
    diff.add_argument("--goals", help="goal rows (个性指标) for the --on table")
    diff.add_argument("--header-row", type=_positive, metavar="N", help="the --on table's header is row N")
    diff.add_argument("--header-rows", type=int, choices=(1, 2), metavar="K", help="the header spans K rows")
    diff.add_argument("--sheet", metavar="NAME", help="the workbook's data sheet")
    diff.add_argument("--columns", metavar="MAP.yaml", help="header → metric label for columns not recognised")
    diff.add_argument("--strict", action="store_true", help="an unknown column of the --on table is an error")
    diff.add_argument("--encoding", help="CSV encoding of the --on table (default: detect)")
    diff.add_argument("--output-encoding", choices=api.OUTPUT_ENCODINGS, default="utf-8-sig",
                      help="encoding of CSV outputs (default utf-8-sig)")
    diff.set_defaults(run=cmd_diff)

    whatif = sub.add_parser("whatif", help="what it takes to reach the next grade: open points per criterion, "
                            "the smallest change of each input, the fewest changes to the target")
    whatif.add_argument("file", help="a department (.yaml/.json), a report (.txt/.docx/.pdf) or a table "
                        "(.csv/.xlsx/.parquet)")
    whatif.add_argument("--target", metavar="良|优", help="the grade to reach (default: the next better one)")
    whatif.add_argument("--profile", default="mof2013", help="profile id or path (default: mof2013)")
    whatif.add_argument("--format", choices=("table", "json", "csv"),
                        help="output format (default: from -o's extension, else table)")
    whatif.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    whatif.add_argument("--goals", help="department goal rows (个性指标) in long form, for a CSV/Parquet table")
    whatif.add_argument("--encoding", help="CSV input encoding (default: detect)")
    whatif.add_argument("--header-row", type=_positive, metavar="N", help="the header is row N (default: found)")
    whatif.add_argument("--header-rows", type=int, choices=(1, 2), metavar="K", help="the header spans K rows")
    whatif.add_argument("--sheet", metavar="NAME", help="the workbook's data sheet (default: found by its content)")
    whatif.add_argument("--columns", metavar="MAP.yaml", help="header → metric label for columns not recognised")
    whatif.add_argument("--output-encoding", choices=api.OUTPUT_ENCODINGS, default="utf-8-sig",
                        help="CSV output encoding (default: utf-8-sig)")
    whatif.set_defaults(run=cmd_whatif)

    synth = sub.add_parser("synth", help="write a synthetic department table for a profile (same seed, same bytes)")
    synth.add_argument("--departments", type=_positive, required=True, metavar="N")
    synth.add_argument("--seed", type=int, default=0)
    synth.add_argument("--years", type=_positive, default=1, help="consecutive years per department (default 1)")
    synth.add_argument("--profile", default="mof2013")
    synth.add_argument("-o", "--output", required=True, help="FILE.csv, FILE.parquet or FILE.xlsx")
    synth.set_defaults(run=cmd_synth)

    template = sub.add_parser("template", help="write the data-collection workbook (基础数据表) for a profile")
    template.add_argument("--profile", default="mof2013", help="profile id or path (default: mof2013)")
    template.add_argument("--departments", metavar="FILE", help="a CSV/XLSX of 部门名称, 地区, 年度 to pre-fill")
    template.add_argument("-o", "--output", required=True, help="the workbook to write (.xlsx)")
    template.set_defaults(run=cmd_template)

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
    _install_signal_handlers()
    try:
        args = build_parser().parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except PerfscoreError as exc:
        for problem in exc.problems:
            print(f"perfscore: error: {problem}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("perfscore: 已中断（interrupted）", file=sys.stderr)
        return 130
    except Terminated as exc:
        print(f"perfscore: 已终止（signal {exc.signum}），未留下临时文件", file=sys.stderr)
        return 128 + exc.signum
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
