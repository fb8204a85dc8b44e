"""Whether a score a self-evaluation states is one criterion's, not the department's total.

A self-evaluation scores each criterion against its weight (``预算执行率(10分):…,得分9.8分``,
``产出指标(50分):得分48分``, ``预算执行率得分18分``) before it states the total (``自评得分为95.5分``,
``合计得分95分``). A score is a criterion's when its sentence names a weight under 100 points before
it (``(20分)``, ``(满分10分)``), unless the words right before its name total the criteria (合计, 总,
综合, 最终); when its bare name (得分) follows an indicator's name (…率, …指标, 产出, 效益); and a
figure in parentheses after the name (``得分 (20分*执行率)``), or one a formula goes on from, is a
weight, no score.

Imports nothing of the package: it works on the normalised text of one sentence.
"""

from __future__ import annotations

import re

_WEIGHT = re.compile(r"\((?:满分|权重|分值)?(\d{1,2}(?:\.\d+)?)分\)")  # (20分), (满分10分): a criterion's weight
_TOTALLED = re.compile(r"(?:合计|总计|共计|总|综合|最终|整体|累计)$")
_BARE = "得分"
# 预算执行率得分, 产出指标得分, 效益得分: an indicator's name right before the bare 得分
_INDICATOR = re.compile(r"(?:率|指标|情况|性|度|管理|效益|效果|产出|过程|决策|投入|目标|质量|时效|成本|制度)$")
_FORMULA_AFTER = re.compile(r"[*×xX/÷]")


def is_criterion_score(text: str, sentence_start: int, cue_start: int, cue_end: int, cue: str,
                       figure_start: int, figure_end: int) -> bool:
    """Whether the score at ``figure_start:figure_end`` of ``text``, named by ``cue`` at
    ``cue_start:cue_end`` in the sentence opening at ``sentence_start`` (the caller bounds how far
    back that reaches), is a criterion's or a weight."""
    if "(" in text[cue_end:figure_start] or _FORMULA_AFTER.match(text, figure_end):
        return True  # 得分 (20分*执行率): the weight, and how the score is worked out
    before = text[max(sentence_start, cue_start - 4):cue_start]
    if _TOTALLED.search(before):
        return False
    if any(float(weight[1]) < 100 for weight in _WEIGHT.finditer(text, sentence_start, cue_start)):
        return True
    return cue == _BARE and bool(_INDICATOR.search(before))
