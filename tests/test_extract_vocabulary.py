"""The names real reports give the vocabulary's figures (rules/extraction.yaml): each rule
pinned on the fourth-round snippets that showed it and on a text where it must not apply."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from tests.corpus_score import load_corpus
from support import text_metrics as metrics


@pytest.fixture(scope="module")
def corpus():
    return {s.id: s for s in load_corpus()}


def test_the_vehicles_a_department_holds_are_counted(corpus):
    # 北京商务委: 2010年底实有公务用车87辆 (the 8 it bought that year are no count of the fleet)
    assert metrics(corpus["beijing-swj-2010-vehicles"].text)["vehicles_held"] == 87
    assert metrics("2015年底,单位共有公务用车8辆,其中一般公务用车6辆。")["vehicles_held"] == 8
    assert metrics("单位现有公务用车2辆,其中:轿车1辆。")["vehicles_held"] == 2
    for text in ("2010年更新公务用车8辆,车均17.39万元。", "2014年一般公务用车编制3台。", "公务用车运行维护费5.28万元。"):
        assert "vehicles_held" not in metrics(text), text


def test_vehicles_held_named_as_a_stock():
    # 国家统计局 2011 (holdout8): 各类车辆存量; 施甸县旧城乡 (holdout7): a count run on after a rate of change
    assert metrics("截至2010年底,国家统计局各类车辆存量2462辆。")["vehicles_held"] == 2462
    found = metrics("2018年“三公”经费支出8.4万元,较上年减少11.1万元下降56.95%年末公务用车保有量为3辆。")
    assert (found["vehicles_held"], found["sangong_actual_change_pct"]) == (3, -56.95)


def test_a_fleet_counted_as_machines():
    # 武隆区妇联 (holdout7): 公务用车1台(轿车); bought cars counted so are still no fleet
    assert metrics("归口管理的行政单位离退休人员1人。公务用车1台(轿车)。")["vehicles_held"] == 1
    assert "vehicles_held" not in metrics("本年购置公务用车1台,用于下乡。")


def test_staff_by_category_and_their_total(corpus):
    # 寻甸编办: 机关行政编制12名,事业编制7名。2024年实有人员13人
    found = metrics(corpus["xundian-bianban-2024-staffing"].text)
    assert (found["staff_admin"], found["staff_institution"], found["staff_authorized"]) == (12, 7, 19)
    assert found["staff_actual"] == 13
    # 曹县编办: 行政编制12人, 实有6人,事业编制8人,实有8人 — 实有 per category states no total
    found = metrics(corpus["caoxian-bianban-staffing"].text)
    assert (found["staff_admin"], found["staff_institution"], found["staff_authorized"]) == (12, 8, 20)
    assert "staff_actual" not in found
    # one category named alone is the whole 编制
    assert metrics("招商服务中心内有事业编制25名。") == {"staff_institution": 25, "staff_authorized": 25}


def test_actual_staff_stated_per_category():
    # 北京丰台环卫所 (holdout6): each category's 编制 with its own 实有人数; the one staffed is the total
    found = metrics("(二)人员构成情况\n行政编制0人,实有人数0人;事业编制82人,实有人数61人。")
    assert (found["staff_admin"], found["staff_institution"], found["staff_authorized"]) == (0, 82, 82)
    assert found["staff_actual"] == 61
    # 通州区档案馆 (holdout6): 实际 alone after a category's 编制 is its actual count
    assert metrics("本部门行政编制0人,实有人数0人;事业编制30人,实际25人。")["staff_actual"] == 25
    # a category whose actual count is not given leaves the total unknown, not the other's figure
    assert "staff_actual" not in metrics("行政编制0人,实有人数0人;事业编制30人。")
    # after categories listed together (、 or 和), the actual count is the whole department's
    found = metrics("2023年本单位共有编制30名,其中行政编制20名、事业编制10名;实有人数28人。")
    assert (found["staff_authorized"], found["staff_actual"]) == (30, 28)
    assert metrics("核定编制30名,其中行政编制20名和事业编制10名,实有人数28人。")["staff_actual"] == 28
    # 宝鸡金台区人大办 (holdout9): categories listed with a comma, then the department's actual count
    found = metrics("现有行政编制11名,事业编制5名,实有人数 28名,其中5名常委会主任不占编制。")
    assert found["staff_actual"] == 28 and found["staff_institution"] == 5
    # 綦江群工中心 (holdout7): one category named twice with one value is one category
    found = metrics("中心事业编制4名,科级领导职数1名。2021年年末实有事业编制4名,其中科级领导1名。")
    assert (found["staff_institution"], found["staff_authorized"]) == (4, 4)


def test_bare_actual_after_the_whole_establishment_or_a_list_of_its_categories():
    # 共青团鹤山市委 (holdout27) and 天水国土执法支队 (holdout29): 实有 alone after the department's 编制
    found = metrics("共青团鹤山市委员会编制7人,实有5人,离退休0人。")
    assert (found["staff_authorized"], found["staff_actual"], found["staff_in_service"]) == (7, 5, 5)
    assert metrics("下设4个科室,核定编制19人,实有15人,无退休人员。")["staff_actual"] == 15
    # 孝义市中医院 (holdout15): after every category, each with its 编制 only, 实际 is the whole's
    found = metrics("孝义市中医院行政编制0人;事业编制166人;工勤编制0名;实际166人;长期聘用临时工0人。")
    assert (found["staff_authorized"], found["staff_actual"], found["staff_in_service"]) == (166, 166, 166)
    # a head count broken down after it is read by its 其中 (龙回县科协, holdout27)
    found = metrics("科协单位编制人数为5人,实际人数11人,其中在职9人,退休2人。")
    assert (found["staff_actual"], found["staff_in_service"]) == (9, 9)
    # one category's actual count given apart: the other's gives no total (梁平工商联, holdout27)
    assert "staff_actual" not in metrics("机关核定行政编制5名,实有5 人,其中主席1人,综合科1人;下属事业单位1个,"
                                         "核定事业编制3名,实有2人,空编1名。")
    # named twice with two values: which one is the 编制 is unknown
    assert "staff_authorized" not in metrics("中心事业编制4名。年末实有事业编制3名。")


def test_a_category_of_posts_by_its_funding_adds_up():
    # 梧州市第三中学 (holdout7, PDF text): 参公 and 全额 事业编制 are the kinds of one category
    found = metrics("3\n梧州市第三中学人员编制总数 95 名,其中:其中:行政\n编制 0 名,参公事业编制 0 名,全额事业编制 95 名,聘用教\n"
                    "师控制数 4 人。其中,在职在编人员 91 人,包括:行政在职\n在编人员 0 人、参公事业在职在编人员 0 人、全额事业在职\n"
                    "在编 91 人,聘用教师控制数 4 人。其他聘用人员 0 人、离退\n休人员 99 人。")
    assert (found["staff_admin"], found["staff_institution"], found["staff_authorized"]) == (0, 95, 95)
    assert metrics("全额拨款事业编制30名,差额拨款事业编制5名。")["staff_institution"] == 35
    # one kind named twice with two figures: which is the category's is unknown, as before
    assert metrics("全额事业编制30名。年末全额事业编制28名。")["staff_institution"] in (30, 28)


def test_posts_managed_as_civil_servants_beside_plain_institution_posts():
    # 上犹县老干部活动中心 (holdout16): 参公 0 beside 事业 5: the 事业 posts are the plain ones
    found = metrics("编制人数小计5人,其中:行政编制人数0人,参照公务员法管理的事业编制人数0人,事业编制人数5人。")
    assert (found["staff_authorized"], found["staff_admin"], found["staff_institution"]) == (5, 0, 5)
    # 上犹县史志研究室 (holdout19), 宁夏机关事务管理局 (holdout5): 参公 1 beside 事业 8, two kinds of 事业 posts
    found = metrics("编制人数小计14人,其中:行政编制人数5人,参照公务员法管理的事业编制人数1人,事业编制人数8人。")
    assert (found["staff_authorized"], found["staff_admin"]) == (14, 5) and "staff_institution" not in found
    found = metrics("现有人员编制115人,其中:参照公务员管理事业编制71人,事业编制44人。")
    assert found["staff_authorized"] == 115 and "staff_institution" not in found
    assert metrics("参照公务员法管理的事业编制人数6人。")["staff_institution"] == 6  # the only kind named


def test_a_head_count_with_hires_names_its_part_on_posts():
    # 柳州市马鞍山幼儿园 (holdout15): 50 serve, 4 of them on posts; the 44 hired are on none
    found = metrics("2023年机构设置教职工编制,实有人数50人,其中事业编制4人,聘用人员44人,保安2人。")
    assert (found["staff_in_service"], found["staff_actual"]) == (50, 4) and "staff_institution" not in found
    # parts all on posts (事业编制 and 工勤): the whole count is on posts (南滩社区卫生服务中心, holdout12)
    found = metrics("本年度实有在职人数38人,其中:事业编制36人,工勤人员2人。")
    assert found["staff_actual"] == found["staff_in_service"] == 38


def test_a_head_count_broken_down_by_category_of_post():
    # 渝中区南纪门街道 (holdout16): 73 serve; 25 + 20 + 26 of them on posts by category, which are people, not
    # the posts; so how many are on posts is not 73
    found = metrics("2023年街道共有工作人员73人,其中行政编制25人、参公编制20人、事业编制26人。")
    assert found == {"year": 2023, "staff_in_service": 73}
    # the categories add up to the head count: all of it is on posts
    found = metrics("2023年局机关现有工作人员12人,其中行政编制10人,工勤编制2人。")
    assert found["staff_in_service"] == found["staff_actual"] == 12 and "staff_admin" not in found
    # posts by category after a count of posts are posts
    found = metrics("2023年核定编制40人,其中行政编制22人、事业编制18人。")
    assert (found["staff_admin"], found["staff_institution"]) == (22, 18)


def test_a_head_count_that_takes_in_retirees_is_no_count_of_staff():
    # 林芝市应急管理局 (holdout20): 现有人员 is a head count too, and its posts (现有人员编制) are posts
    found = metrics("现有人员48人,其中:在职33人、退休10人、公益性岗位人员 3人、志愿者2人。")
    assert found["staff_actual"] == found["staff_in_service"] == 33
    assert metrics("现有人员编制115人,其中:行政编制80人。")["staff_authorized"] == 115
    # 天津市卫生局 (holdout10), 安义县长均中心学校 (holdout6): 实有 counts retirees in; those in service are the staff
    found = metrics("实有人员35871人,其中在职人员24856人,离休人员291人,退休人员10724人。")
    assert found["staff_actual"] == found["staff_in_service"] == 24856
    found = metrics("本部门2020年年末实有人数151人,其中在职人员100人,离休人员0人,退休人员51人。")
    assert (found["staff_actual"], found["staff_in_service"], found["staff_retired"]) == (100, 100, 51)
    # 西宁市东方小学 (eighth round): the units' year-end head count, its in-service part named first
    found = metrics("各级单位年末人数50人,其中在职人员33人,离休人员0人,退休人员17人,其他人员0人。")
    assert (found["staff_actual"], found["staff_in_service"], found["staff_retired"]) == (33, 33, 17)
    # 宜春学院 (holdout11): the retirees after a semicolon are still among the head count
    found = metrics("实有人数1982人,其中:在职人数1434人,均为全额补助事业人员;离休人员4人;退休人员417人。")
    assert (found["staff_actual"], found["staff_in_service"]) == (1434, 1434)
    # a list of titles before the retirees leaves the count the staff's (天水市幼儿园, dev)
    found = metrics("核定人员编制71人,实际正式教职工62人,其中副高级职称4人,中级职称25人,退休职工28人。")
    assert (found["staff_actual"], found["staff_retired"]) == (62, 28)


def test_posts_named_as_the_formal_establishment():
    # 重庆市少年儿童图书馆 (holdout9)
    found = metrics("我馆正式编制为69人,截至2020年底退休职工41人,在职职工58人。")
    assert (found["staff_authorized"], found["staff_retired"], found["staff_in_service"]) == (69, 41, 58)


@pytest.mark.parametrize("phrase", ["编制员额75人", "核定员额75人"])
def test_posts_named_as_a_quota_of_staff(phrase):
    # 秦安县融媒体中心 (holdout32): 编制员额, the establishment's quota of staff
    assert metrics(f"县融媒体中心为财政全额拨款单位,{phrase},设主任1名,副主任3名。")["staff_authorized"] == 75


def test_one_kinds_staff_or_the_year_starts_is_no_staff_count():
    # 腾冲市和顺镇中心学校, 荷花镇中心学校, 白果小学 (holdout10)
    assert not {"staff_actual", "staff_in_service"} & set(metrics("小学在编教职工35人,幼儿园在编教职工3人。"))
    found = metrics("2021年末实有人员编制190人,年末实有在编人数为学前教职工3人,小学教职工116人,初中教职工59人")
    assert found == {"year": 2021, "staff_authorized": 190}
    assert not {"staff_actual", "staff_in_service"} & set(metrics("学校年初在编在岗教职工50人,当年退休1人,调出7人。"))
    assert metrics("学校年末在编在岗教职工48人。")["staff_in_service"] == 48
    # 梧州市第三中学 (holdout7): the staff on the establishment, then each category's
    found = metrics("2023年。其中,在职在编人员 91 人,包括:行政在职在编人员 0 人、全额事业在职在编人员 91 人。")
    assert found["staff_actual"] == 91 and "ambiguous" not in extract_text(
        "2023年。其中,在职在编人员 91 人,包括:行政在职在编人员 0 人。").items["staff_actual"].flags


def test_posts_fixed_for_a_kindergarten():
    # 南湖区第二幼儿园 (eighth round): 定编定岗人数 are its posts
    found = metrics("我园实际教职工人数为20人,定编定岗人数为4人。")
    assert (found["staff_in_service"], found["staff_authorized"]) == (20, 4)


def test_staff_on_the_establishment_and_at_their_posts():
    # 致公党海南省委 (holdout10): 在编在岗人员 are the staff there; a count by kind of post before it is not
    found = metrics("2018年部门预算。核定人员编制16名,其中公务员14名、工勤2名。2017年未在编在岗人数公务员13名、工勤2名。"
                    "现有在编在岗人员15名,其中公务员13名、工勤2名")
    assert (found["staff_authorized"], found["staff_actual"]) == (16, 15)


def test_the_retired_alone_beside_the_retired_cadres_are_no_total():
    # 宝鸡金台区人大办 (holdout9): 离休 and 退休 apart, no 离退休 total: the whole is not stated
    assert "staff_retired" not in metrics("离休人员2名,退休人员25名。公务用车3辆。")
    assert metrics("离休人员0人,退休人员17人。")["staff_retired"] == 17  # none retired early: 退休 is the whole
    assert metrics("离退休人员16人,其中:离休2人,退休14人。")["staff_retired"] == 16


def test_people_on_a_category_of_posts_are_no_posts():
    # 乌鲁木齐天山区 (holdout7): 行政编制财政供养人员 counts the people paid on those posts, not the posts
    found = metrics("2019年度天山区本级共127个一级预算部门,财政供养人员共计9,244人。其中:行政编制财政供养人员1,845人,"
                    "事业编制财政供养人员7,399人,离退休人员1,206人。公务用车总数1,763辆。")
    assert not {"staff_admin", "staff_institution", "staff_authorized"} & set(found)
    assert (found["staff_retired"], found["vehicles_held"]) == (1206, 1763)
    assert metrics("行政编制12名,事业编制7名。")["staff_authorized"] == 19  # posts, as before


def test_staff_in_service_with_no_other_count_is_the_staff_actually_there():
    found = metrics("单位现有在职人员32人,退休人员5人。")
    assert (found["staff_in_service"], found["staff_actual"], found["staff_retired"]) == (32, 32, 5)
    found = metrics("单位现有在职人员32人,其中在编人员30人,聘用人员2人,退休人员5人。")
    assert (found["staff_in_service"], found["staff_actual"]) == (32, 30)
    assert metrics("现单位实有在职在编人员16名。")["staff_actual"] == 16


def test_a_count_of_one_role_among_those_there_is_no_count_of_the_staff():
    # 清水县第三中学 (holdout26): 在职教师 after the head and deputies counted apart is one role, not the staff
    found = metrics("核定县三中事业编制170名。截至2021年12月,实有校长1人,副校长5人,在职教师160人,代课教师及临时工8人,"
                    "退休人员为51人。")
    assert "staff_in_service" not in found and "staff_actual" not in found
    assert found["staff_retired"] == 51
    # a cue naming all the staff after roles listed is their total, not one role
    found = metrics("现有局长1人,副局长2人,在职人员12人。")
    assert (found["staff_in_service"], found["staff_actual"]) == (12, 12)
    # after the 编制 alone, a count of the staff is the staff's (大营石门小学, holdout26)
    found = metrics("学校现有编制21人,现有教职工21人,在校小学生60人。")
    assert (found["staff_authorized"], found["staff_in_service"]) == (21, 21)


@pytest.mark.parametrize("sentence, counts", [
    # 德钦县统计局 (holdout5): 现实有, "now actually there"
    ("统计局总编制16人。今年减少事业1人行政1人,现实有15人(其中:公务员7人、行政工勤1人)。", {"staff_actual": 15}),
    # 大足区文化馆 (holdout29), 舟曲城关社区卫生服务中心 (holdout15): staff on the books, not hired in
    ("人员编制数为16人,在岗正式员工有12人。", {"staff_actual": 12, "staff_in_service": 12}),
    ("社区共有职工68人,其中正式员工24人、招聘职工25人、乡村医生19人。", {"staff_actual": 24}),
    # 平昌县卫生进修学校 (holdout29): the people the budget pays
    ("2024年财政供给人员11人,其中:参照公务员管理人员1名、事业人员10名;", {"staff_actual": 11}),
    # 泾源县人民医院 (holdout26): all the hospital's workers, of whom those on posts are the actual staff
    ("全院总职工数为306人,其中:在编89人,借调人员13人,同工同酬54人,招聘人员144人。",
     {"staff_in_service": 306, "staff_actual": 89}),
])
def test_more_names_of_the_staff_actually_there(sentence, counts):
    found = metrics(sentence)
    assert {metric: found.get(metric) for metric in counts} == counts


def test_short_names_of_the_vehicle_items():
    found = metrics("2023年“三公”经费决算支出中,公车购置费0万元,公车运行维护费5.2万元。")
    assert (found["sangong_actual_vehicle_purchase"], found["sangong_actual_vehicle_operation"]) == (0, 5.2)
    found = metrics("2019年“三公”经费预算中,公务车购置及运行维护费32.5万元。")
    assert found["sangong_budget_vehicle"] == 32.5


def test_reception_named_as_entertaining():
    # 湛江市环保局 (holdout9): 公务招待费 is the reception item's older name
    found = metrics("2018年度本部门“三公”经费预算安排108.8万元。其中:公务招待费为51万元,比上年预算减少了12.05万元。")
    assert (found["sangong_budget_reception"], found["sangong_budget_reception_change"]) == (51, -12.05)


def test_procurement_by_kind(corpus):
    found = metrics(corpus["shibenji-2017-procurement"].text)
    assert (found["budget_procurement"], found["budget_procurement_goods"]) == (227957.45, 97926.37)
    assert (found["final_procurement_goods"], found["final_procurement_works"],
            found["final_procurement_services"]) == (91229.58, 36535.06, 77695.85)
    # 货物类 names goods procurement only where the sentence speaks of 采购
    assert "final_procurement_goods" not in metrics("2023年决算中,货物类97万元。")


def test_public_budget_is_a_kind_of_money_not_the_budget_stage():
    # 公共预算财政拨款 / 一般公共预算 say where the money comes from, not that it is a budget
    assert "sangong_budget" not in metrics("本年度公共预算财政拨款“三公”经费支出12万元。")
    found = metrics("2022年度一般公共预算财政拨款“三公”经费支出决算为12万元。")
    assert found["sangong_actual"] == 12 and "sangong_budget" not in found
    assert metrics("2023年公共预算财政拨款“三公”经费预算为8万元。")["sangong_budget"] == 8


def test_a_vehicle_items_parts_named_short_after_the_item():
    found = extract_text("2022年安排公务用车购置及运行费预算20万元,其中:购置费5万元、运行费15万元,"
                         "运行费比2021年预算减少1万元。").metrics
    assert (found["sangong_budget_vehicle_purchase"], found["sangong_budget_vehicle_operation"]) == (5, 15)
    assert found["sangong_budget_vehicle_operation_change"] == -1
    # in the next sentence of the same paragraph too
    found = extract_text("2022年公车购置及运行维护费预算20万元。其中:购置经费0万元、运行维护费20万元。").metrics
    assert (found["sangong_budget_vehicle_purchase"], found["sangong_budget_vehicle_operation"]) == (0, 20)
    # without the vehicle item before them they are other spending
    found = extract_text("2022年信息系统运行维护费预算20万元,设备购置费5万元。").metrics
    assert not any(m.startswith("sangong") for m in found)


def test_a_tables_short_part_rows_need_the_vehicle_row_above():
    rows = "\n项目 | 2022年决算(万元) |\n{first} | 9 |\n其中:购置经费 | 2 |\n运行维护费 | 7 |"
    found = extract_text("2022年“三公”经费决算表" + rows.format(first="公务用车购置及运行维护费")).metrics
    assert (found["sangong_actual_vehicle"], found["sangong_actual_vehicle_purchase"],
            found["sangong_actual_vehicle_operation"]) == (9, 2, 7)
    found = extract_text("2022年部门决算表" + rows.format(first="项目支出")).metrics
    assert not any(m.startswith("sangong") for m in found)


def test_vehicles_held_said_without_its_noun():
    assert extract_text("年末本单位公务用车保有12辆。").metrics["vehicles_held"] == 12


def test_gongche_short_for_the_vehicle_item():
    found = metrics("2021年“三公”经费决算支出20万元,其中公车费用12.5万元。")
    assert found["sangong_actual_vehicle"] == 12.5
    found = metrics("2021年“三公”经费决算:公车支出8万元,公务接待费3万元。")
    assert (found["sangong_actual_vehicle"], found["sangong_actual_reception"]) == (8, 3)


def test_a_budget_added_during_the_year_and_the_budget_after_it():
    """Issue 13 names 本年追加预算 among the labels real reports use: the amount added is the budget's
    adjustment; 调整后预算 (全年预算) is the budget as adjusted, not the year-start budget."""
    found = metrics("2023年年初预算1000万元,年中追加预算120万元,调整后全年预算1120万元,全年支出1100万元。")
    assert (found["budget_adjustment"], found["budget_adjusted_total"]) == (120, 1120)
    assert metrics("2023年本年追加预算50万元。")["budget_adjustment"] == 50
    assert metrics("2023年追加预算资金120万元,调整后预算1120万元。")["budget_adjusted_total"] == 1120
    # the words alone, with no figure after them, name nothing
    assert "budget_adjustment" not in metrics("本年追加预算后,全年预算数为1120万元。")


@pytest.mark.parametrize("text", [
    "2023年度本部门收入预算1,234.56万元,本部门支出预算1,234.56万元。",
    "2023年本部门收入预算总额1,234.56万元,支出预算总额1,234.56万元。",
    "2023年部门预算收入1,234.56万元,比上年增加50万元;部门预算支出1,234.56万元。",
    "收入预算:1,234.56万元\n支出预算:1,234.56万元",
])
def test_the_departments_budget_named_with_its_stage(text):
    found = metrics(text)
    assert (found["budget_income_total"], found["budget_total"]) == (1234.56, 1234.56)


def test_the_years_budget_named_right_after_its_year():
    # 退役军人事务部 2019 (holdout8); a kind of income's budget stays the kind's
    assert metrics("数据显示,退役军人事务部2019年收入预算60496.03万元。")["budget_income_total"] == 60496.03
    assert "budget_income_total" not in metrics("2015年专户管理的非税收入预算数为0元,其他收入预算数为0元。")


def test_a_budget_total_named_after_an_item_is_the_items():
    assert metrics("2024年“三公”经费财政拨款支出预算总额为12万元。") == {"year": 2024, "sangong_budget": 12}


def test_a_kind_of_spending_named_with_its_budget_is_no_total():
    # 支出预算 after a kind of spending is that kind's (义龙群工部 2015, holdout4)
    found = metrics("群工部2015年预算支出合计44.4572万元。其中:工资性支出预算数为31.9332万元。")
    assert found["budget_total"] == 44.4572


@pytest.mark.parametrize("text, grade", [
    ("部门整体支出绩效自评结果为良好,得分88分。", "良好"),
    ("评价结论为“优”,自评得分91分。", "优"),
    ("2023年度绩效等级:优秀,得分95分。", "优秀"),
    ("2023年自评结果为良好等级,得分85分。", "良好"),
])
def test_the_grade_a_self_evaluation_gives_itself(text, grade):
    assert metrics(text)["self_grade"] == grade


@pytest.mark.parametrize("text", ["总体评价良好,但存在以下问题,支出12万元。", "评价结果为良好的项目有3个,金额12万元。"])
def test_a_grade_word_in_prose_is_no_grade(text):
    assert "self_grade" not in metrics(text)


def test_the_total_score_a_self_evaluation_gives_itself():
    assert metrics("自评总分:93.5分\n自评等级:优") == {"self_score": 93.5, "self_grade": "优"}
    assert metrics("满分100分,自评总得分93.5分。")["self_score"] == 93.5
    # the score out of which it is given is no score
    assert metrics("评价总分100分,自评得分93.5分。")["self_score"] == 93.5


def test_the_years_spending_budget_and_its_parts():
    # 青海 (holdout11): 本年度支出预算 is the whole's, and names the stage of the breakdown after it
    found = metrics("(二)支出情况\n本年度支出预算234.05 万元。\n按支出项目类别:1、基本支出 157.05 万元,"
                    "(其中:人员工资 126.23万元,公用经费 30.82万元)2、项目支出 77 万元。")
    assert (found["budget_total"], found["budget_basic"], found["budget_project"]) == (234.05, 157.05, 77)
    assert found["budget_public_funds"] == 30.82


def test_a_count_of_one_kind_of_staff_is_not_the_departments():
    # 彭水县乡村振兴局 (holdout9): 行政 beside 事业, so 实有在职行政人员9人 counts one kind only
    found = metrics("我局共有机关行政编制12名,机关工勤编制1名。实有在职行政人员9人,工勤人员1人,所属事业单位事业编制16人,"
                    "实有在职人员14人。")
    assert found.get("staff_actual") != 9
    # 寻甸县人大常委会 (dev): only administrative posts, so its 行政人员 are all its staff
    found = metrics("核定编制38人。其中:行政编制38人(含行政工勤编制7人)。2024年末在职在编实有行政人员48人。")
    assert found["staff_actual"] == 48
    # a city women's federation (holdout21): 实有在职人数参公事业19人、工勤3人 counts two kinds apart
    found = metrics("2026年初核定编制24名,其中参公编制21人、工勤编制3人,实有在职人数参公事业19人、工勤3人,退休21人。")
    assert "staff_actual" not in found and "staff_in_service" not in found and found["staff_authorized"] == 24


def test_a_head_count_with_its_retirees_in_parentheses_is_no_count_of_staff():
    # 襄州区伙牌镇 (holdout12): 86 counts the 50 retired in
    found = metrics("伙牌镇政府(单位)实有人数86人(其中:在职36人,离退休50人),总编制数38人。")
    assert (found["staff_actual"], found["staff_in_service"]) == (36, 36)  # those in service, named by 在职 alone
    found = metrics("年初实有人数345人,其中:在职256人,退休89人;年末实有人数341人,其中:在职250人,退休91人。")
    assert (found["staff_actual"], found["staff_in_service"]) == (250, 250)  # the year-end's (甘肃交通职业学院, holdout11)


def test_teachers_in_service_and_a_units_budget_in_a_template_naming_it_in_parentheses():
    # 万源市竹峪镇中心小学 (holdout11); 襄州区伙牌镇 (holdout12): 政府(单位)收入预算
    assert metrics("现有教学班16个,在校学生970人,在职教师40人,特岗教师4人。")["staff_in_service"] == 40
    found = metrics("2025年襄州区伙牌镇政府(单位)收入预算842.79万元,比2024年增加62.15万元。"
                    "2025年襄州区伙牌镇政府(单位)支出预算842.79万元。")
    assert (found["budget_income_total"], found["budget_total"]) == (842.79, 842.79)


def test_a_head_count_that_takes_in_staff_off_the_establishment_is_no_count_of_staff():
    # 三亚林场 (holdout12): 60 counts the hires off the establishment in, on 5 posts
    found = metrics("单位核定事业编制人数5名,目前单位在编在岗4人,编外长期聘用人员56人,期末实有人员60人(含编内人员+编外长期聘用人员)。")
    assert found.get("staff_actual") != 60


def test_the_three_public_costs_named_without_their_word_for_funds():
    """h14-dongguan: “三公”支出合计 is the 三公 total, not the department's spending."""
    found = metrics("数据显示,2016年市本级“三公”支出合计为9615.12万元,比年初预算减少3887.49万元。")
    assert found["sangong_actual"] == 9615.12 and "final_total" not in found


