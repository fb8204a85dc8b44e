"""财政项目补助支出 (the Hunan template's word for project spending) is 项目支出, in the
stage of its sentence or section."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text
from support import text_metrics as metrics


@pytest.mark.parametrize("text, metric", [
    ("三、支出决算情况说明\n2023年支出500.2万元,其中财政基本支出300.1万元,财政项目补助支出200.1万元。", "final_project"),
    ("2024年部门预算支出500.2万元,其中:基本支出300.1万元,项目补助支出200.1万元。", "budget_project"),
])
def test_project_grants_are_project_spending(text, metric):
    found = extract_text(text).metrics
    assert found[metric] == 200.1


def test_a_project_grant_received_is_no_spending():
    found = extract_text("三、收入决算情况说明\n2023年收入500.2万元,其中上级项目补助收入200.1万元。").metrics
    assert "final_project" not in found


def test_the_appropriations_parts_are_the_departments_only_where_it_is_all_appropriated():
    # h18-kaizhou-fy: the appropriations' spending and its parts, with no department total stated
    text = ("2017年部门预算情况说明\n2017年一般公共预算财政拨款收入4378.41万元,一般公共预算财政拨款支出4378.4万元,"
            "比2016年减少91.04万元。其中:基本支出3737.85万元,比2016年增加1793.96万元,主要用于保障运转。"
            "项目支出640.56万元,比2016年减少1885万元。")
    found = metrics(text)
    assert "budget_basic" not in found and "budget_project" not in found
    # h19-wulong-jcy: the department's budget is the appropriation, so the parts are its own
    whole = ("2023年部门预算情况说明\n2023年本部门收入预算2001.98万元,支出预算2001.98万元。\n"
             "2023年一般公共预算财政拨款收入2001.98万元,一般公共预算财政拨款支出2001.98万元,比2022年增加250.41万元,"
             "其中:基本支出1806.18万元,项目支出195.8万元。")
    found = metrics(whole)
    assert (found["budget_basic"], found["budget_project"]) == (1806.18, 195.8)
    # h32-shapingba-canlian: the appropriations named by their income and spending (收入支出预算), less than the
    # department's budget, their 其中 in the next sentence
    named = ("二、部门收支总体情况\n(一)收入预算:2023年年初预算数1,895.74万元,其中:一般公共预算拨款1,779.74万元,"
             "政府性基金预算拨款116万元。\n(二)支出预算:2023年年初预算数1,895.74万元,其中:社会保障和就业支出1,779.74万元。\n"
             "三、部门预算总体情况说明\n2023年一般财政拨款收入支出预算1,779.74万元,比2022年增加198.76万元。"
             "其中基本支出预算249.78万元,项目支出预算1,529.96万元。")
    found = metrics(named)
    assert found["budget_total"] == 1895.74 and not {"budget_basic", "budget_project"} & set(found)
    # wuzhou (dev): the general budget's spending, no appropriation named: the department's parts
    found = metrics("2025年部门预算\n2025年本年一般公共预算支出1085203.63元,同比减少43506.06元。其中:基本支出1037103.63元,"
                    "项目支出48100元。")
    assert found["budget_basic"] == 103.710363


def test_a_sentence_about_the_appropriations_breaks_down_their_spending_not_the_departments():
    # h27-lingnan-jng: 财政拨款支出按用途划分 after a department total of which the appropriations are a part
    opening = "2014年岭南画派纪念馆决算基本情况说明\n2014年支出决算{total}万元,其中:财政拨款支出318.61万元。\n"
    breakdown = ("2014年财政拨款支出按用途划分,基本支出188.61万元,占59.20%,其中:工资福利支出84.65万元,"
                 "商品和服务支出28.61万元;项目支出130万元,占40.80%。")
    found = metrics(opening.format(total="531.86") + breakdown)
    assert found["final_total"] == 531.86
    assert not {"final_basic", "final_project", "final_public_funds"} & set(found)
    # the whole spending appropriated: the parts are the department's own
    found = metrics(opening.format(total="318.61") + breakdown)
    assert (found["final_basic"], found["final_project"], found["final_public_funds"]) == (188.61, 130.0, 28.61)


def test_the_projects_of_the_appropriations_or_of_one_function_are_not_the_departments():
    # 湖北省环保厅 (holdout5, news): the appropriations' projects, in a text stating no department total
    text = "比如,湖北省环保厅预算说明表明,该部门2015年财政拨款支出预算中的项目支出14743.51万元,涉及四个项目。"
    assert "budget_project" not in metrics(text)
    # 国家旅游局 (holdout30): one function's projects (商业服务业等事务)
    text = "国家旅游局2010年财政拨款支出预算合计16730.85万元,其中商业服务业等事务项目支出预算为15277.31万元。"
    assert "budget_project" not in metrics(text)
    # the department's own projects are read as before
    assert metrics("2015年部门支出预算5000万元,其中项目支出预算为1477.3万元。")["budget_project"] == 1477.3
