"""One head count of the staff serving is both staff counts; two counts stated apart stay apart.

Texts are real report sentences (the corpus entries named) or shortened from them."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


def staff(text: str) -> tuple[object, object]:
    found = extract_text(text).metrics
    return found.get("staff_actual"), found.get("staff_in_service")


@pytest.mark.parametrize(("text", "count"), [
    ("西宁市城中区南滩社区卫生服务中心本年度实有在职人数38人,其中:事业编制36人,工勤人员2人。", 38),  # h12-xining-nantan
    ("其中在职人员33人,离退休人员12人。", 33),
    ("截至2024年12月实有人数107人。", 107),  # h7-xizang-zfw
    ("截止2024年12月31日事业编制67人,现有教职工73人,退休12人。", 73),  # sifang-zx
    ("机构编制部门核定人数96人、年末在职人数86人、离退休人数48人、外聘临时工人数18人。", 86),  # xuwen-qianshan
    ("行政编制0人,实有人数0人;事业编制96人,实有人数89人。", 89),  # h6-fengtai-dahongmen
    ("我园截止2015年12月31日,编制数为59人,其中在职在编教职工人数为53人,退休人员23人。", 53),  # xx-dyyey
])
def test_one_serving_count_is_both_the_actual_staff_and_the_staff_in_service(text, count):
    assert staff(text) == (count, count)


def test_a_table_row_of_the_actual_staff_is_the_staff_in_service_too():
    text = "单位:人\n项目 | 人数\n人员编制 | 21\n实有人数 | 21\n"
    assert staff(text) == (21, 21)


@pytest.mark.parametrize(("text", "actual", "in_service"), [
    ("马关镇中心卫生院在职职工19人,其中在编人员13人。", 13, 19),  # h11-majiao (现有职工)
    ("在职职工19人,其中实有财政补助人员9人,临聘人员3人,返聘人员4人。", 9, 19),  # h9-wuxi-dag-2020
])
def test_a_total_with_its_part_on_posts_keeps_each_count(text, actual, in_service):
    assert staff(text) == (actual, in_service)


@pytest.mark.parametrize("text", [
    "在职人员50人(含编外聘用人员10人)。",
    "在职职工19人,其中借调人员3人。",
])
def test_an_in_service_count_that_takes_in_hires_is_no_count_of_the_staff_on_posts(text):
    actual, in_service = staff(text)
    assert actual is None and in_service is not None


def test_posts_counted_as_the_categorys_number_and_staff_on_posts_and_serving():
    """h12-sanya-linchang: 事业编制人数5名 is the category's posts; 在编在岗4人 the staff serving."""
    found = extract_text("单位核定财政差额预算管理事业编制人数5名,其中,领导岗位2人,其他管理岗位2人,缺岗1人,"
                         "目前单位在编在岗4人,编外长期聘用人员56人。").metrics
    assert (found["staff_authorized"], found["staff_institution"]) == (5, 5)
    assert (found["staff_actual"], found["staff_in_service"]) == (4, 4)


def test_a_count_of_last_year_yields_to_the_count_of_now():
    """h10-hainan-zhigong: in a 2018 budget, 2017年末在编在岗人数…13名 is last year's; 现有…15名 is the staff."""
    text = ("致公党海南省委2018年部门预算\n核定人员编制16名,其中公务员14名、工勤2名。2017年末在编在岗人数公务员13名、工勤2名。"
            "现有在编在岗人员15名,其中公务员13名、工勤2名。")
    assert staff(text) == (15, 15)


@pytest.mark.parametrize(("text", "retired"), [
    ("截止2024年12月31日事业编制67人,现有教职工73人,退休12人。", 12),  # sifang-zx
    ("2021年末实有在职人员60人,退休25人。", 25),  # tongnan-yuxi
    ("年初实有人数345人,其中:在职256人,退休89人;年末实有人数341人,其中:在职职工250人,退休人员91人。", 91),  # h11-gansu
])
def test_retirees_counted_beside_the_staff(text, retired):
    assert extract_text(text).metrics["staff_retired"] == retired


