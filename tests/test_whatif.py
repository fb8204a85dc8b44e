"""perfscore whatif: every suggested change, applied to the input and scored again with ``score``, gives the points
and the grade it states — on the shipped department profiles, on departments around the example one and on
random synthetic departments; and the plain statements where no change can reach the target."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfscore import api
from perfscore.engine.evaluate.results import GRADE_ORDER
from support import EXAMPLES, run_cli

DEPARTMENT_PROFILES = ("mof2013", "yueyang2018")
DEMO = yaml.safe_load((EXAMPLES / "demo_full_department.yaml").read_text(encoding="utf-8"))
NUMERIC = [k for k, v in DEMO.items() if isinstance(v, (int, float)) and not isinstance(v, bool) and k != "year"]
FLAGS = [k for k, v in DEMO.items() if isinstance(v, bool)]


def scored(record: dict, profile: str) -> dict:
    return api.score(record, profile).scorecards[0]


def points_of(card: dict) -> dict[str, float]:
    return {c["id"]: c["score"] for c in card["criteria"]}


def applied(record: dict, move: dict | None = None, items: list[dict] | None = None) -> dict:
    changed = dict(record)
    if move is not None and move.get("input") is not None:
        value = move["input_after"]
        numeric = not isinstance(value, (bool, str))
        changed[move["input"]] = int(value) if numeric and float(value).is_integer() else value
    for item in items or ():
        changed[item["input"]] = item.get("input_after", True)  # a deadline item's date, or a flag met
    return changed


def check_department(record: dict, profile: str, target: str | None = None) -> int:
    """Apply every stated change and the stated plan, score again, compare; return how many changes were checked."""
    dept = api.whatif(record, profile, target).departments[0]
    before = scored(record, profile)
    assert dept["total"] == before["total"] and dept["grade"] == before["grade"]
    checked = 0
    opened = [r["open"] for r in dept["criteria"]]
    assert opened == sorted(opened, reverse=True)  # ranked by the points still open
    for row in dept["criteria"]:
        assert math.isclose(row["scored"] + row["open"], row["points"], abs_tol=0.005)
        for which in ("next", "full"):
            move = row.get(which)
            if move is None or move.get("input") is None:
                continue
            after = points_of(scored(applied(record, move), profile))[row["criterion"]]
            assert after == pytest.approx(row["scored"] + move["gain"], abs=0.005), (row, move)
            checked += 1
        for item in row.get("items", ()):
            if "input" in item:
                after = points_of(scored(applied(record, items=[item]), profile))[row["criterion"]]
                assert after == pytest.approx(row["scored"] + item["gain"], abs=0.005), (row, item)
                checked += 1
        if row["kind"] == "data" and "full" in row and "items" not in row:
            assert row["full"]["gain"] >= row.get("next", row["full"])["gain"]
    if dept["changes"]:
        checked += check_plan(record, profile, dept, before)
    return checked


def plan_changes(dept: dict) -> list[dict] | None:
    """The plan's changes as cells to set ({input, input_after}): each line's inputs, a checklist's flags and dates;
    None where a change cannot be made on the input (a value the rubric computes, an item on computed dates)."""
    rows = {r["criterion"]: r for r in dept["criteria"]}
    cells = []
    for line in dept["plan"]:
        if line["inputs"]:
            cells += line["inputs"]
        elif "items" in rows[line["move_of"]] and _applicable(rows[line["move_of"]]):
            cells += [{"input": i["input"], "input_after": i.get("input_after", True)} for i in rows[line["move_of"]]["items"]]
        else:
            return None
    return cells


def check_plan(record: dict, profile: str, dept: dict, before: dict) -> int:
    """The plan's changes made together on the input and scored again: every criterion scores what the plan says
    (its points now plus the gain the plan states for it, unchanged where the plan names it nowhere), and the
    total and grade are the plan's. Returns 1 where checked, 0 where a change cannot be made on the input."""
    cells = plan_changes(dept)
    if cells is None:
        return 0
    changed = dict(record)
    for cell in cells:
        changed = applied(changed, cell)
    card = scored(changed, profile)
    gains = {entry["criterion"]: entry["gain"] for line in dept["plan"] for entry in line["criteria"]}
    now, after = points_of(before), points_of(card)
    for criterion, points in after.items():
        assert points == pytest.approx(now[criterion] + gains.get(criterion, 0), abs=1e-6), (criterion, dept["plan"])
    assert card["total"] == pytest.approx(dept["reached_total"], abs=1e-6)
    assert card["grade"] == dept["reached_grade"]
    if dept["reached"]:  # the target, or better where one change overshoots it
        assert GRADE_ORDER.index(dept["reached_grade"]) <= GRADE_ORDER.index(dept["target"])
    assert {entry["criterion"] for line in dept["plan"] for entry in line["criteria"] if entry["in_plan"]} \
        == set(dept["changes"])
    named = [cell["input"] for line in dept["plan"] for cell in line["inputs"]]
    assert len(named) == len(set(named))  # each changed input said once
    return 1


