"""The extraction lexicon: rules/extraction.yaml plus the vocabulary's labels, compiled to regexes.

Also the text normaliser used for matching: half-width, simplified characters
(OpenCC ``hk2s``: ``t2s`` and Hong Kong variants), no whitespace, no quote marks, no pinyin that mirror sites insert
after characters (``經(jīng)費``), with a map back to the original offsets so
provenance quotes the report exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc

from ..errors import PerfscoreError, Problem
from ..resources import rules_dir
from ..units import to_halfwidth
from ..rubric.vocabulary import Vocabulary, load_vocabulary
from ..rubric.yamlio import MarkedDict, load_file

STAGES = ("budget", "final", "prev_final", "prev_budget", "adjusted")  # adjusted: a table column only
_DROP = set(" \t\u3000\u00a0\"'“”‘’「」『』")
_PINYIN = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*\)")
# markup a copy kept (``<span>“三公”经费</span>``, ``&nbsp;``): dropped as the pinyin is
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>]{0,300})?/?>|&(?:nbsp|ensp|emsp|thinsp|amp);|&#(?:160|12288);")
_TO_SIMPLIFIED = opencc.OpenCC("hk2s")  # t2s, and the Hong Kong variants a mirror copy may print (衞生, 綫)
_STAGE_SUFFIX = re.compile(r"^(.+)\((预算|批复|决算|上年决算)\)$")
_STAGE_WORD = {"预算": "budget", "批复": "budget", "决算": "final", "上年决算": "prev_final"}


def simplified(text: str) -> str:
    """Traditional → simplified characters, one character for one (offsets stay valid)."""
    if text.isascii():
        return text
    converted = _TO_SIMPLIFIED.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c) == 1 else o for o, c in zip(text, (_TO_SIMPLIFIED.convert(ch) for ch in text)))


def without_pinyin(text: str) -> str:
    """The text without the pinyin mirror sites insert after characters (``經(jīng)費`` → ``經費``)."""
    return _PINYIN.sub("", text) if "(" in text else text


_LOST_YEAR_MARK = re.compile(r"(?<!\d)(?:19|20)\d\d-[\u4e00-\u9fff“\"]")


# 二〇二三年度部门整体支出绩效自评报告: a year in Chinese numerals, read as its digits, one for one; and the
# month and day after it (二〇二二年九月二十七日, as 公文 print their dates), read as figures
_CHINESE_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十百千万])(?:一九|二[〇零])[〇零一二三四五六七八九]{2}(?=年)")
_CHINESE_MONTH_DAY = re.compile(r"年(?P<month>[一二三四五六七八九十]{1,2})月(?:(?P<day>[一二三四五六七八九十]{1,3})[日号])?")
_CHINESE_DIGIT = {c: str(d) for d, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def _chinese_years(half: str) -> dict[int, str]:
    """The offsets of the characters of each year written in Chinese numerals, and of the month and day
    after it, each with what it reads as: its digit, both digits of 十 (``10``), or nothing (the 十 inside
    二十七)."""
    if "年" not in half or not any(c in half for c in "〇零"):
        return {}
    read: dict[int, str] = {}
    for year in _CHINESE_YEAR.finditer(half):
        read |= {index: _CHINESE_DIGIT[half[index]] for index in range(*year.span())}
        after = _CHINESE_MONTH_DAY.match(half, year.end())
        for part in ("month", "day") if after else ():
            if after[part] is not None:  # type: ignore[index]
                read |= _as_figures(after[part], after.start(part))  # type: ignore[index,union-attr]
    return read


def _as_figures(numerals: str, start: int) -> dict[int, str]:
    """A month's or day's Chinese numerals (九, 十, 十二, 二十, 二十七) as digits, by the offset each digit
    is read at."""
    if numerals == "十":
        return {start: "10"}
    if len(numerals) == 3:  # 二十七: 2 and 7, the 十 between them read as nothing
        return {start: _CHINESE_DIGIT[numerals[0]], start + 1: "", start + 2: _CHINESE_DIGIT[numerals[2]]}
    if len(numerals) == 2:  # 十二 is 12, 二十 is 20
        first, second = numerals
        return {start: "1" if first == "十" else _CHINESE_DIGIT[first], start + 1: "0" if second == "十" else _CHINESE_DIGIT[second]}
    return {start: _CHINESE_DIGIT[numerals]}


# 支出1114万, 7.27亿 (news leave 元 off): an amount in 万元 or 亿元, read with its 元 where its clause goes on
_BARE_MONEY_UNIT = re.compile(r"(?<=\d)[万亿](?=[,，。;；、)）]|比|较|同比|占)")


def _bare_units(half: str) -> dict[int, str]:
    """The offsets of each 万 or 亿 an amount is printed with, its 元 left off, with the unit in full."""
    if "万" not in half and "亿" not in half:
        return {}
    return {m.start(): m.group() + "元" for m in _BARE_MONEY_UNIT.finditer(half)}


def _digit_follows(text: str, index: int) -> bool:
    rest = text[index:index + 8].lstrip(" \t\u3000\u00a0")
    return bool(rest) and rest[0].isdigit()


@lru_cache(maxsize=8192)
def _normalised(text: str) -> tuple[str, tuple[int, ...]]:
    half = simplified(to_halfwidth(text))
    dropped = _inserted(half)
    read_as = _chinese_years(half) | _bare_units(half)  # what a numeral or a bare 万 reads as
    kept: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(half):
        if char in _DROP or index in dropped:
            if char in " \t\u3000\u00a0" and kept and kept[-1].isdigit() and _digit_follows(half, index):
                kept.append(" ")  # 39 25,037,565.22元: a row number stays apart from the amount
                offsets.append(index)
            continue
        if char == "-" and index >= 4 and _LOST_YEAR_MARK.match(half, index - 4):
            char = "年"  # 2015-度, 比2014-决算数: a copy that lost 年 to a dash
        read = read_as.get(index, char)  # none, one or two characters
        kept.extend(read)
        offsets.extend([index] * len(read))
    return "".join(kept), tuple(offsets)


def without_inserted(half: str) -> tuple[str, list[int]]:
    """A text already half-width and simplified without the pinyin and markup a copy inserted, its
    spaces, bars and quote marks kept (the layout tables and wrapped lines are read from), and for
    each kept character its offset."""
    gone = _inserted(half)
    if not gone:
        return half, list(range(len(half)))
    offsets = [index for index in range(len(half)) if index not in gone]
    return "".join(half[index] for index in offsets), offsets


def _inserted(half: str) -> set[int]:
    """The offsets of the pinyin (``經(jīng)費``) and markup (``<span>``, ``&nbsp;``) a copy inserted."""
    spans = [m.span() for m in _PINYIN.finditer(half)] if "(" in half else []
    if "<" in half or "&" in half:
        spans += [m.span() for m in _MARKUP.finditer(half)]
    return {index for start, end in spans for index in range(start, end)}


_CACHED = 4096  # longer texts share a small cache of their own


@lru_cache(maxsize=2)
def _normalised_long(text: str) -> tuple[str, tuple[int, ...]]:
    return _normalised.__wrapped__(text)


def normalise(text: str) -> tuple[str, list[int]]:
    """Half-width, simplified text without spaces (but one between two numbers, so a row
    number never merges into an amount), quote marks, inserted pinyin and markup, and for each
    kept character its offset in ``text``."""
    kept, offsets = _normalised(text) if len(text) <= _CACHED else _normalised_long(text)
    return kept, list(offsets)


def norm(text: str) -> str:
    return (_normalised(text) if len(text) <= _CACHED else _normalised_long(text))[0]


@dataclass(frozen=True)
class Cue:
    """What a matched phrase names: a concept (stage decides the metric) or one metric."""

    text: str
    concept: int | None = None
    metric: str | None = None
    stage: str | None = None
    part_of: str | None = None
    after: str | None = None


def named_before(cue: Cue, text: str) -> bool:
    """Whether ``text`` (what precedes the cue) names the word the cue needs before it (any of
    its ``|`` alternatives); true for a cue that needs none."""
    return cue.after is None or any(word in text for word in cue.after.split("|"))


@dataclass
class Lexicon:
    vocabulary: Vocabulary
    cues: dict[str, Cue]
    cue_re: re.Pattern[str]
    concepts: list[dict[str, str]]
    stage_words: dict[str, str]
    stage_re: re.Pattern[str]
    not_stage_re: re.Pattern[str] | None
    weak_stages: frozenset[str]
    heading_markers: tuple[str, ...]
    generic_concepts: frozenset[int]
    total_markers: tuple[str, ...]
    target_markers: tuple[str, ...]
    not_targets: tuple[str, ...]
    derive: dict[str, list[tuple[str, bool]]]
    none_answers: tuple[str, ...]
    dates: dict[str, dict[str, Any]]
    flags: dict[str, Any]
    grades: dict[str, list[str]]
    metric_concept: dict[str, tuple[int, str]] = field(default_factory=dict)
    unstaged: dict[int, str] = field(default_factory=dict)  # a concept's stage where the text gives none
    kinds: dict[str, frozenset[int]] = field(default_factory=dict)  # a total metric's kinds: budget_procurement → 货物, 工程, 服务
    share_bases: dict[str, str] = field(default_factory=dict)  # the total each share metric is of
    stamp_labels: tuple[str, ...] = ()  # a page's disclosure stamp: 公开时间
    posted_labels: tuple[str, ...] = ()  # a portal's posting stamp: 发布日期 (a self-evaluation page's only)
    approved_labels: tuple[str, ...] = ()  # a page's approval stamp: 批复时间 (its 决算's or budget's)
    adjusted_columns: tuple[str, ...] = ()  # column headers of the budget as adjusted: 全年预算数
    stamp_subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # date metric -> title words

    def concept_metric(self, concept: int, stage: str | None) -> str | None:
        return self.concepts[concept].get(stage or "")

    def counterpart(self, metric: str, stage: str) -> str | None:
        """The same concept's metric at another stage (final_project → budget_project)."""
        found = self.metric_concept.get(metric)
        return self.concept_metric(found[0], stage) if found else None

    def names_base(self, share: str, cue: Cue) -> bool:
        """Whether ``cue`` names the total that the ``share`` metric is a share of."""
        base = self.share_bases.get(share)
        if base is None:
            return False
        return cue.metric == base or (cue.concept is not None and base in self.concepts[cue.concept].values())

    def prior(self, metric: str) -> str | None:
        """Last year's level that ``比上年`` compares ``metric`` with: the prior 决算 of a
        决算 figure, the prior budget of a budget figure (None when the vocabulary has none)."""
        found = self.metric_concept.get(metric)
        stage = {"final": "prev_final", "budget": "prev_budget"}.get(found[1]) if found else None
        return self.concept_metric(found[0], stage) if found and stage else None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _kinds(concepts: list[dict[str, str]], metric_concept: dict[str, tuple[int, str]]) -> dict[str, frozenset[int]]:
    """For each concept's metric, the concepts that are its kinds: each of whose metrics is a metric of
    that total's concept and stage with one word more (budget_procurement_goods of budget_procurement)."""
    found: dict[str, set[int]] = {}
    for number, mapping in enumerate(concepts):
        totals = {stage: metric.rsplit("_", 1)[0] for stage, metric in mapping.items()}
        if all(metric_concept.get(total, (None, None))[1] == stage for stage, total in totals.items()):
            for total in totals.values():
                found.setdefault(total, set()).add(number)
    return {total: frozenset(numbers) for total, numbers in found.items()}


