"""The HTML report's two charts as inline SVG text: the grade distribution and the points lost per criterion.

A few rectangles, lines and labels: written here directly rather than by a plotting library, so
the markup is small, escaped like the page, identical byte for byte for the same numbers (no
generated ids, no timestamps, fixed decimals) and needs nothing at run time. Text takes the
page's font (the CJK stack of :mod:`.html`); every bar carries a ``<title>`` with its exact value.
Pure drawing: the numbers come in decided (counts per year, average losses, most lost first).

May import: ``form`` (the :class:`~.form.Loss` it draws), ``numfmt``.
"""

from __future__ import annotations

from html import escape
from typing import Sequence

from .form import Loss
from .numfmt import points_text

YEAR_COLORS = ("#0969da", "#54aeff", "#1f6feb", "#80ccff", "#0550ae", "#b6e3ff")
DEDUCTED, UNSCORED = "#cf222e", "#ffb3b8"
NAME_CHARS = 14  # longer criterion names are cut with "…"; the full path is in the bar's title


def _n(value: float) -> str:
    return f"{value:.1f}"


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (f'<svg viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" '
            f'height="{_n(height)}" role="img" aria-label="{escape(label)}" font-size="12">\n'
            + "".join(body) + "</svg>\n")


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>\n'


def _rect(x: float, y: float, w: float, h: float, fill: str, title: str, cls: str) -> str:
    return (f'<rect class="{cls}" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}">'
            f"<title>{escape(title)}</title></rect>\n")


def grade_chart(labels: Sequence[str], distribution: Sequence[tuple[str, Sequence[int], int]]) -> str:
    """Bars of departments per grade, one bar per year side by side, with the count above each bar."""
    width, height, left, top, bottom = 560.0, 280.0, 40.0, 28.0, 40.0
    plot = height - top - bottom
    peak = max((count for _, counts, _ in distribution for count in counts), default=0) or 1
    group = (width - left - 10) / max(len(labels), 1)
    bar = min(48.0, (group - 16) / max(len(distribution), 1))
    body = [f'<line x1="{_n(left)}" y1="{_n(top + plot)}" x2="{_n(width - 10)}" y2="{_n(top + plot)}" '
            'stroke="#57606a"/>\n']
    for g, label in enumerate(labels):
        x0 = left + g * group + (group - bar * len(distribution)) / 2
        for y, (year, counts, _) in enumerate(distribution):
            h = plot * counts[g] / peak
            x = x0 + y * bar
            body.append(_rect(x, top + plot - h, bar - 2, max(h, 0.0), YEAR_COLORS[y % len(YEAR_COLORS)],
                              f"{year}年 {label}：{counts[g]} 个部门", "bar"))
            body.append(_text(x + (bar - 2) / 2, top + plot - h - 4, str(counts[g]), "middle"))
        body.append(_text(left + g * group + group / 2, top + plot + 18, label, "middle", ' font-size="13"'))
    if len(distribution) > 1:
        for y, (year, _, _) in enumerate(distribution):
            x = left + y * 80
            body.append(f'<rect x="{_n(x)}" y="6" width="12" height="12" fill="{YEAR_COLORS[y % len(YEAR_COLORS)]}"/>\n')
            body.append(_text(x + 16, 16, f"{year}年"))
    return _svg(width, height, body, "等级分布")


def loss_chart(losses: Sequence[Loss]) -> str:
    """A horizontal bar per criterion, most lost first: points deducted, then points not scored, per department."""
    width, left, right, row, top = 560.0, 190.0, 56.0, 22.0, 30.0
    plot = width - left - right
    peak = max((loss.deducted + loss.unscored for loss in losses), default=0.0) or 1.0
    body = [f'<rect x="{_n(left)}" y="8" width="12" height="12" fill="{DEDUCTED}"/>\n',
            _text(left + 16, 18, "扣分"),
            f'<rect x="{_n(left + 60)}" y="8" width="12" height="12" fill="{UNSCORED}"/>\n',
            _text(left + 76, 18, "未评分（缺数据或待评价人员评分）")]
    for k, loss in enumerate(losses):
        y = top + k * row
        name = loss.names[-1]
        short = name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1] + "…"
        path = " › ".join(loss.names)
        body.append(f'<text x="{_n(left - 6)}" y="{_n(y + 15)}" text-anchor="end"><title>{escape(path)}</title>'
                    f"{escape(short)}</text>\n")
        w1 = plot * loss.deducted / peak
        w2 = plot * loss.unscored / peak
        if loss.deducted > 0:
            body.append(_rect(left, y + 3, w1, row - 6, DEDUCTED,
                              f"{path}：平均扣分 {points_text(round(loss.deducted, 2))} 分", "bar"))
        if loss.unscored > 0:
            body.append(_rect(left + w1, y + 3, w2, row - 6, UNSCORED,
                              f"{path}：平均未评分 {points_text(round(loss.unscored, 2))} 分", "bar"))
        body.append(_text(left + w1 + w2 + 4, y + 15,
                          f"{loss.deducted + loss.unscored:.2f}"))
    if not losses:
        body.append(_text(width / 2, top + 20, "各部门均未失分", "middle"))
    height = top + max(len(losses), 1) * row + 10
    return _svg(width, height, body, "各指标失分")
