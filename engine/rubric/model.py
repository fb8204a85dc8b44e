"""The validated rubric model: indicators, scoring shapes, the points hierarchy and a profile.

This is the one intermediate tree every backend and renderer reads. It is built by
:mod:`.parse` from YAML, after inheritance (:mod:`.profiles`), and checked by
:mod:`.validate`. Positions point back at the YAML for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..errors import Position
from .deadline import Deadline
from .expr import Expr
from .vocabulary import Vocabulary


DEPARTMENT_SUBJECT = "部门整体支出绩效评价"


def form_title(subject: str) -> str:
    """The printed sheet's name: the subject when it names a form (…表), else the subject's 评分表."""
    return subject if subject.endswith("表") else subject + "评分表"


@dataclass(frozen=True)
class Interval:
    """A numeric interval with explicit inclusive/exclusive ends (±inf allowed)."""

    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    text: str = ""

    def contains(self, value: float) -> bool:
        above = value >= self.low if self.low_inclusive else value > self.low
        below = value <= self.high if self.high_inclusive else value < self.high
        return above and below


@dataclass(frozen=True)
class Formula:
    """A formula, or several selected by a profile parameter (``by``)."""

    source: str
    expr: Expr | None = None
    by: str | None = None
    cases: dict[str, "Formula"] = field(default_factory=dict)
    position: Position = Position("<unknown>")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    formula: Formula
    definition: str = ""
    source: str = ""
    name_en: str = ""
    position: Position = Position("<unknown>")
    parameters: tuple[str, ...] = ()  # profile parameters the formula reads


# ---- scoring shapes -------------------------------------------------------


@dataclass(frozen=True)
class Deduct:
    """Deduct ``deduct`` points per ``per`` units beyond ``threshold`` (linear_deduct / coarse_step)."""

    threshold: float
    direction: str  # "above": deduct when value > threshold; "below": when value < threshold
    per: float
    deduct: float
    partial: str  # ceil | floor | prorata
    floor: float = 0.0
    shape: str = "linear_deduct"


@dataclass(frozen=True)
class Band:
    interval: Interval
    points: float
    label: str = ""


@dataclass(frozen=True)
class Bands:
    bands: tuple[Band, ...]
    domain: Interval

    @property
    def exact_values(self) -> tuple[float, ...]:
        """The values of exact bands (``[a, a]``): only a value that is ``a`` before rounding may take them."""
        return tuple(b.interval.low for b in self.bands if b.interval.low == b.interval.high)


@dataclass(frozen=True)
class Proportional:
    """points × value/target (``higher`` is better) or target/value (``lower``), capped at full."""

    target: float
    direction: str = "higher"
    cutoff: float | None = None


@dataclass(frozen=True)
class State:
    when: Expr | None  # None = otherwise
    when_text: str
    points: float
    label: str
    position: Position = Position("<unknown>")  # of ``when:``


@dataclass(frozen=True)
class States:
    states: tuple[State, ...]


@dataclass(frozen=True)
class PerOccurrence:
    deduct: float
    max_deduct: float | None = None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    name: str
    when: Expr
    when_text: str
    points: float
    position: Position = Position("<unknown>")  # of ``when:``
    deadline: Deadline | None = None  # set by the plan when ``when`` is a deadline test (:mod:`.deadline`)


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class EitherOption:
    indicator: Indicator
    scoring: "Shape"


@dataclass(frozen=True)
class EitherOr:
    options: tuple[EitherOption, ...]


@dataclass(frozen=True)
class Tier:
    name: str
    share: Interval  # fraction of the criterion's points, within [0, 1]
    aliases: tuple[str, ...] = ()


def tier_index(tiers: tuple[Tier, ...], raw: object) -> int:
    """Index of the tier an assessor named (its name, an alias, or its 1-based number); -1 if none."""
    text = str(raw).strip()
    for index, tier in enumerate(tiers):
        if text == tier.name or text in tier.aliases:
            return index
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer() \
            and 1 <= int(raw) <= len(tiers):
        return int(raw) - 1
    return -1


@dataclass(frozen=True)
class Tiered:
    tiers: tuple[Tier, ...]
    default_in_tier: str = "max"  # max | mid | min, when only a tier is given


@dataclass(frozen=True)
class Manual:
    require_note: bool = True


@dataclass(frozen=True)
class GoalTable:
    """The department's own goal rows (个性指标), scored generically."""

    qualitative: tuple[Tier, ...]
    short_rule: str = "proportional"  # proportional | zero


