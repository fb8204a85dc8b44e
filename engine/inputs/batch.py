"""Department metrics in: coerce raw values by metric kind and build evaluation columns.

One department comes from YAML/JSON (a mapping of metric id → value); many come
from tables (see :mod:`engine.tables.source`). Either way the result is a
:class:`MetricBatch`, parsed at the edge: numpy columns one element per department
(metrics, ``na.<id>`` marks and assessments as ``assessments.<id>.tier/score/note``),
goal rows in long form (:class:`GoalRows`), each department's audit findings as
typed :class:`~.findings.Finding` records, and the normalised records — the input
echo a scorecard embeds, which evaluation never reads.

Inputs layer: imports the shared leaves, rubric modules and :mod:`.findings` only.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..calendar import day_number
from ..errors import PerfscoreError, Position, Problem
from ..rubric.plan import ChoicePlan
from ..rubric.reader import suggest
from ..units import parse_amount, parse_date, parse_percent, to_halfwidth
from .choices import read_choices
from .findings import Finding, read_findings
from ..rubric.vocabulary import MetricSpec, Vocabulary
from ..rubric.yamlio import MarkedDict, MarkedList

STRUCTURED_KEYS = ("goals", "not_applicable", "assessments", "findings", "self_levels", "choices")
TRUE_WORDS = {"true", "yes", "y", "1", "是", "有", "已", "√", "✓", "对"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "无", "未", "×", "✗", "错"}
GOAL_KEYS = ("indicator", "target", "actual", "direction", "unit", "points", "kind", "score")
GOAL_DIRECTIONS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", "=": "=", "==": "="}


MONEY_EXPECTED = "应填以{unit}计的数值，或带单位的金额（如 0.57万元、1.58亿元、5,795元）"
QUOTED_CHARACTERS = 40  # characters of a bad value a message repeats (the rejects file has the whole cell)


def quoted(raw: Any) -> str:
    """A value as a message quotes it: in Chinese quotes, control characters escaped, at most 40 characters."""
    text = str(raw)
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
    return f"“{text[:QUOTED_CHARACTERS]}…”" if len(text) > QUOTED_CHARACTERS else f"“{text}”"


class CoercionError(ValueError):
    """A raw value that does not fit its metric's kind; ``expected`` says what would."""

    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.expected = expected


def coerce(spec: MetricSpec, raw: Any) -> int | float | str | bool | None:
    """Normalise one raw value to the metric's kind (money → 万元, dates → ISO text).

    Whole numbers come back as ``int`` so records and scorecards print ``2023``, not ``2023.0``."""
    value = _coerce(spec, raw)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _coerce(spec: MetricSpec, raw: Any) -> float | str | bool | None:
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    if isinstance(raw, str):
        raw = to_halfwidth(raw).strip()
        if raw == "" or raw in ("-", "—", "无数据", "N/A", "NA", "null"):
            return None
    kind = spec.kind
    if kind == "items":  # a list is given in a YAML/JSON metrics file only (see coerce_items)
        raise CoercionError(f"{spec.zh}是逐项清单，表格的单元格不能给出", "a list of items in a YAML/JSON metrics file")
    if kind == "text":
        return str(raw)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        word = str(raw).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CoercionError(f"{quoted(raw)}不是“是/否”", "应填 是/否（或 1/0）")
    if kind == "date":
        if isinstance(raw, (dt.date, dt.datetime)):
            return raw.strftime("%Y-%m-%d")
        parsed = parse_date(str(raw))
        if parsed is None or parsed.precision == "year":
            raise CoercionError(f"{quoted(raw)}不是日期", "应填日期，如 2024-09-30、2024-09 或 2024年9月30日")
        return parsed.iso
    if isinstance(raw, bool):
        raise CoercionError(f"{quoted(raw)}不是数值", "应填数值")
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            raise CoercionError(f"{quoted(raw)}不是有限数值", "应填有限数值")
        return float(raw)
    text = str(raw)
    if kind == "money":
        amount = parse_amount(text)
        if amount is None or not _only_number(text, amount.text):
            raise CoercionError(f"{quoted(raw)}不是金额", MONEY_EXPECTED.format(unit="万元"))
        return amount.value_wan
    if kind == "percent" and "%" in text:
        value = parse_percent(text)
        if value is not None:
            return value
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise CoercionError(f"{quoted(raw)}不是数值", f"应填数值{'（' + spec.unit + '）' if spec.unit else ''}") from None


