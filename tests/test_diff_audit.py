"""``perfscore diff`` and audit rules: a rule switched on or off, a rule's deduction, cap or condition edited in
another checkout's audit.yaml — each one Chinese line with both positions — and ``--on`` naming the audit rule
behind a grade that changes; adjustments (一票否决, 加减分) named by their reason, likewise."""

from __future__ import annotations

import json
from pathlib import Path

import perfscore
from support import EXAMPLES, run_cli
from test_diff import at, lines, tree_copy

HEADER = "id: audited\nname: 53号共性指标（含审计）\nversion: '{version}'\nextends: mof2013\n"
FINDINGS = "findings:\n  - {category: 挪用, amount: 12.5, source: 2023年审计报告}\n"


def audited(path: Path, rules: list[str], version: str = "1") -> Path:
    path.write_text(HEADER.format(version=version) + f"audit: {{rules: [{', '.join(rules)}]}}\n", encoding="utf-8")
    return path


def department(tmp_path: Path, findings: str = FINDINGS) -> Path:
    """The demo department (87.36 points, 良好 without findings) with its audit findings."""
    path = tmp_path / "dept.yaml"
    path.write_text((EXAMPLES / "demo_full_department.yaml").read_text(encoding="utf-8") + findings, encoding="utf-8")
    return path


LABELS = {"优": "优", "良": "良好", "中": "中", "差": "差"}  # mof2013's grade labels


def scored(dept: Path, profile: Path) -> tuple[float, str]:
    """The department's total and grade (as the profile prints it) scored by ``profile`` alone."""
    summary = perfscore.score(dept, profile).summary
    return float(summary["total"][0]), LABELS[str(summary["grade"][0])]


def test_a_rule_switched_off_and_one_switched_on_read_in_words_at_the_profiles_lists(tmp_path: Path):
    old = audited(tmp_path / "old.yaml", ["misuse_deduct", "disclosure_deduct"])
    new = audited(tmp_path / "new.yaml", ["misuse_deduct", "asset_deduct"], "2")
    assert lines(perfscore.diff(old, new)) == [
        ("停用审计规则「预决算公开问题每例扣分」（原为：审计发现类别为未按规定公开、公开不及时的问题时，每例从「预决算信息公开性」"
         "扣 1 分，最多扣 2 分）", at(old, "audit:", "disclosure_deduct"), at(new, "audit:", "[")),
        ("启用审计规则「资产管理问题每例扣分」：审计发现类别为账实不符、资产处置不规范、资产未入账的问题时，每例从「资产管理安全性」"
         "扣 0.6 分，最多扣 3 分", at(old, "audit:", "["), at(new, "audit:", "asset_deduct")),
    ]


def test_a_profile_without_audit_gains_a_veto(tmp_path: Path):
    new = audited(tmp_path / "new.yaml", ["misappropriation_flag", "misappropriation_veto"])
    result = perfscore.diff("mof2013", new)
    assert [line for line, _, _ in lines(result)] == [
        "启用审计规则「挤占、挪用、虚列资金」：审计发现类别为挤占、挪用、虚列的问题时，发出标记「审计发现挤占、挪用或虚列资金问题」（错误）",
        "启用审计规则「挤占挪用虚列一票否决（等级最高为中）」：发出标记「审计发现挤占、挪用或虚列资金问题」时，等级最高为中",
    ]
    text = result.render("table")
    assert "审计规则（审计发现的扣分、标记与等级上限）" in text and "misappropriation" not in text


def checkouts(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, Path]:
    """Two perfscore trees with the same audited profile; the second's audit.yaml edited."""
    old = tree_copy(tmp_path / "a").parent / "audited.yaml"
    new = tree_copy(tmp_path / "b", *(("audit.yaml", before, after) for before, after in edits)).parent / "audited.yaml"
    rules = ["misuse_deduct", "misappropriation_flag", "misappropriation_veto"]
    return audited(old, rules), audited(new, rules, "2")


MISUSE = "      deduct: {criterion: funds_compliance, points: 1, max: 3}\n"
VETO = "      grade_cap: 中\n"
CATEGORIES = "      finding: {category: [挤占, 挪用, 虚列]}\n"


