"""A subordinate unit's figures (a new 中心, a 下属 station) are not the department's: a
sentence whose subject is such a unit gives no department metric. The department counted
together with its units (本部门(含所属…中心)) is still the department."""

from __future__ import annotations

import pytest
from support import text_metrics as metrics


TITLE = "2023年度部门整体支出绩效自评报告\n"


@pytest.mark.parametrize("subject", ["2023年新成立县应急指挥中心,该中心", "下属县农机服务站", "新组建的县数据中心"])
def test_a_subordinate_units_budget_is_not_the_departments(subject):
    found = metrics(TITLE + f"本部门年初预算支出500万元。{subject}年初预算支出120万元,其中基本支出80万元。")
    assert found["budget_total"] == 500
    assert "budget_basic" not in found


@pytest.mark.parametrize("subject", ["本部门(含所属县信息中心)", "本部门及所属单位", "本局"])
def test_the_department_with_its_units_is_the_department(subject):
    found = metrics(TITLE + f"{subject}年初预算支出500万元,其中基本支出380万元。")
    assert (found["budget_total"], found["budget_basic"]) == (500, 380)


@pytest.mark.parametrize("sections", ["下设办公室、执法一队、执法二队、监督审理室等4个科室", "下设综合股、执法队等2个股室"])
def test_the_sections_a_department_lists_are_its_own(sections):
    """天水市国土资源执法监察支队 (holdout29): its own sections (执法一队, 执法二队) listed as 科室 are no
    subordinate unit, so the posts stated after them are the department's."""
    found = metrics(f"我单位为参照公务员管理事业单位,{sections},核定编制19人,实有15人,无退休人员。")
    assert found["staff_authorized"] == 19
    assert "staff_authorized" not in metrics("下属县农机服务站,核定编制19人。")  # a unit under it still is one
