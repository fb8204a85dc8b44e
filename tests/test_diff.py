"""``perfscore diff``: realistic rubric revisions, each change as its exact Chinese line with both file positions;
``--on`` against scoring the table separately with each profile; bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import perfscore
from perfscore.engine.render.diff import change_line
from perfscore.engine.resources import profiles_dir
from support import ROOT, run_cli

SHIPPED = profiles_dir() / "mof2013.yaml"  # the file positions name: the installed package's


def at(path: Path, line_text: str, value: str, after: str = "") -> str:
    """``path:line:col`` of ``value`` on the first line containing ``line_text`` after the first line containing
    ``after`` (1-based, as YAML marks count)."""
    started = not after
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        started = started or after in line
        if started and line_text in line:
            return f"{path}:{number}:{line.index(value, line.index(line_text)) + 1}"
    raise AssertionError(f"{line_text!r} not in {path}")


def edited(tmp_path: Path, *replacements: tuple[str, str], tests: bool = True) -> tuple[Path, Path]:
    """The shipped profile as ``old.yaml`` (as ``git show HEAD~1:… > old.yaml`` leaves it) and an edited ``new.yaml``;
    ``tests=False`` leaves the profile's ``tests:`` out of both (they name criteria a revision removes)."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    if not tests:
        text = text[:text.index("\ntests:") + 1]
    old.write_text(text, encoding="utf-8")
    for before, after in replacements:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    new.write_text(text, encoding="utf-8")
    return old, new


def lines(result: perfscore.DiffResult) -> list[tuple[str, str, str]]:
    return [(change_line(c), str(c.old_position), str(c.new_position)) for c in result.rubric.changes]


STAFF = "scoring: {shape: linear_deduct, threshold: 100, direction: above, per: 1, deduct: 0.3}"


def test_a_raised_threshold_is_one_line_with_both_positions(tmp_path: Path):
    old, new = edited(tmp_path, (STAFF, STAFF.replace("threshold: 100", "threshold: 105")))
    result = perfscore.diff(old, new)
    assert lines(result) == [("三级指标「在职人员控制率」评分标准 阈值：100 → 105",
                              at(old, STAFF, "100"), at(new, "threshold: 105", "105"))]


def test_points_moved_between_criteria_keeping_100_through_extends(tmp_path: Path):
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nname: 子方案\nversion: '2'\nextends: mof2013\noverrides:\n"
                     "  staff_control:\n    points: 2\n  key_spend:\n    points: 5\n", encoding="utf-8")
    result = perfscore.diff("mof2013", child)
    assert lines(result) == [
        ("三级指标「在职人员控制率」分值 3 → 2", at(SHIPPED, "points: 3", "3", after="id: staff_control"), at(child, "points: 2", "2")),
        ("三级指标「重点支出安排率」分值 4 → 5", at(SHIPPED, "points: 4", "4", after="id: key_spend"), at(child, "points: 5", "5")),
    ]
    assert result.rubric.old.max_total == result.rubric.new.max_total == 100


def test_a_removed_criterion_names_where_it_was_and_where_its_level_is_now(tmp_path: Path):
    text = SHIPPED.read_text(encoding="utf-8")
    block = re.search(r"          - id: budget_adjustment\n(?:            .*\n|              .*\n|                .*\n)+",
                      text).group(0)
    old, new = edited(tmp_path, (block, ""), ("          - id: budget_completion\n            indicator: budget_completion_rate\n"
                                              "            points: 4",
                                              "          - id: budget_completion\n            indicator: budget_completion_rate\n"
                                              "            points: 7"), tests=False)
    result = perfscore.diff(old, new)
    assert lines(result) == [
        ("删除三级指标「预算调整率」（原在 过程 › 预算执行 下，3 分）",
         at(old, "- id: budget_adjustment", "id"), at(new, "- id: budget_execution", "id")),
        ("三级指标「预算完成率」分值 4 → 7", at(old, "points: 4", "4", after="id: budget_completion"), at(new, "points: 7", "7")),
    ]


