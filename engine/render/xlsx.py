"""The workbook a finance bureau prints and sends: the ranked summary, the grade distribution and one 评分表 per department.

Written with XlsxWriter: it writes a 300-department workbook about five times faster than
openpyxl (which keeps a style object per cell), sets row heights, print titles, headers and
footers, fit-to-width and a default font in a few calls, and writes text only as text
(``write_string``; ``strings_to_formulas`` off), so no cell content ever becomes a formula.
openpyxl stays the project's reader of workbooks.

Every wrapped cell's row is as tall as its text needs at its column's width, measured with the
same CJK width rule as the terminal (:mod:`.textwidth`). Pure layout of :mod:`.form`: no score,
rank or count is computed here.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Callable, Sequence

from ..atomic import atomic_path
from ..rubric.model import form_title
from ..rubric.plan import Plan
from .form import (
    FORM_HEADERS, FORM_WIDTHS, SIGNATURE, Context, Form, Standing, department_form, standards, lines_needed,
    summary_table, tab_names,
)

BODY_FONT, TITLE_FONT = "宋体", "黑体"
BODY_SIZE, TITLE_SIZE = 10, 16
LINE_HEIGHT = 13.5  # points per line of 10 pt 宋体, as Excel and LibreOffice lay it out
ROW_PADDING = 4.5  # heights are whole pixels (0.75 pt): 13.5 and 4.5 keep them exact
HEADER_ROWS = 5  # title, three header lines, the column headings
FOOTER = "&C&\"宋体\"&9第 &P 页 共 &N 页"
SUMMARY_NAME, DISTRIBUTION_NAME = "汇总", "等级分布"
NUMBER_FORMAT = "General"  # 2 → 2, 1.8 → 1.8, 89.36 → 89.36: no needless decimals
FIXED_TIME = _dt.datetime(2000, 1, 1)  # document properties: same inputs, same bytes


def row_height(texts: Sequence[str], widths: Sequence[int]) -> float:
    """Points a row needs so every wrapped text shows whole at its column's width (a cell of padding off)."""
    lines = max((lines_needed(text, cells - 1) for text, cells in zip(texts, widths)), default=1)
    return round(lines * LINE_HEIGHT + ROW_PADDING, 2)


