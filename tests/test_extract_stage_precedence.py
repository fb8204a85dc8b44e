"""Which stage governs a figure when the sentence's own stage word is weak or misleading."""

from __future__ import annotations

from support import text_metrics as metrics


def test_a_budget_heading_governs_spending_words_that_name_no_stage():
    text = "某县文旅局2022年部门预算“三公”经费说明\n2022年“三公”经费支出合计8.2万元,其中公务接待费支出为3万元。"
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_budget_reception"]) == (8.2, 3)
    assert not any(m.startswith("sangong_actual") for m in found)


def test_a_heading_that_names_spending_leaves_the_words_their_own_stage():
    for heading in ("2022年“三公”经费预算及支出情况", "2022年部门预算执行和决算说明"):
        found = metrics(f"{heading}\n“三公”经费支出合计8.2万元。")
        assert found.get("sangong_actual") == 8.2 and "sangong_budget" not in found, heading


def test_a_breakdown_of_a_budget_figure_is_the_budget_s():
    found = metrics("2021年度“三公”经费预算支出40万元:其中公务接待费支出为12万元,因公出国(境)费支出为0万元。")
    assert (found["sangong_budget_reception"], found["sangong_budget_abroad"]) == (12, 0)


def test_spending_set_against_a_budget_in_one_sentence_is_the_spending():
    found = metrics("2021年度公务接待费预算12万元,支出为9.5万元。")
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (12, 9.5)


def test_budget_as_a_thing_governed_names_no_stage():
    for phrase in ("严格预算约束", "强化预算刚性", "硬化预算执行", "加强预算监督和审查", "深化零基预算改革"):
        found = metrics(f"本年度我局{phrase},规范经费使用。1-9月,“三公”经费累计支出96.4万元,同比下降3%。")
        assert not any(m.startswith("sangong_budget") for m in found), phrase


def test_a_budget_still_names_the_stage_next_to_such_words():
    found = metrics("为落实预算约束要求,2022年“三公”经费预算安排30万元。")
    assert found["sangong_budget"] == 30


def test_a_figure_dated_last_year_under_a_budget_context_is_last_year_s_spending():
    text = "2020年“三公”经费预算情况\n2020年“三公”经费预算12万元。公务接待费2019年全年支出2.4万元,本年预算为2万元。"
    found = metrics(text)
    assert found["sangong_prev_actual_reception"] == 2.4
    assert found.get("sangong_budget_reception") != 2.4


def test_a_figure_dated_another_year_without_spending_words_gives_no_metric():
    found = metrics("2020年“三公”经费预算情况\n2020年“三公”经费预算12万元。公务接待费2017年3.1万元。")
    assert 3.1 not in found.values()
    found = metrics("2020年“三公”经费预算情况\n2020年“三公”经费预算12万元。公务接待费2019年1.8万元。")
    assert 1.8 not in found.values()


def test_the_text_s_own_year_keeps_the_heading_stage():
    found = metrics("2020年“三公”经费预算情况\n公务接待费2020年2万元。")
    assert found["sangong_budget_reception"] == 2


def test_a_stage_word_after_lower_or_higher_than_is_compared_with():
    for word in ("低于", "高于"):
        found = metrics(f"2020年“三公”经费预算{word}去年,其中公务接待费5万元。")
        assert found["sangong_budget_reception"] == 5 and "sangong_prev_actual_reception" not in found, word
        assert not any(m.endswith("_change") for m in found), word  # no change stated, none read


def test_every_amount_of_a_list_after_a_verb_of_cutting_is_a_cut():
    text = "2020年部门预算说明\n今年压减公务接待费2万元、公务用车运行费1.5万元和因公出国(境)费4万元。"
    assert not any(m.startswith("sangong_") for m in metrics(text))
    text = "2020年部门预算说明\n今年压减公务接待费2万元。公务用车运行费1.5万元、因公出国(境)费4万元。"
    found = metrics(text)
    assert (found["sangong_budget_vehicle_operation"], found["sangong_budget_abroad"]) == (1.5, 4)


def test_a_sentence_giving_the_detail_of_last_year_s_figures_keeps_that_year():
    text = ("2021年“三公”经费预算为30万元。上年的预算表显示,2020年“三公”经费预算数与执行数一致。"
            "具体来看,预算总数为33万元,其中公务接待费8万元,因公出国(境)费5万元。")
    found = metrics(text)
    assert found["sangong_budget"] == 30
    assert "sangong_budget_reception" not in found and "sangong_budget_abroad" not in found


def test_a_sentence_that_goes_on_without_a_detail_marker_is_dated_by_its_own_words():
    text = ("2021年“三公”经费预算为30万元。上年的预算表显示,2020年“三公”经费预算数与执行数一致。"
            "今年预算中,公务接待费8万元,因公出国(境)费5万元。")
    found = metrics(text)
    assert (found["sangong_budget_reception"], found["sangong_budget_abroad"]) == (8, 5)