MAX_ITEMS = 10_000  # items in one department's list


def coerce_items(spec: MetricSpec, raw: Any, vocabulary: Vocabulary, where: Position,
                 problems: list[Problem]) -> list[dict[str, Any]] | None:
    """A list metric (kind items): each item a mapping of its fields (ids or Chinese labels) → value, each value
    coerced by its field's kind. Problems are collected at the item's position."""
    if raw is None:
        return None
    zh = {name: vocabulary.metrics[name].zh if name in vocabulary.metrics else name for name in spec.fields}
    field_list = "、".join(zh[name] for name in spec.fields)
    if not isinstance(raw, list):
        problems.append(Problem(where, f"{spec.zh}应为逐项清单", f"每项一行“- {{字段: 值, …}}”，字段：{field_list}"))
        return None
    if len(raw) > MAX_ITEMS:
        problems.append(Problem(where, f"{spec.zh}有 {len(raw):,} 项，超过上限", f"至多 {MAX_ITEMS:,} 项"))
        return None
    labels = {name: name for name in spec.fields}
    labels.update({label: name for name, label in zh.items()})
    items: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        here = raw.where(index) if isinstance(raw, MarkedList) else where
        if not isinstance(item, dict):
            problems.append(Problem(here, f"{spec.zh}第{index + 1}项应为字段映射（字段: 值）", f"字段：{field_list}"))
            continue
        out: dict[str, Any] = {}
        for key, value in item.items():
            at = item.where(key, value=True) if isinstance(item, MarkedDict) else here
            name = labels.get(str(key))
            if name is None:
                near = difflib.get_close_matches(str(key), list(labels), n=1, cutoff=0.6)
                problems.append(Problem(item.where(key) if isinstance(item, MarkedDict) else here,
                                        f"{spec.zh}第{index + 1}项有未知字段{quoted(str(key))}",
                                        f"是否应为“{zh[labels[near[0]]]}”？" if near else f"字段应为 {field_list}"))
                continue
            try:
                coerced = coerce(vocabulary.metrics[name], value)
            except CoercionError as exc:
                problems.append(Problem(at, f"{spec.zh}第{index + 1}项“{zh[name]}”：{exc}", exc.expected))
                continue
            if coerced is not None:
                out[name] = coerced
        items.append(out)
    return items


def item_columns(items: list[dict[str, Any]], vocabulary: Vocabulary) -> tuple[dict[str, Any], ...]:
    """One department's normalised items as the evaluators read them: dates as day numbers, bools as 1/0."""
    return tuple({name: _plain(to_number(vocabulary.metrics[name], value)) for name, value in item.items()}
                 for item in items)