def _applicable(row: dict) -> bool:
    """Whether the test can make this change on the input: a solved input, or checklist items that are flags
    (an item on dates, such as disclosure within 20 days, is stated in words only)."""
    if "items" in row:
        return all("input" in item for item in row["items"])
    return row.get("full", {}).get("input") is not None


@pytest.mark.parametrize("profile", DEPARTMENT_PROFILES)
@pytest.mark.parametrize("target", [None, "优", "良"])
def test_demo_department_every_change_holds(profile, target):
    assert check_department(DEMO, profile, target) > 5


@st.composite
def near_demo(draw):
    """The example department with every figure scaled (0–2×), some flags flipped and some inputs left out."""
    record = dict(DEMO)
    for key in NUMERIC:
        factor = draw(st.sampled_from([0, 0.5, 0.8, 0.9, 0.95, 0.97, 0.99, 1, 1.01, 1.03, 1.1, 1.3, 2]))
        value = DEMO[key] * factor
        record[key] = round(value) if isinstance(DEMO[key], int) else round(value, 2)
    for key in FLAGS:
        record[key] = draw(st.booleans())
    for key in draw(st.lists(st.sampled_from(NUMERIC + FLAGS), max_size=3)):
        record.pop(key, None)
    return record


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_demo(), st.sampled_from(DEPARTMENT_PROFILES), st.sampled_from([None, "优", "良"]))
def test_random_departments_every_change_holds(record, profile, target):
    try:
        check_department(record, profile, target)
    except api.IncompleteDataError:
        pass


SYNTH_PROFILES = {  # profile: (departments, least plans checked, least single changes checked)
    "mof2013": (300, 100, 1000),
    "yueyang2018": (300, 100, 1000),
    "mof2020_project": (200, 20, 100),  # 预算执行率 from data, the goal rows
}


@pytest.mark.parametrize("target", [None, "优"])
@pytest.mark.parametrize("profile", sorted(SYNTH_PROFILES))
def test_synthetic_table_every_change_holds(profile, target, tmp_path):
    """Random departments of ``perfscore synth``, analysed as a table with their goal rows: each change and each
    plan (the fewest changes reaching the target, or all of them where the target cannot be reached) is made on
    a copy of the department's row (its cells as the file has them; its goal rows copied with it), the copies are
    written as a table file like the input and scored again at once with ``score`` — the same reading path."""
    import pandas as pd

    departments, least_plans, least_changes = SYNTH_PROFILES[profile]
    source = tmp_path / "synth.csv"
    api.synth(source, departments, seed=11, profile=profile)
    goals_file = source.with_name("synth.goals.csv")
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    goal_rows = pd.read_csv(goals_file, dtype=str, keep_default_na=False)
    table = api.whatif(source, profile, target, goals=goals_file)
    assert len(table.departments) == table.read - table.rejected > departments * 0.8
    rows, expected = [], []
    for dept in table.departments:
        original = frame.iloc[dept["row"] - 2]
        assert (original["dept_name"], int(original["year"])) == (dept["dept_name"], dept["year"])
        for row in dept["criteria"]:
            changes = [row.get("next"), row.get("full")] + [{"input": i["input"], "items": [i]}
                                                            for i in row.get("items", ()) if "input" in i]
            for change in changes:
                if change is None or change.get("input") is None:
                    continue
                copy = original.copy()
                _apply_cell(copy, change)
                gain = change["items"][0]["gain"] if "items" in change else change["gain"]
                rows.append(copy)
                expected.append(("criterion", row["criterion"], row["scored"] + gain))
        cells = plan_changes(dept) if dept["changes"] else None
        if cells is not None:
            copy = original.copy()
            for cell in cells:
                _apply_cell(copy, cell)
            rows.append(copy)
            expected.append(("plan", dept, dept["reached_total"]))
    plans = sum(kind == "plan" for kind, _, _ in expected)
    assert plans >= least_plans and len(expected) - plans >= least_changes, (plans, len(expected))
    copies = pd.DataFrame(rows).reset_index(drop=True)
    copies["source_name"] = copies["dept_name"]
    copies["dept_name"] += "副本" + copies.index.astype(str)  # one department-year per row, none merged (a name in （） is an alias)
    copied_goals = copies[["region", "source_name", "year", "dept_name"]].merge(
        goal_rows.rename(columns={"dept_name": "source_name"}), on=["region", "source_name", "year"])
    changed, changed_goals = tmp_path / "changed.csv", tmp_path / "changed.goals.csv"
    copies.drop(columns="source_name").to_csv(changed, index=False, encoding="utf-8")
    copied_goals.drop(columns="source_name")[list(goal_rows.columns)].to_csv(changed_goals, index=False,
                                                                             encoding="utf-8")
    result = api.score(changed, profile, goals=changed_goals)
    assert result.scored == len(rows)
    summary = result.summary.set_index("row")
    breakdown = result.breakdown.set_index(["row", "criterion_id"])["score"]
    now = api.score(source, profile, goals=goals_file).breakdown.set_index(["row", "criterion_id"])["score"]
    ids = [c.id for c in api.load_profile(profile).plan.criteria]
    for number, (kind, what, value) in enumerate(expected, 2):  # row 1 is the header
        if kind == "plan":
            dept = what
            assert summary.loc[number, "grade"] == dept["reached_grade"], (number, dept["row"])
            assert summary.loc[number, "total"] == pytest.approx(value, abs=1e-6), (number, dept["row"])
            assert (dept["reached_grade"] == dept["target"]) == dept["reached"]
            gains = {entry["criterion"]: entry["gain"] for line in dept["plan"] for entry in line["criteria"]}
            for criterion in ids:  # every criterion scores what the plan says, moved or not
                assert breakdown.loc[(number, criterion)] == pytest.approx(
                    now.loc[(dept["row"], criterion)] + gains.get(criterion, 0), abs=1e-6), (number, criterion)
            if dept["reached"] and all(g >= 0 for g in gains.values()):
                # the fewest: without its smallest gain the plan falls short of the target
                assert dept["reached_total"] - min(by_id_gain(dept)) < dept["target_minimum"] or dept["capped"]
        else:
            assert breakdown.loc[(number, what)] == pytest.approx(value, abs=0.005), (number, what)


