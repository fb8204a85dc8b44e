"""``perfscore diff``: two rubrics compared as rules and, on a table, as the grades they give the same departments.

:func:`diff_profiles` loads both profiles with their effective documents and the rule files they read
(the installed rules/, or those of another perfscore tree a profile lies in; a lone copy of a profile is read in
place of the file it is compared with) and asks :mod:`..rubric.diff`
for the rule changes; given a table it also runs :func:`compare_population`:
the table is read ONCE (with the new profile's vocabulary, the metrics both profiles read) and
each chunk is scored by both plans with the batch backend (one department's .yaml/.json file, which may carry
audit findings, is one chunk). Out come plain data: the grade transition matrix (old grade × new grade), the mean
and median totals, and every department whose grade changes with the criteria whose points moved it, largest
change first, and the audit rules and adjustments whose effect on it differs (a deduction, a grade cap, a bonus).

Two profiles whose metrics differ where it matters (the old one reads a metric the new
vocabulary lacks, or reads it in another unit or type) are refused before the table is opened.

May import: every other package of ``perfscore.engine``; never ``perfscore.api`` or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..errors import PerfscoreError, Position, Problem
from ..evaluate.results import GRADE_ORDER, Results
from ..inputs.batch import load_single
from ..rubric.diff import RubricDiff, compare_rubrics
from ..rubric.expr import names
from ..rubric.model import Profile
from ..rubric.plan import Plan, compile_profile
from ..rubric.vocabulary import KIND_NAMES, MetricSpec
from ..rubric.audit import load_rules
from ..resources import rules_dir
from ..rubric.profiles import Library, is_lone, load_profile_sources, locate, rules_of_tree
from ..tables.headers import HeaderChoice
from ..tables.rejects import Reject
from ..tables.runner import SLICE_ROWS, Backend, chunk_rows, error_rejects, needed_metrics
from ..tables.source import Chunk, TableOptions, TableSource
from .scoring import SINGLE_SUFFIXES


@dataclass(frozen=True)
class Mover:
    """One criterion's points for a department under each rubric (0 where a rubric lacks it)."""

    criterion: str
    name: str
    old: float
    new: float

    @property
    def change(self) -> float:
        return self.new - self.old


@dataclass(frozen=True)
class Cause:
    """What an audit rule (``source`` "audit") or an adjustment ("adjustment") did to one department under each
    rubric, where the two differ: ``effect`` "deduct" (points taken off, 0 where it took none), "cap" (the grade
    label it capped at, None where it capped nothing) or "bonus" (points added, negative for a penalty)."""

    source: str
    rule: str
    name: str
    effect: str
    old: float | str | None
    new: float | str | None


@dataclass(frozen=True)
class DepartmentChange:
    row: int
    region: str
    name: str
    year: int | None
    old_total: float
    new_total: float
    old_grade: str
    new_grade: str
    movers: tuple[Mover, ...]
    causes: tuple[Cause, ...] = ()


