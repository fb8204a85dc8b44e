"""The way to the target grade laid out for the writers: each department as a plain dict (:func:`records`, for
JSON and the terminal) or every (department, criterion) pair with points open as columns (:func:`pair_columns`,
for the CSV of a large table), from an analysis of :mod:`.whatif`. Numbers, ids and the rubric's own names only;
no sentence is written here.

May import: ``inputs``, ``rubric``, the shared leaves and this package's :mod:`.whatif` and :mod:`.results`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..calendar import from_day_number
from ..rounding import round_half_up_scalar
from ..rubric.model import Checklist, ChecklistItem
from ..rubric.expr import Name
from ..rubric.plan import Plan
from .results import GRADE_ORDER
from .whatif import DATA, GOALS, KINDS, MISSING, DateMove, GoalLoss, Whatif


def records(w: Whatif, keep: np.ndarray | None = None) -> list[dict]:
    """Each department's way to the target as plain data (numbers, ids and the rubric's own names); ``keep``:
    the departments to give (default all). Gathered criterion by criterion as arrays, then turned into Python
    values list by list (never a numpy scalar per figure), so a table of 100k departments takes seconds."""
    results, plan = w.results, w.results.plan
    n = results.n
    keep = np.ones(n, bool) if keep is None else keep
    dept, crit = _open_pairs(w, keep)
    rows = _criterion_rows(w, dept, crit)
    labels = grade_labels(plan)
    minimum = {GRADE_ORDER.index(g.grade): g.minimum for g in plan.profile.grades}
    columns = results.batch.columns
    kept = np.flatnonzero(keep[:n])
    names = columns["dept_name"][kept].tolist() if "dept_name" in columns else [None] * len(kept)
    years = _plain(columns["year"][kept]) if "year" in columns else [None] * len(kept)
    totals, reached_totals = _plain(results.total[kept]), _plain(w.reached_total[kept])
    grades, goals, caps = results.grade[kept].tolist(), w.target[kept].tolist(), w.cap[kept].tolist()
    reached, reached_grades = w.reached[kept].tolist(), w.reached_grade[kept].tolist()
    ids = [c.id for c in plan.criteria]
    starts = np.searchsorted(dept, kept, "left").tolist()
    ends = np.searchsorted(dept, kept, "right").tolist()
    decimals = plan.profile.rounding.points
    lines = _PlanLines(w, keep)
    out = []
    for r, i in enumerate(kept.tolist()):
        mine = rows[starts[r]:ends[r]]
        goal, grade, cap = goals[r], GRADE_ORDER[grades[r]], caps[r]
        out.append({
            "row": results.batch.row_numbers[i], "dept_name": names[r], "year": years[r],
            "total": totals[r], "grade": grade, "grade_label": labels[grade],
            "target": GRADE_ORDER[goal] if goal >= 0 else None,
            "target_label": labels[GRADE_ORDER[goal]] if goal >= 0 else None,
            "target_minimum": minimum.get(goal) if goal >= 0 else None,
            "cap": GRADE_ORDER[cap] if cap > 0 else None,
            "cap_label": labels[GRADE_ORDER[cap]] if cap > 0 else None,
            "cap_reasons": w.cap_reasons.get(i, []),
            "capped": goal >= 0 and cap > goal,
            "open_by_kind": _open_by_kind(mine, decimals),
            "reached": reached[r], "reached_total": reached_totals[r],
            "reached_grade": GRADE_ORDER[reached_grades[r]],
            "reached_grade_label": labels[GRADE_ORDER[reached_grades[r]]],
            "changes": [ids[j] for j in np.flatnonzero(w.chosen[i]).tolist()],
            "plan": lines.of(i),
            "criteria": mine,
        })
    return out


def grade_labels(plan: Plan) -> dict[str, str]:
    """Each grade as the profile prints it (良 → 良好), as the scorecard does; a grade without a label as itself."""
    printed = {band.grade: band.label for band in plan.profile.grades}
    return {grade: printed.get(grade) or grade for grade in GRADE_ORDER}


def _open_pairs(w: Whatif, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(department, criterion) of every criterion with points open, by department, then most points open first,
    then the rubric's order."""
    kept = np.flatnonzero(keep[:w.results.n])
    if not w.criteria or not len(kept):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    opened = np.round(np.stack([cw.open[kept] for cw in w.criteria], axis=1), 6)
    local, crit = np.nonzero(opened > 0)
    order = np.lexsort((crit, -opened[local, crit], local))
    return kept[local[order]], crit[order]


