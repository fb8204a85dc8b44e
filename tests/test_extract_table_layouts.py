"""Tables as copied text prints them without bars: one cell per line with no blank line
between cells, and columns aligned with spaces. An empty cell must stay blank: a row whose
figures are fewer than the columns cannot say which columns they fill, so it gives nothing."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


ONE_COLUMN = ("2019年“三公”经费财政拨款支出决算表\n(单位:万元)\n项目\n决算数\n合计\n40.5\n因公出国(境)费\n"
              "公务接待费\n12.1\n公务用车购置及运行费\n28.4\n其中:公务用车运行维护费\n28.4\n公务用车购置费")


def test_one_cell_per_line_with_an_empty_cell():
    found = metrics(ONE_COLUMN)
    assert (found["sangong_actual"], found["sangong_actual_reception"], found["sangong_actual_vehicle"]) == (40.5, 12.1, 28.4)
    assert "sangong_actual_abroad" not in found and "sangong_actual_vehicle_purchase" not in found


def test_a_row_with_fewer_figures_than_columns_is_blank():
    text = ("2021年“三公”经费支出决算表\n单位:万元\n项目\n预算数\n决算数\n合计\n49.9\n7.69\n因公出国(境)费\n20\n"
            "公务接待费\n14.9\n5.21\n公务用车购置及运行维护费\n15\n2.48")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_actual"]) == (49.9, 7.69)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (14.9, 5.21)
    assert "sangong_budget_abroad" not in found and "sangong_actual_abroad" not in found


ALIGNED = ("2020年“三公”经费预算表\n单位:元\n项目             2019年预算数      2020年预算数\n"
           "一、支出合计        250000         200000\n1、因公出国(境)费用\n2、公务接待费        150000         100000\n"
           "3、公务用车费        120000\n其中:(1)公务用车运行维护费   100000    100000\n(2)公务用车购置")


def test_columns_aligned_with_spaces():
    found = metrics(ALIGNED)
    assert (found["sangong_prev_budget"], found["sangong_budget"], found["sangong_budget_reception"]) == (25, 20, 10)
    assert found["sangong_budget_vehicle_operation"] == 10
    # 支出合计 in a “三公” table is its total, not the department's spending
    assert "budget_total" not in found
    # an empty row and a row of one figure under two columns stay blank
    assert "sangong_budget_abroad" not in found and "sangong_budget_vehicle_purchase" not in found
    assert found.get("sangong_budget_vehicle") != 12  # the lone 120000 fills no known column


def test_a_row_number_column_never_merges_into_the_amount():
    text = ("2023年度收入支出决算总表\n单位:元\n项目      行次      金额\n本年收入合计      1      25,037,565.22\n"
            "本年支出合计      2      24,937,565.22\n年末结转和结余      3      100,000.00")
    found = metrics(text)
    assert (found["final_income_total"], found["final_total"], found["carryover_end"]) == (2503.756522, 2493.756522, 10)


def test_running_text_and_short_headings_are_no_table():
    text = "一、主要职能\n二、机构设置\n三、人员情况\n本单位  2023年度  收入合计100万元,支出合计90万元。"
    document = extract_text(text).document
    assert not document.tables
    assert "sangong_actual" not in metrics("项目\n金额\n合计\n公务接待费\n因公出国(境)费\n5")


def test_contents_with_page_numbers_are_no_table():
    # 眉山市党史和地方志编纂中心 (holdout9): each heading of the contents, then its page
    contents = ("2023年度\n眉山市党史和地方志编纂中心单位决算\n目 录\n第一部分 部门概况\n4\n一、部门职责\n4\n"
                "二、机构设置\n5\n第二部分 2023年度部门决算情况说明\n6\n七、财政拨款“三公”经费支出决算情况说明\n10\n"
                "八、政府性基金预算支出决算情况说明\n12\n九、国有资本经营预算支出决算情况说明\n13")
    assert metrics(contents) == {"year": 2023}
    # 梧州市发展研究中心 (holdout9): a cover's page numbers among forty lines of headings
    cover = ("1\n梧州市人民政府发展研究中心\n2022 年度单位决算\n2\n目 录\n" + "".join(f"表{n}:决算表\n" for n in "一二三四五六")
             + "一、2022年度收入支出决算总体情况\n二、2022年度一般公共预算财政拨款支出决算情况\n3\n说明\n"
             + "".join(f"{n}、其他情况说明\n" for n in "三四五六七八九") + "第四部分 名词解释\n4")
    found = extract_text(cover)
    assert found.metrics["year"] == 2022 and not found.document.tables


_SPLIT_HEADER = ("2023年“三公”经费财政拨款预算表\n单位:万元\n“三公”经费合计\n因公出国(境)费\n公务用车购置及运行费\n"
                 "公务\n接待费\n小计\n公务用车购置费\n公务用车运行费\n")


def test_a_header_of_two_rows_over_one_row_of_figures():
    found = metrics(_SPLIT_HEADER + "52.5\n2\n40\n30\n10\n10.5")
    assert (found["sangong_budget"], found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (52.5, 2, 10.5)
    assert (found["sangong_budget_vehicle"], found["sangong_budget_vehicle_purchase"],
            found["sangong_budget_vehicle_operation"]) == (40, 30, 10)
    barred = ("2023年“三公”经费决算表\n单位:万元\n“三公”经费合计 |\n因公出国(境)费 |\n公务接待费 |\n"
              "公务用车购置及运行费 |\n||\n小计 |\n公务用车购置费 |\n公务用车运行费 |\n|||\n9 |\n1 |\n2 |\n6 |\n0 |\n6 |")
    found = metrics(barred)
    assert (found["sangong_actual"], found["sangong_actual_reception"], found["sangong_actual_vehicle_operation"]) == (9, 2, 6)


def test_a_one_row_header_over_its_figures():
    found = metrics("2023年“三公”经费决算表\n单位:万元\n公务接待费\n因公出国(境)费\n公务用车购置及运行费\n3\n0\n5")
    assert (found["sangong_actual_reception"], found["sangong_actual_abroad"], found["sangong_actual_vehicle"]) == (3, 0, 5)


@pytest.mark.parametrize("figures", [
    "52.5\n2\n40\n30\n10",  # one figure fewer than the columns: which one is missing is unknown
    "52.5\n2\n40\n30\n\n10\n10.5",  # a gap among the figures: an empty cell
    "52.5\n2\n40\n30\n10\n10.5\n其中:基本支出\n3",  # a name and a figure go on: a longer table
])
def test_figures_that_do_not_fit_the_header_stay_text(figures):
    found = metrics(_SPLIT_HEADER + figures)
    assert not any(m.startswith("sangong_budget") for m in found)


def test_parts_that_fit_two_columns_alike_name_none():
    # 公务 opens both 公务用车费 and 公务接待费 as far as it opens the parts: no column is split
    text = ("2023年“三公”经费预算表\n单位:万元\n合计\n公务用车费\n公务接待费\n小计\n公务甲费\n公务乙费\n"
            "9\n4\n1\n3\n5")
    assert not any(m.startswith("sangong_budget") for m in metrics(text))


_BARRED_UNITS = ("附件\n|\n2022年“三公”经费预算统计表\n|\n单位:万元\n|\n项目\n|\n预算数\n|\n合计\n|\n{total}\n|\n"
                 "因公出国(境)费\n|\n|\n公务接待费\n|\n{reception}\n|\n公务用车购置及运行费\n|\n6万元\n|\n")


def test_cells_that_repeat_the_stated_unit_are_figures():
    found = metrics(_BARRED_UNITS.format(total="8.5万元", reception="2.5万元"))
    assert (found["sangong_budget"], found["sangong_budget_reception"], found["sangong_budget_vehicle"]) == (8.5, 2.5, 6)
    assert found["year"] == 2022  # the title cell above the header is the caption, not a column
    assert "sangong_budget_abroad" not in found


def test_a_cell_in_another_unit_is_no_figure_of_the_table():
    found = metrics(_BARRED_UNITS.format(total="8.5万元", reception="25000元"))
    assert "sangong_budget_reception" not in found  # never 25000 read as 万元: the cell is left out
    assert (found["sangong_budget"], found["sangong_budget_vehicle"]) == (8.5, 6)


def test_a_title_and_unit_line_opening_a_cell_per_paragraph_table_are_text_above_it():
    from perfscore.engine.reports.text_tables import split_text_blocks

    text = ("二、2021年度“三公”经费支出决算表\n\n单位:万元\n\n合计\n\n3.20\n\n"
            "公务接待费\n\n1.20\n\n公务用车运行维护费\n\n2.00\n")  # no header row: its copy lost it
    blocks = split_text_blocks(text.split("\n"))
    assert blocks[:2] == [("二、2021年度“三公”经费支出决算表", 1), ("单位:万元", 3)]
    found = metrics(text)
    assert found["year"] == 2021
    assert (found["sangong_actual"], found["sangong_actual_reception"]) == (3.2, 1.2)  # the title's stage


def test_a_table_without_column_names_and_two_figures_a_row_stays_blank():
    text = ("二、2021年度“三公”经费预决算表\n\n单位:万元\n\n合计\n\n3.50\n\n3.20\n\n"
            "公务接待费\n\n1.50\n\n1.20\n\n公务用车运行维护费\n\n2.00\n\n2.00\n")
    found = metrics(text)  # which figure is the budget and which the 决算 is unknown
    assert found["year"] == 2021
    assert not {"sangong_budget", "sangong_actual", "sangong_budget_reception", "sangong_actual_reception"} & set(found)


# 云县 (holdout7): one cell per paragraph; an empty cell is one more blank line; the total row's
# label is lost; the comparison column is split into 增、减额 / 增、减幅度 with no figure of its own
PARAGRAPH_CELLS = ("云县2023“三公”经费决算财政拨款情况统计表\n\n单位:万元\n\n2023年决算数\n\n2022年决算数\n\n"
                   "2023年决算比上年增、减情况\n\n增、减额\n\n增、减幅度\n\n820.33\n\n688.84\n\n131.49\n\n19.09%\n\n"
                   "1、因公出国(境)费\n\n0\n\n0\n\n\n\n2、公务接待费\n\n249.29\n\n247.21\n\n2.08\n\n0.84%\n\n"
                   "其中:外事接待费\n\n0\n\n0\n\n0\n\n\n3、公务用车购置及运行维护费\n\n571.04\n\n441.63\n\n129.41\n\n29.3%\n\n"
                   "其中:(1)公务用车运行维护费\n\n507.98\n\n427.83\n\n80.15\n\n18.73%")


def test_one_cell_per_paragraph_with_empty_cells_and_a_total_row_without_label():
    found = metrics(PARAGRAPH_CELLS)
    assert (found["sangong_actual"], found["sangong_prev_actual"]) == (820.33, 688.84)
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (131.49, 19.09)
    assert (found["sangong_actual_abroad"], found["sangong_prev_actual_abroad"]) == (0, 0)
    assert "sangong_actual_abroad_change" not in found  # its two cells are empty
    assert (found["sangong_actual_reception"], found["sangong_actual_reception_change"]) == (249.29, 2.08)
    assert (found["sangong_actual_vehicle"], found["sangong_actual_vehicle_operation_change"]) == (571.04, 80.15)


def test_an_empty_cell_printed_as_a_line_of_spaces():
    # 安徽编办 (holdout6): the total row's label cell is a line of spaces, the blank lines only part cells
    text = ("一、2016年“三公”经费支出预算表\n\n单位:万元\n\n \n\n预 算 数\n\n \n\n57.9\n\n因公出国(境)费\n\n13.9\n\n"
            "公务接待费\n\n9\n\n公务用车购置及运行费\n\n35\n\n  其中:公务用车运行维护费\n\n35\n\n        公务用车购置\n\n0\n\n \n\n"
            "二、2016年“三公”经费支出预算情况说明")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_budget_abroad"], found["sangong_budget_vehicle"]) == (57.9, 13.9, 35)
    assert found["sangong_budget_vehicle_purchase"] == 0


def test_a_split_column_without_a_figure_of_its_own_gives_way_to_its_parts():
    from perfscore.engine.reports.sub_columns import flat_columns
    names = ["2023年决算数", "2022年决算数", "比上年增、减情况", "增、减额", "增、减幅度"]
    assert flat_columns(names, 4) == ["2023年决算数", "2022年决算数", "比上年增、减情况 增、减额", "比上年增、减情况 增、减幅度"]
    assert flat_columns(names, 3) is None
    assert flat_columns(["合计", "公务接待费", "因公出国(境)费", "差旅", "会议"], 4) is None  # parts of nothing named


def test_a_short_pipe_table_of_a_header_and_two_rows():
    """A fragment of a 三公 table as a page prints it: three lines, every one a row of cells. Four
    lines with bars were needed before, and such a fragment was read as nothing."""
    for table in ("单位:万元\n项目 | 预算数 | 决算数\n合计 | 12.00 | 10.00\n公务接待费 | 8.00 | 6.00",
                  "單位:萬元\n| 項目 | 預算數 | 決算數 |\n| 合計 | 12.00 | 10.00 |\n| 公務接待費 | 8.00 | 6.00 |"):
        found = metrics(table)
        assert (found["sangong_budget"], found["sangong_actual"]) == (12, 10)
        assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (8, 6)
    # running text with two bars is no table
    assert metrics("来源:财政局 | 发布日期:2024-01-02\n公务接待费 | 8.00 元\n浏览次数 | 12") == {}


# 国家海洋局 (holdout6, a mirror): two groups (2010 决算, 2011 预算) over the same four items, flat,
# one cell per line between lines of bars, names cut over two lines, inserted pinyin
GROUPS_BARRED = ("國家海洋局對(duì)“三公經(jīng)費(fèi)”2010年財(cái)政撥款決算數(shù)據(jù)和2011年財(cái)政撥款預(yù)算數(shù)據(jù)公布如下:\n"
                 "單位:萬元\n2010年“三公經(jīng)費(fèi)”財(cái)政撥款決算數(shù)\n|\n2011年“三公經(jīng)費(fèi)”財(cái)政撥款預(yù)算數(shù)\n|\n"
                 "合 計(jì)\n|\n因公出國\n(境)費(fèi)\n|\n公務(wù)用車購\n置及運(yùn)行費(fèi)\n|\n公務(wù)接\n待費(fèi)\n|\n"
                 "合 計(jì)\n|\n因公出國\n(境)費(fèi)\n|\n公務(wù)用車購\n置及運(yùn)行費(fèi)\n|\n公務(wù)接\n待費(fèi)\n|\n"
                 "9784.31\n|\n992.20\n|\n4508.26\n|\n4283.85\n|\n9694.14\n|\n992.20\n|\n4418.09\n|\n4283.85\n|\n"
                 "有關(guān)情況說明如下:\n")


def test_groups_over_the_same_items_printed_flat():
    found = metrics(GROUPS_BARRED)
    assert found["year"] == 2011  # the table sets 2010's 决算 beside 2011's budget: a 2011 text
    assert (found["sangong_budget"], found["sangong_budget_vehicle"], found["sangong_budget_reception"]) == (
        9694.14, 4418.09, 4283.85)
    assert (found["sangong_prev_actual"], found["sangong_prev_actual_abroad"]) == (9784.31, 992.2)
    assert "sangong_actual" not in found
    # 中国科学院 (holdout6): the same without bars, the year before the stage words but not beside them
    text = ("中国科学院三公经费财政拨款情况表\n单位:万元\n2010三公经费财政拨款决算数\n2011三公经费财政拨款预算数\n合计\n"
            "因公出国(境)费\n公务用车购置及运行费\n公务接待费\n合计\n因公出国(境)费\n公务用车购置及运行费\n公务接待费\n"
            "28711.28\n11295.77\n7420.01\n9995.5\n24350.59\n9,411.52\n6,895.41\n8,043.66\n")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_prev_actual_reception"]) == (24350.59, 9995.5)


def test_groups_whose_item_names_a_copy_cut_over_two_lines():
    # 自然科学基金会 (holdout8): one group's 公务用车购置及运行费 cut in two, the other's whole
    text = ("国家自然科学基金委员会\"三公经费\"预决算表\n金额单位:万元\n2010年\"三公经费\"财政拨款决算数\n"
            "2011年\"三公经费\"财政拨款预算数\n合计\n因公出国(境)费\n公务用车购\n置及运行费\n公务接待费\n合计\n"
            "因公出国(境)费\n公务用车购置及运行费\n公务接待费\n761.33\n330.08\n359\n72.25\n575.48\n303\n221.48\n51\n")
    found = metrics(text)
    assert (found["sangong_prev_actual_vehicle"], found["sangong_budget_vehicle"]) == (359, 221.48)
    assert (found["sangong_prev_actual_reception"], found["sangong_budget_reception"]) == (72.25, 51)
    # 广电总局 (holdout30): every cell a paragraph, each group's total named 小计, names cut in both groups
    names = ["小计", "因公\n出国(境)费", "公务用车\n购置及运行费", "公务", "接待费"]
    text = "\n\n".join(["单位:万元", "2010年“三公经费”财政拨款决算数", "2011年“三公经费”财政拨款预算数",
                        *names, *names, "8,676.50", " 2,812.18", " 4,553.47", "1,310.85",
                        " 8,480.32", "2,463.79", "4,493.95", " 1,522.58", "    有关情况说明如下:"])
    found = metrics(text)
    assert (found["sangong_prev_actual"], found["sangong_budget"]) == (8676.5, 8480.32)
    assert (found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (2463.79, 1522.58)
    assert "sangong_actual" not in found


def test_groups_whose_items_do_not_repeat_are_no_groups():
    from perfscore.engine.reports.sub_columns import grouped_columns
    names = ["2010年决算数", "2011年预算数", "合计", "因公出国(境)费", "合计", "公务接待费"]
    assert grouped_columns(names, 4) is None
    assert grouped_columns([*names[:3], "因公出国(境)费", "合计", "因公出国(境)费"], 4) == (
        ["2010年决算数", "2011年预算数"], ["合计", "因公出国(境)费"])


def test_two_header_rows_copied_packed_to_the_left():
    """An HTML table whose header rows were copied without their merged cells: the groups
    (预算数, 决算数) printed once each, their sub-columns packed under the row-spanning 项目. The
    repeating sub-columns place each group over three columns, so the 决算 is not the budget."""
    text = ("2021年度“三公”经费支出决算表\n单位:万元\n项目 | 预算数 | 决算数 | ||||\n"
            "合计 | 一般公共预算 | 政府性基金 | 合计 | 一般公共预算 | 政府性基金 | |\n"
            "公务接待费 | 8 | 8 | 0 | 2.26 | 2.26 | 0 |\n"
            "公务用车购置费 | 13.2 | 13.2 | 0 | 12.51 | 12.51 | 0 |\n"
            "总计 | 80.7 | 80.7 | 0 | 74.23 | 74.23 | 0 |")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_actual"]) == (80.7, 74.23)
    assert (found["sangong_budget_vehicle_purchase"], found["sangong_actual_vehicle_purchase"]) == (13.2, 12.51)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (8, 2.26)


NOTE = ("注:本表反映单位本年度一般公共预算财政拨款“三公”经费支出预决算情况。其中,预算数为“三公”经费全年预算数,"
        "反映按规定程序调整后的预算数;决算数是包括当年一般公共预算财政拨款和以前年度结转资金安排的实际支出。")


@pytest.mark.parametrize("note, named", [(NOTE, True), ("注:本表数据为财政拨款安排。", False)])
def test_a_table_without_its_header_takes_its_columns_from_its_note(note, named):
    """惠州 (holdout4): a 三公 决算表 copied one cell per paragraph without its header row; the note
    under it names 预算数, then 决算数: the columns, in that order. A note that names no stages
    leaves the figures unplaced."""
    cells = ["一、2022年度一般公共预算财政拨款“三公”经费支出决算表", "单位:万元", " ", "2.69", "1.69",
             "因公出国(境)费", "0.00", "0.00", "公务接待费", "2.50", "1.50", "公务用车购置及运行维护费", "0.19", "0.19"]
    found = metrics("\n\n".join(cells) + "\n\n" + note)
    if named:
        assert (found["sangong_budget"], found["sangong_actual"]) == (2.69, 1.69)
        assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (2.5, 1.5)
    else:
        assert not any(metric.startswith("sangong") for metric in found)


def test_a_table_one_cell_per_line_without_its_header_takes_its_columns_from_its_note():
    cells = ["2022年度“三公”经费支出决算表", "单位:万元", "因公出国(境)费", "0.00", "0.00", "公务接待费", "2.50", "1.50",
             "公务用车购置及运行维护费", "0.19", "0.19"]
    found = metrics("\n".join(cells) + "\n" + NOTE)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (2.5, 1.5)
    assert (found["sangong_budget_vehicle"], found["sangong_actual_vehicle"]) == (0.19, 0.19)


@pytest.mark.parametrize("explained, named", [
    ("2021年度一般公共预算财政拨款三公经费支出预算为63.30万元,支出决算为42.00万元,完成预算的66.35%。", True),
    ("2021年度一般公共预算财政拨款三公经费支出决算为42.00万元。", False),  # one figure stated: the other column unknown
])
def test_a_table_without_its_header_takes_its_columns_from_the_figures_explained_under_it(explained, named):
    """陶辛镇 (holdout11): no header and no note, but the explanation under the table states its first
    row's figures, 63.30 as the budget and 42.00 as the 决算: the columns, in that order."""
    cells = ["一、2021年度“三公”经费财政拨款支出决算表", "单位:万元", " ", "63.30", "42.00", "因公出国(境)费", "0.00",
             "0.00", "公务接待费", "50.50", "30.00", "公务用车购置及运行维护费", "12.80", "12.00"]
    found = metrics("\n\n".join(cells) + "\n\n二、2021年度“三公”经费财政拨款支出情况说明\n\n" + explained)
    assert ("sangong_budget_reception" in found) == named
    if named:
        assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (50.5, 30)


