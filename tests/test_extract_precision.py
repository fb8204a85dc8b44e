"""Readings that would put a wrong number before an auditor, each shown on a text where the
figure belongs elsewhere and on one where the rule must still give it."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def test_roughly_level_states_no_change():
    assert "sangong_budget_change" not in metrics("2021年“三公”经费支出预算为400万元,与2020年预算基本持平。")
    assert metrics("2021年“三公”经费支出预算为400万元,与2020年预算持平。")["sangong_budget_change"] == 0


def test_income_from_a_source_is_not_its_spending():
    income = "二、收入决算情况说明\n2022年本年收入合计100万元,其中:政府性基金预算财政拨款收入0万元。"
    assert "final_gov_fund" not in metrics(income)
    assert metrics("2022年度决算中,政府性基金预算财政拨款支出5万元。")["final_gov_fund"] == 5
    # the sources an income figure is broken into (杭州市钱塘区行政审批局2021年度部门决算)
    breakdown = ("(二)收入决算情况说明\n本年收入合计4352.47万元;包括财政拨款收入4352.47万元(其中,一般公共预算"
                 "4352.47万元,政府性基金预算0万元,国有资本经营预算0万元),占收入合计100%。")
    assert "final_gov_fund" not in metrics(breakdown)
    spent = "(三)支出决算情况说明\n2021年本年支出合计100万元(其中,政府性基金预算支出5万元)。"
    assert metrics(spent)["final_gov_fund"] == 5


def test_a_figure_after_a_list_of_items_is_not_the_last_item():
    joint = "2010年用财政拨款开支的因公出国(境)经费、公务用车购置及运行费、公务接待费决算支出94.7亿元。"
    assert not any(m.startswith("sangong_actual_") for m in metrics(joint))
    assert metrics("2010年公务接待费决算支出15.28亿元。")["sangong_actual_reception"] == 152800
    listed = "2023年决算中,因公出国(境)经费与公务接待费分别为0.34万元和4.23万元。"
    found = metrics(listed)
    assert (found["sangong_actual_abroad"], found["sangong_actual_reception"]) == (0.34, 4.23)


def test_a_final_figure_compared_with_last_years_budget_stays_final():
    text = ("2021年“三公”经费决算支出30万元,比上年预算减少5万元,比上年决算减少3万元;"
            "其中公务接待费10万元,比上年预算减少2万元。")
    found = metrics(text)
    assert (found["sangong_actual"], found["sangong_actual_change"], found["sangong_actual_reception"]) == (30, -3, 10)
    assert not any(m.startswith("sangong_budget") for m in found)
    # a figure under no stage set against last year's budget is this year's budget
    found = metrics("2020年公务接待费支出0.36万元,比2019年预算减少0.02万元。")
    assert (found["sangong_budget_reception"], found["sangong_budget_reception_change"]) == (0.36, -0.02)


def test_a_project_named_after_a_label_owns_the_figure():
    assert "carryover_prev" not in metrics("2024年年初批复预算985万元(含1个年初结转结余项目50万元)。")
    assert metrics("2024年年初结转结余50万元。")["carryover_prev"] == 50


def test_an_amount_per_person_or_car_is_not_the_total():
    text = "2020年“三公”经费决算36万元。全年出访4批共10人次,人均因公出国(境)经费1.8万元。"
    found = metrics(text)
    assert found["sangong_actual"] == 36 and "sangong_actual_abroad" not in found
    per_visit = metrics("2020年公务接待费决算8万元,共接待40批次,公务接待费平均每批次0.2万元。")
    assert per_visit["sangong_actual_reception"] == 8
    per_car = metrics("2020年决算公务用车运行维护费12万元,车均公务用车运行维护费3万元。")
    assert per_car["sangong_actual_vehicle_operation"] == 12
    # the same item stated as a whole keeps its figure
    assert metrics("2020年决算因公出国(境)经费1.8万元,共出访2人次。")["sangong_actual_abroad"] == 1.8


def test_a_table_row_counting_visits_or_groups_is_no_amount():
    text = ("2019年“三公”经费预算表\n单位:元\n项目      2019年预算数\n一、支出合计      80000\n"
            "1、因公出国(境)费\n2、公务接待费      50000\n3、公务用车费      30000\n"
            "4、因公出国(境)团组数(个)      2\n5、公务接待批次(批)      12\n6、公务接待人数(人)      90\n"
            "7、公务用车保有量(辆)      3")
    found = metrics(text)
    assert "sangong_budget_abroad" not in found  # its cell is empty; the 团组数 row counts groups
    assert (found["sangong_budget"], found["sangong_budget_reception"], found["vehicles_held"]) == (8, 5, 3)
    assert extract_text(text).items["sangong_budget_reception"].flags == []  # no competing 批次 or 人数 reading
    # a money row whose unit is named after it keeps its figure
    money = ("2019年“三公”经费预算表\n项目      2019年预算数\n一、支出合计(万元)      8\n"
             "1、因公出国(境)费(万元)      2\n2、公务接待费(万元)      5\n3、公务用车费(万元)      1")
    assert metrics(money)["sangong_budget_abroad"] == 2


def test_a_target_word_in_a_later_reason_makes_no_figure_a_target():
    reason = "2022年度收入合计512万元,较上年决算数增加40万元,增长8.5%,原因是兑现绩效目标奖励。"
    found = metrics(reason)
    assert (found["final_income_total"], found["final_income_total_change"]) == (512, 40)
    assert found["final_income_total_change_pct"] == 8.5
    # a target stated before the figure, or in its own clause, still keeps it out
    assert "final_income_total" not in metrics("2023年目标:收入合计决算达到600万元。")
    assert "sangong_budget_reception" not in metrics("力争2023年公务接待费预算控制在3万元以内。")
    assert "sangong_actual" not in metrics("下一步,“三公”经费决算压减至20万元的目标。")


def test_a_concepts_total_after_the_funds_it_is_paid_from():
    found = metrics("2023年“三公”经费财政拨款支出合计38.72亿元。")
    assert found["sangong_actual"] == 387200 and "final_total" not in found
    # a longer qualifier: the total is still not the department's (the item is too far to name it)
    assert "final_total" not in metrics("2023年“三公”经费一般公共预算财政拨款支出合计12万元。")
    # the department's total named apart from the concept stays the department's
    found = metrics("2023年“三公”经费决算12万元,本单位支出合计300万元。")
    assert (found["sangong_actual"], found["final_total"]) == (12, 300)


def test_a_figure_in_the_clause_giving_a_reason_is_no_level():
    text = "2020年度收入总计500万元。收支较上年决算数增加40万元,主要原因新建项目结转政府采购35万元。"
    found = metrics(text)
    assert found["final_grand_total_change"] == 40 and "final_procurement" not in found
    # the next clause, or a reason opened with a colon, states the text's own figures again
    found = metrics("“三公”经费预算增减的主要原因是:2018年“三公”经费预算合计24万元,比上年减少4万元。")
    assert found["sangong_budget"] == 24
    found = metrics("2020年政府采购决算35万元,原因是项目增加,政府采购决算中货物类采购20万元。")
    assert found["final_procurement_goods"] == 20


def test_the_same_digits_in_yuan_and_in_wan_yuan_are_a_misprint():
    found = extract_text("2020年决算公开公务接待费3.2元,经核实,2020年度决算支出公务接待费为3.2万元。")
    assert found.metrics["sangong_actual_reception"] == 3.2
    assert "unit_corrected" in found.items["sangong_actual_reception"].flags
    # stated once, an amount in 元 is taken as printed
    assert metrics("2020年决算公务接待费3200元。")["sangong_actual_reception"] == 0.32
    # other digits are no misprint of each other: the stronger reading stays
    found = extract_text("2020年决算公务接待费5元,经核实,2020年度支出公务接待费为3.2万元。")
    assert "unit_corrected" not in found.items["sangong_actual_reception"].flags


def test_a_share_stated_as_a_bound_is_no_share():
    for bound in ("以上", "以下", "以内"):
        found = metrics(f"2022年“三公”经费决算支出40万元,其中公务接待费22万元,占50%{bound}。")
        assert found["sangong_actual_reception"] == 22 and "sangong_actual_reception_share" not in found, bound
    found = metrics("2022年“三公”经费决算支出40万元,其中公务接待费22万元,占55%,以上数据均为决算数。")
    assert found["sangong_actual_reception_share"] == 55


def test_a_count_of_vehicles_is_no_count_of_staff():
    found = metrics("本局公务车辆编制数为9辆,实有数为8辆。")
    assert not any(m.startswith("staff_") for m in found)
    found = metrics("本局人员编制40人,公务用车编制9辆。")
    assert found["staff_authorized"] == 40
    found = metrics("本局核定编制12个,实有人员11名。")
    assert (found["staff_authorized"], found["staff_actual"]) == (12, 11)


def test_an_estimate_is_no_figure_reached():
    found = metrics("2023年度部门决算说明\n本年“三公”经费支出预计为9万元,公务接待费预计3万元。")
    assert "sangong_actual" not in found and "sangong_actual_reception" not in found
    found = metrics("2023年度部门决算说明\n本年“三公”经费支出决算为9万元,超出预计1万元。")
    assert found["sangong_actual"] == 9


def test_the_last_of_a_list_of_kinds_bought_names_no_kind():
    found = metrics("2021年全县政府采购货物、服务和工程类合同金额共计8200万元。")
    assert not any(m.startswith(("final_procurement_", "budget_procurement_")) for m in found)
    found = metrics("2021年全县政府采购货物类3000万元、工程类5200万元。")
    assert (found["final_procurement_goods"], found["final_procurement_works"]) == (3000, 5200)


def test_a_label_whose_budget_word_begins_a_compound_names_no_budget():
    found = metrics("2022年公务接待费预算执行数为4.4万元,因公出国(境)费预算单位共3家。")
    assert "sangong_budget_reception" not in found and "sangong_budget_abroad" not in found
    found = metrics("2022年公务接待费预算为4.4万元,预算执行率88%。")
    assert found["sangong_budget_reception"] == 4.4


def test_a_kind_of_an_item_is_not_the_item():
    # 审计署 2010 (文汇网 mirror): the reception spending in all, then its foreign and other kinds
    found = metrics("2010年公务接待费决算657.42万元,其中涉外的公务接待费支出140万元,其他公务接待费支出517.42万元。")
    assert found["sangong_actual_reception"] == 657.42
    assert metrics("2010年决算中,其他商品和服务支出5万元,公用经费20万元。")["final_public_funds"] == 20
    # 其中 opening the breakdown of items still names each item
    found = metrics("2010年“三公”经费决算20万元,其中:公务接待费5万元,公务用车运行费15万元。")
    assert (found["sangong_actual_reception"], found["sangong_actual_vehicle_operation"]) == (5, 15)


def test_a_governments_fiscal_totals_are_no_departments():
    """统计公报 and a town's own 决算 report: 财政总收入 and a whole region's 收支总计 are the
    government's; a department's 财政拨款收入 stays its own."""
    found = metrics("全年财政总收入37.70亿元,比上年增长18.6%。一般公共预算收入23.52亿元,增长10.1%。")
    assert not {"final_income_total", "final_income_total_change_pct", "final_total"} & set(found)
    found = metrics("2022年决算报告\n全镇政府性基金收入上级补助收入0万元,收入总计0万元。\n"
                    "全镇政府性基金支出0万元。加上上解上级支出等0万元,支出总计0万元。")
    assert not {"final_grand_total", "final_income_grand_total"} & set(found)
    found = metrics("2022年度收入总计512.3万元,其中财政拨款收入500万元;支出总计512.3万元。")
    assert found["final_grand_total"] == found["final_income_grand_total"] == 512.3
    # 甘谷县 (holdout12): a county's 决算 under the headings of its own accounts, compared with its budget
    found = metrics("一、财政收支完成情况\n2024年,全县财政收入67955万元,占预算101032万元的67.3%。\n"
                    "财政总支出450432万元,其中:政府性基金预算支出40907万元,完成预算的80%。\n"
                    "二、公共财政预算收支决算情况\n(三)平衡情况\n收入总计451227万元,减支出总计425533万元。")
    assert not {"final_total", "final_gov_fund", "final_grand_total", "final_income_grand_total"} & set(found)
    # 深汕特别合作区 (holdout30): the zone's general budget under its heading, compared with its adjusted budget
    found = metrics("一、一般公共预算收支决算情况\n(一)收入决算情况\n2022年深汕特别合作区一般公共预算收入4.98亿元,"
                    "为调整预算数的107.4%,总收入为97.67亿元。\n(二)支出决算情况\n2022年深汕特别合作区一般公共预算支出"
                    "96.56亿元,为调整预算数的233.6%,加上上解上级支出0.21亿元,总支出为96.77亿元。总收支相抵后,结转结余为0.90亿元。")
    assert not {"budget_adjusted_total", "carryover_end", "final_total", "final_income_total"} & set(found)
    # a department's own budget: 机关运行经费预算 is one kind of its funds, not its whole budget
    found = metrics("2018年部门预算\n2018年机关运行经费预算安排143800元,政府采购预算安排7980元。")
    assert "budget_total" not in found and found["budget_procurement"] == 0.798
    assert metrics("2022年本单位经费预算100万元。")["budget_total"] == 100


def test_totals_under_a_regions_heading_or_of_a_fund_are_no_departments():
    # 苍山区 2020 决算 (holdout10): the region's 收支 under its section's heading, a sub-heading between
    region = ("一、2020年全区收支决算\n1.一般公共预算收支及其平衡情况\n一般公共预算支出361315万元,加上解上级支出52441万元,"
              "支出合计448985万元。\n二、区财政局部门决算\n本局支出合计512.3万元。")
    found = metrics(region)
    assert found["final_total"] == 512.3 and "budget_total" not in found  # the next top heading ends the region's
    # 青田县 教育经费 bulletin (holdout10): a fund's income and its change
    fund = metrics("2022年,全县地方教育经费总收入21.27亿元。\n(一)国家财政性教育经费总收入18.96亿元,比上年16.09亿元增加2.87亿元,增长17.84%。")
    assert not {m for m in fund if m.startswith(("final_income", "budget_income"))}
    # 中国文字博物馆 2013 (holdout21): the museum's own 经费总收入, funds named for no purpose
    own = metrics("2013年度中国文字博物馆部门决算公开\n经费总收入4089.45万元,比2012年度增加1519.09万元,同比增加59.1%。")
    assert (own["final_income_total"], own["final_income_total_change"]) == (4089.45, 1519.09)
    # 涪陵区青羊镇 (holdout18): the town's own government funds, under the heading of its accounts
    town = metrics("一、全镇收支决算情况\n(二)政府性基金预算\n2023年我镇政府性基金收入总计3319万元,其中本级收入103万元;"
                   "2023年政府性基金支出总计3319万元,其中本级支出1703万元。")
    assert "final_gov_fund" not in town
    assert metrics("2023年度部门决算\n本部门政府性基金支出100万元。")["final_gov_fund"] == 100


def test_a_sentence_about_one_kind_of_funds_states_no_department_total():
    # 忻州市第二实验小学 (eighth round): the 一般公共预算 funds' carry-over, and the projects' part of it
    found = metrics("2018年度决算总收入1244.27万元,年末结转和结余164.61万元。\n"
                    "2018年度一般公共预算收入总计1085.31万元,本年支出1070.67万元,年末结转和结余30.65万元,"
                    "其中项目支出结转和结余27.80万元。")
    assert found["carryover_end"] == 164.61 and "final_project" not in found
    assert "final_income_grand_total" not in found


def test_an_amount_added_is_no_level():
    # 国家知识产权局 2011 (holdout8): the approval added 80万元 to the travel budget
    found = metrics("2011年财政部批复新增履行知识产权国际条约及协议出国(境)费预算80万元。")
    assert "sangong_budget_abroad" not in found
    assert metrics("2011年因公出国(境)费预算80万元。")["sangong_budget_abroad"] == 80


def test_a_list_numeral_is_no_figure_a_next_comparison_could_be_about():
    """南县 2021: ``1、收入:792.22万元。同比上年度增加189.25万元`` compares the one figure, not 1."""
    found = metrics("2021年部门决算收支完成情况。\n1、收入:792.22万元。同比上年度增加189.25万元,增加31.39%。")
    assert (found["final_income_total_change"], found["final_income_total_change_pct"]) == (189.25, 31.39)


def test_the_appropriations_totals_are_no_department_totals():
    # 江津区柏林镇 (holdout9): the 财政拨款 totals and their changes come first, the whole's after them
    found = metrics("2021年度财政拨款收入总计2951.23万元,较上年决算数减少834.60万元,下降22.05%。"
                    "2021年度财政拨款支出总计3084.82万元,较上年决算数减少567.42万元,下降15.54%。\n"
                    "1.总体情况。2021年度收入总计3,084.82万元,支出总计3,084.82万元。收支较上年决算数减少701.01万元、下降18.5%。")
    assert (found["final_income_grand_total"], found["final_grand_total"]) == (3084.82, 3084.82)
    assert (found["final_income_grand_total_change"], found["final_grand_total_change"]) == (-701.01, -701.01)
    assert (found["final_income_grand_total_change_pct"], found["final_grand_total_change_pct"]) == (-18.5, -18.5)
    alone = metrics("2021年度财政拨款支出合计3.35亿元,比上年增加0.2亿元。")
    assert not {"final_total", "final_grand_total", "final_total_change"} & set(alone)


def test_an_economic_class_of_spending_is_not_the_public_funds():
    """商品和服务支出 is a class of the economic breakdown, which holds project spending too: not
    公用经费 (开江县复兴小学, 运城铁路中学 in holdout11), unless the page says it is."""
    found = metrics("2019年复兴小学支出预算总额为658.66万元,其中:工资和福利支出562.52万元,商品和服务支出88.90万元。")
    assert found["budget_total"] == 658.66 and "budget_public_funds" not in found
    found = metrics("2024年基本支出决算数928.57万元，其中：工资福利支出711.9万元、一般商品和服务支出106.62万元。")
    assert found["final_public_funds"] == 106.62  # a part of basic spending (the seed 湘乡市民政局)
    found = metrics("2017年部门预算\n2017年部门经费预算7464053元,基本支出4566793元,其中工资福利支出(人员支出)"
                    "3265013元,商品和服务支出(公用支出)843942元。")  # 盘龙区人大 (dev)
    assert found["budget_public_funds"] == 84.3942


def test_the_income_of_one_kind_of_funds_is_not_the_departments():
    # 三亚林场 (holdout12): 收入总计 holds 一般公共预算本年收入; that fund's income is no total of the unit's
    found = metrics("2025年财政拨款收支总预算77.82万元。其中,收入总计77.82万元,包括一般公共预算本年收入77.82万元、上年结转0万元。")
    assert "budget_income_total" not in found


def test_the_figure_of_a_part_an_item_includes_is_not_the_items():
    # 民政部 2013 (holdout4): 公务接待费包括外事接待费80万元 — 80 is the foreign part's
    found = metrics("民政部2013年“三公经费”预算1429.52万元。2013年预算数中公务接待费包括外事接待费80万元。")
    assert found["sangong_budget"] == 1429.52 and "sangong_budget_reception" not in found
    assert metrics("2013年公务接待费预算80万元,包括外事接待。")["sangong_budget_reception"] == 80


def test_by_how_much_spending_overran_its_budget_is_no_budget():
    """h13-jishengwei: 公务用车费用超出当年预算5.71万元 is the overrun, not the vehicles' budget."""
    found = metrics("2010年,“三公经费”支出927.2万元。公务用车费用超出当年预算5.71万元。")
    assert not any(metric.startswith("sangong_budget") for metric in found)
    assert metrics("公务用车费用预算5.71万元。")["sangong_budget_vehicle"] == 5.71


