"""Procurement as news items and summaries state it: a 政府采购金额 with no stage anywhere
is what was bought (the 决算, flagged inferred) unless the text names a budget somewhere (a
规模 or a contract amount is what was bought, uninferred: test_extract_recall.py);
the kinds listed before one shared noun (货物、工程、服务采购金额分别为…) are read in order;
a headline's hedged round figure (突破30亿元) gives way to the exact one."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text
from perfscore.engine.units import iter_quantities
from support import text_metrics as metrics


def test_a_procurement_scale_under_no_stage_is_what_was_bought():
    found = extract_text("2023年,全区政府采购金额为12.5亿元,较上年增加1.2亿元。")
    assert found.metrics["final_procurement"] == 125000
    assert "inferred" in found.items["final_procurement"].flags
    # a budget named anywhere, even on a later line, leaves the stage open
    wrapped = "按采购类型分,其中:货物类采购8000元,占政\n府采购预算40%;服务类采购12000元,占政府采购预算60%。"
    assert "final_procurement_goods" not in metrics(wrapped)
    # a stage the text states is kept
    assert metrics("2023年政府采购预算为80万元。") == {"year": 2023, "budget_procurement": 80}


def test_kinds_sharing_one_noun_are_paired_in_order():
    found = metrics("2022年全省货物、工程、服务采购金额分别为3亿元、4亿元和5亿元。")
    assert (found["final_procurement_goods"], found["final_procurement_works"],
            found["final_procurement_services"]) == (30000, 40000, 50000)
    found = metrics("2022年决算中货物类和服务类政府采购规模分别为20万元、6万元。")
    assert (found["final_procurement_goods"], found["final_procurement_services"]) == (20, 6)
    # without 分别 one amount after the list is their joint total, no kind's
    joint = metrics("2022年决算中货物、工程和服务采购共计12万元。")
    assert not {"final_procurement_goods", "final_procurement_works", "final_procurement_services"} & set(joint)


def test_a_hedged_headline_figure_gives_way_to_the_exact_one():
    text = "全市政府采购首次突破30亿元\n2023年全市政府采购规模为31.4亿元,节约资金2亿元。"
    assert metrics(text)["final_procurement"] == 314000
    # 万亿元 is a unit of its own, and 逾/突破/超过 mark a bound, not an exact amount
    (trillion,) = list(iter_quantities("2.1万亿元"))
    assert (trillion.value, trillion.approx) == (210_000_000, False)
    assert all(q.approx for q in iter_quantities("逾5亿元,突破3亿元,超过2万元,超2905亿"))
    # a headline's 超2905亿 (大众日报, 2021-02-28) is a bound on the body's 2905.8亿元
    headline = "山东政府采购规模创新高 2020年超2905亿\n2020年全省共完成政府采购额2905.8亿元,比上年增加292.66亿元。"
    assert metrics(headline)["final_procurement"] == 29058000
    assert not any(q.approx for q in iter_quantities("达到5亿元"))
    # a bound alone states no amount (全国政府采购规模超过3万亿; 四川省政府采购规模突破 3000 亿元, holdout8/9),
    # while 约 still gives the figure, flagged
    for bounded in ("2016年全国政府采购规模超过3万亿元。", "2018年四川省政府采购规模突破 3000 亿元。", "2018年政府采购规模3000亿元以上。"):
        assert "final_procurement" not in metrics(bounded), bounded
    about = extract_text("2023年政府采购合同金额约56047万元。").items["final_procurement"]
    assert about.value == 56047 and "approx" in about.flags
    # 同口径规模 restates the measure, and is not the year's amount
    assert "final_procurement" not in metrics("2016年全国政府采购同口径规模为25731.4亿元,较上年增加4660.9亿元。")


def test_kinds_of_procurement_named_with_project_or_completed_respectively():
    """Real procurement news (大众日报 2021-02-28; 河南日报 2020-03-18): 工程类项目采购 is the
    procurement of works, not a project's amount; a 、 in an earlier clause lists no kinds; and
    分别完成 pairs its amounts label by label as 分别为 does."""
    reason = ("2020年全省共完成政府采购额2905.8亿元。采购规模大幅增长,主要是各市积极落实新旧动能转换、"
              "加快重点项目建设取得明显成效,全年完成工程类项目采购1131.93亿元,比上年多298.22亿元。")
    assert metrics(reason)["final_procurement_works"] == 11319300
    completed = ("2020年全省共完成政府采购额2905.8亿元。此外,全省货物类、服务类项目采购分别完成471.79亿元、"
                 "1302.08亿元,比上年分别增长16.94%和下降5.37%。")
    found = metrics(completed)
    assert (found["final_procurement_goods"], found["final_procurement_services"]) == (4717900, 13020800)
    listed = ("河南省2019年政府采购总规模达到2027亿元。货物类、服务类和工程类项目采购金额分别为326.2亿元、"
              "518.8亿元、1182亿元。")
    found = metrics(listed)
    assert [found[f"final_procurement_{kind}"] for kind in ("goods", "services", "works")] == [3262000, 5188000, 11820000]
    # a project's own amount stays unread: 结转结余项目50万元 is no carry-over total
    assert "carryover_end" not in metrics("2023年年末结转结余项目50万元。")


def test_the_amount_awarded_to_small_firms_as_news_states_it():
    """河南日报 (2016-03-26, 2020-03-18): 授予中小微企业1744.9亿元 and 中小微企业共获得授予909.87亿元
    are the amounts awarded to small and medium firms; the large firms' award is no metric."""
    awarded = "2019年,全省政府采购合同授予大型企业282.1亿元;授予中小微企业1744.9亿元,较去年增长293.4亿元。"
    assert metrics(awarded)["procurement_sme"] == 17449000
    joint = ("2015年,河南省政府采购规模达1142.75亿元,其中合同授予小微型企业500.99亿元,授予中型企业408.88亿元,"
             "授予大型企业232.88亿元。中小微企业共获得授予909.87亿元,占全省政府采购规模的79.62%。")
    found = metrics(joint)
    assert (found["procurement_sme"], found["procurement_sme_pct"]) == (9098700, 79.62)


