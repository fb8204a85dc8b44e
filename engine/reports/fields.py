"""Non-numeric fields of a report: identity (年度, 部门, 地区, 落款日期), dates, yes/no facts,
self-assessed grade, and 「X情况：无」 sections. Each returns candidates with provenance."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections import Counter

from . import dept_names
from .document import Document, Paragraph
from .model import Candidate, Provenance
from .lexicon import Lexicon, norm, normalise, simplified
from ..units import DAY_DATE, ParsedDate, iter_dates, to_halfwidth

# the year and the department, in either order: 2023年度衡山县民政局部门整体支出…, 衡山县民政局2023年度部门整体支出…
# the year nearest the words, with no clause mark between (…与2016年相比,…。部门整体支出绩效评价结果: no title)
_TITLE = re.compile(r"(\d{4})年度?((?:(?!\d{4}年)[^,，。;；])*?)(?:部门整体|单位整体|整体支出|部门支出|绩效自评|绩效评价)")
_NAME_BEFORE = re.compile(r"([^\d>》»›|:：,，。、\s]{2,25})$")  # the name right before the year, not a page's breadcrumbs
_LIST_MARK = re.compile(r"[①-⑳⑴-⒇⒈-⒛]")
_CLAUSE_MARK = re.compile(r"[,，。;；、:：]")
_PROVINCE = re.compile(
    r"((?:河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|"
    r"陕西|甘肃|青海|台湾)省|(?:内蒙古|广西壮族|西藏|宁夏回族|新疆维吾尔)自治区)")
_BREADCRUMB = re.compile(r"(?:[当當]前位置|您的位置|您[现現]在的位置|所在位置)\s*[:：]|首[页頁]\s*[>＞»›]")  # a portal's path to the page, as printed
_TITLE_FIELD = re.compile(r"\s*(?:标\s*题|题\s*名|文件名称)\s*[:：]")  # an index table's field naming the page's title
_SENTENCE = re.compile(r"[^。!?;]+[。!?;]?")
_BODY_YEAR = re.compile(r"(?<![\d.])(\d{4})年度?(?!\d{1,2}月)")
_SPAN_AFTER = re.compile(r"(?:及|或)?(?:之前|以前|以来|之后|以后|至今|起)")
# a year of the unit's history: 成立于1997年, 1997年更名为…, 2001年改称…, 2018年机构改革后: when it was founded,
# renamed or reorganised
_HISTORY_BEFORE = re.compile(r"(?:成立于|始建于|组建于|建于)$")
_HISTORY_AFTER = re.compile(r"[^,;:。]{0,4}?(?:更名|改称|改名|命名|成立|组建|设立|挂牌|升格|机构改革|改革后)")
# a year inside a stated reason (增长原因是2021年因人员调动…): why a figure moved, not the text's year;
# a season's (2018年秋季一年级招收…): a moment of the unit's story
_REASON_BEFORE = re.compile(r"原因[^。;]*$")
# 2018年秋季, 2021年年末在职实有人数: a season's, a point in time's (a budget's head count at last year's end)
_SEASON_AFTER = re.compile(r"(?:春|夏|秋|冬)季|上半年|下半年|年?(?:年末|年底|末|底)")
_WITH = ("和", "与", "同")  # 和2012年的预算比, 与2013年对比: a year compared with
_COMPARED_WITH = re.compile(r"[^,;:。]{0,10}?(?:相比|比较|对比|比)(?:[,;:。]|$)")
# a year without 年, read only where the text writes none with it: a mirror's 2016-度, 2016-预算数
_BARE_YEAR = re.compile(r"(?<![\d.])(\d{4}|(?:19|20) \d{2}(?=-度))(?:-度|-?\s?(?:部门|单位)?(?=预算|决算|执行数))")  # PDF text: 20 16-度;
# 我单位 2018 部门预算说明如下 (a year, its 年 dropped, before the budget it dates)
# a title's year printed without 年 before its subject (云县2023“三公”经费决算…表, 2022游仙区政府办“三公”经费…)
_TITLE_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![名人个元万亿次项件辆%])"
                         r"(?=[^\d年月日.\-/:]{1,20}?(?:三公|预算|决算|整体支出|绩效))")
_TITLE_LENGTH = 40
_YEAR_ENDS_LINE = re.compile(r"(?<![\d.])(?:19|20)\d{2}$")
_LOOK_AHEAD = 8  # characters of the next line a year ending its line is read with
# a cover's field naming the year evaluated: 评价年度:2024 (the year follows its label, without 年)
_LABELLED_YEAR = re.compile(r"(?:评价|自评|考核)年度:(\d{4})(?!\d)")
BODY_YEAR_NOTE = "年度据正文首次出现的年份"  # a year read from the body, which later evidence may move


def _span(paragraph: Paragraph, text: str, offsets: list[int], start: int, end: int) -> Provenance:
    a, b = offsets[start], offsets[end - 1] + 1
    return Provenance(paragraph.where(), paragraph.line_at(a), paragraph.text[a:b], paragraph.text.strip())


_HEAD_CHARACTERS = 300  # of each of a text's first paragraphs, where its title is looked for


def identity(document: Document) -> list[Candidate]:
    """Year and department from the title, region from department + province mentions,
    report date from a date standing alone at the end (落款): none with text after it, nor with a
    publication stamp's words or a time of day, nor a cover's month (no sentence before it, or the
    contents after it)."""
    found: list[Candidate] = []
    head = document.paragraphs[:4]
    heads = [norm(p.text[:_HEAD_CHARACTERS]) for p in head]  # a title is short; a run-on line is not one
    joined = "".join(heads)[:600]
    title = _TITLE.search(joined)
    where = head[0] if head else None
    dept, dept_prov = None, None
    if title and where is not None:
        prov = Provenance(where.where(), where.line, _as_printed(where, title), joined)
        found.append(Candidate("year", int(title[1]), prov, 3))
        dept = _title_department(joined, title)
        if dept is not None:
            dept_prov = prov
            found.append(Candidate("dept_name", dept, prov, 3))
    else:
        found += body_year(document)
    if dept is None:
        dept, dept_prov = _disclosure_department(head, heads)
        if dept is not None and dept_prov is not None:
            found.append(Candidate("dept_name", dept, dept_prov, 2))
    tail = [p for p in document.paragraphs[-4:] if p.text.strip()]
    for paragraph in tail:
        signed = dept_names.from_signature(norm(paragraph.text)) if dept is None else None
        if signed is not None:
            dept, dept_prov = signed, Provenance(paragraph.where(), paragraph.line, paragraph.text.strip())
            found.append(Candidate("dept_name", dept, dept_prov, 2))
    for paragraph in reversed(tail):
        half = to_halfwidth(simplified(paragraph.text.strip()))
        if _STAMP.search(half) or _before_body(document, paragraph) or _stamp_value(document, paragraph):
            continue  # 发布时间 2024-08-12 10:30, a date under the title: when it was published, not signed
        dates = list(iter_dates(half, min_precision="month"))
        if dates and dates[0].precision == "month" and _on_cover(document, paragraph):
            continue  # 2020年9月 between a 决算's title and its contents: a cover's month, no signature's
        printed = half[dates[0].start:dates[0].end].replace(" ", "") if dates else ""  # 2025 年 8 月 29 日: spaces aside
        if len(dates) == 1 and len(printed) >= len(half.replace(" ", "")) - 2:
            found.append(Candidate("report_date", dates[0].iso, Provenance(paragraph.where(), paragraph.line, paragraph.text.strip()), 3))
            break
    else:
        found += _signature_run_on(tail[-1]) if tail else []
    found += _dated_heads(document)
    if dept and dept_prov:
        provinces = Counter(m[1] for p in document.paragraphs for m in _PROVINCE.finditer(simplified(p.text)))
        province = provinces.most_common(1)[0][0] if provinces else None
        located = dept_names.region_of(dept, province)
        if located is not None:
            region, inferred = located
            note = f"省份据正文“{province}”推断" if inferred else ""
            found.append(Candidate("region", region, Provenance(dept_prov.where, dept_prov.line, dept), 2, note=note))
    return found


# …比上年增加848元。 常州市金坛区卫生健康局 2021年7月9日: the signer and the day, ending a text run into one line
_SIGNED_AT_END = re.compile(rf"[。.]\s*(?:[^\s。,，;；:：\d]{{2,30}}(?:{dept_names.ORG_WORDS}|政府)\s+)"
                            rf"(?P<date>{DAY_DATE})\s*$")


def _signature_run_on(paragraph: Paragraph) -> list[Candidate]:
    """The report's date signed at the very end of a text run into one line, after its signer's name."""
    half = to_halfwidth(simplified(paragraph.text.strip()))
    signed = _SIGNED_AT_END.search(half)
    if signed is None or _STAMP.search(half, signed.start()):
        return []
    dates = list(iter_dates(signed["date"], min_precision="day"))
    return [Candidate("report_date", dates[0].iso, Provenance(paragraph.where(), paragraph.line, signed["date"]), 3)] \
        if len(dates) == 1 else []


def _dated_heads(document: Document) -> list[Candidate]:
    """The report's date printed under its title, before the body: a line that is one date to the
    day written with 年月日 (``2026年2月5日`` under the title or the issuer), seven or eight digits alone
    before the contents (``20251110`` or ``2025214`` / ``目 录``, one valid reading only), a speech's date line
    (``——2023年3月23日在新邵县第十八届人民代表大会第三次会议上``) or a congress session's that adopted the
    text (``(2018年8月7日区十八届人大常委会第十二次会议通过)``); a page's stamp (发布, 来源, a time
    of day, a date under a 日期 label, one written 2015-04-29) is none."""
    label = ""  # the last line before this one: a platform's 发布日期 row prints its date below it
    head = document.paragraphs[:HEAD_LINES]
    for k, paragraph in enumerate(head):
        half = to_halfwidth(simplified(paragraph.text.strip()))
        cover = _run_on_cover_date(half.split("。")[0])
        if cover is not None:  # 洛阳市孟津区司法局 2022 年度部门预算 2022 年 7 月 15 日 目 录 第一部分…: a PDF's cover in one line
            printed = paragraph.text.strip()
            return [_head_date(paragraph, cover.iso, printed[cover.start:cover.end] if len(printed) == len(half) else printed)]
        if "。" in half:
            break  # the body has begun
        above, label = label, half or label
        if _STAMP.search(half) or _STAMP.search(above) or "日期" in above:
            continue
        if _EIGHT_DIGITS.fullmatch(half) and k + 1 < len(head) and _CONTENTS_AFTER.match(simplified(head[k + 1].text)):
            stamped = compact_dates("日期:" + half)  # 20251110 or 2025214 alone between a cover's title and its contents
            if len(stamped) == 1:
                return [_head_date(paragraph, stamped[0].iso, paragraph.text.strip())]
        dates = list(iter_dates(half, min_precision="day")) or _lost_marks(half)
        if len(dates) != 1 or "日" not in half[dates[0].start:dates[0].end]:
            continue  # 2015-04-29, 2023.7.06 under a headline: a web page's date, not one printed on the report
        alone = len(_DATE_FRAME.sub("", half[:dates[0].start] + half[dates[0].end:])) == 0
        after = half + (to_halfwidth(simplified(head[k + 1].text.strip())) if k + 1 < len(head) else "")
        if alone or _SPEECH.match(after, dates[0].end) or _SESSION.match(after, dates[0].end):  # …1月11日在南开区第十八届 / 人民代表大会…上: one line wrapped
            return [_head_date(paragraph, dates[0].iso, paragraph.text.strip())]
    return _opening_speech_date(document)


# ——20211月12日在…, ——2018724日在…: a speech's date whose 年 (and 月) a copy lost
_LOST_MARKS = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:(\d{1,2})\s*月\s*(\d{1,2})|(\d{2,4}))\s*日")


def _lost_marks(text: str) -> list[ParsedDate]:
    """The dates to the day whose 年, or 年 and 月, a copy lost (``20211月12日``, ``2018724日``), where the
    digits left read one way only; read under a title only before the meeting a speech was given at."""
    found = []
    for match in _LOST_MARKS.finditer(text):
        if match[4] is not None:
            read = compact_dates("日期:" + match[1] + match[4])
            iso = read[0].iso if len(read) == 1 else None
        else:
            year, month, day = int(match[1]), int(match[2]), int(match[3])
            iso = f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
        if iso is not None:
            found.append(ParsedDate(iso, "day", "", match.start(), match.end()))
    return found


_EIGHT_DIGITS = re.compile(r"(?:19|20)\d{5,6}")  # 20251110, 2025214: a day's digits, one of them dropped when under 10
_TITLE_BEFORE = re.compile(r"(?:预算|决算|报告)\s*$")
_CONTENTS = r"目\s*录"  # a report's contents heading (目 录)
_CONTENTS_AFTER = re.compile(rf"\s*{_CONTENTS}")


def _run_on_cover_date(text: str) -> ParsedDate | None:
    """The one date to the day, written with 年月日, that stands between a report's title and its contents in
    a cover run into one line (a PDF's text on a document site); None elsewhere."""
    dates = [d for d in iter_dates(text, min_precision="day") if "日" in text[d.start:d.end]]
    if len(dates) != 1:
        return None
    date = dates[0]
    return date if _TITLE_BEFORE.search(text, 0, date.start) and _CONTENTS_AFTER.match(text, date.end) else None


def _opening_speech_date(document: Document) -> list[Candidate]:
    """A speech's date line that opens its paragraph, after a long contents list and with the body run
    on after it (``(2020年9月28日在县第十六届人大常委会第三十四次会议上) 敬的袁主任…``): the report's date."""
    for paragraph in document.paragraphs[:SPEECH_LINES]:
        half = to_halfwidth(simplified(paragraph.text.strip()))
        opening = _OPENING_DATE.match(half)
        dates = list(iter_dates(opening.group(), min_precision="day")) if opening else []
        if dates and _SPEECH.match(half, opening.end()):  # type: ignore[union-attr]
            return [_head_date(paragraph, dates[0].iso, paragraph.text.strip()[:80])]
        if "。" in half:
            return []  # the body has begun
    return []


def _head_date(paragraph: Paragraph, iso: str, quote: str) -> Candidate:
    """The report's date read under its title, quoting ``quote`` of ``paragraph``."""
    return Candidate("report_date", iso, Provenance(paragraph.where(), paragraph.line, quote), 2, note="据标题下的日期")


HEAD_LINES = 16  # a cover, a title and its date lines come before the body's first sentence
SPEECH_LINES = 60  # a 财政决算 report's contents list its twenty-odd tables before the report and its date line
_OPENING_DATE = re.compile(rf"^[\s|()（—\-]*{DAY_DATE}")  # a date to the day opening its line
_DATE_FRAME = re.compile(r"[\s()（）——\-—]+")
_SPEECH = re.compile(r"\s*在[^。]{0,60}?(?:会\s*议|大\s*会)")  # a spaced-out copy: 会 议
# (2018年8月7日区十八届人大常委会第十二次会议通过): the session of a congress or its standing committee
# that adopted or heard the text, its date the text's own
_SESSION = re.compile(r"\s*[^。在]{0,30}?(?:人大|人民代表大会|常务委员会|常委会)[^。]{0,30}?(?:会\s*议|大\s*会)")


def _as_printed(first: Paragraph, title: re.Match[str]) -> str:
    """The title's words as the page prints them (traditional characters, a year in Chinese numerals),
    when they lie in the first paragraph; else as normalised, since they run over several."""
    text, offsets = normalise(first.text[:300])
    if title.end() > len(text):
        return title.group()
    return first.text[offsets[title.start()]:offsets[title.end() - 1] + 1]


# 凯里市炉山镇中心学校2022年度部门决算公开说明, 2020年度南县财政局部门预算: a disclosure's title line
_DISCLOSURE_TITLE = re.compile(r"(\d{4})年度?((?:(?!\d{4}年)[^,;。])*?)(?:部门|单位)?(?:预算|决算|三公经费)")
_TITLE_LINE = 60
# …“三公”经费预算情况说明 / …部门决算公开: how a title ends, before the text a PDF's lines run into it
_TITLE_END = re.compile(r"(?:预算|决算)?(?:增减)?(?:公开)?(?:执行)?(?:情况)?的?(?:说明|报告|公开|表)")
_STAMP_RUN_ON = re.compile(r"(?:来源|发布(?:时间|日期)?|日期|浏览(?:量|次数)?|点击(?:量|数)?|作者):.*$")  # …部门决算来源:汨罗市财政局 日期:…


def _disclosure_department(head: list[Paragraph], heads: list[str]) -> tuple[str | None, Provenance | None]:
    """The department a budget's or a 决算's title line names, after its year or right before it: a
    line without a clause mark once a page's stamp run on after it is left off (…部门决算来源:汨罗市财政局
    日期:…), or one a PDF's text runs on after, its title ending as titles do (…经费预算情况说明“三公”经费包括…,);
    a sentence (现将本局2022年部门决算公开如下,…) is none. ``heads`` holds the paragraphs' openings, normalised."""
    for paragraph, normalised in zip(head, heads):
        text = _STAMP_RUN_ON.sub("", normalised)
        line = _CLAUSE_MARK.split(text, 1)[0]
        title = _DISCLOSURE_TITLE.search(line) if len(line) <= _TITLE_LINE else None
        if title is None or line != text and not _TITLE_END.match(line, title.end()):
            continue  # 2021年我镇三公经费预算为20万元,…: a sentence, no title run into its text
        dept = _title_department(text, title)
        if dept is not None:
            return dept, Provenance(paragraph.where(), paragraph.line, paragraph.text.strip())
    return None, None


def _title_department(joined: str, title: re.Match[str]) -> str | None:
    """The department a title names after its year, else right before it (the name a title
    prints before the year, or the line above); None for a generic word (部门, 本单位)."""
    after = title[2]
    named = dept_names.from_title(after) if len(after) <= 25 and not _LIST_MARK.search(after) \
        and not _CLAUSE_MARK.search(after) else None  # 2023年,部门整体支出…: a sentence, no name between
    if named is not None:
        return named  # not 经费预算信息③ from …2022年经费预算信息 / ③部门支出用途: the next paragraph's numbered words
    before = _NAME_BEFORE.search(joined[:title.start()])
    return dept_names.before_title(before[1]) if before else None


_COMPARED = ("较", "比", "与", "相比", "同比")
_STAMP = re.compile(r"发布|来源|浏览|阅读|点击|访问|\d{1,2}:\d{2}")


# - [ 成文日期 ] | - 2025-11-07: a portal's index label on its own line, its date on the next
_STAMP_LABEL = re.compile(r"(?:发布|成文|生效|印发|公开|更新|发文)(?:日期|时间)")


def _stamp_value(document: Document, paragraph: Paragraph) -> bool:
    """Whether the paragraph before ``paragraph`` (blank ones aside) is a stamp's label alone: its date is the stamp's."""
    at = next(i for i, other in enumerate(document.paragraphs) if other is paragraph)
    label = next((norm(other.text) for other in reversed(document.paragraphs[:at]) if other.text.strip()), "")
    return bool(_STAMP_LABEL.search(label)) and not re.search(r"\d", label)


def _before_body(document: Document, paragraph: Paragraph) -> bool:
    """Whether a sentence of the text (ending with 。) comes after ``paragraph``: a 落款 date
    follows the text it signs, a publication date under the title precedes it."""
    seen = False
    for other in document.paragraphs:
        if seen and "。" in other.text:
            return True
        seen = seen or other is paragraph
    return False


_CONTENTS_OR_PART = re.compile(rf"\s*(?:{_CONTENTS}|第[一二三四五六七八九十]+部分)")


def _on_cover(document: Document, paragraph: Paragraph) -> bool:
    """Whether ``paragraph`` is the date on a cover rather than under a signature: no sentence of
    the text (ending with 。) comes before it, or the contents or a part's heading come after it
    (``2023年 10 月`` between 2022年部门决算 and 目录, a short page cut off after its cover)."""
    index = next(k for k, other in enumerate(document.paragraphs) if other is paragraph)
    if not any("。" in other.text for other in document.paragraphs[:index]):
        return True
    return any(_CONTENTS_OR_PART.match(simplified(other.text)) for other in document.paragraphs[index + 1:])


def written_year(document: Document) -> int | None:
    """The year the page is dated: the latest year of a full date on a short line among its first
    and last three paragraphs (a publication stamp, the 落款), else None."""
    edges = document.paragraphs[:3] + document.paragraphs[-3:]
    years = [int(date.iso[:4]) for p in edges if len(p.text.strip()) <= 40
             for date in iter_dates(to_halfwidth(p.text), min_precision="day")]
    return max(years, default=None)


def body_year(document: Document) -> list[Candidate]:
    """The year of a text without a title: the year its cover's field names (``评价年度:2019``),
    else the first fiscal year (``2019年度``, ``2019年`` not followed by a month) it names, a year
    compared with (``较2022年度``), bounding a span (``2017年之前``, ``2019年及以后年度``) or dating the
    unit's history (``成立于1997年``, ``2001年更名为``) excepted, and one named in a reason (``增长原因是2021年因…``) or
    for a season (``2018年秋季``) taken only when the text names no other (a portal's path to the page,
    ``首页 > 部门决算 > 2017年``, names none); else the year of the title a
    portal's index table names (``标 题:2021年…决算公开``)."""
    aside: Candidate | None = None
    for pattern in (_LABELLED_YEAR, _BODY_YEAR, _BARE_YEAR, _TITLE_YEAR):
        for k, paragraph in enumerate(document.paragraphs):
            text, offsets = normalise(paragraph.text)
            if pattern is _TITLE_YEAR and (len(text) > _TITLE_LENGTH or "。" in text):  # a title's, not a sentence's
                continue
            path_end = _breadcrumb_end(paragraph.text, text, offsets)
            if path_end is not None:  # 当前位置 : 首页 > 部门决算 > 2017年 > 正文: the portal's folder, not the text's year
                if path_end >= len(text):
                    continue
                text = "\x00" * path_end + text[path_end:]  # a page run into one line: its title follows the path
            ahead = text
            if pattern is _BARE_YEAR and _YEAR_ENDS_LINE.search(text) and k + 1 < len(document.paragraphs):
                ahead += normalise(document.paragraphs[k + 1].text)[0][:_LOOK_AHEAD]  # …指挥中2023 / 单位预算…: a title broken after its year
            for match in pattern.finditer(ahead):
                if match.end(1) > len(text):
                    break
                end = min(match.end(), len(text))
                if text[max(0, match.start() - 2):match.start()].endswith(_COMPARED) \
                        or _COMPARED_WITH.match(text, end) and text[match.start() - 1:match.start()] in _WITH \
                        or _SPAN_AFTER.match(text, end) \
                        or _HISTORY_BEFORE.search(text, 0, match.start()) or _HISTORY_AFTER.match(text, end):
                    continue  # 较2022年度, 和2012年的预算比; 2017年之前; 1997年更名: not the text's own
                year = int(match[1].replace(" ", ""))
                if 1990 <= year <= 2100:
                    prov = _span(paragraph, text, offsets, match.start(), end)
                    found = Candidate("year", year, prov, 1, note=BODY_YEAR_NOTE)
                    if not _REASON_BEFORE.search(text, 0, match.start()) and not _SEASON_AFTER.match(text, end):
                        return [found]
                    aside = aside or found  # 原因是2021年因…, 2018年秋季: the text's own only when it names no other
    return [aside] if aside else _indexed_title_year(document)


# the steps of a portal's path after its label, each name ending at a space: 首页 > 政务公开 > … > 魏家桥
_PATH = re.compile(r"\s*[^\s>＞»›]*(?:\s*[>＞»›]\s*[^\s>＞»›]*)*")


def _breadcrumb_end(printed: str, text: str, offsets: list[int]) -> int | None:
    """Where a portal's path to the page ends in the normalised ``text`` of ``printed`` (after its last step's
    name, at the space that ends it: ``首页 > 部门预决算 > 魏家桥 2021年度…``), or None for a line with no path."""
    start = _BREADCRUMB.search(printed)
    if start is None:
        return None
    end = _PATH.match(printed, start.end()).end()  # type: ignore[union-attr]  # it matches the empty string at least
    return bisect_left(offsets, end, 0, len(text))  # offsets rise with the text: the first kept character past the path


def _indexed_title_year(document: Document) -> list[Candidate]:
    """The year of the title a portal's index table gives its page (``标 题:2021年吕梁市统计局决算公开``)."""
    for table in document.tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                text = norm(cell or "")
                field = _TITLE_FIELD.match(text)
                year = _BODY_YEAR.search(text, field.end()) if field is not None else None
                if year is not None and 1990 <= int(year[1]) <= 2100:
                    prov = Provenance(table.where(r, c), table.line_of(r, c), (cell or "").strip(), text)
                    return [Candidate("year", int(year[1]), prov, 1, note=BODY_YEAR_NOTE)]
    return []


_COMPACT_DATE = re.compile(r"(?:日期|时间)[:]?(\d{6,8})(?!\d)")
# 批复时间: 2022  12  17: a form's 年, 月 and 日 lost from its copy, the figures left apart by spaces
_SPACED_DATE = re.compile(r"(?:日期|时间)[:]?\s*((\d{4})\s+(\d{1,2})\s+(\d{1,2}))(?![\d.])")


def compact_dates(text: str) -> list[ParsedDate]:
    """A date written without separators right after its label (``报告日期:2024926``): the
    digits are read only where one split into year, month and day is a valid date
    (``2024926`` is 2024-09-26; ``2024111`` could be 1 November or 11 January, so it is none;
    ``202511`` may be November 2025 with no day, so it is none too). Its year, month and day set
    apart by spaces alone (``批复时间: 2022  12  17``) are read as such where they make a valid date."""
    found = [ParsedDate(f"{int(m[2]):04d}-{int(m[3]):02d}-{int(m[4]):02d}", "day", "", m.start(1), m.end(1))
             for m in _SPACED_DATE.finditer(text) if _valid(int(m[2]), int(m[3]), int(m[4]))]
    for match in _COMPACT_DATE.finditer(text):
        year, rest = int(match[1][:4]), match[1][4:]
        valid = [(int(rest[:k]), int(rest[k:])) for k in (1, 2) if 1 <= len(rest) - k <= 2
                 and _valid(year, int(rest[:k]), int(rest[k:]))]
        if len(rest) == 2 and 1 <= int(rest) <= 12:
            continue  # a year and a month (YYYYMM): no day is stated
        if len(valid) == 1:
            month, day = valid[0]
            found.append(ParsedDate(f"{year:04d}-{month:02d}-{day:02d}", "day", "", match.start(1), match.end(1)))
    return sorted(found, key=lambda date: date.start)


def _valid(year: int, month: int, day: int) -> bool:
    return 1900 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


_DATE_LIKE = re.compile(r"\d{4}\s*[年/－／-]|(?<!\d)(?:19|20)\d{6}(?!\d)|[一二][〇零一二三四五六七八九]{3}年")


def dates(document: Document, lexicon: Lexicon) -> list[Candidate]:
    """The dates the lexicon's rules name, in paragraphs and in the cells of tables (a form prints
    ``填报日期:2022年2月3日`` in its header's cell)."""
    found: list[Candidate] = []
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        found.extend(Candidate(metric, iso, _span(paragraph, text, offsets, a, b), 2)
                     for metric, iso, a, b in _dates_in(text, lexicon))
    for table in document.tables:
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if not cell or not _DATE_LIKE.search(cell):
                    continue  # most cells are figures: a date has its year's digits before 年, - or /
                text, offsets = normalise(cell)
                found.extend(Candidate(metric, iso, Provenance(table.where(r, c), table.line_of(r, c),
                                                               cell[offsets[a]:offsets[b - 1] + 1], cell.strip()), 2)
                             for metric, iso, a, b in _dates_in(text, lexicon))
    return found


def _dates_in(text: str, lexicon: Lexicon) -> list[tuple[str, str, int, int]]:
    """The dates one normalised text states: metric, ISO date and the span it is printed in."""
    found: list[tuple[str, str, int, int]] = []
    for sentence in _SENTENCE.finditer(text):
        s = sentence.group()
        for metric, rule in lexicon.dates.items():
            context = [w for w in rule.get("context", []) if w in s]
            if not context:
                continue
            if any(w in s for w in rule.get("forbid", [])):
                continue
            if rule.get("verbs") and not any(v in s for v in rule["verbs"]):
                continue
            for date in [*iter_dates(s, min_precision=rule.get("min_precision", "month")), *compact_dates(s)]:
                if rule.get("marker", "") != date.marker:
                    continue
                if any(w in _own_clause(s, date.start, date.end) for w in rule.get("forbid_in_clause", [])):
                    continue  # …于2025年1月26日经市财政局批复,…将2025年度预算予以公开: approved, then disclosed
                if s.find(context[0]) < date.start and rule.get("marker") != "before" \
                        and not rule.get("context_before"):
                    continue
                found.append((metric, date.iso, sentence.start() + date.start, sentence.start() + date.end))
                break
    return found


_CLAUSE_MARKS = ",;:"


def _own_clause(sentence: str, start: int, end: int) -> str:
    """The clause of ``sentence`` that holds ``start``..``end``: from the mark before it to the mark after."""
    opens = max(sentence.rfind(mark, 0, start) for mark in _CLAUSE_MARKS) + 1
    closes = [at for mark in _CLAUSE_MARKS if (at := sentence.find(mark, end)) >= 0]
    return sentence[opens:min(closes, default=len(sentence))]


def flags(document: Document, lexicon: Lexicon) -> list[Candidate]:
    spec = lexicon.flags
    before = tuple(spec.get("negations_before", []))
    after = tuple(spec.get("negations_after", []))
    rules = [(metric, [(polarity, [norm(cue) for cue in cues.get(polarity, [])])
                       for polarity in (True, False) if isinstance(cues.get(polarity), list)],
              [norm(w).split("|") for w in cues.get("all", [])])
             for metric, cues in spec.get("metrics", {}).items()]
    words = {w for _, polar, every in rules for _, ws in polar for w in ws} | {a for _, _, every in rules
                                                                               for alts in every for a in alts}
    if not words:
        return []
    screen = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))  # a clause naming none is skipped
    found: list[Candidate] = []
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        for clause in re.finditer(r"[^,;:。!?]+", text):
            c = clause.group()
            if not screen.search(c):
                continue
            for metric, polar, every in rules:
                for polarity, cues in polar:
                    for cue in cues:
                        at = c.find(cue)
                        if at < 0:
                            continue
                        value = polarity
                        if polarity and (any(n in c[:at] for n in before) or any(n in c[at:] for n in after)):
                            value = False
                        prov = _span(paragraph, text, offsets, clause.start() + at, clause.start() + at + len(cue))
                        found.append(Candidate(metric, value, prov, 2))
                        break
                if every and all(any(alt in c for alt in alts) for alts in every):
                    value = not any(n in c for n in before)
                    found.append(Candidate(metric, value, _span(paragraph, text, offsets, clause.start(), clause.end()), 2))
    return found


