"""Semantic checks on a parsed rubric: points that add up, bands without gaps, known names, sane grades."""

from __future__ import annotations

import math

from ..errors import Position
from .expr import Call, Compare, Expr, Name, Str, names, operands_of
from .intervals import gaps, overlaps
from .model import (
    Bands, Criterion, Deduct, EitherOr, Formula, GradeBand, Indicator, Interval, Node, PerOccurrence, Profile,
    Proportional, States, Tier,
)
from .reader import Reader, quoted, suggest
from .vocabulary import Vocabulary

# Assessor inputs live under these prefixes and are not vocabulary metrics.
INPUT_PREFIXES = ("assessments.", "findings.")


def check_names(reader: Reader, expr: Expr | None, where: Position, known: set[str], extra: tuple[str, ...] = ()) -> None:
    if expr is None:
        return
    for name in names(expr):
        if name in known or name in extra or name.startswith(INPUT_PREFIXES):
            continue
        hint = suggest(name, known)
        reader.problem(where, f"未知的指标编号“{name}”", hint or "应为 rules/metrics.yaml 中的指标编号或评分方案的参数")


def is_text(expr: Expr | None, text_names: set[str]) -> bool:
    """Whether ``expr`` yields text: a quoted string, a text metric, or ``if``/``coalesce`` over one."""
    if isinstance(expr, Str):
        return True
    if isinstance(expr, Name):
        return expr.name in text_names
    if isinstance(expr, Call) and expr.func in ("if", "coalesce"):
        branches = expr.args[1:] if expr.func == "if" else expr.args
        return any(is_text(arg, text_names) for arg in branches)
    return False


def check_text_order(reader: Reader, expr: Expr | None, where: Position, text_names: set[str]) -> None:
    """Text compared with < <= > >= is never true: refuse it where it is written."""
    if expr is None:
        return
    if isinstance(expr, Compare):
        for op, left, right in zip(expr.ops, expr.operands, expr.operands[1:]):
            if op in ("<", "<=", ">", ">=") and (is_text(left, text_names) or is_text(right, text_names)):
                reader.problem(where.shifted(expr.offset), f"文本不能用“{op}”比较大小",
                               "文本只能用 == 或 != 比较；< <= > >= 两边应为数")
                break
    for child in operands_of(expr):
        check_text_order(reader, child, where, text_names)


def check_formula(reader: Reader, formula: Formula, known: set[str], parameters: dict[str, float | str] | None) -> None:
    if formula.by is not None:
        if parameters is not None:
            if formula.by not in parameters:
                reader.problem(formula.position, f"公式按“{formula.by}”分情形，但评分方案没有这个参数",
                               f"应为以下参数之一：{quoted(parameters)}" if parameters else "应先在 parameters: 中声明该参数")
            elif str(parameters[formula.by]) not in formula.cases:
                reader.problem(formula.position,
                               f"参数“{formula.by}”的值“{parameters[formula.by]}”没有对应的公式情形",
                               f"公式情形 cases: 中应有以下之一：{quoted(formula.cases)}")
        for case in formula.cases.values():
            check_formula(reader, case, known, parameters)
        return
    check_names(reader, formula.expr, formula.position, known)


def check_indicator(reader: Reader, indicator: Indicator, vocabulary: Vocabulary,
                    parameters: dict[str, float | str] | None = None) -> None:
    """Library-level check: the formula may read metrics and the parameters it declares."""
    known = set(vocabulary.metrics) | set(indicator.parameters) | set(parameters or {})
    check_formula(reader, indicator.formula, known, parameters)


def check_bands(reader: Reader, bands: Bands, where: Position, what: str) -> None:
    intervals = [b.interval for b in bands.bands]
    lows = [i.low for i in intervals]
    if lows != sorted(lows) and lows != sorted(lows, reverse=True):
        reader.problem(where, f"{what}：各档区间顺序混乱", "各档应按从高到低或从低到高排列")
    for i, a in enumerate(intervals):
        for b in intervals[i + 1:]:
            if overlaps(a, b):
                reader.problem(where, f"{what}：区间 {a.text} 与 {b.text} 重叠", "各档区间应互不重叠")
    for hole in gaps(intervals, bands.domain):
        reader.problem(where, f"{what}：没有哪一档覆盖 {hole}", f"各档应覆盖整个取值范围 {bands.domain.text}")


def check_tiers(reader: Reader, tiers: tuple[Tier, ...], where: Position, what: str) -> None:
    intervals = [t.share for t in tiers]
    for i, a in enumerate(intervals):
        for b in intervals[i + 1:]:
            if overlaps(a, b):
                reader.problem(where, f"{what}：档次 {a.text} 与 {b.text} 重叠", "各档次的比例应互不重叠")
    for hole in gaps(intervals, Interval(0.0, 1.0, True, True, "[0%, 100%]")):
        reader.problem(where, f"{what}：没有哪个档次覆盖比例 {hole}", "各档次应覆盖 [0%, 100%]")