def test_a_moved_grade_band(tmp_path: Path):
    old, new = edited(tmp_path, ("{grade: 良, label: 良好, min: 80}", "{grade: 良, label: 良好, min: 85}"))
    result = perfscore.diff(old, new)
    assert lines(result) == [("等级「良好」下限：80 → 85", at(old, "grade: 良,", "80"), at(new, "grade: 良,", "85"))]


def test_a_changed_parameter(tmp_path: Path):
    child = tmp_path / "child.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    child.write_text(text.replace("disclosure_days: 20 ", "disclosure_days: 15 "), encoding="utf-8")
    result = perfscore.diff("mof2013", child)
    assert lines(result) == [("参数「预决算公开时限（天）」：20 → 15", at(SHIPPED, "disclosure_days: 20", "20"),
                              at(child, "disclosure_days: 15", "15"))]


def test_identical_rubrics_say_so(tmp_path: Path):
    old, new = edited(tmp_path)
    result = perfscore.diff(old, new)
    assert result.rubric.changes == ()
    assert "两个评分方案的规则相同。" in result.render("table")


def test_cli_text_fits_80_columns_and_json_matches(tmp_path: Path):
    from perfscore.engine.render.textwidth import width

    old, new = edited(tmp_path, (STAFF, STAFF.replace("threshold: 100", "threshold: 105")))
    done = run_cli("diff", str(old), str(new), "--on", str(ROOT / "examples" / "departments.csv"))
    assert done.returncode == 0, done.stderr
    assert all(width(line) <= 80 for line in done.stdout.splitlines()), done.stdout
    assert "三级指标「在职人员控制率」评分标准 阈值：100 → 105" in done.stdout
    assert "staff_control" not in done.stdout  # no internal ids for people
    data = json.loads(run_cli("diff", str(old), str(new), "--format", "json").stdout)
    assert [c["text"] for c in data["changes"]] == ["三级指标「在职人员控制率」评分标准 阈值：100 → 105"]
    assert data["changes"][0]["old_position"] == at(old, STAFF, "100")


# -- --on: both rubrics over one table ---------------------------------------------------------------

@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("diff") / "departments.csv"
    perfscore.synth(path, 400, seed=11)
    return path


def test_on_matches_scoring_the_table_with_each_profile(tmp_path: Path, table: Path):
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nname: 子方案\nversion: '2'\nextends: mof2013\nparameters:\n  disclosure_days: 10\n"
                     "grades:\n  - {grade: 优, label: 优秀, min: 88}\n  - {grade: 良, label: 良好, min: 78}\n"
                     "  - {grade: 中, label: 中等, min: 60}\n  - {grade: 差, label: 差, min: 0}\n"
                     "overrides:\n  staff_control:\n    points: 2\n  key_spend:\n    points: 5\n", encoding="utf-8")
    result = perfscore.diff("mof2013", child, table)
    old = perfscore.score(table, "mof2013").summary
    new = perfscore.score(table, child).summary
    assert list(old["row"]) == list(new["row"])
    order = ("优", "良", "中", "差")
    expected = [[0] * 4 for _ in order]
    for a, b in zip(old["grade"], new["grade"]):
        expected[order.index(a)][order.index(b)] += 1
    population = result.population
    assert [list(r) for r in population.matrix] == expected
    assert population.scored == len(old) and sum(map(sum, expected)) == len(old)
    assert population.new_labels == ("优秀", "良好", "中等", "差") and population.old_labels == ("优", "良好", "中", "差")
    assert population.old_mean == pytest.approx(old["total"].mean()) and population.new_mean == pytest.approx(new["total"].mean())
    assert population.old_median == pytest.approx(old["total"].median())
    assert population.new_median == pytest.approx(new["total"].median())
    changed = [int(r) for r, a, b in zip(old["row"], old["grade"], new["grade"]) if a != b]
    assert [d.row for d in population.departments] == changed and changed
    totals = dict(zip(old["row"], zip(old["total"], new["total"])))
    for dept in population.departments:
        assert (dept.old_total, dept.new_total) == pytest.approx(totals[dept.row])
        changes = [abs(m.change) for m in dept.movers]
        assert changes == sorted(changes, reverse=True)  # largest first
        assert sum(m.change for m in dept.movers) == pytest.approx(dept.new_total - dept.old_total, abs=0.011)
    text = result.render("table")
    assert "旧＼新" in text and "优秀" in text and f"等级变化的部门：{len(changed)} 个" in text


