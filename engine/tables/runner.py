"""Grade a whole jurisdiction: a table in, a ranked summary, a breakdown and a rejects file out.

Per chunk the compiled plan scores the rows (a pure per-row step); the whole-table
steps — prior-year values (done by :class:`.source.TableSource` up front),
ranking and the grade distribution — run once, over the small summary, at the end
(design §6). Every input row ends in exactly one place: scored, or a line in the
rejects file; the run ends with ``read = scored + rejected`` on stderr.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import numpy as np

from ... import __version__
from ..atomic import OutputSet, atomic_path, free_name, retire, write_bytes
from .breakdown import BreakdownWriter, breakdown_columns
from ..errors import PerfscoreError, Position, Problem
from .memory import release_free_memory
from ..rubric.plan import Plan
from ..evaluate.ranking import competition_rank
from ..evaluate.results import GRADE_ORDER, Results
from ..evaluate.vector import VectorBackend
from ..rounding import round_quietly
from ..inputs.batch import MetricBatch
from ..render.csvfile import DEFAULT_ENCODING, encode, rows_text, write_csv
from .rejects import Reject
from .read import TableFile
from .headers import HeaderChoice
from .source import TableOptions, TableSource

SUMMARY_FORMATS = ("csv", "parquet")
CARD_FORMATS = ("json", "jsonl", "table", "md", "xlsx", "pdf", "html")
REJECT_COLUMNS = ("table", "row", "column", "value", "reason")
REJECT_HEADERS = ("表", "行号", "列", "值", "原因")
TABLE_NAMES = {"metrics": "指标表", "goals": "目标表"}
# A table read whole is still scored in slices of this many records: the per-slice arrays (breakdown,
# reasons) stay a few MB, so memory is reused rather than freshly mapped, and the breakdown of one
# slice is encoded on the writer's thread while the next is scored.
SLICE_ROWS = 20_000
CARD_GROUP = 500  # scorecards built, then written, at a time when they go to a file
MAX_FORM_ROWS = 10_000  # rows a workbook, PDF or HTML report is made for: built from every scorecard at once
# (3,000 departments' workbook: 0.7 GB at most)
# --chunk-size below this is read as this: a chunk of a few rows costs its fixed overhead per row (80× slower
# at 1) while saving no memory worth having.
MIN_CHUNK_ROWS = 1_000


@dataclass
class BatchOptions:
    fmt: str
    output: Path | None = None
    breakdown: Path | None = None
    rejects: Path | None = None
    goals: Path | None = None
    encoding: str | None = None
    chunk_size: int | None = None
    reasons: bool = True
    quiet: bool = False
    header: HeaderChoice = field(default_factory=HeaderChoice)  # --header-row, --header-rows, --sheet
    columns: Path | None = None  # --columns map.yaml
    strict_columns: bool = False  # --strict: an unknown column is an error
    output_encoding: str = DEFAULT_ENCODING  # of every CSV written: summary, breakdown, rejects
    max_rows: int | None = None  # a table with more rows is refused before any work (the forms' limit)


@dataclass
class Outcome:
    read: int = 0
    scored: int = 0
    rejects: list[Reject] = field(default_factory=list)
    goal_rows: int = 0
    cards: list[dict[str, Any]] = field(default_factory=list)
    summary: Any = None  # pandas DataFrame
    notes: list[dict[str, str]] = field(default_factory=list)  # warnings for the person running it

    @property
    def rejected_rows(self) -> int:
        return len({r.row for r in self.rejects if r.table == "metrics"})

    def account(self) -> str:
        goals = [r for r in self.rejects if r.table == "goals"]
        tail = f"；目标表 {self.goal_rows} 行，其中 {len(goals)} 行被拒绝" if self.goal_rows else ""
        return f"perfscore: 读取 {self.read} 行 = 评分 {self.scored} 行 + 拒绝 {self.rejected_rows} 行{tail}"

    def sort_rejects(self) -> None:
        """Metric-table rejects first, then the goal table's, each in row order (as the rejects file lists them)."""
        self.rejects.sort(key=lambda r: (r.table != "metrics", r.row))


def beside(output: Path, tag: str, suffix: str | None = None) -> Path:
    """``results.csv`` → ``results.<tag>.csv`` (or the given suffix)."""
    return output.with_name(f"{output.stem}.{tag}{suffix or output.suffix}")


class Backend(Protocol):
    def evaluate(self, plan: Plan, batch: MetricBatch) -> Results: ...


