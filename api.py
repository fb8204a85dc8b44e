"""perfscore's public Python API: load a profile, score departments, extract and check reports, verify, validate.

Everything the command line does goes through the functions here (``cli.py`` only parses
arguments and prints), so a notebook or a service gets the same results, the same error
positions and the same bytes. Bad input of any kind raises :class:`PerfscoreError`, whose
``problems`` each read ``file:line:col: 什么有问题; what was expected`` — never a bare
``KeyError``/``TypeError``/``ValueError``.

Entry points::

    profile = load_profile("mof2013")              # a compiled Profile (id, version, sha256, criteria …)
    result = score(frame)                          # a DataFrame, a Mapping, or any path the CLI takes
    result.summary, result.breakdown, result.rejects   # pandas DataFrames, column ids as names
    result.summary_frame(labels="zh")              # the same with Chinese column labels
    result.scorecards                              # design §5 JSON scorecards, as ``--format json`` writes them
    result.to_excel("out.xlsx"); result.to_parquet("out.parquet")   # atomic writes
    run = score_file("big.parquet", "out.parquet", chunk_size=50_000)  # a table streamed file to file

Row numbers (``row``) are the rows a spreadsheet shows for CSV/XLSX files (header = row 1),
and 1-based record numbers for Parquet files, DataFrames and a single department.

May import: ``perfscore.engine`` (lazily, inside functions: importing perfscore must not
import pandas); never ``perfscore.cli``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Mapping, Sequence, TextIO, Union

from .engine.backends import ENGINES, check_engine
from .engine.errors import PerfscoreError, Position, Problem

if TYPE_CHECKING:
    import pandas as pd

    from .engine.evaluate.results import Results
    from .engine.jobs.profile_tests import TestReport
    from .engine.jobs.verify import Verification
    from .engine.reports.check_model import Finding
    from .engine.reports.model import Extraction
    from .engine.rubric.plan import Plan
    from .engine.tables.rejects import Reject

__all__ = [
    "PerfscoreError", "Problem", "Position", "IncompleteDataError", "Profile", "ScoreResult", "TableRun",
    "ValidationReport", "load_profile", "list_profiles", "explain", "score", "score_file", "extract", "check",
    "verify", "validate", "run_profile_tests", "synth", "output_format", "fit", "wrap_text", "format_findings", "extraction_yaml",
    "render_profiles", "render_scorecards", "format_note", "save_text", "is_table", "ENGINES", "FORMATS",
    "template", "diff", "DiffResult", "DIFF_FORMATS", "WhatifResult", "whatif", "WHATIF_FORMATS",
]

PathLike = Union[str, "os.PathLike[str]"]
Labels = Literal["id", "zh"]
FORMATS = ("table", "json", "jsonl", "csv", "xlsx", "pdf", "html", "md", "parquet")
EXTENSION_FORMATS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf", ".html": "html",
                     ".md": "md", ".parquet": "parquet", ".txt": "table"}
FORM_FORMATS = ("xlsx", "pdf", "html")  # printed forms and the HTML report: written to a file only
OUTPUT_ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")  # CSV outputs; UTF-8 with BOM opens in Chinese Excel
INPUT_KINDS = "a .yaml/.json department, a .txt/.docx/.pdf report, a .csv/.xlsx/.parquet table, a Mapping or a DataFrame"


class IncompleteDataError(PerfscoreError):
    """A single department a criterion with missing policy ``error`` cannot score.

    ``notes`` are the extraction and check flags of a report (what ``result.notes`` would have held)."""

    def __init__(self, problems: list[Problem], notes: list[dict[str, Any]]):
        super().__init__(problems)
        self.notes = notes


# -- profiles -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """A scoring profile, loaded (``extends:`` resolved), validated and compiled; ``plan`` is the engine's form."""

    plan: Plan

    @property
    def id(self) -> str:
        return self.plan.profile.id

    @property
    def name(self) -> str:
        return self.plan.profile.name

    @property
    def version(self) -> str:
        return self.plan.profile.version

    @property
    def sha256(self) -> str:
        return self.plan.profile.sha256

    @property
    def extends(self) -> str | None:
        return self.plan.profile.extends

    @property
    def max_total(self) -> float:
        return float(self.plan.profile.max_total)

    @property
    def criteria(self) -> tuple[str, ...]:
        """The leaf criteria's ids, in rubric order."""
        return tuple(c.id for c in self.plan.criteria)

    def __repr__(self) -> str:
        return f"Profile({self.id!r}, version={self.version!r}, criteria={len(self.criteria)})"


def load_profile(reference: PathLike | Profile = "mof2013") -> Profile:
    """A shipped profile by id (``"mof2013"``) or a profile YAML file by path, compiled; a Profile passes through."""
    if isinstance(reference, Profile):
        return reference
    from .engine.jobs.scoring import compile_reference

    return Profile(compile_reference(os.fspath(reference)))


def list_profiles() -> list[Profile]:
    """Every shipped profile, compiled, in id order of their files."""
    from .engine.rubric.profiles import available_profiles

    return [load_profile(profile_id) for profile_id in available_profiles()]


def render_profiles(profiles: Sequence[Profile], columns: int = 100) -> str:
    """The ``perfscore profiles`` listing: a table of --profile 编号, 版本 and 名称 (with what it extends), the
    names wrapped to fit ``columns`` cells."""
    from .engine.render.textwidth import aligned_table, width

    rows = [[p.id, p.version, p.name + (f"（在 {p.extends} 基础上修改）" if p.extends else "")] for p in profiles]
    headers = ["编号（--profile）", "版本", "名称"]
    fixed = sum(max([width(headers[k])] + [width(r[k]) for r in rows]) for k in range(2)) + 4
    return "\n".join(aligned_table(headers, rows, ["left"] * 3, {2: max(columns - fixed, 20)})) + "\n"


def explain(profile: PathLike, fmt: Literal["table", "md"] = "table", columns: int = 100) -> str:
    """The effective rubric after inheritance (指标、分值、评分标准) as a table of at most ``columns`` cells, or
    Markdown."""
    from .engine.render.explain_profile import explain_profile
    from .engine.rubric.profiles import load_profile

    return explain_profile(load_profile(os.fspath(profile)), fmt, columns)


# -- scoring --------------------------------------------------------------------------------------