@dataclass(frozen=True)
class PopulationDiff:
    """Both rubrics over one table. ``matrix[i][j]``: departments graded GRADE_ORDER[i] by the old rubric
    and GRADE_ORDER[j] by the new one; labels are each profile's printed grade names."""

    source: str
    read: int
    scored: int
    rejected: int  # rows read but scored by neither (bad cells, or a criterion that requires data)
    matrix: tuple[tuple[int, ...], ...]
    old_labels: tuple[str, ...]
    new_labels: tuple[str, ...]
    old_mean: float
    new_mean: float
    old_median: float
    new_median: float
    departments: tuple[DepartmentChange, ...]
    notes: tuple[dict[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DiffOutcome:
    rubric: RubricDiff
    population: PopulationDiff | None
    old_plan: Plan
    new_plan: Plan


def diff_profiles(old: str, new: str, on: Path | None = None, evaluator: Backend | None = None,
                  goals: Path | None = None, encoding: str | None = None, **reading: Any) -> DiffOutcome:
    """Compare the profiles ``old`` and ``new`` (ids or paths); with ``on``, also the grades they give its rows."""
    old_profile, old_document, old_library = _load(old, new)
    new_profile, new_document, new_library = _load(new, old)
    rubric = compare_rubrics((old_profile, old_document), (new_profile, new_document),
                             (old_library.raw, new_library.raw), (_audit_raw(old_profile, old_library),
                                                                  _audit_raw(new_profile, new_library)))
    old_plan, new_plan = compile_profile(old_profile), compile_profile(new_profile)
    population = None
    if on is not None:
        check_vocabularies(old_plan, new_plan, Position(old_plan.profile.path), Position(new_plan.profile.path))
        population = compare_population(old_plan, new_plan, on, evaluator, goals, encoding, **reading)
    return DiffOutcome(rubric, population, old_plan, new_plan)


def _load(reference: str, other: str) -> tuple[Profile, Any, Library]:
    """One side's profile. A lone copy of a profile (``git show HEAD~1:scoring_profiles/x.yaml > /tmp/old.yaml``:
    in no perfscore tree) compared with a file that is in one is read as if it stood in that file's place: the same
    rule files (indicators, audit.yaml) and the same folder for ``extends:``, so the comparison shows what changed in
    the file itself. What it names that those rules lack is an error (exit 2) that says which rules it read."""
    if not is_lone(reference) or is_lone(other):
        return load_profile_sources(reference)
    place = locate(other)
    try:
        return load_profile_sources(reference, stand_in=place)
    except PerfscoreError as exc:
        rules = rules_of_tree(place) or rules_dir()
        raise PerfscoreError([*exc.problems, Problem(
            Position(reference), f"此文件不在评分方案目录树（scoring_profiles/ 与 rules/）中，当作位于与之比较的 {place} 处读取："
            f"规则文件取自 {rules}，继承（extends:）在 {place.parent} 中查找",
            "要连同规则文件比较两个版本，应取出旧版本的 rules/ 与 scoring_profiles/（如 git archive HEAD~1 rules "
            "scoring_profiles | tar -x -C 某文件夹），再比较两棵目录树中的评分方案")]) from None


def _audit_raw(profile: Profile, library: Library) -> dict[str, Any]:
    """The audit.yaml mappings (with their positions) of the rules ``profile`` switches on."""
    if not profile.audit:
        return {}
    _, raw = load_rules(library.audit_file)
    return {rule.id: raw.get(rule.id) for rule in profile.audit}


def _metrics_read(plan: Plan) -> list[str]:
    """The metrics a plan reads (criteria and adjustments), in rubric order."""
    found = dict.fromkeys(name for c in plan.criteria for name in c.inputs)
    for _, expr in plan.adjustments:
        found.update(dict.fromkeys(sorted(names(expr))))
    vocabulary = plan.profile.vocabulary
    return [m for m in found if vocabulary is None or m in vocabulary]


def check_vocabularies(old: Plan, new: Plan, old_where: Position, new_where: Position) -> None:
    """Refuse a comparison the table cannot feed: every metric the old profile reads must mean the same in the new
    profile's vocabulary (the table is read once, with the new one)."""
    old_vocabulary, new_vocabulary = old.profile.vocabulary, new.profile.vocabulary
    if old_vocabulary is None or new_vocabulary is None:
        return
    lacking, differing = [], []
    for metric in _metrics_read(old):
        spec, other = old_vocabulary.get(metric), new_vocabulary.get(metric)
        if other is None:
            lacking.append(spec.zh if spec else metric)
        elif spec is not None and (spec.kind, spec.unit) != (other.kind, other.unit):
            differing.append(f"{spec.zh}（旧：{_kind_text(spec)}，新：{_kind_text(other)}）")
    problems = []
    if lacking:
        problems.append(Problem(new_where, f"新评分方案的指标词汇缺少旧评分方案读取的指标：{'、'.join(lacking)}",
                                "应在新评分方案的 metrics: 中声明这些指标（与旧评分方案相同的编号、类型和单位）"))
    if differing:
        problems.append(Problem(new_where, f"两个评分方案对同一指标的类型或单位不同：{'、'.join(differing)}",
                                "两个评分方案中同一指标的类型和单位应相同（表格只按新评分方案读取一次）"))
    if problems:
        raise PerfscoreError(problems)


def _kind_text(spec: MetricSpec) -> str:
    """A metric's kind and unit as a person reads them: ``百分比，单位 %``."""
    kind = KIND_NAMES.get(spec.kind or "", spec.kind or "未注明类型")
    return f"{kind}，单位 {spec.unit}" if spec.unit else kind


def compare_population(old: Plan, new: Plan, table: Path, evaluator: Backend | None = None,
                       goals: Path | None = None, encoding: str | None = None, *, header: HeaderChoice | None = None,
                       columns: Path | None = None, strict_columns: bool = False,
                       chunk_size: int | None = None) -> PopulationDiff:
    """Read ``table`` once, score every chunk with both plans; the transition matrix, the totals' mean and median,
    and every department whose grade changes with the criteria (and the audit rules, adjustments) that moved it.
    ``table`` may also be one department's file (.yaml/.json: a table has no audit findings)."""
    if evaluator is None:
        from ..evaluate.vector import VectorBackend

        evaluator = VectorBackend()
    if not table.exists():
        raise PerfscoreError(Problem(Position(str(table)), "找不到表格文件",
                                      "应为已有的 .csv/.xlsx/.parquet 表格文件，或一个部门的 .yaml/.json 文件"))
    criteria = {c.id for c in (*old.criteria, *new.criteria)}
    notes: list[dict[str, str]] = []
    if table.suffix.lower() in SINGLE_SUFFIXES:  # one department's file: metrics, and its audit findings
        chunks: Iterable[Chunk] = [Chunk(load_single(table, new.profile.vocabulary, criteria,
                                                     old.choices + new.choices), [], 1)]
        early: list[Reject] = []
    else:
        names_to_ids = {c.path_names[-1]: c.id for c in (*old.criteria, *new.criteria)}
        source = TableSource(table, new.profile.vocabulary, criteria,
                             TableOptions(goals, encoding, chunk_rows(chunk_size),
                                          needed_metrics(old) | needed_metrics(new), header or HeaderChoice(), columns,
                                          strict_columns, names_to_ids, old.choices + new.choices))
        chunks, early, notes = source.chunks(SLICE_ROWS), source.goals.rejects, source.notes
    rejected_rows = {r.row for r in early if r.table == "metrics"}
    first: Reject | None = next((r for r in early if r.table == "metrics"), None)
    read, matrix = 0, np.zeros((len(GRADE_ORDER), len(GRADE_ORDER)), np.int64)
    totals: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])
    departments: list[DepartmentChange] = []
    for chunk in chunks:
        read += chunk.read
        rejected_rows.update(r.row for r in chunk.rejects if r.table == "metrics")
        before, after = evaluator.evaluate(old, chunk.batch), evaluator.evaluate(new, chunk.batch)
        errors = before.error_rows() | after.error_rows()
        if first is None:  # the first reason a row was not scored, should none be
            first = next((r for r in chunk.rejects if r.table == "metrics"), None) or next(iter(
                [*error_rejects(before, before.error_rows()), *error_rejects(after, after.error_rows())]), None)
        rejected_rows.update(int(r) for r in np.asarray(chunk.batch.row_numbers)[errors])
        keep = np.flatnonzero(~errors)
        np.add.at(matrix, (before.grade[keep], after.grade[keep]), 1)
        totals[0].append(before.total[keep])
        totals[1].append(after.total[keep])
        moved = keep[before.grade[keep] != after.grade[keep]]
        departments += _changes(before, after, moved)
    if not sum(len(t) for t in totals[0]):
        raise _nothing_scored(table, read, first)
    old_totals = np.concatenate(totals[0]) if totals[0] else np.zeros(0)
    new_totals = np.concatenate(totals[1]) if totals[1] else np.zeros(0)
    return PopulationDiff(
        str(table), read, len(old_totals), len(rejected_rows), tuple(tuple(int(v) for v in r) for r in matrix),
        _labels(old.profile), _labels(new.profile), _stat(np.mean, old_totals), _stat(np.mean, new_totals),
        _stat(np.median, old_totals), _stat(np.median, new_totals), tuple(departments), tuple(notes))


