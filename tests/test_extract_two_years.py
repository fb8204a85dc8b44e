"""Which year and stage a figure belongs to when a text states two years: last year's 决算 beside
this year's budget (the budget's text), and words of arranging that are no budget."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


# A text that sets one year's budget beside the year before's 决算 is the budget's: its year is the
# later one and the earlier year's figures are last year's 决算.

def test_a_budget_beside_last_years_final_dates_the_text_by_the_budget():
    found = metrics("国家文物局7日在其官方网站公布了2010年“三公”经费财政拨款决算和2011年“三公”经费财政拨款预算情况。"
                    "公布显示,其2010年“三公”经费财政拨款决算数为593.53万元,2011年“三公”经费财政拨款预算数为667.43万元。")
    assert found["year"] == 2011
    assert (found["sangong_budget"], found["sangong_prev_actual"]) == (667.43, 593.53)
    assert "sangong_actual" not in found


def test_an_items_execution_beside_its_next_budget():
    found = metrics("四、公务接待费情况\n中科院财政拨款公务接待费2010年实际执行数为9995.05万元,2011年预算数为8043.66万元。"
                    "2011年预算数比上年执行数减少1951.39万元。")
    assert found["year"] == 2011
    assert (found["sangong_budget_reception"], found["sangong_prev_actual_reception"]) == (8043.66, 9995.05)
    assert "sangong_actual_reception" not in found


def test_a_later_budget_named_without_its_figure_dates_nothing():
    found = metrics("气象局日前在其网站上公布了全国气象部门2010年“三公经费”财政拨款支出情况和2011年“三公经费”财政拨款预算安排情况。"
                    "其中,2010年三公经费支出数为22738.55万元,因公出国(境)费1838.28万元。")
    assert found["year"] == 2010
    assert (found["sangong_actual"], found["sangong_actual_abroad"]) == (22738.55, 1838.28)


def test_a_titled_report_keeps_its_title_year():
    found = metrics("某县民政局2023年度部门整体支出绩效自评报告\n"
                    "2023年“三公”经费决算数为10万元,2024年“三公”经费预算数为8万元。")
    assert found["year"] == 2023 and found["sangong_actual"] == 10
    assert "sangong_budget" not in found


def test_vehicle_running_costs_called_operation_and_upkeep():
    # 运作维护 is 运行维护 (running and upkeep): the whole vehicle item, not its purchase
    found = metrics("2010年“三公”经费财政拨款决算1999.06万元,2011年“三公”经费财政拨款预算1608.27万元。"
                    "其中,公务用车购置及运作维护费占了大头,均超7成,2010年决算数1476.17万元,2011年预算数1246.39万元。")
    assert (found["sangong_budget_vehicle"], found["sangong_prev_actual_vehicle"]) == (1246.39, 1476.17)
    assert "sangong_budget_vehicle_purchase" not in found


# 安排 arranges money (预算安排) or things: before counts alone (团组0个, 0人次) it names no budget.

def test_trips_arranged_name_no_budget_for_the_items_after_them():
    found = metrics("2019年普洱市审计局(本级)一般公共预算财政拨款“三公”经费支出决算数为6.20万元,较上年减少4.11万元,下降39.86%。"
                    "其中:因公出国(境)费为0万元,共计安排因公出国(境)团组0个,因公出国(境)0人次。"
                    "公务接待费为1.81万元,较上年减少6.11万元,下降77.15%,国内公务接待批次为41次,共计接待217人次。")
    assert (found["sangong_actual"], found["sangong_actual_reception"], found["sangong_actual_reception_change"]) \
        == (6.2, 1.81, -6.11)
    assert not [m for m in found if m.startswith("sangong_budget")]


def test_money_arranged_is_still_a_budget():
    found = metrics("2020年“三公”经费情况\n共计安排“三公”经费12万元,其中公务接待费为5万元。")
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (12, 5)


# A clause that omits its subject and opens with its stage: 预算数为…,决算支出数为… (the item of the clause before).

def test_a_final_spent_after_its_budget_with_the_subject_left_out():
    found = metrics("云县2023年“三公”经费决算情况说明\n"
                    "云县2023“三公”经费预算数为832.05万元,决算支出数为820.33万元,完成年初预算数的98.59%。"
                    "其中:公务用车运行维护费预算数为478.19万元,决算支出数为507.98万元,较2022年决算数427.83万元增加80.15万元。")
    assert (found["sangong_budget"], found["sangong_actual"]) == (832.05, 820.33)
    assert (found["sangong_budget_vehicle_operation"], found["sangong_actual_vehicle_operation"]) == (478.19, 507.98)
    assert (found["sangong_prev_actual_vehicle_operation"], found["sangong_actual_vehicle_operation_change"]) \
        == (427.83, 80.15)
    assert "sangong_prev_budget" not in found


# The year's own budget named with the text's own year (比2017年年初预算数) is the year-start budget.

def test_a_comparison_with_this_years_own_budget_shows_the_figures_are_spent():
    found = metrics("2017年\n我市公务用车购置及运行维护费3371.9万元\n其中,公务用车购置费 232万元\n公务用车运行维护费 3139.9万元\n"
                    "比2016年减少1097.7万元,下降24.6%,比2017年年初预算数减少1186.1万元。")
    assert (found["sangong_actual_vehicle"], found["sangong_actual_vehicle_purchase"],
            found["sangong_actual_vehicle_operation"]) == (3371.9, 232, 3139.9)
    assert not [m for m in found if "budget" in m or "prev" in m]


def test_a_cost_per_vehicle_is_no_level_even_once_the_text_is_read_as_spent():
    found = metrics("继审计署首个公布每辆公车运行费后,国家粮食局也公布了此项费用,每辆车运行维护费5.57万元。"
                    "2010年,国家粮食局“三公经费”实际支出604.83万元,其中公务用车费255.56万元。"
                    "其中,因公出国(境)费比2010年预算数增加13.04万元。")
    assert (found["sangong_actual"], found["sangong_actual_vehicle"]) == (604.83, 255.56)
    assert "sangong_actual_vehicle_operation" not in found
    found = metrics("每辆车运行维护费5.57万元。“三公”经费41万元,较年初预算数减少4万元。")
    assert found["sangong_actual"] == 41 and "sangong_actual_vehicle_operation" not in found


# The vehicle item named with both its halves is the whole item, never its purchase part.

def test_vehicle_purchase_and_running_costs_named_with_jingfei_is_the_whole_item():
    found = metrics("2013年天山区财政拨款“三公经费”决算总数1699.95万元,其中:因公出国经费决算0万元;"
                    "公务用车购置及运行经费决算1608.62万元;公务接待经费决算91.33万元。")
    assert found["sangong_actual_vehicle"] == 1608.62
    assert "sangong_actual_vehicle_purchase" not in found


def test_a_pair_of_halves_no_cue_spells_gives_no_purchase_figure():
    found = metrics("2013年“三公经费”决算总数1699.95万元,其中:公务用车购置及运转开支决算1608.62万元。")
    assert "sangong_actual_vehicle_purchase" not in found and found["sangong_actual"] == 1699.95


# 今年 in news is the year the page is dated.

SHANGHAI = ("上海今年“三公经费”10.5亿元 预算与上年持平\n{stamp}"
            "今年市本级行政单位、事业单位和其他单位用财政拨款开支的“三公经费”预算合计10.5亿元。"
            "此外,2012年度的有关“三公经费”决算,将在2013年年中经过市人大常委会审议批准后向社会公布。\n")


def test_a_text_leading_with_this_year_is_of_the_year_its_page_is_dated():
    found = metrics(SHANGHAI.format(stamp="2013年01月28日 18:51 来源:新民网 参与互动(0)\n"))
    assert found["year"] == 2013 and found["sangong_budget"] == 105000


def test_this_year_on_an_undated_page_moves_no_year():
    assert metrics(SHANGHAI.format(stamp=""))["year"] == 2012
    titled = "2014年度某局部门整体支出绩效自评报告\n发布时间:2015-04-12\n今年“三公”经费支出10万元。\n"
    assert metrics(titled)["year"] == 2014


def test_a_change_column_of_the_later_year_against_the_earlier_dates_the_text_by_the_later():
    text = ("达州市公立医院情况对比表\n单位:达州市达川区中医医院 单位:元\n项目及编号 2016年度 2017年度 2017比2016增减\n"
            "增减值 增减%\n")
    assert metrics(text)["year"] == 2017
    assert metrics("项目及编号 2016年度 2017年度 2016比2015增减\n")["year"] == 2016


def test_a_budget_set_against_the_year_the_body_names_first_is_the_next_years():
    # 广州 2014 (holdout30, news of 2013年预算执行情况和2014年预算草案): this year's budget against 2013
    text = ("即将提交大会审查批准的广州市2013年预算执行情况和2014年预算草案已提前在网上公布。"
            "公务接待费预算0.97亿元,比2013年压减0.22亿元,下降18.6%;公务用车购置及运行维护费预算3.1亿元,"
            "比2013年压减0.36亿元,下降10.3%。")
    found = metrics(text)
    assert (found["year"], found["sangong_budget_reception"], found["sangong_budget_reception_change"]) == (2014, 9700, -2200)
    # against the year's own budget, or in a sentence naming another year too, the year stays
    assert metrics("2013年三公经费决算支出80万元。公务接待费决算20万元,比2013年预算减少2万元。")["year"] == 2013
    assert metrics("2013年收入100万元。2012年预算90万元,比2013年减少10万元。")["year"] == 2013


def test_the_amount_spent_beside_its_budget_is_the_final():
    found = metrics("国家邮政局今日在其网站上公布了《2012年国家邮政局部门决算》。国家邮政局2012年“三公经费”支出数为2,574.69万元,"
                    "预算数为9,564.38万元,支出数比预算数减少6989.69万元,下降率为73.08%。"
                    "国家邮政部门分析显示,因公出国费支出数363.82万元,预算数378万元,支出数比预算数减少14.18万元,下降率为3.75%;"
                    "公务接待费支出数772.88万元,预算数773.16万元。")
    assert (found["sangong_actual"], found["sangong_budget"]) == (2574.69, 9564.38)
    assert (found["sangong_actual_abroad"], found["sangong_budget_abroad"]) == (363.82, 378)
    assert (found["sangong_actual_reception"], found["sangong_budget_reception"]) == (772.88, 773.16)


# A list's stage written once, after its last label, before 分别为.

def test_a_list_whose_last_label_carries_the_stage_gives_each_item_that_stage():
    found = metrics("具体来说,今年南京市级因公出国(境)费、公务用车购置及运行维护费、公务接待费预算分别为0.28亿元、2.71亿元和0.69亿元,"
                    "相比去年的决算都有所减少。")
    assert (found["sangong_budget_abroad"], found["sangong_budget_vehicle"], found["sangong_budget_reception"]) \
        == (2800, 27100, 6900)
    found = metrics("2023年因公出国(境)费、公务接待费决算数分别为1万元、2万元。")
    assert (found["sangong_actual_abroad"], found["sangong_actual_reception"]) == (1, 2)


# A level compared with and left unchanged (较预算数0万元无增减, 较上年5万元无增减) is still that level.

def test_a_compared_level_with_no_change_is_read_as_that_level():
    found = metrics("2021年“三公”经费决算情况说明\n"
                    "2021年,州本级“三公”经费支出决算汇总数为1134万元,较上年1174万元减少40万元,较预算数1237万元减少103万元。"
                    "其中:因公出国(境)费为0万元,较上年6万元减少6万元,下降100%,较预算数0万元无增减;公务接待费为5万元,较上年5万元无增减。")
    assert (found["sangong_budget"], found["sangong_budget_abroad"]) == (1237, 0)
    assert (found["sangong_prev_actual_reception"], found["sangong_actual_reception_change"]) == (5, 0)


def test_both_items_of_a_part_unchanged_with_zero_growth():
    found = metrics("科技部2012年“三公经费”财政拨款预算数4036.72万元,其中:因公出国(境)费预算2065.52万元,由于出访任务增多,"
                    "较上年增加18万元额度;公务用车购置及运行费预算304.35万元,公务接待费预算1666.85万元,均较2011年预算零增长。")
    assert found["sangong_budget_abroad_change"] == 18
    assert (found["sangong_budget_vehicle_change"], found["sangong_budget_reception_change"]) == (0, 0)
    assert "sangong_budget_change" not in found
    one = metrics("2012年“三公经费”预算数4036.72万元;公务接待费预算1666.85万元,均较2011年预算零增长。")
    assert "sangong_budget_reception_change" not in one  # 均 of one figure: which items is not said


# A change said roughly or bounded (近74万元, 103万余元, 200万元以上) states no amount; last year's
# spending opened by 去年, is last year's.

def test_a_rough_or_bounded_change_states_no_amount():
    found = metrics("公布显示,其2010年“三公”经费财政拨款决算数为593.53万元,2011年“三公”经费财政拨款预算数为667.43万元,"
                    "本年度比上年多出近74万元。但是,今年公务接待费预算数为151.85万元,比去年公务接待费决算数48.32万元多出103万余元。")
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (667.43, 151.85)
    assert not [m for m in found if m.endswith("_change")]
    found = metrics("2013年“三公”经费预算情况\n市国土局的“三公”经费预算比去年预算下降200万元以上。")
    assert not [m for m in found if m.endswith("_change")]


def test_last_years_spending_opened_by_last_year_and_a_comma():
    found = metrics("北京88家单位公开部门预算,其中“三公”经费预算为79779.88万元。"
                    "去年,各单位“三公”经费总支出数额为79830.67万元,意味着今年“三公”经费略有压缩。")
    assert found["sangong_budget"] == 79779.88
    assert "sangong_actual" not in found


def test_abroad_costs_named_going_abroad_and_out_of_the_border():
    found = metrics("今年市本级“三公经费”预算合计10.5亿元。其中,出国出境经费预算2.07亿元、车辆购置及运行费预算5.14亿元,"
                    "公务接待费预算3.29亿元。")
    assert (found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (20700, 32900)
    assert "budget_total" not in found


def test_an_amount_left_unspent_is_no_level():
    found = metrics("2020年“三公”经费决算情况说明\n"
                    "一般公共预算财政拨款“三公”经费支出预算为37.11万元,支出决算为13.49万元,完成预算的36.32%。"
                    "“三公”经费支出决算数小于预算数的主要原因:一是因人员调出导致公务交通补贴未使用完8.27万元,"
                    "三是因严控三公经费支出,接待费、公车运行维护费未使用完1.88万元。")
    assert (found["sangong_budget"], found["sangong_actual"]) == (37.11, 13.49)
    assert not [m for m in found if "vehicle" in m or "reception" in m]


# A numbered item name standing as a sentence (2、公务接待费。) is the subject of the figures after it.

def test_a_numbered_item_sentence_is_the_subject_of_the_figures_after_it():
    found = metrics("二、“三公经费”财政拨款情况说明\n2012年“三公经费”财政拨款预算931.27万元。其中:\n"
                    "2、公务接待费。2012年预算数99.23万元,主要原因:2012年部分单位基础数据增加,以此计算的公用经费定额增加。")
    assert found["sangong_budget_reception"] == 99.23
    assert "budget_public_funds" not in found


# What some departments spent (多数部门, 部分单位) is no figure of the text's own subject.

def test_what_most_departments_spent_is_no_figure_of_the_subject():
    found = metrics("我市近20个市直部门陆续公布2017年“三公”经费决算。此外,多数部门因公出国费用为零,公车依然是“三公”费用中最大的开销。\n"
                    "2017年\n我市公务用车购置及运行维护费3371.9万元,比2017年年初预算数减少1186.1万元。")
    assert found["sangong_actual_vehicle"] == 3371.9
    assert "sangong_actual_abroad" not in found


def test_next_years_budget_stated_first_and_this_years_final_later_dates_the_text_by_the_budget():
    # 国家统计局 2011 (新浪财经 reprint): the 2011 budget leads, the 2010 决算 follows in sentences of its own
    text = ("国家统计局公布了2010年“三公经费”财政拨款预算数、决算数,以及2011年“三公经费”财政拨款预算数。\n"
            "2011年国家统计局“三公经费”财政拨款预算数合计为11385.18万元。其中,因公出国(境)费1406.27万元。\n"
            "2010年,国家统计局“三公经费”财政拨款决算数为11627.85万元。")
    found = metrics(text)
    assert (found["year"], found["sangong_budget"], found["sangong_prev_actual"]) == (2011, 11385.18, 11627.85)
    # in either order: a 决算 followed by next year's budget states what the one sentence states
    later = metrics("2010年“三公经费”决算数为11627.85万元。2011年“三公经费”预算数为11385.18万元。")
    assert (later["year"], later["sangong_budget"], later["sangong_prev_actual"]) == (2011, 11385.18, 11627.85)


def test_money_named_far_from_a_budget_word_is_no_budget_figure():
    # 北京市商务委 2010: 按照…2011年预算编报的会计科目设置,“交通费”科目下…还包括…39.6万元 states no 2011 budget
    found = metrics("2010年决算数包括公务用车购置费139.11万元。按照2010年决算和2011年预算编报的会计科目设置,"
                    "“交通费”科目下的核算内容除公务用车运行维护费外,还包括商务委班车租赁费39.6万元、公务交通出租车费22.1万元。")
    assert (found["year"], found["sangong_actual_vehicle_purchase"]) == (2010, 139.11)


def test_items_under_a_heading_of_last_years_final_are_last_years():
    # 中国社科院 2011 (财经网 reprint): numbered items under 一、2010年…决算 are 2010's in a text of the 2011 budget
    text = ("2011年中国社科院“三公经费”财政拨款预算数为2,051.05万元。\n"
            "一、2010年“三公经费”财政拨款决算\n"
            "1、因公出国(境)费支出数为374.93万元,全部为事业单位支出数。\n"
            "二、2011年“三公经费”财政拨款预算\n"
            "1、因公出国(境)费预算数为374.93万元,全部为事业单位预算数。\n"
            "3、公务接待费预算数为58.66万元。")
    found = metrics(text)
    assert found["year"] == 2011
    assert (found["sangong_prev_actual_abroad"], found["sangong_budget_abroad"]) == (374.93, 374.93)
    assert "sangong_actual_abroad" not in found


def test_items_of_a_budget_set_against_last_years_spending_stay_the_budgets():
    # 自然科学基金委 2011: the items under a budget total compared with 2010's 实际支出 are budget items
    text = ("2011年,财政部批复我委“三公经费”支出预算总额575.48万元,比2010年实际支出761.33万元,减少185.85万元,"
            "降低24.41%。其中:因公出国(境)费303万元,比2010年实际支出330.08万元,减少27.08万元。")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_budget_abroad"]) == (575.48, 303)
    assert "sangong_actual_abroad" not in found


def test_a_first_line_naming_a_final_figure_is_a_columns_header_not_the_texts_heading():
    # after 自然科学基金委 2011: the table's column header 2010年…决算数 comes first; the text is the 2011 budget's
    text = ("2010年“三公经费”财政拨款决算数\n2011年“三公经费”财政拨款预算数\n"
            "2010年,我委本级“三公经费”决算数为761.33万元。\n"
            "2011年,财政部批复我委“三公经费”支出预算总额575.48万元。")
    found = metrics(text)
    assert (found["year"], found["sangong_budget"], found["sangong_prev_actual"]) == (2011, 575.48, 761.33)


def test_a_years_spending_named_by_spent_alone_beside_the_next_budget():
    """质检总局 2011: 2010's figures are what was 支出 (no 决算 word), 2011's its 预算."""
    found = metrics("2010年,包括使用当年财政拨款和上年财政拨款结转结余资金发生的支出,质检系统“三公经费”财政拨款支出"
                    "41885.88万元。其中,因公出国(境)费财政拨款支出2867.71万元。"
                    "2011年,质检系统“三公经费”财政拨款预算总额为40762.64万元。其中,因公出国(境)费财政拨款预算2396.20万元。")
    assert found["year"] == 2011
    assert (found["sangong_prev_actual"], found["sangong_budget"]) == (41885.88, 40762.64)
    assert (found["sangong_prev_actual_abroad"], found["sangong_budget_abroad"]) == (2867.71, 2396.2)
    assert "sangong_actual" not in found


def test_a_years_budget_and_execution_beside_the_next_budget():
    """知识产权局 2011: ``2010年预算…,实际执行…`` states 2010's 决算 after its budget."""
    found = metrics("2010年公务接待费预算178.01万元,实际执行144.73万元,主要原因是部分来访团组取消。"
                    "2011年公务接待费预算178.01万元,与上年持平。")
    assert found["year"] == 2011
    assert (found["sangong_budget_reception"], found["sangong_prev_actual_reception"]) == (178.01, 144.73)
    assert found["sangong_budget_reception_change"] == 0