@dataclass
class ScoreResult:
    """Scores of one department or of a table.

    ``summary`` (one row per scored department: ``row``, ``region``, ``dept_name``, ``year``,
    ``total``, ``grade``, ``grade_label``, ``rank``, ``level.*`` subtotals, ``self_score``,
    ``self_gap``), ``breakdown`` (department × criterion, the columns of a table run's
    breakdown file) and ``rejects`` (``table``, ``row``, ``column``, ``value``, ``reason``)
    are pandas DataFrames named by column id; :meth:`summary_frame` and friends relabel them
    in Chinese. ``scorecards`` are the design §5 dicts ``perfscore score --format json`` writes.
    ``notes`` are a report's extraction and check flags (also in its scorecard's ``flags``).
    """

    profile: Profile
    scorecards: list[dict[str, Any]]
    single: bool
    read: int
    scored: int
    notes: list[dict[str, Any]] = field(default_factory=list)
    reject_list: list[Reject] = field(default_factory=list)
    frames: dict[str, Any] = field(default_factory=dict, repr=False)  # summary/breakdown when already made
    results: Results | None = field(default=None, repr=False)  # a single department's, for frames made lazily
    sources: tuple[str, ...] = ()  # the files read (data, goals, profile): no writer may replace them

    @property
    def summary(self) -> pd.DataFrame:
        return self._frame("summary")

    @property
    def breakdown(self) -> pd.DataFrame:
        return self._frame("breakdown")

    def _frame(self, kind: str) -> pd.DataFrame:
        """A table run's frame as it came, or a single department's made on first use (no pandas before)."""
        if kind not in self.frames:
            from .engine.jobs import frames

            assert self.results is not None
            made = frames.single_summary if kind == "summary" else frames.single_breakdown
            self.frames[kind] = made(self.results)
        return self.frames[kind]

    @cached_property
    def rejects(self) -> pd.DataFrame:
        from .engine.jobs.frames import rejects_frame

        return rejects_frame(self.reject_list)

    def summary_frame(self, labels: Labels = "id") -> pd.DataFrame:
        """The summary, columns named by id (``labels="id"``) or in Chinese (``labels="zh"``: 总分, 等级 …)."""
        return self._labelled(self.summary, labels)

    def breakdown_frame(self, labels: Labels = "id") -> pd.DataFrame:
        """The breakdown, columns named by id or in Chinese (指标编号, 分值, 得分, 评分理由 …)."""
        return self._labelled(self.breakdown, labels)

    def rejects_frame(self, labels: Labels = "id") -> pd.DataFrame:
        """The rejects, columns named by id or in Chinese (表, 行号, 列, 值, 原因)."""
        from .engine.jobs.frames import REJECT_LABELS

        return self._labelled(self.rejects, labels, REJECT_LABELS)

    def _labelled(self, frame: pd.DataFrame, labels: Labels, fixed: dict[str, str] | None = None) -> pd.DataFrame:
        if labels == "id":
            return frame
        if labels != "zh":
            raise PerfscoreError(Problem(Position("labels"), f"未知列名方式 {labels!r}", "应为 'id' 或 'zh'"))
        from .engine.jobs.frames import FIXED_LABELS, column_labels

        return frame.rename(columns=column_labels(self.profile.plan, list(frame.columns), fixed or FIXED_LABELS))

    def account(self) -> str:
        """``perfscore: 读取 N 行 = 评分 S 行 + 拒绝 R 行`` (what a table run prints on stderr)."""
        from .engine.tables.runner import Outcome

        return Outcome(self.read, self.scored, self.reject_list).account()

    def render(self, fmt: str = "table", columns: int = 100, color: bool = False) -> str:
        """The scorecards as the CLI prints them: ``table`` (aligned, ``columns`` wide; ``color`` marks 错误 and
        警告 for a terminal), ``md``, ``json``, ``jsonl`` or ``csv`` (the long breakdown of the scorecards)."""
        return render_scorecards(self.scorecards, fmt, self.single, columns, color)

    def to_json(self, path: PathLike) -> Path:
        """The scorecards as JSON (one object for a single department, else a list), written atomically."""
        save_text(path, self.render("json"), inputs=self.sources)
        return Path(path)

    def to_excel(self, path: PathLike, *, evaluator: str | None = None, date: str | None = None) -> Path:
        """A workbook (as ``-o FILE.xlsx``): for a table the ranked summary, the grade distribution and one
        评分表 sheet per department; for one department its 评分表. ``evaluator`` and ``date`` fill the
        评价单位 and 评价日期 of the header block (left blank to fill in by hand when not given)."""
        return self._forms(path, "xlsx", evaluator, date)

    def to_pdf(self, path: PathLike, *, evaluator: str | None = None, date: str | None = None) -> Path:
        """A PDF (as ``-o FILE.pdf``): the summary, then one 评分表 per department (one department: its 评分表)."""
        return self._forms(path, "pdf", evaluator, date)

    def to_html(self, path: PathLike, *, evaluator: str | None = None, date: str | None = None) -> Path:
        """The HTML report (as ``-o FILE.html``), one self-contained file that opens offline: for a table the
        summary, the grade distribution and points lost per criterion as charts, the ranking (sortable,
        filterable) and every department's 评分表 one click from its row; for one department its 评分表."""
        return self._forms(path, "html", evaluator, date)

    def _forms(self, path: PathLike, fmt: str, evaluator: str | None, date: str | None) -> Path:
        from .engine.atomic import output_set
        from .engine.jobs.forms import write_forms
        from .engine.render.form import Context

        with output_set(self.sources) as outputs:
            outputs.claim(path, "-o")
            write_forms(self.scorecards, self.profile.plan, Path(path), fmt, Context(evaluator, date), self.single)
        return Path(path)

    def to_csv(self, path: PathLike, encoding: str = "utf-8-sig") -> list[Path]:
        """The summary at ``path``, the breakdown beside it as ``NAME.breakdown.csv`` and, when rows were
        rejected, the rejects as ``NAME.rejects.csv``; each written atomically in ``encoding`` (one of
        :data:`OUTPUT_ENCODINGS`; UTF-8 with BOM by default). Returns the files written."""
        return self._write_tables(Path(path), "csv", _output_encoding(encoding))

    def to_parquet(self, path: PathLike) -> list[Path]:
        """The summary at ``path``, the breakdown beside it as ``NAME.breakdown.parquet`` (and, for a table,
        the rejects as ``NAME.rejects.csv``); each written atomically. Returns the files written."""
        return self._write_tables(Path(path), "parquet")

    def _write_tables(self, path: Path, fmt: str, encoding: str = "utf-8-sig") -> list[Path]:
        from .engine.atomic import atomic_path, output_set, write_bytes
        from .engine.jobs.frames import write_breakdown
        from .engine.tables.runner import beside, rejects_bytes, write_summary_file

        rejects = beside(path, "rejects", ".csv")
        written = [path, beside(path, "breakdown")] + ([rejects] if self.reject_list else [])
        with output_set(self.sources) as outputs:  # the files appear together, or none of them
            for target, role in zip(written, ("summary", "breakdown", "rejects")):
                outputs.claim(target, role)
            if not self.reject_list:  # an earlier run's rejects never stand beside these results
                outputs.claim(rejects, "rejects")
                outputs.retire(rejects)
            with atomic_path(written[0]) as temp:
                write_summary_file(self.summary, temp, fmt, encoding)
            with atomic_path(written[1]) as temp:
                write_breakdown(self.breakdown, temp, fmt, encoding)
            if self.reject_list:
                write_bytes(written[2], rejects_bytes(self.reject_list, encoding))
        return written