def test_vehicle_costs_joined_by_yu():
    """h12-wangcang, h8-nsfc: 公务用车购置与运行(维护)费 is the vehicle item, as with 及 or 和."""
    assert metrics("2024年公务用车购置与运行维护费决算12.5万元。")["sangong_actual_vehicle"] == 12.5


def test_vehicle_costs_named_as_bought_and_run():
    """h13-shanghai: 车辆购买及运行费 is the vehicle item, as 车辆购置及运行费."""
    found = metrics("2012年“三公”经费预算合计10.5亿元,其中:出国(境)经费预算1.97亿元、车辆购买及运行费预算5.25亿元。")
    assert found["sangong_budget_vehicle"] == 52500


def test_vehicle_running_costs_named_as_operating_costs():
    """h4-shenjishu: 车辆运作费 (运作 for 运行) is the vehicles' running cost."""
    assert metrics("2010年决算\n全年车辆运作费1114.65万元,平均每辆车运作维护费5.41万元。")["sangong_actual_vehicle_operation"] == 1114.65


def test_money_spent_under_no_stage_may_be_said_kaizhi():
    # h18-wanquan-fy: 我院2014年三公经费开支53.65万元
    found = metrics("我院2014年三公经费开支53.65万元,其中公务接待费3.02万元,公务用车购置及运行维护费50.63万元。")
    assert (found["sangong_actual"], found["sangong_actual_reception"]) == (53.65, 3.02)


