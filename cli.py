"""The ``perfscore`` command line: parses arguments, calls :mod:`perfscore.api`, prints or writes what it returns.

Exit codes: 0 ok; 1 checks found problems (check, test, verify); 2 bad input or usage.

May import: ``perfscore.api`` and ``perfscore.cli_parser`` (never ``perfscore.engine``): every command is a public API
call.
"""

from __future__ import annotations

import argparse
import errno
import os
import shutil
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from . import __version__, api
from .api import PerfscoreError, Position, Problem
from .cli_parser import Parser, UsageError, positive


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
                         columns=args.columns, strict_columns=args.strict, output_encoding=args.output_encoding,
                         echo=sys.stdout, width=_columns())
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
        columns = _columns(80)
        for outcome in report.failed:
            print(api.fit(f"未通过 {report.profile_id}：测试“{outcome.name}”（{outcome.position}）", columns))
            for failure in outcome.failures:
                print(api.fit(f"  - {failure}", columns))
        for gap in report.uncovered:
            print(api.fit(f"未覆盖 {report.profile_id}：{gap}", columns))
        status = "全部通过" if report.ok else "未通过"
        agreed = "两个引擎结果一致：" if len(report.labels) > 1 and report.ok else "引擎："
        print(api.fit(f"{report.profile_id}：通过 {passed} 个，未通过 {len(report.failed)} 个，"
                      f"未覆盖 {len(report.uncovered)} 处 — {status}"
                      + (f"（{agreed}{'、'.join(report.labels)}）" if report.labels else ""), columns))
        failed |= not report.ok
    return 1 if failed else 0


def cmd_profiles(args: argparse.Namespace) -> int:
    sys.stdout.write(api.render_profiles(api.list_profiles(), _columns(80)))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    _emit(api.explain(args.profile, args.format, _columns()), args.output, (args.profile,))
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    extraction = api.extract(Path(args.report))
    _print_notes([{"severity": "warning", "message": note} for note in extraction.notes])
    _emit(api.extraction_yaml(extraction), args.output, (args.report,))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    report = api.verify(args.scorecard, args.profile)
    for line in report.differences:
        print(api.fit(f"不一致 {line}", _columns(80)))
    engines = f"（以{'、'.join(sorted(report.labels))}重新计算）" if report.engines else "（未重新计算：输入或评分方案校验未通过）"
    if report.ok:
        print(api.fit(f"复核一致：{report.checked} 个部门、{report.criteria} 项指标{engines}", _columns(80)))
        return 0
    print(api.fit(f"复核不一致：{len(report.differences)} 处差异{engines}", _columns(80)), file=sys.stderr)
    return 1


def cmd_check(args: argparse.Namespace) -> int:
    findings = api.check(Path(args.path))
    sys.stdout.write(api.format_findings(findings, args.format, _columns(80)))
    return 1 if any(f.severity == "error" for f in findings) else 0


