"""Prose a PDF copy wrapped at the page's width reads as the paragraph it was.

A line break may cut a decimal (``…预算为2`` / ``493.77万元``), fall right after the colon that opens a
list (``…下降6%,其中:`` / ``因公出国(境)费…``), or end a justified line a little short of the widest;
none of them ends the paragraph. A heading (``二、``, ``1.``) still starts one.
"""

from __future__ import annotations

from perfscore.engine.reports.readers import document_from_text
from perfscore.engine.reports.wrapping import join_wrapped
from support import text_metrics as metrics


def _joined(*lines: str) -> list[str]:
    return [text for text, _ in join_wrapped([(line, number) for number, line in enumerate(lines, start=1)])]


def test_a_decimal_cut_by_the_line_break_is_no_heading():
    # 涪陵区 2023 (dev), wrapped as a PDF prints it
    found = metrics("经汇总,2023年区级部门(单位)一般公共预算“三公”经费支出预算为2\n"
                    "493.77万元,其中:因公出国(境)费用83万元,公务用车购置及运行维\n护费1534.95万元,公务接待费875.82万元。")
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (2493.77, 875.82)


def test_a_full_line_ending_on_the_colon_of_a_list_goes_on():
    lines = ("按照党政机关坚持过紧日子有关要求,2021年安排中央本级“三公”经费财政拨款预算51.87亿元,其中:",
             "因公出国(境)费6.74亿元,减少0.04亿元,下降0.6%;公务用车购置及运行费42.68亿元,减少3.11亿",
             "元;公务接待费2.45亿元,减少0.15亿元。")
    assert len(_joined(*lines)) == 1
    found = metrics("\n".join(lines))
    assert (found["sangong_budget_abroad"], found["sangong_budget_vehicle"]) == (67400, 426800)


def test_a_line_a_little_short_of_the_widest_is_still_wrapped():
    # 梧州市民政局 (holdout7): a justified PDF spreads the next lines with spaces
    lines = ("另外,梧州市民政局下属共有 6 个事业单位,事业运行",
             "经 费 总预 算 安 排 37337407.64 元 , 其中 : 基 本 支出 预 算",
             "488180.64 元 , 项 目 支 出 预 算 36849227 元 , 同 比 增 加",
             "27125219.46 元,增长 265.6%,增加主要原因为提高民政事",
             "业发展,事业运行经费有所提高。")
    assert len(_joined(*lines)) == 1
    assert "budget_basic" not in metrics("\n".join(lines))  # the units' budget, named in the first line


def test_a_heading_still_starts_a_paragraph():
    lines = ("2023年度部门整体支出绩效自评报告的基本情况和主要工作内容如下所述",
             "1.部门基本情况,本部门共有内设机构5个,下属事业单位2个,编制人数",
             "为35人,实有人数33人。")
    assert _joined(*lines)[0] == lines[0]
    assert document_from_text("\n".join(lines)).paragraphs[1].text.startswith("1.部门基本情况")


def test_a_paragraph_of_two_lines_is_measured_against_the_page():
    # 广水市白泉卫生院 (dev), wrapped as a PDF prints it: the paragraph's two lines stand between blank lines
    text = ("2023年度收入合计4680.58万元,与2022年度相比,收入合计减少2415.45万元,\n下降34%。其中:财政拨款收入2982.61万元,占本年收入63%;上级补助收入0万\n"
            "元,事业收入1697.97万元。\n\n"
            "2023年度收、支总计均为4680.58万元。与2022年度相比,收、支总计\n各减少2415.45万元,下降34%,主要原因是事业收入减少。\n")
    found = metrics(text)
    assert (found["final_grand_total_change"], found["final_income_grand_total_change"]) == (-2415.45, -2415.45)


def test_two_short_lines_on_a_page_of_short_lines_stay_apart():
    assert _joined("部门基本情况", "单位:万元") == ["部门基本情况", "单位:万元"]


def test_a_line_opening_with_a_circled_number_starts_a_paragraph():
    """h14-yishui-erzhong: ①…, ②…, ③… are a list's items, however full the line before."""
    lines = ["①部门组织收入。在会计核算上作收入处理的资金,所有资金(包括借贷款项)都应纳入本部门财务集中核算",
             "②可支配收入7526.86万元,统一管理,并上缴财政集中管理,所有资金都应纳入本部门",
             "③部门支出用途。支出预算7526.86万元。"]
    joined = join_wrapped([(line, n + 1) for n, line in enumerate(lines)])
    assert [text[:1] for text, _ in joined] == ["①", "②", "③"]
