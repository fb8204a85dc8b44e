"""XlsxWriter's workbook and worksheet with two slow paths shortened, for workbooks of thousands of sheets.

Imports only XlsxWriter. Both classes override private methods of XlsxWriter 3.x (pinned below 4 in
pyproject.toml); ``tests/test_xlsx.py`` writes the same workbook with the library's own classes and
asserts identical bytes, so a change in the library shows as a failing test, never as a wrong file.

- The library checks each new sheet's name against every earlier sheet (quadratic: a quarter of the
  time of a 3,000-department workbook); here the duplicate check is one set lookup, the library's
  other name checks (length, characters, apostrophes) still run.
- The library writes each cell through a general path (a list of attributes, each escaped); a form's
  cells are a formatted string, number or blank whose attributes (``A1``, a format index) never need
  escaping, so they are written in one step, byte for byte as the library writes them. Any other cell
  takes the library's path.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.exceptions import DuplicateWorksheetName
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet


class FormSheet(Worksheet):
    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind = type(cell).__name__
        if cell.format is None or kind not in ("String", "Number", "Blank") or self.constant_memory:
            super()._write_cell(row, col, cell)
            return
        head = f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell.format._get_xf_index()}"'
        if kind == "String":
            self.fh.write(f'{head} t="s"><v>{cell.string}</v></c>')
        elif kind == "Number":
            self.fh.write(f"{head}><v>{cell.number:.16G}</v></c>")
        else:
            self.fh.write(f"{head}/>")


class FormBook(Workbook):
    worksheet_class = FormSheet

    def __init__(self, filename: str, options: dict[str, Any] | None = None) -> None:
        super().__init__(filename, options)
        self._names_in_use: set[str] = set()

    def _check_sheetname(self, sheetname: Any, is_chartsheet: bool = False) -> Any:
        if sheetname and str(sheetname).lower() in self._names_in_use:
            raise DuplicateWorksheetName(f"Sheetname '{sheetname}', with case ignored, is already in use.")
        sheets, self.worksheets_objs = self.worksheets_objs, []  # the library's scan then has nothing to compare
        try:
            name = super()._check_sheetname(sheetname, is_chartsheet)
        finally:
            self.worksheets_objs = sheets
        self._names_in_use.add(name.lower())
        return name
