"""Renders the way to the next grade (:func:`perfscore.engine.evaluate.whatif_layout.records`) as Chinese text for
an 80-column terminal and as JSON, written a department at a time; its sentences are the ones the CSV
(:mod:`.whatif_csv`) spells column-wise.

Every sentence says the change in the input's own unit (个百分点 for a percentage, 万元, 人 …) and the
points it brings; nothing here computes a score. May import: the shared leaves and ``render`` siblings.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

from . import jsontext
from .numfmt import points_text
from .textwidth import width as text_width, wrap

KIND_TEXT = {"data": "可由数据改变", "condition": "需满足评分条件", "assessor": "评价人员评定",
             "missing": "缺少数据", "na": "不适用", "full": "已满分", "goals": "个性指标"}


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text + unit


def _delta(before: float, after: float, unit: str) -> str:
    change = after - before
    word = "提高" if change > 0 else "降低"
    if unit == "%":
        return f"{word} {abs(change):.2f}".rstrip("0").rstrip(".") + " 个百分点"
    word = "增加" if change > 0 else "减少"
    return f"{word} {abs(change):.2f}".rstrip("0").rstrip(".") + (f" {unit}" if unit else "")


def move_text(record: dict[str, Any], which: str) -> str:
    """``预算完成率需提高 3.2 个百分点（至 95%）可多得 2 分：决算支出合计由 … 增至 …``."""
    move = record.get(which)
    if move is None:
        return ""
    gain = points_text(move["gain"])
    name = record["name"]
    if record.get("items") is not None:
        if which == "next":
            item = next(item for item in record["items"] if item["item"] == move["item"])
            return f"做到{item_text(item)}可多得 {gain} 分"
        return f"全部做到{'、'.join(item_text(item) for item in record['items'])}可多得 {gain} 分"
    unit = record["unit"]
    reached = f"，达到“{move['label']}”" if move.get("label") else ""
    if move["value"] is None or record["value"] is None:
        return f"{name}达到“{move['label']}”可多得 {gain} 分" if move.get("label") else ""
    text = f"{name}需{_delta(record['value'], move['value'], unit)}（至 {_figure(move['value'], unit)}{reached}）" \
           f"可多得 {gain} 分"
    if move.get("input") is not None and move["input_before"] is not None:
        text += (f"：{move['input_name']}由 {_figure(move['input_before'], move['input_unit'])} "
                 f"{'增至' if move['input_after'] > move['input_before'] else '减至'} "
                 f"{_figure(move['input_after'], move['input_unit'])}")
    else:
        text += "（直接调整该指标值）"
    return text


def item_text(item: dict[str, Any]) -> str:
    """A checklist item to meet, with the date that meets it for a deadline item (``…提前至 2025-08-14``)."""
    text = f"“{item['name']}”"
    if not item.get("deadline"):
        return text
    days = " 个工作日" if item["working_days"] else " 天"
    if item.get("input_after"):
        return (text + f"（{item['date_name']}由 {item['input_before']} 提前至 {item['input_after']}，"
                f"现逾期 {item['late']}{days}）")
    if item.get("late"):
        return text + f"（现逾期 {item['late']}{days}；该日期由评分方案计算，无法直接给出应改的日期）"
    return text + "（按日期判断：缺少日期，补齐后才能算出应在哪天之前完成）"


def _points_moved(entry: dict[str, Any]) -> str:
    gain = entry["gain"]
    if not gain:
        return f"{entry['name']}得分不变"
    return f"{entry['name']}{'可多得' if gain > 0 else '少得'} {points_text(abs(gain))} 分"


def plan_line_text(line: dict[str, Any], records: dict[str, dict[str, Any]]) -> str:
    """One change of the plan: a criterion's best move in its own words (``move_of``), or the inputs changed and
    every criterion they move with the points it gains there (``决算支出合计由 … 增至 …：预算完成率可多得 2 分，…``)."""
    if line["move_of"] is not None:
        return move_text(records[line["move_of"]], "full")
    inputs = "，".join(f"{i['input_name']}由 {_figure(i['input_before'], i['input_unit'])} "
                      f"{'增至' if i['input_after'] > i['input_before'] else '减至'} "
                      f"{_figure(i['input_after'], i['input_unit'])}" for i in line["inputs"])
    return f"{inputs}：{'，'.join(_points_moved(entry) for entry in line['criteria'])}"


_DIRECTION = {">=": "≥", "<=": "≤", "=": "="}


def goals_text(record: dict[str, Any]) -> str:
    """A goal table (个性指标): the points open, that its rows are scored one by one, and the rows losing points."""
    opened = f"尚缺 {points_text(record['open'])} 分" if record.get("open") is not None else "有失分"
    if "goal_rows" not in record:
        return (f"个性指标按部门目标表逐行评分（每行以实际完成值对照年度指标值），{opened}；"
                "本命令不逐行计算改动量，请对照各目标行的年度指标值")
    head = f"个性指标按部门目标表逐行评分（共 {record['goal_rows']} 行，每行以实际完成值对照年度指标值），{opened}"
    if not record["goal_rows_lost"]:
        return head + "；各行均未失分（差额来自分值的舍入）"
    named = "、".join(
        f"“{row['indicator']}”（年度指标值 {_DIRECTION.get(row['direction'], '')}{_goal_figure(row['target'], row['unit'])}，"
        f"实际完成 {_goal_figure(row['actual'], row['unit'])}，失 {points_text(row['lost'])} 分）"
        for row in record["goal_rows_lost"])
    more = f"等 {record['goal_rows_short']} 行" if record["goal_rows_short"] > len(record["goal_rows_lost"]) else ""
    return f"{head}；失分的目标行：{named}{more}"


def _goal_figure(value: float | str | None, unit: str) -> str:
    if value is None:
        return "未填"
    return str(value) if isinstance(value, str) else _figure(value, unit)


def criterion_text(record: dict[str, Any]) -> str:
    kind = record["kind"]
    if kind == "data":
        return move_text(record, "next") or move_text(record, "full")
    if kind == "assessor":
        return "由评价人员评定，不能通过填报数据改变"
    if kind == "missing":
        missing = record.get("missing") or "缺少数据：未填报"
        return f"{missing}；补齐后按实际情况评分"  # the reason already says 缺少数据：…
    if kind == "goals":
        return goals_text(record)
    return "需满足评分标准的条件，无法由数据直接求出改动量"


def plan_text(dept: dict[str, Any]) -> str:
    target, label = dept["target"], dept["target_label"]
    if target is None:
        return "已达到目标等级，无需改动。" if dept["grade"] != "优" else f"已是最高等级“{dept['grade_label']}”。"
    if dept["capped"]:
        reasons = "；".join(dept["cap_reasons"]) or "等级上限"
        return f"受等级上限限制（{reasons}），最高只能评为“{dept['cap_label']}”，无论数据如何改动都达不到“{label}”。"
    if dept["reached"]:
        return (f"最少改动 {len(dept['plan'])} 项即可达到“{label}”（≥{points_text(dept['target_minimum'])} 分），"
                f"改后总分 {points_text(dept['reached_total'])}：")
    rest = [f"{words}尚缺 {points_text(dept['open_by_kind'][kind])} 分"
            for kind, words in (("assessor", "评价人员评定的指标"), ("goals", "个性指标（部门目标表）"),
                                ("missing", "缺少数据的指标"), ("condition", "需满足评分条件的指标"))
            if dept["open_by_kind"].get(kind)]
    tail = f"；其余失分：{'，'.join(rest)}" if rest else ""
    return (f"即使可由数据改变的指标全部达到满分，总分也只有 {points_text(dept['reached_total'])}，"
            f"达不到“{label}”（≥{points_text(dept['target_minimum'])} 分）{tail}。")


_NUMBER_AT_END = re.compile(r"[0-9][0-9.,]*$")
_UNIT_FIRST = tuple("人个项辆次件家天万元%")


def _keep_units(lines: list[str]) -> list[str]:
    """A number never ends a line whose next line begins with its unit (``20`` / ``项``): the number goes down."""
    out = list(lines)
    for k in range(len(out) - 1):
        number = _NUMBER_AT_END.search(out[k])
        if number and number.start() > 0 and out[k + 1].lstrip(" ").startswith(_UNIT_FIRST):
            out[k], out[k + 1] = out[k][:number.start()], number.group() + out[k + 1].lstrip(" ")
    return out


def to_text(depts: list[dict[str, Any]], columns: int = 80) -> str:
    lines: list[str] = []
    width = max(columns, 40)

    def put(text: str, indent: str = "", hang: str = "") -> None:
        room = width - max(len(indent), len(hang))
        wrapped = wrap(text, room)
        if any(text_width(line) > room for line in wrapped):  # closing punctuation kept on its line ran over
            wrapped = wrap(text, room - 2)
        wrapped = _keep_units(wrapped)
        for k, line in enumerate(wrapped):
            lines.append((indent + line if k == 0 else hang + line.lstrip(" ")).rstrip(" "))

    for dept in depts:
        if lines:
            lines.append("")
        who = "，".join(str(x) for x in (dept["dept_name"], dept["year"] and f"{dept['year']} 年") if x) \
            or f"第 {dept['row']} 行"
        goal = f"，目标“{dept['target_label']}”" if dept["target"] else ""
        put(f"{who}：现得 {points_text(dept['total'])} 分（{dept['grade_label']}）{goal}")
        if dept["criteria"]:
            lines.append("尚未得到的分数（按尚缺分数排序）：")
        for n, record in enumerate(dept["criteria"], 1):
            head = f"{n:>2}. {record['name']}  尚缺 {points_text(record['open'])} 分" \
                   f"（{KIND_TEXT[record['kind']]}）"
            put(head)
            put(criterion_text(record), "    ", "    ")
        put(plan_text(dept))
        if dept["reached"]:
            by_id = {r["criterion"]: r for r in dept["criteria"]}
            for line in dept["plan"]:
                put("· " + plan_line_text(line, by_id), "  ", "    ")
    return "\n".join(lines) + "\n"


def _with_texts(dept: dict[str, Any]) -> dict[str, Any]:
    """A department record with the sentences a person reads (``plan_text``, each criterion's ``text``)."""
    dept["plan_text"] = plan_text(dept)
    by_id = {r["criterion"]: r for r in dept["criteria"]}
    for line in dept["plan"]:
        line["text"] = plan_line_text(line, by_id)
    for record in dept["criteria"]:
        record.pop("order", None)
        record["text"] = criterion_text(record)
        if "full" in record:
            record["full"]["text"] = move_text(record, "full")
    return dept


def json_parts(slices: Iterable[list[dict[str, Any]]], single: bool) -> Iterator[str]:
    """The JSON text in parts, a department at a time (a table's array never sits in memory whole): the text of
    ``json.dumps(departments, indent=2)``, or of the one department's object when ``single``. The records are
    given fresh (their texts are added to them)."""
    departments = (_with_texts(dept) for depts in slices for dept in depts)
    if single:
        yield jsontext.dumps(next(departments)) + "\n"
        return
    yield from jsontext.array_parts(departments)