def _nothing_scored(table: Path, read: int, first: Reject | None) -> PerfscoreError:
    """No department both rubrics score: exit 2 with the first reason, as ``score`` does, not an empty comparison."""
    why = f"全部 {read} 行被拒绝，首个：第 {first.row} 行 {first.column} {first.reason}" if first else "表中没有数据行"
    return PerfscoreError(Problem(Position(str(table), first.row if first else 0),
                                  f"两个评分方案都能评分的部门为 0：{why}",
                                  "应为两个评分方案都能评分的表格（列名为新评分方案的指标；择项的层级另需"
                                  "“择项权重：指标名称”列）"))


def _labels(profile: Profile) -> tuple[str, ...]:
    printed = {band.grade: band.label for band in profile.grades}
    return tuple(printed.get(g, g) for g in GRADE_ORDER)


def _stat(function: Any, values: np.ndarray) -> float:
    return round(float(function(values)), 6) if len(values) else float("nan")


def _changes(before: Results, after: Results, rows: np.ndarray) -> list[DepartmentChange]:
    """The departments at ``rows`` (positions in the chunk), each with the criteria whose points differ (a criterion
    one rubric lacks counts 0 there), largest change first, then in rubric order."""
    if not len(rows):
        return []
    old_ids = {c.id: c for c in before.plan.criteria}
    new_ids = {c.id: c for c in after.plan.criteria}
    ids = [*new_ids, *(i for i in old_ids if i not in new_ids)]
    names = [(new_ids.get(i) or old_ids[i]).criterion.name for i in ids]

    def points(results: Results, known: dict[str, Any]) -> np.ndarray:
        zeros = np.zeros(len(rows))
        return np.round(np.column_stack([np.nan_to_num(results.criteria[known[i].index].points[rows]) if i in known
                                         else zeros for i in ids]), 6)

    old_points, new_points = points(before, old_ids), points(after, new_ids)
    change = new_points - old_points
    columns = after.batch.columns
    old_labels, new_labels = _labels(before.plan.profile), _labels(after.plan.profile)
    out = []
    for k, i in enumerate(rows):
        moved = np.flatnonzero(change[k])
        moved = moved[np.lexsort((moved, -np.abs(change[k, moved])))]
        out.append(DepartmentChange(
            int(after.batch.row_numbers[i]), _text(columns.get("region"), i), _text(columns.get("dept_name"), i),
            _year(columns.get("year"), i), round(float(before.total[i]), 6), round(float(after.total[i]), 6),
            old_labels[before.grade[i]], new_labels[after.grade[i]],
            tuple(Mover(ids[j], names[j], float(old_points[k, j]), float(new_points[k, j])) for j in moved),
            _causes(before, after, int(i), old_labels, new_labels)))
    return out