def by_id_gain(dept: dict) -> list[float]:
    """The points each change of the plan gains there, the changes made together."""
    return [entry["gain"] for line in dept["plan"] for entry in line["criteria"] if entry["in_plan"]]


def test_sichuan_rows_are_the_assessors_and_said_so(tmp_path):
    """The Sichuan table prints no standard: every common row is the assessor's, 履职成效 the goal rows; whatif
    claims no data change there and says which points it cannot move."""
    source = tmp_path / "sichuan.csv"
    api.synth(source, 60, seed=5, profile="sichuan_dazhou2017")
    table = api.whatif(source, "sichuan_dazhou2017", "优", goals=source.with_name("sichuan.goals.csv"))
    kinds = {r["kind"] for dept in table.departments for r in dept["criteria"]}
    assert kinds == {"assessor", "goals", "missing"}
    below = [dept for dept in table.departments if dept["target"]]
    assert below and not any(dept["changes"] or dept["reached"] for dept in below)
    text = table.render("table", 80)
    assert "评价人员评定的指标尚缺" in text and "个性指标（部门目标表）尚缺" in text and "达不到“优”" in text
    assert "个性指标按部门目标表逐行评分" in text and "失分的目标行：“" in text


@pytest.mark.parametrize("profile", ["mof2020_project", "mof2013"])
def test_goal_rows_losing_points_are_named(profile, tmp_path):
    """A goal table (个性指标) is not solved for a change, but its note says the points open, that the rows are
    scored one by one and which rows lose points (most first): the rows named lose what their target and actual
    say, and where all of them are named their losses add up to the points open; JSON, terminal and CSV say it
    alike."""
    import pandas as pd

    from perfscore.engine.render.numfmt import points_text

    source = tmp_path / "synth.csv"
    api.synth(source, 150, seed=3, profile=profile)
    goals = pd.read_csv(source.with_name("synth.goals.csv"), dtype=str, keep_default_na=False)
    table = api.whatif(source, profile, "优", goals=source.with_name("synth.goals.csv"))
    records = [(dept, r) for dept in table.departments for r in dept["criteria"] if r["kind"] == "goals"]
    assert len(records) > 20
    whole = 0
    for dept, record in records:
        named = record["goal_rows_lost"]
        assert 0 < record["goal_rows_short"] <= record["goal_rows"] and len(named) == min(record["goal_rows_short"], 5)
        assert [row["lost"] for row in named] == sorted((row["lost"] for row in named), reverse=True)
        mine = goals[(goals["dept_name"] == dept["dept_name"]) & (goals["year"] == str(dept["year"]))]
        for row in named:
            assert row["indicator"] in set(mine["indicator"]) and row["lost"] > 0
            if isinstance(row["target"], float) and isinstance(row["actual"], float) and row["direction"] == ">=":
                assert row["actual"] < row["target"]
        if record["goal_rows_short"] == len(named):
            whole += 1
            assert sum(row["lost"] for row in named) == pytest.approx(record["open"], abs=0.006 * (len(named) + 1))  # each rounded apart
    assert whole > 10
    data = json.loads(table.render("json"))
    said = [r["text"] for dept in data for r in dept["criteria"] if r["kind"] == "goals"]
    assert len(said) == len(records)
    flat = "".join(table.render("table", 80).split())
    for (_, record), sentence in zip(records, said):
        assert sentence.startswith("个性指标按部门目标表逐行评分") and f"尚缺 {points_text(record['open'])} 分" in sentence
        assert "".join(sentence.split()) in flat and f"“{record['goal_rows_lost'][0]['indicator']}”" in sentence


