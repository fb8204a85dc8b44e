"""Years as copies print them: 2016-度 and 2016-预算数 (a mirror that turned 年 into a dash),
2016预算数 without 年; a year without 年 never outranks one written with it; 去年 counted from
the date the page carries."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics

TABLE = "单位:万元\n项目 | {prev} | {this} |\n合计 | 12 | 10 |\n1.公务接待费 | 5 | 4 |\n2.公务用车费 | 7 | 6 |"


def test_a_year_written_with_a_dash():
    found = metrics("2016-度“三公”经费预算情况表\n" + TABLE.format(prev="2015-执行数", this="2016-预算数"))
    assert found["year"] == 2016
    assert (found["sangong_prev_actual"], found["sangong_budget"], found["sangong_budget_reception"]) == (12, 10, 4)
    assert "sangong_actual" not in found


def test_a_title_year_written_with_a_dash_before_its_subject():
    found = metrics("某县2017-“三公”经费决算情况表\n“三公”经费支出8.6万元,其中公务接待费2.1万元。")
    assert found["year"] == 2017
    assert (found["sangong_actual"], found["sangong_actual_reception"]) == (8.6, 2.1)


@pytest.mark.parametrize(("title", "year"), [
    ("云县2023“三公”经费决算财政拨款情况统计表", 2023),  # 云县 (holdout7): its table took every other line
    ("一、2022游仙区政府办“三公”经费财政拨款预算总体情况", 2022),  # 游仙区 (dev)
    ("岳阳县20 16 -度部门(单位)整体支出", 2016),  # 岳阳县 (holdout9): a PDF's digits parted by a space
])
def test_a_title_year_printed_without_its_character(title, year):
    found = metrics(f"{title}\n较2021年预算下降40%。实有人数19人。")
    assert found["year"] == year


def test_a_bare_number_in_running_text_is_no_year():
    assert "year" not in metrics("本单位共有2023名学生参加了绩效考评活动的宣传,实有人数19人。")


@pytest.mark.parametrize("dashed", ["2016-2018年", "第12015-度"])
def test_a_dash_between_years_or_after_longer_digits_is_no_lost_year(dashed):
    from perfscore.engine.reports.lexicon import norm
    assert "年度" not in norm(dashed).replace("2018年", "")


def test_two_year_columns_in_a_text_that_names_no_year():
    found = metrics("“三公”经费预算情况表\n" + TABLE.format(prev="2015执行数", this="2016预算数"))
    assert (found["sangong_prev_actual"], found["sangong_budget"]) == (12, 10)
    assert "sangong_actual" not in found  # last year's 执行数 is not this year's 决算


def test_a_year_with_its_character_is_the_reports_year():
    text = "财政部公布了中央本级“三公”经费2010决算支出和2011年预算情况:2011年“三公”经费财政拨款预算94.28亿元。"
    found = metrics(text)
    assert found["year"] == 2011 and found["sangong_budget"] == 942800
    assert "sangong_actual" not in found


# 去年 is the year before the page's date: in a page dated the year after the text's own year,
# it is the text's year; dated that same year (or undated, after a year of its own), it is the year before.

def test_last_year_on_a_page_dated_the_following_year_is_the_texts_year():
    text = "2016年度部门决算公开\n发布时间:2017-04-12\n去年,我局“三公”经费支出40万元,比上年减少5万元。\n"
    found = extract_text(text).metrics
    assert (found["sangong_actual"], found["sangong_actual_change"]) == (40, -5)
    assert "sangong_prev_actual" not in found


@pytest.mark.parametrize("stamp", ["", "发布时间:2016-12-20\n"])
def test_last_year_on_a_page_of_the_texts_year_or_undated_is_the_year_before(stamp):
    found = extract_text(f"2016年度部门决算公开\n{stamp}去年,我局“三公”经费支出40万元。\n").metrics
    assert found["sangong_prev_actual"] == 40 and "sangong_actual" not in found


def test_a_comparison_with_last_year_stays_one_on_a_page_dated_the_following_year():
    text = "2016年度部门决算公开\n发布时间:2017-04-12\n2016年“三公”经费支出40万元,比去年减少5万元。\n"
    found = extract_text(text).metrics
    assert (found["sangong_actual"], found["sangong_actual_change"]) == (40, -5)


# An undated text that names 去年 before any other year leads with it as news of a year's
# accounts, printed the year after: 去年 is the year it reports on (news_year.py).

def test_last_year_leading_an_undated_news_text_is_the_year_it_reports_on():
    text = "去年,某市林业局“三公”经费支出18.6万元,其中公务接待费4.2万元。该局2019年决算数比预算数减少2万元。"
    found = extract_text(text).metrics
    assert (found["year"], found["sangong_actual"], found["sangong_actual_reception"]) == (2019, 18.6, 4.2)
    assert not any(m.startswith("sangong_prev") for m in found)
    found = extract_text("某区“三公”经费去年支出3.5亿元\n记者从区财政局获悉上述决算数据。").metrics
    assert found["sangong_actual"] == 35000 and "sangong_prev_actual" not in found


@pytest.mark.parametrize("opening", ["2019年工作总结\n", "今年预算已批复。", "本年度预算已批复。"])
def test_last_year_after_a_year_of_the_text_s_own_is_the_year_before(opening):
    found = extract_text(f"{opening}去年,某市林业局“三公”经费支出18.6万元。").metrics
    assert found["sangong_prev_actual"] == 18.6 and "sangong_actual" not in found


def test_a_cover_field_names_the_year_evaluated_before_any_year_of_the_body():
    cover = "绩效自评报告\n评价年度:2022\n评价单位(公章):某县林业站\n依据2023年印发的通知开展自评。"
    assert extract_text(cover).metrics["year"] == 2022


@pytest.mark.parametrize("text", ["评价年度:\n填报日期:2024年3月1日", "评价年度:20231\n填报日期:2024年3月1日"])
def test_a_cover_field_without_a_four_digit_year_names_none(text):
    assert "year" not in extract_text(text).metrics


@pytest.mark.parametrize("history", ["本站成立于1996年,", "本站1996年更名为农技站,", "1996年组建为农技站,"])
def test_a_year_of_the_units_history_is_not_the_texts_year(history):
    assert "year" not in extract_text(f"{history}负责全镇农技推广,在职人员8人。").metrics
    assert extract_text(f"{history}2023年度支出12万元。").metrics["year"] == 2023


@pytest.mark.parametrize("opening", ["去年以来,某局从严控制支出。", "去年底,某局完成机构改革。", ""])
def test_last_year_in_a_text_written_in_its_own_year_is_the_year_before(opening):
    text = f"{opening}去年,某局“三公”经费支出9万元。今年“三公”经费预算10万元。"
    found = extract_text(text).metrics
    assert found["sangong_prev_actual"] == 9 and "sangong_actual" not in found
    text = f"{opening}2021年“三公”经费预算10万元,去年“三公”经费支出9万元。"
    assert extract_text(text).metrics["sangong_prev_actual"] == 9


def test_last_year_dates_the_stage_words_after_it_in_a_text_written_this_year():
    """环保部 2011 (news): 去年…预算总额…,实际支出…; 今年…预算: last year's budget and spending."""
    text = ("该部去年“三公经费”预算总额2668.9万元,实际支出2604.1万元。其中,因公出国(境)费支出861.46万元。"
            "今年其“三公经费”预算合计数为2646万元,比2010年预算数减少22.9万元。")
    found = extract_text(text).metrics
    assert (found["sangong_prev_budget"], found["sangong_prev_actual"]) == (2668.9, 2604.1)
    assert found["sangong_prev_actual_abroad"] == 861.46
    assert found["sangong_budget"] == 2646
    assert not {"sangong_actual", "sangong_actual_abroad"} & set(found)