def plan_gains(w: Whatif, dept: np.ndarray, crit: np.ndarray) -> np.ndarray:
    """Of each (department, criterion) pair: the points the criterion gains (or loses) when the plan's changes
    are made together, as the total counts them."""
    if not len(dept):
        return np.zeros(0)
    now = np.nan_to_num(_gather(w, dept, crit, lambda cw: cw.points))
    return _rounded(np.round(np.nan_to_num(w.plan_points[dept, crit]) - now, w.results.plan.profile.rounding.points))


class _PlanLines:
    """The plan of each department as lines: one per changed input (inputs joined where one criterion reads
    several of them), naming every criterion the change moves with the points it gains there, and one per move
    stated on a criterion's value (its ``move_of``). A line that is exactly one criterion's best move names it in
    ``move_of``, so its sentence can be said as that move's."""

    def __init__(self, w: Whatif, keep: np.ndarray):
        self.w = w
        plan = w.results.plan
        kept = np.flatnonzero(keep[:w.results.n])
        m = len(w.criteria)
        every = np.tile(np.arange(m), len(kept))
        gains = plan_gains(w, np.repeat(kept, m), every).reshape(len(kept), m)
        self.gains = dict(zip(kept.tolist(), gains))  # department → its criteria's gains under the plan
        self.ids = [c.id for c in plan.criteria]
        self.names = [c.criterion.name for c in plan.criteria]
        vocabulary = plan.profile.vocabulary
        self.specs = {}
        self.changed: dict[int, list[str]] = {}
        self.readers = {}
        for name, after in w.plan_inputs.items():
            spec = vocabulary.get(name) if vocabulary else None
            self.specs[name] = (spec.zh, spec.unit) if spec else (name, "")
            self.readers[name] = [c.index for c in plan.criteria if name in c.inputs]
            for i in np.flatnonzero(np.isfinite(after) & keep).tolist():
                self.changed.setdefault(i, []).append(name)

    def of(self, i: int) -> list[dict]:
        w, gains = self.w, self.gains[i]
        kept = np.flatnonzero(w.chosen[i]).tolist()
        groups: list[tuple[list[str], list[int]]] = []
        for name in self.changed.get(i, ()):
            moved = [j for j in self.readers[name] if gains[j] != 0 or j in kept and self._sets(j, i) == name]
            joined = [g for g in groups if set(g[1]) & set(moved)]
            names, crits = [name], moved
            for g in joined:
                groups.remove(g)
                names, crits = g[0] + names, g[1] + crits
            groups.append((names, sorted(set(crits))))
        lines, done = [], set()
        for j in kept:
            group = next((g for g in groups if j in g[1]), None)
            if group is None:
                lines.append(self._line([], [j], i, self.ids[j]))
            elif id(group) not in done:
                done.add(id(group))
                lines.append(self._line(*group, i, self._move_of(group, i)))
        return lines

    def _sets(self, j: int, i: int) -> str | None:
        """The input criterion ``j``'s best move sets for department ``i`` (None: stated on the value)."""
        k = int(self.w.criteria[j].full.input_index[i])
        return self.w.criteria[j].inputs[k] if k >= 0 else None

    def _move_of(self, group: tuple[list[str], list[int]], i: int) -> str | None:
        (names, crits), w = group, self.w
        if len(names) != 1 or len(crits) != 1 or not w.chosen[i, crits[0]]:
            return None
        move = w.criteria[crits[0]].full
        same = move.input_after[i] == w.plan_inputs[names[0]][i] and abs(move.gain[i] - self.gains[i][crits[0]]) < 1e-9
        return self.ids[crits[0]] if same else None

    def _line(self, names: list[str], crits: list[int], i: int, move_of: str | None) -> dict:
        columns = self.w.results.batch.columns
        inputs = [{"input": name, "input_name": self.specs[name][0], "input_unit": self.specs[name][1],
                   "input_before": _number(columns[name][i]), "input_after": _number(self.w.plan_inputs[name][i])}
                  for name in names]
        return {"inputs": inputs, "move_of": move_of,
                "criteria": [{"criterion": self.ids[j], "name": self.names[j], "gain": _number(self.gains[i][j]),
                              "in_plan": bool(self.w.chosen[i, j])} for j in crits]}


def _plain(values: np.ndarray) -> list:
    """Numbers as JSON has them: rounded to 6 decimals, whole numbers as int, NaN as None."""
    if values.dtype == object:
        return [_number(v) for v in values.tolist()]
    a = np.round(values.astype(float), 6) + 0.0
    out = a.astype(object)
    finite = np.isfinite(a)
    whole = finite & (np.floor(a) == a) & (np.abs(a) < 2.0 ** 53)
    out[whole] = a[whole].astype(np.int64).astype(object)
    out[~finite] = None
    return out.tolist()