def test_a_procurement_projects_budget_and_what_was_actually_paid():
    """中国政府采购报 2022-04-18 and 人民日报 (江苏, 2008): 政府采购项目预算 is the procurement's budget
    (采购项目 are what is bought, not a project's own amount); 实际支付 after it is what was bought."""
    guangxi = "2021年广西壮族自治区完成政府采购项目预算1224.83亿元,实际采购金额1156.68亿元。"
    found = metrics(guangxi)
    assert (found["budget_procurement"], found["final_procurement"]) == (12248300, 11566800)
    jiangsu = "去年以来,全省共实施政府采购预算489亿元,实际支付426.79亿元,节约预算资金62.2亿元。"
    found = metrics(jiangsu)
    assert (found["budget_procurement"], found["final_procurement"]) == (4890000, 4267900)


def test_a_share_after_a_rate_of_change_is_the_amounts():
    """河南 2019: ``授予中小微企业1744.9亿元,较去年增长293.4亿元,增幅20.2%,占全省政府采购规模的86.1%``."""
    found = metrics("2019年,全省政府采购合同授予中小微企业1744.9亿元,较去年增长293.4亿元,增幅20.2%,"
                    "占全省政府采购规模的86.1%。")
    assert (found["procurement_sme"], found["procurement_sme_pct"]) == (17449000, 86.1)


def test_a_kind_named_after_government_procurement():
    # 运城铁路中学 (holdout11): 政府采购货物预算 is the goods part of the budget's procurement
    found = metrics("2020年预算公开\n2020年某中学政府采购预算总额9.92万元,其中,政府采购货物预算9.92万元,政府采购服务预算0万元。")
    assert (found["budget_procurement"], found["budget_procurement_goods"], found["budget_procurement_services"]) == (9.92, 9.92, 0)


def test_the_amount_procurement_was_planned_at_is_its_budget_not_a_target():
    # 大埔县 (holdout4): 采购计划金额 beside 实际采购金额, the year's procurement planned and bought
    found = metrics("2019年政府采购工作已圆满完成,本年度共采购项目473个,采购计划金额共计97156.16万元,"
                    "实际采购金额共计81298.42万元,共节约资金15857.74万元。")
    assert (found["budget_procurement"], found["final_procurement"]) == (97156.16, 81298.42)
    assert "final_procurement" not in metrics("2019年计划政府采购规模达到500万元。")  # a plan is still a target


def test_the_planned_and_actual_amounts_after_one_kind_are_that_kinds():
    """h4-dp-caigou-2019: 其中货物类采购项目231个,采购计划金额共计…,实际采购金额共计…: the goods' amounts;
    the totals before the kind stay the totals, and kinds listed together name no one kind."""
    text = ("2019年政府采购工作已圆满完成,本年度共采购项目473个,采购计划金额共计97156.16万元,实际采购金额共计81298.42万元,"
            "其中货物类采购项目231个,采购计划金额共计48962.44万元,实际采购金额共计39944.66万元;"
            "工程类采购项目94个,采购计划金额共计30005.94万元,实际采购金额共计24380.43万元。")
    found = metrics(text)
    assert (found["budget_procurement"], found["final_procurement"]) == (97156.16, 81298.42)
    assert (found["budget_procurement_goods"], found["final_procurement_goods"]) == (48962.44, 39944.66)
    assert (found["budget_procurement_works"], found["final_procurement_works"]) == (30005.94, 24380.43)
    found = metrics("2023年全区政府采购货物、服务、零星工程类预算金额60355万元,政府采购合同金额56047万元。")
    assert found["final_procurement"] == 56047 and "final_procurement_works" not in found


def test_kinds_named_bare_in_the_list_after_a_procurement_total():
    """xinzhou-syxx2: 政府采购总额45.24万元,其中:货物13.99万元,工程31.25万元; 工程 elsewhere is no kind."""
    found = metrics("2018年度决算\n2018年度政府采购总额45.24万元,其中:货物13.99万元,工程31.25万元。")
    assert (found["final_procurement_goods"], found["final_procurement_works"]) == (13.99, 31.25)
    found = metrics("2018年度决算\n全年完成政府采购。其中工程31.25万元用于校园绿化。")
    assert "final_procurement_works" not in found