@pytest.mark.parametrize("under", [
    "注:本表反映单位本年度一般公共预算财政拨款“三公”经费支出预决算情况。其中,\n预算数为“三公”经费全年预算数,反映按规定程序"
    "调整后的预算数;决算数是包括当\n年一般公共预算财政拨款和以前年度结转资金安排的实际支出。",
    "陶辛镇2021年度一般公共预算财政拨款三公经费支出预算为63.30万\n元,支出决算为42.00万元,完成预算的66.35%,决算数小于预算数的主\n"
    "要原因是厉行节约。",
], ids=["note", "explanation"])
def test_the_text_under_a_table_names_its_columns_when_a_pdf_wrapped_it(under):
    """The note (惠州, holdout4) or the explanation (陶辛镇, holdout11) under a table without its header,
    its lines wrapped as a PDF's text wraps them: the stage words for the columns are on other lines than
    the note's 注 or the first figure, and are read all the same."""
    cells = ["一、2021年度“三公”经费财政拨款支出决算表", "单位:万元", " ", "63.30", "42.00", "因公出国(境)费", "0.00",
             "0.00", "公务接待费", "50.50", "30.00", "公务用车购置及运行维护费", "12.80", "12.00"]
    found = metrics("\n\n".join(cells) + "\n\n" + under)
    assert (found["sangong_budget"], found["sangong_actual"]) == (63.3, 42)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (50.5, 30)


