"""Report readers: .txt (UTF-8, UTF-8 with BOM, GB18030), .docx and .pdf → :class:`Document`.

python-docx and pdfplumber are imported lazily, only when such a file is read.
Bad input raises :class:`PerfscoreError` with a Chinese message: missing or
empty file, unsupported format, encrypted or damaged file.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from .document import Document, Paragraph, Table
from .form_fields import field_lines, is_field_line
from ..zipguard import DOCX, check_package
from ..errors import PerfscoreError, Position, Problem
from .page_layout import PageLayout
from .text_tables import TextTable, split_text_blocks
from .wrapping import paragraphs as wrapped_paragraphs

SUPPORTED = (".txt", ".docx", ".pdf")
_EXPECTED = "报告文件：.txt（UTF-8/GB18030）、.docx 或 .pdf"
# zero-width spaces and joiners, soft hyphens, byte-order marks, direction marks: web pages and
# editors leave them inside words and numbers (公务接待费\u200b1.8万元), where nobody sees them
_INVISIBLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in range(0x10000)
                                      if unicodedata.category(chr(cp)) == "Cf") + "]")


def visible(text: str) -> str:
    """``text`` without the format characters that print as nothing (Unicode category Cf)."""
    return _INVISIBLE.sub("", text)


def _fail(name: str, message: str, expected: str = _EXPECTED) -> PerfscoreError:
    return PerfscoreError(Problem(Position(name), message, expected))


def read_document(path: str | Path) -> Document:
    """Read a report file into a :class:`Document`, choosing the reader by extension."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        hint = "；.doc 请先另存为 .docx" if suffix == ".doc" else ""
        raise _fail(name, f"不支持的报告格式 {suffix or '（无扩展名）'}{hint} (unsupported format)")
    if not path.is_file():
        raise _fail(name, "文件不存在 (file not found)")
    if path.stat().st_size == 0:
        raise _fail(name, "文件为空 (empty file)")
    reader = {".txt": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}[suffix]
    document = reader(path, name)
    if document.is_empty():
        raise _fail(name, "报告中没有可读取的文字 (no text)", "含文字的报告；扫描版 PDF 需先做文字识别")
    return document