def score(data: Any, profile: PathLike | Profile = "mof2013", engine: str = "vector", *,
          goals: Any = None, name: str | None = None, reasons: bool = True, encoding: str | None = None,
          header_row: int | None = None, header_rows: int | None = None, sheet: str | None = None,
          columns: PathLike | None = None, strict_columns: bool = False) -> ScoreResult:
    """Score one department or many, in memory.

    ``data`` is a path (``.yaml``/``.json`` department, ``.txt``/``.docx``/``.pdf`` report,
    ``.csv``/``.xlsx``/``.parquet`` table), a Mapping (one department, the keys of a YAML metrics
    file), a pandas DataFrame (many departments, headers as in a table file: metric ids or
    Chinese labels, units in the header or the cell) or a Dask DataFrame (``perfscore[dask]``).
    ``goals`` gives goal rows (个性指标) in long form: a DataFrame for a DataFrame, a path for a
    table file. ``name`` is what positions and ``input.source`` call an in-memory input
    (default ``DataFrame`` / ``<mapping>``). ``engine`` is ``vector`` or ``rete``.

    Tables: bad rows become :attr:`ScoreResult.rejects`; a DataFrame column whose type cannot
    be read at all (cells that are dicts/lists/bytes, complex numbers, dates where a number is
    expected, a year column of fractions or text) raises :class:`PerfscoreError`. A single
    department a required criterion cannot score raises :class:`IncompleteDataError`.
    For a table too large for memory, use :func:`score_file`. ``header_row``/``header_rows``/``sheet``/
    ``columns``/``strict_columns``: as for :func:`score_file`.
    """
    plan = load_profile(profile).plan
    reading = _reading(header_row, header_rows, sheet, columns, strict_columns)
    module = type(data).__module__ or ""
    if module.startswith("dask"):
        return _score_dask(data, plan, engine, goals, name, reasons)
    if _is_pandas_frame(data):
        from .engine.tables.read import frame_table

        table = frame_table(data, name or "DataFrame", goals=goals, vocabulary=plan.profile.vocabulary)
        return _score_table(table, plan, engine, None, None, reasons)
    if isinstance(data, Mapping):
        from .engine.jobs.scoring import read_mapping

        _no_goals(goals, "a Mapping carries its goal rows under its own goals: key")
        return _score_single(read_mapping(data, plan, name or "<mapping>"), plan, engine)
    if isinstance(data, (str, os.PathLike)):
        result = _score_path(Path(data), plan, engine, goals, reasons, encoding, reading)
        result.sources = tuple(str(p) for p in (data, goals, _profile_file(profile)) if isinstance(p, (str, os.PathLike)))
        return result
    raise PerfscoreError(Problem(Position(name or "data"), f"无法评分 {type(data).__name__} 类型的输入", INPUT_KINDS))


def _is_pandas_frame(data: Any) -> bool:
    """A pandas DataFrame (or subclass), told without importing pandas when nobody has."""
    import sys

    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(data, pandas.DataFrame)


def is_table(path: PathLike) -> bool:
    """Whether ``path`` names a table (.csv/.tsv/.xlsx/.parquet), scored as many departments."""
    from .engine.jobs.scoring import TABLE_SUFFIXES

    return Path(path).suffix.lower() in TABLE_SUFFIXES


def _no_goals(goals: Any, why: str) -> None:
    if goals is not None:
        raise PerfscoreError(Problem(Position("goals"), "此输入不接受单独的目标表（goals=）", why))


def _reading(header_row: int | None, header_rows: int | None, sheet: str | None, columns: PathLike | None,
             strict_columns: bool) -> dict[str, Any]:
    """The header options of a table run (see :func:`score_file`)."""
    from .engine.tables.headers import HeaderChoice

    for value, what in ((header_row, "--header-row"), (header_rows, "--header-rows")):
        if value is not None and value < 1 or (what == "--header-rows" and value is not None and value > 2):
            raise PerfscoreError(Problem(Position(what), f"{what} 的值 {value} 不可用",
                                         "--header-row N（N ≥ 1）或 --header-rows 1、2"))
    return {"header": HeaderChoice(header_row, header_rows, sheet), "columns": _path(columns),
            "strict_columns": strict_columns}


def _score_path(path: Path, plan: Plan, engine: str, goals: Any, reasons: bool, encoding: str | None,
                reading: dict[str, Any]) -> ScoreResult:
    from .engine.jobs.scoring import read_department

    if is_table(path):
        if not path.exists():
            raise PerfscoreError(Problem(Position(str(path)), "找不到文件", "应为已有的表格文件"))
        goal_path = Path(goals) if isinstance(goals, (str, os.PathLike)) else None
        if goals is not None and goal_path is None:
            raise PerfscoreError(Problem(Position("goals"), f"表格文件的目标表应为文件路径（是 {type(goals).__name__}）",
                                         "应为 goals=文件路径（.csv/.xlsx/.parquet）"))
        return _score_table(path, plan, engine, goal_path, encoding, reasons, reading)
    _no_goals(goals, "a department file carries its goal rows under goals:")
    return _score_single(read_department(path, plan), plan, engine)