def test_csv_output_writes_changes_and_departments_together(tmp_path: Path, table: Path):
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nname: 子方案\nversion: '2'\nextends: mof2013\noverrides:\n  staff_control:\n"
                     "    points: 1\n  key_spend:\n    points: 6\n", encoding="utf-8")
    out = tmp_path / "diff.csv"
    done = run_cli("diff", "mof2013", str(child), "--on", str(table), "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "类别,对象,内容,旧值,新值,旧位置,新位置,说明"
    assert rows[1].startswith("分值,在职人员控制率,分值,3,1,")
    departments = (tmp_path / "diff.departments.csv").read_text(encoding="utf-8-sig").splitlines()
    assert departments[0].startswith("行号,地区,部门（单位）名称")
    assert len(departments) - 1 == len(perfscore.diff("mof2013", child, table).population.departments)
    refused = run_cli("diff", "mof2013", str(child), "--on", str(table), "-o", str(table))
    assert refused.returncode == 2 and "拒绝覆盖输入" in refused.stderr


def test_an_old_version_in_tmp_extending_a_shipped_id(tmp_path: Path):
    old = tmp_path / "old.yaml"  # outside the repository; extends: by a shipped id stays allowed there
    old.write_text("id: child\nname: 子方案\nversion: '1'\nextends: mof2013\noverrides:\n  staff_control:\n"
                   "    scoring: {shape: linear_deduct, threshold: 95, direction: above, per: 1, deduct: 0.3}\n",
                   encoding="utf-8")
    result = perfscore.diff(old, "mof2013")
    assert lines(result) == [("三级指标「在职人员控制率」评分标准 阈值：95 → 100", at(old, "threshold: 95", "95"),
                              at(SHIPPED, STAFF, "100"))]


# -- bad input ------------------------------------------------------------------------------------

def test_different_metric_vocabularies_name_the_missing_metrics(tmp_path: Path):
    old = tmp_path / "old.yaml"
    old.write_text("id: own\nname: 自定方案\nversion: '1'\nmetrics:\n  - {id: extra_rate, zh: 额外比率, kind: percent}\n"
                   "tree:\n  - {id: all, name: 全部, formula: extra_rate, unit: '%', points: 100,\n"
                   "     scoring: {shape: proportional, target: 100}}\n", encoding="utf-8")
    done = run_cli("diff", str(old), "mof2013", "--on", str(ROOT / "examples" / "departments.csv"))
    assert done.returncode == 2
    assert "新评分方案的指标词汇缺少旧评分方案读取的指标：额外比率" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_table_the_new_profile_cannot_read_and_a_broken_profile(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    done = run_cli("diff", "mof2013", "yueyang2018", "--on", str(bad))
    assert done.returncode == 2 and f"{bad}:1:1: 在前2行中找不到表头行" in done.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: b\nname: 坏\nversion: '1'\nextends: mof2013\noverrides:\n  staff_control:\n    points: -1\n",
                      encoding="utf-8")
    done = run_cli("diff", "mof2013", str(broken))
    assert done.returncode == 2 and f"{broken}:7:13:" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("diff", "mof2013", str(tmp_path / "none.yaml"))
    assert done.returncode == 2 and "找不到评分方案" in done.stderr


def test_settings_read_in_words(tmp_path: Path):
    old, new = edited(tmp_path, ("rounding: {ratio: 2,", "rounding: {ratio: 1,"),
                      ("  partial_steps: floor", "  partial_steps: ceil"))
    result = perfscore.diff(old, new)
    assert lines(result) == [
        ("比率保留小数位：2 → 1", at(old, "rounding: {ratio: 2", "2"), at(new, "rounding: {ratio: 1", "1")),
        ("不足一档部分的默认处理：不计 → 按一档计", at(old, "partial_steps: floor", "floor"),
         at(new, "partial_steps: ceil", "ceil")),
    ]


def test_a_criterion_moved_to_another_level(tmp_path: Path):
    text = SHIPPED.read_text(encoding="utf-8")
    block = text[text.index("          - id: key_spend\n"):text.index("\n  - id: process\n")]
    old, new = edited(tmp_path, (block + "\n", ""),
                      ("  - id: input\n    name: 投入\n    points: 15", "  - id: input\n    name: 投入\n    points: 11"),
                      ("        name: 预算配置\n        points: 10", "        name: 预算配置\n        points: 6"),
                      ("    name: 过程\n    points: 40", "    name: 过程\n    points: 44"),
                      ("        name: 预算执行\n        points: 20\n        children:\n",
                       "        name: 预算执行\n        points: 24\n        children:\n" + block))
    result = perfscore.diff(old, new)
    assert lines(result)[0] == ("移动三级指标「重点支出安排率」：从 投入 › 预算配置 移到 过程 › 预算执行",
                                at(old, "- id: key_spend", "id"), at(new, "- id: key_spend", "id"))
    assert [line for line, _, _ in lines(result)[1:]] == [
        "一级指标「投入」分值 15 → 11", "二级指标「预算配置」分值 10 → 6", "一级指标「过程」分值 40 → 44",
        "二级指标「预算执行」分值 20 → 24"]


def test_a_checklist_condition_names_metrics_in_chinese(tmp_path: Path):
    old, new = edited(tmp_path, ("when: goal_measurable, points: 1}", "when: goal_measurable and goal_decomposed, points: 1}"))
    (line, old_at, new_at), = lines(result := perfscore.diff(old, new))
    assert line == "三级指标「绩效指标明确性」评分标准 第2项 条件：绩效指标清晰可衡量 → " \
                   "绩效指标清晰可衡量 and 绩效目标细化分解为具体工作任务"
    assert (old_at, new_at) == (at(old, "when: goal_measurable", "goal_measurable"),
                                at(new, "when: goal_measurable", "goal_measurable"))
    assert "goal_" not in result.render("table")


# -- list items matched by what identifies them, not by their place ------------------------------

KEY_SPEND = ('                - {range: "[90, +inf)", points: 4, label: ≥90%}\n'
             '                - {range: "[80, 90)", points: 3, label: 80%（含）–90%}\n'
             '                - {range: "[70, 80)", points: 2, label: 70%（含）–80%}\n'
             '                - {range: "[60, 70)", points: 1, label: 60%（含）–70%}\n')


def test_an_inserted_band_is_one_added_band_and_a_moved_threshold(tmp_path: Path):
    inserted = KEY_SPEND.replace('"[90, +inf)", points: 4, label: ≥90%}\n',
                                 '"[95, +inf)", points: 4, label: ≥90%}\n'
                                 '                - {range: "[90, 95)", points: 3.5, label: 90%–95%}\n')
    old, new = edited(tmp_path, (KEY_SPEND, inserted))
    result = perfscore.diff(old, new)
    assert lines(result) == [
        ("三级指标「重点支出安排率」评分标准 第1档 区间：[90, +inf) → [95, +inf)",
         at(old, '"[90, +inf)", points: 4', '"'), at(new, "\"[95, +inf)", "\"")),
        ("三级指标「重点支出安排率」评分标准 新增第2档：区间 [90, 95)，分值 3.5，说明 90%–95%",
         at(old, '- {range: "[90, +inf)", points: 4', "-"), at(new, "{range: \"[90, 95)", "{")),
    ]  # the three bands below it are the same bands one place down: no line for them
    assert [(c.action, c.old_field) for c in result.rubric.changes] == [("", None), ("added", ("bands", 1))]


def test_a_removed_band_and_its_neighbour_widened(tmp_path: Path):
    removed = KEY_SPEND.replace('                - {range: "[70, 80)", points: 2, label: 70%（含）–80%}\n', "") \
        .replace('"[60, 70)", points: 1, label: 60%（含）–70%}', '"[60, 80)", points: 1, label: 60%（含）–80%}')
    old, new = edited(tmp_path, (KEY_SPEND, removed), tests=False)
    result = perfscore.diff(old, new)
    assert [line for line, _, _ in lines(result)] == [
        "三级指标「重点支出安排率」评分标准 删除第3档：区间 [70, 80)，分值 2，说明 70%（含）–80%",
        "三级指标「重点支出安排率」评分标准 第3档（原第4档） 区间：[60, 70) → [60, 80)",
        "三级指标「重点支出安排率」评分标准 第3档（原第4档） 说明：60%（含）–70% → 60%（含）–80%",
    ]
    removal = result.rubric.changes[0]
    assert (str(removal.old_position), removal.action) == (at(old, "{range: \"[70, 80)", "{"), "removed")


FINANCE_RULES = ("                - {id: exists, name: 已制定预算资金管理、内部财务管理、会计核算等制度, when: has_finance_rules, "
                 "points: 1}\n"
                 "                - {id: compliant, name: 相关管理制度合法、合规、完整, when: finance_rules_compliant, points: 1}\n"
                 "                - {id: enforced, name: 相关管理制度得到有效执行, when: finance_rules_enforced, points: 1}\n")


def test_reordered_checklist_items_read_as_one_move_not_as_every_item_changed(tmp_path: Path):
    items = FINANCE_RULES.splitlines(keepends=True)
    old, new = edited(tmp_path, (FINANCE_RULES, items[2] + "".join(items[:2])))
    (line, old_at, new_at), = lines(perfscore.diff(old, new))
    assert line == "三级指标「管理制度健全性」评分标准 第3项调整到第1项（顺序变化）"
    assert (old_at, new_at) == (at(old, "{id: enforced", "{"), at(new, "{id: enforced", "{"))


def test_a_checklist_item_inserted_among_others_by_its_id(tmp_path: Path):
    items = FINANCE_RULES.splitlines(keepends=True)
    revised = ("                - {id: published, name: 制度已公开, when: goal_measurable, points: 0.5}\n" + items[0]
               + items[1] + items[2].replace("points: 1}", "points: 0.5}"))
    old, new = edited(tmp_path, (FINANCE_RULES, revised))
    assert [line for line, _, _ in lines(perfscore.diff(old, new))] == [
        "三级指标「管理制度健全性」评分标准 新增第1项：名称 制度已公开，条件 绩效指标清晰可衡量，分值 0.5",
        "三级指标「管理制度健全性」评分标准 第4项（原第3项） 分值：1 → 0.5"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("abc", "abc", [(0, 0), (1, 1), (2, 2)]),
    ("abc", "axbc", [(0, 0), (None, 1), (1, 2), (2, 3)]),
    ("abc", "ac", [(0, 0), (1, None), (2, 1)]),
    ("abc", "cab", [(2, 0), (0, 1), (1, 2)]),
    ("abc", "aXc", [(0, 0), (1, 1), (2, 2)]),  # b edited in place (its key changed with it)
])
def test_align_pairs_by_key(old: str, new: str, expected: list):
    from perfscore.engine.rubric.align import align

    pairs = align(list(old), list(new))
    assert [(p.old, p.new) for p in pairs] == expected
    assert [p.reordered for p in pairs] == [old != new and sorted(old) == sorted(new) and p.new == 0 for p in pairs]