def test_retiring_this_year_is_no_count_of_the_retired():
    found = extract_text("2024年末在职在编实有行政人员48人,与上年相比减少2人,原因是本年退休3人、调入2人。").metrics
    assert "staff_retired" not in found


def test_a_serving_counts_breakdown_by_category_is_no_count_of_posts():
    """h12-xining-nantan: 实有在职人数38人,其中:事业编制36人,工勤人员2人: people by category, not the 编制."""
    found = extract_text("本年度实有在职人数38人,其中:事业编制36人,工勤人员2人。").metrics
    assert not {"staff_authorized", "staff_institution"} & set(found) and found["staff_actual"] == 38
    assert extract_text("核定事业编制36人,实有在职人数38人。").metrics["staff_authorized"] == 36


def test_retired_staff_counted_apart_from_those_retired_earlier_state_no_whole():
    """h11-qinghai-univ: 离休职工41人,退休职工1199人: the retired (离退休) are 1240, which the text does not state."""
    assert "staff_retired" not in extract_text("事业编制2366个,实有在职职工2190人,离休职工41人,退休职工1199人。").metrics


def test_a_serving_count_that_takes_in_hires_is_the_staff_in_service_only():
    # h18-baiyin-jcy: 实有在职人数111人(含23名聘用制书记员): the staff serving with hires, not on posts alone
    found = metrics("2019年编制人数89人,实有在职人数111人(含23名聘用制书记员)。")
    assert found["staff_in_service"] == 111 and "staff_actual" not in found
    found = metrics("2019年实有人员60人(含编内人员+编外长期聘用人员)。")  # no word for serving: neither count
    assert "staff_actual" not in found and "staff_in_service" not in found
    found = metrics("2019年实有在职人数111人(其中行政编制80人)。")  # a part on posts is no hire
    assert found["staff_actual"] == 111


def test_the_establishment_as_approved_is_the_authorized_count():
    # h18-xigu-jcy: 我院批复编制为52人,其中政法编制52人,现有政法编制人员45人
    assert metrics("2020年我院批复编制为52人,其中政法编制52人,现有政法编制人员45人。")["staff_authorized"] == 52


def test_a_present_count_is_a_serving_count_unless_those_on_posts_are_counted_apart():
    # h18-pengshui-zyy: 现有职工380人; h18-yueyanglou-whg: 现有人数23人,其中:在职编制15人;离退休8人
    found = metrics("2024年医院现有职工380人,卫生专业技术人员332人。")
    assert (found["staff_in_service"], found["staff_actual"]) == (380, 380)
    found = metrics("2019年核定全额拨款事业编制16名,现有人数23人,其中:在职编制15人;离退休8人。")
    assert (found["staff_in_service"], found["staff_actual"], found["staff_retired"]) == (15, 15, 8)
    # h9-tianshui-kx: 现有职工25人,…,实有13人: the 25 are no count of either kind
    found = metrics("2023年天水市科协现有职工25人,内设办公室、普及部和学会部3个行政科室,实有13人,编制12人。")
    assert "staff_in_service" not in found and "staff_actual" not in found
    # h5-ningxia-jgj: 现有人员编制115人 is the establishment
    assert metrics("2015年现有人员编制115人,其中:参照公务员管理事业编制71人,事业编制44人。")["staff_authorized"] == 115



def test_a_count_whose_serving_part_is_smaller_is_no_serving_count():
    # h19-xiangyang-erzhong: 学校现有教职工125人,其中:在职人员90人,离退休人员43人
    found = metrics("2022年学校现有教职工125人,其中:在职人员90人,离退休人员43人。")
    assert (found["staff_in_service"], found["staff_actual"], found["staff_retired"]) == (90, 90, 43)
    # h19-shangyou-szyjs: the retirees in the next sentence; the part's 小计
    found = metrics("2024年实有人数25人,其中:在职人数小计14人,行政在职人数5人。离休人数小计0人,退休人数小计11人。")
    assert (found["staff_in_service"], found["staff_actual"]) == (14, 14)
    # a serving part as large as the count is the count itself
    found = metrics("2022年学校现有教职工90人,其中:在职人员90人。")
    assert found["staff_in_service"] == 90


