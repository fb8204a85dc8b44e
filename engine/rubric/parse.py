"""Build the rubric model from marked YAML: indicators (rules/) and one effective profile.

Structural problems (unknown keys, wrong types, bad formulas, bad intervals) are
collected on a :class:`Reader`; semantic checks live in :mod:`.validate`.
"""

from __future__ import annotations

import math
from typing import Any

from ..errors import Position
from .intervals import parse_interval
from .model import (
    Adjustment, Band, Bands, Checklist, ChecklistItem, Choose, Criterion, Deduct, EitherOption, EitherOr, Formula,
    GoalTable, GradeBand, Indicator, Interval, Manual, Node, PerOccurrence, ProfileTest, Proportional, Rounding,
    SelfCheck, Shape, State, States, Tier, Tiered,
)
from .reader import Reader, quoted
from .yamlio import MarkedDict

INDICATOR_KEYS = ("id", "name", "name_en", "unit", "formula", "definition", "source", "parameters")
# Shapes that read their own inputs (assessments, items, goal rows), never an indicator's value.
VALUE_FREE = ("tiered", "manual", "checklist")
# Keys only a criterion (a leaf) reads.
LEAF_ONLY_KEYS = ("indicator", "formula", "unit", "scoring", "missing", "not_applicable", "goal_table")
NODE_KEYS = ("id", "name", "points", "children", "indicator", "formula", "unit", "scoring", "missing",
             "not_applicable", "note", "goal_table", "choose")
SHAPES = ("linear_deduct", "coarse_step", "bands", "proportional", "states", "per_occurrence", "checklist",
          "either_or", "tiered", "manual")
MISSING_POLICIES = ("zero", "exclude", "error", "manual")
NA_POLICIES = ("full", "exclude")
PARTIAL_RULES = ("ceil", "floor", "prorata")
CANONICAL_GRADES: dict[str, tuple[str, ...]] = {
    "优": ("优", "优秀"),
    "良": ("良", "良好"),
    "中": ("中", "中等", "合格", "一般"),
    "差": ("差", "较差", "不合格"),
}
DEFAULT_TIERS = (
    Tier("完全实现", Interval(0.8, 1.0, True, True, "[80%, 100%]"), ("达到", "完成", "好", "高", "达标", "优")),
    Tier("部分实现", Interval(0.6, 0.8, True, False, "[60%, 80%)"), ("基本达到", "基本完成", "较好", "较高", "良")),
    Tier("未实现", Interval(0.0, 0.6, True, False, "[0%, 60%)"), ("未达到", "未完成", "差", "低", "不达标")),
)
# 财预〔2020〕10号: 90（含）-100 优、80（含）-90 良、60（含）-80 中、60 以下 差 — the national default.
DEFAULT_GRADES = (GradeBand("优", "优", 90.0), GradeBand("良", "良", 80.0), GradeBand("中", "中", 60.0),
                  GradeBand("差", "差", 0.0))
DEFAULT_GRADES_NOTE = "方案未设等级，按财预〔2020〕10号默认等级：90分（含）以上为优，80（含）—90分为良，60（含）—80分为中，60分以下为差"
GRADE_GAPS = ("round", "lower")
FULL_DOMAIN = Interval(-math.inf, math.inf, False, False, "(-inf, +inf)")


def parse_formula(reader: Reader, data: MarkedDict, key: str) -> Formula | None:
    value = data.get(key)
    where = data.where(key, value=True)
    if isinstance(value, MarkedDict):
        reader.keys(value, ("by", "cases"), ("by", "cases"), "分情形的公式")
        cases_raw = reader.mapping(value.get("cases"), value.where("cases", value=True), "公式情形“cases”")
        cases: dict[str, Formula] = {}
        for name in cases_raw or {}:
            case = parse_formula(reader, cases_raw, name)  # type: ignore[arg-type]
            if case is not None:
                cases[str(name)] = case
        return Formula(source="", by=reader.text(value, "by"), cases=cases, position=where)
    expr = reader.expression(data, key)
    if expr is None:
        return None
    return Formula(source=str(value), expr=expr, position=where)


