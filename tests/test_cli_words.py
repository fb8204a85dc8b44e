"""The command line speaks Chinese first: every command's help and every usage error, within the terminal's width."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from perfscore.cli import build_parser
from perfscore.cli_parser import in_chinese
from perfscore.engine.render.textwidth import width
from support import ROOT, run_cli, without_columns

COMMANDS = sorted(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _help(*command: str, columns: int) -> str:
    env = without_columns() | {"COLUMNS": str(columns)}
    done = subprocess.run([sys.executable, "-m", "perfscore.cli", *command, "--help"], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_chinese_and_fits_80_columns(command: str | None):
    text = _help(*([command] if command else []), columns=80)
    assert text.startswith("用法：perfscore")
    assert "选项:" in text and "显示本帮助并退出" in text
    assert "show this help message" not in text and "positional arguments" not in text and "usage:" not in text
    too_wide = [line for line in text.splitlines() if width(line) > 80]
    assert not too_wide
    assert not [line for line in text.splitlines() if line != line.rstrip()]  # no trailing spaces from wrapping
    # every argument a user can give is explained in Chinese (argparse's own -h aside)
    for line in text.splitlines():
        if re.match(r"^  (-|[a-z])", line) and not line.strip().startswith("-h"):
            entry = line.split("  ")[-1] if "  " in line.strip() else ""
            assert entry == "" or re.search(r"[\u4e00-\u9fff]", entry), line


def test_help_lines_follow_the_width():
    wide = _help("score", columns=140)
    narrow = _help("score", columns=60)
    assert max(map(width, wide.splitlines())) > 80
    # the explanations wrap to 60 cells; only argparse's unbreakable choice lists ({table,json,…}) may not
    explained = [line for line in narrow.splitlines() if re.search(r"[\u4e00-\u9fff]", line)]
    assert explained and max(map(width, explained)) <= 60


@pytest.mark.parametrize("args, words", [
    (("score",), "perfscore score: 缺少必需的参数：file; 参见 perfscore score --help"),
    (("scor",), "参数 命令：无效的取值 'scor'（可选："),
    (("score", "x.csv", "--bogus"), "无法识别的参数：--bogus"),
    (("score", "x.csv", "--header-row", "0"), "参数 --header-row：应为 ≥ 1 的整数，而不是 0"),
    (("score", "x.csv", "--header-row", "two"), "参数 --header-row：应为正整数，而不是 'two'"),
    (("score", "x.csv", "--header-rows", "3"), "参数 --header-rows：无效的取值 3（可选：1, 2）"),
    (("score", "x.csv", "--profile"), "参数 --profile：需要一个取值"),
    (("whatif", "x.csv", "--format", "xlsx"), "参数 --format：无效的取值 'xlsx'"),
])
def test_usage_errors_are_chinese_one_line_exit_2(args: tuple[str, ...], words: str):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("perfscore: error: ") and words in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_an_unknown_argparse_message_is_kept_as_it_is():
    assert in_chinese("argument --x: something new") == "参数 --x：something new"
    assert in_chinese("brand new wording") == "brand new wording"


def test_a_file_the_system_refuses_is_named_in_chinese(tmp_path):
    result = run_cli("score", tmp_path / "nothing.csv")
    assert result.returncode == 2
    assert f"{tmp_path / 'nothing.csv'}: 无法读写文件：找不到文件或文件夹（No such file or directory）" in result.stderr


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux's /proc, where no file can be created")
def test_an_output_that_cannot_be_created_is_named_not_its_temporary():
    result = run_cli("score", "examples/demo_full_department.yaml", "-o", "/proc/perfscore-test.json")
    assert result.returncode == 2
    assert "/proc/perfscore-test.json: 无法读写文件：" in result.stderr and ".part" not in result.stderr


def test_what_every_error_expects_is_said_in_chinese():
    """The second half of every error the code raises with a fixed text (``Problem(where, what, expected)``)
    is Chinese, or a form to type: an option (``--goals FILE``), a YAML shape (``{indicator, …}``,
    ``[phrase, …]``) or an install command."""
    import ast

    typed = ("-", "{", "[", "pip ")
    english = []
    for path in sorted([*(ROOT / "engine").rglob("*.py"), ROOT / "api.py", ROOT / "cli.py", ROOT / "cli_parser.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" and len(node.args) > 2):
                continue
            expected = node.args[2]
            if isinstance(expected, ast.Constant) and isinstance(expected.value, str) \
                    and not re.search(r"[\u4e00-\u9fff]", expected.value) and not expected.value.startswith(typed):
                english.append(f"{path.relative_to(ROOT)}:{node.lineno}: {expected.value}")
    assert not english, "\n".join(english)