def test_last_year_in_news_printed_the_year_after_stays_the_texts_year():
    """河南 2015 (news, printed 2016): no 今年, so 去年 is the year reported on."""
    text = "河南省2015年全省及省级财政收支决算情况公布,去年省级“三公”经费决算支出5亿元,比上年减少3.3亿元。"
    found = extract_text(text).metrics
    assert found["sangong_actual"] == 50000 and "sangong_prev_actual" not in found


def test_last_year_in_news_of_a_final_account_made_public_is_that_accounts_year():
    """h30-gz-baiyun (南方日报 in a traditional-character mirror): the 2013 决算 made public, then 去年."""
    news = ("南方日報訊 (記者/黃偉)記者13日查閱白雲區官方網站發現,該區已通過官網公佈了2013年度區級決算草案報告。"
            "報告顯示,全區去年“三公”經費總開支為7497.98萬元,比去年同期減少1049.02萬元。")
    found = extract_text(news).metrics
    assert (found["year"], found["sangong_actual"], found["sangong_actual_change"]) == (2013, 7497.98, -1049.02)
    assert "sangong_prev_actual" not in found
    # the department's own 决算 text, no news: 去年 stays the year before
    own = "白云区2013年度区级决算草案公开。去年“三公”经费总开支为7497.98万元。"
    assert extract_text(own).metrics.get("sangong_prev_actual") == 7497.98