def test_the_appropriations_part_of_basic_spending_is_not_the_departments():
    """h14-dyrmt: under a 决算 heading, 财政拨款基本支出 is paid from appropriations alone, not all basic spending."""
    heading = "六、一般公共预算财政拨款基本支出决算情况说明\n"
    assert "final_basic" not in metrics(heading + "2023年一般公共预算财政拨款基本支出911.7万元,其中人员经费489.18万元。")
    assert metrics("六、基本支出决算情况说明\n2023年基本支出911.7万元。")["final_basic"] == 911.7


def test_what_a_budget_expects_is_the_budget_but_an_estimate_of_execution_is_no_figure():
    """h12-daye-yinzu: 2025年预算总收入预计3486.95万元 is the budget; 一般公共预算收入预计完成39.1亿元 names no budget."""
    assert metrics("2025年部门预算\n殷祖镇中心学校2025年预算总收入预计3486.95万元。")["budget_income_total"] == 3486.95
    found = metrics("2023年预算执行情况\n2023年区级一般公共预算收入预计完成39.1亿元,完成调整预算37.5亿元的104.3%。")
    assert not any(metric.startswith(("budget", "final")) for metric in found)


def test_what_a_balance_was_given_to_is_no_balance():
    # h15-yuzhong-cdc: …项目支出11047.07万元,占78.41%。此外,结余分配40.35万元。 (a 决算 table's row of its own)
    text = ("2021年度部门决算\n本部门2021年度支出合计12638.86万元。此外,结余分配40.35万元。\n"
            "本部门2021年度年末结转和结余3383.53万元。")
    assert metrics(text)["carryover_end"] == 3383.53
    assert "carryover_end" not in metrics("2021年度部门决算\n本年支出合计12638.86万元,结余分配40.35万元。")
    assert metrics("2021年度部门决算\n本年支出合计12638.86万元,结余40.35万元。")["carryover_end"] == 40.35


