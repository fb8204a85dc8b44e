"""Extract vocabulary metrics, with provenance, from a department's self-evaluation report.

``extract_report(path)`` reads .txt/.docx/.pdf; ``extract_text(text, name)`` reads a
string. Every value keeps where it came from; competing readings are kept as
candidates with an ``ambiguous`` flag; approximate figures (约/余/以上) are flagged;
nothing absent from the report is invented (a total is derived from its parts only
when declared in rules/extraction.yaml, and flagged ``derived``).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from .concept_columns import concept_column_candidates
from .document import Document, Paragraph
from ..errors import PerfscoreError, Position, Problem
from .fields import dates, flags, grade, identity, none_sections, written_year
from .model import Candidate, Extraction, Item, PartsGroup, Provenance
from .news_year import leads_with_last_year, says_this_year, this_year
from .scan import TextScanner
from .serving_count import tabled_twins, unstated
from .spent_text import reads_as_budget, reads_as_spent, stage_words
from .stamps import stamp_dates
from .score_tables import score_candidates
from .tables import analyse_table, table_candidates
from .two_years import compared_this_year, is_budget_text, redated
from .year_rows import year_row_candidates
from .lexicon import Lexicon, load_lexicon, norm
from .text_tables import is_numeric_cell
from ..units import iter_quantities, to_halfwidth
from .readers import document_from_text, read_document

__all__ = ["extract_report", "extract_text", "extract_document", "Extraction", "Item"]

_REPORT_WORDS = re.compile(r"预算|决算|支出|绩效|财务负责人")  # 财务负责人: a financial report's cover
MAX_SCAN_CHARS = 1_000_000  # about five hundred pages; a report is far shorter
TIME_BUDGET = 5.0  # seconds of reading; a report takes well under one
UNIT_RATIO = 10000


def extract_report(path: str | Path) -> Extraction:
    """Read a report file (.txt/.docx/.pdf) and extract its metrics."""
    return extract_document(read_document(path))


def extract_text(text: str, name: str = "<text>") -> Extraction:
    """Extract metrics from report text (tables may be flattened one cell per tabbed line)."""
    document = document_from_text(text, name)
    if document.is_empty():
        raise PerfscoreError(Problem(Position(name), "报告中没有可读取的文字 (no text)", "报告正文"))
    return extract_document(document)


def extract_document(document: Document, lexicon: Lexicon | None = None,
                     budget_seconds: float = TIME_BUDGET) -> Extraction:
    """Extract metrics from a :class:`Document` already read.

    Reading stops after :data:`MAX_SCAN_CHARS` characters of text or ``budget_seconds``;
    the figures found so far are kept and :attr:`Extraction.notes` says what was left."""
    lexicon = lexicon or load_lexicon()
    deadline = time.monotonic() + budget_seconds
    notes: list[str] = list(document.notes)
    document = _within_size(document, notes)
    written = written_year(document)
    candidates = this_year(redated(identity(document), document, lexicon), document, written)
    year = next((c.value for c in candidates if c.metric == "year"), None)
    assumed = compared_this_year(document) if year is None else None
    scanner = TextScanner(lexicon, year if year is not None else assumed)
    scanner.year_assumed = assumed is not None
    scanner.written = written
    scanner.last_year_before = says_this_year(document)
    scanner.leads_last_year = not scanner.last_year_before and leads_with_last_year(document)
    words = stage_words(document.full_text()[:MAX_SCAN_CHARS], lexicon)
    scanner.spent_is_final = reads_as_spent(words, lexicon, year)
    scanner.budget_only_text = not scanner.spent_is_final and reads_as_budget(words, lexicon)
    scanner.budget_year = year is not None and is_budget_text(document, lexicon, int(year))
    scanner.deadline = deadline
    for number, paragraph in enumerate(document.paragraphs):
        scanner.scan(paragraph)
        if scanner.stopped or time.monotonic() >= deadline:
            notes.append(f"只读取了部分正文：超过 {budget_seconds:g} 秒的时限，第 {paragraph.index} 段（第 {paragraph.line} 行）起未读完"
                         " (time budget exceeded; partial result)")
            document = Document(document.source, document.format, document.paragraphs[:number + 1], document.tables,
                                document.notes)
            break
    scan = scanner.finish()
    candidates += scan.candidates
    notes += scan.notes
    twins = scan.twins
    for table in document.tables:
        found = year_row_candidates(table, lexicon, year)
        if found is None:
            found = concept_column_candidates(table, lexicon, year)
        found = found if found is not None else table_candidates(analyse_table(table, lexicon, year), lexicon)
        candidates += found + score_candidates(table, lexicon)
        twins = twins + tabled_twins(found)
    candidates += none_sections(document, lexicon)
    candidates += dates(document, lexicon)
    candidates += stamp_dates(document, lexicon, year)
    candidates += flags(document, lexicon)
    candidates += grade(document, lexicon)
    candidates += unit_corrections(scan.groups)
    candidates += unstated(twins, candidates)
    items = resolve(candidates, lexicon)
    derive(items, lexicon)
    if not any(i.metric not in ("year", "dept_name", "region") for i in items.values()) \
            and not _has_figure(document) and not _REPORT_WORDS.search(norm(_words(document)[:200_000])):
        raise PerfscoreError(Problem(Position(document.source), "不是部门整体支出绩效报告：文中没有任何金额、人数或比例 (not a report: no figure)",
                                     "部门整体支出绩效自评报告"))
    metrics = {metric: item.value for metric, item in items.items()}
    return Extraction(document.source, metrics, items, document, scan.groups, scan.shares, scan.changes, scan.claims,
                      notes)


def _within_size(document: Document, notes: list[str]) -> Document:
    """The document cut to :data:`MAX_SCAN_CHARS` characters of paragraph text (a longer
    single paragraph is cut too), with a note saying where reading stopped."""
    total = 0
    for number, paragraph in enumerate(document.paragraphs):
        if total + len(paragraph.text) > MAX_SCAN_CHARS:
            kept = document.paragraphs[:number]
            room = MAX_SCAN_CHARS - total
            if room > 0:
                kept.append(Paragraph(paragraph.index, paragraph.text[:room], paragraph.line, paragraph.page,
                                      paragraph.line_starts))
            notes.append(f"只读取了部分正文：正文超过 {MAX_SCAN_CHARS:,} 字，第 {paragraph.index} 段"
                         f"（第 {paragraph.line} 行）起未读取 (text too long; partial result)")
            return Document(document.source, document.format, kept, document.tables, document.notes)
        total += len(paragraph.text)
    return document


def _words(document: Document) -> str:
    """The text and the tables' cells: a table whose figures could not be placed under its
    columns (``2021年预算数`` / ``2021年决算数`` over rows of one figure) still says what it is."""
    cells = (cell for table in document.tables for row in table.rows for cell in row if cell)
    return document.full_text() + "\n" + " ".join(cells)


def _has_figure(document: Document) -> bool:
    """Whether the text states any amount, count or percentage (a bare year is none)."""
    for paragraph in document.paragraphs:
        if any(True for _ in iter_quantities(norm(paragraph.text))):
            return True
    return any(is_numeric_cell(cell) for table in document.tables for row in table.rows for cell in row)


def unit_corrections(groups: list[PartsGroup]) -> list[Candidate]:
    """A total printed in 元 whose 其中 items (in 万元) add up to the same number: the
    unit is a misprint, so the 万元 reading is a stronger candidate."""
    found = []
    for group in groups:
        total = group.total
        if total.metric is None or total.kind != "money" or total.unit != "元":
            continue
        parts = sum(p.value for p in group.parts)
        if abs(total.printed - parts) <= 0.01 < abs(total.value - parts) and total.printed:
            found.append(Candidate(total.metric, total.printed, total.provenance, 5,
                                   note=f"单位疑误：印作“{total.printed:g}元”，其中各项合计{parts:g}万元"))
    return found


def resolve(candidates: list[Candidate], lexicon: Lexicon) -> dict[str, Item]:
    """One item per metric: the highest-ranked candidate wins (one stated exactly before one
    hedged with 约/余/突破, then the earliest);
    differing values are kept and flagged ``ambiguous``."""
    grouped: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        grouped.setdefault(candidate.metric, []).append(candidate)
    items: dict[str, Item] = {}
    for metric, found in grouped.items():
        ordered = sorted(found, key=lambda c: (-c.rank, c.approx))  # of equal rank, a figure stated exactly first
        best = _exact(ordered)
        misprint = _in_wan(best, ordered)
        best = misprint or best
        distinct = _distinct(found)
        flags: list[str] = []
        if best.note.startswith("单位疑误") or misprint is not None:
            flags.append("unit_corrected")
        elif len(distinct) > 1:
            flags.append("ambiguous")
        if best.approx:
            flags.append("approx")
        if best.note.startswith(("省份", "推定")):
            flags.append("inferred")
        spec = lexicon.vocabulary.get(metric)
        items[metric] = Item(metric, best.value, spec.unit if spec else "", best.provenance, flags,
                             distinct if len(distinct) > 1 else [best])
    return items


def _exact(ordered: list[Candidate]) -> Candidate:
    """The best candidate, unless it rounds a figure the text states more exactly: a headline's
    ``预算850万`` or ``公务接待费仅8万元`` beside the body's ``850.55万元`` or ``8.27万元``, whatever
    their ranks. Rounding is judged on the printed figure: within one unit of its last digit."""
    best = ordered[0]
    step = _printed_step(best)
    if step is None:
        return best
    for other in ordered[1:]:
        finer = _printed_step(other)
        if (not other.approx and finer is not None and finer < step
                and 0 < abs(other.value - best.value) < step):
            return other
    return best


def _printed_step(candidate: Candidate) -> float | None:
    """One unit of the last printed digit of ``candidate``'s figure, in the metric's unit
    (``8万元`` → 1, ``0.1亿元`` → 1000, ``850.55万元`` → 0.01); None when the figure is not found."""
    if not isinstance(candidate.value, float) or not candidate.value:
        return None
    for printed in reversed(_PRINTED_NUMBER.findall(to_halfwidth(candidate.provenance.text))):  # ８５０．５５ as printed
        digits = printed.replace(",", "")
        number = float(digits)
        if not number:
            continue
        scale = candidate.value / number
        if any(abs(scale - unit) < unit * 1e-9 for unit in _UNIT_SCALES):
            places = len(digits.partition(".")[2])
            return scale * 10.0 ** -places
    return None


_PRINTED_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_UNIT_SCALES = (1.0, 1e-4, 1e4)  # 万元 as printed, 元 → 万元, 亿元 → 万元


def _in_wan(best: Candidate, ordered: list[Candidate]) -> Candidate | None:
    """The same digits printed once in 元 and once in 万元 for one metric (``公务接待费1.58元`` and
    ``公务接待费为1.58万元``): the 元 is a misprint, so the 万元 reading wins, whatever its rank."""
    if not isinstance(best.value, float) or not best.provenance.text.endswith("元") \
            or best.provenance.text.endswith(("万元", "亿元")):
        return None
    return next((other for other in ordered if isinstance(other.value, float)
                 and other.provenance.text.endswith("万元") and best.value
                 and abs(other.value - best.value * UNIT_RATIO) < 1e-6), None)


def _key(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value


def _distinct(found: list[Candidate]) -> list[Candidate]:
    """Candidates with distinct values, best first."""
    seen: dict[Any, Candidate] = {}
    for candidate in sorted(found, key=lambda c: (-c.rank, c.approx)):
        seen.setdefault(_key(candidate.value), candidate)
    return list(seen.values())


def _name(lexicon: Lexicon, metric: str) -> str:
    spec = lexicon.vocabulary.get(metric)
    return spec.zh if spec else metric


def derive(items: dict[str, Item], lexicon: Lexicon) -> None:
    """Fill a declared total from its parts when the report states no total and states each part
    exactly (a sum of 约4.5亿元 and 1.6亿元 is no figure the report gives)."""
    for metric, declared in lexicon.derive.items():
        if metric in items or not all(p in items for p, optional in declared if not optional):
            continue
        parts = [p for p, _ in declared if p in items]
        if any("approx" in items[p].flags for p in parts):
            continue
        values = [items[p].value for p in parts]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            continue
        total = round(sum(values), 6)
        text = " + ".join(f"{_name(lexicon, p)} {items[p].value}" for p in parts)
        prov = Provenance("由分项计算", items[parts[0]].provenance.line, text)
        spec = lexicon.vocabulary.get(metric)
        items[metric] = Item(metric, total, spec.unit if spec else "", prov, ["derived"],
                             [Candidate(metric, total, prov, 0, note="derived")])