def test_a_spending_word_after_last_year_in_its_clause_is_last_year_s():
    found = metrics("2022年“三公”经费决算说明\n上年“三公”经费支出为20万元,公务接待费上年度支出为6万元。")
    assert (found["sangong_prev_actual"], found["sangong_prev_actual_reception"]) == (20, 6)
    assert "sangong_actual" not in found and "sangong_actual_reception" not in found


def test_a_spending_word_in_a_clause_after_last_year_s_is_this_year_s():
    found = metrics("2022年“三公”经费决算说明\n上年预算为10万元,本年“三公”经费支出为8万元。")
    assert found["sangong_actual"] == 8 and "sangong_prev_actual" not in found


def test_a_budget_that_spending_keeps_to_names_no_stage():
    for norm_phrase in ("严格按照预算批复执行", "在预算范围内", "控制在预算以内", "依据预算", "未超出预算"):
        found = metrics(f"2022年,本局{norm_phrase},公务接待费支出3.3万元。")
        assert "sangong_budget_reception" not in found, norm_phrase


def test_a_budget_figure_next_to_such_words_is_still_the_budget():
    found = metrics("2022年公务接待费按预算批复数安排3.3万元,在预算范围内使用。")
    assert found["sangong_budget_reception"] == 3.3


def test_a_stage_of_the_year_after_names_no_stage_of_the_text():
    for word in ("下一年度", "明年", "下年度"):
        found = metrics(f"2022年部门决算说明\n{word}“三公”经费预算安排7万元。")
        assert "sangong_budget" not in found, word
    found = metrics("2022年部门决算说明\n下半年“三公”经费支出决算3万元。")
    assert found["sangong_actual"] == 3


def test_this_year_after_next_year_dates_the_stage_again():
    found = metrics("2022年部门决算说明\n明年预算将压减,今年“三公”经费决算6万元。")
    assert found["sangong_actual"] == 6


def test_spending_compared_with_a_budget_after_it_stays_spending_under_a_budget_heading():
    for after in ("完成预算的80%", "比年初预算减少2万元", "较预算数节约2万元"):
        found = metrics(f"2023年度部门决算说明\n(二)“三公”经费预算安排情况\n“三公”经费支出合计8万元,{after}。")
        assert found.get("sangong_actual") == 8 and "sangong_budget" not in found, after


def test_a_bare_total_after_a_concept_s_budget_is_that_concept_s_spending():
    found = metrics("2022年“三公”经费预算12万元,支出合计9.6万元。")
    assert (found["sangong_budget"], found["sangong_actual"]) == (12, 9.6)
    assert "final_total" not in found and "budget_total" not in found


def test_a_bare_total_after_a_concept_s_spending_is_the_department_s():
    found = metrics("2022年度部门决算\n“三公”经费支出9.6万元;支出合计480万元。")
    assert (found["sangong_actual"], found["final_total"]) == (9.6, 480)


def test_the_text_s_own_year_ends_a_running_last_year_stage():
    for own in ("本年", "2023年", "今年"):
        found = metrics(f"2023年部门决算说明\n上年“三公”经费支出合计20万元。{own}公务接待费5万元。")
        assert found["sangong_actual_reception"] == 5 and "sangong_prev_actual_reception" not in found, own
    found = metrics("2023年部门预算说明\n上年“三公”经费支出20万元。今年公务接待费5万元。")
    assert found["sangong_budget_reception"] == 5


def test_a_sentence_that_names_no_year_keeps_the_running_last_year_stage():
    found = metrics("2023年部门决算说明\n上年“三公”经费支出合计20万元。公务接待费5万元。")
    assert found["sangong_prev_actual_reception"] == 5


def test_words_for_the_year_before_name_last_year_s_stage():
    for word in ("上一年度", "前一年", "上年度"):
        found = metrics(f"2023年部门决算说明\n{word}“三公”经费支出为20万元。")
        assert found["sangong_prev_actual"] == 20 and "sangong_actual" not in found, word


def test_a_label_that_carries_its_stage_after_last_year_is_last_year_s():
    found = metrics("2023年部门决算说明\n上年度“三公”经费决算数为20万元,本年“三公”经费决算数为18万元。")
    assert (found["sangong_prev_actual"], found["sangong_actual"]) == (20, 18)
    found = metrics("2023年部门预算说明\n上年“三公”经费预算数为20万元。")
    assert found["sangong_prev_budget"] == 20 and "sangong_budget" not in found


def test_arranging_work_or_approving_names_no_budget():
    for opening in ("统筹安排各项工作,", "经主管部门批复同意,", "根据工作安排,"):
        found = metrics(f"2023年度部门决算说明\n{opening}公务接待费支出4万元。")
        assert "sangong_budget_reception" not in found, opening
    for heading in ("三、下一步工作安排", "四、人员安排情况"):
        assert "sangong_budget_reception" not in metrics(f"{heading}\n公务接待费支出4万元。"), heading


def test_an_arrangement_of_money_is_still_the_budget():
    found = metrics("2023年“三公”经费安排情况如下:公务接待费4万元,因公出国(境)费0万元。")
    assert (found["sangong_budget_reception"], found["sangong_budget_abroad"]) == (4, 0)
    assert metrics("二、“三公”经费安排情况\n公务接待费4万元。")["sangong_budget_reception"] == 4
    assert metrics("2023年度部门决算说明\n公务接待费安排4万元。")["sangong_budget_reception"] == 4