# -- the rule files a profile reads (rules/*.yaml) ---------------------------------------------------

def tree_copy(tmp_path: Path, *replacements: tuple[str, str, str]) -> Path:
    """A second perfscore tree (as a second checkout leaves it): scoring_profiles/ and rules/ copied, then
    ``(rule file, before, after)`` edits; returns its mof2013.yaml."""
    import shutil

    root = tmp_path / "checkout"
    shutil.copytree(ROOT / "scoring_profiles", root / "scoring_profiles")
    shutil.copytree(ROOT / "rules", root / "rules")
    for name, before, after in replacements:
        path = root / "rules" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(before) == 1, before
        path.write_text(text.replace(before, after), encoding="utf-8")
    return root / "scoring_profiles" / "mof2013.yaml"


COMPLETION = "    formula: final_total / budget_adjusted_total * 100\n"
ADJUSTMENT = "    formula: abs(budget_adjustment) / budget_total * 100\n"


def test_rule_file_changes_in_another_checkout_in_meaning_and_in_spelling(tmp_path: Path):
    old = tree_copy(tmp_path, ("budget_execution.yaml", COMPLETION, "    formula: final_total / budget_total * 100\n"),
                    ("budget_execution.yaml", ADJUSTMENT, "    formula: (abs(budget_adjustment)/budget_total) * 100\n"),
                    ("budget_execution.yaml", '  - id: payment_progress_rate\n    name: 支付进度率\n'
                     '    name_en: Payment progress rate\n    unit: "%"',
                     '  - id: payment_progress_rate\n    name: 支付进度\n    name_en: Payment progress rate\n    unit: "‰"'))
    old_rules, new_rules = old.parents[1] / "rules" / "budget_execution.yaml", ROOT / "rules" / "budget_execution.yaml"
    result = perfscore.diff(old, "mof2013")
    new_rules = Path(result.rubric.changes[0].new_position.file)  # the installed package's rules
    assert lines(result) == [
        ("三级指标「预算完成率」计算公式含义改变：决算总支出 / 年初预算支出 * 100 → "
         "决算总支出 / 调整后预算数（全年预算数） * 100",
         at(old_rules, "final_total / budget_total", "final"), at(new_rules, COMPLETION.strip(), "final")),
        ("三级指标「预算调整率」计算公式仅写法不同（解析后相同，得分不变）：(abs(预算调整数)/年初预算支出) * 100 → "
         "abs(预算调整数) / 年初预算支出 * 100",
         at(old_rules, "(abs(budget_adjustment)", "("), at(new_rules, ADJUSTMENT.strip(), "abs")),
        ("三级指标「支付进度率」单位：‰ → %", at(old_rules, 'unit: "‰"', '"'),
         at(new_rules, 'unit: "%"', '"', after="id: payment_progress_rate")),
        ("三级指标「支付进度率」名称：支付进度 → 支付进度率", at(old_rules, "name: 支付进度", "支付"),
         at(new_rules, "name: 支付进度率", "支付")),
    ]
    assert [c.action for c in result.rubric.changes] == ["", "spelling", "", ""]
    data = json.loads(result.render("json"))["changes"]
    assert [(c["kind"], c["action"], c["indicator"]) for c in data[:2]] == [("indicator", "", "预算完成率"),
                                                                           ("indicator", "spelling", "预算调整率")]
    text = result.render("table")
    assert "budget_completion_rate" not in text and "final_total" not in text


