"""The 评分表 as a PDF: for a batch the summary, then one 评分表 per department; for one department its 评分表.

Written with ReportLab: its built-in CID font STSong-Light (宋体) is one every PDF reader
carries, so no font file ships or is embedded, and its table layout wraps Chinese text
(``wordWrap="CJK"``, which keeps closing punctuation off a line's start), grows each row to
its text and repeats the heading row on every page. The layout is :mod:`.form`'s, the same
words and columns as the workbook; pages are A4 landscape, numbered ``第 N 页 共 M 页``.
Pure layout: nothing is scored, ranked or counted here.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Callable

from ..atomic import atomic_path
from ..rubric.model import form_title
from ..rubric.plan import Plan
from .form import (
    FORM_HEADERS, FORM_WIDTHS, SIGNATURE, Context, Form, Standing, Summary, department_form, standards, summary_table, tab_names,
)
from .numfmt import points_text

FONT = "STSong-Light"
BODY_SIZE, TITLE_SIZE = 9, 15
MARGIN = 36.0  # points (1.27 cm)


@cache
def _styles():
    from reportlab import rl_config
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    rl_config.useA85 = 0  # binary compressed streams: ASCII85 would cost a third of the time for nothing
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.35, wordWrap="CJK")
    return {
        "body": body,
        "center": ParagraphStyle("center", parent=body, alignment=1),
        "head": ParagraphStyle("head", parent=body, alignment=1),
        "info": ParagraphStyle("info", parent=body, fontSize=BODY_SIZE + 1, leading=(BODY_SIZE + 1) * 1.5),
        "title": ParagraphStyle("title", parent=body, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.6, alignment=1,
                                spaceAfter=4),
    }


@cache
def _char_width(char: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _styles()
    return stringWidth(char, FONT, BODY_SIZE)


def _measure(token: str) -> float:
    return sum(_char_width(char) for char in token)


PADDING = 3.0


@lru_cache(maxsize=1 << 16)
def _wrapped(text: str, column: float) -> str:
    from .textwidth import wrap

    limit = column - 2 * PADDING - _char_width("，")  # room for closing punctuation kept on its line
    return "\n".join(line for part in text.split("\n") for line in wrap(part, limit, _measure))


def _lines(text: Any, column: float) -> str:
    """``text`` broken into lines that fit ``column`` points (less padding) in the body font, by the wrap rule
    of :mod:`.textwidth` measured with the font's own widths; a table cell then needs no layout of its own."""
    return _wrapped(str(text), column)