VALUE_SHAPES = (Deduct, Bands, Proportional, PerOccurrence, States)


def shape_key(shape) -> str:
    """The ``shape:`` the author wrote for a value shape (linear_deduct, bands, …)."""
    if isinstance(shape, Deduct):
        return shape.shape
    return {Bands: "bands", Proportional: "proportional", PerOccurrence: "per_occurrence",
            States: "states"}.get(type(shape), type(shape).__name__.lower())


def _exprs(formula: Formula) -> list[tuple[Expr, Position]]:
    if formula.by is not None:
        return [found for case in formula.cases.values() for found in _exprs(case)]
    return [(formula.expr, formula.position)] if formula.expr is not None else []


def check_value(reader: Reader, indicator: Indicator, shape, text_names: set[str], what: str) -> None:
    """A shape that scores a number must not be given text (it would compare as nothing, or as full)."""
    for expr, where in _exprs(indicator.formula):
        check_text_order(reader, expr, where, text_names)
        if isinstance(shape, VALUE_SHAPES) and is_text(expr, text_names):
            reader.problem(where, f"{what}：公式的结果是文本，而“{shape_key(shape)}”按数值评分",
                           "应为数值公式（文本指标只能在 states 的条件中用 == 或 != 比较）")


def check_criterion(reader: Reader, criterion: Criterion, known: set[str], parameters: dict[str, float | str],
                    text_names: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    shape = criterion.scoring
    where = criterion.position
    what = f"评分项“{criterion.id}”"
    if criterion.indicator is not None:
        check_formula(reader, criterion.indicator.formula, known, parameters)
        check_value(reader, criterion.indicator, shape, text_names, what)
        for name in criterion.indicator.parameters:
            if name not in parameters:
                reader.problem(where, f"指标“{criterion.indicator.id}”读取参数“{name}”，但评分方案没有设置它",
                               f"应在评分方案中写 parameters: {{{name}: …}}")
    elif isinstance(shape, (Deduct, Bands, Proportional, PerOccurrence)):
        reader.problem(where, f"评分项“{criterion.id}”按数值评分，但没有 indicator 或 formula",
                       "应写 indicator: <指标编号> 或 formula: <公式>")
    if isinstance(shape, Bands):
        check_bands(reader, shape, where, what)
    elif isinstance(shape, States):
        check_states(reader, shape, where, known, text_names, criterion.indicator is not None, what)
    elif isinstance(shape, EitherOr):
        for option in shape.options:
            check_formula(reader, option.indicator.formula, known, parameters)
            check_value(reader, option.indicator, option.scoring, text_names, f"{what}的选项“{option.indicator.id}”")
            if isinstance(option.scoring, Bands):
                check_bands(reader, option.scoring, where, f"{what}的选项“{option.indicator.id}”")
            elif isinstance(option.scoring, States):
                check_states(reader, option.scoring, where, known, text_names, True, what)
    tiers = getattr(shape, "tiers", None) or getattr(shape, "qualitative", None)
    if tiers:
        check_tiers(reader, tiers, where, what)
    for item in getattr(shape, "items", ()):
        check_names(reader, item.when, item.position, known)
        check_text_order(reader, item.when, item.position, text_names)


def check_states(reader: Reader, shape: States, where: Position, known: set[str], text_names: set[str],
                 has_value: bool, what: str) -> None:
    for state in shape.states:
        if state.when is None:
            continue
        check_names(reader, state.when, state.position, known, ("value",) if has_value else ())
        check_text_order(reader, state.when, state.position, text_names)
        if not has_value and "value" in names(state.when):
            reader.problem(state.position, f"{what}：状态条件读取 value，但该评分项没有 indicator 或 formula",
                           "应在评分项上写 indicator: <指标编号> 或 formula: <公式>，或让条件直接读取指标")


def check_tree(reader: Reader, nodes: tuple[Node, ...], known: set[str], parameters: dict[str, float | str],
               text_names: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    seen: dict[str, Position] = {}

    def walk(node: Node) -> None:
        if node.id in seen:
            reader.problem(node.position, f"节点编号“{node.id}”重复",
                           f"整棵树中的编号应唯一（第一次出现在第 {seen[node.id].line} 行）")
        seen[node.id] = node.position
        if node.children and node.choose is None:  # under choose: the department's weights sum to the points
            total = sum(child.points for child in node.children)
            if not math.isclose(total, node.points, abs_tol=1e-9):
                parts = " + ".join(f"{c.points:g}" for c in node.children)
                # a child's points set elsewhere (an override in a child profile) is where the sum broke
                moved = [c.points_position for c in node.children if c.points_position.file != node.position.file]
                reader.problem(moved[0] if moved else node.position, f"层级“{node.id}”的下级分值合计 {total:g}（{parts}），"
                               f"而该层级为 {node.points:g} 分", "下级分值之和应等于上级分值")
        if node.criterion is not None:
            check_criterion(reader, node.criterion, known, parameters, text_names)
        for child in node.children:
            walk(child)

    for top in nodes:
        walk(top)


def check_closed_ranges(reader: Reader, grades: tuple[GradeBand, ...], max_total: float, where: Position,
                        grade_gap: str) -> None:
    """Grades printed as closed ranges (优 90–100, 良 80–89): ranges that meet or leave a stated gap."""
    if all(g.maximum is None for g in grades):
        if grade_gap:
            reader.problem(where, "只有写了 max: 的等级才用得上 grade_gap:", "应在每个等级上写 max:，或删去 grade_gap:")
        return
    if any(g.maximum is None for g in grades):
        reader.problem(where, "有的等级写了 max:，有的没写", "应每个等级都写 max:，或都不写")
        return
    ordered = sorted(grades, key=lambda g: g.minimum, reverse=True)
    if ordered[0].maximum < max_total:  # type: ignore[operator]
        reader.problem(where, f"最高等级止于 {ordered[0].maximum:g}，低于满分 {max_total:g}",
                       f"最高等级应写 max: {max_total:g}")
    for upper, lower in zip(ordered, ordered[1:]):
        if lower.maximum >= upper.minimum:  # type: ignore[operator]
            reader.problem(where, f"等级“{lower.label}”与“{upper.label}”在 {upper.minimum:g} 处重叠",
                           "各等级的闭区间应互不重叠")
        elif lower.maximum < upper.minimum and not grade_gap:  # type: ignore[operator]
            reader.problem(where, f"总分在 {lower.maximum:g} 与 {upper.minimum:g} 之间（如 "
                           f"{(lower.maximum + upper.minimum) / 2:g}）时没有对应的等级",  # type: ignore[operator]
                           "应写 grade_gap: round（按四舍五入到整数分的总分定级）或 lower（定为较低的等级）")


def check_grades(reader: Reader, grades: tuple[GradeBand, ...], max_total: float, where: Position,
                 grades_default: bool = False, grade_gap: str = "") -> None:
    if not grades:
        reader.problem(where, "没有等级", "应写 grades: [{grade: 优, min: 90}, …, {grade: 差, min: 0}]")
        return
    if grades_default and not math.isclose(max_total, 100, abs_tol=1e-9):
        reader.problem(where, f"未写 grades:，而财预〔2020〕10号的默认等级用于百分制，本表满分为 "
                       f"{max_total:g}", "应按本表满分写 grades: [{grade: 优, min: …}, …]")
    check_closed_ranges(reader, grades, max_total, where, grade_gap)
    minima = [g.minimum for g in grades]
    if minima != sorted(minima, reverse=True) or len(set(minima)) != len(minima):
        reader.problem(where, "等级顺序混乱或下限相同", "各等级的 min 应严格递减，优在最前")
    if min(minima) != 0:
        reader.problem(where, f"等级未覆盖 [0, {min(minima):g})", "最低等级应写 min: 0")
    if max(minima) > max_total:
        reader.problem(where, f"等级下限 min {max(minima):g} 超过满分 {max_total:g}",
                       f"各等级应落在 [0, {max_total:g}] 内")
    order = ["优", "良", "中", "差"]
    ranks = [order.index(g.grade) for g in grades]
    if ranks != sorted(ranks) or len(set(ranks)) != len(ranks):
        reader.problem(where, "等级的顺序或次数有误", "应从最高的等级起依次为优、良、中、差，各出现一次")


def criterion_branches(criterion: Criterion) -> tuple[str, ...]:
    """Every rule (branch) name the criterion can report, as :mod:`.plan` names them."""
    from .plan import COMMON_BRANCHES, shape_branches

    shape = criterion.scoring
    if isinstance(shape, EitherOr):
        found = tuple(f"option{i + 1}:{b}" for i, o in enumerate(shape.options) for b in shape_branches(o.scoring))
    else:
        found = shape_branches(shape)
    return found + COMMON_BRANCHES


def profile_expressions(profile: Profile) -> list[tuple[Expr, Position]]:
    """Every expression of the profile with where it was written: formulas, conditions, adjustments."""
    found: list[tuple[Expr, Position]] = []

    def shape_exprs(shape, indicator: Indicator | None) -> None:
        if indicator is not None:
            found.extend(_exprs(indicator.formula))
        for state in getattr(shape, "states", ()):
            if state.when is not None:
                found.append((state.when, state.position))
        for item in getattr(shape, "items", ()):
            found.append((item.when, item.position))
        for option in getattr(shape, "options", ()):
            shape_exprs(option.scoring, option.indicator)

    for _, criterion in profile.criteria():
        shape_exprs(criterion.scoring, criterion.indicator)
    found.extend((a.when, a.position) for a in profile.adjustments)
    return found


def check_item_lists(reader: Reader, expr: Expr, where: Position, vocabulary: Vocabulary,
                     inside: str | None = None) -> None:
    """``count(list, condition)``: ``list`` is a metric of kind items, the condition reads that list's fields (and
    department-level names); a list or an item field is read nowhere else, and counts do not nest."""
    lists = {m: spec for m, spec in vocabulary.metrics.items() if spec.kind == "items"}
    fields = {f: m for m, spec in lists.items() for f in spec.fields}
    if isinstance(expr, Call) and expr.func == "count":
        target = expr.args[0]
        name = target.name if isinstance(target, Name) else ""
        if inside is not None:
            reader.problem(where.shifted(expr.offset), "不能在 count() 中再用 count()", "应为对一个清单的一次计数")
        elif name not in lists:
            reader.problem(where.shifted(target.offset), f"计数对象“{name}”不是项目清单（count()）",
                           suggest(name, lists) or "应为类型为 items 的指标（带 fields:）")
        else:
            check_item_lists(reader, expr.args[1], where, vocabulary, name)
        return
    if isinstance(expr, Name):
        if expr.name in lists:
            reader.problem(where.shifted(expr.offset), f"项目清单“{expr.name}”只能由 count() 读取",
                           f"应写 count({expr.name}, <对其字段的条件>)")
        elif expr.name in fields and expr.name not in (lists[inside].fields if inside in lists else ()):
            reader.problem(where.shifted(expr.offset), f"字段“{expr.name}”属于清单“{fields[expr.name]}”",
                           f"应在 count({fields[expr.name]}, …) 中读取")
        return
    for child in operands_of(expr):
        check_item_lists(reader, child, where, vocabulary, inside)


def _choosing(nodes: tuple[Node, ...]) -> list[Node]:
    """The levels with ``choose:`` (择项), in tree order."""
    found: list[Node] = []
    for node in nodes:
        if node.choose is not None:
            found.append(node)
        found += _choosing(node.children)
    return found


def check_profile(reader: Reader, profile: Profile, vocabulary: Vocabulary, where_grades: Position) -> None:
    for expr, where in profile_expressions(profile):
        check_item_lists(reader, expr, where, vocabulary)
    known = set(vocabulary.metrics) | set(profile.parameters)
    text_names = {m for m, spec in vocabulary.metrics.items() if spec.kind == "text"} | \
        {p for p, v in profile.parameters.items() if isinstance(v, str)}
    check_tree(reader, profile.tree, known, profile.parameters, text_names)
    check_grades(reader, profile.grades, profile.max_total, where_grades, profile.grades_default, profile.grade_gap)
    for adjustment in profile.adjustments:
        check_names(reader, adjustment.when, adjustment.position, known)
        check_text_order(reader, adjustment.when, adjustment.position, text_names)
    criteria = {c.id for _, c in profile.criteria()}
    branches = {c.id: criterion_branches(c) for _, c in profile.criteria()}
    for node in _choosing(profile.tree):  # a criterion a department may choose may also be not chosen
        for child in node.children:
            branches[child.id] = branches.get(child.id, ()) + ("not_chosen",)
    for test in profile.tests:
        for key in test.parameters:
            if key not in profile.parameters:
                reader.problem(test.position, f"测试“{test.name}”设置了参数“{key}”，但评分方案没有这个参数",
                               suggest(key, profile.parameters) or "应为 parameters: 中声明的参数")
        for key in list(test.expect_criteria) + list(test.expect_branches):
            if key not in criteria:
                hint = suggest(key, criteria)
                reader.problem(test.position, f"测试“{test.name}”写的评分项“{key}”不存在",
                               hint or "应为树中评分项的编号")
        for key, branch in test.expect_branches.items():
            if key in criteria and branch not in branches[key]:
                reader.problem(test.position, f"测试“{test.name}”期望评分项“{key}”按规则“{branch}”评分，"
                               "但该评分项没有这条规则",
                               suggest(branch, branches[key]) or f"应为以下之一：{quoted(branches[key])}")
        for key in test.metrics:
            name = str(key)
            if name.startswith("_") or name in known or name in ("goals", "not_applicable", "assessments", "findings",
                                                                 "choices"):
                continue
            hint = suggest(name, known)
            reader.problem(test.position, f"测试“{test.name}”给出了未知的指标“{name}”", hint or "应为指标编号")