def _gather(w: Whatif, dept: np.ndarray, crit: np.ndarray, get, dtype=float, fill=np.nan) -> np.ndarray:
    """One attribute of each (department, criterion) pair, read from each criterion's array at its pairs only (a
    slice of a large table costs its own pairs, not the whole table)."""
    out = np.full(len(dept), fill, dtype=dtype)
    for j, cw in enumerate(w.criteria):
        at = np.flatnonzero(crit == j)
        if len(at):
            out[at] = np.asarray(get(cw))[dept[at]]
    return out


def _labels(w: Whatif, dept: np.ndarray, crit: np.ndarray, which: str) -> np.ndarray:
    """The branch each pair's move (``next`` or ``full``) reaches, as the rubric names it ("" where none)."""
    out = np.full(len(dept), "", dtype=object)
    for j, cw in enumerate(w.criteria):
        at = np.flatnonzero(crit == j)
        if len(at):
            move = getattr(cw, which)
            out[at] = np.array(move.labels, dtype=object)[move.label[dept[at]]]
    return out


def _unmet_items(w: Whatif, dept: np.ndarray, crit: np.ndarray) -> dict[int, list[str]]:
    """For each pair (by position) of a checklist criterion: the ids of the items its department does not meet."""
    out: dict[int, list[str]] = {}
    for j, cw in enumerate(w.criteria):
        if not cw.items:
            continue
        where = np.flatnonzero(crit == j)
        if not len(where):
            continue
        ids = list(cw.items)
        unmet = np.stack([cw.items[item_id][dept[where]] for item_id in ids], axis=1).tolist()
        for r, flags in zip(where.tolist(), unmet):
            out[r] = [item_id for item_id, flag in zip(ids, flags) if flag]
    return out


def _criterion_rows(w: Whatif, dept: np.ndarray, crit: np.ndarray) -> list[dict]:
    results, plan = w.results, w.results.plan
    vocabulary = plan.profile.vocabulary
    cps = [cw.plan for cw in w.criteria]
    kinds = _gather(w, dept, crit, lambda cw: cw.kind, np.int8, 0).tolist()
    scored = _plain(_gather(w, dept, crit, lambda cw: cw.points))
    opened = _plain(_gather(w, dept, crit, lambda cw: cw.open))
    maxima = _plain(_gather(w, dept, crit, lambda cw: cw.scale.maximum))
    values = _plain(_gather(w, dept, crit, lambda cw: cw.value))
    chosen = w.chosen[dept, crit].tolist() if len(dept) else []
    in_plan_gain = _plain(plan_gains(w, dept, crit))
    why = _gather(w, dept, crit, lambda cw: cw.missing_why, np.int64, 0).tolist()
    moves = {}
    for which in ("next", "full"):
        move = _move_arrays(w, dept, crit, which)
        moves[which] = (_plain(move["gain"]), _plain(move["value"]), move["label"].tolist(), move["metric"].tolist(),
                        _plain(move["before"]), _plain(move["after"]))
    specs = {}
    heads = [(c.id, c.criterion.name, c.unit) for c in cps]
    unmet_items = _unmet_items(w, dept, crit)
    items_of = [{item.id: item for o in c.options if isinstance(o.scoring, Checklist) for item in o.scoring.items}
                for c in cps]
    rows = []
    for r, (i, j) in enumerate(zip(dept.tolist(), crit.tolist())):
        cid, cname, cunit = heads[j]
        kind = kinds[r]
        record = {"criterion": cid, "name": cname, "order": j, "points": maxima[r], "scored": scored[r],
                  "open": opened[r], "kind": KINDS[kind], "unit": cunit, "value": values[r], "in_plan": chosen[r],
                  "plan_gain": in_plan_gain[r]}
        rows.append(record)
        if kind == MISSING:
            record["missing"] = results.reasons.texts[why[r]]
        if kind == GOALS and w.criteria[j].goals is not None:
            record.update(_goal_record(w.criteria[j].goals, i))
        if kind != DATA:
            continue
        for which, (gain, value, label, metric, before, after) in moves.items():
            if not gain[r] or gain[r] <= 0:
                continue
            entry = {"gain": gain[r], "value": value[r], "label": str(label[r])}
            if metric[r] is not None:
                name = metric[r]
                if name not in specs:
                    spec = vocabulary.get(name) if vocabulary else None
                    specs[name] = (spec.zh, spec.unit) if spec else (name, "")
                entry.update({"input": name, "input_name": specs[name][0], "input_unit": specs[name][1],
                              "input_before": before[r], "input_after": after[r]})
            record[which] = entry
        if r in unmet_items:
            cw = w.criteria[j]
            checklist_items = items_of[j]
            record["items"] = [_item_record(checklist_items[item_id], cw.dates.get(item_id), i, vocabulary,
                                            cw.scale.item_gain(checklist_items[item_id].points, i))
                               for item_id in unmet_items[r]]
            if "next" in record:
                record["next"]["item"] = next(item["item"] for item in record["items"]
                                              if item["name"] == record["next"]["label"])
    return rows