def test_an_amount_per_student_is_no_departments():
    # h20-quanzhou-jyj: a city's education notice, 生均公用经费128.66元 (per pupil), no 公用经费 of a department
    notice = ("2000年全市中学生均预算内教育事业费783.99元, 比上年增长16.35%,生均公用经费128.66元, 比上年下降2.98%,"
              "其中:普通高中生均预算内教育事业费支出为1214.32元,比上年增长8.2%,生均公用经费240.74元,比上年增长")
    assert "final_public_funds" not in metrics(notice)
    assert metrics("2000年度决算中,公用经费128.66万元。")["final_public_funds"] == 128.66


def test_the_older_name_of_the_general_budget_is_no_budget():
    # h20-shaanxi-swt: a 2011 三公 statement whose spending is 一般预算财政拨款安排的 (the general budget's money)
    text = ("一、省商务厅公开“三公经费”的范围\n根据预算管理有关规定,省商务厅部门预算中使用财政拨款开支因公出国(境)费、"
            "公务用车购置及运行费和公务接待费(以下简称“三公经费”)的单位包括省商务厅本级。\n"
            "二、省商务厅2011年一般预算财政拨款安排的“三公经费”支出情况\n"
            "2011年,省商务厅一般预算财政拨款安排的“三公经费”支出535.81万元,较上年减少12%,其中,因公出国(境)费213.88万元,"
            "较上年基本持平;公务接待费83.95万元,较上年减少7%。")
    found = metrics(text)
    assert (found["sangong_actual"], found["sangong_actual_abroad"], found["sangong_actual_reception"]) == (535.81, 213.88, 83.95)
    assert not any(m.startswith("sangong_budget") for m in found)
    # a budget the text states is still one
    assert metrics("2012年部门预算中,“三公”经费财政拨款预算安排50万元。")["sangong_budget"] == 50


