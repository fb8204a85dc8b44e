"""The common document model every report reader yields: numbered paragraphs and tables.

Positions are kept so each extracted figure can say where it came from: a
paragraph number and source line (a text line for .txt/.pdf, the body-block
number for .docx), or a table cell.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; ``line_starts`` maps offsets to source lines when lines were joined."""

    index: int
    text: str
    line: int
    page: int = 0
    line_starts: tuple[tuple[int, int], ...] = ()

    def line_at(self, offset: int) -> int:
        """The source line holding character ``offset`` of :attr:`text`."""
        if not self.line_starts:
            return self.line
        offsets = [start for start, _ in self.line_starts]
        return self.line_starts[max(bisect_right(offsets, offset) - 1, 0)][1]

    def where(self) -> str:
        page = f"第{self.page}页 " if self.page else ""
        return f"{page}第{self.index}段"


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts; ``None`` marks a cell merged into its left neighbour."""

    index: int
    rows: tuple[tuple[str | None, ...], ...]
    row_lines: tuple[int, ...]
    caption: str = ""
    page: int = 0
    cell_lines: tuple[tuple[int, ...], ...] = ()

    def line_of(self, row: int, col: int) -> int:
        """Source line of a cell (its own line when the table was flattened one cell per line)."""
        if row < len(self.cell_lines) and col < len(self.cell_lines[row]):
            return self.cell_lines[row][col]
        return self.row_lines[row] if row < len(self.row_lines) else self.line

    @property
    def line(self) -> int:
        return self.row_lines[0] if self.row_lines else 0

    def where(self, row: int | None = None, col: int | None = None) -> str:
        text = (f"第{self.page}页 " if self.page else "") + f"表{self.index}"
        if row is not None:
            text += f" 第{row + 1}行"
        if col is not None:
            text += f"第{col + 1}列"
        return text


@dataclass
class Document:
    """A report: source name, format (txt/docx/pdf) and its paragraphs and tables in order."""

    source: str
    format: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader left unread, and why

    def is_empty(self) -> bool:
        has_text = any(p.text.strip() for p in self.paragraphs)
        has_cells = any(cell and cell.strip() for t in self.tables for row in t.rows for cell in row)
        return not (has_text or has_cells)

    def full_text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)