_SLIP = ("2018年度一般公共预算财政拨款安排的“三公”经费预算54万元,其中:因公出国(境)费支出决算0万元;"
         "公务用车购置及运行费支出决算12万元;公务接待费支出决算42万元。\n"
         "2018年度“三公”经费决算支出51万元,其中:因公出国(境)费支出决算14万元;公务用车购置及运行费支出决算10万元;"
         "公务接待费支出决算27万元。")


def test_parts_that_add_up_to_their_total_take_its_stage():
    # 柳州市 (holdout4): the budget's breakdown printed with 支出决算, a slip its sum gives away
    found = metrics(_SLIP)
    assert (found["sangong_budget_abroad"], found["sangong_budget_vehicle"], found["sangong_budget_reception"]) == (0, 12, 42)
    assert (found["sangong_actual_abroad"], found["sangong_actual_vehicle"], found["sangong_actual_reception"]) == (14, 10, 27)


def test_parts_that_do_not_add_up_keep_their_own_stage():
    found = metrics(_SLIP.replace("公务接待费支出决算42万元", "公务接待费支出决算40万元", 1))
    assert "sangong_budget_reception" not in found and "sangong_budget_abroad" not in found


# h23-wushan-qxj: the rules a budget cites name 预决算, both stages at once
CITED = "按照《预算法》、《地方预决算公开操作规程》等有关规定,现将2022年部门预算公开如下:\n"


def test_the_rules_that_name_budgets_and_final_accounts_at_once_set_no_stage():
    text = ("某县气象局2022年部门预算公开说明\n" + CITED + "三、部门收支总体情况\n2022年预算收入93.14万元;支出预算93.14万元。\n"
            "四、一般公共预算情况\n2022年一般公共预算支出93.14万元,具体安排情况如下:\n"
            "(一)基本支出。2022年基本支出24.44万元,其中人员经费22.34万元,公用经费2.1万元。")
    found = metrics(text)
    assert (found["budget_total"], found["budget_basic"], found["budget_public_funds"]) == (93.14, 24.44, 2.1)


def test_a_final_account_citing_the_same_rules_stays_a_final_account():
    found = metrics("某县气象局2022年度部门决算\n" + CITED.replace("预算公开", "决算公开") + "2022年度支出总计93.14万元,其中基本支出24.44万元。")
    assert (found.get("final_grand_total"), found.get("final_basic")) == (93.14, 24.44)
    assert not any(m.startswith("budget") for m in found)


def test_a_title_that_discloses_the_budget_makes_the_text_a_budgets():
    # h26-liuzhi-lps-erzhong: …关于2022年预算…公开的说明; 部门预算公开说明 as well
    for title in ("某校2022年部门预算公开说明", "六枝特区六盘水市第二中学关于2022年预算及“三公”经费预算公开的说明"):
        found = metrics(title + "\n2022年,本部门总收入4089.48万元,较上年增加259.96万元。")
        assert found["budget_income_total"] == 4089.48 and not any(m.startswith("final") for m in found)


def test_the_disclosure_rules_a_text_follows_make_it_no_budget():
    found = metrics("某局2022年“三公”经费说明\n根据预算公开要求,2022年“三公”经费支出9.5万元。")
    assert found.get("sangong_actual") == 9.5 and "sangong_budget" not in found


def test_nothing_arranged_names_no_budget_for_the_items_after_it():
    """liangping-qbj run into one line: 本年无因公出国(境)相关安排 once made the items after it budgets."""
    line = ("2021 年度区本级“三公”经费决算汇总数2045.3万元。其中: 1. 因公出国(境)费0万元,主要原因是本年无因公出国(境)"
            "相关安排,与上年持平 2. 公务接待费720.03万元,较上年增加113.1万元,上升18.63%。 3. 公务用车购置及运行维护费1325.27万元。")
    found = metrics(line)
    assert (found["sangong_actual"], found["sangong_actual_vehicle"]) == (2045.3, 1325.27)
    assert not any(m.startswith("sangong_budget") for m in found)


def test_the_budget_executed_as_an_amount_is_what_was_spent():
    # h30-caac (a traditional-character mirror): 2013's 预算执行数 in the 2014 budget's news is last year's spending
    found = metrics("民航局今日公布了2014年部门预算。2014年“三公”经费财政拨款年初预算数为7933.94万元。\n"
                    "2013年,民航局“三公”经费财政拨款预算执行数为7330.86万元,比2013年预算数减少1017.18万元。")
    assert (found["sangong_budget"], found["sangong_prev_actual"]) == (7933.94, 7330.86)
    # budget execution as a process names no stage: the budget compared with it stays the budget
    found = metrics("国资委2014年“三公”经费预算数为2841.78万元。国资委2013年“三公”经费的预算数和预算执行数一致。")
    assert found["sangong_budget"] == 2841.78 and not any(m.startswith(("sangong_actual", "sangong_prev_actual"))
                                                          for m in found)