def test_a_heading_with_a_colon_names_the_figure_under_it_and_a_definition_does_not():
    # h20-yunxi-cdc: (一)基本支出: | 2018年年初预算数为98.71万元,是指…日常公用经费 (the basic budget, defined)
    text = ("三、一般公共预算拨款支出预算\n(一)基本支出:\n2018年年初预算数为98.71万元,是指为保障单位机构正常运转、"
            "完成日常工作任务而发生的各项支出,包括用于基本工资、津贴补贴等人员经费以及办公费、水电费等日常公用经费。")
    found = metrics(text)
    assert found["budget_basic"] == 98.71 and "budget_public_funds" not in found
    # a subject named after the figure that opens with its stage is still the sentence's
    assert metrics("2018年部门预算\n年初预算为0.95万元的公务接待费。")["sangong_budget_reception"] == 0.95


def test_a_count_as_it_was_before_the_changes_is_no_count():
    # h21-gansu-fl: 离退休原有42人,新增1人,现有43人 (42 is what it was)
    found = metrics("2022年机关行政编制50名,实有45人。离退休原有42人,新增1人,现有43人。")
    assert found.get("staff_retired") != 42
    assert metrics("2022年机关行政编制50名,实有45人。离退休人员42人。")["staff_retired"] == 42


def test_a_region_named_as_a_duty_or_before_the_department_is_no_subject():
    # 南县县委组织部 (holdout21): 负责全县党建工作, then 本部门决算收支 on the same (one-line) paragraph
    head = "中共南县县委组织部2020年度部门整体支出绩效评价报告\n"
    body = "(一)部门整体支出概况 2020 年,本部门决算收支完成情况如下: 2.收入:594.95 万元。 3.支出:596.25 万元。"
    found = metrics(head + "中共南县县委组织部是在南县县委领导下负责全县党建工作的职能部门。" + body)
    assert (found["final_income_total"], found["final_total"]) == (594.95, 596.25)
    found = metrics(head + "本部门负责党建工作。全县决算收支完成情况如下: 收入:594.95 万元。 支出:596.25 万元。")
    assert "final_income_total" not in found and "final_total" not in found  # the county's, named last


