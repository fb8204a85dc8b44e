"""择项 (issue 14): a department picks some criteria of a ``choose:`` level and weighs them; the weights sum to the
level's points. Scoring (each chosen criterion rescaled to its weight, the others not counted), the checks of a
department file (Chinese, at file:line:col, exit 2) and of a table (rejected rows), validate's refusals, and both
engines on each."""

from __future__ import annotations

import csv
import io
import textwrap
from itertools import takewhile
from pathlib import Path

import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.jobs.scoring import read_metrics
from perfscore.engine.rubric.profiles import load_profile
from support import CHOOSE_BODY as BODY, criterion, plan_from, profile_text, run_cli, score_records

ENGINES = ("vector", "rete")


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    """The choosing profile BODY as a file."""
    path = tmp_path_factory.mktemp("choose") / "choose.yaml"
    path.write_text(profile_text(BODY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan(profile):
    return plan_from(profile)


def department(choices, **extra):
    return {"year": 2024, "staff_actual": 102, "staff_authorized": 100, "satisfaction_pct": 81,
            "choices": choices, **extra}


@pytest.mark.parametrize("engine", ENGINES)
def test_chosen_criteria_are_rescaled_to_their_weights(plan, engine):
    # 人员控制 102% → 2 over → 10 − 2 = 8 of 10 → 8 ÷ 10 × 20 = 16; 满意度 81/90 → 9 of 10 → 9 ÷ 10 × 10 = 9.
    card = score_records(plan, [department({"效益": {"人员控制": 20, "sat": 10}})], engine)[0]
    staff, sat = criterion(card, "staff"), criterion(card, "sat")
    assert (staff["points"], staff["score"], staff["rule"]) == (20, 16, "deduct")
    assert (sat["points"], sat["score"], sat["rule"]) == (10, 9, "proportional")
    assert staff["choice"] == {"level": "effect", "chosen": True, "weight": 20, "own_points": 10}
    assert "本部门择项选择该指标，权重20分" in staff["reason"] and "8÷10×20＝16分" in staff["reason"]
    effect = next(level for level in card["levels"] if level["path"] == "effect")
    assert (effect["points"], effect["score"]) == (30, 25)
    # 其他: 2 over → 70 − 14 = 56
    assert card["total"] == 25 + 56


@pytest.mark.parametrize("engine", ENGINES)
def test_criteria_not_chosen_score_nothing_and_lose_nothing(plan, engine):
    card = score_records(plan, [department({"effect": {"staff": 20, "sat": 10}})], engine)[0]
    for cid in ("social", "eco"):  # social is manual and eco tiered with no assessment: neither is awaited
        entry = criterion(card, cid)
        assert (entry["points"], entry["score"], entry["rule"]) == (0, 0, "not_chosen")
        assert entry["choice"]["chosen"] is False and entry["reason"] == "本部门未选择该指标（择项），不计分"
    assert card["coverage"] == {"data": 3, "missing": 0, "manual": 0, "not_chosen": 2}
    assert not [f for f in card["flags"] if f["id"] in ("needs_manual_score", "missing_data")]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_chosen_criterion_left_out_renormalises_among_the_chosen(plan, engine):
    """社会效益 (missing: exclude) chosen with weight 10 and not scored: the level is the other 20 points' share."""
    card = score_records(plan, [department({"effect": {"staff": 20, "社会效益": 10}})], engine)[0]
    assert criterion(card, "social")["excluded"] is True
    effect = next(level for level in card["levels"] if level["path"] == "effect")
    assert effect["score"] == 16 * 30 / 20


@pytest.mark.parametrize("engine", ENGINES)
def test_weights_meet_the_points_at_the_profiles_precision(plan, engine):
    third = round(30 / 3, 6)  # 10.000000 each, but a 2-decimal profile accepts 9.999 + 10.001 + 10 as well
    for weights in ({"staff": third, "sat": third, "eco": third}, {"staff": 9.999, "sat": 10.001, "eco": 10}):
        card = score_records(plan, [department({"effect": weights},
                                               assessments={"eco": {"tier": "完全实现"}})], engine)[0]
        effect = next(level for level in card["levels"] if level["path"] == "effect")
        assert effect["score"] == pytest.approx(sum(criterion(card, c)["score"] for c in weights), abs=0.011)


def _problem(plan, tmp_path, text: str) -> str:
    path = tmp_path / "dept.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(PerfscoreError) as raised:
        read_metrics(path, plan)
    return str(raised.value)


BAD = {
    # name: (choices YAML, line:col of the problem, message fragment)
    "unknown_level": ("choices:\n  效果: {staff: 20, sat: 10}\n", "3:3", "择项中的“效果”不是评分方案中可择项的指标"),
    "unknown_child": ("choices:\n  效益: {人员控制: 20, 满意: 10}\n", "3:18", "择项“效益”中的“满意”不是“效益”下的指标"),
    "text_weight": ("choices:\n  效益: {人员控制: 二十, sat: 10}\n", "3:14", "“人员控制”的权重为“二十”"),
    "negative_weight": ("choices:\n  效益: {staff: -5, sat: 25, eco: 10}\n", "3:15", "“人员控制”的权重为“-5”"),
    "too_few": ("choices:\n  效益: {staff: 30}\n", "3:7", "“效益”择项1项，应选2—3项"),
    "too_many": ("choices:\n  效益: {staff: 10, sat: 10, eco: 5, social: 5}\n", "3:7", "“效益”择项4项，应选2—3项"),
    "wrong_sum": ("choices:\n  效益: {staff: 20, sat: 5}\n", "3:7", "权重合计25分，应等于该指标的分值30分"),
    "not_given": ("", "dept.yaml:", "未给出“效益”的择项"),
    "not_a_mapping": ("choices: [staff, sat]\n", "2:10", "择项（choices）应为"),
    "level_not_a_mapping": ("choices:\n  效益: [staff, sat]\n", "3:7", "择项“效益”应为“所选指标: 权重”的映射"),
    "twice": ("choices:\n  效益: {staff: 20, 人员控制: 10}\n", "3:19", "“人员控制”给出了两次"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_choice_in_a_department_file_is_refused_at_its_position(plan, tmp_path, name):
    choices, where, fragment = BAD[name]
    message = _problem(plan, tmp_path, "year: 2024\n" + choices)
    line = next(m for m in message.splitlines() if fragment in m)
    assert f"dept.yaml:{where}" in line or (where == "dept.yaml:" and line.startswith(str(tmp_path))), message


def test_the_cli_exits_2_with_the_chinese_error(profile, plan, tmp_path):
    dept = tmp_path / "dept.yaml"
    dept.write_text("year: 2024\nchoices:\n  效益: {staff: 20, sat: 5}\n", encoding="utf-8")
    done = run_cli("score", dept, "--profile", profile)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "dept.yaml:3:7" in done.stderr and "权重合计25分，应等于该指标的分值30分" in done.stderr


def test_a_table_rejects_bad_choices_row_by_row_and_scores_the_rest(profile, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("dept_name,year,staff_actual,staff_authorized,satisfaction_pct,"
                     "choices.effect.staff,choices.effect.sat,choices.effect.eco\n"
                     "甲,2024,102,100,81,20,10,\n"      # good: 16 + 9 + 56
                     "乙,2024,102,100,81,20,5,\n"       # sum 25
                     "丙,2024,102,100,81,30,,\n"        # one chosen
                     "丁,2024,102,100,81,20,十,\n"      # not a number
                     "戊,2024,102,100,81,40,-10,\n",    # negative
                     encoding="utf-8")
    outputs = {}
    for engine in ENGINES:
        out = tmp_path / f"{engine}.csv"
        done = run_cli("score", table, "--profile", profile, "-o", out, "--engine", engine)
        assert done.returncode == 0, done.stderr
        assert "读取 5 行 = 评分 1 行 + 拒绝 4 行" in done.stderr
        outputs[engine] = (out.read_bytes(), (tmp_path / f"{engine}.breakdown.csv").read_bytes())
        rejects = (tmp_path / f"{engine}.rejects.csv").read_text(encoding="utf-8-sig")
    assert outputs["vector"] == outputs["rete"]
    summary = list(csv.DictReader(io.StringIO(outputs["vector"][0].decode("utf-8-sig"))))
    assert [(r["dept_name"], float(r["total"])) for r in summary] == [("甲", 16 + 9 + 56)]
    for row, words in ((3, "权重合计25分，应等于该指标的分值30分"), (4, "“效益”择项1项，应选2—3项"),
                       (5, "“社会公众或服务对象满意度”的权重“十”不是数值"),
                       (6, "“社会公众或服务对象满意度”的权重为负数")):
        assert any(line.startswith(f"指标表,{row},") and words in line for line in rejects.splitlines()), rejects


def test_a_choice_column_the_profile_does_not_have_is_an_error_at_its_header(profile, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("dept_name,year,choices.effect.staff,choices.effect.rest\n甲,2024,20,10\n", encoding="utf-8")
    done = run_cli("score", table, "--profile", profile)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "t.csv:1:4" in done.stderr and "择项列“choices.effect.rest”不是评分方案中可择项的指标" in done.stderr


def _level(choose: str, children: str | None = None) -> str:
    kids = children or """
      - {id: a, indicator: staff_control_rate, points: 10, scoring: {shape: proportional, target: 100}}
      - {id: b, indicator: satisfaction, points: 10, scoring: {shape: proportional, target: 90}}"""
    return f"tree:\n  - id: effect\n    name: 效益\n    points: 100\n    {choose}\n    children:" + \
        textwrap.indent(textwrap.dedent(kids), "    ") + "\n"


REFUSED = {
    # name: (profile body, text on the problem's line, message fragment)
    "min_above_max": (_level("choose: {min: 2, max: 1}"), "choose:", "choose 的 min 2 大于 max 1"),
    "max_above_children": (_level("choose: {min: 1, max: 3}"), "choose:", "choose 的 max 3 超过层级“effect”的下级数 2"),
    "min_zero": (_level("choose: {min: 0}"), "choose:", "choose 的 min 为 0"),
    "min_fraction": (_level("choose: {min: 1.5}"), "choose:", "choose 的 min 为 1.5"),
    "min_boolean": (_level("choose: {min: true}"), "choose:", "choose 的 min 为 True"),
    "max_text": (_level("choose: {max: '2'}"), "choose:", "choose 的 max 为 '2'"),
    "absurd_size": (_level("choose: {min: 1, max: 100000000000000000000}"), "choose:", "超过层级“effect”的下级数 2"),
    "not_a_mapping": (_level("choose: 2"), "choose:", "choose应为映射"),
    "unknown_key": (_level("choose: {least: 1}"), "choose:", "choose中有未知的键“least”"),
    "on_a_leaf": (_level("choose: {min: 1}", """
      - {id: a, indicator: staff_control_rate, points: 100, choose: {min: 1},
         scoring: {shape: proportional, target: 100}}"""), "- {id: a", "评分项“a”没有下级可供择项"),
    "level_child": (_level("choose: {min: 1}", """
      - id: inner
        points: 10
        children:
          - {id: a, indicator: staff_control_rate, points: 10, scoring: {shape: proportional, target: 100}}
      - {id: b, indicator: satisfaction, points: 10, scoring: {shape: proportional, target: 90}}"""),
                    "choose:", "其下级“inner”是层级"),
    "zero_points_child": (_level("choose: {min: 1}", """
      - {id: a, indicator: staff_control_rate, points: 0, scoring: {shape: proportional, target: 100}}
      - {id: b, indicator: satisfaction, points: 10, scoring: {shape: proportional, target: 90}}"""),
                          "{id: a", "择项层级下的评分项“a”分值为0"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_validate_refuses_a_bad_choose_at_its_position(tmp_path, name):
    body, marker, fragment = REFUSED[name]
    text = profile_text(body)
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PerfscoreError) as raised:
        load_profile(str(path))
    message = str(raised.value)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)
    hits = [m for m in message.splitlines() if fragment in m]
    assert hits and any(f"p.yaml:{line}:" in m for m in hits), (line, message)


def test_children_under_choose_need_not_sum_to_the_level(plan):
    """20 + 10 + 5 + 5 = 30 here by chance; the check is off under choose: (a 100-point level of 10 + 10 loads)."""
    assert [c.points for c in plan.criteria if c.choice] == [10, 10, 5, 5]
    assert plan.choices[0].points == 30 and plan.choices[0].minimum == 2 and plan.choices[0].maximum == 3


PROFILE_TEST = """
tests:
  - name: 择项人员控制与满意度
    metrics: {year: 2024, staff_actual: 102, staff_authorized: 100, satisfaction_pct: 81,
              choices: {效益: {人员控制: 20, sat: 10}}}
    expect:
      criteria: {staff: EXPECTED, sat: 9, eco: 0}
      branches: {eco: not_chosen, staff: deduct}
      total: 81
"""


@pytest.mark.parametrize("expected, passed", [(16, True), (8, False)])
def test_profile_tests_give_choices_and_run_on_both_engines(tmp_path, expected, passed):
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(BODY + PROFILE_TEST.replace("EXPECTED", str(expected))), encoding="utf-8")
    done = run_cli("test", path)
    lines = done.stdout.splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("unit_test："))
    wrapped = [lines[first], *(line.strip() for line in takewhile(lambda line: line.startswith("  "), lines[first + 1:]))]
    summary = "".join(wrapped)  # the summary line wraps at the terminal's width, its rest indented
    assert summary.startswith("unit_test：通过 1 个，未通过 0 个" if passed else "unit_test：通过 0 个，未通过 1 个"), summary
    assert "向量引擎（vector）、规则引擎" in summary
    assert passed or "评分项“staff”：期望 8 分，实得 16 分（规则“deduct”" in done.stdout


def test_a_profile_test_with_a_bad_choice_is_refused_at_its_metrics(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(profile_text(BODY + PROFILE_TEST.replace("EXPECTED", "16").replace("sat: 10}", "sat: 11}")),
                    encoding="utf-8")
    done = run_cli("test", path)
    assert done.returncode == 2 and "权重合计31分，应等于该指标的分值30分" in done.stderr and "Traceback" not in done.stderr


# The example of docs/rubric_language.md §4: 项目效益 of a 2017 self-evaluation's score table, six 可选项 sharing 40.
DOC_EXAMPLE = """
tree:
  - id: benefit
    name: 项目效益
    points: 100
    children:
      - id: optional_benefit
        name: 效益指标（可选项）
        points: 40
        choose: {min: 1, max: 6}
        children:
          - {id: economic, name: 经济效益, points: 40, missing: manual, scoring: {shape: tiered}}
          - {id: social, name: 社会效益, points: 40, missing: manual, scoring: {shape: tiered}}
          - {id: ecological, name: 生态效益, points: 40, missing: manual, scoring: {shape: tiered}}
          - {id: sustainable, name: 可持续效益, points: 40, missing: manual, scoring: {shape: tiered}}
          - {id: fairness, name: 公平效率, points: 40, missing: manual, scoring: {shape: tiered}}
          - {id: use_efficiency, name: 使用效率, points: 40, missing: manual, scoring: {shape: tiered}}
      - {id: satisfaction, indicator: satisfaction, points: 60, scoring: {shape: proportional, target: 90}}
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("choices, expected", [({"社会效益": 40}, {"social": 38}),
                                               ({"social": 25, "可持续效益": 15}, {"social": 23.75, "sustainable": 15})])
def test_the_documented_example(tmp_path, engine, choices, expected):
    path = tmp_path / "doc.yaml"
    path.write_text(profile_text(DOC_EXAMPLE), encoding="utf-8")
    plan = plan_from(path)
    card = score_records(plan, [{"satisfaction_pct": 90, "choices": {"效益指标（可选项）": choices},
                                 "assessments": {"social": {"tier": "完全实现", "score": 38},
                                                 "sustainable": {"tier": "完全实现"}}}], engine)[0]
    assert {cid: criterion(card, cid)["score"] for cid in expected} == expected
    level = next(level for level in card["levels"] if level["path"] == "benefit/optional_benefit")
    assert level["score"] == sum(expected.values()) and card["total"] == sum(expected.values()) + 60
    if "sustainable" not in expected:
        assert criterion(card, "social")["reason"].endswith("按权重折算为38÷40×40＝38分")
    else:
        assert "按权重折算为38÷40×25＝23.75分" in criterion(card, "social")["reason"]


def test_chinese_weight_headers_and_the_template(profile, tmp_path):
    """A table may head a weight 择项权重：<criterion> (or 择项权重/<level>/<criterion>); the template writes them."""
    table = tmp_path / "t.csv"
    table.write_text("dept_name,year,staff_actual,staff_authorized,satisfaction_pct,择项权重：人员控制,"
                     "择项权重/效益/社会公众或服务对象满意度\n甲,2024,102,100,81,20,10\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    done = run_cli("score", table, "--profile", profile, "-o", out)
    assert done.returncode == 0, done.stderr
    assert float(next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))["total"]) == 16 + 9 + 56
    table.write_text("dept_name,year,择项权重：人员\n甲,2024,30\n", encoding="utf-8")
    done = run_cli("score", table, "--profile", profile)
    assert done.returncode == 2 and "t.csv:1:3: 择项列“择项权重：人员”不是评分方案中可择项的指标" in done.stderr
    workbook = tmp_path / "tpl.xlsx"
    assert run_cli("template", "--profile", profile, "-o", workbook).returncode == 0
    import openpyxl

    headers = [c.value for c in openpyxl.load_workbook(workbook)["基础数据"][4] if c.value]
    assert [h for h in headers if str(h).startswith("择项权重")] == \
        ["择项权重：人员控制", "择项权重：社会公众或服务对象满意度", "择项权重：社会效益", "择项权重：生态效益"]


def test_explain_says_which_criteria_are_chosen(profile):
    done = run_cli("explain", profile)
    assert "择项：部门从下列4项中选2—3项，自定各项权重，合计30分" in done.stdout.replace("\n", "").replace(" ", "")
    assert done.stdout.count("【可选项】") == 4


def test_the_printed_form_lists_the_chosen_rows_with_their_weights(profile, tmp_path):
    dept = tmp_path / "dept.yaml"
    dept.write_text("year: 2024\ndept_name: 甲局\nstaff_actual: 102\nstaff_authorized: 100\nsatisfaction_pct: 81\n"
                    "choices: {效益: {人员控制: 20, sat: 10}}\n", encoding="utf-8")
    workbook = tmp_path / "card.xlsx"
    done = run_cli("score", dept, "--profile", profile, "-o", workbook)
    assert done.returncode == 0, done.stderr
    import openpyxl

    sheet = openpyxl.load_workbook(workbook).worksheets[-1]
    rows = {row[2]: row for row in sheet.iter_rows(values_only=True) if row and len(row) > 5 and row[2]}
    assert "社会效益" not in rows and "生态效益" not in rows  # not chosen: not on the form
    assert rows["人员控制"][3] == 20 and str(rows["人员控制"][4]).startswith("【择项，本部门权重20分，按本指标10分评分后折算】")
    assert rows["人员控制"][5] == 16
