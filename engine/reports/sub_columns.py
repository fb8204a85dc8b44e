"""Column names of a two-level header printed flat: one name per figure, or None when unsure.

A table whose column ``公务用车购置及运行费`` is split into ``小计 | 购置费 | 运行费`` prints its
header as two rows; copied flat, the names come first-row first (``合计 | 因公出国(境)费 |
公务用车购置及运行费 | 公务接待费``) and the second row after them (``小计 | 购置费 | 运行费``),
while the figures follow the columns in order: the split column's subtotal, its parts, then the
columns after it. A split column with no subtotal (``比上年增、减情况`` over ``增、减额 | 增、减幅度``) gives
way to its parts. A group printed in one row names its subtotal right after itself
(``公车购置及运行维护费 | 合计 | 车辆购置 | 车辆运行``). Two split columns print their second rows one
after the other, each opening with its 小计.

:func:`flat_columns` places each name over its figure. The parent of the parts is the one
first-row name they share a run of two characters or more with, their 费/经费/支出 tails left
out (``公务用车`` of ``公务用车购置费``, ``购置`` of ``购置费`` in ``公务用车购置及运行费``); of
several, the one sharing the longest run. No parent, two equally likely ones, or counts that do not add up give
None: a row read against shifted columns would put a figure under the wrong name, which is
worse than reading nothing.

Imports nothing of the package: it works on lists of names.
"""

from __future__ import annotations

import re
from typing import Callable

SUBTOTALS = ("小计", "合计")
_RELATED = 1000  # a share the caller knows of outweighs any run of characters
_TAIL = re.compile(r"(?:经费|费用|支出|费)$")


def flat_columns(names: list[str], count: int, *, first_is_total: bool = True,
                 related: Callable[[str, str], bool] | None = None) -> list[str] | None:
    """One name per figure for ``count`` figures under the flat header ``names``, the split
    column named as its parent (its subtotal's figure) and its parts after it; None when the
    header cannot be matched one to one. ``first_is_total``: a leading 合计 is the table's total,
    not the subtotal of a split. ``related(part, name)`` may say what the names cannot (the
    vocabulary knows 运行费 is a share of 公务用车费): such a name is the parent."""
    start = 1 if first_is_total else 0
    split = next((k for k in range(max(start, 1), len(names)) if names[k] in SUBTOTALS), None)
    if split is None:
        return names if len(names) == count else _group_without_subtotal(names, count, start)
    first, parts = names[:split], names[split + 1:]
    if any(p in SUBTOTALS for p in parts):
        return _several_splits(names, split, count, start, related)
    if not parts:
        return None
    while len(first) + len(parts) > count:
        short = next((k for k in range(len(first) - 1) if len(first[k]) <= 2 and first[k] not in SUBTOTALS), None)
        if short is None:
            return None
        first[short:short + 2] = [first[short] + first[short + 1]]  # 公务 / 接待费: a name cut over two lines
    if len(first) + len(parts) != count:
        return None
    k = _parent(first, parts, skip=start, related=related)
    if k is not None:
        return first[:k + 1] + parts + first[k + 1:]
    # 公车购置及运行维护费 | 合计 | 车辆购置 | 车辆运行 | 公务接待费: a group printed in one row,
    # its parts right after its subtotal and the other columns after them
    run = 0
    while run < len(parts) and _belongs(parts[run], first[-1]):
        run += 1
    if run and _parent(first, parts[:run], skip=start) == len(first) - 1:
        return first + parts
    return None


def _several_splits(names: list[str], split: int, count: int, start: int,
                    related: Callable[[str, str], bool] | None) -> list[str] | None:
    """Two or more split columns printed flat (``合计 | 因公出国(境)费 | 公务用车购置及运行费 | 公务接待费``
    then ``小计 | 购置费 | 运行费`` and ``小计 | 行政运行 | 其他…``): the groups split the last first-row names
    in order, each placed right after its parent. A group whose parts share a name with another
    first-row name than its place gives, or counts that do not add up, give None."""
    first = names[:split]
    cuts = [k for k in range(split, len(names)) if names[k] in SUBTOTALS] + [len(names)]
    groups = [names[a + 1:b] for a, b in zip(cuts, cuts[1:])]
    if any(not group for group in groups) or len(first) + sum(map(len, groups)) != count \
            or len(first) - len(groups) < max(start, 1):
        return None
    parents = list(range(len(first) - len(groups), len(first)))
    for parent, group in zip(parents, groups):
        named = _parent(first, group, skip=start, related=related)
        if named is not None and named != parent:
            return None
    placed = dict(zip(parents, groups))
    return [name for k, head in enumerate(first) for name in [head, *placed.get(k, [])]]