def grade(document: Document, lexicon: Lexicon) -> list[Candidate]:
    cues = "|".join(sorted(map(re.escape, lexicon.grades.get("cues", [])), key=len, reverse=True))
    labels = "|".join(sorted(map(re.escape, lexicon.grades.get("labels", [])), key=len, reverse=True))
    if not cues or not labels:
        return []
    pattern = re.compile(rf"(?:{cues})(?:为|是|:|评定为|确定为|属于|达到)?[“\"'「]?(?P<g>{labels})(?![\u4e00-\u9fff]*(?:的|水平))")
    found = []
    for paragraph in document.paragraphs:
        text, offsets = normalise(paragraph.text)
        for match in pattern.finditer(text):
            if any(m in text for m in lexicon.target_markers) and "自评" not in text:
                continue
            prov = _span(paragraph, text, offsets, match.start(), match.end())
            found.append(Candidate("self_grade", match["g"], prov, 2))
    return found


def none_sections(document: Document, lexicon: Lexicon) -> list[Candidate]:
    """``政府性基金预算支出情况`` followed by a paragraph ``无``: that spending was 0 (决算)."""
    found = []
    paragraphs = document.paragraphs
    for heading, answer in zip(paragraphs, paragraphs[1:]):
        if norm(answer.text) not in lexicon.none_answers:
            continue
        text = norm(heading.text)
        if not text.endswith("情况") or len(text) > 30:
            continue
        cue = lexicon.cue_re.search(text)
        if not cue or lexicon.cues[cue.group()].concept is None:
            continue
        metric = lexicon.concept_metric(lexicon.cues[cue.group()].concept, "final")
        if metric:
            prov = Provenance(answer.where(), answer.line, answer.text.strip(), f"{heading.text.strip()}：{answer.text.strip()}")
            found.append(Candidate(metric, 0.0, prov, 2, note="该项标注为“无”"))
    return found