def _escape(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _number(value: Any) -> str:
    return "" if value is None else points_text(value) if isinstance(value, (int, float)) else str(value)


def write_pdf(cards: list[dict[str, Any]], plan: Plan, path: str | Path, standing: Standing | None,
              context: Context = Context(), progress: Callable[[int], Any] | None = None) -> None:
    """The summary (when ``standing`` is given: a batch) and one 评分表 per department, to ``path`` atomically;
    ``progress`` is called with 1 as each department's pages are laid out."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    tabs = tab_names(cards)
    story: list[Any] = []
    if standing is not None:
        story += _summary_story(summary_table(cards, plan, standing, tabs))
    texts = standards(plan)
    for card, tab in zip(cards, tabs):
        if story:
            story.append(PageBreak())
        story += _form_story(department_form(card, plan, tab, context, texts))
        if progress is not None:
            progress(1)
    with atomic_path(path) as temp:
        doc = SimpleDocTemplate(str(temp), pagesize=landscape(A4), leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN + 8, title=form_title(plan.profile.subject),
                                author="perfscore", creator="perfscore", invariant=1)
        doc.build(story, canvasmaker=_numbered_canvas())


def _numbered_canvas():
    """A canvas that, once every page is laid out, writes ``第 N 页 共 M 页`` at each page's foot."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self):  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(FONT, BODY_SIZE)
                self.drawCentredString(width / 2, MARGIN / 2, f"第 {number} 页 共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas


def _widths(cells: list[int] | tuple[int, ...]) -> list[float]:
    from reportlab.lib.pagesizes import A4, landscape

    available = landscape(A4)[0] - 2 * MARGIN
    return [available * c / sum(cells) for c in cells]


def _grid(fills_header: bool = True) -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
        ("LEADING", (0, 0), (-1, -1), BODY_SIZE * 1.3),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if fills_header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")))
    return commands


def _form_story(form: Form) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    s = _styles()
    widths = _widths(FORM_WIDTHS)
    first_rows = {begin for begin, _ in form.spans[0]}
    second_rows = {begin for begin, _ in form.spans[1]}
    data: list[list[Any]] = [[_lines(h, w) for h, w in zip(FORM_HEADERS, widths)]]
    for k, row in enumerate(form.rows):
        texts = row.texts()
        data.append([_lines(texts[0], widths[0]) if k in first_rows else "",
                     _lines(texts[1], widths[1]) if k in second_rows else "",
                     _lines(texts[2], widths[2]), _number(row.points), _lines(texts[4], widths[4]),
                     _number(row.score), _lines(texts[6], widths[6])])
    data.append(["合计", "", "", _number(form.max_total), "", _number(form.total), ""])
    style = _grid()
    style += [("ALIGN", (0, 0), (3, -1), "CENTER"), ("ALIGN", (5, 0), (5, -1), "CENTER"),
              ("ALIGN", (0, 0), (-1, 0), "CENTER"),
              ("INNERGRID", (2, 0), (-1, -1), 0.4, colors.black), ("LINEAFTER", (0, 0), (1, -1), 0.4, colors.black),
              ("LINEBELOW", (0, 0), (1, 0), 0.4, colors.black), ("LINEABOVE", (0, -1), (-1, -1), 0.4, colors.black),
              ("SPAN", (0, -1), (2, -1))]
    for depth, runs in enumerate(form.spans):  # a run of one 一级/二级 reads as one merged cell
        for begin, _ in runs:
            if begin:
                style.append(("LINEABOVE", (depth, begin + 1), (1, begin + 1), 0.4, colors.black))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    story: list[Any] = [Paragraph(_escape(form.title), s["title"])]
    story += [_plain(form.header), Spacer(1, 4), table, Spacer(1, 8)]
    story += [Paragraph(_escape(note), s["body"]) for note in form.notes]
    story += [Spacer(1, 14), _plain([SIGNATURE])]
    return story


def _plain(lines: list[str]) -> Any:
    """Lines as they are (a paragraph would collapse the full-width spaces that set the fields apart)."""
    from reportlab.platypus import Table, TableStyle

    width = sum(_widths(FORM_WIDTHS))
    table = Table([[_lines(line, width)] for line in lines], colWidths=[width])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE + 1),
                               ("LEADING", (0, 0), (-1, -1), (BODY_SIZE + 1) * 1.3),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _summary_story(summary: Summary) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    s = _styles()
    widths = _widths(summary.widths)
    data = [[_lines(h, w) for h, w in zip(summary.headers, widths)]]
    for values in summary.rows:
        data.append([_lines(v, w) if isinstance(v, str) else _number(v) for v, w in zip(values, widths)])
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(_grid() + [("INNERGRID", (0, 0), (-1, -1), 0.4, colors.black),
                                         ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    dist_widths = [60.0] + [48.0] * (len(summary.distribution_headers) - 1)
    dist = Table([summary.distribution_headers, *[[_number(v) for v in values] for values in summary.distribution]],
                 colWidths=dist_widths, hAlign="LEFT")
    dist.setStyle(TableStyle(_grid() + [("INNERGRID", (0, 0), (-1, -1), 0.4, colors.black),
                                        ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return [Paragraph(_escape(summary.title), s["title"]), Paragraph(_escape(summary.subtitle), s["body"]),
            Spacer(1, 6), table, Spacer(1, 12), Paragraph("等级分布（部门数）", s["info"]), dist]