GOAL_ROWS_NAMED = 5  # the goal rows losing most points a record names


def _goal_record(goals: GoalLoss, i: int) -> dict:
    """A department's goal rows: how many, how many lose points, and the ones losing most (the row as the
    department wrote it, with the points it loses), most first, then in the table's order."""
    start = int(goals.rows.starts[i])
    if start < 0:
        return {}
    scored = goals.rows.scored
    at = np.arange(start, int(goals.rows.ends[i]))
    lost = goals.lost[at]
    order = np.lexsort((at, -lost))
    named = [int(k) for k in at[order] if goals.lost[k] > 0][:GOAL_ROWS_NAMED]
    rows = []
    for k in named:
        row = scored.rows[int(scored.order[k])]
        rows.append({"indicator": row["indicator"], "direction": row.get("direction", ">="),
                     "target": _number(row.get("target")), "actual": _number(row.get("actual")),
                     "unit": row.get("unit") or "", "lost": _number(goals.lost[k])})
    return {"goal_rows": int(goals.count[i]), "goal_rows_short": int(goals.short[i]), "goal_rows_lost": rows}


def _open_by_kind(rows: list[dict], decimals: int) -> dict[str, float]:
    """Points still open, summed per kind of criterion (data, assessor, missing …)."""
    sums: dict[str, float] = {}
    for row in rows:
        sums[row["kind"]] = sums.get(row["kind"], 0.0) + row["open"]
    return {kind: _number(round_half_up_scalar(total, decimals)) for kind, total in sums.items()}


def _number(value) -> float | int | None:
    if value is None or isinstance(value, str):
        return value
    value = float(value)
    if not math.isfinite(value):
        return None
    value = round(value, 6) + 0.0
    return int(value) if value.is_integer() else value


def _item_record(item: ChecklistItem, date: DateMove | None, i: int, vocabulary, gain: float) -> dict:
    entry = {"item": item.id, "name": item.name, "gain": _number(gain)}
    if isinstance(item.when, Name):
        entry["input"] = item.when.name
        spec = vocabulary.get(item.when.name) if vocabulary else None
        entry["input_name"] = spec.zh if spec else item.when.name
    elif date is not None:
        entry["deadline"] = True
        entry["working_days"] = date.working
        entry["late"] = _number(date.late[i])
        if date.metric is not None:
            spec = vocabulary.get(date.metric) if vocabulary else None
            entry["date_name"] = spec.zh if spec else date.metric
            if np.isfinite(date.after[i]):
                entry.update({"input": date.metric, "input_before": _date_text(date.before[i]),
                              "input_after": _date_text(date.after[i])})
    return entry


def _date_text(day: float) -> str | None:
    return from_day_number(day).isoformat() if np.isfinite(day) else None


def _move_arrays(w: Whatif, dept: np.ndarray, crit: np.ndarray, which: str) -> dict[str, np.ndarray]:
    """One move (``next`` or ``full``) of each pair as arrays: the gain, the criterion's value after it, the branch
    reached, the input changed (its id, None where none) with its figure before and after."""
    index = _gather(w, dept, crit, lambda cw: getattr(cw, which).input_index, np.int64, -1)
    before = np.full(len(dept), np.nan)
    metric = np.full(len(dept), None, dtype=object)
    for j, cw in enumerate(w.criteria):
        for k, name in enumerate(cw.inputs):
            sel = (crit == j) & (index == k)
            if sel.any():
                before[sel] = w.results.batch.columns[name][dept[sel]].astype(float)
                metric[sel] = name
    return {"gain": _rounded(_gather(w, dept, crit, lambda cw: getattr(cw, which).gain)),
            "value": _rounded(_gather(w, dept, crit, lambda cw: getattr(cw, which).value)),
            "label": _labels(w, dept, crit, which),
            "metric": metric, "before": _rounded(before),
            "after": _rounded(_gather(w, dept, crit, lambda cw: getattr(cw, which).input_after))}