def test_posts_of_no_one_kind_add_up_to_the_establishment():
    # h19-duanzhou-jcy: 全院政法编制60人,行政事业编制7人
    found = metrics("2017年全院政法编制60人,行政事业编制7人。")
    assert found["staff_authorized"] == 67 and "staff_institution" not in found and "staff_admin" not in found
    # h21-changshou-fl: 核定区妇联机关事业编制11名 (the organ's posts and its institution's together)
    found = metrics("2021年核定区妇联机关事业编制11名,财政供给人员17人。")
    assert found["staff_authorized"] == 11 and "staff_institution" not in found


def test_cadres_and_formal_staff_are_head_counts_and_present_posts_the_establishment():
    # h19-shangrao-jcy: 编制72个,实有干部87人,其中在职63人、退休24人
    found = metrics("2017年人员、车辆情况:编制72个,实有干部87人,其中在职63人、退休24人。")
    assert (found["staff_actual"], found["staff_in_service"], found["staff_retired"]) == (63, 63, 24)
    # h19-huanxian-dx: 环县党校现有正式工作人员18人,…。现有编制18人
    found = metrics("2015年环县党校现有正式工作人员18人,其中:常务副校长1名。现有编制18人。")
    assert (found["staff_actual"], found["staff_in_service"], found["staff_authorized"]) == (18, 18, 18)


def test_a_serving_count_whose_parentheses_name_hires_is_no_count_on_posts():
    # 鼎城区广播电视台 2019 (holdout23): 132 serve, 32 of them hired
    found = metrics("2019年编制数100个,在职人数132人(财政拨款59人,差额拨款6人,定额拨款27人,自收自支8人,招聘人员32人)。")
    assert found["staff_in_service"] == 132 and "staff_actual" not in found
    found = metrics("2019年编制数100个,在职人数96人(财政拨款59人,差额拨款37人)。")
    assert found["staff_in_service"] == found["staff_actual"] == 96


def test_posts_that_were_and_staff_on_the_establishment():
    # 钦州市公证处 2022 (holdout23): 原有行政编制2人 (what was), 实际在编制人数4人 (people on posts)
    found = metrics("2022年核定财政差额拨款事业编制5人,原有行政编制2人,其中科级领导职数2人。"
                    "2022年事业编制总数5人,现已录用4人,实际在编制人数4人,今年聘用人员10人。")
    assert (found["staff_authorized"], found["staff_institution"], found["staff_actual"]) == (5, 5, 4)
    assert "staff_admin" not in found


@pytest.mark.parametrize("text", [
    # h23-yuanjiang-ylzx: the retired named first in the parentheses, the staff serving after them
    "2022年园林中心现有干职工 54 人(其中,退休 18 人,在职 36 人),内设办公室等五个股室。",
    "2022年园林中心实有人数54人,其中:退休18人、在职36人。",
    "2022年园林中心现有职工54人(其中在职36人,退休18人)。",
])
def test_a_head_count_taking_in_the_retired_gives_its_serving_part(text):
    assert staff(text) == (36, 36)


def test_a_head_count_whose_retired_are_named_first_without_the_serving_is_neither():
    assert staff("2022年园林中心现有职工54人,其中退休18人。") == (None, None)


def test_the_people_the_budget_pays_give_only_their_serving_part():
    # h25-echeng-xfj: 财政供养 takes in the retired; its 其中 names those serving
    assert staff("2017年区信访局编制人数6名;财政供养人数8名,其中在职5名、离退休人数3名。") == (5, 5)
    assert staff("2017年区信访局编制人数6名;财政供养人数8名。") == (None, None)


def test_a_serving_part_by_kind_beside_the_retired_is_no_count_of_the_whole():
    # h23-wuxuan-flyy, h25-babu-zzb: serving parts by kind, hires and the retired among the supported
    text = "2022年实有财政供养人数16人,其中行政在职0人,事业在职4人,编外在职实有人数7人,公益岗1人,离退休人员4人(其中离休0人)。"
    assert staff(text) == (None, None)