def test_the_balance_carried_written_the_other_way_round():
    # 银川市殡仪馆 2014 (holdout23): 上年结余和结转 for 上年结转和结余
    found = metrics("2014年部门决算\n(一)上年结转和结余\n上年结余和结转204.33万元,其中:基本支出结余和结转81.12万元。\n"
                    "年末结余和结转50.5万元。")
    assert (found["carryover_prev"], found["carryover_end"]) == (204.33, 50.5)


@pytest.mark.parametrize(("text", "held"), [
    ("截止2024年底,本局实有人数128人,其中行政人员13人;公务用车0辆。", 0),  # h25-nanxian-zrzyj
    ("截止2024年底,本局公务用车共3辆。", 3),
    ("车辆编制数9辆,实有编制车辆9辆。", 9),  # h16-changdu-cdc: the cars the establishment allows, and those held
    ("实有车辆编制2辆,在编实有车辆1辆。", 1),  # h26-jinping-xmsy: the allowance named with 实有 first
    ("核定编制18名。现有车辆1台。", 1),  # h27-zhongfang-xfj: cars counted as machines
    ("现有车辆2辆(其中1辆为流动演出车)。", 2),  # h27-dongsheng-whg
    ("该项经费主要用于3辆公务车的燃料费、维修费、过路过桥费、保险费等支出。", 3),  # h16-huaiyuan-shuili: counted first
    ("2019年安排公务用车运行维护费25万元。用于5辆公务车务车燃油、维修、保险过路过桥等方面支出。", 5),  # h7-pingwu-lcj
    ("目前东莞市直部门共有2147辆公务用车,平均每辆车的年运行维护费用4.5万元。", 2147),  # h4-dongguan
])
def test_the_official_cars_counted_are_the_fleet_held(text, held):
    assert metrics("2024年南县自然资源局部门整体支出绩效自评报告\n" + text)["vehicles_held"] == held