def test_a_year_named_in_a_reason_is_not_the_texts_year():
    text = ("对个人和家庭补助支出预算73200元,同比增加7680元,增长原因是2021年因人员调动未能编报。\n"
            "2022年一般公共预算基本支出1133753.33元。")
    assert metrics(text)["year"] == 2022


def test_a_year_in_a_reason_is_the_texts_when_it_names_no_other():
    text = "“三公”经费预算增减变化的主要原因是:2018年“三公”经费支出预算合计24.75万元,比上年预算数减少4.65万元。"
    assert metrics(text)["year"] == 2018


def test_a_year_named_for_a_season_is_not_the_texts_year():
    text = ("复兴小学正在进行改扩建,2018年秋季一年级招收了11个教学班。\n"
            "2019年复兴小学支出预算总额为658.6637万元。")
    found = metrics(text)
    assert (found["year"], found["budget_total"]) == (2019, 658.6637)


def test_a_year_written_in_chinese_numerals_is_read():
    found = extract_text("二〇二三年度部门整体支出绩效自评报告\n“三公”经费支出5万元。").metrics
    assert found["year"] == 2023
    found = extract_text("二零二二年度某局部门决算\n“三公”经费支出5万元。").metrics
    assert found["year"] == 2022
    # a count in Chinese numerals before 年 is no year (三十年, 一百二十年), nor is a run inside a longer number
    assert "year" not in extract_text("建院三十年来,“三公”经费支出5万元。").metrics


def test_a_financial_reports_cover_is_read_not_refused():
    # h19-chayouhouqi-jcy: a 决算 disclosure's cover: the year, the unit, its heads, no figure and no 决算 word
    text = ("2023年度察哈尔右翼后旗人民检察院\n公开文档\n部门(单位)名称:察哈尔右翼后旗人民检察院\n单位负责人:郝小平\n"
            "财务负责人:李丹\n编制人:李丹\n报送日期:2024年8月\n公开文档\n目 录")
    assert extract_text(text).metrics["year"] == 2023


def test_a_year_in_a_sentence_is_no_title_year_of_a_heading_below_it():
    # a year compared with in the body (与2016年相比,…) and a heading two lines below that names the
    # evaluation (部门整体支出绩效评价结果) make no title: the text's year is its own
    text = ("2017年度部门决算\n中共西湖区委老干部局2017年度收入、支总计521.99万元,与2016年相比,收、支总计增加74.56万元,"
            "增长17%。\n部门整体支出绩效评价结果\n")
    found = extract_text(text).metrics
    assert found["year"] == 2017 and found["final_income_grand_total"] == 521.99
    assert extract_text("2023年度衡山县民政局部门整体支出绩效自评报告\n正文5万元。").metrics["year"] == 2023


def test_a_title_year_is_quoted_as_the_page_prints_it():
    assert extract_text("二〇二三年度部门整体支出绩效自评报告\n“三公”经费支出5万元。").items["year"].provenance.text \
        == "二〇二三年度部门整体"
    mirrored = extract_text("2018年度某局部門整體支出績效自評報告\n“三公”經費支出5萬元。").items["year"]
    assert (mirrored.value, mirrored.provenance.text) == (2018, "2018年度某局部門整體")


