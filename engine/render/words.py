"""The words a person reads about a profile: what its keys, settings and parameters are called, and what a coded
value means, in Chinese.

One vocabulary for every renderer that shows a rubric's settings: ``perfscore diff`` (each changed key and value,
:mod:`.diff`) and ``perfscore explain`` (a profile's parameters, :mod:`.explain_profile`) name the same key with
the same word. :func:`value_text` spells a YAML value of a profile (``above`` under ``direction`` → 高于阈值扣分,
``true`` → 是, a mapping as its keys' names and values); figures of a score are :mod:`.numfmt`'s.

May import: the render helpers only.
"""

from __future__ import annotations

from typing import Any

from .numfmt import points_text

FIELD_NAMES = {
    "threshold": "阈值", "direction": "方向", "per": "每档幅度", "deduct": "每档扣分", "partial": "不足一档的部分",
    "floor": "最低得分", "range": "区间", "points": "分值", "label": "说明", "target": "目标值", "cutoff": "起评线",
    "when": "条件", "otherwise": "其余情形", "name": "名称", "shape": "评分方式", "domain": "取值范围",
    "max_deduct": "最多扣分", "default_in_tier": "只给档次时的得分", "require_note": "须附说明", "qualitative": "定性档次",
    "short_rule": "未达目标的计分", "aliases": "别名", "indicator": "指标口径", "formula": "计算公式", "unit": "单位",
    "missing": "缺数据时", "not_applicable": "不适用时", "goal_table": "目标表", "by": "按参数", "cases": "公式分支",
    "scoring": "评分标准", "id": "编号", "kind": "类型", "reason": "理由", "cap": "等级上限", "min": "下限",
    "max": "上限", "grade": "等级", "parameters": "读取的参数", "choose": "择项",
}
SETTING_NAMES = {
    ("rounding", "ratio"): "比率保留小数位", ("rounding", "points"): "各项得分保留小数位",
    ("rounding", "total"): "总分保留小数位", ("defaults", "missing"): "缺数据时的默认处理",
    ("defaults", "not_applicable"): "不适用时的默认处理", ("defaults", "partial_steps"): "不足一档部分的默认处理",
    ("grade_gap",): "两档之间的总分定级", ("self_check", "max_gap"): "自评差额上限",
    ("self_check", "grade_mismatch"): "自评等级不符时提示",
}
PARAMETER_NAMES = {"sangong_basis": "“三公”经费变动率口径", "disclosure_days": "预决算公开时限（天）",
                   "disclosure_day_type": "公开时限的天数口径"}
POLICY_WORDS = {"zero": "得0分", "exclude": "剔除后折算", "error": "不予评分", "manual": "待评价人评分", "full": "得满分"}
STEP_WORDS = {"ceil": "按一档计", "floor": "不计", "prorata": "按比例计"}
# What a coded value means, by the key that holds it (one word may mean different things under different keys).
VALUE_WORDS: dict[str, dict[str, str]] = {
    "direction": {"above": "高于阈值扣分", "below": "低于阈值扣分", "higher": "越高越好", "lower": "越低越好"},
    "partial": STEP_WORDS, "partial_steps": STEP_WORDS, "missing": POLICY_WORDS, "not_applicable": POLICY_WORDS,
    "shape": {"linear_deduct": "按超出幅度扣分", "coarse_step": "按档扣分", "bands": "分档", "proportional": "按比例",
              "states": "按情形", "per_occurrence": "按次扣分", "checklist": "逐项检查", "either_or": "二选一",
              "tiered": "评价人分档", "manual": "评价人评分"},
    "short_rule": {"proportional": "按完成比例计分", "zero": "不得分"},
    "grade_gap": {"round": "总分四舍五入到整数后定级", "lower": "就低定级"},
    "sangong_basis": {"budget": "预算数", "final": "决算数"},
    "disclosure_day_type": {"calendar": "日历日", "working": "工作日"},
    "kind": {"grade_cap": "一票否决（等级上限）", "bonus": "加减分"},  # of an adjustment
}

CASE_WORDS = {**VALUE_WORDS["sangong_basis"], **VALUE_WORDS["disclosure_day_type"]}


def value_text(value: Any, key: str | int | None = None) -> str:
    """A profile's value as a person reads it; ``key``: the key that holds it (a coded word means what it means there)."""
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return points_text(float(value))
    if isinstance(value, str):
        return VALUE_WORDS.get(str(key), {}).get(value, value)
    if isinstance(value, dict):
        return "，".join(f"{FIELD_NAMES.get(str(k), k)} {value_text(v, k)}" for k, v in value.items()
                        if k not in ("id", "note"))
    if isinstance(value, list):
        return "；".join(value_text(v) for v in value)
    return str(value)


# An audit rule's fields (rubric.audit_diff.FIELDS) and the severity of the flag it raises.
AUDIT_FIELD_NAMES = {
    "name": "名称", "category": "适用的问题类别", "severity": "适用的问题性质", "amount_at_least": "单笔金额下限（万元）",
    "on_flag": "触发它的标记", "deduct_criterion": "扣分的评分项", "deduct_points": "每例扣分", "deduct_max": "最多扣分",
    "flag": "发出的标记", "grade_cap": "等级上限",
}
FLAG_SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def audit_value_text(value: Any, field: str) -> str:
    """One field of an audit rule in words (:func:`.rubric.audit_diff.rule_words` gives the values)."""
    if field in ("category", "severity"):
        return "、".join(value) if value else "（不限）"
    if field == "flag":
        return f"「{value['message']}」（{FLAG_SEVERITY_WORDS.get(value['severity'], value['severity'])}）" if value \
            else "（无）"
    if field == "deduct_max" and value is None:
        return "（不限）"
    if field in ("on_flag", "deduct_criterion") and value is not None:
        return f"「{value}」"
    return value_text(value)


def audit_rule_text(rule: dict[str, Any]) -> str:
    """What an audit rule does, as one sentence: its condition, then each effect (deduction, flag, grade cap)."""
    if rule["on_flag"] is not None:
        condition = f"发出标记「{rule['on_flag']}」时"
    else:
        tests = [f"类别为{'、'.join(rule['category'])}" if rule["category"] else "任一类别"]
        if rule["severity"]:
            tests.append(f"性质为{'、'.join(rule['severity'])}")
        if rule["amount_at_least"] is not None:
            tests.append(f"单笔金额不低于 {value_text(rule['amount_at_least'])} 万元")
        condition = f"审计发现{'、'.join(tests)}的问题时"
    effects = []
    if rule["deduct_criterion"] is not None:
        most = "" if rule["deduct_max"] is None else f"，最多扣 {value_text(rule['deduct_max'])} 分"
        effects.append(f"每例从「{rule['deduct_criterion']}」扣 {value_text(rule['deduct_points'])} 分{most}")
    if rule["flag"] is not None:
        effects.append(f"发出标记{audit_value_text(rule['flag'], 'flag')}")
    if rule["grade_cap"] is not None:
        effects.append(f"等级最高为{rule['grade_cap']}")
    return f"{condition}，{'，'.join(effects or ['不作处理'])}"