def test_spending_named_with_the_next_years_budget_but_no_figure_keeps_its_year():
    found = metrics("2010年,某局“三公经费”财政拨款支出41.88万元。2011年预算安排情况另行公布。")
    assert found["year"] == 2010 and found["sangong_actual"] == 41.88


def test_an_undated_final_in_a_text_dated_by_its_budget_is_the_year_befores():
    """国家统计局 2011: ``其中,因公出国(境)费决算数为…`` names no year, and the text is 2011's budget."""
    found = metrics("2011年国家统计局“三公经费”财政拨款预算数合计为11385.18万元。其中,因公出国(境)费1406.27万元。\n"
                    "2010年,国家统计局“三公经费”财政拨款决算数为11627.85万元。其中,因公出国(境)费决算数为1310.84万元。")
    assert found["year"] == 2011
    assert (found["sangong_prev_actual"], found["sangong_prev_actual_abroad"]) == (11627.85, 1310.84)
    assert found["sangong_budget_abroad"] == 1406.27 and "sangong_actual_abroad" not in found


def test_a_years_own_final_beside_last_years_keeps_undated_finals_its_own():
    found = metrics("2023年“三公”经费预算数为832.05万元,较2022年决算数688.84万元增加131.49万元。\n"
                    "2023年“三公”经费决算数为820.33万元。其中,因公出国(境)费决算数为0万元。")
    assert (found["sangong_actual"], found["sangong_actual_abroad"]) == (820.33, 0)
    assert "sangong_prev_actual_abroad" not in found