def _apply_cell(row, change: dict) -> None:
    if "items" in change:
        item = change["items"][0]
        row[change["input"]] = item.get("input_after", "是")  # a deadline item's date, or a flag met
    elif isinstance(change["input_after"], (bool, str)):
        row[change["input"]] = {True: "是"}.get(change["input_after"], change["input_after"])
    else:
        value = change["input_after"]
        row[change["input"]] = str(int(value) if float(value).is_integer() else value)


def test_target_the_profile_lacks_is_a_chinese_error_exit_2():
    run = run_cli("whatif", EXAMPLES / "demo_full_department.yaml", "--target", "特优")
    assert run.returncode == 2
    assert "没有可作为目标的等级“特优”" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("target", ["差", "A"])
def test_the_lowest_grade_or_an_unknown_one_is_no_target(target):
    with pytest.raises(api.PerfscoreError) as refused:
        api.whatif(DEMO, "mof2013", target)
    said = str(refused.value)
    assert f"没有可作为目标的等级“{target}”" in said and "目标等级之一：优、良（良好）、中" in said
    assert ("是最低等级" in said) == (target == "差")


def test_a_table_whose_every_row_is_rejected_is_a_chinese_error_exit_2(tmp_path):
    table = tmp_path / "bad.csv"
    table.write_text("dept_name,year,final_total\n甲局,二〇二三,abc\n乙局,2023.5,12\n", encoding="utf-8")
    out = tmp_path / "out.json"
    run = run_cli("whatif", table, "-o", out)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert "没有可分析的部门：全部 2 行被拒绝，首个：第 2 行" in run.stderr and f"{table}:2:" in run.stderr
    assert not out.exists()
    missing = run_cli("whatif", tmp_path / "nope.csv")
    assert missing.returncode == 2 and "找不到文件" in missing.stderr and "Traceback" not in missing.stderr
    header_only = tmp_path / "empty.csv"
    header_only.write_text("dept_name,year\n", encoding="utf-8")
    run = run_cli("whatif", header_only)
    assert run.returncode == 2 and "表中没有数据行" in run.stderr and "Traceback" not in run.stderr


def test_terminal_text_fits_80_columns_and_names_no_ids():
    from perfscore.engine.render.textwidth import width

    run = run_cli("whatif", EXAMPLES / "demo_full_department.yaml", "--target", "优")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert all(width(line) <= 80 for line in lines), [line for line in lines if width(line) > 80]
    assert "个百分点" in run.stdout and "最少改动" in run.stdout
    for criterion in api.load_profile("mof2013").criteria:
        assert criterion not in run.stdout


def test_json_and_csv_outputs_are_written_atomically_and_deterministic(tmp_path):
    source = EXAMPLES / "demo_full_department.yaml"
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        assert run_cli("whatif", source, "-o", out).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["target"] == "优" and data["criteria"][0]["text"]
    csv_out = tmp_path / "w.csv"
    assert run_cli("whatif", source, "-o", csv_out).returncode == 0
    text = csv_out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and "建议".encode() in text
    refused = run_cli("whatif", tmp_path / "a.json", "-o", tmp_path / "a.json")
    assert refused.returncode == 2


def test_grade_cap_is_stated_not_planned(tmp_path):
    profile = tmp_path / "capped.yaml"
    profile.write_text(
        "id: capped\nname: 含一票否决\nversion: \"1\"\nextends: mof2013\ntests: []\n"
        "adjustments:\n  - {id: veto, kind: grade_cap, when: 'audit_findings >= 1', cap: 中, reason: 一票否决：审计发现问题}\n",
        encoding="utf-8")
    dept = api.whatif(DEMO, str(profile), "良").departments[0]
    assert dept["grade"] == "中" and dept["cap"] == "中" and not dept["reached"] and dept["changes"] == []
    text = api.WhatifResult(api.load_profile(str(profile)), [dept], True, 1, 0).render("table", 80)
    assert "一票否决：审计发现问题" in text.replace("\n", "") and "达不到“良好”" in text.replace("\n", "")