def _score_single(batch: Any, plan: Plan, engine: str) -> ScoreResult:
    from .engine.jobs.scoring import score_batch, scorecards

    scored = score_batch(plan, batch, engine)
    cards = scorecards(scored)
    notes = list(batch.annotations[0]["flags"]) if batch.annotations else []
    if scored.results.error_rows().any():
        messages = [f["message"] for f in cards[0]["flags"] if f["severity"] == "error"]
        raise IncompleteDataError([Problem(Position(batch.source), m, "缺失即报错（missing: error）的指标须有完整数据") for m in messages], notes)
    return ScoreResult(Profile(plan), cards, True, 1, 1, notes, results=scored.results)


def _score_table(table: Any, plan: Plan, engine: str, goals: Path | None, encoding: str | None,
                 reasons: bool, reading: dict[str, Any] | None = None) -> ScoreResult:
    from .engine.jobs.frames import run_in_memory
    from .engine.backends import backend

    outcome, breakdown = run_in_memory(table, plan, backend(engine), goals, encoding, reasons, **(reading or {}))
    return ScoreResult(Profile(plan), outcome.cards, False, outcome.read, outcome.scored, outcome.notes,
                       reject_list=outcome.rejects, frames={"summary": outcome.summary, "breakdown": breakdown})


def _score_dask(data: Any, plan: Plan, engine: str, goals: Any, name: str | None, reasons: bool) -> ScoreResult:
    """A Dask DataFrame, scored partition by partition on the workers (``perfscore.engine.cluster``): the summary
    and rejects come back as for a table; ``breakdown`` stays a Dask DataFrame, and no scorecards are built."""
    try:
        from .engine.cluster import score_dask
    except ImportError as exc:
        raise PerfscoreError(Problem(Position(name or "DataFrame"), f"无法对 Dask DataFrame 评分：{exc}",
                                     'pip install "perfscore[dask]"')) from None
    outcome = score_dask(data, plan, goals=goals, engine=engine, reasons=reasons, name=name or "DataFrame")
    return ScoreResult(Profile(plan), outcome.cards, False, outcome.read, outcome.scored,
                       reject_list=outcome.rejects, frames={"summary": outcome.summary, "breakdown": outcome.breakdown})


def render_scorecards(cards: list[dict[str, Any]], fmt: str, single: bool, columns: int = 100,
                      color: bool = False) -> str:
    """Scorecards as text: ``table`` (aligned for a ``columns``-wide terminal), ``md``, ``json``, ``jsonl``, ``csv``."""
    from .engine.render.cards import scorecards_text

    return scorecards_text(cards, fmt, single, columns, color)


def format_note(note: Mapping[str, Any], columns: int | None = None, prefix: str = "") -> str:
    """A warning or note as a person reads it: ``[警告] message`` (severity in Chinese) after ``prefix``; with
    ``columns``, wrapped to lines of at most that many terminal cells."""
    from .engine.render.text import SEVERITY_ZH, note_lines

    text = f"{prefix}[{SEVERITY_ZH[note['severity']]}] {note['message']}"
    return text if columns is None else "\n".join(note_lines(text, columns))


