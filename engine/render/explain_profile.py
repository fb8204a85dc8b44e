"""``perfscore explain``: the effective rubric after inheritance as a Chinese table (指标、分值、评分标准).

Pure formatting of a loaded :class:`~..rubric.model.Profile`; imports the rubric model and sibling renderers."""

from __future__ import annotations

from ..rubric.model import Node, Profile
from ..rubric.parse import DEFAULT_GRADES_NOTE
from .describe import describe_criterion
from .words import PARAMETER_NAMES, value_text
from .numfmt import points_text
from .textwidth import PATH_TOKENS, aligned_table, width, wrap

LEVEL_NAMES = ("一级指标", "二级指标", "三级指标", "四级指标")
GRADE_GAP_WORDS = {"round": "（总分先四舍五入到整数再定等级）", "lower": "（落在两档之间的总分取较低等级）", "": ""}


def rows(nodes: tuple[Node, ...]) -> list[tuple[int, str, float, str]]:
    """(depth, name, points, 评分标准) in document order."""
    out: list[tuple[int, str, float, str]] = []

    def walk(node: Node, depth: int, chosen: bool = False) -> None:
        standard = describe_criterion(node.criterion) if node.criterion else choose_words(node)
        if chosen:
            standard = f"【可选项】{standard}；选中时按本项{points_text(node.points)}分评分，再按部门所定权重折算"
        out.append((depth, node.name, node.points, standard))
        for child in node.children:
            walk(child, depth + 1, node.choose is not None)

    for node in nodes:
        walk(node, 0)
    return out


def choose_words(node: Node) -> str:
    """A 择项 level's rule in words (empty for any other level)."""
    if node.choose is None:
        return ""
    low, high = node.choose.minimum, node.choose.maximum
    count = f"{low}项" if low == high else f"{low}—{high}项"
    return (f"择项：部门从下列{len(node.children)}项中选{count}，自定各项权重，合计{points_text(node.points)}分；"
            "所选指标的得分按权重折算，未选的不计分")


def explain_profile(profile: Profile, fmt: str = "table", columns: int = 100) -> str:
    """The effective rubric of ``profile`` as an aligned table of at most ``columns`` cells, or Markdown."""
    header = _header(profile)
    table = rows(profile.tree)
    if fmt == "md":
        lines = [f"# {header[0]}", ""] + [f"- {h}" for h in header[1:]] + ["", "| 层级 | 指标 | 分值 | 评分标准 |",
                                                                          "|---|---|---:|---|"]
        for depth, name, points, standard in table:
            level = LEVEL_NAMES[min(depth, 3)]
            lines.append(f"| {level} | {name.replace('|', '/')} | {points_text(points)} | {standard.replace('|', '/')} |")
        return "\n".join(lines) + "\n"
    lines = [line for text in header for line in wrap(text, columns, tokens=PATH_TOKENS)] + [""]
    return "\n".join(lines + _table_lines(table, columns)) + "\n"


def _header(profile: Profile) -> list[str]:
    """Name; version and how to select it; source; total and grades; parameters in words."""
    if profile.grades_default:
        grades = DEFAULT_GRADES_NOTE
    else:
        grades = "，".join(f"{g.label} {points_text(g.minimum)}—{points_text(g.maximum)}" if g.maximum is not None
                          else f"{g.label} ≥{points_text(g.minimum)}" for g in profile.grades)
        grades += GRADE_GAP_WORDS[profile.grade_gap]
    parameters = "；".join(f"{PARAMETER_NAMES.get(key, key)}：{value_text(value, key)}"
                          for key, value in profile.parameters.items())
    header = [profile.name, f"版本：{profile.version}；选用：--profile {profile.id}",
              f"来源：{profile.source}" if profile.source else "",
              f"总分 {points_text(profile.max_total)} 分；等级：{grades}",
              f"参数：{parameters}" if parameters else ""]
    return [line for line in header if line]


def _table_lines(table: list[tuple[int, str, float, str]], columns: int) -> list[str]:
    """指标 (indented by level), 分值, 评分标准 within ``columns`` cells."""
    cells = [["　" * depth + name, points_text(points), standard] for depth, name, points, standard in table]
    name_width = min(max(width(row[0]) for row in cells), max(16, columns // 3))
    points_width = max([width("分值")] + [width(row[1]) for row in cells])
    standard_width = max(24, columns - name_width - points_width - 4)
    return aligned_table(["指标", "分值", "评分标准"], cells, ["left", "right", "left"], {0: name_width, 2: standard_width})