def test_assessor_and_missing_criteria_are_said_unchangeable_by_data():
    record = {k: v for k, v in DEMO.items() if k not in ("satisfaction_pct",)}
    dept = api.whatif(record, "mof2013", "优").departments[0]
    kinds = {r["criterion"]: r["kind"] for r in dept["criteria"]}
    assert kinds["satisfaction"] == "missing" and kinds["social_benefit"] == "assessor"
    text = api.WhatifResult(api.load_profile("mof2013"), [dept], True, 1, 0).render("table", 80)
    assert "由评价人员评定，不能通过填报数据改变" in text and "缺少数据" in text


WORKING_DAYS = """id: working
name: 工作日时限
version: "1"
extends: mof2013
tests: []
parameters:
  disclosure_days: 15
  disclosure_day_type: working
"""


@pytest.mark.parametrize("days", ["calendar", "working"])
def test_a_deadline_item_states_the_latest_date_that_meets_it(days, tmp_path):
    """The date stated meets the deadline and the day after it does not (working days: the Chinese calendar's,
    调休 and holidays included) — so it is the latest such date, in the input's own form."""
    import datetime as dt

    profile = "mof2013"
    if days == "working":
        profile = str(tmp_path / "working.yaml")
        Path(profile).write_text(WORKING_DAYS, encoding="utf-8")
    record = DEMO | {"budget_disclosed_date": "2024-03-20", "self_eval_disclosed_date": "2025-10-09"}
    dept = api.whatif(record, profile).departments[0]
    row = next(r for r in dept["criteria"] if r["criterion"] == "disclosure")
    dated = [item for item in row["items"] if item.get("deadline")]
    assert len(dated) == 3 and all(item["working_days"] == (days == "working") for item in dated[:2])
    for item in dated:
        assert item["late"] > 0 and item["input_after"] < item["input_before"]
        day_after = (dt.date.fromisoformat(item["input_after"]) + dt.timedelta(days=1)).isoformat()
        met = points_of(scored(record | {item["input"]: item["input_after"]}, profile))["disclosure"]
        late = points_of(scored(record | {item["input"]: day_after}, profile))["disclosure"]
        assert met == row["scored"] + item["gain"] and late == row["scored"]
    text = api.WhatifResult(api.load_profile(profile), [dept], True, 1, 0).render("table", 80)
    assert f"提前至 {dated[0]['input_after']}" in text.replace("\n    ", "")


