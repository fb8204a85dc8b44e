"""Synthetic department tables for any profile: plausible budgets (万元), staffing, 三公, dates, goal rows.

Deterministic: the same seed, size and profile give the same bytes. Rows are
generated in fixed blocks, each from its own generator seeded by (seed, block),
so a million departments are written in bounded memory. Which columns appear
follows the profile: every metric its criteria read, the assessor inputs of
tiered/manual criteria, identity columns and the self-evaluation.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..atomic import atomic_path
from ..errors import PerfscoreError, Position, Problem
from ..render.csvfile import neutralise_arrow
from ..rubric.model import Manual, Tiered
from ..rubric.plan import Plan
from .prior_year import PRIOR_YEAR

BLOCK = 50_000
FIRST_YEAR = 2023
MISSING_SHARE = 0.02
GOAL_SHARE = 0.3
COUNTIES = "东西南北中新清安平宁和兴华永长丰乐德昌明泰福云阳山江河湖海城桥林峰溪源庄"
DEPARTMENTS = ("教育局", "财政局", "卫生健康委员会", "民政局", "农业农村局", "交通运输局", "水利局", "自然资源局",
               "生态环境局", "住房和城乡建设局", "人力资源和社会保障局", "文化广电旅游局", "市场监督管理局", "应急管理局",
               "司法局", "审计局", "统计局", "商务局", "科学技术局", "退役军人事务局", "医疗保障局", "林业局",
               "城市管理局", "发展和改革局", "工业和信息化局", "公安局", "档案馆", "机关事务管理局", "信访局", "体育局")
GOALS = (("培训人次", "人次", ">=", 1000.0), ("项目完工率", "%", ">=", 95.0), ("群众满意度", "", "", "高"),
         ("安全事故数", "起", "<=", 0.0), ("政策知晓率", "%", ">=", 90.0))
FORMATS = (".csv", ".parquet", ".xlsx")
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SynthSpec:
    departments: int
    seed: int
    years: int = 1


def metric_columns(plan: Plan) -> list[str]:
    """The columns a table for ``plan`` needs, in a stable order."""
    vocabulary = plan.profile.vocabulary
    names: dict[str, None] = dict.fromkeys(("region", "dept_name", "year"))
    for criterion in plan.criteria:
        shape = criterion.options[0].scoring
        for name in criterion.inputs:
            if name in vocabulary.metrics:
                names.setdefault(name, None)
        if isinstance(shape, Tiered):
            names.setdefault(f"assessments.{criterion.id}.tier", None)
        if isinstance(shape, Manual):
            names.setdefault(f"assessments.{criterion.id}.score", None)
            names.setdefault(f"assessments.{criterion.id}.note", None)
    for current, previous in PRIOR_YEAR.items():
        if previous in names and current in vocabulary.metrics:
            names.setdefault(current, None)
    names.update(dict.fromkeys(("self_score", "self_grade")))
    return list(names)


def _names(start: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Unique (region, department) pairs for departments ``start`` … ``start+count-1``."""
    index = np.arange(start, start + count)
    dept = index % len(DEPARTMENTS)
    county = index // len(DEPARTMENTS)
    n = len(COUNTIES)
    first, second, third = county % n, (county // n) % n, county // (n * n)
    regions = np.array([COUNTIES[a] + COUNTIES[b] + ("县" if c == 0 else f"{c}区")
                        for a, b, c in zip(first, second, third)], dtype=object)
    return regions, np.array(DEPARTMENTS, dtype=object)[dept]


class BlockGenerator:
    """One block of department-years, every column derived from a few latent draws."""

    def __init__(self, plan: Plan, rng: np.random.Generator, departments: int, years: int):
        self.plan = plan
        self.rng = rng
        self.n = departments * years
        self.vocabulary = plan.profile.vocabulary
        growth = np.cumprod(rng.uniform(0.95, 1.12, (departments, years)), axis=1).ravel()
        self.budget = np.round(np.repeat(np.exp(rng.normal(np.log(3000), 0.9, departments)), years) * growth, 2)
        self.staff = np.repeat(np.round(np.exp(rng.normal(np.log(80), 0.7, departments))), years)

    def share(self, low: float, high: float) -> np.ndarray:
        return self.rng.uniform(low, high, self.n)

    def money(self, values: np.ndarray) -> np.ndarray:
        return np.round(values, 2)

    def count(self, values: np.ndarray) -> np.ndarray:
        return np.maximum(np.round(values), 0)

    def values(self, year: np.ndarray) -> dict[str, np.ndarray]:
        """Every known metric; columns the profile does not read are dropped by the caller."""
        b, share, rng, n = self.budget, self.share, self.rng, self.n
        adjusted = self.money(b * (1 + np.where(share(0, 1) < 0.5, 0.0, share(-0.05, 0.25))))
        authorized = self.staff
        sangong_budget = self.money(b * share(0.002, 0.01))
        sangong_prev_budget = self.money(sangong_budget * share(0.85, 1.15))
        planned = self.count(share(6, 40))
        done = np.minimum(planned, self.count(planned * share(0.8, 1.05)))
        assigned = self.count(share(2, 15))
        original = self.money(b * share(0.3, 1.5))
        budget_approved = self.days(year, 20, 45)
        final_approved = self.days(year + 1, 200, 230)
        out: dict[str, Any] = {
            "budget_total": b, "budget_adjusted_total": adjusted, "budget_adjustment": self.money(adjusted - b),
            "final_total": self.money(adjusted * share(0.85, 1.02)),
            "budget_project": self.money(b * share(0.3, 0.6)), "key_project_spend": self.money(b * share(0.1, 0.4)),
            "budget_public_funds": self.money(b * share(0.03, 0.08)),
            "budget_procurement": self.money(b * share(0.05, 0.2)),
            "staff_authorized": authorized,
            "staff_actual": np.maximum(authorized + self.count(rng.normal(-2, 3, n)) * np.sign(rng.normal(0, 1, n)), 0),
            "sangong_budget": sangong_budget, "sangong_prev_budget": sangong_prev_budget,
            "sangong_actual": self.money(sangong_budget * share(0.7, 1.08)),
            "sangong_prev_actual": self.money(sangong_prev_budget * share(0.7, 1.08)),
            "carryover_end": self.money(b * share(0.0, 0.15)), "carryover_prev": self.money(b * share(0.0, 0.15)),
            "paid_to_date": self.money(adjusted * share(0.5, 0.8)), "paid_target": self.money(adjusted * 0.7),
            "budget_at_check": adjusted, "paid_target_pct": np.full(n, 70.0),
            "special_funds_late": self.count(rng.poisson(0.3, n)), "audit_findings": self.count(rng.poisson(0.6, n)),
            "fixed_assets_original": original, "fixed_assets_in_use": self.money(original * share(0.8, 1.0)),
            "key_tasks_planned": planned, "key_tasks_done": done,
            "key_tasks_on_time": np.minimum(done, self.count(done * share(0.85, 1.0))),
            "key_tasks_quality_ok": np.minimum(done, self.count(done * share(0.9, 1.0))),
            "key_tasks_assigned": assigned, "key_tasks_assigned_done": np.minimum(assigned, self.count(assigned * share(0.8, 1.05))),
            "satisfaction_pct": np.round(share(70, 99.5), 1),
            "budget_approved_date": budget_approved, "budget_disclosed_date": budget_approved + rng.integers(3, 26, n),
            "final_approved_date": final_approved, "final_disclosed_date": final_approved + rng.integers(3, 26, n),
            "self_eval_disclosure_deadline": self.days(year + 1, 150, 151),
            "self_eval_disclosed_date": self.days(year + 1, 120, 165),
            "self_eval_date": self.days(year + 1, 60, 120),
        }
        out["final_public_funds"] = self.money(out["budget_public_funds"] * share(0.85, 1.08))
        out["final_procurement"] = self.money(out["budget_procurement"] * share(0.7, 1.0))
        return out

    def days(self, year: np.ndarray, low: int, high: int) -> np.ndarray:
        start = (year.astype("int64") - 1970).astype("datetime64[Y]").astype("datetime64[D]")
        return start + self.rng.integers(low, high, self.n)

    def generic(self, kind: str) -> np.ndarray:
        """A plausible value for a metric this module has no specific model of."""
        if kind == "money":
            return self.money(self.budget * self.share(0.01, 0.5))
        if kind == "bool":
            return np.where(self.share(0, 1) < 0.9, "是", "否").astype(object)
        if kind == "percent":
            return np.round(self.share(60, 100), 2)
        if kind == "date":
            return self.days(np.full(self.n, FIRST_YEAR), 30, 300)
        if kind == "text":
            return np.array(["—"] * self.n, dtype=object)
        return self.count(self.share(0, 30))


def _tier_names(plan: Plan, criterion_id: str) -> list[str]:
    criterion = next(c for c in plan.criteria if c.id == criterion_id)
    return [t.name for t in criterion.options[0].scoring.tiers]


def _column(generator: BlockGenerator, name: str, known: dict[str, Any]) -> np.ndarray:
    plan, rng, n = generator.plan, generator.rng, generator.n
    if name.startswith("assessments."):
        _, criterion_id, part = name.split(".")
        if part == "tier":
            names = _tier_names(plan, criterion_id)
            return np.array(names, dtype=object)[rng.choice(len(names), n, p=_tier_weights(len(names)))]
        if part == "score":
            points = next(c.points for c in plan.criteria if c.id == criterion_id)
            return np.round(points * generator.share(0.6, 1.0), 1)
        return np.array(["经复核，资料齐全"] * n, dtype=object)
    if name in known:
        values = known[name]
    else:
        spec = generator.vocabulary.get(name)
        values = generator.generic(spec.kind if spec else "count")
    spec = generator.vocabulary.get(name)
    if spec is not None and spec.kind == "bool" and values.dtype != object:
        values = np.where(values, "是", "否").astype(object)
    return values


def _tier_weights(count: int) -> np.ndarray:
    weights = np.array([0.6, 0.3, 0.1] + [0.05] * max(0, count - 3))[:count]
    return weights / weights.sum()


def _blank(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    if values.dtype.kind == "M":
        return np.where(mask, np.datetime64("NaT"), values)
    if values.dtype == object:
        out = values.copy()
        out[mask] = None
        return out
    return np.where(mask, np.nan, values.astype(float))


def blocks(plan: Plan, spec: SynthSpec) -> Iterator[tuple[dict[str, np.ndarray], dict[str, list]]]:
    """(metric columns, goal rows) per block of departments × years."""
    columns = metric_columns(plan)
    has_goals = any(c.options[0].scoring.__class__.__name__ == "GoalTable" for c in plan.criteria)
    vocabulary = plan.profile.vocabulary
    bool_defaults = sorted(k for k, v in vocabulary.metrics.items() if v.kind == "bool")
    for start in range(0, spec.departments, BLOCK):
        count = min(BLOCK, spec.departments - start)
        rng = np.random.default_rng([spec.seed, start // BLOCK])
        regions, names = _names(start, count)
        n = count * spec.years
        year = np.tile(np.arange(FIRST_YEAR, FIRST_YEAR + spec.years), count)
        generator = BlockGenerator(plan, rng, count, spec.years)
        known = generator.values(year)
        for name in bool_defaults:
            known.setdefault(name, generator.share(0, 1) < 0.9)
        out: dict[str, np.ndarray] = {"region": np.repeat(regions, spec.years), "dept_name": np.repeat(names, spec.years),
                                      "year": year.astype(float)}
        for name in columns[3:]:
            if name in ("self_score", "self_grade"):
                continue
            values = _column(generator, name, known)
            missing = rng.uniform(0, 1, n) < MISSING_SHARE
            if spec.years > 1 and name in PRIOR_YEAR.values():
                missing |= year > FIRST_YEAR  # later years: taken from the previous row when scored
            out[name] = _blank(values, missing)
        self_score = np.round(rng.uniform(70, 99, n), 1)
        out["self_score"] = self_score
        out["self_grade"] = np.select([self_score >= 90, self_score >= 80, self_score >= 60], ["优", "良", "中"], "差")
        out["self_grade"] = out["self_grade"].astype(object)
        goals = _goal_rows(rng, out, has_goals)
        yield out, goals


def _goal_rows(rng: np.random.Generator, table: dict[str, np.ndarray], enabled: bool) -> dict[str, list]:
    rows: dict[str, list] = {k: [] for k in ("region", "dept_name", "year", "indicator", "target", "actual",
                                             "direction", "unit", "points")}
    if not enabled:
        return rows
    n = len(table["dept_name"])
    chosen = np.flatnonzero(rng.uniform(0, 1, n) < GOAL_SHARE)
    counts = rng.integers(2, 5, chosen.size)
    fraction = rng.uniform(0.8, 1.1, int(counts.sum()))
    k = 0
    for row, count in zip(chosen, counts):
        for g in range(count):
            name, unit, direction, target = GOALS[g]
            if isinstance(target, str):
                actual: Any = "高" if fraction[k] > 0.9 else "较高"
            elif direction == "<=":
                actual = float(fraction[k] > 1.05)
            else:
                actual = round(target * fraction[k], 1)
            for key, value in (("region", table["region"][row]), ("dept_name", table["dept_name"][row]),
                               ("year", int(table["year"][row])), ("indicator", name), ("target", _goal_text(target)),
                               ("actual", _goal_text(actual)), ("direction", direction), ("unit", unit), ("points", 10)):
                rows[key].append(value)
            k += 1
    return rows


def _goal_text(value: Any) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def goals_path(path: Path) -> Path:
    """Where the goal rows of a CSV/Parquet synthetic table go: ``x.goals.csv`` beside ``x.csv``."""
    return path.with_name(f"{path.stem}.goals{path.suffix}")


def write_synthetic(plan: Plan, spec: SynthSpec, path: Path) -> list[Path]:
    """Write the table (and its goal rows) to ``path``; return the files written."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise PerfscoreError(Problem(Position(str(path)), f"无法把模拟数据表写成{suffix or '（无扩展名）'}",
                                     "应为 -o FILE.csv、FILE.parquet 或 FILE.xlsx"))
    if spec.departments < 1 or spec.years < 1:
        raise PerfscoreError(Problem(Position("--departments"), "模拟数据表至少要有一个部门和一个年度",
                                     "--departments N ≥ 1, --years Y ≥ 1"))
    import pyarrow as pa

    metric_parts: list[pa.Table] = []
    goal_parts: list[pa.Table] = []
    written = [path]
    with _writers(path, suffix) as (metric_sink, goal_sink):
        for columns, goals in blocks(plan, spec):
            metric_table = _arrow(columns)
            goal_table = pa.table({k: pa.array(v) for k, v in goals.items()})
            if suffix == ".xlsx":
                metric_parts.append(metric_table)
                goal_parts.append(goal_table)
            else:
                metric_sink(metric_table)
                goal_sink(goal_table)
    if suffix == ".xlsx":
        _write_xlsx(path, pa.concat_tables(metric_parts), pa.concat_tables(goal_parts))
    else:
        written.append(goals_path(path))
    return written


def _arrow(columns: dict[str, np.ndarray]):
    import pyarrow as pa

    arrays = {}
    for name, values in columns.items():
        if values.dtype.kind == "M":
            text = np.datetime_as_string(values, unit="D")
            arrays[name] = pa.array(text.astype(object), type=pa.string(), mask=np.isnat(values))
        elif values.dtype == object:
            arrays[name] = pa.array(list(values), type=pa.string())
        elif name in ("year",):
            arrays[name] = pa.array(values.astype("int64"))
        else:
            arrays[name] = pa.array(values, from_pandas=True)
    return pa.table(arrays)


class _writers:
    """Streaming sinks for the metric and goal tables of a CSV or Parquet synthetic file."""

    def __init__(self, path: Path, suffix: str):
        self.path, self.suffix = path, suffix
        self.stack: list[Any] = []
        self.writers: dict[str, Any] = {}

    def __enter__(self):
        if self.suffix == ".xlsx":
            return (lambda table: None), (lambda table: None)
        for key, target in (("metrics", self.path), ("goals", goals_path(self.path))):
            manager = atomic_path(target)
            self.stack.append(manager)
            self.writers[key] = [manager.__enter__(), None]
        return self.sink("metrics"), self.sink("goals")

    def sink(self, key: str):
        def write(table) -> None:
            entry = self.writers[key]
            if entry[1] is None:
                if self.suffix == ".parquet":
                    import pyarrow.parquet as pq

                    entry[1] = pq.ParquetWriter(entry[0], table.schema)
                else:
                    import pyarrow.csv as pcsv

                    entry[1] = pcsv.CSVWriter(entry[0], table.schema)
            if self.suffix == ".csv":  # OWASP's rule, as every CSV perfscore writes: no text becomes a formula
                table = table.from_arrays([neutralise_arrow(c) for c in table.columns], schema=table.schema)
            entry[1].write_table(table)
        return write

    def __exit__(self, kind, value, traceback) -> None:
        for entry in self.writers.values():
            if entry[1] is not None:
                entry[1].close()
        for manager in reversed(self.stack):
            manager.__exit__(kind, value, traceback)


def _write_xlsx(path: Path, metrics, goals) -> None:
    """Two sheets (指标, 目标表), then the zip entries restamped so equal input gives equal bytes."""
    import datetime as dt

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = dt.datetime(2000, 1, 1)
    for title, table in (("指标", metrics), ("目标表", goals)):
        sheet = workbook.create_sheet(title)
        sheet.append(table.column_names)
        for row in zip(*(column.to_pylist() for column in table.columns)):
            sheet.append([_text_cell(sheet, v) if isinstance(v, str) and v.startswith("=") else v for v in row])
    with atomic_path(path) as temp:
        workbook.save(temp)
        _restamp_zip(temp)


def _text_cell(sheet, value: str):
    """A text openpyxl would store as a formula (it begins with ``=``), kept as text."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def _restamp_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            if name == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, compress_type=zipfile.ZIP_DEFLATED)
