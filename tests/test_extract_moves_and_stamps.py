"""Levels and changes told as a move, a cut, or a span of years, and dates that only stamp a page.

- ``由X减至Y`` (``从X增加到Y``): X is the earlier level, Y the current one; X is never this year's.
  X named as last year's (由上年的X) is last year's level, and Y − X the change.
- An amount after 压缩/压减/削减/缩减 is a decrease (a change), never a level; so is its rate.
- ``N年之前/以前/以来`` (``N年及以后年度``) bounds a span, and ``和N年的预算比`` compares with N: neither is the
  year the text reports on.
- A date with a publication stamp's words or a time of day, or with the text still to come
  after it, is when the page was published, not the report's signed date (落款).
"""

from __future__ import annotations

import pytest
from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


TITLE = "2023年度部门整体支出绩效自评报告\n"


@pytest.mark.parametrize("move", ["由80.5万元减至62万元", "从80.5万元压缩到62万元", "由上年的80.5万元下降为62万元"])
def test_a_move_gives_the_level_it_reaches(move):
    found = metrics(TITLE + f"本年度“三公”经费预算{move}。")
    assert found["sangong_budget"] == 62
    assert all(v != 80.5 for k, v in found.items() if not k.startswith("sangong_prev"))  # never this year's


def test_a_level_with_no_move_is_read_as_stated():
    found = metrics(TITLE + "本年度“三公”经费预算80.5万元,由财政拨款安排。")
    assert found["sangong_budget"] == 80.5


@pytest.mark.parametrize("verb", ["压缩", "压减", "削减", "缩减"])
def test_a_cut_is_a_decrease(verb):
    found = metrics(TITLE + f"2023年“三公”经费支出决算80万元,较上年{verb}15.5万元,{verb}16.2%。")
    assert found["sangong_actual"] == 80
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (-15.5, -16.2)
    assert "sangong_prev_actual" not in found


def test_a_cut_with_no_comparison_is_no_level():
    found = metrics(TITLE + "本年度大力压缩“三公”经费15.5万元。")
    assert "sangong_actual" not in found and "sangong_budget" not in found


def test_a_rise_stays_a_rise():
    found = metrics(TITLE + "2023年“三公”经费支出决算80万元,较上年增加15.5万元,增长24%。")
    assert (found["sangong_actual_change"], found["sangong_actual_change_pct"]) == (15.5, 24)


@pytest.mark.parametrize("span", ["2017年之前", "2015年以来", "2019年以前"])
def test_a_year_bounding_a_span_is_not_the_texts(span):
    found = metrics(f"{span},单位未设绩效管理机构。\n本部门“三公”经费支出决算为35.6万元。")
    assert "year" not in found
    assert found["sangong_actual"] == 35.6


def test_a_year_the_text_reports_on_is_read():
    found = metrics("2017年,单位设立绩效管理机构。\n本部门“三公”经费支出决算为35.6万元。")
    assert found["year"] == 2017


_BODY = "关于2023年度部门决算的说明\n2023年“三公”经费支出决算为40万元。\n"


@pytest.mark.parametrize("stamp", ["发布日期:2024年8月12日", "2024年8月12日 10:30"])
def test_a_publication_stamp_is_no_report_date(stamp):
    assert "report_date" not in metrics(_BODY + stamp + "\n")


@pytest.mark.parametrize("index", ["- [ 成文日期 ]\n- 2025-11-07\n- [ 发布日期 ]\n- 2025-11-07\n",
                                   "[ 成文日期 ]\n2025-11-07\n", "[ 發(fā)布日期 ]\n2025-11-07\n"])
def test_a_portals_index_date_under_its_label_is_no_report_date(index):
    # h29-qijiang-sanjiang-sqws: the index rows printed one cell per line above a short page's title
    found = metrics(index + "重庆市綦江区三江街道社区卫生服务中心 2024年度决算公开说明\n一、单位基本情况\n")
    assert found["year"] == 2024 and "report_date" not in found