def test_the_other_institutional_posts_are_the_institutional_posts():
    # h25-lizhou-jyj: 四川's template, 参照公务员法管理的事业单位0个 before it
    found = extract_text("广元市利州区教育局2025年部门预算\n现有总编制3913人,其中行政编制16人,其他事业编制3896人。").metrics
    assert (found["staff_authorized"], found["staff_admin"], found["staff_institution"]) == (3913, 16, 3896)


def test_all_the_cadres_and_staff_the_unit_has_are_its_head_count():
    # h16-hongjiang-shawan: a township's one head count
    assert staff("2024年度洪江市沙湾乡人民政府部门决算\n全乡共8个行政村,总人口2200人,2024年共有干部职工47人。") == (47, 47)


def test_a_head_count_not_named_as_serving_takes_in_the_retired_its_parts_list():
    # h7-wanzhou-fslc: 42 = 30 serving + 12 retired; the 31 are posts, not people
    found = extract_text("2022年某林场部门预算\n我场共有职工42人,其中:在职职工编制人数31人,实有人数30人,退休职工12人。").metrics
    assert found.get("staff_in_service") != 42 and found.get("staff_actual") == 30


def test_a_serving_total_whose_part_on_posts_names_its_funding():
    # h26-jingdezhen-yiyuan: 1550 serving, 628 of them on 差额 事业 posts, the contract staff apart
    text = "2022年某医院部门预算\n编制数为741人。2021年年末在职实有人数1550人,其中在差额事业编人员628人,合同制人员922人。"
    assert staff(text) == (628, 1550)


@pytest.mark.parametrize("text", [
    "2021年末总人数为9人,其中在职6人,退休2人,公益性岗位1人。",  # h27-heshui-wl
    "衡东县科协内设办公室等股室实有人数10其中在职6人,退休2",  # h27-hengdong-kx, the count's 人 lost
])
def test_the_serving_part_of_a_head_count_that_takes_in_the_retired(text):
    assert staff("2021年某单位部门决算\n" + text) == (6, 6)


def test_posts_by_kind_with_zhi_left_out():
    found = extract_text("2022年中方县信访局部门预算\n核定编制18名,其中:行政编6名,事业编12名。实有在职人数22人。").metrics
    assert (found["staff_authorized"], found["staff_admin"], found["staff_institution"]) == (18, 6, 12)


@pytest.mark.parametrize("text", [
    "行政事业总编制为249个,其中行政编13个、全额事业编45个、差额",  # h4-nanxian-zjj, the copy ends mid-list
    "其中编制人数小计42人,其中:差额补助事业编6人,自收自支编制",  # h15-shanggao-shangganshan
])
def test_a_list_of_funded_kinds_cut_off_states_no_sum_of_kinds(text):
    assert "staff_institution" not in extract_text("2018年某局部门整体支出绩效评价报告\n" + text).metrics


def test_a_list_of_funded_kinds_complete_before_a_later_cut_sums():
    # h16-wuzhou-zhongliu: the posts' list is whole; a later list of head counts runs off the copy
    text = "人员编制总数28名,其中:全额事业编制28名。其中,在职在编人员20人,包括:全额事业"
    assert extract_text("2025年某中心部门预算\n" + text).metrics["staff_institution"] == 28


def test_posts_of_two_funded_kinds_and_a_plain_kind_add_up():
    # h26-huangzhong-qunjia: 参公事业编制0个 beside 事业编制3人 is another kind, not 事业编制 named twice
    found = extract_text("2015年某镇部门预算\n行政编制10人,参公事业编制0个,事业编制3人,实有在职人数12人,退休人数1人。").metrics
    assert (found["staff_authorized"], found["staff_admin"], found["staff_institution"]) == (13, 10, 3)


def test_the_retired_actually_there():
    # h26-qinzhou-jjzwz
    found = extract_text("2022年某站部门预算\n某站在职人员编制数6人,实有在职6人,实有退休4人。").metrics
    assert (found["staff_authorized"], found["staff_actual"], found["staff_retired"]) == (6, 6, 4)
