"""``perfscore diff`` of two versions of one file: ``git show HEAD~1:scoring_profiles/x.yaml > /tmp/old.yaml`` (a
copy in no perfscore tree) is read in place of the file it is compared with — that tree's rule files, its folder
for ``extends:`` — so the comparison and ``--on`` show what changed in the file itself; what the copy names that
those rules lack is a Chinese error (exit 2) saying which rules it read. A tree's rule files stay inside it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import perfscore
from support import ROOT, run_cli
from test_diff import COMPLETION, STAFF, at, lines

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=审计", "-c", "user.email=audit@example.org", *args], cwd=repo,
                          capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, edits: list[tuple[str, str, str]]) -> None:
    """``(file, before, after)`` edits committed together."""
    for name, before, after in edits:
        path = repo / name
        text = path.read_text(encoding="utf-8")
        assert text.count(before) == 1, before
        path.write_text(text.replace(before, after), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "修订")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A perfscore tree under git (scoring_profiles/ and rules/ as shipped), one commit."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(ROOT / "scoring_profiles", root / "scoring_profiles")
    shutil.copytree(ROOT / "rules", root / "rules")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "初版")
    return root


def shown(repo: Path, target: Path) -> Path:
    """``git show HEAD~1:scoring_profiles/mof2013.yaml > target``."""
    target.write_text(git(repo, "show", "HEAD~1:scoring_profiles/mof2013.yaml"), encoding="utf-8")
    return target


def test_last_years_file_reads_the_rules_of_the_file_it_is_compared_with(repo: Path, tmp_path: Path):
    commit(repo, [("scoring_profiles/mof2013.yaml", STAFF, STAFF.replace("threshold: 100", "threshold: 105")),
                  ("rules/budget_execution.yaml", COMPLETION, COMPLETION.replace("* 100", "* 150"))])
    old, new = shown(repo, tmp_path / "old.yaml"), repo / "scoring_profiles" / "mof2013.yaml"
    table = tmp_path / "departments.csv"
    perfscore.synth(table, 300, seed=5)
    result = perfscore.diff(old, new, table)
    # the rule file's change is the same on both sides: only the file's own change, as git diff shows it
    assert lines(result) == [("三级指标「在职人员控制率」评分标准 阈值：100 → 105", at(old, STAFF, "100"),
                              at(new, "threshold: 105", "105"))]
    placed = repo / "scoring_profiles" / "placed.yaml"  # the old file put in the tree by hand scores the same
    shutil.copy(old, placed)
    before, after = perfscore.score(table, placed).summary, perfscore.score(table, new).summary
    assert result.population.old_mean == pytest.approx(before["total"].mean())
    assert result.population.new_mean == pytest.approx(after["total"].mean())
    moved = [int(r) for r, a, b in zip(before["row"], before["grade"], after["grade"]) if a != b]
    assert [d.row for d in result.population.departments] == moved
    # and read alone it reads the installed rules, which lack the tree's edit: the mean differs
    assert perfscore.score(table, old).summary["total"].mean() != pytest.approx(before["total"].mean())


def test_last_years_file_naming_an_indicator_since_renamed_is_a_clear_error(repo: Path, tmp_path: Path):
    commit(repo, [("rules/budget_execution.yaml", "  - id: budget_completion_rate\n", "  - id: budget_done_rate\n"),
                  ("scoring_profiles/mof2013.yaml", "indicator: budget_completion_rate\n",
                   "indicator: budget_done_rate\n")])
    old = shown(repo, tmp_path / "old.yaml")
    new = repo / "scoring_profiles" / "mof2013.yaml"
    done = run_cli("diff", str(old), str(new))
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert f"{at(old, 'indicator: budget_completion_rate', 'budget')}: 未知的指标“budget_completion_rate”" in done.stderr
    assert (f"{old}: 此文件不在评分方案目录树（scoring_profiles/ 与 rules/）中，当作位于与之比较的 {new} 处读取："
            f"规则文件取自 {repo / 'rules'}") in done.stderr
    assert "git archive HEAD~1 rules scoring_profiles" in done.stderr


def test_two_checkouts_compare_their_rule_files(repo: Path, tmp_path: Path):
    commit(repo, [("rules/budget_execution.yaml", COMPLETION, COMPLETION.replace("* 100", "* 150"))])
    last = tmp_path / "last-year"
    last.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD~1", "rules", "scoring_profiles"], cwd=repo, capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(last)], input=archive, check=True)
    old, new = last / "scoring_profiles" / "mof2013.yaml", repo / "scoring_profiles" / "mof2013.yaml"
    assert lines(perfscore.diff(old, new)) == [
        ("三级指标「预算完成率」计算公式含义改变：决算总支出 / 调整后预算数（全年预算数） * 100 → "
         "决算总支出 / 调整后预算数（全年预算数） * 150", at(last / "rules" / "budget_execution.yaml", COMPLETION.strip(), "final"),
         at(repo / "rules" / "budget_execution.yaml", COMPLETION.strip().replace("* 100", "* 150"), "final"))]


def test_a_rule_file_linking_out_of_its_tree_is_refused(repo: Path, tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("indicators: []\n", encoding="utf-8")
    (repo / "rules" / "extra.yaml").symlink_to(outside)
    done = run_cli("diff", str(repo / "scoring_profiles" / "mof2013.yaml"), "mof2013")
    assert done.returncode == 2 and done.stdout == "" and "Traceback" not in done.stderr
    assert f"{repo / 'rules' / 'extra.yaml'}: 路径“extra.yaml”超出其所在文件夹 {repo / 'rules'}" in done.stderr


def test_a_checkout_without_its_metric_vocabulary_is_a_clear_error(repo: Path):
    (repo / "rules" / "metrics.yaml").unlink()
    done = run_cli("diff", str(repo / "scoring_profiles" / "mof2013.yaml"), "mof2013")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{repo / 'rules'}: 评分方案目录树的规则文件夹中没有 metrics.yaml（指标词汇）" in done.stderr