def wrap_text(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` terminal cells (a Chinese character takes two; numbers keep their
    unit; punctuation that may not begin a line never does)."""
    from .engine.render.textwidth import wrap

    return [line.strip() for line in wrap(" ".join(text.split()), columns)]


def fit(text: str, columns: int) -> str:
    """``text`` for a terminal of ``columns`` cells: each line that runs past it wrapped with a two-space hanging
    indent (Chinese-aware widths; a file path kept whole)."""
    from .engine.render.text import note_lines

    return "\n".join(line for paragraph in text.split("\n") for line in note_lines(paragraph, columns))


def output_format(fmt: str | None, output: PathLike | None, default: str = "table") -> str:
    """``fmt`` if given, else the format ``output``'s extension names (``.csv`` → csv …), else ``default``;
    an extension no format writes (``.docx``, ``.xls`` …) is an error naming the supported ones."""
    suffix = Path(output).suffix.lower() if output else ""
    if suffix and suffix not in EXTENSION_FORMATS:
        supported = "、".join(EXTENSION_FORMATS)
        raise PerfscoreError(Problem(Position(os.fspath(output)), f"不支持的输出文件类型 {suffix}",
                                     f"支持的类型：{supported}"))
    if fmt:
        return fmt
    return EXTENSION_FORMATS.get(suffix, default)


def save_text(path: PathLike, text: str, encoding: str = "utf-8", *, inputs: Sequence[PathLike | None] = ()) -> None:
    """Write text atomically (a temporary file beside ``path``, renamed over it), UTF-8 unless told
    (``utf-8-sig`` begins with the BOM Excel needs, ``gb18030``); refused (exit 2) when ``path`` is one of
    ``inputs`` (the files the text was made from) or not a regular file."""
    from .engine.atomic import output_set, write_bytes

    data = text.encode(_output_encoding(encoding) if encoding != "utf-8" else "utf-8")
    with output_set(inputs) as outputs:
        outputs.claim(path, "-o")
        write_bytes(path, data)


def save_parts(path: PathLike, parts: Iterable[bytes], encoding: str = "utf-8", *,
               inputs: Sequence[PathLike | None] = ()) -> None:
    """:func:`save_text` for UTF-8 text given in parts, written one part at a time (a large output never sits in
    memory whole) and re-encoded part by part for ``encoding``."""
    import codecs

    from .engine.atomic import atomic_path, output_set

    encoding = _output_encoding(encoding) if encoding != "utf-8" else encoding
    plain = encoding not in ("utf-8", "utf-8-sig")
    with output_set(inputs) as outputs:
        outputs.claim(path, "-o")
        with atomic_path(path) as temp, open(temp, "wb") as handle:
            handle.write(codecs.BOM_UTF8 if encoding == "utf-8-sig" else b"")
            for part in parts:
                handle.write(part.decode("utf-8").encode(encoding) if plain else part)


def _output_encoding(encoding: str) -> str:
    """``encoding`` if it is one of :data:`OUTPUT_ENCODINGS`, else an error naming them."""
    if encoding not in OUTPUT_ENCODINGS:
        raise PerfscoreError(Problem(Position("--output-encoding"), f"不支持的输出编码 {encoding!r}",
                                     "、".join(OUTPUT_ENCODINGS)))
    return encoding


# -- a table, file to file --------------------------------------------------------------------------

@dataclass
class TableRun:
    """The account of :func:`score_file`: counts, rejects, the summary DataFrame and, for the card formats
    kept in memory (forms, or text not written to a file), the scorecards; ``rejects_file`` is where the
    rejects were listed (None: nowhere)."""

    path: Path
    profile: Profile
    fmt: str
    read: int
    scored: int
    rejects: list[Reject]
    summary: pd.DataFrame
    scorecards: list[dict[str, Any]]
    goal_rows: int
    rejects_file: Path | None = None
    notes: list[dict[str, str]] = field(default_factory=list)  # warnings: skipped columns, the goal table used …
    streamed: bool = False  # the scorecards were written as they were made (to the output, or to ``echo``)

    def account(self) -> str:
        """``perfscore: 读取 N 行 = 评分 S 行 + 拒绝 R 行[；目标表 …][；拒绝明细见 FILE]``."""
        from .engine.tables.runner import Outcome

        line = Outcome(self.read, self.scored, self.rejects, self.goal_rows).account()
        return line + (f"；拒绝明细见 {self.rejects_file}" if self.rejects and self.rejects_file else "")

    def render(self, columns: int = 100) -> str:
        """What ``perfscore score TABLE`` prints without ``-o``: the summary as CSV, or the scorecards (nothing when
        they were written to ``echo`` as they were made)."""
        if self.streamed:
            return ""
        if self.fmt == "csv":
            from .engine.render.csvfile import to_csv_text

            return to_csv_text(self.summary)
        return render_scorecards(self.scorecards, self.fmt, False, columns)

    def nothing_scored_error(self) -> PerfscoreError:
        """The error of a run that scored no department (every row rejected, or no rows): the CLI exits 2."""
        from .engine.tables.runner import Outcome, nothing_scored

        return nothing_scored(self.path, Outcome(self.read, self.scored, self.rejects, self.goal_rows))

    def strict_error(self) -> PerfscoreError:
        """The ``--strict`` error: how many rejects, and the first."""
        from .engine.tables.runner import Outcome, strict_failure

        return strict_failure(self.path, Outcome(self.read, self.scored, self.rejects, self.goal_rows))


def score_file(path: PathLike, output: PathLike | None = None, *, profile: PathLike | Profile = "mof2013",
               engine: str = "vector", fmt: str | None = None, breakdown: PathLike | None = None,
               rejects: PathLike | None = None, goals: PathLike | None = None, encoding: str | None = None,
               chunk_size: int | None = None, reasons: bool = True, progress: TextIO | None = None,
               dask: str | None = None, evaluator: str | None = None, date: str | None = None,
               header_row: int | None = None, header_rows: int | None = None, sheet: str | None = None,
               columns: PathLike | None = None, strict_columns: bool = False,
               output_encoding: str = "utf-8-sig", echo: TextIO | None = None, width: int = 100) -> TableRun:
    """Score a table file (.csv/.xlsx/.parquet) straight to files, streaming: nothing is gathered in memory
    but the small summary (and the scorecards, for the forms: ``xlsx``, ``pdf``, ``html``, or the text printed
    without ``output``; ``json``, ``jsonl``, ``md`` and ``table`` files are written card by card as the
    departments are scored, and so are they to ``echo`` without ``output`` when it is given: the command line
    passes its standard output; ``table`` at ``width`` columns). The forms are made for at most
    ``MAX_FORM_ROWS`` (10,000) rows; a larger table is refused before any work.

    ``fmt`` (default: from ``output``'s extension, else ``table``): ``csv``/``parquet`` write the summary
    to ``output`` and the breakdown to ``breakdown`` (default ``NAME.breakdown.EXT`` beside ``output``),
    both replaced atomically only once both are complete; ``xlsx`` writes the workbook; ``json``,
    ``jsonl``, ``md``, ``table`` write the scorecards to ``output``. Without ``output`` nothing but
    the rejects is written: :meth:`TableRun.render` gives what to print. Rejects go to ``rejects``,
    else beside ``output`` as ``NAME.rejects.csv``, else (only when there are any) beside the input.
    ``chunk_size`` reads and scores that many rows at a time; ``reasons=False`` leaves the reason
    text out of the breakdown; ``progress`` is the stream a progress bar is drawn on (a terminal).
    Every CSV written (summary, breakdown, rejects) is in ``output_encoding`` (``utf-8-sig``, the
    default, opens in Chinese Excel; ``utf-8``; ``gb18030``); a rejects file is written only when a
    row was rejected. ``pdf`` writes the summary and one 评分表 per department, ``html`` the HTML report;
    ``evaluator`` and ``date`` fill the forms' 评价单位 and 评价日期.

    ``dask`` (``"local"``, or a scheduler address such as ``tcp://10.0.0.5:8786``) scores ``path``, a
    Parquet dataset folder, partition by partition on that Dask cluster (``perfscore[dask]``): the
    summary goes to ``output`` (CSV or Parquet), the breakdown to a Parquet dataset folder
    (``breakdown``, default ``NAME.breakdown/`` beside ``output``); the results are those of the
    same rows scored here as one table.

    Header: found by content (title rows, a ``单位：万元`` line, a two-row header; in a workbook the data sheet
    and the goal sheet); ``header_row`` (1-based) and ``header_rows`` (1 or 2) fix it, ``sheet`` names the
    data sheet. ``columns`` is a YAML map header → metric label for columns the vocabulary does not know;
    unknown columns are otherwise skipped with a warning in :attr:`TableRun.notes` (an error with
    ``strict_columns``). A goal table ``NAME.goals.csv``/``.xlsx`` beside the input is used when ``goals`` is
    not given.
    """
    from .engine.atomic import output_set
    from .engine.backends import backend
    from .engine.render.cards import STREAMED_FORMATS, CardStream
    from .engine.render.progress import Progress
    from .engine.tables import runner

    source, plan = Path(path), load_profile(profile).plan
    chosen = output_format(fmt, output)
    target = Path(output) if output is not None else None
    if target is None and chosen in (*FORM_FORMATS, "parquet"):
        raise PerfscoreError(Problem(Position("--format"), f"{chosen} 格式不能输出到终端",
                                     f"-o FILE.{chosen}"))
    options = runner.BatchOptions(chosen, target, _path(breakdown), _path(rejects), _path(goals), encoding,
                                  chunk_size, reasons, progress is None,
                                  **_reading(header_row, header_rows, sheet, columns, strict_columns),
                                  output_encoding=_output_encoding(output_encoding),
                                  max_rows=runner.MAX_FORM_ROWS if chosen in FORM_FORMATS else None)
    with output_set([source, goals, _profile_file(profile)]) as outputs:
        runner.claim_outputs(outputs, options, dask is not None)
        streamed = (target is not None or echo is not None) and chosen in STREAMED_FORMATS and dask is None
        if dask is not None:
            outcome = _score_dataset(source, plan, options, dask, check_engine(engine))
        elif streamed:  # the scorecards written as they are made, never all in memory
            with _card_sink(target, echo, width) as (write, columns):
                cards = CardStream(chosen, write, columns)
                outcome = runner.run(source, plan, options, _bar(progress), backend(engine), cards)
                cards.close()
        else:
            outcome = runner.run(source, plan, options, _bar(progress), backend(engine))
        if target is not None and chosen in FORM_FORMATS:
            from .engine.jobs.forms import write_forms
            from .engine.render.form import Context

            bar = Progress(len(outcome.cards), progress, label="写入", unit="个部门") if progress is not None else None
            write_forms(outcome.cards, plan, target, chosen, Context(evaluator, date), False,
                        bar.update if bar is not None else None)
            if bar is not None:
                bar.close()
        elif target is not None and chosen not in runner.SUMMARY_FORMATS and not streamed:
            save_text(target, render_scorecards(outcome.cards, chosen, False))
        written = runner.write_rejects(source, outcome, options)
    return TableRun(source, Profile(plan), chosen, outcome.read, outcome.scored, outcome.rejects, outcome.summary,
                    outcome.cards, outcome.goal_rows, written, outcome.notes, streamed)


@contextmanager
def _card_sink(target: Path | None, echo: TextIO | None, width: int) -> Iterator[tuple[Any, int]]:
    """Where streamed scorecards go, and the width of their table text: the output file (written atomically, at
    100 columns as a saved scorecard is), else ``echo`` at ``width``."""
    from .engine.atomic import atomic_path

    if target is None:
        yield echo.write, width  # type: ignore[union-attr]
        return
    with atomic_path(target) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        yield handle.write, 100


def _bar(stream: TextIO | None) -> Any:
    """The progress bar a run draws on ``stream`` (a terminal), made once the rows are counted; None: none."""
    from .engine.render.progress import Progress

    return (lambda total: Progress(total, stream)) if stream is not None else None


def _score_dataset(folder: Path, plan: Plan, options: Any, address: str, engine: str) -> Any:
    """A Parquet dataset folder on the Dask cluster at ``address``; the outcome of a table run."""
    try:
        from .engine.cluster import score_dataset
    except ImportError as exc:
        raise PerfscoreError(Problem(Position("--dask"), f"无法使用 Dask：{exc}", 'pip install "perfscore[dask]"')) from None
    return score_dataset(folder, plan, options, address, engine)


def _path(value: PathLike | None) -> Path | None:
    return Path(value) if value is not None else None


def _profile_file(profile: PathLike | Profile) -> str | None:
    """A profile given as a file path (an input no output may replace); None for an id or a Profile."""
    return os.fspath(profile) if isinstance(profile, (str, os.PathLike)) else None


# -- reports, checks, verification, validation, profile tests, synthetic tables ----------------------

def extract(report: PathLike | str) -> Extraction:
    """Metrics, each with the text it came from, from a report: a Path or an existing file's path
    (.txt/.docx/.pdf) is read as a file; any other str is the report's text."""
    from .engine.reports.extract import extract_report, extract_text

    if _is_file(report):
        return extract_report(Path(report))
    if isinstance(report, str):
        return extract_text(report)
    raise PerfscoreError(Problem(Position("report"), f"无法从 {type(report).__name__} 类型的输入提取指标",
                                 "应为报告文件路径（.txt/.docx/.pdf）或报告文字"))


def _is_file(value: Any) -> bool:
    if isinstance(value, os.PathLike):
        return True
    return isinstance(value, str) and "\n" not in value and len(value) < 4096 and Path(value).is_file()


def extraction_yaml(extraction: Extraction) -> str:
    """An extraction as a metrics YAML file (what ``perfscore extract`` writes), provenance under ``_provenance``."""
    from .engine.reports.lexicon import load_lexicon
    from .engine.reports.to_yaml import extraction_to_yaml

    names = {metric: spec.zh for metric, spec in load_lexicon().vocabulary.metrics.items()}
    return extraction_to_yaml(extraction, names)


def check(subject: PathLike | str | Mapping[str, Any] | Extraction) -> list[Finding]:
    """The consistency findings (勾稽) of a report or metrics file (a path), a report's text, a metrics
    Mapping or an :func:`extract` result; each has ``id``, ``severity``, ``message``, ``evidence``."""
    from .engine.reports.checks import run_checks
    from .engine.reports.model import Extraction

    if isinstance(subject, Extraction) or (isinstance(subject, Mapping) and all(isinstance(k, str) for k in subject)):
        return run_checks(subject)
    if _is_file(subject):
        from .engine.jobs.checking import check_findings

        return check_findings(os.fspath(subject))
    if isinstance(subject, str):
        return run_checks(extract(subject))
    raise PerfscoreError(Problem(Position("subject"), f"无法检查 {type(subject).__name__} 类型的输入",
                                 "应为报告或指标文件路径、报告文字、指标映射或提取结果"))


def format_findings(findings: list[Finding], fmt: Literal["text", "json"] = "text",
                    columns: int | None = None) -> str:
    """Findings as ``perfscore check`` prints them: Chinese lines with a count (each wrapped to ``columns``
    cells when given), or a JSON list."""
    from .engine.render.findings import render_findings

    if fmt not in ("text", "json"):
        raise PerfscoreError(Problem(Position("--format"), f"未知输出格式 {fmt!r}", "text 或 json"))
    return render_findings([f.as_dict() for f in findings], fmt, columns)


def verify(scorecard: PathLike, profile: PathLike | None = None) -> Verification:
    """Re-perform a saved JSON/JSONL scorecard file with the engine it was not made with; the report's
    ``ok``, ``differences``, ``checked`` (departments), ``criteria`` and ``engines`` say how it went."""
    from .engine.jobs.verify import verify_file

    return verify_file(Path(scorecard), os.fspath(profile) if profile is not None else None)


@dataclass
class ValidationReport:
    """Every problem found in the rule and profile files checked (``file:line:col: …; expected …``)."""

    problems: list[Problem | str]
    files: int

    @property
    def ok(self) -> bool:
        return not self.problems


def validate(paths: Sequence[PathLike] = ()) -> ValidationReport:
    """Check rule files and profiles (files, or folders of ``*.yaml``; default: everything shipped)."""
    from .engine.jobs.validation import validate_paths

    problems, count = validate_paths([os.fspath(p) for p in paths])
    return ValidationReport(problems, count)


def run_profile_tests(profiles: Sequence[PathLike] = ()) -> list[TestReport]:
    """Run the ``tests:`` of the given profiles (ids or paths; default every shipped one): per profile its
    failed tests (``failed``) and every untested branch or band edge (``uncovered``)."""
    from .engine.jobs.profile_tests import run_profile_tests as run
    from .engine.rubric.profiles import available_profiles

    references = [os.fspath(p) for p in profiles] or list(available_profiles())
    return [run(load_profile(reference).plan) for reference in references]


def synth(output: PathLike, departments: int, seed: int = 0, years: int = 1,
          profile: PathLike | Profile = "mof2013") -> list[Path]:
    """Write a realistic synthetic table (.csv/.parquet/.xlsx; same seed, same bytes); return the files written."""
    from .engine.tables.synth import SynthSpec, write_synthetic

    return write_synthetic(load_profile(profile).plan, SynthSpec(departments, seed, years), Path(output))


DIFF_FORMATS = ("table", "json", "csv")


@dataclass
class DiffResult:
    """Two rubrics compared (:func:`diff`): ``rubric`` (the rule changes, each with both file positions) and, when a
    table was given, ``population`` (the transition matrix, mean and median totals, the departments that change
    grade with the criteria that moved them). Plain data; ``render``/``save`` lay it out."""

    rubric: Any
    population: Any = None
    inputs: tuple[str, ...] = ()

    @property
    def notes(self) -> list[dict[str, str]]:
        """Warnings from reading the ``on`` table (columns skipped, …), as :class:`ScoreResult` has them."""
        return list(self.population.notes) if self.population is not None else []

    def render(self, fmt: str = "table", columns: int = 80) -> str:
        """``table``: Chinese text for a ``columns``-wide terminal; ``json``; ``csv`` (the rule changes)."""
        from .engine.render import diff as render_diff

        if fmt == "json":
            return render_diff.to_json(self.rubric, self.population)
        if fmt == "csv":
            return render_diff.changes_csv(self.rubric)
        if fmt != "table":
            raise PerfscoreError(Problem(Position("--format"), f"diff 不支持 {fmt} 格式", "、".join(DIFF_FORMATS)))
        return render_diff.render_text(self.rubric, self.population, columns)

    def to_dict(self) -> dict[str, Any]:
        from .engine.render.diff import diff_data

        return diff_data(self.rubric, self.population)

    def save(self, path: PathLike, fmt: str | None = None, encoding: str = "utf-8-sig") -> list[Path]:
        """Write atomically, never over an input (the profiles, the table): JSON, text, or CSV — the rule changes in
        ``path`` and, with a population, the departments that change grade in ``NAME.departments.csv`` beside it
        (both appear together)."""
        from .engine.atomic import output_set, write_bytes
        from .engine.render import diff as render_diff

        fmt = output_format(fmt, path)
        if fmt not in DIFF_FORMATS:
            raise PerfscoreError(Problem(Position(os.fspath(path)), f"diff 不能写成 {fmt} 格式",
                                         "应为 -o FILE.json、FILE.csv 或 FILE.txt"))
        target = Path(path)
        written = [target]
        with output_set(self.inputs) as outputs:
            outputs.claim(target, "-o")
            if fmt == "csv":
                encoding = _output_encoding(encoding)
                extra = target.with_name(f"{target.stem}.departments.csv") if self.population is not None else None
                if extra is not None:
                    outputs.claim(extra, "-o 旁的部门表")
                    written.append(extra)
                write_bytes(target, render_diff.changes_csv(self.rubric).encode(encoding))
                if extra is not None:
                    write_bytes(extra, render_diff.departments_csv(self.population).encode(encoding))
            else:
                write_bytes(target, self.render(fmt).encode("utf-8"))
        return written


def diff(old: PathLike, new: PathLike, on: PathLike | None = None, *, engine: str = "vector",
         goals: PathLike | None = None, encoding: str | None = None, header_row: int | None = None,
         header_rows: int | None = None, sheet: str | None = None, columns: PathLike | None = None,
         strict_columns: bool = False, chunk_size: int | None = None) -> DiffResult:
    """Compare two rubrics (ids or paths; compared after ``extends:`` and overrides): criteria added, removed or
    moved, points, bands and thresholds, parameters, grade bands — each with the file positions on both sides.
    With ``on`` (a table), both score the same departments: the table is read once and scored by each."""
    from .engine.backends import backend
    from .engine.jobs.diff import diff_profiles

    on_path = _path(on)
    reading = _reading(header_row, header_rows, sheet, columns, strict_columns) if on_path is not None else {}
    if on_path is not None:
        reading["chunk_size"] = chunk_size
    outcome = diff_profiles(os.fspath(old), os.fspath(new), on_path, backend(engine) if on_path else None,
                            _path(goals), encoding, **reading)
    inputs = tuple(os.fspath(p) for p in (old, new, on, goals) if p is not None and _is_file(p))
    return DiffResult(outcome.rubric, outcome.population, inputs)


# -- whatif ---------------------------------------------------------------------------------------

WHATIF_FORMATS = ("table", "json", "csv")


class WhatifResult:
    """The way to the target grade of one department or of every scored department of a table.

    ``departments`` are plain dicts (see :func:`perfscore.engine.evaluate.whatif_layout.records`): the total and
    grade (``grade_label``: as the profile prints it), the target, each criterion with points still open (ranked),
    the smallest change of its input that gains points (``next``) and the change to its best branch (``full``) in
    the input's own unit, and the fewest changes (``changes``) that reach the target with the total they give
    (``reached_total``). They are laid out from the analysis on first use; ``save`` writes JSON a slice of
    departments at a time and CSV column by column, so a table of 100k departments is written without holding
    them all as dicts or as one text. A result made from dicts alone (no analysis) renders as text and JSON.
    """

    def __init__(self, profile: Profile, departments: list[dict[str, Any]] | None, single: bool, read: int,
                 rejected: int, sources: tuple[str, ...] = (), analysis: Any = None):
        self.profile, self.single, self.read, self.rejected, self.sources = profile, single, read, rejected, sources
        self._departments, self._analysis = departments, analysis

    @property
    def departments(self) -> list[dict[str, Any]]:
        if self._departments is None:
            self._departments = [dept for part in self._analysis.slices() for dept in part]
        return self._departments

    @property
    def analysed(self) -> int:
        """How many departments were analysed (without laying them out)."""
        return self._analysis.departments if self._analysis is not None else len(self._departments)

    def _slices(self) -> Iterator[list[dict[str, Any]]]:
        """The departments as fresh dicts, a slice at a time (the writers add their texts to them)."""
        if self._analysis is not None:
            yield from self._analysis.slices()
        else:
            yield copy_records(self._departments)

    def _parts(self, fmt: str, columns: int = 80) -> Iterator[str | bytes]:
        from .engine.render import whatif as render_whatif

        if fmt == "json":
            return render_whatif.json_parts(self._slices(), self.single)
        if fmt == "table":
            return iter([render_whatif.to_text(chain.from_iterable(self._slices()), columns)])
        if fmt == "csv":
            from .engine.render.whatif_csv import csv_parts

            if self._analysis is None:
                raise PerfscoreError(Problem(Position("--format"), "仅由部门记录构成的结果不能写成 CSV",
                                             "api.whatif(...) 的结果"))
            return csv_parts(self._analysis.columns())
        raise PerfscoreError(Problem(Position("--format"), f"whatif 不支持输出格式 {fmt}", "、".join(WHATIF_FORMATS)))

    def render(self, fmt: str = "table", columns: int = 80) -> str:
        """``table`` (Chinese text for a ``columns``-wide terminal), ``json`` or ``csv``."""
        parts = self._parts(fmt, columns)
        return b"".join(parts).decode("utf-8") if fmt == "csv" else "".join(parts)  # type: ignore[arg-type]

    def save(self, path: PathLike, fmt: str | None = None, encoding: str = "utf-8-sig") -> None:
        """Write atomically, part by part; never over one of the inputs (exit 2). CSV in ``encoding`` (UTF-8 with
        BOM by default)."""
        chosen = output_format(fmt, path)
        parts = self._parts(chosen)
        if chosen == "csv":
            save_parts(path, parts, encoding, inputs=self.sources)  # type: ignore[arg-type]
        else:
            save_parts(path, (text.encode("utf-8") for text in parts), "utf-8", inputs=self.sources)  # type: ignore[union-attr]


def _optional_path(value: PathLike | None) -> Path | None:
    return Path(value) if value is not None else None


def copy_records(departments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import copy

    return copy.deepcopy(departments)


def whatif(data: PathLike | Mapping[str, Any], profile: PathLike | Profile = "mof2013", target: str | None = None,
           *, goals: PathLike | None = None, encoding: str | None = None, header_row: int | None = None,
           header_rows: int | None = None, sheet: str | None = None, columns: PathLike | None = None) -> WhatifResult:
    """What it would take to reach ``target`` (优/良/中 or a label of the profile's grades; default: the next
    better grade): for a department (.yaml/.json, a report, a Mapping) or every department of a table
    (``goals``: the table's goal rows, 个性指标, as for :func:`score_file`).

    Computed from the compiled plan (band edges, step widths, proportional targets, checklist items),
    not by searching. A ``target`` the profile lacks raises :class:`PerfscoreError` (exit 2)."""
    from .engine.jobs import whatif as job

    plan = load_profile(profile).plan
    goal = job.target_grade(plan, target)
    if isinstance(data, Mapping):
        from .engine.jobs.scoring import read_mapping

        _no_goals(goals, "a Mapping carries its goal rows under its own goals: key")
        return WhatifResult(Profile(plan), None, True, 1, 0, (), job.whatif_batch(plan, read_mapping(data, plan), goal))
    path = Path(data)
    sources = tuple(str(p) for p in (data, goals, _profile_file(profile)) if p is not None)
    if is_table(path):
        if not path.exists():
            raise PerfscoreError(Problem(Position(str(path)), "找不到文件", "应为已有的表格文件（.csv/.xlsx/.parquet）"))
        reading = _reading(header_row, header_rows, sheet, columns, False)
        reading.pop("strict_columns")
        analysis = job.whatif_table(path, plan, goal, encoding=encoding, goals=_optional_path(goals),
                                    header=reading["header"], columns=reading["columns"])
        return WhatifResult(Profile(plan), None, False, analysis.read, analysis.rejected, sources, analysis)
    from .engine.jobs.scoring import read_department

    _no_goals(goals, "a department file carries its goal rows under goals:")
    analysis = job.whatif_batch(plan, read_department(path, plan), goal)
    if not analysis.departments:
        raise IncompleteDataError([Problem(Position(str(path)), "此部门有缺失数据按“error”处理的指标，无法评分",
                                           "缺失即报错（missing: error）的指标须有完整数据")], [])
    return WhatifResult(Profile(plan), None, True, 1, 0, sources, analysis)


def template(output: PathLike, profile: PathLike | Profile = "mof2013", departments: PathLike | None = None) -> Path:
    """Write the data-collection workbook (基础数据表) for ``profile`` to ``output`` (.xlsx), atomically: 填表说明,
    基础数据 (one column per metric the profile reads), 个性指标 and 评价人评分; ``departments`` (a CSV/XLSX with
    部门名称, 地区, 年度) pre-fills them. A filled copy is scored by :func:`score_file` with no option."""
    from .engine.jobs.template import write_template_file

    return write_template_file(load_profile(profile).plan, Path(output), _path(departments))
