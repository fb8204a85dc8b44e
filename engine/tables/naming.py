"""What a table header means: units stripped, columns that are plainly not metrics, and a did-you-mean that never crosses meaning.

A bureau's sheet carries columns beside the figures (``序号``, ``备注``, ``联系人`` …): they
are skipped without a word. Any other header the vocabulary does not know is skipped with
one warning, and a suggestion is offered only when a known label has the same *meaning
tokens* (stage: 年初/调整/决算 …; object: 三公/公用/编制 …; kind: 率/人数 …) — so
``年初预算数`` is never pointed at ``全年预算数`` (the adjusted budget), a money figure never
at another money figure. Pure functions over strings: no pandas, no files.

May import: the shared leaves (``units``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping

from ..units import to_halfwidth

# Columns that are plainly not metrics, skipped silently (compared after normalising: no spaces, half-width).
SKIP_HEADERS = frozenset({
    "序号", "编号", "行次", "栏次", "备注", "附注", "说明", "情况说明", "备注说明", "联系人", "部门联系人", "联系电话",
    "联络电话", "电话", "手机", "邮箱", "电子邮箱", "填报人", "填表人", "制表人", "审核人", "负责人", "单位负责人",
    "财务负责人", "项目负责人", "经办人", "填报日期", "填表日期", "预算编码", "单位编码", "部门编码", "单位代码",
    "部门代码", "统一社会信用代码", "地址", "通讯地址", "原因", "原因说明", "偏差原因", "偏差原因分析", "未完成原因分析",
    "佐证材料", "数据来源", "no", "no.", "#", "index", "remark", "remarks", "note", "notes",
})
_IGNORED = str.maketrans("", "", " \t\r\n\u3000“”\"'‘’")
# A unit at the end of a header: （元） (万元) 【单位：万元】 /人 % ％ (%) ; a leading "单位：" inside brackets is allowed.
_UNITS = "亿元|万元|千元|元|人|个|项|次|天|分|%|％"
_UNIT_TAIL = re.compile(rf"\s*(?:[(（\[【]\s*(?:单位\s*[:：]?\s*)?[^()（）\[\]【】]{{0,6}}[)）\]】]|[/／]\s*(?:{_UNITS})|[%％])\s*$")
SLASH_MONEY_UNIT = re.compile(r"[/／]\s*(亿元|万元|千元|元)\s*$")
# A line above the table naming the money unit of its figures: 单位：万元, 金额单位：元 …
UNIT_LINE = re.compile(r"单位\s*[:：]\s*(亿元|万元|千元|元)\s*$")
# Tokens that carry a header's meaning; two headers mean the same only when their tokens are the same.
_MEANING_TOKENS = (
    # stage of a figure
    "年初", "调整", "全年", "追加", "决算", "执行", "实际", "完成", "上年", "本年", "年末", "年初", "预算", "批复",
    "计划", "目标", "既定", "考核时点", "支付",
    # object
    "三公", "出国", "用车", "公车", "接待", "公用", "基本", "项目", "采购", "基金", "结转", "结余", "固定资产",
    "原值", "净值", "折旧", "编制", "在职", "在编", "实有", "离退休", "满意", "重点", "交办", "质量", "按时",
    "收入", "自评", "得分", "等级", "公开", "制度", "审计", "资产", "部门", "地区", "年度",
    # kind
    "率", "人数", "个数", "日期", "时间", "是否",
)
_TOKEN_RE = re.compile("|".join(sorted({re.escape(t) for t in _MEANING_TOKENS}, key=len, reverse=True)))


def normal(text: str) -> str:
    """A header as compared: half-width, no spaces or quotation marks, lower case (Latin)."""
    return to_halfwidth(str(text)).translate(_IGNORED).lower()


def strip_unit(text: str) -> str:
    """The header without a trailing unit (``决算数（元）`` → ``决算数``, ``满意度%`` → ``满意度``)."""
    stripped = _UNIT_TAIL.sub("", text)
    return stripped if stripped.strip() else text


def is_skipped(header: str) -> bool:
    """A column that is plainly not a metric (序号, 备注, 联系人 …), skipped without a warning."""
    key = normal(header)
    return key in SKIP_HEADERS or normal(strip_unit(header)) in SKIP_HEADERS


def meaning(text: str) -> tuple[str, ...]:
    """The sorted meaning tokens of a header (units stripped)."""
    return tuple(sorted(_TOKEN_RE.findall(normal(strip_unit(text)))))


def suggest_same_meaning(header: str, labels: Mapping[str, str]) -> str | None:
    """A known label (of ``labels``: label → what to show) close to ``header`` *and* of the same meaning, or None.

    Headers with meaning tokens are matched only to labels with the very same tokens; headers
    without any (a mistyped metric id such as ``staff_actuall``) only to labels without any."""
    tokens = meaning(header)
    base = normal(strip_unit(header))
    same = [label for label in labels if meaning(label) == tokens]
    keys = {normal(strip_unit(label)): label for label in same}
    close = difflib.get_close_matches(base, list(keys), n=1, cutoff=0.6)
    return labels[keys[close[0]]] if close else None


def unit_line(cells: Iterable[object]) -> str | None:
    """The money unit a line above a table states (``单位：万元`` → ``万元``), or None."""
    for cell in cells:
        if isinstance(cell, str):
            match = UNIT_LINE.search(to_halfwidth(cell).replace(" ", ""))
            if match:
                return match[1]
    return None