def parse_indicator(reader: Reader, data: MarkedDict) -> Indicator | None:
    reader.keys(data, INDICATOR_KEYS, ("id", "name", "formula"), "指标定义")
    formula = parse_formula(reader, data, "formula") if "formula" in data else None
    if formula is None or "id" not in data:
        return None
    return Indicator(
        id=reader.text(data, "id"), name=reader.text(data, "name"), unit=reader.text(data, "unit"),
        formula=formula, definition=reader.text(data, "definition"), source=reader.text(data, "source"),
        name_en=reader.text(data, "name_en"), position=data.where(),
        parameters=tuple(str(p) for p in reader.sequence(data["parameters"], data.where("parameters", value=True),
                                                         "参数“parameters”") or ()) if "parameters" in data else (),
    )


def parse_indicator_file(reader: Reader, data: Any, where: Position) -> list[Indicator]:
    document = reader.mapping(data, where, "指标文件")
    if document is None:
        return []
    reader.keys(document, ("indicators",), ("indicators",), "指标文件")
    entries = reader.sequence(document.get("indicators"), document.where("indicators", value=True), "指标定义“indicators”")
    found: list[Indicator] = []
    seen: dict[str, Position] = {}
    for index, entry in enumerate(entries or []):
        item = reader.mapping(entry, entries.where(index), "指标定义")  # type: ignore[union-attr]
        if item is not None:
            indicator = parse_indicator(reader, item)
            if indicator is not None:
                if indicator.id in seen:
                    reader.problem(item.where("id", value=True), f"指标编号“{indicator.id}”重复",
                                   f"编号应唯一（第一次出现在第 {seen[indicator.id].line} 行）")
                    continue
                seen[indicator.id] = indicator.position
                found.append(indicator)
    return found