Shape = Union[Deduct, Bands, Proportional, States, PerOccurrence, Checklist, EitherOr, Tiered, Manual, GoalTable]


# ---- hierarchy --------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """A leaf of the points hierarchy: what is measured and how it is scored."""

    id: str
    name: str
    points: float
    scoring: Shape
    indicator: Indicator | None
    missing: str  # zero | exclude | error | manual
    not_applicable: str  # full | exclude
    note: str = ""
    position: Position = Position("<unknown>")


@dataclass(frozen=True)
class Choose:
    """择项 on a level: each department picks ``minimum``–``maximum`` of its children and weighs them itself.

    The weights a department gives sum to the level's points; a chosen child's score is rescaled from its own
    points to its weight, and a child not chosen scores nothing and is not counted as points lost."""

    minimum: int
    maximum: int
    position: Position = Position("<unknown>")  # of ``choose:``


@dataclass(frozen=True)
class Node:
    """一级/二级/三级 levels; a node with ``criterion`` set is a leaf."""

    id: str
    name: str
    points: float
    children: tuple["Node", ...] = ()
    criterion: Criterion | None = None
    position: Position = Position("<unknown>")
    points_position: Position = Position("<unknown>")  # where ``points:`` was given (an override's own file)
    choose: Choose | None = None  # 择项: the department picks and weighs some of the children


@dataclass(frozen=True)
class GradeBand:
    grade: str  # canonical 优 | 良 | 中 | 差
    label: str  # printed label, e.g. 良好
    minimum: float
    maximum: float | None = None  # a closed range as printed (优 90–100, 良 80–89); see Profile.grade_gap


@dataclass(frozen=True)
class Rounding:
    ratio: int = 2  # decimals of computed values before they meet a threshold
    points: int = 2  # decimals of each criterion's points
    total: int = 2  # decimals of level subtotals and the total


@dataclass(frozen=True)
class Adjustment:
    """A profile-level adjustment: a grade cap (一票否决) or bonus/penalty points."""

    id: str
    kind: str  # grade_cap | bonus
    when: Expr
    when_text: str
    reason: str
    cap: str = ""
    points: float = 0.0
    position: Position = Position("<unknown>")  # of ``when:``


@dataclass(frozen=True)
class SelfCheck:
    max_gap: float = 10.0
    grade_mismatch: bool = True


@dataclass(frozen=True)
class ProfileTest:
    name: str
    metrics: dict
    expect_criteria: dict[str, float]
    expect_branches: dict[str, str]
    expect_total: float | None
    expect_grade: str | None
    position: Position = Position("<unknown>")
    parameters: dict[str, float | str] = field(default_factory=dict)  # overrides for this test only


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    version: str
    source: str
    parameters: dict[str, float | str]
    rounding: Rounding
    grades: tuple[GradeBand, ...]
    tree: tuple[Node, ...]
    tests: tuple[ProfileTest, ...]
    adjustments: tuple[Adjustment, ...]
    self_check: SelfCheck
    sha256: str
    path: str
    description: str = ""
    extends: str | None = None
    vocabulary: Vocabulary | None = None
    audit: tuple = ()  # the audit.AuditRule s switched on by ``audit: {rules: [...]}``
    rubric: str = ""  # the effective rubric as canonical YAML (what sha256 covers), carried by every scorecard
    grade_gap: str = ""  # round | lower: how a total between two closed grade ranges (89.5) is graded
    grades_default: bool = False  # no grades: given, the 财预〔2020〕10号 bands apply
    title: str = ""  # the printed form's name (项目支出绩效自评表); empty: 部门整体支出绩效评价

    @property
    def subject(self) -> str:
        """What the form evaluates, as its headings say it: the ``title:`` or 部门整体支出绩效评价."""
        return self.title or DEPARTMENT_SUBJECT

    @property
    def max_total(self) -> float:
        return float(sum(node.points for node in self.tree))

    def criteria(self) -> list[tuple[tuple[str, ...], Criterion]]:
        """Every leaf with its path of node ids, in document order."""
        found: list[tuple[tuple[str, ...], Criterion]] = []

        def walk(node: Node, path: tuple[str, ...]) -> None:
            here = path + (node.id,)
            if node.criterion is not None:
                found.append((here, node.criterion))
            for child in node.children:
                walk(child, here)

        for top in self.tree:
            walk(top, ())
        return found