WIDE = ["一般公共预算财政拨款“三公”经费支出决算表", "单位:万元", "一般公共预算财政拨款“三公”经费", "合计", "因公出国",
        "(境)费", "公务用车购置及运行维护费", "公务接待费", "小计", "公务用车", "购置费", "公务用车", "运行维护费",
        *["预算数", "决算数"] * 6, "683.51", "358.18", "80.00", "0.00", "415.40", "316.57", "105.00", "104.03",
        "310.40", "212.55", "188.11", "41.61"]


@pytest.mark.parametrize("between", ["\n\n", "\n"])
def test_the_national_sangong_template_printed_flat(between):
    """闵行区教育局 (dev): the 一般公共预算财政拨款“三公”经费支出决算表 as the national template lays it out —
    the items (the vehicle item split into 小计, 购置费, 运行维护费; names cut by the copy), 预算数 and
    决算数 under each, one row of twelve figures — copied one cell per paragraph or per line."""
    found = metrics("2020年“三公”经费决算公开" + between + between.join(WIDE) + between + "注:本表反映部门本年度“三公”经费支出预决算情况。")
    assert (found["sangong_budget"], found["sangong_actual"]) == (683.51, 358.18)
    assert (found["sangong_budget_abroad"], found["sangong_actual_abroad"]) == (80, 0)
    assert (found["sangong_budget_vehicle"], found["sangong_actual_vehicle"]) == (415.4, 316.57)
    assert (found["sangong_budget_vehicle_purchase"], found["sangong_actual_vehicle_purchase"]) == (105, 104.03)
    assert (found["sangong_budget_vehicle_operation"], found["sangong_actual_vehicle_operation"]) == (310.4, 212.55)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (188.11, 41.61)