class _Formats:
    """The workbook's few formats, made once (XlsxWriter shares them across sheets)."""

    def __init__(self, book):
        body = {"font_name": BODY_FONT, "font_size": BODY_SIZE, "valign": "vcenter"}
        grid = {**body, "border": 1}
        self.title = book.add_format({"font_name": TITLE_FONT, "font_size": TITLE_SIZE, "align": "center",
                                      "valign": "vcenter"})
        self.info = book.add_format({**body, "align": "left"})
        self.head = book.add_format({**grid, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"})
        self.text = book.add_format({**grid, "text_wrap": True, "align": "left"})
        self.center = book.add_format({**grid, "text_wrap": True, "align": "center"})
        self.number = book.add_format({**grid, "align": "center", "num_format": NUMBER_FORMAT})
        self.bold = book.add_format({**grid, "bold": True, "align": "center", "num_format": NUMBER_FORMAT})
        self.note = book.add_format({**body, "text_wrap": True, "align": "left", "valign": "top"})
        self.link = book.add_format({**grid, "font_color": "blue", "underline": 1, "align": "left"})


def write_workbook(cards: list[dict[str, Any]], plan: Plan, path: str | Path, standing: Standing | None,
                   context: Context = Context(), progress: Callable[[int], Any] | None = None,
                   workbook_class: Any = None) -> None:
    """Write the summary and the grade distribution (when ``standing`` is given: a batch), then one 评分表
    per department, to ``path`` (atomically); ``progress`` is called with 1 after each department's sheet.
    ``workbook_class``: XlsxWriter's ``Workbook`` writes the same bytes as the default, more slowly."""
    from .xlsx_speed import FormBook

    tabs = tab_names(cards, (SUMMARY_NAME, DISTRIBUTION_NAME) if standing is not None else ())
    with atomic_path(path) as temp:
        book = (workbook_class or FormBook)(str(temp), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False, "default_date_format": "yyyy-mm-dd",
                                               "in_memory": True})
        book.set_properties({"created": FIXED_TIME, "title": form_title(plan.profile.subject)})
        formats = _Formats(book)
        if standing is not None:
            summary = summary_table(cards, plan, standing, tabs)
            _summary_sheet(book.add_worksheet(SUMMARY_NAME), summary, formats)
            _distribution_sheet(book.add_worksheet(DISTRIBUTION_NAME), summary, formats)
        texts = standards(plan)
        for card, tab in zip(cards, tabs):
            _form_sheet(book.add_worksheet(tab), department_form(card, plan, tab, context, texts), formats)
            if progress is not None:
                progress(1)
        book.close()


def _print_setup(sheet, title_rows: tuple[int, int], fit_width: bool = True) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.center_horizontally()
    if fit_width:
        sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(*title_rows)
    sheet.set_footer(FOOTER)


def _cell(sheet, row: int, column: int, value: Any, fmt) -> None:
    """A number as a number; anything else as text, never a formula."""
    if isinstance(value, bool) or value is None:
        sheet.write_blank(row, column, None, fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value, fmt)
    else:
        sheet.write_string(row, column, str(value), fmt)


def _form_sheet(sheet, form: Form, f: _Formats) -> None:
    last_column = len(FORM_HEADERS) - 1
    for column, cells in enumerate(FORM_WIDTHS):
        sheet.set_column(column, column, cells)
    sheet.merge_range(0, 0, 0, last_column, form.title, f.title)
    sheet.set_row(0, 30)
    for k, line in enumerate(form.header, 1):
        sheet.merge_range(k, 0, k, last_column, line, f.info)
        sheet.set_row(k, row_height([line], [sum(FORM_WIDTHS)]))
    head = HEADER_ROWS - 1
    for column, text in enumerate(FORM_HEADERS):
        sheet.write_string(head, column, text, f.head)
    sheet.set_row(head, LINE_HEIGHT + ROW_PADDING + 2)
    top = HEADER_ROWS
    for k, row in enumerate(form.rows):
        r = top + k
        sheet.write_string(r, 2, row.third, f.center)
        _cell(sheet, r, 3, row.points, f.number)
        sheet.write_string(r, 4, row.standard, f.text)
        _cell(sheet, r, 5, row.score, f.number)
        sheet.write_string(r, 6, row.reason, f.text)
        sheet.set_row(r, row_height(row.texts(), FORM_WIDTHS))
    for depth, runs in enumerate(form.spans):
        for begin, end in runs:
            text = form.rows[begin].first if depth == 0 else form.rows[begin].second
            if end > begin:
                sheet.merge_range(top + begin, depth, top + end, depth, text, f.center)
            else:
                sheet.write_string(top + begin, depth, text, f.center)
    total = top + len(form.rows)
    sheet.merge_range(total, 0, total, 2, "合计", f.bold)
    sheet.write_number(total, 3, form.max_total, f.bold)
    sheet.write_blank(total, 4, None, f.bold)
    sheet.write_number(total, 5, form.total, f.bold)
    sheet.write_blank(total, 6, None, f.bold)
    sheet.set_row(total, LINE_HEIGHT + ROW_PADDING + 2)
    below = total + 2
    for note in form.notes:
        sheet.merge_range(below, 0, below, last_column, note, f.note)
        sheet.set_row(below, row_height([note], [sum(FORM_WIDTHS)]))
        below += 1
    sheet.merge_range(below + 1, 0, below + 1, last_column, SIGNATURE, f.info)
    sheet.set_row(below + 1, 24)
    _print_setup(sheet, (HEADER_ROWS - 1, HEADER_ROWS - 1))
    sheet.freeze_panes(HEADER_ROWS, 0)


def _summary_sheet(sheet, summary, f: _Formats) -> None:
    last_column = len(summary.headers) - 1
    for column, cells in enumerate(summary.widths):
        sheet.set_column(column, column, cells)
    sheet.merge_range(0, 0, 0, last_column, summary.title, f.title)
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last_column, summary.subtitle, f.note)
    sheet.set_row(1, row_height([summary.subtitle], [sum(summary.widths)]))
    for column, text in enumerate(summary.headers):
        sheet.write_string(2, column, text, f.head)
    sheet.set_row(2, row_height(summary.headers, summary.widths))
    wrapped = (1, 2)
    for k, values in enumerate(summary.rows, 3):
        for column, value in enumerate(values[:-1]):
            _cell(sheet, k, column, value, f.text if column in wrapped else f.number)
        tab = values[-1]
        sheet.write_url(k, last_column, f"internal:'{tab}'!A1", f.link, tab)
        sheet.set_row(k, row_height([str(values[c]) for c in wrapped], [summary.widths[c] for c in wrapped]))
    _print_setup(sheet, (2, 2))
    sheet.freeze_panes(3, 0)


def _distribution_sheet(sheet, summary, f: _Formats) -> None:
    widths = [10, *[8] * (len(summary.distribution_headers) - 1)]
    for column, cells in enumerate(widths):
        sheet.set_column(column, column, cells)
    sheet.merge_range(0, 0, 0, len(widths) - 1, "等级分布（部门数）", f.title)
    sheet.set_row(0, 30)
    for column, text in enumerate(summary.distribution_headers):
        sheet.write_string(1, column, text, f.head)
    for k, values in enumerate(summary.distribution, 2):
        for column, value in enumerate(values):
            _cell(sheet, k, column, value, f.center if column == 0 else f.number)
    _print_setup(sheet, (1, 1), fit_width=False)