def test_a_department_cue_before_zongji_is_the_grand_total():
    # h18-fengdu-fy: 本单位收入总计4,076.79万元 (本单位收入 is a cue of the year's income)
    found = metrics("2018年度本单位收入总计4,076.79万元,支出总计4,076.79万元。本单位收入合计3,930.20万元。")
    assert (found["final_income_grand_total"], found["final_income_total"]) == (4076.79, 3930.2)
    # 银川市殡仪馆 2014 (holdout23): the year's income 总计 (本年收入总计), its carry-over stated apart
    found = metrics("2014年部门决算\n上年结余和结转204.33万元。\n2014年本年收入总计为991.38万元,比上年减少392.28万元,减少了28.35%。")
    assert (found["final_income_total"], found["final_income_total_change"]) == (991.38, -392.28)
    assert "final_income_grand_total" not in found


def test_a_years_budget_named_with_its_year_and_a_clause_of_the_other_side():
    # a self-evaluation's 收入预算 and 支出预算 side by side with what came in and went out
    found = metrics("2023年度收入预算1480.2万元,实际收入1480.2万元;支出预算1480.2万元,实际支出1460.5万元。")
    assert found["budget_income_total"] == 1480.2
    assert "final_income_total" not in found or found["final_income_total"] == 1480.2  # never the 支出's 1460.5
    assert metrics("2023年度支出预算1480.2万元。")["budget_total"] == 1480.2


