"""The command line's argument parser in Chinese: help headings (用法、参数、选项) and usage errors.

argparse writes its own words in English; a user reads ours first. The parser keeps argparse's behaviour and
exit code 2 and only changes the words: the help headings, and each usage error, which is raised as a
:class:`UsageError` so it prints as every other error does (``perfscore: error: 位置: 问题; 应为``).

May import: ``perfscore.api`` only (the error types and its Chinese-aware wrapping).
"""

from __future__ import annotations

import argparse
import re

from .api import PerfscoreError, Position, Problem, wrap_text


class UsageError(PerfscoreError):
    pass


# argparse's usage errors (Python 3.11–3.13 wording) and how they read in Chinese.
_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(pattern), words) for pattern, words in (
    (r"^the following arguments are required: (?P<a>.*)$", r"缺少必需的参数：\g<a>"),
    (r"^unrecognized arguments: (?P<a>.*)$", r"无法识别的参数：\g<a>"),
    (r"^invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)$", r"无效的取值 \g<v>（可选：\g<c>）"),
    (r"^invalid \S+ value: (?P<v>.*)$", r"无效的取值 \g<v>"),
    (r"^expected one argument$", "需要一个取值"),
    (r"^expected at most one argument$", "最多只能有一个取值"),
    (r"^expected at least one argument$", "至少需要一个取值"),
    (r"^expected (?P<n>\d+) arguments?$", r"需要 \g<n> 个取值"),
    (r"^ambiguous option: (?P<o>\S+) could match (?P<m>.*)$", r"选项 \g<o> 有歧义，可能是 \g<m>"),
    (r"^not allowed with argument (?P<a>.*)$", r"不能与参数 \g<a> 同时使用"),
    (r"^one of the arguments (?P<a>.*) is required$", r"参数 \g<a> 必须给出其中之一"),
    (r"^ignored explicit argument (?P<a>.*)$", r"该选项不接受取值：\g<a>"),
))
_ARGUMENT = re.compile(r"^argument (?P<name>[^:]+): (?P<message>.*)$", re.S)


def in_chinese(message: str) -> str:
    """An argparse usage error in Chinese (a message argparse may add later stays as it is)."""
    argument = _ARGUMENT.match(message)
    if argument:
        name = "命令" if argument["name"] == "command" else argument["name"]
        return f"参数 {name}：{in_chinese(argument['message'])}"
    for pattern, words in _ERRORS:
        if pattern.match(message):
            return pattern.sub(words, message)
    return message


class _Formatter(argparse.HelpFormatter):
    """argparse's layout, with 用法 and lines wrapped by display width (a Chinese character takes two cells)."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_text(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help and usage errors are in Chinese."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> None:  # argparse exits 2 too; keep our one-line error format
        raise UsageError(Problem(Position(self.prog), in_chinese(message), f"参见 {self.prog} --help"))


def positive(text: str) -> int:
    """An argument that must be a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是 {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为 ≥ 1 的整数，而不是 {value}")
    return value