def _strings(entry: Any, where: Any, what: str) -> list[str]:
    if not isinstance(entry, list) or not all(isinstance(x, (str, dict)) for x in entry):
        raise PerfscoreError(Problem(where, f"{what} must be a list of phrases", "[phrase, phrase, …]"))
    return entry


def _after(phrase: dict[str, Any]) -> str | None:
    """The words a cue needs before it, normalised, ``|`` between alternatives."""
    words = [norm(w) for w in str(phrase.get("after", "")).split("|") if w]
    return "|".join(words) or None


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and compile the lexicon; metric ids must exist in the vocabulary."""
    vocabulary = load_vocabulary()
    data: MarkedDict = load_file(path or rules_dir() / "extraction.yaml")

    def known(metric: Any, where: Any) -> str:
        if metric not in vocabulary:
            raise PerfscoreError(Problem(where, f"未知指标 {metric!r}", "rules/metrics.yaml 中的指标编号"))
        return str(metric)

    cues: dict[str, Cue] = {}

    def add(cue: Cue) -> None:
        key = norm(cue.text)
        if len(key) >= 2:
            cues.setdefault(key, Cue(key, cue.concept, cue.metric, cue.stage, cue.part_of, cue.after))

    for metric, phrases in data.get("parts", {}).items():
        where = data["parts"].where(metric)
        for phrase in _strings(phrases, where, "parts"):
            if isinstance(phrase, dict):  # 行政编制 is a part of the 编制 total and names staff_admin
                add(Cue(str(phrase["cue"]), metric=known(phrase.get("own"), where), part_of=known(metric, where)))
            else:
                add(Cue(phrase, part_of=known(metric, where)))
    for metric, phrases in data.get("direct", {}).items():
        for phrase in _strings(phrases, data["direct"].where(metric), "direct"):
            if isinstance(phrase, dict):
                add(Cue(str(phrase["cue"]), metric=known(metric, data["direct"].where(metric)), after=_after(phrase)))
            else:
                add(Cue(phrase, metric=known(metric, data["direct"].where(metric))))
    concepts: list[dict[str, str]] = []
    metric_concept: dict[str, tuple[int, str]] = {}
    unstaged: dict[int, str] = {}
    for number, entry in enumerate(data.get("concepts", [])):
        mapping = {stage: known(m, entry.where("metrics")) for stage, m in entry["metrics"].items()}
        bad = set(mapping) - set(STAGES)
        if bad:
            raise PerfscoreError(Problem(entry.where("metrics"), f"unknown stage {sorted(bad)}", ", ".join(STAGES)))
        concepts.append(mapping)
        if "unstaged" in entry:
            if entry["unstaged"] not in mapping:
                raise PerfscoreError(Problem(entry.where("unstaged"), f"unknown stage {entry['unstaged']!r}",
                                             ", ".join(mapping)))
            unstaged[number] = str(entry["unstaged"])
        for stage, metric in mapping.items():
            metric_concept[metric] = (number, stage)
        for phrase in _strings(entry["cues"], entry.where("cues"), "cues"):
            if isinstance(phrase, dict):  # 货物类 names goods procurement only after 采购
                add(Cue(str(phrase["cue"]), concept=number, after=_after(phrase)))
            else:
                add(Cue(phrase, concept=number))
    for spec in vocabulary.metrics.values():
        if spec.kind not in ("money", "count", "percent", "score") or spec.id in ("year",):
            continue
        for phrase in (spec.zh, *spec.aliases):
            staged = _STAGE_SUFFIX.match(to_halfwidth(phrase))
            if staged:
                add(Cue(staged[1], metric=spec.id, stage=_STAGE_WORD[staged[2]]))
            else:
                add(Cue(phrase, metric=spec.id))
    stage_words = {norm(w): stage for stage in STAGES for w in data["stages"].get(stage, [])}
    return Lexicon(
        vocabulary=vocabulary,
        cues=cues,
        cue_re=re.compile(_alternation(list(cues))),
        concepts=concepts,
        stage_words=stage_words,
        stage_re=re.compile(rf"(?:(?<![\d.,])(?P<year>(?:19|20)\d{{2}})(?:年度?|-度?)?)?(?P<word>{_alternation(list(stage_words))})"),
        not_stage_re=re.compile(_alternation([norm(w) for w in data.get("not_stages", [])])) if data.get("not_stages") else None,
        weak_stages=frozenset(norm(w) for w in data.get("weak_stages", [])),
        heading_markers=tuple(data.get("heading_markers", [])),
        generic_concepts=frozenset(i for i, m in enumerate(concepts)
                                   if set(m.values()) & {"budget_total", "final_total", "budget_income_total",
                                                         "final_income_total", "final_grand_total"}),
        total_markers=tuple(data.get("total_markers", [])),
        target_markers=tuple(data.get("target_markers", [])),
        not_targets=tuple(data.get("not_targets", [])),
        derive={known(k, data["derive"].where(k)): [(known(str(m).rstrip("?"), data["derive"].where(k)), str(m).endswith("?"))
                                                     for m in v]
                for k, v in data.get("derive", {}).items()},
        none_answers=tuple(norm(a) for a in data.get("none_answers", [])),
        dates={known(k, data["dates"].where(k)): dict(v) for k, v in data.get("dates", {}).items()},
        flags=data.get("flags", {}),
        grades={k: [norm(x) for x in v] for k, v in data.get("grades", {}).items()},
        metric_concept=metric_concept,
        unstaged=unstaged,
        kinds=_kinds(concepts, metric_concept),
        share_bases={known(k, data["share_bases"].where(k)): known(v, data["share_bases"].where(k))
                     for k, v in data.get("share_bases", {}).items()},
        stamp_labels=tuple(norm(w) for w in data.get("stamps", {}).get("labels", [])),
        posted_labels=tuple(norm(w) for w in data.get("stamps", {}).get("posted", [])),
        approved_labels=tuple(norm(w) for w in data.get("stamps", {}).get("approved", [])),
        adjusted_columns=tuple(norm(w) for w in data.get("adjusted_columns", [])),
        stamp_subjects={known(k, data["stamps"]["subjects"].where(k)): tuple(norm(w) for w in v)
                        for k, v in data.get("stamps", {}).get("subjects", {}).items()},
    )