def _plain(value: Any) -> Any:
    """Numbers as floats (a whole number comes out of :func:`coerce` as int), text as it is."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _only_number(text: str, matched: str) -> bool:
    return text.replace(",", "").replace(" ", "") == matched.replace(",", "").replace(" ", "")


def to_number(spec: MetricSpec, value: float | str | bool) -> float | str:
    """The value as it enters a column: dates as day numbers, bools as 1/0."""
    if spec.kind == "date":
        parts = [int(p) for p in str(value).split("-")] + [1, 1]
        return float(day_number(dt.date(parts[0], parts[1], parts[2])))
    if spec.kind == "bool":
        return 1.0 if value else 0.0
    return value


@dataclass
class GoalRows:
    """Department goal-table rows in long form (one entry per row), normalised when the batch is built.

    Each row as :func:`normalise_goal_row` gives it: ``points`` a float, ``direction`` one of >=, <=, =,
    ``target``/``actual`` a float, else the words, else None. A table's rows come column by column
    (:class:`engine.tables.goals.GoalStore`, a sequence of the same rows)."""

    department: list[int] = field(default_factory=list)
    rows: Sequence[dict[str, Any]] = field(default_factory=list)


@dataclass
class MetricBatch:
    """Everything the evaluator reads for ``n`` departments: ``columns``, ``goals`` and ``findings``.

    ``records`` is the normalised input of each department as the scorecard embeds it (input echo);
    evaluation reads the typed columns and structures only."""

    columns: dict[str, np.ndarray]
    n: int
    records: list[dict[str, Any]]
    goals: GoalRows
    source: str
    row_numbers: list[int]
    # Per department: {"flags": [...], "provenance": {...}} from report extraction, if any.
    annotations: list[dict[str, Any]] = field(default_factory=list)
    # True when the records are rebuilt from the columns (a table): every assessor's note is then a column.
    records_from_columns: bool = False
    # Per department its audit findings, parsed when the batch was built (none given: no findings anywhere,
    # as for a table, which has no findings column).
    findings: list[Sequence[Finding]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.findings:
            self.findings = [()] * self.n  # one shared empty tuple: a 100k-row slice pays no list per row
        if len(self.findings) != self.n:
            raise ValueError(f"findings for {len(self.findings)} departments in a batch of {self.n}")

    def formula_view(self, rows: np.ndarray, names: Iterable[str]) -> "MetricBatch":
        """Departments ``rows`` (indices) as far as formulas and scoring shapes read them: the columns ``names``
        only, without records, goal rows or findings (nothing scored on it reads those)."""
        columns = {name: self.columns[name][rows] for name in names if name in self.columns}
        return MetricBatch(columns, len(rows), [], GoalRows(), self.source, [])

    def record_hash(self, i: int) -> str:
        canonical = json.dumps(self.records[i], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def build_columns(records: list[dict[str, Any]], vocabulary: Vocabulary) -> dict[str, np.ndarray]:
    """Numeric columns (float64, NaN missing) and text columns (object, None missing) from records."""
    n = len(records)
    names: dict[str, None] = {}
    for record in records:
        for key in record:
            names.setdefault(key, None)
    columns: dict[str, np.ndarray] = {}
    for name in names:
        spec = vocabulary.get(name)
        if spec is not None and spec.kind == "items":  # per department a tuple of item mappings, None: not given
            listed = np.full(n, None, dtype=object)
            for i, record in enumerate(records):
                if record.get(name) is not None:
                    listed[i] = item_columns(record[name], vocabulary)
            columns[name] = listed
            continue
        text = spec is not None and spec.kind == "text" or (spec is None and any(
            isinstance(r.get(name), str) for r in records))
        if text:
            columns[name] = np.array([r.get(name) for r in records], dtype=object)
            continue
        column = np.full(n, np.nan)
        for i, record in enumerate(records):
            value = record.get(name)
            if value is None:
                continue
            column[i] = to_number(spec, value) if spec is not None else float(value)
        columns[name] = column
    return columns


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}", inner, out)
    else:
        out[prefix] = value


YEAR_MIN, YEAR_MAX = 1900, 2100  # an evaluation year outside is a typing error (-1, 99999, 20233)


def normalise_record(data: MarkedDict | dict, vocabulary: Vocabulary, where: Position,
                     known_criteria: set[str] | None = None,
                     choices: Sequence[ChoicePlan] = ()) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One department's raw mapping → (normalised record, goal rows). Raises on the first bad value.

    ``choices``: the profile's levels with ``choose:`` (择项), each checked against the department's ``choices:``."""
    problems: list[Problem] = []
    record: dict[str, Any] = {}
    goals: list[dict[str, Any]] = []
    label_index = vocabulary.label_index()

    def at(key: Any, value: bool = True) -> Position:
        return data.where(key, value=value) if isinstance(data, MarkedDict) else where

    for key, raw in data.items():
        name = str(key)
        if name.startswith("_"):
            continue
        if name == "goals":
            goals = _goal_rows(raw, at(key), problems)
            continue
        if name == "not_applicable":
            ids = raw if isinstance(raw, list) else [s for s in str(raw or "").replace("、", ",").split(",") if s.strip()]
            for criterion in ids:
                criterion = str(criterion).strip()
                if known_criteria is not None and criterion not in known_criteria:
                    hint = suggest(criterion, known_criteria)
                    problems.append(Problem(at(key), f"不适用项（not_applicable）中有评分方案没有的评分项{quoted(criterion)}",
                                            hint or "应填评分方案中的评分项编号"))
                record[f"na.{criterion}"] = True
            continue
        if name in ("assessments", "self_levels"):
            if not isinstance(raw, dict):
                problems.append(Problem(at(key), f"{name} 应为“评分项: 内容”的映射", f"{name}: {{评分项: …}}"))
                continue
            flat: dict[str, Any] = {}
            _flatten(name, raw, flat)
            for inner, value in flat.items():
                record[inner] = value if isinstance(value, str) else _plain_number(value, at(key), inner, problems)
            continue
        if name == "findings":
            record["findings"] = raw
            continue
        if name == "choices":
            record.update(read_choices(raw, at(key), choices, problems))
            continue
        metric_id = label_index.get(name)
        if metric_id is None:
            hint = suggest(name, vocabulary.metrics)
            problems.append(Problem(at(key, value=False), f"未知指标{quoted(name)}",
                                    hint or "应填指标名称（perfscore explain 可列出全部指标）"))
            continue
        if vocabulary.metrics[metric_id].kind == "items":
            items = coerce_items(vocabulary.metrics[metric_id], raw, vocabulary, at(key), problems)
            if items is not None:
                record[metric_id] = items
            continue
        try:
            value = coerce(vocabulary.metrics[metric_id], raw)
        except CoercionError as exc:
            problems.append(Problem(at(key), f"{vocabulary.metrics[metric_id].zh}：{exc}", exc.expected))
            continue
        if metric_id == "year" and value is not None and year_problem(value):
            problems.append(Problem(at(key), f"{year_problem(value)}：{quoted(raw)}", f"应填 {YEAR_MIN}–{YEAR_MAX} 之间的整数年份"))
            continue
        if value is not None:
            record[metric_id] = value
    if choices and "choices" not in data:
        read_choices(None, where, choices, problems)
    if problems:
        raise PerfscoreError(problems)
    return record, goals