def test_a_rule_file_formula_change_moves_grades_named_in_chinese(tmp_path: Path, table: Path):
    old = tree_copy(tmp_path, ("budget_execution.yaml", COMPLETION,
                               "    formula: final_total / budget_adjusted_total * 150\n"))
    result = perfscore.diff(old, "mof2013", table)
    before, after = perfscore.score(table, old).summary, perfscore.score(table, "mof2013").summary
    moved = [int(r) for r, a, b in zip(before["row"], before["grade"], after["grade"]) if a != b]
    assert [d.row for d in result.population.departments] == moved and moved
    for dept in result.population.departments:
        assert [m.name for m in dept.movers] == ["预算完成率"]
    text = result.render("table")
    assert "预算完成率 " in text.split("等级变化的部门")[1] and "budget_completion" not in text


def test_a_leaf_formula_respelled_and_a_profile_indicator_changed(tmp_path: Path):
    body = ("id: own\nname: 自定方案\nversion: '1'\n"
            "indicators:\n  - {id: own_rate, name: 自定比率, unit: '%', formula: FORMULA}\n"
            "tree:\n  - id: all\n    name: 全部\n    points: 100\n    children:\n"
            "      - {id: a, name: 甲项, formula: LEAF, unit: '%', points: 50,\n"
            "         scoring: {shape: proportional, target: 100}}\n"
            "      - {id: b, name: 乙项, indicator: own_rate, points: 50, scoring: {shape: proportional, target: 100}}\n")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(body.replace("FORMULA", "final_total / budget_total * 100")
                   .replace("LEAF", "final_total*100/budget_total"), encoding="utf-8")
    new.write_text(body.replace("FORMULA", "final_total / budget_adjusted_total * 100")
                   .replace("LEAF", "(final_total * 100) / budget_total"), encoding="utf-8")
    assert lines(perfscore.diff(old, new)) == [
        ("二级指标「甲项」计算公式仅写法不同（解析后相同，得分不变）：决算总支出*100/年初预算支出 → "
         "(决算总支出 * 100) / 年初预算支出", at(old, "formula: final_total*100", "final"),
         at(new, "formula: (final_total", "(")),
        ("二级指标「乙项」所读指标「自定比率」的计算公式含义改变：决算总支出 / 年初预算支出 * 100 → "
         "决算总支出 / 调整后预算数（全年预算数） * 100", at(old, "id: own_rate", "final"), at(new, "id: own_rate", "final")),
    ]