def test_a_date_before_the_text_is_no_signature_but_the_date_under_the_title():
    # it was "no report date" while the wide title line swallowed its date line; since 56942c1 a date under
    # the title is the report's date, and since the date line stays apart it is read as one
    text = "某县民政局2023年度部门整体支出绩效自评报告\n2024年3月15日\n本部门2023年支出决算100万元。\n"
    found = extract_text(text).items["report_date"]
    assert found.value == "2024-03-15" and found.candidates[0].note == "据标题下的日期"


def test_the_signed_date_after_the_text_is_the_report_date():
    assert metrics(_BODY + "某某县财政局\n2024年8月12日\n")["report_date"] == "2024-08-12"


_STAGED = "2023年度部门整体支出绩效自评报告\n三、“三公”经费支出决算情况\n"


def test_an_item_after_a_cut_verb_is_no_level_under_a_staged_heading():
    found = metrics(_STAGED + "本年度压缩“三公”经费15.5万元,节约公务接待费2万元。")
    assert "sangong_actual" not in found and "sangong_actual_reception" not in found


def test_a_cut_verb_in_another_clause_leaves_the_level():
    found = metrics(_STAGED + "为节约开支,公务接待费支出2万元,“三公”经费支出15.5万元。")
    assert (found["sangong_actual_reception"], found["sangong_actual"]) == (2, 15.5)


@pytest.mark.parametrize("verb", ["压缩", "削减了", "缩减"])
def test_an_amount_cut_under_last_years_stage_is_no_prior_level(verb):
    found = metrics(TITLE + f"“三公”经费上年度{verb}115.14万元。")
    assert "sangong_prev_actual" not in found


def test_an_amount_spent_under_last_years_stage_is_the_prior_level():
    assert metrics(TITLE + "“三公”经费上年度支出115.14万元。")["sangong_prev_actual"] == 115.14


@pytest.mark.parametrize("source", ["上年的", "2022年的", "去年"])
def test_a_move_from_last_years_level_gives_that_level_and_the_change(source):
    found = metrics(TITLE + f"本年度“三公”经费预算由{source}80.5万元减至62万元。")
    assert (found["sangong_budget"], found["sangong_prev_budget"], found["sangong_budget_change"]) == (62, 80.5, -18.5)


@pytest.mark.parametrize("source", ["", "2020年的"])
def test_a_move_from_an_unnamed_or_older_level_gives_no_change(source):
    found = metrics(TITLE + f"本年度“三公”经费预算由{source}80.5万元减至62万元。")
    assert found["sangong_budget"] == 62
    assert "sangong_budget_change" not in found and "sangong_prev_budget" not in found


@pytest.mark.parametrize("opening", ["2018年及以后年度部门决算目录", "和2019年的预算比,本年有所压减", "同2019年决算数相比,本年有所压减"])
def test_a_year_that_opens_a_range_or_is_compared_with_is_not_the_texts(opening):
    found = metrics(f"{opening}。\n2021年度“三公”经费支出决算为18万元。")
    assert found["year"] == 2021


def test_a_year_of_the_units_reorganisation_is_not_the_texts():
    # 湖北省委党史研究室 (holdout9): its 2026 budget names the 2018 reform before its own year
    found = metrics("我室为参照公务员管理的事业单位,2018年机构改革后保持不变。\n"
                    "1.预算收入情况:2026年预算收入3156.67万元,比上年增加48.53万元。")
    assert (found["year"], found["budget_income_total"]) == (2026, 3156.67)
    found = metrics("2013年9月开始招生,2018年正式命名为舟曲县第二幼儿园。\n四、2023年度部门决算情况说明\n本年收入1095.76万元。")
    assert found["year"] == 2023  # the year it was named is the school's history


def test_a_year_joined_to_another_by_he_is_still_the_texts():
    found = metrics("2021年和2022年的工作重点已明确。\n“三公”经费支出决算为18万元。")
    assert found["year"] == 2021
