"""``perfscore explain``: the effective rubric after inheritance as a Chinese table (指标、分值、评分标准)."""

from __future__ import annotations

from ..rubric.parse import DEFAULT_GRADES_NOTE
from .describe import describe_criterion
from ..rubric.model import Node
from .numfmt import points_text
from ..rubric.profiles import load_profile
from .textwidth import pad, width, wrap

LEVEL_NAMES = ("一级指标", "二级指标", "三级指标", "四级指标")


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


def explain_profile(reference: str, fmt: str = "table") -> str:
    profile = load_profile(reference)
    header = [f"{profile.name}（{profile.id} {profile.version}）", f"来源：{profile.source}" if profile.source else "",
              f"总分 {points_text(profile.max_total)} 分；等级：" + (DEFAULT_GRADES_NOTE if profile.grades_default else "，".join(
                  f"{g.label} {points_text(g.minimum)}—{points_text(g.maximum)}" if g.maximum is not None
                  else f"{g.label} ≥{points_text(g.minimum)}" for g in profile.grades)
                  + {"round": "（总分先四舍五入到整数再定等级）", "lower": "（落在两档之间的总分取较低等级）", "": ""}[profile.grade_gap]),
              "参数：" + "，".join(f"{k}={v}" for k, v in profile.parameters.items()) if profile.parameters else ""]
    header = [h for h in header if h]
    table = rows(profile.tree)
    if fmt == "md":
        lines = [f"# {header[0]}", ""] + [f"- {h}" for h in header[1:]] + ["", "| 层级 | 指标 | 分值 | 评分标准 |",
                                                                          "|---|---|---:|---|"]
        for depth, name, points, standard in table:
            level = LEVEL_NAMES[min(depth, 3)]
            lines.append(f"| {level} | {name.replace('|', '/')} | {points_text(points)} | {standard.replace('|', '/')} |")
        return "\n".join(lines) + "\n"
    name_width = max(width("　" * d + n) for d, n, _, _ in table)
    lines = header + [""]
    lines.append(f"{pad('指标', name_width)}  {pad('分值', 6, 'right')}  评分标准")
    lines.append(f"{'─' * name_width}  {'─' * 6}  {'─' * 60}")
    for depth, name, points, standard in table:
        wrapped = wrap(standard, 60) if standard else [""]
        lines.append(f"{pad('　' * depth + name, name_width)}  {pad(points_text(points), 6, 'right')}  {wrapped[0]}".rstrip())
        lines.extend(f"{' ' * name_width}  {' ' * 6}  {more}" for more in wrapped[1:])
    return "\n".join(lines) + "\n"