def test_an_edited_audit_file_in_another_checkout_names_each_field_in_both_files(tmp_path: Path):
    old, new = checkouts(tmp_path, (MISUSE, MISUSE.replace("points: 1", "points: 2")),
                         (VETO, VETO.replace("中", "差")), (CATEGORIES, CATEGORIES.replace("虚列]", "虚列, 截留]")))
    old_file, new_file = old.parents[1] / "rules" / "audit.yaml", new.parents[1] / "rules" / "audit.yaml"
    result = perfscore.diff(old, new)
    assert lines(result) == [
        ("审计规则「资金使用违规每例扣分」每例扣分：1 → 2", at(old_file, MISUSE.strip(), "1, max"),
         at(new_file, "points: 2", "2")),
        ("审计规则「挤占、挪用、虚列资金」适用的问题类别：挤占、挪用、虚列 → 挤占、挪用、虚列、截留",
         at(old_file, CATEGORIES.strip(), "["), at(new_file, CATEGORIES.strip().replace("虚列]", "虚列, 截留]"), "[")),
        ("审计规则「挤占挪用虚列一票否决（等级最高为中）」等级上限：中 → 差", at(old_file, VETO.strip(), "中"),
         at(new_file, "grade_cap: 差", "差")),
    ]
    data = json.loads(result.render("json"))["changes"]
    assert [(c["kind"], c["field"], c["old"], c["new"]) for c in data][0] == ("audit", ["deduct_points"], 1, 2)
    rows = result.render("csv").splitlines()
    assert rows[1].startswith("审计规则,资金使用违规每例扣分,每例扣分,1,2,")


def test_on_a_department_names_the_audit_rules_that_moved_its_grade(tmp_path: Path):
    old, new = checkouts(tmp_path, (MISUSE, MISUSE.replace("points: 1", "points: 2")),
                         (VETO, VETO.replace("中", "良")))
    dept = department(tmp_path)
    (old_total, old_grade), (new_total, new_grade) = scored(dept, old), scored(dept, new)
    assert (old_grade, new_grade) == ("中", "良好") and new_total == old_total - 1  # capped at 中, then at 良
    result = perfscore.diff(old, new, dept)
    population = result.population
    assert [list(row) for row in population.matrix] == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]]
    (changed,) = population.departments
    assert (changed.old_total, changed.new_total, changed.old_grade, changed.new_grade) == \
        (old_total, new_total, old_grade, new_grade)
    assert [(m.name, m.change) for m in changed.movers] == [("资金使用合规性", -1)]
    text = result.render("table")
    assert "审计规则「资金使用违规每例扣分」扣分 1 → 2" in text
    assert "审计规则「挤占挪用虚列一票否决（等级最高为中）」等级上限 中 → 良好" in text
    rules = json.loads(result.render("json"))["population"]["departments"][0]["rules"]
    assert [(r["rule"], r["effect"], r["old"], r["new"]) for r in rules] == [
        ("misuse_deduct", "deduct", 1, 2), ("misappropriation_veto", "cap", "中", "良好")]


def test_on_a_rule_switched_off_lifts_the_cap_and_its_deduction(tmp_path: Path):
    old = audited(tmp_path / "old.yaml", ["disclosure_deduct", "misappropriation_flag", "misappropriation_veto"])
    new = audited(tmp_path / "new.yaml", ["misappropriation_flag"], "2")
    dept = department(tmp_path, FINDINGS + "  - {category: 未按规定公开, source: 2023年检查}\n")
    done = run_cli("diff", str(old), str(new), "--on", str(dept))
    assert done.returncode == 0, done.stderr
    (old_total, old_grade), (new_total, new_grade) = scored(dept, old), scored(dept, new)
    assert f"{old_total:.2f} {old_grade} → {new_total:.2f} {new_grade}" in done.stdout and old_grade != new_grade
    assert "审计规则「预决算公开问题每例扣分」扣分 1 → 0" in done.stdout
    assert "审计规则「挤占挪用虚列一票否决（等级最高为中）」等级上限 中 → 无" in done.stdout
    assert "各项得分未变" not in done.stdout


