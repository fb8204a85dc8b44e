"""A self-evaluation's table of scores gives its total score and grade from the total row only
(engine/reports/score_tables.py)."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text

_TABLE = ("2018年度部门整体支出绩效评价报告\n绩效评价结果\n指标 | 分值 | 得分 | 绩效等级 |\n投入 | 15.00 | 15.00 | 优 |\n"
          "过程 | 55.00 | 49.04 | 优 |\n产出 | 20.00 | 20.00 | 优 |\n效果 | 10.00 | 10.00 | 优 |\n{total} | 100.00 | {score} | 优 |")


def test_the_total_row_of_the_score_column_is_the_self_score_and_grade():
    items = extract_text(_TABLE.format(total="合计", score="94.04")).items
    assert (items["self_score"].value, items["self_grade"].value) == (94.04, "优")
    assert items["self_score"].provenance.context == "合计 / 得分"


def test_a_tab_separated_score_table():
    text = "2018年度部门整体支出绩效自评报告\n一级指标\t分值\t得分\n决策\t20\t19\n过程\t20\t18.5\n合计\t100\t94.5\n"
    assert extract_text(text).metrics["self_score"] == 94.5


@pytest.mark.parametrize(("total", "score"), [("效益", "94.04"), ("合计", "104"), ("合计", "分")])
def test_no_total_row_or_no_score_in_it_gives_none(total, score):
    # a criterion's row is no total; a score above the row's weight or none at all is no score
    assert "self_score" not in extract_text(_TABLE.format(total=total, score=score)).metrics