def test_the_national_template_with_a_figure_missing_reads_nothing():
    cells = WIDE[:-1]  # eleven figures under twelve columns: which is missing cannot be told
    found = metrics("2020年“三公”经费决算公开\n\n" + "\n\n".join(cells))
    assert not any(metric.startswith("sangong") for metric in found)


_NUMBERED = ("2025年部门预算公开表\n部门收支总表\n单位:万元 | ||\n序号 |\n收入 |\n支出 | ||\n项 目 |\n预算数 |\n项 目 |\n"
             "预算数 | |\n栏次 |\n1 |\n2 |\n3 |\n4 |\n1 |\n一、一般公共预算拨款收入 |\n675.82 |\n一、一般公共服务支出 |\n516.39 |\n"
             "2 |\n二、政府性基金预算拨款收入 |\n|\n二、外交支出 |\n|\n3 |\n|\n|\n三、卫生健康支出 |\n21.53 |\n4 |\n"
             "本年收入合计 |\n675.82 |\n本年支出合计 |\n690.36 |\n5 |\n上年结转结余 |\n14.54 |\n年终结转结余 |\n|\n6 |\n"
             "收入总计 |\n690.36 |\n支出总计 |\n690.36 |")


def test_a_row_number_column_is_never_read_as_a_figure():
    # h14-pingshan-xiakou: 序号 before each row of a one-cell-per-line 收支总表 (the next row's number ran on
    # into the row before: 年终结转结余 read 6, a carry-over of the row number)
    found = extract_text(_NUMBERED).metrics
    assert (found["budget_income_total"], found["budget_total"]) == (675.82, 690.36)
    assert not {"carryover_prev", "carryover_end"} & set(found)  # the budget's carry-over: no 决算 figure
    assert all(found.get(m) not in (2, 3, 4, 5, 6) for m in found if m != "year")