def test_the_readme_example_is_the_real_output():
    """The README's whatif excerpt is what the command prints at 80 columns, line for line (… marks cuts)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The way to the next grade", 1)[1].split("\n### ", 1)[0]
    excerpt = section.split("```\n", 2)[2].split("\n```", 1)[0].splitlines()
    printed = api.whatif(EXAMPLES / "demo_full_department.yaml").render("table", 80).splitlines()
    shown = [line for line in excerpt if line != "…"]
    assert len(shown) > 10 and all(line in printed for line in shown)
    assert printed[:7] == excerpt[:7] and printed[-3:] == excerpt[-3:]


def test_grades_are_shown_with_the_profiles_labels_and_a_label_is_a_target(tmp_path):
    """良 prints as 良好 wherever a person reads it (the plan's grade in CSV, the text), as on the scorecard; the
    target may be given as the grade or as its label, with the same result."""
    lower = DEMO | {"satisfaction_pct": 50, "audit_findings": 4, "final_total": 2300, "key_tasks_done": 18}
    by_grade, by_label = api.whatif(lower, "mof2013", "良"), api.whatif(lower, "mof2013", "良好")
    assert by_grade.departments == by_label.departments
    dept = by_grade.departments[0]
    assert dept["grade"] == "中" and dept["reached"]
    assert dept["reached_grade"] == "良" and dept["reached_grade_label"] == "良好"
    source, out = tmp_path / "lower.yaml", tmp_path / "w.csv"
    source.write_text(yaml.safe_dump(lower, allow_unicode=True), encoding="utf-8")
    assert run_cli("whatif", source, "--target", "良好", "-o", out).returncode == 0
    import csv

    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    planned = {row["达标方案改后等级"] for row in rows}
    assert planned == {"良好"} and {row["目标等级"] for row in rows} == {"良好"}
    unknown = run_cli("whatif", EXAMPLES / "demo_full_department.yaml", "--target", "良好好")
    assert unknown.returncode == 2 and "目标等级之一：优、良（良好）、中" in unknown.stderr


def test_a_cap_is_named_by_its_label(tmp_path):
    profile = tmp_path / "capped.yaml"
    profile.write_text(
        "id: capped\nname: 含一票否决\nversion: \"1\"\nextends: mof2013\ntests: []\n"
        "adjustments:\n  - {id: veto, kind: grade_cap, when: 'audit_findings >= 1', cap: 良, reason: 审计发现问题}\n",
        encoding="utf-8")
    dept = api.whatif(DEMO, str(profile), "优").departments[0]  # 良, with one audit finding
    text = api.WhatifResult(api.load_profile(str(profile)), [dept], True, 1, 0).render("table", 80)
    assert dept["capped"] and dept["cap"] == "良" and dept["cap_label"] == "良好"
    assert "最高只能评为“良好”" in text.replace("\n", "")


CHOOSE_EFFECTS = Path(__file__).parent / "data" / "choose_effects.yaml"  # 履职效益 (20 points) chosen: 2–3 of 4
EFFECTS = ("economic_benefit", "social_benefit", "ecological_benefit", "satisfaction")
@pytest.fixture(scope="module")
def choose_body(tmp_path_factory) -> str:
    """The 择项 profile of test_choose: its 其他 level reads the chosen 人员控制's input (staff_actual)."""
    from support import CHOOSE_BODY, profile_text

    path = tmp_path_factory.mktemp("choose") / "choose.yaml"
    path.write_text(profile_text(CHOOSE_BODY), encoding="utf-8")
    return str(path)


@st.composite
def weights(draw, ids: tuple[str, ...], points: int) -> dict[str, int]:
    """2 or 3 of ``ids`` with whole weights ≥ 1 summing to ``points``."""
    chosen = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
    cuts = sorted(draw(st.lists(st.integers(1, points - 1), min_size=len(chosen) - 1, max_size=len(chosen) - 1,
                                unique=True)))
    return dict(zip(chosen, [b - a for a, b in zip([0, *cuts], [*cuts, points])]))


def check_choices(record: dict, profile: str, target: str | None, level: str, alternatives: tuple[str, ...]) -> int:
    """check_department, and: nothing is open on a criterion not chosen; a chosen one's points are its weight."""
    checked = check_department(record, profile, target)
    dept = api.whatif(record, profile, target).departments[0]
    chosen = record["choices"][level]
    card = points_of(scored(record, profile))
    for row in dept["criteria"]:
        if row["criterion"] in alternatives:
            assert row["criterion"] in chosen, row
            assert row["points"] == chosen[row["criterion"]] and row["scored"] == card[row["criterion"]], row
    return checked


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_demo(), weights(EFFECTS, 20), st.sampled_from([None, "优", "良"]))
def test_chosen_effects_every_change_holds(record, chosen, target):
    """择项 on mof2013's 履职效益: a chosen criterion's change gains its points rescaled to the weight, and one not
    chosen has nothing open."""
    record = record | {"choices": {"performance_benefit": chosen}}
    try:
        check_choices(record, str(CHOOSE_EFFECTS), target, "performance_benefit", EFFECTS)
    except api.IncompleteDataError:
        pass


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(90, 130), st.integers(40, 100), weights(("staff", "sat", "social", "eco"), 30),
       st.sampled_from([None, "优", "良", "中"]))
def test_chosen_criteria_of_deduct_and_proportional_every_change_holds(choose_body, staff, satisfaction, chosen,
                                                                       target):
    """A chosen deduction and a chosen proportion (weights 1–28 of 30): each change gains its rescaled points, the
    plan reaches the grade it states; the other level (70 points) reads the chosen deduction's input, so one change
    of 实有人数 moves both, and the plan says so."""
    record = {"dept_name": "测试局", "year": 2024, "staff_actual": staff, "staff_authorized": 100,
              "satisfaction_pct": satisfaction, "choices": {"effect": chosen}}
    check_choices(record, choose_body, target, "effect", ("staff", "sat", "social", "eco"))
    dept = api.whatif(record, choose_body, target).departments[0]
    for line in dept["plan"]:
        if [cell["input"] for cell in line["inputs"]] == ["staff_actual"]:
            moved = {entry["criterion"] for entry in line["criteria"]}
            assert "staff_again" in moved and ("staff" in moved) == ("staff" in chosen)