def test_a_choose_profile_over_a_table(tmp_path: Path):
    from support import profile_text
    from test_choose import BODY

    staff = "scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}"
    old, new, rows = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "t.csv"
    old.write_text(profile_text(BODY), encoding="utf-8")
    new.write_text(profile_text(BODY.replace("choose: {min: 2, max: 3}", "choose: {min: 1, max: 3}")
                                .replace(staff, staff.replace("deduct: 1", "deduct: 3"))), encoding="utf-8")
    rows.write_text("dept_name,year,staff_actual,staff_authorized,satisfaction_pct,"
                    "choices.effect.staff,choices.effect.sat,choices.effect.eco\n"
                    "甲,2024,102,100,81,20,10,\n乙,2024,100,100,95,20,10,\n丙,2024,102,100,81,30,,\n", encoding="utf-8")
    result = perfscore.diff(old, new, rows)
    assert [line for line, _, _ in lines(result)] == ["二级指标「人员控制」评分标准 每档扣分：1 → 3",
                                                      "一级指标「效益」择项 最少项数：2 → 1"]
    population = result.population
    assert (population.read, population.scored, population.rejected) == (3, 2, 1)  # 丙 chose one: old refuses it
    (dept,) = population.departments  # 甲: 8/10 → 16 of 20, + 9 + 56 = 81 (良好); 4/10 → 8 of 20: 73 (中)
    assert (dept.name, dept.old_total, dept.new_total, dept.old_grade, dept.new_grade) == ("甲", 81, 73, "良好", "中")
    assert [(m.name, m.change) for m in dept.movers] == [("人员控制", -8)]