def year_problem(year: float) -> str | None:
    """Why ``year`` is no evaluation year (the rule of tables and single departments alike), or None."""
    if not isinstance(year, (int, float)) or not math.isfinite(year) or year != int(year):
        return "评价年度应为整数年份（如 2023）"
    if not YEAR_MIN <= year <= YEAR_MAX:
        return f"评价年度应在 {YEAR_MIN}–{YEAR_MAX} 之间"
    return None


def _plain_number(value: Any, where: Position, name: str, problems: list[Problem]) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        problems.append(Problem(where, f"{name} 应为数值或文字，而不是{quoted(value)}"))
        return None
    return float(value)


def _goal_rows(raw: Any, where: Position, problems: list[Problem]) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        problems.append(Problem(where, "目标（goals）应为目标行的列表", "- {indicator, target, actual, direction, points}"))
        return []
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(raw):
        here = raw.where(index) if isinstance(raw, MarkedList) else where
        if not isinstance(row, dict):
            problems.append(Problem(here, "目标行应为“键: 值”的映射", "{indicator, target, actual, direction, points}"))
            continue
        unknown = [k for k in row if k not in GOAL_KEYS]
        for key in unknown:
            problems.append(Problem(row.where(key) if isinstance(row, MarkedDict) else here,
                                    f"目标行中的未知键{quoted(key)}", suggest(str(key), GOAL_KEYS) or ", ".join(GOAL_KEYS)))
        rows.append(normalise_goal_row(row, here, problems))
    return rows


