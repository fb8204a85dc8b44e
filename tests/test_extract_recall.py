"""Figures real reports state in ways the first extraction rules missed: each rule is pinned on
new wording where it applies and on a text where it must not."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def test_a_year_between_an_item_and_its_figure_does_not_count_in_the_gap():
    found = metrics("公务接待费2019年度一般公共预算拨款决算数为12.6万元。")
    assert found["sangong_actual_reception"] == 12.6
    found = metrics("因公出国(境)费2021年财政拨款支出决算数为3.05万元。")
    assert found["sangong_actual_abroad"] == 3.05
    # the gap without its year is still too long to tie the figure to the item
    assert "sangong_actual_reception" not in metrics(
        "公务接待费2019年按照上级统一部署开展的各项检查中决算数为12.6万元。")


def test_last_year_in_a_news_headline_dates_the_news_and_sets_no_stage():
    text = "去年全市政府采购再创新高\n2022年全市政府采购规模为12.5亿元,其中服务类采购3.1亿元。"
    found = metrics(text)
    assert (found["final_procurement"], found["final_procurement_services"]) == (125000, 31000)
    # a heading naming last year's 决算 in a report's own words still sets that stage
    found = metrics("2023年部门决算说明\n上年度“三公”经费支出情况\n因公出国(境)费5万元。")
    assert found["sangong_prev_actual_abroad"] == 5


def test_a_headline_stating_an_amount_in_yi_is_no_heading():
    # 去年…达2.1万亿元 states a figure: the text under it is not read as last year's
    found = metrics("去年政府采购规模达2.1万亿元\n2021年全国政府采购规模为21000亿元。")
    assert found["final_procurement"] == 210000000


def test_what_was_bought_is_named_by_its_scale_or_its_contracts():
    found = metrics("2021年,全县完成政府采购额3.6亿元,节约预算资金0.4亿元。")
    assert found["final_procurement"] == 36000
    found = metrics("本年度政府采购合同金额1250万元,其中工程类政府采购800万元。")
    assert (found["final_procurement"], found["final_procurement_works"]) == (1250, 800)
    found = metrics("全年授予中小微企业合同金额为960万元,占政府采购规模的76.8%。")
    assert found["procurement_sme"] == 960
    # last year's scale has no metric of its own, and a budget is no amount bought
    assert "final_procurement" not in metrics("2022年工作总结\n去年全县政府采购规模达3.6亿元。")
    assert "final_procurement" not in metrics("2022年政府采购预算3.6亿元。")


def test_spending_under_no_stage_is_the_final_in_a_text_that_reports_what_was_spent():
    text = ("受市政府委托,市审计局局长在人大常委会会议上报告了上年度市级财政决算和其他财政收支的审计工作。"
            "\n全市行政单位三公经费支出3.2亿元,其中:公务接待费0.4亿元。")
    found = metrics(text)
    assert (found["sangong_actual"], found["sangong_actual_reception"]) == (32000, 4000)
    text = "局里公布了2021年三公经费支出情况和2022年三公经费预算安排情况。2021年三公经费支出数为56.3万元。"
    assert metrics(text)["sangong_actual"] == 56.3
    found = extract_text("全县三公经费支出8.8万元,完成预算的91%。")
    assert found.metrics["sangong_actual"] == 8.8 and "inferred" in found.items["sangong_actual"].flags
    found = extract_text("全县三公经费支出数为8.8万元,完成预算的91%。")  # 支出数 names the stage: nothing inferred
    assert found.metrics["sangong_actual"] == 8.8 and "inferred" not in found.items["sangong_actual"].flags
    # 广东省质监局 (holdout9): a 决算 named with its budget, and trips 安排ed, are no sign of a budget text
    text = ("记者获悉,省质监局在其官方网站公布2011年的“三公经费”决算及部门预算。\n省质监局公布,2011年“三公经费”"
            "财政拨款支出共1660.78万元,其中因公出国(境)费支出43.28万元,全年使用财政拨款安排因公出国(境)团组9个。")
    found = metrics(text)
    assert (found["sangong_actual"], found["sangong_actual_abroad"]) == (1660.78, 43.28)


def test_spending_under_no_stage_stays_open_where_the_text_may_be_a_budget():
    # nothing says what the text reports: what it says was spent is read as spent, and flagged so
    found = extract_text("三公经费支出5.6万元,其中公务接待费2万元。")
    assert (found.metrics["sangong_actual"], found.metrics["sangong_actual_reception"]) == (5.6, 2)
    assert "inferred" in found.items["sangong_actual"].flags and "sangong_budget" not in found.metrics
    # a budget named anywhere keeps it open
    assert "sangong_actual" not in metrics("三公经费支出5.6万元。2024年三公经费预算安排6万元。")
    # a 决算 sign, but last year's budget compared with is a budget text's habit
    text = ("以下各项数字均按照部门决算的统计口径编列,供社会公众查阅监督,如有疑问请与办公室联系。"
            "\n公务接待费支出1.2万元。与上年预算相比,减少0.3万元。")
    assert "sangong_actual_reception" not in metrics(text)


def test_more_names_for_running_costs_public_funds_and_the_establishment():
    found = metrics("2020年决算中,公务用车运行及维护费5.4万元,日常公用经费31.2万元。")
    assert (found["sangong_actual_vehicle_operation"], found["final_public_funds"]) == (5.4, 31.2)
    assert metrics("全局总编制32人,其中行政编制20人。")["staff_authorized"] == 32
    # 公用经费 of a subordinate unit's is not the department's, and a vehicle's own count is no fleet
    assert "final_public_funds" not in metrics("2020年决算中,下属检测中心的日常公用经费3.1万元。")
    assert "staff_authorized" not in metrics("全局总人数32人。")


def test_a_share_of_a_total_named_but_not_read_is_kept_when_it_is_the_shares_total():
    text = "2023年全县政府采购规模为2.4亿元。\n全年授予中小企业合同金额为1.9亿元,占全县政府采购规模的79.2%。"
    assert metrics(text)["procurement_sme_pct"] == 79.2
    text = "2022年决算中,公务接待费支出3.2万元,占“三公”经费的40%。"
    assert metrics(text)["sangong_actual_reception_share"] == 40
    # a share of another total is no share of the 三公 total
    assert "sangong_actual_reception_share" not in metrics("2022年决算中,公务接待费支出3.2万元,占基本支出的0.4%。")


def test_a_zero_cost_written_without_a_unit_is_zero():
    found = extract_text("2020年决算说明\n(一)因公出国(境)费用为零,与上年持平。")
    assert (found.metrics["sangong_actual_abroad"], found.metrics["sangong_actual_abroad_change"]) == (0, 0)
    assert found.items["sangong_actual_abroad"].provenance.text.endswith("零")  # the page's own word
    assert metrics("2021年预算:公务接待费3万元。因公出国(境)经费为0。")["sangong_budget_abroad"] == 0
    # the cost's stage between it and its zero
    assert metrics("2023年决算说明\n因公出国(境)费支出决算为零。")["sangong_actual_abroad"] == 0
    assert metrics("2023年预算说明\n公务用车购置费预算数为0。")["sangong_budget_vehicle_purchase"] == 0
    # a zero among other amounts or beside another year is left to what the sentence says
    assert "sangong_budget_vehicle_purchase" not in metrics(
        "2021年预算:公务用车购置及运行费12万元,其中购置费为零。")
    assert "sangong_budget" not in metrics("2021年预算说明\n2015年以前本单位三公经费为0。")
    assert "staff_actual" not in metrics("2021年决算说明\n实有人数为零。")


def test_a_respective_list_writes_its_unit_once_after_the_last_amount():
    found = metrics("2021年预算中,因公出国(境)费和公务接待费分别为12和35万元。")
    assert (found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (12, 35)
    found = metrics("2021年预算中,因公出国(境)费和公务接待费分别为0.3和1.2亿元。")
    assert (found["sangong_budget_abroad"], found["sangong_budget_reception"]) == (3000, 12000)
    # a count after a bare number gives it no money unit
    found = metrics("2021年预算中,因公出国(境)费和公务接待费分别为12和35批次。")
    assert not {"sangong_budget_abroad", "sangong_budget_reception"} & set(found)


def test_a_plan_named_in_an_earlier_part_of_the_sentence_leaves_later_parts_alone():
    text = ("2022年三公经费预算86万元。其中:因公出国(境)费同比增加5万元,主要是按年度出访计划安排;"
            "公务接待费同比减少9万元,下降12.5%。")
    found = metrics(text)
    assert (found["sangong_budget_abroad_change"], found["sangong_budget_reception_change"]) == (5, -9)
    # within its own part a plan still marks what follows as planned, not achieved
    text = "2022年三公经费预算86万元。其中:按计划公务接待费同比减少9万元,下降12.5%。"
    assert "sangong_budget_reception_change" not in metrics(text)


def test_spending_compared_with_last_year_in_a_text_naming_no_budget_is_the_final():
    found = metrics("2021年全县三公经费公共财政拨款支出86.5万元,比上年减少12万元。")
    assert (found["sangong_actual"], found["sangong_actual_change"]) == (86.5, -12)
    found = metrics("本单位三公经费支出4.2万元,同比下降8%,其中公务接待费支出1.5万元。")
    assert (found["sangong_actual"], found["sangong_actual_reception"]) == (4.2, 1.5)
    # the same sentence in a text that names its budget stays open
    text = "本单位三公经费支出4.2万元,同比下降8%,年初批复预算5万元。"
    assert "sangong_actual" not in metrics(text)


def test_a_clause_opening_with_the_whole_years_spending_is_about_the_sentences_item():
    found = metrics("本局2020年三公经费年初预算36.2万元,全年支出决算33.9万元。")
    assert (found["sangong_budget"], found["sangong_actual"]) == (36.2, 33.9)
    # a clause naming something else before its stage word is no such opening
    found = metrics("本局2020年三公经费年初预算36.2万元,培训费支出决算33.9万元。")
    assert "sangong_actual" not in found


def test_a_short_item_name_under_a_title_naming_the_whole_item():
    text = "2021年三公经费预算说明\n(二)公务用车购置及运行维护费\n全年安排运行维护费3.5万元,较上年预算持平。"
    assert metrics(text)["sangong_budget_vehicle_operation"] == 3.5
    # under another title the short name names nothing
    text = "2021年三公经费预算说明\n(二)信息系统建设\n全年安排运行维护费3.5万元,较上年预算持平。"
    assert "sangong_budget_vehicle_operation" not in metrics(text)


def test_goods_and_services_spending_written_with_yu():
    # in the breakdown of basic spending, the goods and services are the public funds (the seed 湘乡市民政局)
    assert metrics("2021年基本支出预算数50万元,其中:商品与服务支出预算数为9.6万元。")["budget_public_funds"] == 9.6
    assert "budget_public_funds" not in metrics("2021年预算中,商品与服务采购的培训费预算数为9.6万元。")


def test_pipe_rows_of_names_over_one_row_of_figures():
    text = ("某县文化馆2020年“三公”经费决算 | ||||\n单位:万元 | ||||\n"
            "合 计 | 因公出国(境)费 | 公务用车购置及运行费 | 公务接待费 | ||\n"
            "小 计 | 公务用车购置费 | 公务用车运行费 | |||\n"
            "6.5 | 0 | 4.5 | 1.0 | 3.5 | 2.0 | |\n")
    found = metrics(text)
    assert (found["sangong_actual"], found["sangong_actual_vehicle"], found["sangong_actual_vehicle_purchase"],
            found["sangong_actual_vehicle_operation"], found["sangong_actual_reception"]) == (6.5, 4.5, 1.0, 3.5, 2.0)
    # one figure too many: no column can be trusted, so none is read as an item
    text = text.replace("6.5 | 0 | 4.5", "6.5 | 0 | 0 | 4.5")
    assert "sangong_actual_vehicle_purchase" not in metrics(text)


def test_the_vehicle_item_named_with_fei_after_purchase():
    assert metrics("2019年决算中,公务用车购置费及运行维护费46.2万元。")["sangong_actual_vehicle"] == 46.2
    # the purchase alone is still the purchase
    found = metrics("2019年决算中,公务用车购置费20万元。")
    assert found["sangong_actual_vehicle_purchase"] == 20 and "sangong_actual_vehicle" not in found


def test_totals_named_with_income_or_spending_under_no_stage_in_a_text_that_names_no_budget():
    # a 决算 说明 sentence on its own: 本年收入合计 / 本年支出合计 are what came in and went out
    found = extract_text("2023年度本年收入合计800.12万元,其中:财政拨款收入780.12万元,占97.5%。")
    assert found.metrics["final_income_total"] == 800.12 and "inferred" in found.items["final_income_total"].flags
    found = metrics("2023年度本年支出合计798.45万元,其中:基本支出650.2万元,占81.43%;项目支出148.25万元。")
    assert (found["final_total"], found["final_basic"], found["final_project"]) == (798.45, 650.2, 148.25)
    # a budget named anywhere leaves them open
    assert "final_total" not in metrics("2023年度本年支出合计798.45万元。2023年部门预算支出800万元。")


def test_an_item_list_named_in_brackets_names_the_total_after_it():
    # 国务院关于2014年中央决算的报告 (法制日报): the three items, their name in brackets, then 支出合计
    found = metrics("2014年,中央行政事业单位财政拨款因公出国(境)经费、公务用车购置及运行费、公务接待费(“三公”经费)"
                    "支出合计58.8亿元,比预算数减少12.71亿元。")
    assert found["sangong_actual"] == 588000 and "final_total" not in found


def test_the_department_as_the_subject_of_a_stage():
    # a self-evaluation's budget execution sentence: 本部门 opens the clause, the stage names the figure
    text = "本部门2023年年初预算为820万元,全年预算数为860.5万元,全年执行数为798.45万元,预算执行率为92.79%。"
    found = metrics(text)
    assert (found["budget_total"], found["budget_adjusted_total"], found["final_total"]) == (820, 860.5, 798.45)
    assert metrics("我单位2023年决算数为798.45万元。")["final_total"] == 798.45
    assert metrics("2023年度部门年初预算1,200万元,全年预算数1,350万元。")["budget_total"] == 1200  # the year first
    # another subject named before keeps the figure its own
    assert "final_total" not in metrics("“三公”经费预算为12万元,本部门2023年决算数为10万元。")


def test_the_department_as_the_subject_after_other_sentences_of_its_paragraph():
    # h25-wuzhou-yb: the projects' total in the sentence before, the problem listed with 一是
    text = ("项目21个,项目支出总额656.93万元。自评发现的主要问题及原因:一是2024年部门年初预算1022.89万元,"
            "年中调整预算为1781.86万元,比年初预算增加758.97万元,全年执行数1767.21万元,预算调整率较大。")
    found = metrics(text)
    assert (found["budget_total"], found["budget_adjusted_total"], found["final_total"]) == (1022.89, 1781.86, 1767.21)


def test_a_comparison_with_the_years_own_budget_is_no_budget_sign():
    # 较年初预算 (the stage word 年初预算 after 较) compares a 决算 with its budget, as 较年初 + 预算 does
    text = ("2023年“三公”经费支出共计5.6万元,较上年减少1.2万元,较年初预算减少1.4万元。"
            "具体情况如下:一是因公出国(境)费0万元。二是公务接待费2.4万元。")
    found = metrics(text)
    assert (found["sangong_actual_abroad"], found["sangong_actual_reception"]) == (0, 2.4)
    assert "sangong_actual_abroad" in metrics(text.replace("较年初预算", "较预算"))


def test_what_the_department_spent_in_all():
    # 沅陵县火场乡 2024: 共支出 names the department's spending, its parts follow
    found = metrics("(四)绩效目标设定情况\n2024年共支出1211.89万元。其中,基本支出573.36万元,项目支出638.53万元。")
    assert (found["final_total"], found["final_basic"], found["final_project"]) == (1211.89, 573.36, 638.53)
    # after an item it is the item's
    assert "final_total" not in metrics("2024年“三公”经费共支出5万元,比上年减少1万元。")


def test_a_unit_naming_itself_where_the_template_says_ben_danwei():
    # h29-zhangjiachuan-huchuan, h11-majiao-wsy: the year, the unit's own name, then its spending
    found = metrics("张家川县胡川镇中心小学2020年度部门决算公开说明\n(二)支出决算情况\n"
                    "2020年度,胡川镇中心小学支出为1223.9441万元。其中:基本支出1000万元。")
    assert found["final_total"] == 1223.9441
    found = extract_text("马关卫生院2021年度部门决算公开说明\n(二)支出决算情况\n2021年度,马关卫生院单位支出为468.738万元。"
                         "其中:\n基本支出250.7219万元。\n项目支出218.016万元。").items["final_total"]
    assert (found.value, found.provenance.text) == (468.738, "马关卫生院单位支出为468.738万元")  # stated, not summed
    # a year and another unit's figure in a region's news stays unread: no name of an organisation
    assert "final_total" not in metrics("2020年度,全县支出为1223.9441万元。")


def test_an_item_totalled_in_the_next_clause():
    """北京 2012 (news): ``公车购置及运行维护费用,总计6.06亿元``: the clause after the item totals it."""
    found = metrics("2023年“三公”经费决算中,公务用车购置及运行维护费,合计12.5万元。")
    assert found["sangong_actual_vehicle"] == 12.5
    found = metrics("2023年“三公”经费决算中,公务用车购置及运行维护费,其他支出合计12.5万元。")
    assert "sangong_actual_vehicle" not in found
    # h6-nanjing-czj (news): the item and its stage, then a colon and the total before the items
    found = metrics("南京市财政局还公布了本单位今年的“三公”经费预算:合计191.15万元,因公出国(境)费28万元,"
                    "公务用车购置及运行维护费118.80万元,公务接待费44.35万元。")
    assert (found["sangong_budget"], found["sangong_budget_abroad"]) == (191.15, 28.0)


def test_a_total_is_derived_only_from_parts_stated_exactly():
    exact = extract_text("2023年“三公”经费决算中,公务用车购置费为1.6亿元,公务用车运行维护费4.5亿元。")
    assert exact.metrics["sangong_actual_vehicle"] == 61000 and "derived" in exact.items["sangong_actual_vehicle"].flags
    rough = extract_text("2023年“三公”经费决算中,公务用车购置费为1.6亿元,公务用车运行维护费约4.5亿元。")
    assert "sangong_actual_vehicle" not in rough.metrics
    assert "approx" in rough.items["sangong_actual_vehicle_operation"].flags



def test_a_governments_carry_over_is_no_departments():
    """A town's own fiscal report: 全镇…上年结转和结余 is the town's, not a department's carry-over."""
    found = metrics("2022年决算报告\n全镇一般公共预算收入111.11万元,加上上级补助1736.37万元、上年结转和结余20万元,"
                    "收入总计1867.48万元。")
    assert "carryover_prev" not in found
    found = metrics("2022年度收入总计1867.48万元,其中上年结转和结余20万元。")
    assert found["carryover_prev"] == 20