def test_a_formula_case_removed_reads_by_its_basis_and_fits_80_columns(tmp_path: Path):
    from perfscore.engine.render.textwidth import width

    final = ("        final: >-\n          if(sangong_prev_actual == 0 and sangong_actual == 0, 0,\n"
             "             (sangong_actual - sangong_prev_actual) / sangong_prev_actual * 100)\n")
    old = tree_copy(tmp_path, ("sangong.yaml", final, ""))
    result = perfscore.diff(old, "mof2013")
    (line, old_at, new_at), = lines(result)
    assert line == ("三级指标「“三公经费”变动率」新增计算公式 决算数分支：if(上年“三公”经费决算数 == 0 and “三公”经费决算数 "
                    "== 0, 0, (“三公”经费决算数 - 上年“三公”经费决算数) / 上年“三公”经费决算数 * 100)")  # folded: one line
    new_rules = Path(result.rubric.changes[0].new_position.file)
    # the old side has no such case: the cases it has; the new side: the case itself
    assert (old_at, new_at) == (at(old.parents[1] / "rules" / "sangong.yaml", "budget: >-", "budget"),
                                at(new_rules, "final: >-", ">-"))
    text = result.render("table", columns=80)
    assert all(width(row) <= 80 for row in text.splitlines()), text
    assert not any(row.strip() in (")", "）") for row in text.splitlines())