def test_a_year_only_named_before_the_next_years_budget_figures_is_not_the_texts():
    """北京 2015 (news): 2014 is only the year whose execution was reviewed; every figure is 2015's budget."""
    found = metrics("北京市十四届人大三次会议昨天审查了北京市2014年预算执行情况和2015年预算草案的报告。"
                    "报告显示,2015年市级党政机关“三公”经费财政拨款支出预算安排8.27亿元,较2014年预算降低14.92%。")
    assert found["year"] == 2015 and found["sangong_budget"] == 82700



def test_this_year_set_against_the_year_the_body_names_is_the_later():
    """h8-mor: 相较2010年,今年…预算 dates the text 2011, whose 2010 figures are last year's."""
    text = ("铁道部23日公布了2010年“三公经费”及2011年“三公经费”预算。相较2010年,今年铁道部“三公经费”财政拨款预算为"
            "1089.78万元,较2010年财政拨款预算减少62.83万元。2010年,铁道部“三公经费”财政拨款预算为1152.61万元。")
    found = metrics(text)
    assert (found["year"], found["sangong_budget"], found["sangong_prev_budget"]) == (2011, 1089.78, 1152.61)
    assert metrics("2010年铁道部“三公经费”决算1070万元。今年以来,各项工作有序推进。")["year"] == 2010