@pytest.mark.parametrize(("text", "metric", "count"), [
    ("截止2024年12月31日事业编制67人,现有教职工73人,退休12人。", "staff_in_service", 73),
    ("我园实际教职工人数为20人,定编定岗人数为4人。", "staff_in_service", 20),
    ("全额拨款事业编制95人,在编教师89人。", "staff_actual", 89),
    ("核定人员编制71人,实际正式教职工62人,其中副高级职称4人,退休职工28人。", "staff_actual", 62),
])
def test_a_schools_staff_named_as_teachers_and_staff(text, metric, count):
    assert metrics(text)[metric] == count


def test_retired_teachers_are_no_staff_in_service():
    found = metrics("学校现有在职教职工40人,退休教职工12人。")
    assert (found["staff_in_service"], found["staff_retired"]) == (40, 12)


def test_an_item_after_the_verb_spent_is_what_was_spent():
    # 广西区直文化系统 2014 (holdout): 共计支出 before the item, and 公务车购置 named short
    found = metrics("区直文化系统厅本级和18家二级单位2014年共计支出“三公经费”247.15万元,其中:因公出国(境)支出23.45万元,"
                    "公务接待费支出21.93万元,公务用车购置及运行维护费支出201.76万元(公务用车运行维护费201.76万元、公务车购置0万元)。")
    assert (found["sangong_actual"], found["sangong_actual_abroad"], found["sangong_actual_vehicle_purchase"]) == (247.15, 23.45, 0)