def test_a_checkout_without_an_audit_file_is_a_clear_error(tmp_path: Path):
    old = tree_copy(tmp_path / "a").parent / "audited.yaml"
    (old.parents[1] / "rules" / "audit.yaml").unlink()
    audited(old, ["misuse_deduct"])
    done = run_cli("diff", str(old), "mof2013")
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert f"{old}:5:1: 评分方案启用了审计规则，但其所读的规则文件夹中没有审计规则文件 {old.parents[1] / 'rules' / 'audit.yaml'}" \
        in done.stderr


ADJUSTMENT = ("  - {id: veto_overrun, kind: grade_cap, when: staff_actual > staff_authorized * 1.2, cap: 中, "
              "reason: 超编一票否决}\n")
BONUS = "  - {id: bonus_open, kind: bonus, when: disclosure_content_complete, points: 2, reason: 公开内容完整加分}\n"


def test_adjustments_read_by_their_reason_and_name_the_departments_they_move(tmp_path: Path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    head = HEADER.format(version="1") + "adjustments:\n"
    old.write_text(head + ADJUSTMENT, encoding="utf-8")
    new.write_text(head + ADJUSTMENT.replace("1.2", "1.1").replace("cap: 中", "cap: 差") + BONUS, encoding="utf-8")
    table = EXAMPLES / "departments.csv"
    result = perfscore.diff(old, new, table)
    assert lines(result) == [
        ("调整规则「超编一票否决」条件：实有在编人数 > 核定编制数 * 1.2 → 实有在编人数 > 核定编制数 * 1.1",
         at(old, "veto_overrun", "staff_actual"), at(new, "veto_overrun", "staff_actual")),
        ("调整规则「超编一票否决」等级上限：中 → 差", at(old, "veto_overrun", "中"), at(new, "veto_overrun", "差")),
        ("新增调整规则「公开内容完整加分」：类型 加减分，条件 按规定内容公开，分值 2，理由 公开内容完整加分",
         at(old, "- {id: veto_overrun", "-"), at(new, "{id: bonus_open", "{")),
    ]
    before, after = perfscore.score(table, old).summary, perfscore.score(table, new).summary
    assert list(before["row"]) == list(after["row"])
    moved = {int(r): (a, b) for r, a, b, grade_a, grade_b in
             zip(before["row"], before["total"], after["total"], before["grade"], after["grade"]) if grade_a != grade_b}
    assert sorted(d.row for d in result.population.departments) == sorted(moved) and moved
    for dept in result.population.departments:
        bonus = [(c.name, c.effect, c.old, c.new) for c in dept.causes if c.source == "adjustment"]
        gained = moved[dept.row][1] - moved[dept.row][0]
        assert (bonus == [("公开内容完整加分", "bonus", 0, 2)]) == (gained == 2)  # the bonus, where it moved the total


def test_a_card_verifies_by_the_audit_rules_it_carries_after_its_checkout_changed(tmp_path: Path):
    """An auditor re-performs a card with the audit rules it was scored with, though the checkout's audit.yaml has
    been edited (or removed) since: the card carries them, and the installed audit.yaml is not consulted."""
    profile = audited(tree_copy(tmp_path).parent / "audited.yaml", ["misuse_deduct"])
    card = tmp_path / "card.json"
    assert run_cli("score", department(tmp_path), "--profile", profile, "-o", card).returncode == 0
    carried = json.loads(card.read_text(encoding="utf-8"))["profile"]["rubric"]
    assert "misuse_deduct" in carried and "funds_compliance" in carried
    audit_file = profile.parents[1] / "rules" / "audit.yaml"
    audit_file.write_text(audit_file.read_text(encoding="utf-8").replace(MISUSE, MISUSE.replace("points: 1",
                                                                                              "points: 2")),
                          encoding="utf-8")
    done = run_cli("verify", card)
    assert done.returncode == 0 and "复核一致" in done.stdout, done.stdout + done.stderr
    audit_file.unlink()
    assert run_cli("verify", card).returncode == 0
    tampered = json.loads(card.read_text(encoding="utf-8"))
    rule = carried.index("misuse_deduct:")  # the carried rule's own deduction edited
    tampered["profile"]["rubric"] = carried[:rule] + carried[rule:].replace("points: 1\n", "points: 2\n", 1)
    assert tampered["profile"]["rubric"] != carried
    card.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    changed = run_cli("verify", card)
    assert changed.returncode == 1 and "方案已变更" in changed.stdout + changed.stderr
