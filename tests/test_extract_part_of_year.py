"""Figures for part of a year (1至10月, 一季度, 上半年, 截至11月份) are no year's level or change: a
scorecard that took a quarter's procurement or a half-year's 三公 spending for the year's would show a
wrong number. The period governs its sentence and the rest of its paragraph, until a sentence names a
whole year; the whole year itself (1-12月, 截至12月底) is no part. A note says what was left unread."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def test_a_part_of_the_year_is_not_read_as_the_year_and_a_note_says_so():
    # 黔西南州 (中国新闻网 mirror, 2011): the procurement of ten months, then the year's
    text = ("2011年1至10月,这个自治州完成政府采购预算金额6.3亿多元,实际采购金额5.5亿多元,节约资金8000多万元。"
            "2011年全州政府采购规模为7.1亿元。")
    found = extract_text(text)
    assert found.metrics["final_procurement"] == 71000
    assert "budget_procurement" not in found.metrics
    assert found.notes == ["第 1 段（第 1 行）：“1至10月”是年内部分期间，其后的数字未作为全年数读取"
                           " (figures for part of a year are not read as the year's)"]


def test_the_period_governs_the_rest_of_its_paragraph_not_the_next():
    # 新余市财政局 2025-04-22: the first quarter's scale, then its parts in a sentence of their own
    quarter = ("2025年一季度全市政府采购规模为1.32亿元。其中,货物、工程、服务政府采购规模分别为0.72亿元、0.02亿元和"
               "0.59亿元。全市政府采购授予中小企业合同金额为1.3亿元,授予中小企业合同总金额占全市政府采购规模的98.43%。")
    assert set(metrics(quarter)) == {"year"}
    next_paragraph = quarter + "\n全市政府采购规模为5.6亿元。"
    assert metrics(next_paragraph)["final_procurement"] == 56000
    whole_year = quarter.replace("。全市政府采购授予", "。全年全市政府采购授予")
    assert metrics(whole_year)["procurement_sme"] == 13000


def test_a_half_year_change_is_no_change_of_the_year():
    # 淮南市财政局: 1-6月 spending and its change on the same period last year
    half = "2025年以来,我市严格执行“三公”经费管理制度。1-6月,全市“三公”经费累计支出2780.7万元,同比下降6.4%。"
    found = metrics(half)
    assert not {"sangong_actual", "sangong_actual_change_pct"} & set(found)


@pytest.mark.parametrize("whole", ["2023年1-12月,", "截至12月底,", "截至2023年12月31日,", ""])
def test_the_whole_year_is_no_part_of_it(whole):
    assert metrics(f"{whole}2023年“三公”经费决算支出12.5万元。")["sangong_actual"] == 12.5


@pytest.mark.parametrize("part", ["截至11月份,", "上半年,", "前三季度,", "2023年1—9月,"])
def test_every_common_form_of_a_part(part):
    assert "sangong_actual" not in metrics(f"2023年度决算。{part}“三公”经费决算支出12.5万元。")


def test_one_note_for_every_place_however_many():
    text = ("2025年一季度全市政府采购规模为1.32亿元。\n1-6月,全市“三公”经费支出决算2780.7万元。\n"
            "上半年,全市政府采购规模为2亿元。\n")
    (note,) = extract_text(text).notes
    assert note.startswith("第 1 段（第 1 行）等 3 处：“一季度”、“1-6月”、“上半年”是年内部分期间")
    many = extract_text(text * 400).notes
    assert len(many) == 1 and "等 1200 处" in many[0] and many[0].count("“") == 3


def test_a_period_in_a_documents_title_governs_nothing():
    """h32-qinan-rmt, a page run into one line: 上半年 inside the title of the report a 决算 cites
    (《…2024年上半年财政预算执行情况报告》) names that document; the rest of the page stays the year's."""
    text = ("根据《秦安县2021年财政决算草案和2024年上半年财政预算执行情况报告》的审议批复,现将2021年部门决算公开如下:"
            " (二)机构设置 县融媒体中心为财政全额拨款单位,在职人员60人。二、2021年度支出合计1200.5万元。")
    found = extract_text(text)
    assert (found.metrics["staff_in_service"], found.metrics["final_total"]) == (60, 1200.5) and not found.notes
    outside = text.replace("《秦安县2021年财政决算草案和2024年上半年财政预算执行情况报告》", "2024年上半年执行情况")
    assert "final_total" not in extract_text(outside.replace("二、2021年度", "二、本期")).metrics