# -- wiring ---------------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="perfscore", description="部门整体支出绩效评价评分引擎：按评分方案给部门打分、定等级，"
                                                  "并说明每一分的理由（rule-based grading of department overall "
                                                  "expenditure performance）。")
    parser.add_argument("--version", action="version", version=f"perfscore {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="命令")

    score = sub.add_parser("score", help="评分：一个部门（YAML/JSON/报告）或一张表的全部部门（CSV/XLSX/Parquet）")
    score.add_argument("file", help="一个部门（.yaml/.json）、一份报告（.txt/.docx/.pdf）、一张表"
                       "（.csv/.xlsx/.parquet），或配合 --dask 的 Parquet 数据集文件夹")
    score.add_argument("--profile", default="mof2013", help="评分方案编号或文件路径（默认：mof2013）")
    score.add_argument("--format", choices=api.FORMATS, help="输出格式（默认：按 -o 的扩展名，否则为终端表格）")
    score.add_argument("-o", "--output", help="写入此文件（原子写入），不输出到终端")
    score.add_argument("--engine", choices=api.ENGINES, default="vector", help="评分引擎（默认：vector）")
    score.add_argument("--goals", help="部门目标行（个性指标），长表格式，用于 CSV/Parquet 表")
    score.add_argument("--breakdown", help="逐项得分明细写到哪里（.csv/.parquet/.jsonl；默认：-o 旁的 "
                                           "NAME.breakdown.EXT）")
    score.add_argument("--rejects", help="被拒绝的行写到哪里（默认：-o 旁的 NAME.rejects.csv）")
    score.add_argument("--strict", action="store_true", help="有行被拒绝或有未知列时以退出码 2 结束")
    score.add_argument("--header-row", type=positive, metavar="N", help="表头在第 N 行（默认：自动查找）")
    score.add_argument("--header-rows", type=int, choices=(1, 2), metavar="K",
                       help="表头占 K 行（1 或 2；默认：自动判断）")
    score.add_argument("--sheet", metavar="NAME", help="工作簿中的数据工作表（默认：按内容查找）")
    score.add_argument("--columns", metavar="MAP.yaml", help="未识别的列：表头 → 指标名称 的对照表")
    score.add_argument("--chunk-size", type=positive, metavar="N", help="CSV/Parquet 表每次流式读取 N 行")
    score.add_argument("--encoding", help="CSV 编码（默认：自动识别 UTF-8、带 BOM 的 UTF-8、GB18030）")
    score.add_argument("--no-reasons", action="store_true", help="明细中不写评分理由文字（更快）")
    score.add_argument("--dask", metavar="local|ADDRESS", help="在 Dask 上评分 Parquet 数据集文件夹：local（本机"
                            "各核）或调度器地址，如 tcp://HOST:8786（需 perfscore[dask]）")
    score.add_argument("--output-encoding", choices=api.OUTPUT_ENCODINGS, default="utf-8-sig",
                       help="CSV 输出编码（默认 utf-8-sig：带 BOM 的 UTF-8，Excel 可直接打开）")
    score.add_argument("--evaluator", metavar="NAME", help="评分表（xlsx/pdf）上打印的评价单位")
    score.add_argument("--date", metavar="YYYY-MM-DD", help="评分表上打印的评价日期（默认：留空，手填）")
    score.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    score.set_defaults(run=cmd_score)

    diff = sub.add_parser("diff", help="比较两个评分方案（配合 --on：两者对同一张表给出的等级）")
    diff.add_argument("old", help="旧评分方案：编号或路径（如 git show HEAD~1:scoring_profiles/x.yaml > old.yaml）")
    diff.add_argument("new", help="新评分方案：编号或路径")
    diff.add_argument("--on", metavar="TABLE", help="用两个方案分别评分此表（.csv/.xlsx/.parquet）")
    diff.add_argument("--format", choices=api.DIFF_FORMATS, help="table（中文文字）、json、csv（默认：按 -o）")
    diff.add_argument("-o", "--output", help="写入此文件（原子写入）；.csv 另写 NAME.departments.csv")
    diff.add_argument("--engine", choices=api.ENGINES, default="vector", help="--on 评分所用引擎")
    diff.add_argument("--goals", help="--on 表的部门目标行（个性指标）")
    diff.add_argument("--header-row", type=positive, metavar="N", help="--on 表的表头在第 N 行")
    diff.add_argument("--header-rows", type=int, choices=(1, 2), metavar="K", help="表头占 K 行")
    diff.add_argument("--sheet", metavar="NAME", help="工作簿中的数据工作表")
    diff.add_argument("--columns", metavar="MAP.yaml", help="未识别的列：表头 → 指标名称 的对照表")
    diff.add_argument("--strict", action="store_true", help="--on 表有未知列时报错")
    diff.add_argument("--encoding", help="--on 表的 CSV 编码（默认：自动识别）")
    diff.add_argument("--output-encoding", choices=api.OUTPUT_ENCODINGS, default="utf-8-sig",
                      help="CSV 输出编码（默认 utf-8-sig）")
    diff.set_defaults(run=cmd_diff)

    whatif = sub.add_parser("whatif", help="如何达到更高等级：各指标尚缺的分数、每项输入的最小改动、"
                            "达到目标等级的最少改动")
    whatif.add_argument("file", help="一个部门（.yaml/.json）、一份报告（.txt/.docx/.pdf）或一张表"
                        "（.csv/.xlsx/.parquet）")
    whatif.add_argument("--target", metavar="GRADE", help="要达到的等级：良 或 优（也可写等级名称，如 良好；默认：高一级）")
    whatif.add_argument("--profile", default="mof2013", help="评分方案编号或文件路径（默认：mof2013）")
    whatif.add_argument("--format", choices=("table", "json", "csv"),
                        help="输出格式（默认：按 -o 的扩展名，否则为终端文字）")
    whatif.add_argument("-o", "--output", help="写入此文件（原子写入），不输出到终端")
    whatif.add_argument("--goals", help="部门目标行（个性指标），长表格式，用于 CSV/Parquet 表")
    whatif.add_argument("--encoding", help="CSV 输入编码（默认：自动识别）")
    whatif.add_argument("--header-row", type=positive, metavar="N", help="表头在第 N 行（默认：自动查找）")
    whatif.add_argument("--header-rows", type=int, choices=(1, 2), metavar="K", help="表头占 K 行")
    whatif.add_argument("--sheet", metavar="NAME", help="工作簿中的数据工作表（默认：按内容查找）")
    whatif.add_argument("--columns", metavar="MAP.yaml", help="未识别的列：表头 → 指标名称 的对照表")
    whatif.add_argument("--output-encoding", choices=api.OUTPUT_ENCODINGS, default="utf-8-sig",
                        help="CSV 输出编码（默认 utf-8-sig）")
    whatif.set_defaults(run=cmd_whatif)

    synth = sub.add_parser("synth", help="为评分方案生成模拟部门表（同一种子，同样字节）")
    synth.add_argument("--departments", type=positive, required=True, metavar="N", help="部门数")
    synth.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    synth.add_argument("--years", type=positive, default=1, help="每个部门连续的年度数（默认 1）")
    synth.add_argument("--profile", default="mof2013", help="评分方案编号或文件路径（默认：mof2013）")
    synth.add_argument("-o", "--output", required=True, help="FILE.csv、FILE.parquet 或 FILE.xlsx")
    synth.set_defaults(run=cmd_synth)

    template = sub.add_parser("template", help="生成评分方案的数据采集工作簿（基础数据表）")
    template.add_argument("--profile", default="mof2013", help="评分方案编号或文件路径（默认：mof2013）")
    template.add_argument("--departments", metavar="FILE", help="预填用的部门名单 CSV/XLSX（部门名称、地区、年度）")
    template.add_argument("-o", "--output", required=True, help="要写入的工作簿（.xlsx）")
    template.set_defaults(run=cmd_template)

    validate = sub.add_parser("validate", help="校验指标规则与评分方案文件（默认：全部内置文件）")
    validate.add_argument("paths", nargs="*", help="规则或评分方案文件（默认：全部内置文件）")
    validate.set_defaults(run=cmd_validate)

    test = sub.add_parser("test", help="运行评分方案自带的测试（tests:），并列出未测到的分支和边界")
    test.add_argument("paths", nargs="*", help="评分方案编号或路径（默认：全部内置方案）")
    test.set_defaults(run=cmd_test)

    profiles = sub.add_parser("profiles", help="列出内置评分方案")
    profiles.set_defaults(run=cmd_profiles)

    explain = sub.add_parser("explain", help="打印生效的评分方案：指标、分值、评分标准")
    explain.add_argument("profile", help="评分方案编号或文件路径")
    explain.add_argument("--format", choices=("table", "md"), default="table", help="table（终端）或 md（Markdown）")
    explain.add_argument("-o", "--output", help="写入此文件（原子写入）")
    explain.set_defaults(run=cmd_explain)

    extract = sub.add_parser("extract", help="从报告（txt/docx/pdf）中提取指标数值，并注明出处")
    extract.add_argument("report", help="报告文件（.txt/.docx/.pdf）")
    extract.add_argument("-o", "--output", help="写入此文件（原子写入）")
    extract.set_defaults(run=cmd_extract)

    verify = sub.add_parser("verify", help="用另一个引擎重新计算已保存的 JSON 评分表并比对")
    verify.add_argument("scorecard", help="perfscore score --format json（或 .jsonl）输出的评分表")
    verify.add_argument("--profile", help="评分方案编号或路径（默认：评分表记录的方案）")
    verify.set_defaults(run=cmd_verify)

    check = sub.add_parser("check", help="对报告或指标文件做勾稽检查")
    check.add_argument("path", help="报告或指标文件")
    check.add_argument("--format", choices=("text", "json"), default="text", help="text（文字）或 json")
    check.set_defaults(run=cmd_check)
    return parser


# The operating system's reasons, in Chinese first (its own words follow in brackets).
_OS_ERRORS = {errno.ENOENT: "找不到文件或文件夹", errno.EACCES: "没有权限", errno.EPERM: "不允许的操作",
              errno.EISDIR: "这是一个文件夹，不是文件", errno.ENOTDIR: "路径中有一段不是文件夹",
              errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统只读", errno.EEXIST: "文件已存在",
              errno.ENAMETOOLONG: "文件名过长"}


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
        why = _OS_ERRORS.get(exc.errno or 0, "")
        why = f"{why}（{exc.strerror}）" if why and exc.strerror else why or str(exc.strerror or exc)
        print(f"perfscore: error: {where}: 无法读写文件：{why}; 应为可读的输入文件和可写的输出路径", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