def test_a_portals_index_table_names_the_pages_title_and_its_year():
    # 吕梁市统计局 (holdout20): the index rows (索引号, 发布日期, 标题) are a table; the year is the title's
    text = ("索 引 号:111423LL00100/2022-101545 | |\n发文字号: | 发布日期:2022年09月30日 |\n"
            "发文机关:吕梁市统计局 | 关 键 字: |\n标 题:2021年吕梁市统计局决算公开 | |\n主题分类: | 成文日期: |\n"
            "第一部分 概况\n一、本部门职责")
    found = extract_text(text)
    assert found.metrics["year"] == 2021 and found.items["year"].provenance.text == "标 题:2021年吕梁市统计局决算公开"
    # no title field: the posting date's year is no fiscal year
    assert "year" not in metrics(text.replace("标 题:2021年吕梁市统计局决算公开", "标 题:吕梁市统计局决算公开"))


def test_a_portals_path_to_the_page_names_no_year_of_the_text():
    # 梧州市侨联 (holdout21): 首页 > 部门决算 > 2017年 > 正文 over the 2016 决算's title
    text = ("当前位置 : 首页 > 部门决算 > 2017年 > 正文\n梧州市归国华侨联合会2016年部门决算\n"
            "发布时间 : 2017-07-17 10:25:35 来源 : 归国华侨联合会 浏览 : 12\n目    录")
    assert metrics(text)["year"] == 2016


def test_a_year_without_its_character_before_the_budget_it_dates():
    # 三明市机关社保中心 (holdout23): …现将我单位 2018 部门预算说明如下 (the title line is English)
    text = ("2018 Sanming Municipal Social Security Center Department Budget Statement\n"
            "年部门预算经市十三届人大二次会议审议通过,现将我单位 2018 部门预算说明如下: The 2018 department budget was approved.\n"
            "三明市机关社保中心为参照公务员法管理的事业单位,人员编制数18人,在职人数16人。")
    assert metrics(text)["year"] == 2018
    assert "year" not in metrics("项目编号 2018 部门的车辆管理办法。人员编制数18人。")  # no budget named after it


def test_a_title_broken_after_its_year_without_nian():
    """h25-wuzhou-tsjbzx: PDF text, the unit's name and the year on one line, the budget's name on the next."""
    text = ("1\n梧州市市场监管投诉举报指挥中2023\n单位预算及三公经费预算情况说明\n目 录\n"
            "第一部分:梧州市市场监管投诉举报指挥中心概况\n一、主要职\n二、机构设置情况\n三、人员构成情况")
    found = extract_text(text)
    assert found.metrics["year"] == 2023
    assert found.items["year"].provenance.line == 2


@pytest.mark.parametrize("first", ["咨询电话:8562019", "文件编号2019.2023"])
def test_the_digits_a_longer_number_ends_with_are_no_year_before_the_next_line(first):
    assert "year" not in extract_text(first + "\n单位预算及三公经费预算情况说明\n目 录\n第一部分:某中心概况").metrics


def test_last_years_end_in_a_budget_is_no_year_of_the_text():
    """h26-jingdezhen-yiyuan: a 2022 budget counts its staff at the end of 2021."""
    text = ("第一部分景德镇市第一人民医院概况\n二、部门机构设置情况\n编制数为741人。2021年年末在职实有人数1550人。\n"
            "第二部分市一院2022年部门预算情况说明\n一、2022年部门预算收支情况说明")
    assert extract_text(text).metrics["year"] == 2022
    assert extract_text("截至2021年底,实有人员12人。").metrics["year"] == 2021  # the only year named


@pytest.mark.parametrize(("page", "year"), [
    # h10-shaodong-weijiaqiao run into one line: the portal's path, then the title
    ("当前位置: 首页 > 政务公开 > 财政收支及预决算公开 > 部门预决算 > 乡镇办场 > 魏家桥 2021年度邵东市魏家桥镇人民政府部门决算 "
     "发布时间:2022-09-28 11:25 信息来源:财政局 目录 第一部分邵东市魏家桥镇人民政府单位概况", 2021),
    ("当前位置 : 首页 > 部门决算 > 2017年 > 正文 某局2016年度部门决算 第一部分 概况", 2016),
])
def test_a_title_run_into_the_portals_path_on_one_line(page, year):
    assert extract_text(page).metrics["year"] == year


def test_the_portals_path_alone_names_no_year():
    assert "year" not in extract_text("当前位置:首页 > 部门决算 > 2017年 > 正文\n某局部门决算公开\n第一部分 概况").metrics