def test_the_appropriations_table_states_no_department_total():
    # h12-qiongzhong-zdxm: 财政拨款收支总表 over the appropriations alone
    text = ("2025年部门(单位)预算公开表 |\n财政拨款收支总表 | ||||||||\n金额单位:万元 | ||||||||\n收入 | 支出 | |||||||\n"
            "项目 | 预算数 | 项目 | 合计 | 一般公共预算 | 政府性基金预算 | 国有资本经营预算 | ||\n"
            "一、本年收入 | 78.50 | 一、本年支出 | 78.50 | 78.50 | ||||\n一般公共预算资金 | 78.50 | 一般公共服务支出 | 59.22 | 59.22 | ||||\n"
            "政府性基金预算资金 | 外交支出 | |||||||\n")
    found = extract_text(text).metrics
    assert not {"budget_total", "budget_income_total"} & set(found)


_SUMMARY = """2023年度部门决算
收入支出决算总表
单位:万元
收入 | | | 支出 | | |
项目 | 行次 | 金额 | 项目 | 行次 | 金额 |
栏次 | | 1 | 栏次 | | 2 |
一、一般公共预算财政拨款收入 | 1 | 1,234.56 | 一、一般公共服务支出 | 32 | 1,100.00 |
本年收入合计 | 30 | 1,254.56 | 本年支出合计 | 60 | 1,234.56 |
年初结转和结余 | 31 | 10.00 | 年末结转和结余 | 61 | 30.00 |
总计 | 32 | 1,264.56 | 总计 | 62 | 1,264.56 |"""