class ProgressSink(Protocol):
    def update(self, rows: int) -> None: ...

    def close(self) -> None: ...


def run(path: Path | TableFile, plan: Plan, options: BatchOptions,
        progress: Callable[[int], ProgressSink] | None = None, evaluator: Backend | None = None,
        cards: CardSink | None = None) -> Outcome:
    """Score every row of the table (a file at ``path``, or an opened one); write what ``options`` asks for; return the account.

    ``progress(total_rows)`` makes the caller's progress display; the batch only reports rows done.
    ``evaluator`` is the backend the caller chose (default: the vector backend). For a card format the
    scorecards go to ``cards`` chunk by chunk when given (a file being written), else into the outcome."""
    source = TableSource(path, plan.profile.vocabulary, {c.id for c in plan.criteria},
                         TableOptions(options.goals, options.encoding, chunk_rows(options.chunk_size), needed_metrics(plan),
                                      options.header, options.columns, options.strict_columns,
                                      {c.path_names[-1]: c.id for c in plan.criteria}, plan.choices))
    if options.max_rows is not None and source.rows_read() > options.max_rows:
        raise PerfscoreError(Problem(
            Position(str(path) if isinstance(path, Path) else "数据表"),
            f"表中有 {source.rows_read()} 行，一个 {options.fmt} 文件至多容纳 {options.max_rows} 个部门的评分表",
            "按地区或年度拆分后分别输出，或输出汇总与明细：-o results.csv（或 .parquet）"))
    outcome = Outcome(rejects=list(source.goals.rejects), goal_rows=source.goals.read, notes=source.notes)
    if options.chunk_size:  # streamed: what the whole-table steps freed goes back before the chunks
        release_free_memory()
    evaluator = evaluator or VectorBackend()
    breakdown = _breakdown_writer(options, "year" in source.columns)
    bar = progress(source.rows_read()) if progress else None
    summary_target = options.output if options.output is not None and options.fmt in SUMMARY_FORMATS else None
    try:
        parts = score_chunks(source, plan, evaluator, outcome, options, breakdown, bar, cards)
        # The summary is made and written while the last breakdown slice is encoded; it replaces its target
        # only once the breakdown is complete, so a failed run leaves neither file half-written nor alone.
        outcome.summary = finish_summary(parts, plan)
        with atomic_path(summary_target) if summary_target else nullcontext() as temp:
            if temp is not None:
                write_summary_file(outcome.summary, temp, options.fmt, options.output_encoding)
            if breakdown is not None:
                breakdown.close()
    except BaseException:
        if breakdown is not None:
            breakdown.close(ok=False)  # nothing when the failure was its own close
        raise
    finally:
        if bar is not None:
            bar.close()
    outcome.sort_rejects()
    outcome.notes.extend(goal_warning(plan, source.goals.target_rows, outcome.scored))
    return outcome


def goal_warning(plan: Plan, goal_targets: np.ndarray, scored: int) -> list[dict[str, str]]:
    """One warning when the profile scores a goal table (个性指标) and no scored department has a goal row."""
    goal_criteria = [c for c in plan.criteria if type(c.options[0].scoring).__name__ == "GoalTable"]
    if not goal_criteria or len(goal_targets) or not scored:
        return []
    names = "、".join(c.path_names[-1] for c in goal_criteria)
    return [{"severity": "warning", "message": f"评分方案按目标表评“{names}”，但没有任何部门有目标行："
                                               f"{scored} 个部门该项按缺少目标计分；目标表可放在工作簿的目标表工作表、"
                                               "输入文件旁的 NAME.goals.csv，或用 --goals FILE 指定"}]


def chunk_rows(chunk_size: int | None) -> int | None:
    """The rows read at a time: ``--chunk-size``, at least :data:`MIN_CHUNK_ROWS`; None reads the table whole."""
    return max(chunk_size, MIN_CHUNK_ROWS) if chunk_size else None


def needed_metrics(plan: Plan) -> frozenset[str]:
    """The metrics the plan's criteria read (prior-year values are filled in only for these)."""
    return frozenset(name for c in plan.criteria for name in c.inputs)


class BreakdownSink(Protocol):
    def write(self, arrays: dict[str, Any]) -> None: ...


class CardSink(Protocol):
    def add(self, cards: list[dict[str, Any]]) -> None: ...


