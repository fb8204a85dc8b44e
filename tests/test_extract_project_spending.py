"""财政项目补助支出 (the Hunan template's word for project spending) is 项目支出, in the
stage of its sentence or section."""

from __future__ import annotations

import pytest

from perfscore.engine.reports.extract import extract_text


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
