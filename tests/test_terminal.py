"""The terminal scorecard at 80 columns: no line past the width, none beginning with closing punctuation, none ending
with an opening bracket; a header that states the data coverage and names the profile, not its id; colours for
错误/警告 only when asked (the CLI asks on a terminal without NO_COLOR)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from perfscore import api
from perfscore.engine.render.textwidth import NO_LINE_END, NO_LINE_START, width, wrap

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo_full_department.yaml"
HENGSHAN = ROOT / "examples" / "hengshan_minzheng_2023.yaml"


@pytest.mark.parametrize("example", [DEMO, HENGSHAN])
def test_the_scorecard_reads_well_at_80_columns(example):
    text = api.score(example).render("table", 80)
    lines = text.splitlines()
    assert max(width(line) for line in lines) <= 80
    for line in lines:
        body = line.strip()
        if body:
            assert body[0] not in NO_LINE_START, line
            assert body[-1] not in NO_LINE_END, line
    assert "mof2013" not in text and "（sha256" not in text.split("\n", 2)[1][:4]


def test_the_header_states_the_coverage_so_a_low_total_reads_as_missing_data():
    card = api.score(HENGSHAN).scorecards[0]
    text = api.score(HENGSHAN).render("table", 80)
    cover = card["coverage"]
    assert cover["data"] + cover["missing"] + cover["manual"] == len(card["criteria"])
    assert (f"数据覆盖：有数据 {cover['data']} 项，缺数据 {cover['missing']} 项，待评价人员评分 {cover['manual']} 项"
            in text)
    assert cover["missing"] > 15 and "湖南省衡山县民政局" in text.splitlines()[0]
    assert "评分依据：部门整体支出绩效评价共性指标" in text


def _from_column(line: str, start: int) -> str:
    """The part of ``line`` from display column ``start`` on."""
    used = 0
    for k, char in enumerate(line):
        if used >= start:
            return line[k:]
        used += width(char)
    return ""


def test_every_reason_is_in_the_table_whole():
    result = api.score(DEMO)
    lines = result.render("table", 80).splitlines()
    head = next(k for k, line in enumerate(lines) if line.startswith("指标") and "评分说明" in line)
    start = width(lines[head].split("评分说明")[0])
    column = "".join(_from_column(line, start).strip() for line in lines[head + 2:] if line.strip()
                     and not line.startswith(("数据提示", "自评复核", "  [")))
    for entry in result.scorecards[0]["criteria"]:
        assert "".join(entry["reason"].split()) in "".join(column.split())


def test_wrap_keeps_opening_brackets_with_what_they_open():
    lines = wrap("甲乙丙丁戊己庚辛（壬癸）", 9)
    assert all(line[-1] not in NO_LINE_END for line in lines) and "".join(lines) == "甲乙丙丁戊己庚辛（壬癸）"


@pytest.mark.parametrize("text", ["决算却为0.32万元", "合计为1.2亿元", "为预算的15.5倍", "扣除后得2分", "（原在预算执行下，3 分）",
                                  "末级指标 28 → 21 项"])
def test_wrap_keeps_a_number_with_its_unit(text: str):
    for columns in range(6, width(text) + 1):
        lines = wrap(text, columns)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(line == line.strip(" ") for line in lines)  # a space at a break is dropped
        assert not any(line.lstrip().startswith(("万元", "元", "亿元", "倍", "分", "项")) for line in lines[1:]), lines


def test_check_findings_wrap_to_the_terminal():
    result = subprocess.run([sys.executable, "-m", "perfscore", "check", str(DEMO.parent / "hengshan_minzheng_2023.txt")],
                            capture_output=True, text=True, env={**os.environ, "COLUMNS": "60"}, timeout=120)
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and len(lines) > 3 and max(map(width, lines)) <= 60
    assert all(line.startswith(("错误", "警告", "提示", "  ", "共 ")) for line in lines)


def test_colours_only_when_asked():
    plain = api.score(DEMO).render("table", 80)
    coloured = api.score(DEMO).render("table", 80, color=True)
    assert "\033[" not in plain and "\033[33m[警告]\033[0m" in coloured


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_the_cli_colours_on_a_terminal_unless_no_color(no_color):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    env["COLUMNS"] = "80"
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "perfscore", "score", str(DEMO)], stdout=secondary,
                               stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(primary)
    output = b"".join(chunks).decode("utf-8")
    assert process.returncode == 0
    assert ("\033[33m" in output) is (not no_color)


def test_columns_stay_aligned_and_points_keep_their_unit():
    """A name wider than its column ends in a full-width bracket without pushing 分值 aside; 得2分 is never split
    before 分."""
    lines = api.score(DEMO).render("table", 80).splitlines()
    rule = next(line for line in lines if line.startswith("─") and line.count(" ") == 6)
    name_width = width(rule.split("  ")[0])
    for line in lines:
        if line and not line.startswith(" ") and line[:1] != "─" and "  " in line:
            head = line.split("  ")[0]
            assert width(head) <= name_width, line
    assert not [line for line in lines if line.strip() == "分" or line.strip().startswith("分，") or
                line.strip().startswith("分；")]
    assert wrap("扣0.9分，得1.8分", 12) == ["扣0.9分，得", "1.8分"]


def test_unknown_column_warnings_fit_80_columns_and_the_map_still_loads(tmp_path: Path):
    """The skipped-column warnings wrap at COLUMNS=80 (prose with a hanging indent, map comments as comments);
    the ready-to-edit map printed under them still reads as the YAML it claims to be."""
    import yaml

    table = tmp_path / "t.csv"
    long_header = "本单位自行增加的统计口径说明栏目（仅供内部核对使用）"
    table.write_text(f"部门名称,年度,联系人,{long_header},2016年决算数,实有人数\n甲局,2017,张,x,5,3\n", encoding="utf-8")
    env = {**os.environ, "COLUMNS": "80"}
    result = subprocess.run([sys.executable, "-m", "perfscore", "score", "t.csv", "-o", "r.csv", "--quiet"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert max(width(line) for line in lines) <= 80, [line for line in lines if width(line) > 80]
    assert len([line for line in lines if line.startswith("perfscore: [警告] 已跳过未识别的列")]) == 2
    assert any(line.startswith("  ") for line in lines)  # a warning did wrap, with its hanging indent
    start = next(k for k, line in enumerate(lines) if "[提示] 要读取被跳过的列" in line) + 1
    stop = next(k for k in range(start, len(lines)) if lines[k].startswith("perfscore: "))
    block = "\n".join(lines[start:stop])
    assert yaml.safe_load(block) == {long_header: "跳过", "2016年决算数": "跳过"}
    assert "联系人" not in result.stderr  # plainly no metric: skipped silently


@pytest.mark.parametrize("path", ["/tmp/pytest-of-root/pytest-12/test_goals_beside_the_input_are_0/d.goals.csv",
                                  r"D:\财政局\2024年\基础数据表.xlsx:3:5", "数据/d.csv"])
def test_a_message_never_breaks_inside_a_file_path(path: str):
    """A path (with its :line:col) stays whole on one line, so it can be copied; the prose around it still wraps."""
    from perfscore.engine.render.text import note_lines

    lines = note_lines(f"perfscore: [提示] 目标表（个性指标）取自 {path}，每个部门按名称匹配其目标行，" * 2, 40)
    assert sum(path in line for line in lines) == 2, lines
    assert all(width(line) <= 40 for line in lines if path not in line), lines
    assert len(lines) > 4


@pytest.mark.parametrize("command", [["score", str(DEMO)], ["explain", "mof2013"], ["whatif", str(DEMO)]])
def test_a_pipe_gets_the_width_columns_asks_for(command):
    """``COLUMNS=80 perfscore … | less`` renders for 80 columns, not the 100 a pipe gets by default."""
    env = {**os.environ, "COLUMNS": "80"}
    result = subprocess.run([sys.executable, "-m", "perfscore", *command], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(width(line) for line in lines) <= 80, [line for line in lines if width(line) > 80]
    wide = subprocess.run([sys.executable, "-m", "perfscore", *command], capture_output=True, text=True,
                          env={**env, "COLUMNS": "120"}, timeout=120)
    assert max(width(line) for line in wide.stdout.splitlines()) > 80


@pytest.mark.parametrize("command", [["score", str(DEMO)], ["whatif", str(DEMO)], ["explain", "mof2013"],
                                     ["diff", "mof2013", "yueyang2018"], ["test"], ["profiles"],
                                     ["check", str(DEMO.parent / "hengshan_minzheng_2023.txt")]])
def test_every_command_fits_80_columns_without_trailing_spaces(command):
    """What a person sees in an 80-column terminal: no line runs past it, none ends in a space left by a break."""
    result = subprocess.run([sys.executable, "-m", "perfscore", *command], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "80"}, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) > 3
    assert [line for line in lines if width(line) > 80] == []
    assert [line for line in lines if line != line.rstrip(" ")] == []