def _group_without_subtotal(names: list[str], count: int, skip: int) -> list[str] | None:
    """A split column with no figure of its own, its parts printed after the first row
    (``2023年决算数 | 2022年决算数 | 比上年增、减情况`` over ``增、减额 | 增、减幅度``, four figures): the
    parts take its place, each named with it (``比上年增、减情况 增、减额``), since a part's name alone
    (增、减额) does not say what it compares. The parts are the shortest run of last names that all
    belong to one first-row name more than to any other."""
    if len(names) - 1 != count:
        return None
    for cut in range(len(names) - 2, skip, -1):
        first, parts = names[:cut], names[cut:]
        k = _parent(first, parts, skip=skip)
        if k is not None:
            return first[:k] + [f"{first[k]} {part}" for part in parts] + first[k + 1:]
    return None


def _parent(first: list[str], parts: list[str], skip: int = 0,
            related: Callable[[str, str], bool] | None = None) -> int | None:
    """The index of the one name in ``first`` (after the first ``skip``) every part belongs to;
    of several, the one sharing the longest run of characters with the parts, when it alone does."""
    def share(part: str, name: str) -> int:
        return _RELATED if related is not None and related(part, name) else _shared(part, name)

    shares = {k: min(share(part, first[k]) for part in parts) for k in range(skip, len(first))
              if first[k] not in SUBTOTALS}
    best = max(shares.values(), default=0)
    top = [k for k, share in shares.items() if share == best]
    return top[0] if best >= 2 and len(top) == 1 else None


def _belongs(part: str, parent: str) -> bool:
    """Whether ``part`` names a share of ``parent``: their names without 费/经费/支出 share a run
    of two characters or more (``购置`` of ``车辆购置`` and ``公车购置及运行维护费``)."""
    return parent not in SUBTOTALS and _shared(part, parent) >= 2


def _shared(a: str, b: str) -> int:
    """The longest run of characters ``a`` and ``b`` share, their 费/经费/支出 tails left out."""
    a, b = _TAIL.sub("", a).replace("、", ""), _TAIL.sub("", b).replace("、", "")  # 增、减额 of 增减情况
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def sibling_part(names: list[str], cell: str) -> bool:
    """Whether ``cell`` is one more part of a split column whose first part ends ``names`` (``增、减幅度``
    after ``比上年增、减情况`` / ``增、减额``): a column name, though figures follow it."""
    return len(names) >= 2 and any(_belongs(names[-1], name) and _belongs(cell, name) for name in names[:-1])


def grouped_columns(names: list[str], count: int) -> tuple[list[str], list[str]] | None:
    """Groups over the same parts each, printed flat: ``2010年决算数 | 2011年预算数`` over ``合计 |
    因公出国(境)费 | 公务用车购置及运行费 | 公务接待费`` twice, the figures group by group. The group
    names and the parts (once), or None unless the names after two to four groups repeat one run
    of two or more parts exactly, once per group, and the figures count every group's parts. Names
    a copy cut over two lines (``公务用车购`` / ``置及运行费``, ``公务`` / ``接待费``) are joined first
    when the names do not repeat as printed."""
    for groups in range(2, 5):
        parts, left = divmod(count, groups)
        if left or parts < 2:
            continue
        heads = names[:groups]
        cells = [re.sub(r"\s+", "", n) for n in names[groups:]]
        if len(cells) != count:
            cells = joined_names(cells)
        if len(cells) == count and all(cells[k] == cells[k % parts] for k in range(count)) \
                and not set(heads) & set(cells):
            return heads, cells[:parts]
    return None


_OPEN_NAME = re.compile(r"(?:费|计|出|额|数|金)$")  # how a whole column name ends; 因公出国 / (境)费 is cut


def joined_names(names: list[str]) -> list[str]:
    """Column names with each one a copy cut over two lines joined (``因公出国`` / ``(境)费``, ``公务用车`` /
    ``购置费``): a name that opens with a bracket, or follows one that does not end as a column's name does."""
    joined: list[str] = []
    for name in names:
        if joined and (name.startswith(("(", "（")) or not _OPEN_NAME.search(joined[-1])
                       and joined[-1] not in SUBTOTALS):
            joined[-1] += name
        else:
            joined.append(name)
    return joined