class ProfileParser:
    """Turns one effective (already merged) profile mapping into model objects."""

    def __init__(self, reader: Reader, indicators: dict[str, Indicator], defaults: dict[str, str]):
        self.reader = reader
        self.indicators = indicators
        self.defaults = defaults

    # -- tree ------------------------------------------------------------------
    def node(self, data: Any, where: Position) -> Node | None:
        r = self.reader
        item = r.mapping(data, where, "节点")
        if item is None:
            return None
        r.keys(item, NODE_KEYS, ("id", "points"), "节点")
        node_id = r.text(item, "id")
        points = r.number(item, "points", 0.0, minimum=0) or 0.0
        points_where = item.where("points", value=True) if "points" in item else item.where()
        if "children" in item:
            for key in LEAF_ONLY_KEYS:
                if key in item:
                    r.problem(item.where(key), f"层级“{node_id}”有下级，层级不读取“{key}”",
                              "评分用的键应写在评分项（末级节点）上，或删去（在 overrides 中写 key: null）")
            children_raw = r.sequence(item["children"], item.where("children", value=True), "下级“children”")
            if children_raw is not None and not children_raw:
                r.problem(item.where("children", value=True), f"层级“{node_id}”没有下级",
                          "应至少有一个下级节点；若是评分项，应写 scoring: {shape: ...}")
            children = [self.node(child, children_raw.where(i)) for i, child in enumerate(children_raw or [])]
            kept = tuple(c for c in children if c is not None)
            choose = self.choose(item, node_id, kept) if "choose" in item else None
            return Node(node_id, r.text(item, "name", node_id), points, kept, None, item.where(), points_where, choose)
        if "choose" in item:
            r.problem(item.where("choose"), f"评分项“{node_id}”没有下级可供择项：choose 只能用在层级上",
                      "应把 choose: {min: K, max: M} 写在部门从其下级中择项的层级上")
        criterion = self.criterion(item, node_id, points)
        name = criterion.name if criterion else r.text(item, "name", node_id)
        return Node(node_id, name, points, (), criterion, item.where(), points_where)

    def choose(self, item: MarkedDict, node_id: str, children: tuple[Node, ...]) -> Choose | None:
        """``choose: {min: K, max: M}`` on a level (择项): K to M of its criteria, weighed by the department."""
        r = self.reader
        spec = r.mapping(item["choose"], item.where("choose", value=True), "choose")
        if spec is None:
            return None
        r.keys(spec, ("min", "max"), (), "choose")
        count = len(children)
        bounds = {key: self.whole_number(spec, key, default) for key, default in (("min", 1), ("max", count))}
        low, high = bounds["min"], bounds["max"]
        for child in children:
            if child.criterion is None:
                r.problem(item.where("choose"), f"层级“{node_id}”择项，但其下级“{child.id}”是层级",
                          "择项层级的下级应全是评分项（叶节点）")
            elif child.points <= 0:
                r.problem(child.points_position, f"择项层级下的评分项“{child.id}”分值为{child.points:g}",
                          "应大于 0：选中的评分项按其分值评分后折算到部门所定权重")
        if low is None or high is None:
            return None
        if low > high:
            r.problem(spec.where("min", value=True), f"choose 的 min {low} 大于 max {high}", "应为 min ≤ max")
        if high > count:
            r.problem(spec.where("max", value=True) if "max" in spec else spec.where(),
                      f"choose 的 max {high} 超过层级“{node_id}”的下级数 {count}",
                      f"应不超过 {count}（可供选择的下级数）")
        return Choose(low, high, item.where("choose", value=True))

    def whole_number(self, spec: MarkedDict, key: str, default: int) -> int | None:
        """A count in ``choose:``: a whole number ≥ 1 (not a boolean, text or fraction)."""
        if key not in spec:
            return default
        value = spec[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not float(value).is_integer() or value < 1:
            self.reader.problem(spec.where(key, value=True), f"choose 的 {key} 为 {value!r}", "应为不小于 1 的整数")
            return None
        return int(value)

    def criterion(self, item: MarkedDict, node_id: str, points: float) -> Criterion | None:
        r = self.reader
        self.unread_keys(item, node_id)
        indicator = self.leaf_indicator(item, node_id)
        if "goal_table" in item:
            shape: Shape | None = self.goal_table(item)
        elif "scoring" not in item:
            r.problem(item.where(), f"末级节点“{node_id}”既没有 children 也没有 scoring",
                      "层级应写 children: [...]，评分项应写 scoring: {shape: ...}")
            return None
        else:
            shape = self.shape(item.get("scoring"), item.where("scoring", value=True), points)
        if shape is None:
            return None
        name = r.text(item, "name") or (indicator.name if indicator else node_id)
        return Criterion(
            id=node_id, name=name, points=points, scoring=shape, indicator=indicator,
            missing=r.choice(item, "missing", MISSING_POLICIES, self.defaults["missing"]),
            not_applicable=r.choice(item, "not_applicable", NA_POLICIES, self.defaults["not_applicable"]),
            note=r.text(item, "note"), position=item.where(),
        )

    def unread_keys(self, item: MarkedDict, node_id: str) -> None:
        """Refuse keys the leaf's shape never reads: one engine must not score what the other ignores."""
        r = self.reader
        spec = item.get("scoring")
        kind = spec.get("shape") if isinstance(spec, dict) else None
        if "goal_table" in item:
            unread, why = ("scoring", "indicator", "formula", "unit"), "goal_table 评分项按目标表的各行评分"
        elif kind in VALUE_FREE:
            unread, why = ("indicator", "formula", "unit"), f"评分方式为 {kind} 的评分项不读取指标值"
        elif kind == "either_or":
            unread, why = ("indicator", "formula", "unit"), "二选一（either_or）评分项读取各选项的值"
        else:
            return
        for key in unread:
            if key in item:
                r.problem(item.where(key), f"评分项“{node_id}”：{why}，“{key}”不会被读取",
                          f"应删去“{key}”（在 overrides 中写 {key}: null）")

    def leaf_indicator(self, item: MarkedDict, node_id: str) -> Indicator | None:
        r = self.reader
        if "indicator" in item and "formula" in item:
            r.problem(item.where("formula"), "末级节点不能同时写 indicator: 和 formula:", "应只写其中之一")
        if "indicator" in item:
            return self.lookup_indicator(item, "indicator")
        if "formula" in item:
            formula = parse_formula(r, item, "formula")
            if formula is None:
                return None
            return Indicator(node_id, r.text(item, "name", node_id), r.text(item, "unit"), formula,
                             position=item.where("formula"))
        return None

    def lookup_indicator(self, item: MarkedDict, key: str) -> Indicator | None:
        ref = self.reader.text(item, key)
        indicator = self.indicators.get(ref)
        if indicator is None:
            from .reader import suggest

            hint = suggest(ref, self.indicators)
            self.reader.problem(item.where(key, value=True), f"未知的指标“{ref}”",
                                hint or "应为 rules/ 中定义的指标编号")
        return indicator

    # -- shapes ------------------------------------------------------------------
    def shape(self, data: Any, where: Position, points: float) -> Shape | None:
        r = self.reader
        spec = r.mapping(data, where, "评分方式“scoring”")
        if spec is None:
            return None
        kind = r.choice(spec, "shape", SHAPES, "")
        if not kind:
            return None
        builder = getattr(self, "shape_" + kind)
        return builder(spec, points)

    def _deduct(self, spec: MarkedDict, points: float, shape: str) -> Deduct | None:
        r = self.reader
        keys = ("shape", "threshold", "direction", "per", "deduct", "partial", "floor")
        required = ("shape", "threshold", "direction", "deduct") + (("per",) if shape == "coarse_step" else ())
        r.keys(spec, keys, required, f"评分方式 {shape} ")
        threshold = r.number(spec, "threshold")
        deduct = r.number(spec, "deduct", minimum=0)
        per = r.number(spec, "per", 1.0)
        if per is not None and per <= 0:
            r.problem(spec.where("per", value=True), "步长“per”必须大于 0", "应为大于 0 的步长")
        floor = r.number(spec, "floor", 0.0, minimum=0) or 0.0
        if floor > points:
            r.problem(spec.where("floor", value=True), f"保底分 floor {floor:g} 超过评分项的 {points:g} 分",
                      f"应不超过 {points:g}")
        if threshold is None or deduct is None or per is None:
            return None
        return Deduct(threshold, r.choice(spec, "direction", ("above", "below"), "above"), per, deduct,
                      r.choice(spec, "partial", PARTIAL_RULES, self.defaults["partial_steps"]), floor, shape)

    def shape_linear_deduct(self, spec: MarkedDict, points: float) -> Deduct | None:
        return self._deduct(spec, points, "linear_deduct")

    def shape_coarse_step(self, spec: MarkedDict, points: float) -> Deduct | None:
        return self._deduct(spec, points, "coarse_step")

    def interval(self, data: MarkedDict, key: str, percent: bool = False) -> Interval | None:
        try:
            return parse_interval(data.get(key, ""), percent=percent)
        except ValueError as exc:
            self.reader.problem(data.where(key, value=True), f"区间写法有误：{exc}",
                                "应为区间写法，例如 [80, 90)、(0, 10]、[90, +inf)")
            return None

    def shape_bands(self, spec: MarkedDict, points: float) -> Bands | None:
        r = self.reader
        r.keys(spec, ("shape", "bands", "domain"), ("shape", "bands"), "评分方式 bands ")
        domain = self.interval(spec, "domain") if "domain" in spec else FULL_DOMAIN
        bands: list[Band] = []
        for band in r.entries(spec.get("bands"), spec.where("bands", value=True), "分档“bands”", "一档"):
            r.keys(band, ("range", "points", "label"), ("range", "points"), "分档")
            interval = self.interval(band, "range")
            value = r.number(band, "points", minimum=0)
            if value is not None and value > points:
                r.problem(band.where("points", value=True), f"该档分值 {value:g} 超过评分项的 {points:g} 分",
                          f"应不超过 {points:g}")
            if interval is not None and value is not None:
                bands.append(Band(interval, value, r.text(band, "label")))
        if not bands or domain is None:
            return None
        return Bands(tuple(bands), domain)

    def shape_proportional(self, spec: MarkedDict, points: float) -> Proportional | None:
        r = self.reader
        r.keys(spec, ("shape", "target", "direction", "cutoff"), ("shape",), "评分方式 proportional ")
        target = r.number(spec, "target", 100.0)
        if target is None:
            return None
        return Proportional(target, r.choice(spec, "direction", ("higher", "lower"), "higher"),
                            r.number(spec, "cutoff"))

    def shape_states(self, spec: MarkedDict, points: float) -> States | None:
        r = self.reader
        r.keys(spec, ("shape", "states"), ("shape", "states"), "评分方式 states ")
        states: list[State] = []
        for item in r.entries(spec.get("states"), spec.where("states", value=True), "状态“states”", "一个状态"):
            r.keys(item, ("when", "otherwise", "points", "label"), ("points",), "状态")
            if ("when" in item) == ("otherwise" in item):
                r.problem(item.where(), "每个状态须恰好写 when: 或 otherwise: true 之一", "应写 when: <条件>，或 otherwise: true")
                continue
            value = r.number(item, "points", 0.0, minimum=0) or 0.0
            if value > points:
                r.problem(item.where("points", value=True), f"该状态分值 {value:g} 超过评分项的 {points:g} 分",
                          f"应不超过 {points:g}")
            when = r.expression(item, "when") if "when" in item else None
            if "when" in item and when is None:
                continue
            states.append(State(when, r.text(item, "when"), value, r.text(item, "label"),
                                item.where("when", value=True) if "when" in item else item.where()))
        for state in states[:-1]:
            if state.when is None:
                r.problem(spec.where("states"), "兜底状态 otherwise: 必须放在最后", "应把 otherwise: true 移到最后一个状态")
        return States(tuple(states)) if states else None

    def shape_per_occurrence(self, spec: MarkedDict, points: float) -> PerOccurrence | None:
        r = self.reader
        r.keys(spec, ("shape", "deduct", "max_deduct"), ("shape", "deduct"), "评分方式 per_occurrence ")
        deduct = r.number(spec, "deduct", minimum=0)
        return None if deduct is None else PerOccurrence(deduct, r.number(spec, "max_deduct", minimum=0))

    def shape_checklist(self, spec: MarkedDict, points: float) -> Checklist | None:
        r = self.reader
        r.keys(spec, ("shape", "items"), ("shape", "items"), "评分方式 checklist ")
        items: list[ChecklistItem] = []
        for item in r.entries(spec.get("items"), spec.where("items", value=True), "清单项“items”", "一个清单项"):
            r.keys(item, ("id", "name", "when", "points"), ("id", "name", "when", "points"), "清单项")
            when = r.expression(item, "when") if "when" in item else None
            value = r.number(item, "points", minimum=0)
            if when is not None and value is not None:
                items.append(ChecklistItem(r.text(item, "id"), r.text(item, "name"), when, r.text(item, "when"), value,
                                           item.where("when", value=True)))
        total = sum(i.points for i in items)
        if items and not math.isclose(total, points, abs_tol=1e-9):
            r.problem(spec.where("items"), f"清单各项分值合计 {total:g}，而评分项为 {points:g} 分",
                      "各项分值之和应等于评分项分值")
        return Checklist(tuple(items)) if items else None

    def shape_either_or(self, spec: MarkedDict, points: float) -> EitherOr | None:
        r = self.reader
        r.keys(spec, ("shape", "options"), ("shape", "options"), "评分方式 either_or ")
        options: list[EitherOption] = []
        for item in r.entries(spec.get("options"), spec.where("options", value=True), "选项“options”", "一个选项"):
            r.keys(item, ("indicator", "formula", "name", "unit", "scoring"), ("scoring",), "二选一（either_or）的选项")
            indicator = self.option_indicator(item, len(options) + 1)
            shape = self.shape(item.get("scoring"), item.where("scoring", value=True), points)
            if isinstance(shape, (EitherOr, Checklist, Tiered, Manual, GoalTable)):
                r.problem(item.where("scoring"), "二选一（either_or）的选项必须按数值评分",
                          "评分方式应为 linear_deduct、coarse_step、bands、proportional、states 或 per_occurrence")
            elif indicator is not None and shape is not None:
                options.append(EitherOption(indicator, shape))
        if len(options) == 1:
            r.problem(spec.where("options"), "二选一（either_or）至少要有两个选项", "应再加一个选项，或改用单一的评分方式")
        return EitherOr(tuple(options)) if options else None

    def option_indicator(self, item: MarkedDict, number: int) -> Indicator | None:
        """An either_or option's value: a library ``indicator:`` or an inline ``formula:`` (with ``name:``, ``unit:``)."""
        r = self.reader
        if ("indicator" in item) == ("formula" in item):
            r.problem(item.where(), "二选一（either_or）的选项须恰好写 indicator: 或 formula: 之一",
                      "应写 indicator: <指标编号>，或 formula: <公式>（可加 name: 和 unit:）")
            return None
        if "indicator" in item:
            for key in ("name", "unit"):
                if key in item:
                    r.problem(item.where(key), f"选项用 indicator: 时不能写“{key}”",
                              "名称和单位取自该指标本身；“name”“unit”只配合 formula: 使用")
            return self.lookup_indicator(item, "indicator")
        formula = parse_formula(r, item, "formula")
        if formula is None:
            return None
        option_id = f"option{number}"
        return Indicator(option_id, r.text(item, "name", option_id), r.text(item, "unit"), formula,
                         position=item.where("formula"))

    def tiers(self, spec: MarkedDict, key: str) -> tuple[Tier, ...] | None:
        r = self.reader
        if key not in spec:
            return DEFAULT_TIERS
        tiers: list[Tier] = []
        for item in r.entries(spec.get(key), spec.where(key, value=True), f"档次“{key}”", "一个档次"):
            r.keys(item, ("name", "range", "aliases"), ("name", "range"), "档次")
            share = self.interval(item, "range", percent=True)
            if share is not None and (share.low < 0 or share.high > 1):
                r.problem(item.where("range", value=True), "档次的比例范围超出 [0%, 100%]", "应落在 [0%, 100%] 内")
            aliases = item.get("aliases") or []
            if share is not None:
                tiers.append(Tier(r.text(item, "name"), share, tuple(str(a) for a in aliases)))
        return tuple(tiers) or None

    def shape_tiered(self, spec: MarkedDict, points: float) -> Tiered | None:
        r = self.reader
        r.keys(spec, ("shape", "tiers", "default_in_tier"), ("shape",), "评分方式 tiered ")
        tiers = self.tiers(spec, "tiers")
        if tiers is None:
            return None
        return Tiered(tiers, r.choice(spec, "default_in_tier", ("max", "mid", "min"), "max"))

    def shape_manual(self, spec: MarkedDict, points: float) -> Manual:
        self.reader.keys(spec, ("shape", "require_note"), ("shape",), "评分方式 manual ")
        return Manual(self.reader.boolean(spec, "require_note", True))

    def goal_table(self, item: MarkedDict) -> GoalTable | None:
        r = self.reader
        spec = r.mapping(item.get("goal_table"), item.where("goal_table", value=True), "目标表设置“goal_table”")
        if spec is None:
            return None
        r.keys(spec, ("qualitative", "short_rule"), (), "目标表设置“goal_table”")
        tiers = self.tiers(spec, "qualitative")
        if tiers is None:
            return None
        return GoalTable(tiers, r.choice(spec, "short_rule", ("proportional", "zero"), "proportional"))

    # -- profile-level sections ----------------------------------------------------
    def grades(self, data: Any, where: Position) -> tuple[GradeBand, ...]:
        r = self.reader
        bands: list[GradeBand] = []
        for item in r.entries(data, where, "等级“grades”", "一个等级"):
            r.keys(item, ("grade", "label", "min", "max"), ("grade", "min"), "等级")
            grade = r.choice(item, "grade", tuple(CANONICAL_GRADES), "")
            label = r.text(item, "label", grade)
            if grade and label not in CANONICAL_GRADES[grade]:
                r.problem(item.where("label", value=True), f"等级名称“{label}”不是“{grade}”的叫法",
                          f"应为以下之一：{quoted(CANONICAL_GRADES[grade])}")
            minimum = r.number(item, "min", minimum=0)
            maximum = r.number(item, "max", minimum=0)
            if minimum is not None and maximum is not None and maximum < minimum:
                r.problem(item.where("max", value=True), f"上限 max {maximum:g} 小于下限 min {minimum:g}",
                          "应为 min ≤ max 的闭区间，例如 {grade: 良, min: 80, max: 89}")
            if grade and minimum is not None:
                bands.append(GradeBand(grade, label, minimum, maximum))
        return tuple(bands)

    def rounding(self, data: Any, where: Position) -> Rounding:
        r = self.reader
        item = r.mapping(data, where, "取整设置“rounding”") if data is not None else None
        if item is None:
            return Rounding()
        r.keys(item, ("ratio", "points", "total"), (), "取整设置“rounding”")
        values = {}
        for key in ("ratio", "points", "total"):
            number = r.number(item, key, getattr(Rounding(), key), minimum=0)
            if number is not None and (not float(number).is_integer() or number > 6):
                r.problem(item.where(key, value=True), f"取整位数“{key}”应为 0–6 的整数", f"应为保留的小数位数，例如 {key}: 2")
            values[key] = int(number or 0)
        return Rounding(**values)

    def adjustments(self, data: Any, where: Position) -> tuple[Adjustment, ...]:
        r = self.reader
        found: list[Adjustment] = []
        for item in r.entries(data, where, "调整项“adjustments”", "一个调整", optional=True):
            r.keys(item, ("id", "kind", "when", "cap", "points", "reason"), ("id", "kind", "when", "reason"),
                   "调整")
            kind = r.choice(item, "kind", ("grade_cap", "bonus"), "grade_cap")
            when = r.expression(item, "when") if "when" in item else None
            cap = r.text(item, "cap")
            if kind == "grade_cap" and cap not in CANONICAL_GRADES:
                r.problem(item.where("cap", value=True) if "cap" in item else item.where(),
                          "等级封顶（grade_cap）的 cap: 应为一个等级", f"应为以下之一：{'、'.join(CANONICAL_GRADES)}")
            if when is not None:
                found.append(Adjustment(r.text(item, "id"), kind, when, r.text(item, "when"), r.text(item, "reason"),
                                        cap, r.number(item, "points", 0.0) or 0.0, item.where("when", value=True)))
        return tuple(found)

    def self_check(self, data: Any, where: Position) -> SelfCheck:
        r = self.reader
        item = r.mapping(data, where, "自评核对设置“self_check”") if data is not None else None
        if item is None:
            return SelfCheck()
        r.keys(item, ("max_gap", "grade_mismatch"), (), "自评核对设置“self_check”")
        return SelfCheck(r.number(item, "max_gap", 10.0, minimum=0) or 0.0, r.boolean(item, "grade_mismatch", True))

    def test_parameters(self, item: MarkedDict) -> dict[str, float | str]:
        if "parameters" not in item:
            return {}
        section = self.reader.mapping(item["parameters"], item.where("parameters", value=True), "测试参数“parameters”")
        values: dict[str, float | str] = {}
        for key, value in (section or {}).items():
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                self.reader.problem(section.where(key, value=True), f"参数“{key}”应为数字或文本")  # type: ignore[union-attr]
            else:
                values[str(key)] = value
        return values

    def tests(self, data: Any, where: Position) -> tuple[ProfileTest, ...]:
        r = self.reader
        found: list[ProfileTest] = []
        for item in r.entries(data, where, "测试“tests”", "一个测试", optional=True):
            r.keys(item, ("name", "metrics", "parameters", "expect"), ("name", "metrics", "expect"), "测试")
            metrics = r.mapping(item.get("metrics"), item.where("metrics", value=True), "测试指标“metrics”")
            expect = r.mapping(item.get("expect"), item.where("expect", value=True), "测试期望“expect”")
            if metrics is None or expect is None:
                continue
            r.keys(expect, ("criteria", "branches", "total", "grade"), (), "测试期望“expect”")
            criteria = r.mapping(expect.get("criteria", MarkedDict()), expect.where("criteria", value=True),
                                 "期望得分“criteria”") if "criteria" in expect else {}
            branches = r.mapping(expect.get("branches"), expect.where("branches", value=True),
                                 "期望规则“branches”") if "branches" in expect else {}
            expected_points: dict[str, float] = {}
            for key, value in (criteria or {}).items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    r.problem(criteria.where(key, value=True), f"评分项“{key}”的期望得分应为数字")  # type: ignore[union-attr]
                else:
                    expected_points[str(key)] = float(value)
            found.append(ProfileTest(
                name=r.text(item, "name"), metrics=metrics, expect_criteria=expected_points,
                expect_branches={str(k): str(v) for k, v in (branches or {}).items()},
                expect_total=r.number(expect, "total"), expect_grade=r.text(expect, "grade") or None,
                position=item.where(), parameters=self.test_parameters(item),
            ))
        return tuple(found)

