"""Figures of self-evaluation reports (部门整体支出绩效自评): their staffing sentences, covers and
execution tables, in wordings of their own (never a corpus snippet)."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


@pytest.mark.parametrize("text, actual", [
    ("截至年末,本局实有在职人员27人,退休人员9人。", 27),
    ("机关行政编制15名。在职实有14人,其中:财政全额保障14人。", 14),
    ("核定编制20人,年末在职在编实有工作人员18人。", 18),
])
def test_staff_actually_there_whichever_side_of_in_service_the_word_stands(text, actual):
    found = metrics(text)
    assert found["staff_actual"] == found["staff_in_service"] == actual  # one serving count is both


def test_staff_in_service_alone_is_the_staff_actually_there_too():
    assert metrics("本单位年末在职人员31人,离退休人员12人。") == {"staff_in_service": 31, "staff_actual": 31,
                                                              "staff_retired": 12}


def test_a_headcount_the_establishment_authorises():
    assert metrics("机构编制部门核定人数58人、年末在职人数51人。") == {"staff_authorized": 58, "staff_in_service": 51,
                                                              "staff_actual": 51}


def test_vehicles_actually_held_but_not_those_the_establishment_allows():
    assert metrics("离退休人员7人,实有车辆3辆。")["vehicles_held"] == 3
    assert "vehicles_held" not in metrics("核定公务用车车辆编制4辆。")


def test_posts_for_staff_in_service_are_the_establishment():
    assert metrics("核定在职人员编制16人,在职实有15人。") == {"staff_authorized": 16, "staff_actual": 15,
                                                      "staff_in_service": 15}


@pytest.mark.parametrize("text, metric, iso", [
    ("2022年度某县农业农村局部门决算\n目录\n公开时间:2023年9月20日", "final_disclosed_date", "2023-09-20"),
    ("2022年度某县农业农村局\n决算公开\n公开时间:20230920", "final_disclosed_date", "2023-09-20"),
    ("2022年度部门整体支出绩效自评报告\n公开时间:2023年5月6日", "self_eval_disclosed_date", "2023-05-06"),
    ("2024年某县林业局部门预算\n公开时间:2024-02-01", "budget_disclosed_date", "2024-02-01"),
    # 绍兴市上虞区统计局 (holdout6): an index's 公开日期 row over the 决算's title
    ("索引号: 002590358/2022-77534 公开方式: 主动公开\n文号: 公开日期: 2022-09-07 17:20\n"
     "绍兴市上虞区统计局(汇总)2021年度部门决算", "final_disclosed_date", "2022-09-07"),
    ("[ 发布日期 ] 2023-06-01\n某县林业局2022年度部门整体支出绩效自评报告", "self_eval_disclosed_date", "2023-06-01"),
    # h19-yuxi-mzzx: an index's rows in bars over a title that names its budget as 预算公开
    ("索引号 | 53040020221334700 | 文     号 |   |\n来   源 | 玉溪市教育体育局 | 公开日期 | 2022-03-03 |\n"
     "玉溪市民族中学2022年度预算公开", "budget_disclosed_date", "2022-03-03"),
])
def test_a_disclosure_stamp_dates_what_the_title_names(text, metric, iso):
    assert metrics(text + "\n在职人员8人。")[metric] == iso


@pytest.mark.parametrize("text", [
    "某县农业农村局\n公开时间:2023年9月20日",  # a title that names nothing disclosed
    "关于2023年度预算绩效管理情况的说明\n公开时间:2024年9月20日",  # 预算绩效 is no budget
    "2022年度某县农业农村局部门决算\n公开时间:2021年3月1日",  # before the year it accounts for
    "2022年度某县农业农村局部门决算\n发布日期:2023年9月20日",  # a posting date is no disclosure stamp
    # h15-xinyang-wenlian: the title's last word and the portal's 时间 stamp joined as one line, 公开时间
    "2022年度信阳市文学艺术界联合会部门预算公开\n时间:2022-03-10 | 栏目:\n2022\n| 点击:次\n2022年信阳市文联部门预算公开",
])
def test_no_disclosure_date_without_a_subject_in_its_year(text):
    found = metrics(text + "\n在职人员8人。")
    assert not any(metric.endswith("disclosed_date") for metric in found)


def test_a_disclosure_stamp_under_a_portals_banner_and_contents_is_read():
    # 青川县图书馆 (holdout9): the portal's banner, its posting row and a contents line come first
    page = ("国徽\n\n热点查询: 财政预决算 政府工作报告\n\n当前位置:首页> 信息公开 > 2023年度青川县图书馆部门决算\n\n"
            "2023年度青川县图书馆部门决算\n\n发布日期:2024-10-14 14:52 浏览量:2408\n\n[ 字体: ]\n\n分享:\n\n"
            "2023年度\n\n四川省广元市青川县图书馆决算公开\n\n目录\n\n公开时间:2024年10月14日\n\n第一部分单位概况")
    assert metrics(page)["final_disclosed_date"] == "2024-10-14"


def test_a_disclosure_stamp_printed_one_cell_per_line_is_read():
    # h29-weixi-weideng: the portal's index rows, each label and value on a line of its own
    page = ("政府信息公开\n索引号\nMB0X925742/202400769\n来 源\n维登乡\n公开日期\n2024-10-15\n"
            "维西傈僳族自治县维登乡人民政府2023年度部门决算\n一、部门基本情况")
    found = extract_text(page).items["final_disclosed_date"]
    assert (found.value, found.provenance.text) == ("2024-10-15", "2024-10-15")
    assert "final_disclosed_date" not in metrics("维西县维登乡人民政府2023年度部门决算\n公开日期\n一、部门基本情况")


def test_an_approval_stamp_dates_the_approval_of_what_the_title_names():
    # 巴彦淖尔市市场监督管理局 (holdout6): the 决算 page's 批复时间 beside its 公开时间
    head = "2024年度巴彦淖尔市市场监督管理(部门)决算公开\n发布日期:2025-09-19 来源:巴彦淖尔市市场监督管理局\n"
    found = metrics(head + "批复时间:2025年9月3日                \n公开时间:2025年9月19日\n在职人员8人。")
    assert (found["final_approved_date"], found["final_disclosed_date"]) == ("2025-09-03", "2025-09-19")
    budget = metrics("2024年某县林业局部门预算\n批复时间:2024年1月20日\n公开时间:2024-02-01\n在职人员8人。")
    assert budget["budget_approved_date"] == "2024-01-20"
    # approved after it was disclosed, or in a year no such text is approved: no approval date
    late = metrics(head + "批复时间:2025年9月30日\n公开时间:2025年9月19日\n在职人员8人。")
    assert "final_approved_date" not in late
    assert "final_approved_date" not in metrics(head + "批复时间:2023年9月3日\n在职人员8人。")


EXECUTION = ("某县文化馆整体支出绩效自评表\n单位:万元\n项目 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n"
             "年度资金总额 | 300.5 | 320 | 318.4 | 99.5% |\n其中:基本支出 | 200 | 205 | 204 | 99.5% |\n"
             "项目支出 | 100.5 | 115 | 114.4 | 99.5% |")


def test_an_execution_table_reads_the_year_start_the_adjusted_and_the_executed_budget():
    found = metrics(EXECUTION)
    assert (found["budget_total"], found["budget_adjusted_total"], found["final_total"]) == (300.5, 320, 318.4)
    assert (found["budget_basic"], found["final_basic"], found["final_project"]) == (200, 204, 114.4)


def test_only_the_total_has_an_adjusted_budget():
    assert metrics(EXECUTION)["budget_project"] == 100.5  # not 115: the adjusted column names no part's budget


def test_a_rate_shifted_into_an_amount_column_is_no_amount():
    text = ("单位:万元\n项目 | 预算数 | 执行数 | 执行率 |\n部门整体支出总额 | 520 | 100% | |\n"
            "基本支出 | 400 | 396 | 99% |\n公用经费 | 120 | 118 | 98% |")
    found = metrics(text)
    assert found["budget_total"] == 520 and "final_total" not in found



ROW = ["年初预算数", "全年预算数", "全年执行数", "分值", "得分", "年度资金总额", "75.2", "80", "79.6", "10", "9.9"]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_column_names_over_a_labelled_row_one_cell_a_line(gap):
    found = metrics("某站整体支出绩效自评表" + gap + "(万元)" + gap + gap.join(ROW))
    assert (found["budget_total"], found["budget_adjusted_total"], found["final_total"]) == (75.2, 80, 79.6)


@pytest.mark.parametrize("cells", [
    ["分值", "权重", "得分", "年度资金总额", "10", "10", "9.9"],  # no column names a stage of the money
    ["年初预算数", "全年执行数", "年度资金总额", "75.2", "79.6", "10"],  # more figures than names before the label
    ROW + ["基本支出", "40", "41"],  # a second row of another width
])
def test_no_labelled_row_where_the_columns_do_not_fit(cells):
    found = metrics("\n".join(cells))
    assert not {"budget_total", "budget_adjusted_total", "final_total", "budget_basic", "final_basic"} & set(found)


@pytest.mark.parametrize("row, metric", [
    ("2、出国经费 | 1.2 | 1.5 | 0.8 |", "sangong_budget_abroad"),
    ("其中:公车运行维护 | 3.1 | 1.5 | 2.7 |", "sangong_budget_vehicle_operation"),
    ("1、公务用车购置和维护经费 | 3.1 | 1.5 | 2.7 |", "sangong_budget_vehicle"),
])
def test_short_names_a_basic_data_form_gives_the_three_items(row, metric):
    text = ("单位:万元\n项目 | 2021年决算数 | 2022年预算数 | 2022年决算数 |\n三公经费 | 5 | 4.5 | 4 |\n"
            f"{row}\n3、公务接待 | 0.7 | 1.5 | 0.5 |")
    assert metrics(text)[metric] == 1.5



FORM = ["某乡2022年度基础数据表", "人员情况(人", "编制数", "实际在职人数", "控制率", "30", "28", "93.33%",
        "经费情况(万元", "2021年决算数", "2022年预算数", "2022年决算数", "三公经费:", "2.5", "3", "2.2",
        "项目支出:", "120.5", "98", "130.25"]


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_money_table_after_figures_that_fit_no_columns_is_still_read(gap):
    found = metrics(gap.join(FORM))
    assert (found["sangong_prev_actual"], found["sangong_budget"], found["sangong_actual"]) == (2.5, 3, 2.2)
    assert (found["budget_project"], found["final_project"]) == (98, 130.25)


def test_the_figures_before_it_give_no_money():
    found = metrics("\n\n".join(FORM[:8]))
    assert not any(metric.startswith(("budget", "final", "sangong")) for metric in found)


def test_in_service_posts_the_establishment_authorises_are_the_establishment():
    assert metrics("本单位财政核定编制在职人员为 22 人,年末实有在职人员为 20 人。") == {"staff_authorized": 22, "staff_actual": 20,
                                                                        "staff_in_service": 20}
    assert metrics("本单位在职人员22人。") == {"staff_in_service": 22, "staff_actual": 22}


def test_staff_now_in_service():
    assert metrics("局机关有行政编制6名。现在职5人,后勤人员2名。")["staff_in_service"] == 5


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
@pytest.mark.parametrize("actual", ["实际在职人数", "2021年实际在职人数"])
def test_counts_over_their_own_names_without_a_row_label(gap, actual):
    found = metrics(gap.join(["单位人员情况(人", "编制数", actual, "控制率", "18", "17", "94.44%"]))
    assert (found["staff_authorized"], found["staff_actual"]) == (18, 17)


def test_names_that_count_nothing_read_no_counts():
    found = metrics("\n".join(["考核情况", "分值", "得分", "权重", "10", "9", "1"]))
    assert not any(metric.startswith("staff") for metric in found)


def test_a_posting_stamp_is_no_date_the_evaluation_was_made():
    # 寻甸县委组织部 (holdout21): the portal's 发布日期 and 发布时间 around the self-evaluation's title
    text = ("索引号: 015155419-202508-101273 主题分类: 财政预决算\n发布机构:  某县人民政府 发布日期: 2025-05-28 14:20\n"
            "名 称: 某县委组织部整体支出绩效自评报告\n发布时间:2025-05-28 14:20\n某县委组织部整体支出绩效自评报告\n"
            "一、部门概况\n县委组织部2024年度部门决算编报的单位共5个。")
    assert "self_eval_date" not in metrics(text)
    assert metrics("2024年度部门整体支出绩效自评报告\n我局于2025年3月开展自评。")["self_eval_date"] == "2025-03"


def test_a_self_evaluation_forms_field_row_over_its_table_leaves_the_header_in_place():
    """填报单位:… | 填报日期:… printed as the table's first row: fields above the table, whose header names
    the year-start budget, the adjusted budget and the year's spending."""
    text = ("某县民政局2023年度部门整体支出绩效自评表\n填报单位:某县民政局 | 填报日期:2024年4月10日\n"
            "年度预算资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
            "年度资金总额 | 1172.55 | 1268.72 | 1250.30 | 10 | 98.5% | 9.85\n"
            "其中:本年财政拨款 | 1000.00 | 1100.00 | 1090.00 | — | — | —\n"
            "总分 | | | | | 100 | 95.5")
    found = metrics(text)
    assert (found["budget_total"], found["budget_adjusted_total"], found["final_total"]) == (1172.55, 1268.72, 1250.3)
    assert (found["self_score"], found["report_date"]) == (95.5, "2024-04-10")