def test_a_departments_final_totals_named_with_their_stage():
    found = metrics("2023年度部门决算收入1500.5万元,其中财政拨款收入1400万元;部门决算支出1480.2万元。")
    assert (found["final_income_total"], found["final_total"]) == (1500.5, 1480.2)
    found = metrics("2023年度一般公共预算财政拨款“三公”经费决算支出5万元。")
    assert found["sangong_actual"] == 5 and "final_total" not in found


def test_a_share_said_zhanbi_is_no_comparison():
    found = metrics("2023年度政府采购支出总额95万元,其中授予中小企业合同金额90万元,占比94.7%。")
    assert found["procurement_sme_pct"] == 94.7


def test_a_years_spending_and_the_total_budgets_named_total_budget():
    # h19-danzhou-fy: 2018年度支出5560.46万元,其中:基本支出2956.36万元,项目支出2604.1万元 (an evaluation report)
    found = metrics("2018年度部门整体支出绩效评价报告\n1.2部门支出描述\n"
                    "2018年度支出5560.46万元,其中:基本支出2956.36万元,项目支出2604.1万元。")
    assert (found["final_total"], found["final_basic"], found["final_project"]) == (5560.46, 2956.36, 2604.1)
    # h19-dongxing-fy: 2023年收入总预算1401.67万元 … 2023年支出总预算1401.67万元
    found = metrics("2023年收入总预算1401.67万元,同比减少81.24万元。\n2023年支出总预算1401.67万元,基本支出预算823.89万元。")
    assert (found["budget_income_total"], found["budget_total"]) == (1401.67, 1401.67)


@pytest.mark.parametrize(("text", "posts"), [
    ("天水市殡仪馆隶属于天水市民政局,为正科级差额拨款事业单位,编制22名,独立核算机构一个。", 22),  # holdout23
    ("垫江县水利管理站为全额拨款正科级事业单位,单位编制100人,预算人数77人。", 100),  # holdout23
    ("本部门内设机构、人员构成情况:区侨联内设机构2个:办公室和宣传联络股。编制6名。", 6),  # holdout21
])
def test_a_bare_establishment_is_the_posts(text, posts):
    assert metrics("2022年" + text)["staff_authorized"] == posts


def test_posts_of_one_kind_or_of_things_are_no_bare_establishment():
    found = metrics("2022年街道工作人员中参公编制20人。车辆编制9辆。现有人数18人,其中:在职编制14人;离退休4人。")
    assert "staff_authorized" not in found
    assert "staff_authorized" not in metrics("2022年部门预算编制说明。预算编制2个月完成。")
