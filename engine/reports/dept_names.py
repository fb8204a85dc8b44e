"""Whether printed words are a department's name, the name they hold, and the region it names.

A report names its department in its title (after its year, or before it) or on the line that signs
it. Pages print other things in those places: a bullet or a page's tag before the name (``•``,
``[有效性]``), a field's label (``评价单位(公章):``), contents run into it (``机构设置第二部分中国气象局``),
the subject after it (``…服务中心预算执行情况``), and, at a page's foot, its links and stamps
(``返回顶部``, ``新闻中心``, ``来源:办公室``). The functions here strip the first kind and refuse the
second, so no such words reach a scorecard as the department. Texts come in normalised
(``lexicon.norm``); this module imports only the standard library.
"""

from __future__ import annotations

import re

ORG_WORDS = r"(?:局|委员会|委|办公室|办|厅|院|中心|部|所|站|馆|会|处)"  # the words an organisation's name ends with
_ORG_END = re.compile(rf"{ORG_WORDS}$")
# what else a unit's name ends with: a government, a school or university, a kindergarten, a team, a farm,
# a press, a station, a federation (残联, 科协), a court's tribunal, a town
_NAME_END = re.compile(rf"(?:{ORG_WORDS}|政府|党委|校|学|园|队|场|社|台|公司|联|协|庭|镇|乡|街道)$")
# 2022年度本|部门支出, 2020年度机关整体支出, 2022年度部门(单位)整体支出: the words name no one
_NO_NAME = re.compile(r"^(?:本?部门|本?单位|我[局委办院部]?|本|该|全[市县区省]|机关|部门\(单位\)|单位\(部门\))?$")
# before a name: bullets, boxes, and a page's bracketed tags ([有效性], 【转载】)
_MARKS_BEFORE = re.compile(r"^(?:[•·●○□■◆◇▪▫\-*]|\[[^\]]{1,8}\]|【[^】]{1,8}】)+")
_CONTENTS_BEFORE = re.compile(r"^.{0,30}?第[一二三四五六七八九十]+部分")  # 机构设置第二部分中国气象局
# 关于北京市水务局2021年部门决算的说明 (a notice's 关于), 主动公开… (an index's kind of disclosure), 要闻… (a column)
_WORDS_BEFORE = re.compile(r"^(?:关于|主动公开|依申请公开|要闻|首页)")
_LABEL = re.compile(r"^([^:]{1,12}):")
_NAME_LABEL = re.compile(r"单位|部门|名称")  # 评价单位(公章):, 部门:, 单位名称: label the name; 来源:, 作者: a page's own
# 城关镇社区卫生服务中心预算执行情况(绩效自评): what the title evaluates, after the name
_SUBJECT_AFTER = re.compile(r"(?:预算执行情况|预算执行|财政支出|预算|决算|支出)+$")
# 第一部 (a part's heading cut short), 从预算单位构成看… (a sentence), 返回顶部 (a page's link), 年政府 (2022年度年政府决算: a year's stray 年)
_NOT_A_START = re.compile(r"^(?:第[一二三四五六七八九十\d]|从|在|对|按|返回|年|度)")
# a place or a national body: a signature names the unit in full (南漳县招商服务中心, 国家粮食局, 山东科技职业学院);
# 新闻中心 alone at a page's foot is its site's menu
_PLACE = re.compile(r"省|市|县|区|旗|州|盟|镇|乡|街道|村|^(?:国家|中国|中华|全国|中共|中央)|^(?:北京|天津|上海|重庆|河北|山西|"
                    r"辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|"
                    r"台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)")


def _stripped(words: str) -> str | None:
    """The words without what a page prints around a name; None where a label shows they are no name."""
    words = _MARKS_BEFORE.sub("", words)
    words = _WORDS_BEFORE.sub("", _CONTENTS_BEFORE.sub("", words))
    label = _LABEL.match(words)
    if label is not None:
        if not _NAME_LABEL.search(label[1]):
            return None  # 来源:区文化和旅游局: the office that posted the page
        words = words[label.end():]
    return words


def _plausible(name: str) -> bool:
    return not (_NO_NAME.match(name) or _ORG_END.fullmatch(name) or _NOT_A_START.match(name) or re.search(r"\d", name))


def from_title(words: str) -> str | None:
    """The name a title prints after its year (``2022年度永兴县水利局部门整体支出…``)."""
    name = _stripped(words)
    if name is None:
        return None
    name = _SUBJECT_AFTER.sub("", name) or name
    return name if _plausible(name) and _NAME_END.search(name) else None


def before_title(words: str) -> str | None:
    """The name a title prints before its year, or the line above it holds."""
    name = _stripped(words)
    return name if name is not None and _plausible(name) and _NAME_END.search(name) else None


def from_signature(line: str) -> str | None:
    """The name on a line at the text's end (a 落款, or a form's ``部门:`` line)."""
    if len(line) > 25 or not _ORG_END.search(line):
        return None
    name = _stripped(line)
    return name if name is not None and _plausible(name) and _PLACE.search(name) else None


# a party's, a political consultative conference's or a youth league's committee, or a body since renamed (原…):
# the place follows (中共寻甸回族彝族自治县委…, 中国人民政治协商会议山西省稷山县委员会)
_BODY_BEFORE = re.compile(r"^(?:中国共产党|中共|中国人民政治协商会议|政协|中国共产主义青年团|共青团|原)")
# the place a name starts with, to its first county-level or higher ending; a 社区 is a neighbourhood, no region
_LOCALITY = re.compile(r"^((?:.*?(?:自治区|省))?.*?(?:市|县|(?<!社)区|旗))")
_BARE_LEVEL = re.compile(r"^(?:市|县|区|旗|自治区|省)$")  # 市教育局, 县委宣传部, 自治区政协办公厅: the level, not the place
_PROVINCE_KIND = re.compile(r"(?:省|壮族自治区|回族自治区|维吾尔自治区|自治区)$")


def region_of(name: str, province: str | None) -> tuple[str, bool] | None:
    """The region a department's name starts with (南县财政局 → 南县), under the province the text
    names most where the name leaves it out (湖南省南县; ``True`` when so inferred); None where the
    name names no place."""
    locality = _LOCALITY.match(_BODY_BEFORE.sub("", name))
    if locality is None:
        return None
    region = locality[1]
    if _BARE_LEVEL.match(region):
        return (province, True) if province is not None and region in ("省", "自治区") else None
    if province is None or region.endswith("省") or region.startswith(_PROVINCE_KIND.sub("", province)):
        return region, False
    return province + region, True