def decode_text(data: bytes, name: str) -> str:
    """Decode report bytes: UTF-8 (BOM tolerated), else GB18030; binary data is refused."""
    if b"\x00" in data[:4096]:
        raise _fail(name, "不是文本文件（含二进制数据）(binary data)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _fail(name, "无法识别的文字编码 (unknown encoding)", "UTF-8 或 GB18030 编码的文本")


MAX_TEXT_CHARS = 1_000_000  # about five hundred pages; longer text is read in part, with a note


def document_from_text(text: str, name: str = "<text>") -> Document:
    """Build a :class:`Document` from plain text: one paragraph per non-empty line, and
    tables flattened one cell per tabbed line reassembled into rows. Text beyond
    :data:`MAX_TEXT_CHARS` is not read; :attr:`Document.notes` says so."""
    document = Document(source=name, format="txt")
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        cut = cut if cut > MAX_TEXT_CHARS // 2 else MAX_TEXT_CHARS
        line = text.count("\n", 0, cut) + 1
        document.notes.append(f"只读取了部分正文：文本共 {len(text):,} 字，超过 {MAX_TEXT_CHARS:,} 字，"
                              f"第 {line} 行起未读取 (text too long; partial result)")
        text = text[:cut]
    lines = visible(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    page = PageLayout(lines)  # tables and wrapped lines found as in plain simplified text, given back as printed
    previous: list[str] = []
    pending: list[tuple[str, int]] = []
    for block in [*split_text_blocks(page.shapes), None]:
        if not isinstance(block, tuple) and pending:  # a table or the end: the lines before it
            found = {line: text for text, line in pending}
            for paragraph in wrapped_paragraphs(pending, len(document.paragraphs) + 1):  # joined as laid out
                paragraph = page.paragraph(paragraph, found)
                document.paragraphs.append(paragraph)
                if not is_field_line(paragraph.text):  # 填报日期:…: a form's field, no caption of the table under it
                    previous.append(paragraph.text)
            pending = []
        if isinstance(block, TextTable):
            rows = tuple(tuple(page.printed(cell, line) for cell, line in zip(row, lines_of))
                         for row, lines_of in zip(block.rows, block.cell_lines))
            document.tables.append(Table(len(document.tables) + 1, rows, tuple(block.row_lines),
                                         caption=" ".join(previous[-2:]),
                                         cell_lines=tuple(tuple(r) for r in block.cell_lines)))
            previous = []
        elif block is not None:
            pending.append(block)
    return document


def _read_txt(path: Path, name: str) -> Document:
    return document_from_text(decode_text(path.read_bytes(), name), name)


def _read_docx(path: Path, name: str) -> Document:
    import zipfile

    import docx  # lazy: python-docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    check_package(path, DOCX, name)  # a zip bomb is refused before python-docx unpacks anything
    try:
        source = docx.Document(str(path))
    except zipfile.BadZipFile:
        raise _fail(name, "不是有效的 .docx 文件（可能已加密或损坏）(not a valid .docx)") from None
    except Exception as exc:  # python-docx raises several types for malformed packages
        raise _fail(name, f"不是有效的 .docx 文件 ({type(exc).__name__})") from None
    document = Document(source=name, format="docx")
    previous: list[str] = []
    for block_no, element in enumerate(source.element.body.iterchildren(), start=1):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = visible(DocxParagraph(element, source).text).strip()
            if text:
                document.paragraphs.append(Paragraph(len(document.paragraphs) + 1, text, block_no))
                previous.append(text)
        elif tag == "tbl":
            for table in _docx_tables(DocxTable(element, source)):
                rows = tuple(_docx_row(row) for row in table.rows)
                while len(rows) > 2 and (fields := field_lines(rows[0])) is not None:
                    for line in fields:  # 部门名称 | 某县民政局 | 填报日期 | 2024年4月10日: the form's fields, above its table
                        document.paragraphs.append(Paragraph(len(document.paragraphs) + 1, line, block_no))
                    rows = rows[1:]
                document.tables.append(Table(len(document.tables) + 1, rows, tuple(block_no for _ in rows),
                                             caption=" ".join(previous[-2:])))
            previous = []
    return document


_NESTING = 3


def _docx_tables(table: Any, depth: int = 0) -> list[Any]:
    """A table and the tables nested in its cells (to a few levels), each read on its own."""
    found = [table]
    if depth >= _NESTING:
        return found
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            for inner in cell.tables:
                found += _docx_tables(inner, depth + 1)
    return found


def _docx_row(row: Any) -> tuple[str | None, ...]:
    cells: list[str | None] = []
    last = None
    for cell in row.cells:
        cells.append(None if cell._tc is last else visible(cell.text).strip())
        last = cell._tc
    return tuple(cells)




def _read_pdf(path: Path, name: str) -> Document:
    import pdfplumber  # lazy
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect:
        raise _fail(name, "PDF 已加密，无法读取 (encrypted PDF)", "未加密的 PDF，或先解除密码") from None
    except Exception as exc:  # pdfplumber wraps pdfminer errors in its own types
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise _fail(name, "PDF 已加密，无法读取 (encrypted PDF)", "未加密的 PDF，或先解除密码") from None
        raise _fail(name, f"不是有效的 PDF 文件 (invalid PDF: {type(exc).__name__})") from None
    document = Document(source=name, format="pdf")
    try:
        with pdf:  # closing reads the pages again, and fails again on a damaged one
            pages = len(pdf.pages)
            _read_pdf_pages(pdf, document)
    except Exception as exc:  # a damaged page fails deep in pdfminer or pdfplumber, each its own way
        raise _fail(name, f"PDF 内容已损坏，无法读取 (damaged PDF: {type(exc).__name__})") from None
    if pages and document.is_empty():
        raise _fail(name, f"扫描件需要 OCR：这份 PDF 共 {pages} 页，没有文字层（页面是图像），本工具不做文字识别"
                          " (scanned PDF without a text layer: OCR needed)",
                    "含文字层的 PDF；扫描件请先用文字识别（OCR）软件转成文字，另存为 .docx 或 .txt")
    return document


def _read_pdf_pages(pdf: Any, document: Document) -> None:
    """Every page's text (outside its tables) as paragraphs, and its tables."""
    line_no = 0
    for page_no, page in enumerate(pdf.pages, start=1):
        found = page.find_tables()
        boxes = [t.bbox for t in found]
        outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
        lines = visible(outside.extract_text() or "").split("\n")
        first_table_line = line_no + 1
        _append_pdf_paragraphs(document, lines, line_no, page_no)
        line_no += len(lines)
        for table in found:
            rows = tuple(tuple(None if c is None else visible(c).replace("\n", "") for c in row)
                         for row in table.extract())
            caption = " ".join(p.text for p in document.paragraphs[-2:])
            document.tables.append(Table(len(document.tables) + 1, rows,
                                         tuple(first_table_line for _ in rows), caption, page_no))


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _append_pdf_paragraphs(document: Document, lines: list[str], line_no: int, page: int) -> None:
    """A page's lines as paragraphs, wrapped lines joined as the text reader joins them (:mod:`.wrapping`),
    on each line's layout (:mod:`.page_layout`) and given back as printed."""
    layout = PageLayout(lines, first=line_no + 1)
    numbered = [(shape, line_no + k) for k, shape in enumerate(layout.shapes, start=1) if shape.strip()]
    found = {line: shape for shape, line in numbered}
    for paragraph in wrapped_paragraphs(numbered, len(document.paragraphs) + 1, page):
        document.paragraphs.append(layout.paragraph(paragraph, found))