def test_no_department_both_can_score_is_an_error_with_the_first_reason(tmp_path: Path):
    from support import profile_text
    from test_choose import BODY

    choosing = tmp_path / "choose.yaml"
    choosing.write_text(profile_text(BODY), encoding="utf-8")
    done = run_cli("diff", "mof2013", str(choosing), "--on", str(ROOT / "examples" / "departments.csv"))
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert "examples/departments.csv:2:0: 两个评分方案都能评分的部门为 0：全部 10 行被拒绝，首个：第 2 行 择项（效益）" \
        in done.stderr


def test_a_section_left_out_compares_as_its_defaults(tmp_path: Path):
    old, new = edited(tmp_path, ("  partial_steps: floor", "  partial_steps: ceil"))
    text = new.read_text(encoding="utf-8")
    start = text.index("\ndefaults:")
    end = text.index("\n", text.index("partial_steps: ceil"))
    new.write_text(text[:start] + text[end:], encoding="utf-8")  # defaults: left out: missing zero, n/a full, ceil
    assert "\ndefaults:" not in new.read_text(encoding="utf-8")
    assert lines(perfscore.diff(old, new)) == [("不足一档部分的默认处理：不计 → 按一档计", at(old, "partial_steps: floor", "floor"),
                                                at(new, "id: mof2013", "id"))]  # the profile itself


def test_an_inserted_state_is_one_added_state(tmp_path: Path):
    shipped = profiles_dir() / "yueyang2018.yaml"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = shipped.read_text(encoding="utf-8")
    before = "                - {when: value <= carryover_prev, points: 2, label: 结余未超过上年结转}\n"
    assert text.count(before) == 1
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace(before, before + "                - {when: value <= carryover_prev * 1.1, points: 1, "
                                "label: 结余超过上年结转不足10%}\n"), encoding="utf-8")
    (line, old_at, new_at), = lines(perfscore.diff(old, new))
    assert line == "三级指标「资金结余」评分标准 新增第3种情形：条件 指标值 <= 上年末结转结余 * 1.1，分值 1，说明 结余超过上年结转不足10%"
    assert new_at == at(new, "{when: value <= carryover_prev * 1.1", "{")


def test_a_grade_band_only_one_side_has_is_one_line(tmp_path: Path):
    shipped = ROOT / "scoring_profiles" / "mof2013.yaml"
    old = tmp_path / "old.yaml"
    old.write_text("id: graded\nname: 甲\nversion: '1'\nextends: mof2013\n", encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text("id: graded\nname: 甲\nversion: '2'\nextends: mof2013\ngrades:\n"
                   "  - {grade: 良, label: 良好, min: 80}\n  - {grade: 中, label: 中, min: 60}\n"
                   "  - {grade: 差, label: 差, min: 0}\n", encoding="utf-8")
    assert lines(perfscore.diff(old, new)) == [
        ("删除等级「优」（原为 90 分及以上）", at(shipped, "{grade: 优", "优"), f"{new}:6:3")]
    assert [line for line, _, _ in lines(perfscore.diff(new, old))] == ["新增等级「优」：90 分及以上"]