def normalise_goal_row(row: dict[str, Any], where: Position, problems: list[Problem]) -> dict[str, Any]:
    """A goal row: numeric target/actual with a direction, or a qualitative target (高/好/达标)."""
    out: dict[str, Any] = {"indicator": str(row.get("indicator", "")).strip()}
    if not out["indicator"]:
        problems.append(Problem(where, "目标行缺少指标名称", "如 indicator: 培训人次"))
    points = row.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
        problems.append(Problem(where, f"目标行{quoted(out['indicator'])}：分值应为不小于 0 的数值，而不是{quoted(points)}"))
        points = 0.0
    out["points"] = float(points)
    direction = str(row.get("direction", ">=")).strip()
    if direction not in GOAL_DIRECTIONS:
        problems.append(Problem(where, f"目标行{quoted(out['indicator'])}：方向{quoted(direction)}无法识别",
                                "应填 ≥（不低于）、≤（不高于）或 =（等于）"))
        direction = ">="
    out["direction"] = GOAL_DIRECTIONS[direction]
    out["unit"] = str(row.get("unit", "") or "")
    for key in ("target", "actual"):
        value = row.get(key)
        if isinstance(value, str):
            number = _number_in(value)
            out[key] = number if number is not None else value.strip()
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = float(value)
        else:
            out[key] = None
    if isinstance(row.get("score"), (int, float)) and not isinstance(row.get("score"), bool):
        out["score"] = float(row["score"])
    return out


def _number_in(text: str) -> float | None:
    clean = to_halfwidth(text).strip().rstrip("%").replace(",", "")
    try:
        return float(clean)
    except ValueError:
        return None


def load_mapping_file(path: Path) -> Any:
    """Read a YAML or JSON metrics file with positions (JSON is valid YAML 1.2 for our purposes)."""
    from ..rubric.yamlio import MAX_BYTES, MAX_DEPTH, load_file

    if path.suffix.lower() == ".json":
        try:
            if path.is_file() and path.stat().st_size <= MAX_BYTES:  # else load_file says what is wrong
                json.loads(path.read_bytes().decode("utf-8-sig"))
        except RecursionError:
            raise PerfscoreError(Problem(Position(str(path)), f"JSON 嵌套过深（超过 {MAX_DEPTH} 层）",
                                         f"应不超过 {MAX_DEPTH} 层")) from None
        except json.JSONDecodeError as exc:
            raise PerfscoreError(Problem(Position(str(path), exc.lineno, exc.colno), f"JSON 语法错误（{exc.msg}）",
                                         "应为合法的 JSON")) from None
        except UnicodeDecodeError:
            raise PerfscoreError(Problem(Position(str(path)), "不是 UTF-8 编码的文本", "应为 UTF-8 编码的 JSON 文件")) from None
        except ValueError as exc:  # an integer of more than 4,300 digits
            raise PerfscoreError(Problem(Position(str(path)), f"JSON 中的数值过长：{str(exc).split(';')[0]}",
                                         "数值应不超过 100 位")) from None
    return load_file(path)


def load_single(path: Path, vocabulary: Vocabulary, known_criteria: set[str] | None = None,
                choices: Sequence[ChoicePlan] = ()) -> MetricBatch:
    """One department from a YAML/JSON mapping (``choices``: the profile's 择项 levels)."""
    data = load_mapping_file(path)
    where = Position(str(path))
    if not isinstance(data, MarkedDict):
        raise PerfscoreError(Problem(where if data is None else getattr(data, "position", where),
                                     "指标文件应为“指标: 数值”的映射",
                                     "如 决算总支出: 8557.32"))
    record, goals = normalise_record(data, vocabulary, where, known_criteria, choices)
    return batch_from_records([record], [goals], vocabulary, str(path), [1])


def batch_from_records(records: list[dict[str, Any]], goals: list[list[dict[str, Any]]], vocabulary: Vocabulary,
                       source: str, row_numbers: list[int]) -> MetricBatch:
    """Normalised records (from :func:`normalise_record`) and their goal rows → a batch.

    Each department's raw ``findings:`` list (kept in its record as given, for the echo) is parsed here,
    department by department: the first department with a bad finding raises, each problem at the finding's
    own position (a list without positions: at ``source`` and the department's row number)."""
    findings = [read_findings(record.get("findings"), Position(source, row_numbers[i]))
                for i, record in enumerate(records)]
    goal_rows = GoalRows()
    for i, rows in enumerate(goals):
        for row in rows:
            goal_rows.department.append(i)
            goal_rows.rows.append(row)
    for i, record in enumerate(records):
        if goals[i]:
            record["goals"] = goals[i]
    columns = build_columns([{k: v for k, v in r.items() if k not in ("goals", "findings")} for r in records],
                            vocabulary)
    return MetricBatch(columns, len(records), records, goal_rows, source, row_numbers, findings=findings)