def _rounded(values: np.ndarray) -> np.ndarray:
    """Floats as the records state them: rounded to 6 decimals, no negative zero."""
    return np.round(values.astype(float), 6) + 0.0


@dataclass
class PairColumns:
    """Every (department, criterion) pair with points open, in :func:`records`' order, as arrays (one entry per
    pair): ``department`` (``row``, ``dept_name``, ``year``, ``total``, ``grade``, ``target``, ``reached``,
    ``reached_total``, ``reached_grade``; grades by the profile's labels, ``target`` None where already there),
    ``criterion`` (``name``, ``points``, ``scored``, ``open``, ``kind``, ``unit``, ``value``, ``in_plan``,
    ``plan_gain``, ``missing``), ``moves`` (``next``/``full``: ``gain``, ``value``, ``label``, ``input_name``, ``input_unit``,
    ``before``, ``after``; gain NaN where there is none), and ``records``: the record of each pair whose text needs
    more than these columns (a checklist's items, dates; a goal table's rows), by position."""

    department: dict[str, np.ndarray]
    criterion: dict[str, np.ndarray]
    moves: dict[str, dict[str, np.ndarray]]
    records: dict[int, dict]

    def __len__(self) -> int:
        return len(self.criterion["name"])


def pair_columns(w: Whatif, keep: np.ndarray | None = None) -> PairColumns:
    """The pairs of the departments ``keep`` (default all) column by column: what :func:`records` gives, without a
    dict per pair, for a writer of a large table."""
    results, plan = w.results, w.results.plan
    n = results.n
    keep = np.ones(n, bool) if keep is None else keep
    dept, crit = _open_pairs(w, keep)
    labels = grade_labels(plan)
    printed = np.array([labels[g] for g in GRADE_ORDER], dtype=object)
    columns = results.batch.columns
    names = columns["dept_name"] if "dept_name" in columns else np.full(n, None, dtype=object)
    years = columns["year"] if "year" in columns else np.full(n, None, dtype=object)
    target = w.target[dept]
    department = {"row": np.asarray(results.batch.row_numbers, np.int64)[dept], "dept_name": names[dept],
                  "year": years[dept], "total": _rounded(results.total[dept]),
                  "grade": printed[results.grade[dept].astype(np.int64)],
                  "target": np.where(target >= 0, printed[np.maximum(target, 0)], None),
                  "reached": w.reached[dept], "reached_total": _rounded(w.reached_total[dept]),
                  "reached_grade": printed[w.reached_grade[dept]]}
    kind = _gather(w, dept, crit, lambda cw: cw.kind, np.int8, 0)
    why = _gather(w, dept, crit, lambda cw: cw.missing_why, np.int64, 0)
    texts = np.array(results.reasons.texts, dtype=object)
    criterion = {"name": np.array([c.criterion.name for c in plan.criteria], dtype=object)[crit],
                 "unit": np.array([c.unit for c in plan.criteria], dtype=object)[crit],
                 "points": _rounded(_gather(w, dept, crit, lambda cw: cw.scale.maximum)),
                 "scored": _rounded(_gather(w, dept, crit, lambda cw: cw.points)),
                 "open": _rounded(_gather(w, dept, crit, lambda cw: cw.open)),
                 "value": _rounded(_gather(w, dept, crit, lambda cw: cw.value)),
                 "kind": np.array(KINDS, dtype=object)[kind],
                 "in_plan": w.chosen[dept, crit] if len(dept) else np.zeros(0, bool),
                 "plan_gain": plan_gains(w, dept, crit),
                 "missing": np.where(kind == MISSING, texts[why], None)}
    vocabulary = plan.profile.vocabulary
    moves = {}
    for which in ("next", "full"):
        move = _move_arrays(w, dept, crit, which)
        move["gain"] = np.where(kind == DATA, move["gain"], np.nan)
        specs = {name: vocabulary.get(name) if vocabulary else None for name in set(move["metric"].tolist()) - {None}}
        zh = {name: spec.zh if spec else name for name, spec in specs.items()}
        unit = {name: spec.unit if spec else "" for name, spec in specs.items()}
        move["input_name"] = np.array([zh.get(m) for m in move["metric"].tolist()], dtype=object)
        move["input_unit"] = np.array([unit.get(m, "") for m in move["metric"].tolist()], dtype=object)
        moves[which] = move
    checklists = [j for j, cw in enumerate(w.criteria) if cw.items]
    special = np.flatnonzero((kind == DATA) & np.isin(crit, checklists) | (kind == GOALS))
    rows = _criterion_rows(w, dept[special], crit[special]) if len(special) else []
    return PairColumns(department, criterion, moves, dict(zip(special.tolist(), rows)))