def test_each_sides_bare_zongji_is_that_sides_grand_total():
    found = extract_text(_SUMMARY).metrics
    assert (found["final_income_grand_total"], found["final_grand_total"]) == (1264.56, 1264.56)
    assert (found["final_income_total"], found["final_total"]) == (1254.56, 1234.56)
    assert (found["carryover_prev"], found["carryover_end"]) == (10, 30)


def test_a_last_row_cut_inside_its_cell_gives_no_figure_from_it():
    # h11-jining-erren (opened): the copy ends 總計 | 27 | 36816, every row before it closed by its bar
    cut = _SUMMARY.rsplit("\n", 1)[0] + "\n总计 | 32 | 1,26"
    found = extract_text(cut).metrics
    assert "final_income_grand_total" not in found and found["final_income_total"] == 1254.56


def test_a_sentence_run_into_a_pipe_tables_first_cell_leaves_the_table_its_halves():
    """h25-cjly-sthjj: an OCR'd 收支总表 on a tendering site, the page's note run into its first row;
    the blank cell of the fund's income must not take the spending beside it."""
    rows = ("详情见附件(注:以下内容为附件图片识别,个别文字可能不准确,请以附件为准)收 入 | | 支 出 | |\n"
            "项 目 | 预算数 | 项 目 | 预算数 |\n"
            "一、一般公共预算拨款收入 | 2,280.32 | 一、社会保障和就业支出 | 709.01 |\n"
            "二、政府性基金预算拨款收入 | | 二、节能环保支出 | 2,482.84 |\n"
            "本年收入合计 | 3,445.89 | 本年支出合计 | 3,475.89 |\n"
            "收 入 总 计 | 3,475.89 | 支 出 总 计 | 3,475.89 |")
    found = extract_text(rows)
    assert (found.metrics["budget_income_total"], found.metrics["budget_total"]) == (3445.89, 3475.89)
    assert "budget_gov_fund" not in found.metrics
    assert found.document.paragraphs[0].text.endswith("请以附件为准)")