@pytest.mark.parametrize("text", [
    "2024年购置公务用车2辆,报废公务用车1辆。",  # bought and scrapped, not held
    "2016年购置2辆公务用车19.44万元。",  # h5-xuwen-syj: bought, counted first
    "2012年,国家体育总局共购置5辆公务用车,支出207.32万元。",  # h8-sport
    "公务用车购置1辆,公务用车运行维护费3万元。",
    "现有车辆编制3辆。",  # the cars the establishment allows
    "截至2014年12月31日,共有车辆1879辆,其中:部级领导干部用车21辆、一般公务用车1087辆、其他用车771辆。",  # h5-zky: one kind
])
def test_cars_bought_scrapped_or_of_one_kind_are_no_fleet(text):
    assert metrics("2024年某局部门整体支出绩效自评报告\n" + text).get("vehicles_held") in (None, 1879)


def test_a_criterions_points_in_a_self_evaluation_table_are_no_rate():
    """满意度 | 10 | 10 under 分值 | 得分: the criterion's weight and score, not a satisfaction of 10%;
    the rate its 实际完成值 column prints is read."""
    head = "某局2023年度部门整体支出绩效自评表\n"
    points = metrics(head + "| 指标 | 分值 | 得分 |\n| 预算执行率 | 10 | 9 |\n| 满意度 | 10 | 10 |\n| 合计 | 100 | 92 |")
    assert "satisfaction_pct" not in points and points["self_score"] == 92
    rated = metrics(head + "| 指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n| 满意度 | ≥90% | 95% | 10 | 10 |\n"
                    "| 合计 | | | 100 | 92 |")
    assert rated["satisfaction_pct"] == 95


