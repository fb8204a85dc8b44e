"""Tables as copied text prints them without bars: one cell per line with no blank line
between cells, and columns aligned with spaces. An empty cell must stay blank: a row whose
figures are fewer than the columns cannot say which columns they fill, so it gives nothing."""

from __future__ import annotations

from perfscore.engine.reports.extract import extract_text


def metrics(text: str) -> dict:
    return extract_text(text).metrics


ONE_COLUMN = ("2019年“三公”经费财政拨款支出决算表\n(单位:万元)\n项目\n决算数\n合计\n40.5\n因公出国(境)费\n"
              "公务接待费\n12.1\n公务用车购置及运行费\n28.4\n其中:公务用车运行维护费\n28.4\n公务用车购置费")


def test_one_cell_per_line_with_an_empty_cell():
    found = metrics(ONE_COLUMN)
    assert (found["sangong_actual"], found["sangong_actual_reception"], found["sangong_actual_vehicle"]) == (40.5, 12.1, 28.4)
    assert "sangong_actual_abroad" not in found and "sangong_actual_vehicle_purchase" not in found


def test_a_row_with_fewer_figures_than_columns_is_blank():
    text = ("2021年“三公”经费支出决算表\n单位:万元\n项目\n预算数\n决算数\n合计\n49.9\n7.69\n因公出国(境)费\n20\n"
            "公务接待费\n14.9\n5.21\n公务用车购置及运行维护费\n15\n2.48")
    found = metrics(text)
    assert (found["sangong_budget"], found["sangong_actual"]) == (49.9, 7.69)
    assert (found["sangong_budget_reception"], found["sangong_actual_reception"]) == (14.9, 5.21)
    assert "sangong_budget_abroad" not in found and "sangong_actual_abroad" not in found


ALIGNED = ("2020年“三公”经费预算表\n单位:元\n项目             2019年预算数      2020年预算数\n"
           "一、支出合计        250000         200000\n1、因公出国(境)费用\n2、公务接待费        150000         100000\n"
           "3、公务用车费        120000\n其中:(1)公务用车运行维护费   100000    100000\n(2)公务用车购置")


def test_columns_aligned_with_spaces():
    found = metrics(ALIGNED)
    assert (found["sangong_prev_budget"], found["sangong_budget"], found["sangong_budget_reception"]) == (25, 20, 10)
    assert found["sangong_budget_vehicle_operation"] == 10
    # 支出合计 in a “三公” table is its total, not the department's spending
    assert "budget_total" not in found
    # an empty row and a row of one figure under two columns stay blank
    assert "sangong_budget_abroad" not in found and "sangong_budget_vehicle_purchase" not in found
    assert found.get("sangong_budget_vehicle") != 12  # the lone 120000 fills no known column


def test_a_row_number_column_never_merges_into_the_amount():
    text = ("2023年度收入支出决算总表\n单位:元\n项目      行次      金额\n本年收入合计      1      25,037,565.22\n"
            "本年支出合计      2      24,937,565.22\n年末结转和结余      3      100,000.00")
    found = metrics(text)
    assert (found["final_income_total"], found["final_total"], found["carryover_end"]) == (2503.756522, 2493.756522, 10)


def test_running_text_and_short_headings_are_no_table():
    text = "一、主要职能\n二、机构设置\n三、人员情况\n本单位  2023年度  收入合计100万元,支出合计90万元。"
    document = extract_text(text).document
    assert not document.tables
    assert "sangong_actual" not in metrics("项目\n金额\n合计\n公务接待费\n因公出国(境)费\n5")