# Two criteria read one input the department controls, three ways: 结转结余率 and 资金结余额 both want the year-end
# carry-over lower (to different figures), a reserve (illustrative: a floor the bureau sets) wants it higher, and
# 预算完成率 reads the budget the rate divides by.
SHARED_BODY = """
tree:
  - id: execution
    name: 预算执行
    points: 60
    children:
      - {id: carry_rate, name: 结转结余率, indicator: carryover_rate, points: 20,
         scoring: {shape: linear_deduct, threshold: 2, direction: above, per: 1, deduct: 2}}
      - {id: carry_amount, name: 资金结余额, indicator: carryover_amount, points: 20,
         scoring: {shape: bands, bands: [{range: "(-inf, 40]", points: 20}, {range: "(40, 80]", points: 10},
                                         {range: "(80, +inf)", points: 0}]}}
      - {id: reserve, name: 周转储备, indicator: carryover_amount, points: 20,
         scoring: {shape: bands, bands: [{range: "[150, +inf)", points: 20}, {range: "[100, 150)", points: 8},
                                         {range: "(-inf, 100)", points: 0}]}}
  - id: rest
    name: 其他
    points: 40
    children:
      - {id: completion, name: 预算完成率, indicator: budget_completion_rate, points: 40,
         scoring: {shape: proportional, target: 100}}
"""


@pytest.fixture(scope="module")
def shared_body(tmp_path_factory) -> str:
    from support import profile_text

    path = tmp_path_factory.mktemp("shared") / "shared.yaml"
    path.write_text(profile_text(SHARED_BODY), encoding="utf-8")
    return str(path)


SHARED = {"dept_name": "测试局", "year": 2024, "budget_adjusted_total": 1000, "final_total": 900, "carryover_end": 90}


def test_changes_of_one_input_are_made_once(shared_body):
    """42 points (差). For 中, the larger of the two equal moves on the carry-over (资金结余额 to 40) also lifts
    结转结余率 from 9% to 4%: one line names both. For 良, the reserve's move (up to 150) opposes the larger-or-first
    move down and is dropped; the two moves down take the farther figure (20, which meets both) and 预算完成率's
    change completes the plan; each gain is the one the changes made together give."""
    middle = api.whatif(SHARED, shared_body, "中").departments[0]
    assert middle["total"] == 42 and middle["reached"] and middle["changes"] == ["carry_amount"]
    [line] = middle["plan"]
    assert [(c["input"], c["input_before"], c["input_after"]) for c in line["inputs"]] == [("carryover_end", 90, 40)]
    assert [(e["criterion"], e["gain"], e["in_plan"]) for e in line["criteria"]] == [
        ("carry_rate", 10, False), ("carry_amount", 20, True)]
    assert middle["reached_total"] == 72
    good = api.whatif(SHARED, shared_body, "良").departments[0]
    assert good["reached"] and good["reached_total"] == 80 and good["reached_grade"] == "良"
    assert sorted(good["changes"]) == ["carry_amount", "carry_rate", "completion"]  # the reserve dropped
    lines = {tuple(c["input"] for c in line["inputs"]): line for line in good["plan"]}
    assert set(lines) == {("carryover_end",), ("final_total",)}
    carry = lines[("carryover_end",)]
    assert carry["inputs"][0]["input_after"] == 20 and carry["move_of"] is None
    assert {e["criterion"]: e["gain"] for e in carry["criteria"]} == {"carry_rate": 14, "carry_amount": 20}
    assert lines[("final_total",)]["move_of"] == "completion"
    text = api.WhatifResult(api.load_profile(shared_body), [good], True, 1, 0).render("table", 80)
    assert "年末结转结余由 90万元 减至 20万元：结转结余率可多得 14 分，资金结余额可多得 20 分" in text.replace("\n    ", "")
    assert "最少改动 2 项" in text
    for target in ("中", "良", "优"):
        assert check_department(SHARED, shared_body, target)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(500, 3000), st.floats(0.5, 1.1), st.integers(0, 300), st.sampled_from([None, "优", "良", "中"]))
def test_random_departments_on_a_shared_input_every_plan_holds(shared_body, budget, spent, carry, target):
    record = SHARED | {"budget_adjusted_total": budget, "final_total": round(budget * spent, 2),
                       "carryover_end": carry}
    check_department(record, shared_body, target)


def expected_csv_rows(departments: list[dict]) -> list[list[str]]:
    """The CSV rows as the sentences of the terminal text give them, built from the records one by one (the writer
    builds them column-wise): numbers as Python spells them, blanks empty."""
    from perfscore.engine.render.whatif import KIND_TEXT, criterion_text, move_text

    def number(value) -> str:
        return "" if value is None else repr(float(value)).removesuffix(".0")

    rows = []
    for dept in departments:
        reached = dept["reached"]
        for record in dept["criteria"]:
            which = "full" if record["in_plan"] else "next"
            move = record.get(which)
            rows.append([str(dept["row"]), dept["dept_name"] or "", "" if dept["year"] is None else str(dept["year"]),
                         number(dept["total"]), dept["grade_label"], dept["target_label"] or "", record["name"],
                         number(record["points"]), number(record["scored"]), number(record["open"]),
                         KIND_TEXT[record["kind"]], move_text(record, which) if move else criterion_text(record),
                         number(move["gain"]) if move else "", "是" if record["in_plan"] and reached else "否",
                         number(record["plan_gain"]) if reached and (record["in_plan"] or record["plan_gain"])
                         else "",
                         number(dept["reached_total"]) if reached else "",
                         dept["reached_grade_label"] if reached else ""])
    return rows


