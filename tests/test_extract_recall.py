"""Figures real reports state in ways the first extraction rules missed: each rule is pinned on
new wording where it applies and on a text where it must not."""

from __future__ import annotations

from support import text_metrics as metrics


def test_a_year_between_an_item_and_its_figure_does_not_count_in_the_gap():
    found = metrics("公务接待费2019年度一般公共预算拨款决算数为12.6万元。")
    assert found["sangong_actual_reception"] == 12.6
    found = metrics("因公出国(境)费2021年财政拨款支出决算数为3.05万元。")
    assert found["sangong_actual_abroad"] == 3.05
    # the gap without its year is still too long to tie the figure to the item
    assert "sangong_actual_reception" not in metrics(
        "公务接待费2019年按照上级统一部署开展的各项检查中决算数为12.6万元。")
