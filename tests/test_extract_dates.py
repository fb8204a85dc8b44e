"""Dates written without separators after their label (报告日期:2024926): read only where a
single split into month and day makes a valid date; never an amount."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.reports.fields import compact_dates


@pytest.mark.parametrize("digits, iso", [("2024926", "2024-09-26"), ("20240926", "2024-09-26"), ("202491", "2024-09-01")])
def test_a_compact_date_with_one_reading(digits, iso):
    assert extract_text(f"报告日期:{digits}").metrics["report_date"] == iso


@pytest.mark.parametrize("text", ["报告日期:2024111", "报告日期:2024931", "报告日期:20241301", "本单位支出2024926元。"])
def test_no_date_where_the_digits_are_ambiguous_invalid_or_unlabelled(text):
    assert "report_date" not in extract_text(text).metrics
    assert compact_dates(text) == [] or "日期" not in text


@pytest.mark.parametrize("text", ["填报日期:202311", "报告日期:201912"])
def test_six_digits_that_end_in_a_month_name_no_day(text):
    assert "report_date" not in extract_text(text).metrics


@pytest.mark.parametrize("digits, iso", [("201983", "2019-08-03"), ("202329", "2023-02-09")])
def test_six_digits_whose_last_two_are_no_month_still_read_as_a_day(digits, iso):
    assert extract_text(f"填报日期:{digits}").metrics["report_date"] == iso


@pytest.mark.parametrize("label", ["编制日期：", "报送日期:"])
def test_the_day_a_report_was_drawn_up_or_sent_is_its_date(label):
    assert extract_text(f"{label}2024年3月5日").metrics["report_date"] == "2024-03-05"


def test_a_covers_reporting_day_before_the_body_is_the_reports_date():
    """h9-yueyangxian: 报告期 on a self-evaluation form's cover, the date spaced as the issue quotes it, with
    the whole report after it (so no date at the text's end stands in for it)."""
    cover = ("岳阳县2016年度部门(单位)整体支出绩效评价自评报告\n评价方式:部门(单位)绩效自评\n报告期:2017 -7 - 25\n"
             "岳阳县财政局(制)\n一、部门(单位)基本概况\n")
    body = "".join(f"{k}、本年完成工作任务{k}项,资金到位及时。\n" for k in range(1, 8))
    assert extract_text(cover + body).metrics["report_date"] == "2017-07-25"
    assert "report_date" not in extract_text(cover.replace("报告期:", "报告期内") + body).metrics


@pytest.mark.parametrize(("head", "iso"), [
    ("子洲县2023年国民经济和社会发展统计公报\n子洲县统计局\n2024年4月15日\n", "2024-04-15"),
    ("关于新邵县2022年财政决算草案的报告\n——2023年3月23日在新邵县第十八届人民代表大会第三次会议上\n", "2023-03-23"),
    ("黄平县2022年预算执行情况和2023年预算草案的报告\n(2023年2月8日在县第十七届人民代表大会第二次会议上)\n", "2023-02-08"),
    # h33-lvyuan: a resolution's date is the standing committee session's that adopted it
    ("绿园区人大常委会关于批准\n2017年区本级财政决算的决议\n(2018年8月7日区十八届人大常委会第十二次会议通过)\n", "2018-08-07"),
    # a copy that lost the date's 年 and 月 (h33-sd-sjt), or its 年: the digits left read one way
    ("关于山东省2017年度省级预算执行的审计工作报告\n——2018724日在山东省第十三届人民代表大会\n常务委员会第四次会议上\n",
     "2018-07-24"),
    ("关于某州2020年预算执行情况的报告\n——20211月12日在某州第十五届人民代表大会第一次会议上\n", "2021-01-12"),
    # in Chinese numerals, as official documents print it: under a speech's title, or alone under a cover's
    ("关于北碚区2021年决算的报告\n——二〇二二年九月二十七日在区第十九届人民代表大会常务委员会第五次会议上\n", "2022-09-27"),
    ("2019年度武汉市武昌区人民政府杨园街办事处部门决算\n二〇二〇年九月二十九日\n目 录\n", "2020-09-29"),
    # h33-shenyang: a speech's date line after a title that a portal's path runs into, and a posting stamp after it
    ("您当前的位置 :政务公开 > 工作报告 > 部门工作报告 正文\n2017年沈阳市人民代表大会常务委员会工作报告\n"
     "——2017年1月10日在沈阳市第十五届人民代表大会第六次会议上\n    稿源: 沈阳日报  2017-01-19 09:22\n", "2017-01-10"),
])
def test_a_date_printed_under_the_title_is_the_reports(head, iso):
    assert extract_text(head + "\n各位代表:\n2023年,全县经济运行平稳。").metrics["report_date"] == iso


@pytest.mark.parametrize("head", [
    "今年北京“三公”预算压缩1.2亿\n2015-04-29\n",  # a web page's date, written the web's way
    "某局2024年度部门决算\n发布日期\n2025年10月23日\n",  # a platform row, its label on the line above
    "某局2024年度部门决算\n发布时间:2025年10月23日\n",
    "某局2024年度部门决算\n2025年3月2日局党组会议研究\n",  # a meeting not of a congress: a step, no date of the text
    "关于某州2020年预算执行情况的报告\n——2021111日在某州第十五届人民代表大会第一次会议上\n",  # 1-11 or 11-1: none
])
def test_a_pages_date_under_the_title_is_no_report_date(head):
    assert "report_date" not in extract_text(head + "2024年,某局收入总计12万元。").metrics


@pytest.mark.parametrize("approved, disclosed, found", [
    ("2022  12  17", "2022  12  22", ("2022-12-17", "2022-12-22")),
    ("2022 2 30", "2022 13 1", (None, None)),  # no such day, no such month: no date
])
def test_a_date_whose_characters_were_lost_leaves_its_figures_apart(approved, disclosed, found):
    # 锡林郭勒盟外事办公室 (holdout11): the form's 年, 月 and 日 lost from the page's copy
    text = (f"2021年度锡林郭勒盟行政公署外事办公室(本级)决算公开\n\n批复时间: {approved}\n\n"
            f"公开时间: {disclosed}\n\n第一部分 单位概况")
    metrics = extract_text(text).metrics
    assert (metrics.get("final_approved_date"), metrics.get("final_disclosed_date")) == found


def test_a_speechs_date_line_wrapped_before_its_meeting():
    """h13-tianjin-nankai: 2024年1月11日在南开区第十八届 / 人民代表大会第五次会议上, under the report's title."""
    text = ("南开区2023年预算执行情况和\n2024年预算草案的报告\n2024年1月11日在南开区第十八届\n人民代表大会第五次会议上\n"
            "南开区财政局\n各位代表:\n受区人民政府委托,现将南开区2023年预算执行情况提请大会审议。")
    assert extract_text(text).metrics["report_date"] == "2024-01-11"


def test_a_speechs_date_line_after_a_long_contents_list_with_the_body_run_on():
    """h13-dean: 26 contents rows, then | (2020年9月28日在县第十六届人大常委会第三十四次会议上) 敬的…: the report's date."""
    rows = "".join(f"| {k:02d}一般公共预算收入决算表 |\n" for k in range(1, 27))
    text = ("| 目录 |\n" + rows + "| 关于德安县2019年财政决算情况的报告 |\n"
            "| (2020年9月28日在县第十六届人大常委会第三十四次会议上) 各位委员: 受县人民政府委托,我就德安县2019年财政决算草案报告如下。 |\n")
    assert extract_text(text).metrics["report_date"] == "2020-09-28"
    body = "2019年财政决算。\n" + "2020年9月28日在县人大常委会会议上审议通过。"
    assert "report_date" not in extract_text(body).metrics


def test_a_portals_posting_stamp_beside_a_disclosure_title_is_no_disclosure_date():
    # h5-yanling-lyj, h12-yinchuan-xixia: the page's 发布时间 under a title naming the 决算's disclosure
    found = extract_text("炎陵县林业局2018年度部门决算公开说明\n信息来源:炎陵县财政局\n"
                         "访问:次 发布时间:2019-09-23 17:29炎陵县林业局2018年度部门决算公开说明\n目 录").metrics
    assert "final_disclosed_date" not in found
    found = extract_text("银川市西夏区人民政府办公室2018年部门决算\n发布日期 2019-09-25 公开时限 长期公开\n"
                         "所属分类 部门决算 效力状态 有效\n目 录").metrics
    assert "final_disclosed_date" not in found
    # the stamp that says when the page was made public still dates it
    found = extract_text("凉山州疾病预防控制中心2022年度单位决算公开编制说明\n公开时间:2023年9月25日\n目 录").metrics
    assert found["final_disclosed_date"] == "2023-09-25"


@pytest.mark.parametrize("cover", [
    # h21-xuancheng-zgh: the title twice, the month it was drawn up, then the contents
    "宣城市总工会2019年度部门决算\n宣城市总工会2019年度部门决算\n2020年9月\n目 录\n第一部分 宣城市总工会概况\n",
    # h21-liucheng-kx: the unit, the title and a month spaced out, then the contents
    "柳城县科学技术协会\n\n2022年部门决算\n\n2023年 10 月\n\n目    录\n",
    "某局2023年度部门决算\n2024年8月\n",  # a page cut off after its cover
])
def test_a_covers_month_without_its_day_is_no_report_date(cover):
    assert "report_date" not in extract_text(cover).metrics


def test_a_signatures_month_after_the_text_is_the_reports_date():
    text = "某局2023年度部门整体支出绩效自评报告\n2023年,我局全年支出12万元。\n某局\n2024年9月\n"
    assert extract_text(text).metrics["report_date"] == "2024-09"


def test_a_covers_date_in_a_pdf_run_into_one_line():
    """h25-mengjin-sfj: a document site's copy of a PDF, the cover, its date and the contents in one line."""
    text = ("洛阳市孟津区司法局2022年度部门预算(1).pdf\n洛阳市孟津区司法局 2022 年度部门预算 2022 年 7 月 15 日 目 录 "
            "第一部分洛阳市孟津区司法局概况 一、主要职能 二、机构设置及部门预算单位构成")
    found = extract_text(text)
    assert found.metrics["report_date"] == "2022-07-15"
    assert found.items["report_date"].provenance.text == "2022 年 7 月 15 日"


@pytest.mark.parametrize("line", [
    "某局 2022 年度部门预算 发布时间:2022 年 7 月 15 日 目 录 第一部分",  # a stamp between title and date
    "某局 2022 年度部门预算 2022 年 7 月 第一部分 概况",  # no day, no contents after it
    "某局2022年度部门预算于2022年7月15日经区财政局批复,目录如下",  # a sentence's date
])
def test_a_date_in_a_run_on_line_that_is_no_covers_is_no_report_date(line):
    assert "report_date" not in extract_text(line).metrics


@pytest.mark.parametrize(("sentence", "metric", "iso"), [
    # h33-moe: news that a ministry published its 决算 on a day
    ("2018年7月20日,教育部在其官网公布了其2017年度部门决算。", "final_disclosed_date", "2018-07-20"),
    ("2018年3月30日,某局公布了2018年部门预算。", "budget_disclosed_date", "2018-03-30"),
])
def test_the_day_a_budget_or_final_accounts_were_published_is_their_disclosure(sentence, metric, iso):
    assert extract_text(sentence + "收入合计2892万元,支出合计2686万元。").metrics[metric] == iso


def test_the_day_a_budget_was_approved_in_a_sentence_that_goes_on_to_disclose_it():
    """h25-qianjiang-hjjcz: approved on one day, made public in the next clause."""
    text = ("2025年度潜江市环境监测站部门预算\n2025年度部门预算于2025年1月26日经市财政局批复(潜财预[2025]1号),"
            "按照《预算法》规定,我单位将2025年度预算予以公开。")
    assert extract_text(text).metrics["budget_approved_date"] == "2025-01-26"


@pytest.mark.parametrize("sentence", [
    "根据财政局部门预算批复,2025年2月1日公开预算。",  # the date's own clause discloses
    "本部门2025年部门预算于2025年2月10日公开。",  # no approval named
])
def test_a_disclosure_date_is_no_approval_date(sentence):
    assert "budget_approved_date" not in extract_text("2025年度某站部门预算\n" + sentence).metrics


def test_a_full_date_signing_a_form_with_no_sentence_is_the_reports():
    """A form of field lines and no sentence, longer than a cover: its signature's date, past the lines
    a date under the title is looked for in, is still the report's."""
    fields = "".join(f"指标{k}:完成\n" for k in range(1, 19))
    text = "某局2023年度部门整体支出绩效自评表\n" + fields + "自评得分:92分\n某局\n2024年3月5日"
    assert extract_text(text).metrics["report_date"] == "2024-03-05"


def test_a_covers_date_written_as_eight_digits_before_its_contents():
    """h27-caidian-gsl: 20251110 alone between the 决算's title and its contents."""
    text = ("武汉市蔡甸区工商业联合会(汇总)2024年度决算公开\n\n2024年度武汉市蔡甸区工商业联合会(汇总)部门决算公开\n\n"
            "20251110\n\n目 录\n\n第一部分 武汉市蔡甸区工商业联合会概况")
    assert extract_text(text).metrics["report_date"] == "2025-11-10"


def test_a_covers_date_of_seven_digits_that_read_one_way():
    """h12-huanjiang-dacai: 2025214 (2025-2-14; 2025-21-4 is no date) between the budget's cover and its contents."""
    text = "环江县大才乡中心小学2025年部门预算\n\n2025214\n\n目录\n\n第一部分:部门概况"
    assert extract_text(text).metrics["report_date"] == "2025-02-14"
    assert "report_date" not in extract_text(text.replace("2025214", "2025113")).metrics  # 1-13 or 11-3: none


@pytest.mark.parametrize("lines", [
    "某局2024年度部门决算\n发布日期\n20251110\n目 录",  # a stamp's date under its label
    "某局2024年度部门决算\n20251110\n第一部分 概况",  # no contents after it
    "某局2024年度部门决算\n20241315\n目 录",  # no such day
])
def test_eight_digits_that_are_no_covers_date(lines):
    assert "report_date" not in extract_text(lines).metrics


def test_a_signature_ending_a_text_run_into_one_line():
    """jintan-dyrmyy as a document site prints it: the signer and the day after the last sentence, one line."""
    line = "2020年度金坛区医疗卫生机构财务情况 全区卫生机构总收入49811万元。其中每住院人次平均药费4334元,比上年增加848元。 常州市金坛区卫生健康局 2021年7月9日"
    assert extract_text(line).metrics["report_date"] == "2021-07-09"


@pytest.mark.parametrize("line", [
    "全区卫生机构总收入49811万元。 常州市金坛区卫生健康局 发布时间 2021年7月9日",  # a stamp
    "全区卫生机构总收入49811万元。 常州市金坛区卫生健康局 2021年7月",  # no day: the convention leaves it
    "全区卫生机构总收入49811万元,截至2021年7月9日",  # no signer
])
def test_a_date_ending_a_line_that_is_no_signature(line):
    assert "report_date" not in extract_text("2020年度某局财务情况 " + line).metrics