@pytest.mark.parametrize("profile", ["mof2013", "yueyang2018", "mof2020_project"])
def test_the_csv_written_column_wise_says_what_the_records_say(profile, tmp_path):
    """The CSV of a table (built column by column, never a dict per row) holds, row for row, what each department's
    record and the terminal's sentences say: checklists with dates, missing data, assessors, goal rows, caps."""
    import csv

    source = tmp_path / "synth.csv"
    api.synth(source, 400, seed=5, profile=profile)
    table = api.whatif(source, profile, "优", goals=source.with_name("synth.goals.csv"))
    out = tmp_path / "way.csv"
    table.save(out)
    written = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(written[0]) == ("行号", "部门名称", "年度", "总分", "等级", "目标等级", "指标", "满分", "得分", "尚缺分数",
                                 "类别", "建议", "可多得分数", "计入达标方案", "达标方案中得分变化", "达标方案改后总分",
                                 "达标方案改后等级")
    expected = expected_csv_rows(table.departments)
    assert len(written) - 1 == len(expected) > 400
    assert written[1:] == expected
    kinds = {row[10] for row in expected}
    assert "可由数据改变" in kinds and len(kinds) >= 3


def test_the_json_of_a_table_is_written_a_department_at_a_time_as_one_array(tmp_path):
    """Written in parts, the JSON is the one text ``json.dumps(departments, indent=2)`` would be."""
    from perfscore.engine.render.whatif import json_parts

    source = tmp_path / "synth.csv"
    api.synth(source, 120, seed=2)
    table = api.whatif(source)
    out = tmp_path / "way.json"
    table.save(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == len(table.departments) == 120
    assert out.read_text(encoding="utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert all(dept["plan_text"] and "order" not in dept["criteria"][0] for dept in data if dept["criteria"])
    assert "".join(json_parts([], single=False)) == "[]\n"


@pytest.mark.parametrize("profile", sorted((Path(__file__).resolve().parents[1] / "scoring_profiles").glob("*.yaml")))
@pytest.mark.parametrize("gap", ["", "round", "lower"])
def test_the_plans_goal_test_grades_every_total_as_the_scorer_does(profile, gap):
    """The plan tests a goal grade with one floor per department (whatif._reaches); it must agree with
    grade_index on every total: band edges, half points (a closed-range profile rounds them), below 0, above the
    maximum, and a department with no goal."""
    from dataclasses import replace

    import numpy as np

    from perfscore.engine.evaluate.results import grade_index
    from perfscore.engine.evaluate.whatif import _reaches

    plan = api.load_profile(profile).plan
    plan = replace(plan, profile=replace(plan.profile, grade_gap=gap))
    edges = [b.minimum + d for b in plan.profile.grades for d in (-0.5, -0.01, 0, 0.01, 0.49, 0.5)]
    totals = np.array(sorted(set(edges + [-3.0, 0.0, plan.max_total, plan.max_total + 7])))
    goals = np.arange(-1, len(GRADE_ORDER))
    grid = np.tile(totals, (len(goals), 1))
    expected = grade_index(plan, grid.ravel()).reshape(grid.shape) <= goals[:, None]
    assert (_reaches(plan, grid, goals) == expected).all()
    assert expected.any() and not expected.all()


def test_the_plan_ranks_gains_largest_first_and_ties_in_the_rubrics_order():
    """The ranking's keys (whatif._largest_first) give the order of a stable sort of the gains, largest first,
    on gains at the points' precision with many ties, zeros and float noise."""
    import numpy as np

    from perfscore.engine.evaluate.whatif import _largest_first

    rng = np.random.default_rng(5)
    gains = rng.choice([0.0, 0.5, 1.0, 1.25, 2.0, 3.33], size=(2_000, 23))
    gains = gains + rng.choice([0.0, 1e-12, -1e-12], size=gains.shape)  # what arithmetic leaves on a rounded gain
    expected = np.argsort(-np.round(gains, 2), axis=1, kind="stable")
    assert (_largest_first(gains, 2) == expected).all()