def test_the_balance_after_the_years_spending_is_carried_to_the_year_end():
    """xx-dyyey: …本年支出总额为740.79万元,…;结余97.83万元 is the year-end balance; 结余 alone elsewhere is not."""
    found = metrics("2015年决算\n本年支出总额为740.79万元,其中学前教育支出738.39万元,教育费附加安排的支出2.4万元;结余97.83万元。")
    assert (found["final_total"], found["carryover_end"]) == (740.79, 97.83)
    assert "carryover_end" not in metrics("2015年决算\n项目完成后结余资金12万元已上缴财政。")


def test_the_years_income_and_spending_named_right_after_the_year():
    # h27-lingnan-jng: 收入决算 and 支出决算 right after 2014年, the appropriation's parts after them
    text = ("2014年某馆决算基本情况说明\n二、收入决算说明\n2014年收入决算545.41万元,其中:财政拨款收入318.61万元,其他收入226.80万元。\n"
            "三、支出决算说明\n2014年支出决算531.86万元,其中:财政拨款支出318.61万元。\n"
            "2014年财政拨款支出按用途划分,基本支出188.61万元,项目支出130万元。")
    found = metrics(text)
    assert (found["final_income_total"], found["final_total"]) == (545.41, 531.86)


def test_the_whole_years_spending_after_a_sangong_budget_is_no_department_total():
    # h4-renmin-yinhang: 全年支出决算 continues the 三公 budget's subject
    found = metrics("中国人民银行2011年度“三公经费”预算数2491.68万元,全年支出决算2466.37万元。")
    assert "final_total" not in found