def score_chunks(source: TableSource, plan: Plan, evaluator: Backend, outcome: Outcome, options: BatchOptions,
                 breakdown: BreakdownSink | None = None, bar: ProgressSink | None = None,
                 cards: CardSink | None = None) -> list[dict[str, Any]]:
    """Score the source's chunks: counts and rejects into ``outcome``, scorecards into ``cards`` (else into
    ``outcome``), the breakdown into ``breakdown``; return the summary parts (ranked later, over the whole
    table, by :func:`finish_summary`)."""
    parts = []
    for chunk in source.chunks(SLICE_ROWS):
        results = evaluator.evaluate(plan, chunk.batch)
        errors = results.error_rows()
        outcome.rejects += chunk.rejects + error_rejects(results, errors)
        keep = ~errors
        outcome.read += chunk.read
        outcome.scored += int(keep.sum())
        parts.append(summary_part(results, keep))
        if breakdown is not None:
            breakdown.write(breakdown_columns(results, keep, chunk.derived, options.reasons))
        if options.fmt in CARD_FORMATS:
            from ..evaluate import plausibility
            from ..render.scorecard import ScorecardBuilder

            builder = ScorecardBuilder(results, __version__, plausibility.evaluate(results))
            rows = np.flatnonzero(keep).tolist()
            for start in range(0, len(rows), CARD_GROUP):  # a scorecard is large: a few hundred at a time
                built = [builder.build(i) for i in rows[start:start + CARD_GROUP]]
                if cards is not None:
                    cards.add(built)
                else:
                    outcome.cards += built
        if bar is not None:
            bar.update(chunk.read)
    return parts


def _breakdown_writer(options: BatchOptions, has_year: bool) -> BreakdownWriter | None:
    target = options.breakdown
    if target is None and options.output is not None and options.fmt in SUMMARY_FORMATS:
        target = beside(options.output, "breakdown")
    return BreakdownWriter(target, options.reasons, has_year, options.output_encoding) if target is not None else None


def error_rejects(results: Results, errors: np.ndarray) -> list[Reject]:
    """Rows a criterion with missing policy ``error`` could not score."""
    out = []
    for i in np.flatnonzero(errors):
        for c in results.plan.criteria:
            result = results.criteria[c.index]
            if result.error[i]:
                why = results.reasons.texts[int(result.why[i])] or "无法评分"
                out.append(Reject("metrics", int(results.batch.row_numbers[i]), c.criterion.name, "",
                                  f"{c.criterion.name}：{why}（该指标要求数据完整）"))
    return out


def summary_part(results: Results, keep: np.ndarray) -> dict[str, Any]:
    """One chunk's summary columns: identity, total, grade, level subtotals, self-check gap."""
    plan, batch = results.plan, results.batch
    rows = np.flatnonzero(keep)
    labels = {band.grade: band.label for band in plan.profile.grades}
    part: dict[str, Any] = {"row": np.asarray(batch.row_numbers, np.int64)[rows]}
    for name in ("region", "dept_name", "year"):
        if name in batch.columns:
            part[name] = batch.columns[name][rows]
    grades = np.array(GRADE_ORDER, dtype=object)[results.grade[rows]]
    grade_labels = np.array([labels.get(g, g) for g in GRADE_ORDER], dtype=object)[results.grade[rows]]
    part.update(total=results.total[rows], grade=grades, grade_label=grade_labels)
    for k, level in enumerate(plan.levels):
        part["level." + ".".join(level.path)] = results.levels[k][rows]
    self_score = batch.columns.get("self_score")
    if self_score is not None and self_score.dtype != object:
        part["self_score"] = self_score[rows]
        part["self_gap"] = round_quietly(self_score[rows] - results.total[rows], 6)
    return part


def finish_summary(parts: list[dict[str, Any]], plan: Plan):
    """The whole-table steps: concatenate, rank within each year, order columns (one DataFrame, built once)."""
    import pandas as pd

    if not parts:
        summary = pd.DataFrame({"row": [], "total": []})
        summary.insert(summary.columns.get_loc("total") + 1, "rank", competition_rank(np.zeros(0), np.zeros(0)))
        return summary
    if any(part.keys() != parts[0].keys() for part in parts):  # chunks that differ in columns: let pandas align
        summary = pd.concat([pd.DataFrame(part) for part in parts], ignore_index=True)
        columns = {name: summary[name].to_numpy() for name in summary.columns}
    else:  # column by column, each part's copy dropped as soon as it is joined
        columns = {}
        for name in list(parts[0]):
            columns[name] = np.concatenate([part.pop(name) for part in parts])
        parts.clear()
    years = columns["year"].astype(float) if "year" in columns else np.zeros(len(columns["total"]))
    columns["rank"] = competition_rank(columns["total"].astype(float), years)
    if "year" in columns and len(years) and not np.isnan(years).any():
        columns["year"] = years.astype("int64")
    levels = [c for c in columns if c.startswith("level.")]
    order = ["row", "region", "dept_name", "year", "total", "grade", "grade_label", "rank", *levels,
             "self_score", "self_gap"]
    return pd.DataFrame({name: columns.pop(name) for name in order if name in columns}, copy=False)