# 揭阳市图书馆 (holdout30): a statistical return (公共图书馆基本情况年报) copied as text, two columns of
# 项目 | 代码 | 单位 | 指标 to a line, each row's code and unit run into its name before the figure
STATISTICAL_RETURN = ("2019年年报公共图书馆基本情况年报\n单位名称揭阳市图书馆\n实际报出日期2020/5/8登记注册类型国有企业\n"
                      "项     目代码单位指标项     目代码单位指标\n"
                      "一、从业人员118在财政补贴收入中:基建拨款54千元\n"
                      "   其中:专业技术人才125             购书专项经费55千元1,270\n"
                      "    6、其他收入60千元17 其中:盲文图书18200十七、本年支出合计61千元3,299\n"
                      "      其中:基本支出62千元1,071\n           项目支出63千元985\n")


def test_a_statistical_returns_codes_are_never_amounts():
    found = metrics(STATISTICAL_RETURN)
    assert (found["final_total"], found["final_basic"], found["final_project"]) == (329.9, 107.1, 98.5)
    assert found["report_date"] == "2020-05-08"  # 报出日期: the day the return was sent in
    # the quote shows the row as the page prints it, its code and unit before the figure
    assert extract_text(STATISTICAL_RETURN).items["final_total"].provenance.text == "本年支出合计61千元3,299"
    # without the header naming the code and unit columns, the text is read as it is printed
    assert metrics("本年支出合计61千元。")["final_total"] == 6.1