def test_one_class_of_project_spending_is_not_the_project_spending():
    """h27-qianjiang-bwg: a 2026 budget in the reformed classes, 人员类/运转类/特定目标类 项目支出."""
    found = metrics("潜江市博物馆2026年部门预算\n本单位2026年支出预算1291.68万元,其中:人员类项目支出375.95万元,占29.10%,"
                    "运转类项目支出50.76万元,占3.93%,特定目标类项目支出864.97万元,占66.97%。")
    assert found["budget_total"] == 1291.68 and "budget_project" not in found


def test_a_fleet_counted_before_its_noun_is_quoted_as_printed():
    item = extract_text("2025年部门预算\n该项经费主要用于3辆公务车的燃料费、维修费等支出。").items["vehicles_held"]
    assert (item.value, item.provenance.text) == (3, "3辆公务车")


def test_a_figure_inside_a_bracket_opened_after_a_label_is_a_parts_not_the_labels():
    # h29-dianjiang-byg: 3个编制人员(馆长1人,…): the count stands before the label, the bracket lists its posts
    found = metrics("2020年度部门决算\n本单位包含3个编制人员(馆长1人,财务1人,出纳1人),16个购买服务人员(办公室1人,业务大厅15人)。")
    assert "staff_authorized" not in found
    # a bracket that holds only the label's stage still reads the figure
    assert metrics("2020年“三公”经费支出(决算数为50万元)。")["sangong_actual"] == 50