def write_summary_file(summary, path: Path, fmt: str, encoding: str = DEFAULT_ENCODING) -> None:
    """The summary as CSV (in ``encoding``) or Parquet at ``path`` (a batch run writes it to a temporary file,
    then renames)."""
    if fmt == "parquet":
        summary.to_parquet(path, index=False)
    else:
        write_csv(summary, path, encoding=encoding)


def rejects_bytes(rejects: list[Reject], encoding: str = DEFAULT_ENCODING) -> bytes:
    """The rejects file: Chinese headers (表, 行号, 列, 值, 原因), one line per reject, by the one CSV writer."""
    rows = ((TABLE_NAMES.get(r.table, r.table), r.row, r.column, r.value, r.reason) for r in rejects)
    return encode(rows_text(REJECT_HEADERS, rows), encoding)


def rejects_path(source: Path, options: BatchOptions) -> Path | None:
    """``--rejects``, else beside the output, else beside the input (only when there is something to say)."""
    if options.rejects is not None:
        return options.rejects
    if options.output is not None:
        return beside(options.output, "rejects", ".csv")
    return None


def claim_outputs(outputs: OutputSet, options: BatchOptions, dask: bool = False) -> None:
    """Check every file the run will write before any work: none is an input, a non-file or another output."""
    if options.output is not None:
        outputs.claim(options.output, "-o")
    breakdown = options.breakdown
    if breakdown is None and options.output is not None and options.fmt in SUMMARY_FORMATS:
        breakdown = options.output.with_name(f"{options.output.stem}.breakdown") if dask \
            else beside(options.output, "breakdown")
    if breakdown is not None:
        outputs.claim(breakdown, "--breakdown" if options.breakdown is not None else "明细文件（NAME.breakdown）",
                      folder=dask)
    rejects = rejects_path(Path(), options)
    if rejects is not None:
        outputs.claim(rejects, "--rejects" if options.rejects is not None else "拒绝明细（NAME.rejects.csv）")


def write_rejects(source: Path, outcome: Outcome, options: BatchOptions) -> Path | None:
    """Write the rejects file (beside the output, or the input) when there are rejects; return where.
    Beside the input an existing file is never replaced: the first free ``NAME.rejects.N.csv`` is used.
    With nothing rejected no rejects file is written, and one an earlier run left where this run's would go
    (``--rejects``, or ``NAME.rejects.csv`` beside ``-o``) is retired with the new outputs' commit, noted in
    ``outcome.notes``: old rejects never stand beside new results."""
    if not outcome.rejects:
        stale = rejects_path(source, options)
        if stale is not None and retire(stale):
            outcome.notes.append({"severity": "info", "message": f"本次无拒绝行，已删除上次运行留下的拒绝明细 {stale}"})
        return None
    target = rejects_path(source, options) or free_name(beside(source, "rejects", ".csv"))
    write_bytes(target, rejects_bytes(outcome.rejects, options.output_encoding))
    return target


def nothing_scored(source: Path, outcome: Outcome) -> PerfscoreError:
    """The error of a run that scored no row (every row rejected, or none at all): exit 2, not a silent success."""
    first = next((r for r in outcome.rejects if r.table == "metrics"), None)
    why = f"全部 {outcome.read} 行被拒绝，首个：第 {first.row} 行 {first.column} {first.reason}" if first \
        else "表中没有数据行"
    return PerfscoreError(Problem(Position(str(source), first.row if first else 0), f"没有评分任何部门：{why}",
                                  "表中至少应有一行可以评分"))


def strict_failure(source: Path, outcome: Outcome) -> PerfscoreError:
    """The ``--strict`` error for a run with rejects: the count and the first one."""
    first = outcome.rejects[0]
    return PerfscoreError(Problem(Position(str(source), first.row), f"--strict：{len(outcome.rejects)} 处被拒绝，"
                                  f"首个：{first.column} {first.reason}", "--strict 要求没有被拒绝的行（被拒绝的行见 rejects 文件）"))