def _causes(before: Results, after: Results, i: int, old_labels: tuple[str, ...],
            new_labels: tuple[str, ...]) -> tuple[Cause, ...]:
    """The audit rules and adjustments whose effect on department ``i`` differs between the rubrics (a rule one
    rubric lacks did nothing there): deductions, grade caps, bonus points."""
    old, new = _effects(before, i, old_labels), _effects(after, i, new_labels)
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        (source, rule, effect), name = key, (new.get(key) or old[key])[0]
        nothing = None if effect == "cap" else 0.0
        a, b = (old.get(key) or (name, nothing))[1], (new.get(key) or (name, nothing))[1]
        if a != b:
            out.append(Cause(source, rule, name, effect, a, b))
    return tuple(out)


def _effects(results: Results, i: int, labels: tuple[str, ...]) -> dict[tuple[str, str, str], tuple[str, Any]]:
    """(source, rule id, effect) → (its name, what it did to department ``i``) for every audit rule and adjustment
    of the rubric: points deducted, the grade label capped at (None: no cap), points added."""
    found: dict[tuple[str, str, str], tuple[str, Any]] = {}
    for adjustment in results.plan.profile.adjustments:
        hit = bool(results.adjustments[adjustment.id][i])
        name = adjustment.reason or adjustment.id
        if adjustment.kind == "bonus":
            found[("adjustment", adjustment.id, "bonus")] = (name, adjustment.points if hit else 0.0)
        else:
            found[("adjustment", adjustment.id, "cap")] = (name, labels[GRADE_ORDER.index(adjustment.cap)] if hit else None)
    if results.audit is None:
        return found
    dept = results.audit.departments[i]
    applied = {r for _, r in dept.matches} | set(dept.fired)
    taken: dict[str, float] = {}
    for deductions in dept.deductions.values():
        for deduction in deductions:
            taken[deduction.rule] = taken.get(deduction.rule, 0.0) + deduction.points
    for r, rule in enumerate(results.audit.rules):
        if rule.deduct:
            found[("audit", rule.id, "deduct")] = (rule.name, round(taken.get(rule.id, 0.0), 6))
        if rule.grade_cap:
            capped = r in applied
            found[("audit", rule.id, "cap")] = (rule.name, labels[GRADE_ORDER.index(rule.grade_cap)] if capped else None)
    return found


def _text(column: np.ndarray | None, i: int) -> str:
    if column is None:
        return ""
    value = column[i]
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def _year(column: np.ndarray | None, i: int) -> int | None:
    if column is None:
        return None
    try:
        value = float(column[i])
    except (TypeError, ValueError):
        return None
    return None if np.isnan(value) else int(value)