def test_this_year_set_against_a_year_reads_that_year_as_last_year_in_a_text_naming_none():
    """sichuan-sheng-2015: 今年…预算总额为5.55亿元,较2014年的5.98亿元减少0.43亿元: 2014 is last year, though
    the text never names its own year (and none is given)."""
    found = metrics("经省财政厅汇总,今年我省省本级部门使用财政拨款安排“三公”经费预算总额为5.55亿元,"
                    "较2014年的5.98亿元减少0.43亿元,下降7%。")
    assert (found["sangong_prev_budget"], found["sangong_budget_change"], found["sangong_budget_change_pct"]) \
        == (59800, -4300, -7)
    assert "year" not in found


WUZHOU_2025 = ("四、财政拨款收支预算总体情况说明\n2025 年财政拨款收支总预算 1085203.63 元。收入包括:一般公共预算拨款 1085203.63 元。\n"
               "五、一般公共预算支出情况说明\n2025 年本年一般公共预算支出 1085203.63 元,同比减少 43506.06 元,下降 3.85 %。"
               "其中:基本支出 1037103.63 元,项目支出 48100 元,具体支出预算如下:")


def test_a_text_that_states_its_budget_and_nothing_spent_gives_the_budget_under_no_stage():
    """wuzhou-2025-budget-pdf: 基本支出 and 项目支出 under no stage, in a text of budget figures alone, are budgeted."""
    found = extract_text(WUZHOU_2025).items
    assert (found["budget_basic"].value, found["budget_project"].value) == (103.710363, 4.81)
    assert "inferred" in found["budget_basic"].flags


def test_nor_in_a_text_naming_what_was_spent_or_a_budget_only_as_a_norm():
    assert "budget_basic" not in metrics(WUZHOU_2025 + "\n六、2024年决算数为1128709.69元。")
    norm_only = ("2018年第四季度“三公经费”管理使用情况\n根据《关于整治“三公”经费开支过大、严禁超预算或无预算安排支出工作方案》的要求,"
                 "现将使用情况公布。\n本年度公务用车费为28万元,比去年同期26万元增长了7.69%。")
    assert not any(metric.startswith("sangong_budget") for metric in metrics(norm_only))


def test_a_text_whose_one_year_is_what_it_is_compared_with_reads_it_as_last_year():
    """central-2023-final: …支出合计38.72亿元,比2022年增加10.48亿元, in a text naming no other year."""
    found = metrics("中央本级“三公”经费财政拨款支出合计38.72亿元,比2022年增加10.48亿元,主要是对外交往逐步恢复。")
    assert (found["sangong_actual"], found["sangong_actual_change"]) == (387200, 104800) and "year" not in found
