"""Test helpers: run the CLI in a subprocess, build small profiles from YAML text, score in process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from perfscore.engine.jobs import scoring as api
from perfscore.engine.errors import Position
from perfscore.engine.inputs.batch import MetricBatch, batch_from_records, normalise_record
from perfscore.engine.rubric.plan import Plan, compile_profile
from perfscore.engine.rubric.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEED_LABELS = ROOT / "tests" / "data" / "seeds"  # hand-labelled ground truth for the example reports


def text_metrics(text: str) -> dict[str, Any]:
    """The metrics report extraction reads from ``text`` (what the extraction tests assert on)."""
    from perfscore.engine.reports.extract import extract_text

    return extract_text(text).metrics


def run_cli(*args: str, cwd: Path | None = None, input_text: str | None = None) -> subprocess.CompletedProcess:
    """Run ``perfscore`` in a fresh interpreter, exactly as a user would, into a pipe with ``COLUMNS`` unset (each
    command's default width). The environment is passed explicitly: a terminal library loaded under pytest can
    export ``COLUMNS`` to child processes without it showing in ``os.environ``."""
    return subprocess.run([sys.executable, "-m", "perfscore.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, input=input_text, timeout=300, env=without_columns())


def without_columns() -> dict[str, str]:
    """This process's environment without ``COLUMNS``."""
    return {name: value for name, value in os.environ.items() if name != "COLUMNS"}


# A one-criterion tree: 在职人员控制率 over 100%, −10 a point.
ONE_CRITERION = """
tree:
  - id: input
    name: 投入
    points: 100
    children:
      - id: staff
        indicator: staff_control_rate
        points: 100
        scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 10}
"""

GRADES = """
grades:
  - {grade: 优, label: 优秀, min: 90}
  - {grade: 良, label: 良好, min: 80}
  - {grade: 中, label: 中, min: 60}
  - {grade: 差, label: 差, min: 0}
"""


# 择项 (issue 14): 效益 (30 points), the department picks 2 or 3 of four criteria; 其他 (70) is always scored and
# reads the input of the chosen 人员控制 (staff_actual), so a change of it moves both (whatif).
CHOOSE_BODY = """
tree:
  - id: effect
    name: 效益
    points: 30
    choose: {min: 2, max: 3}
    children:
      - id: staff
        name: 人员控制
        indicator: staff_control_rate
        points: 10
        scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 1}
      - id: sat
        indicator: satisfaction
        points: 10
        scoring: {shape: proportional, target: 90}
      - id: social
        name: 社会效益
        points: 5
        missing: exclude
        scoring: {shape: manual, require_note: false}
      - id: eco
        name: 生态效益
        points: 5
        scoring: {shape: tiered}
  - id: rest
    name: 其他
    points: 70
    children:
      - id: staff_again
        name: 人员控制（共性）
        indicator: staff_control_rate
        points: 70
        scoring: {shape: linear_deduct, threshold: 100, direction: above, deduct: 7}
"""


def profile_text(body: str, **header: Any) -> str:
    """A complete profile around ``body`` (a YAML ``tree:`` and anything else), 2-space indented."""
    lines = [f"id: {header.get('id', 'unit_test')}", "name: 单元测试方案", 'version: "1"']
    for key in ("parameters", "rounding", "defaults", "adjustments", "self_check", "extends"):
        if key in header:
            lines.append(f"{key}: {json.dumps(header[key], ensure_ascii=False)}")
    text = "\n".join(lines) + "\n" + (GRADES if "grades" not in body else "") + textwrap.dedent(body)
    return text




def plan_from_text(directory: Path, body: str, name: str = "p.yaml", **header: Any) -> Plan:
    """Write ``profile_text(body, **header)`` to ``directory / name`` and compile it."""
    path = directory / name
    path.write_text(profile_text(body, **header), encoding="utf-8")
    return plan_from(path)


def plan_from(path: Path | str) -> Plan:
    return compile_profile(load_profile(str(path)))


def make_batch(plan: Plan, raws: list[dict[str, Any]], source: str = "<test>") -> MetricBatch:
    """Raw department mappings → a batch, validated exactly as a metrics file would be."""
    known = {c.id for c in plan.criteria}
    records, goals = [], []
    for raw in raws:
        record, rows = normalise_record(raw, plan.profile.vocabulary, Position(source), known, plan.choices)
        records.append(record)
        goals.append(rows)
    return batch_from_records(records, goals, plan.profile.vocabulary, source, list(range(1, len(raws) + 1)))


def score_records(plan: Plan, records: list[dict[str, Any]], engine: str = "vector") -> list[dict[str, Any]]:
    return api.scorecards(api.score_batch(plan, make_batch(plan, records), engine))


def criterion(card: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(c for c in card["criteria"] if c["id"] == criterion_id)


# Every audit rule of rules/audit.yaml, in file order.
AUDIT_RULES = ["misuse_deduct", "disclosure_deduct", "asset_deduct", "misappropriation_flag", "misappropriation_veto",
               "major_amount_flag", "major_violation_veto"]


def audited_profile(directory: Path) -> Path:
    """mof2013 with every audit rule switched on, written as a profile file in ``directory``."""
    path = directory / "audited.yaml"
    path.write_text(textwrap.dedent(f"""\
        id: mof2013_audited
        name: 53号共性指标（含审计一票否决）
        version: "1"
        extends: mof2013
        audit: {{rules: {json.dumps(AUDIT_RULES)}}}
        tests: []
        """), encoding="utf-8")
    return path
