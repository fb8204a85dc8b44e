"""Extraction on report text written for these tests (other provinces, years, phrasing),
.docx and .pdf fixtures made here, the YAML output, the CLI glue and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfscore.engine.errors import PerfscoreError
from perfscore.engine.reports.extract import extract_report, extract_text
from perfscore.engine.reports.to_yaml import extraction_to_yaml
from perfscore.engine.rubric.yamlio import load_file, loads
from support import run_cli

PARAGRAPHS = [
    "2022年度彭州市教育局部门整体支出绩效自评报告",
    "一、部门基本情况",
    "彭州市教育局核定编制30名，实有在编人员28人，离退休人员12人。",
    "二、预算执行情况",
    "2022年年初预算支出1,234.5万元，其中：基本支出800万元，项目支出434.5万元。",
    "2022年度决算总支出1,300.2万元，其中基本支出820.1万元，项目支出480.1万元。",
    "全年政府采购实际金额约35万元。",
    "截至2022年末，固定资产原值520万元，累计折旧120万元，净值400万元。",
    "三、管理情况",
    "我局制定了《财务管理制度》《政府采购管理办法》，年末盘点账实相符。",
    "根据四川省有关规定，部门整体支出绩效评价得分92分，评价等级为优秀。",
    "四川省彭州市教育局",
    "2023年3月15日",
]
TABLE = [
    ["项目", "2022年预算数", "2022年决算数", "2021年决算数"],
    ["公务接待费", "20000", "12000", "15000"],
    ["公务用车运行维护费", "30000", "28000", "31000"],
    ["合计", "50000", "40000", "46000"],
]


def test_own_text_report():
    extraction = extract_text("\n\n".join(PARAGRAPHS), "pengzhou.txt")
    m = extraction.metrics
    assert (m["year"], m["dept_name"], m["region"]) == (2022, "彭州市教育局", "四川省彭州市")
    assert (m["staff_authorized"], m["staff_actual"], m["staff_retired"]) == (30, 28, 12)
    assert (m["budget_total"], m["budget_basic"], m["budget_project"]) == (1234.5, 800, 434.5)
    assert (m["final_total"], m["final_basic"], m["final_project"]) == (1300.2, 820.1, 480.1)
    assert m["final_procurement"] == 35 and "approx" in extraction.items["final_procurement"].flags
    assert (m["fixed_assets_original"], m["fixed_assets_depreciation"], m["fixed_assets_net"]) == (520, 120, 400)
    assert m["has_finance_rules"] is True and m["has_procurement_rules"] is True and m["assets_reconciled"] is True
    assert (m["self_score"], m["self_grade"], m["report_date"]) == (92, "优秀", "2023-03-15")
    for absent in ("sangong_actual", "satisfaction_pct", "budget_income_total", "self_eval_date", "has_contract_rules"):
        assert absent not in m


def test_targets_negations_and_ambiguity():
    text = "\n".join([
        "2024年度青浦区民政局部门整体支出绩效自评报告",
        "年度目标：服务对象满意度达到95%以上。",
        "部门核定编制数42人。",
        "单位在编人数40人，编制数45人。",
        "存在问题：尚未建立厉行节约管理办法，部分资产账实不符。",
        "2024年度“三公”经费较上年有所下降。",
    ])
    extraction = extract_text(text)
    assert "satisfaction_pct" not in extraction.metrics  # a target, not an achieved figure
    item = extraction.items["staff_authorized"]
    assert "ambiguous" in item.flags and {c.value for c in item.candidates} == {42, 45}
    assert extraction.metrics["has_sangong_rules"] is False
    assert extraction.metrics["assets_reconciled"] is False
    assert "sangong_prev_actual" not in extraction.metrics


def test_flattened_table_with_unit_in_caption():
    lines = ["2022年度彭州市教育局部门整体支出绩效自评报告", "表2 “三公”经费明细表", "单位：元"]
    for row in TABLE:
        lines += ["\t" + cell for cell in row] + [""]
    lines.append("以上为三公经费情况。")
    m = extract_text("\n".join(lines)).metrics
    assert (m["sangong_budget_reception"], m["sangong_actual_reception"], m["sangong_prev_actual_reception"]) == (2, 1.2, 1.5)
    assert (m["sangong_budget"], m["sangong_actual"], m["sangong_prev_actual"]) == (5, 4, 4.6)


def _write_docx(path: Path) -> None:
    import docx
    document = docx.Document()
    for text in PARAGRAPHS[:8]:
        document.add_paragraph(text)
    document.add_paragraph("表1 “三公”经费支出情况（单位：元）")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for text in PARAGRAPHS[8:]:
        document.add_paragraph(text)
    document.save(str(path))


def test_docx_paragraphs_and_tables(tmp_path):
    path = tmp_path / "report.docx"
    _write_docx(path)
    extraction = extract_report(path)
    m = extraction.metrics
    assert m["budget_total"] == 1234.5 and m["self_score"] == 92
    assert m["sangong_actual"] == 4 and m["sangong_actual_vehicle"] == 2.8
    assert extraction.items["sangong_actual"].provenance.where.startswith("表1")
    assert len(extraction.document.tables) == 1


def _write_pdf(path: Path, password: str | None = None, lines: tuple[str, ...] = PARAGRAPHS) -> None:
    """A real PDF with Chinese text, written by ReportLab with its built-in Adobe-GB1 CID
    font (STSong-Light): no font file is needed, so the PDF reader runs wherever the tests do."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    page = canvas.Canvas(str(path), encrypt=password)
    page.setFont("STSong-Light", 10.5)
    y = 800
    for text in lines:
        page.drawString(40, y, text)
        y -= 18
    page.save()


def test_pdf_text(tmp_path):
    path = tmp_path / "report.pdf"
    _write_pdf(path)
    extraction = extract_report(path)
    m = extraction.metrics
    assert (m["year"], m["budget_total"], m["final_total"], m["self_score"]) == (2022, 1234.5, 1300.2, 92)
    assert extraction.items["final_total"].provenance.where.startswith("第1页")


def test_pdf_prose_wrapped_at_the_page_width_reads_as_its_paragraph(tmp_path):
    """涪陵区 2023 (dev) printed as a PDF wraps it: the break cuts 2493.77, a line ends on the colon
    of its list; the PDF reader joins the lines as the text reader does."""
    path = tmp_path / "wrapped.pdf"
    _write_pdf(path, lines=("经汇总,2023年区级部门(单位)一般公共预算“三公”经费支出预算为2",
                            "493.77万元,其中:因公出国(境)费用83万元,公务用车购置及运行维",
                            "护费1534.95万元,公务接待费875.82万元。"))
    m = extract_report(path).metrics
    assert (m["sangong_budget"], m["sangong_budget_abroad"], m["sangong_budget_reception"]) == (2493.77, 83, 875.82)


def test_encrypted_pdf_is_a_clear_error(tmp_path):
    path = tmp_path / "locked.pdf"
    _write_pdf(path, password="secret")
    with pytest.raises(PerfscoreError, match="加密"):
        extract_report(path)


def test_a_damaged_pdf_is_a_clear_error_wherever_the_damage_is(tmp_path):
    """Bytes overwritten in fonts, content streams or the cross-reference table fail deep in pdfminer, each its
    own way: the report is either read or refused with a message, never a traceback."""
    whole = tmp_path / "whole.pdf"
    _write_pdf(whole)
    data = whole.read_bytes()
    damaged = tmp_path / "damaged.pdf"
    step = max(1, len(data) // 80)
    refused = 0
    for offset in range(0, len(data), step):
        damaged.write_bytes(data[:offset] + b"\xff\x00(<</[" * 2 + data[offset + 12:])
        try:
            extract_report(damaged)
        except PerfscoreError as error:
            refused += 1
            assert "PDF" in str(error) or "报告" in str(error) or "没有" in str(error), str(error)
    assert refused > 0


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "为空"),
    ("blank.txt", b"\n \n\t\n", "没有可读取"),
    ("notes.txt", "今天天气晴朗，适合出游。".encode(), "不是部门整体支出绩效报告"),
    ("binary.txt", b"\x00\x01\x02garbage", "二进制"),
    ("sheet.xlsx", b"PK\x03\x04", "不支持"),
    ("old.doc", b"\xd0\xcf\x11\xe0", ".docx"),
    ("fake.docx", b"not a zip", "不是有效的 .docx"),
    ("fake.pdf", b"not a pdf", "不是有效的 PDF"),
])
def test_bad_input(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PerfscoreError, match=message):
        extract_report(path)


def test_gb18030_and_bom(tmp_path):
    text = "\n".join(PARAGRAPHS)
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-8-sig"))
    assert extract_report(tmp_path / "gbk.txt").metrics == extract_report(tmp_path / "bom.txt").metrics


# a zero-width space, a soft hyphen, a byte-order mark and a word joiner, as web copies leave them
INVISIBLE = ("\u200b", "\u00ad", "\ufeff", "\u2060")


@pytest.mark.parametrize("mark", INVISIBLE)
def test_characters_that_print_as_nothing_change_no_figure(mark):
    """taushaann-2019-budget with a mark after each full stop lost its change: the sentence that
    gives it (同口径比2018年减少830万元) no longer opened with the words that tie it to the total."""
    text = ("2019年,市本级“三公”经费预算为3328万元。其中,因公出国(境)费50万元,公务接待费478万元,"
            "公务用车购置及运行费2800万元。同口径比2018年减少830万元,下降20%。")
    marked = text.replace("。", "。" + mark).replace("经费", "经" + mark + "费")
    plain, found = extract_text(text), extract_text(marked)
    assert found.metrics == plain.metrics
    assert found.metrics["sangong_budget_change"] == -830 and found.metrics["sangong_budget_reception"] == 478


def test_characters_that_print_as_nothing_in_a_docx_paragraph_and_cell(tmp_path):
    import docx
    document = docx.Document()
    for text in PARAGRAPHS[:8]:
        document.add_paragraph(text.replace("万元", "\u200b万元"))
    document.add_paragraph("表1 “三公”经费支出情况（单位：元）")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = "\ufeff" + text + "\u00ad"
    for text in PARAGRAPHS[8:]:
        document.add_paragraph(text)
    marked = tmp_path / "marked.docx"
    document.save(str(marked))
    _write_docx(tmp_path / "plain.docx")
    assert extract_report(marked).metrics == extract_report(tmp_path / "plain.docx").metrics


def test_yaml_output_round_trips(tmp_path):
    extraction = extract_text("\n".join(PARAGRAPHS), "r.txt")
    text = extraction_to_yaml(extraction, {"budget_total": "年初预算数"})
    data = loads(text)
    plain = {k: v for k, v in data.items() if not k.startswith("_")}
    assert plain == extraction.metrics
    assert "budget_total: 1234.5  # 年初预算数；" in text  # a reviewer reads the name, not the id
    assert data["_provenance"]["budget_total"]["text"] == "年初预算支出1,234.5万元"
    assert data["_provenance"]["final_procurement"]["flags"] == ["approx"]


def test_extract_and_check_commands(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("\n".join(PARAGRAPHS), encoding="utf-8")
    out = tmp_path / "m.yaml"
    assert run_cli("extract", report, "-o", out).returncode == 0
    assert load_file(out)["budget_total"] == 1234.5
    assert not list(tmp_path.glob(".m.yaml.*"))  # no temp file left behind
    printed = run_cli("extract", report)
    assert printed.returncode == 0 and "budget_total: 1234.5" in printed.stdout
    assert run_cli("check", out).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("sangong_actual: 0.57元\nsangong_actual_vehicle: 0.25\nsangong_actual_reception: 0.32\n", encoding="utf-8")
    as_json = run_cli("check", bad, "--format", "json")
    assert as_json.returncode == 1
    assert [f["id"] for f in json.loads(as_json.stdout)] == ["unit_mismatch"]
    as_text = run_cli("check", bad)
    assert as_text.returncode == 1 and "错误：单位疑误" in as_text.stdout and "unit_mismatch" not in as_text.stdout

@pytest.mark.parametrize(("title", "name"), [
    ("永兴县水利局2022年度部门整体支出绩效自评报告", "永兴县水利局"),          # the name before the year
    ("永兴县水利局\n2022年度部门整体支出绩效自评报告", "永兴县水利局"),        # on the line above
    ("首页>政务公开>永兴县水利局2022年度部门整体支出绩效自评报告", "永兴县水利局"),  # after a page's breadcrumbs
    ("2022年度永兴县水利局部门整体支出绩效自评报告", "永兴县水利局"),          # the name after the year
    ("2022年度部门整体支出绩效自评报告", None),                              # no name: none, never 部门
    ("关于2022年度部门整体支出绩效自评的报告", None),
    ("2022年某乡人民政府决算编制说明\n\n411001-某乡人民政府2022年部门决算公开\n\n附件一\n\n2022年度部门整体支出绩效评价基础数据表",
     "某乡人民政府"),  # the words after an earlier year run past codes and other years: not all of it, but the 决算's title
])
def test_the_department_a_title_names_before_or_after_its_year(title, name):
    found = extract_text(title + "\n经自评，2022年度自评得分为90分。").metrics
    assert found["year"] == 2022
    assert found.get("dept_name") == name


@pytest.mark.parametrize(("text", "name"), [
    # what a page prints around a name is not part of it
    ("[有效性]重庆市大足区发展和改革委员会\n2020年度部门整体支出绩效自评报告", "重庆市大足区发展和改革委员会"),
    ("单位机构设置第二部分国家体育总局体育信息中心2021年部门整体支出绩效自评", "国家体育总局体育信息中心"),
    ("2024年度城关镇社区卫生服务中心预算执行情况绩效自评", "城关镇社区卫生服务中心"),
    ("自评报告\n自评得分为90分。\n评价单位(公章):徐闻县政务服务和数据管理局", "徐闻县政务服务和数据管理局"),
    # words in a name's place that name no one: a generic word, a fund, a page's links, stamps and headings
    ("南县财政局\n2020年度 机关整体支出绩效评价报告", "南县财政局"),
    ("2022年度部门(单位)整体支出绩效自评报告", None),
    ("2018年度专项资金绩效评价报告", None),
    ("2022年度部门整体支出绩效自评报告\n自评得分为90分。\n返回顶部", None),
    ("2022年度部门整体支出绩效自评报告\n自评得分为90分。\n新闻中心", None),
    ("2022年度部门整体支出绩效自评报告\n自评得分为90分。\n• 来源: 区文化和旅游局", None),
    ("2022年度部门整体支出绩效自评报告\n自评得分为90分。\n第一部", None),
    ("2022年度部门整体支出绩效自评报告\n自评得分为90分。\n从预算单位构成看炉山中心", None),
    ("2022年度部门整体支出绩效自评报告\n自评得分为90分。\n山东科技职业学院", "山东科技职业学院"),
])
def test_a_department_name_is_never_a_pages_furniture(text, name):
    """Names the corpus read wrong (h29-kaili, h30-cehui, h9-hanyang, h23-wuchang, yuhua-fgj, …) would head a
    scorecard: a footer's link, a stamp's 来源, a contents line or a title's subject is no department."""
    found = extract_text(text + ("" if "得分" in text else "\n经自评，自评得分为90分。")).metrics
    assert found.get("dept_name") == name


@pytest.mark.parametrize(("title", "name"), [
    ("凯里市炉山镇中心学校2022年度部门决算公开说明", "凯里市炉山镇中心学校"),
    ("首页»苍溪县图书馆2018年部门预算", "苍溪县图书馆"),
    ("关于北京市水务局2012年部门预算的说明", "北京市水务局"),
    ("2020年度南县财政局部门预算公开", "南县财政局"),
    ("主动公开南昌市新建区农业农村局2023年部门预算", "南昌市新建区农业农村局"),
    ("2024年度汨罗市发展和改革局部门决算来源:汨罗市财政局 日期:2025-08-26 11:02", "汨罗市发展和改革局"),  # a stamp run on
    ("双牌县2022年度年政府决算公开", None),  # a stray 年 after the year: no name
    # a PDF's text run on after its title (zhanjiang-zjj wrapped), and a sentence opening like one
    ("2018年湛江市质量技术监督局“三公”经费预算情况说明“三公”经费包括因公出国(境)费、公务接待费", "湛江市质量技术监督局"),
    ("2021年我镇三公经费预算为20万元,其中:公务接待费9万元", None),
    ("2022年度部门决算公开说明", None),  # no name: none, never 部门
    ("按照要求,现将本局2022年部门决算公开如下", None),  # a sentence, no title
])
def test_the_department_a_budgets_or_final_accounts_title_names(title, name):
    """Most disclosures are titled like a budget or a 决算, not like a self-evaluation: their name heads
    the scorecard too (h29-kaili, h18-cangxi, h6-beijing-swj, h20-xinjian)."""
    found = extract_text(title + "\n一、基本情况\n2022年度支出合计1200.5万元。").metrics
    assert found.get("dept_name") == name


@pytest.mark.parametrize(("title", "region"), [
    ("中共寻甸回族彝族自治县委员会办公室2023年部门决算", "寻甸回族彝族自治县"),  # a party committee's: the place after 中共
    ("中国人民政治协商会议山西省稷山县委员会2022年部门预算", "山西省稷山县"),
    ("原西藏自治区乡村振兴局2023年度部门决算", "西藏自治区"),  # a body since renamed
    ("县委宣传部2022年部门决算", None),  # the level, not the place
    ("南滩社区卫生中心2016年部门预算", None),  # a neighbourhood, no region
    ("彭州市教育局2022年部门预算\n四川省", "四川省彭州市"),  # the province the text names, before the city
    ("西藏昌都市宗教事务局2022年部门预算\n西藏自治区", "西藏昌都市"),  # the province already named, not again
    ("自治区政协办公厅2024年部门预算\n广西壮族自治区", "广西壮族自治区"),  # 自治区 alone: the text's
])
def test_the_region_a_department_name_starts_with(title, region):
    found = extract_text(title + "\n一、基本情况\n2022年度支出合计1200.5万元。").metrics
    assert found.get("region") == region


def test_a_docx_forms_field_row_over_its_table(tmp_path):
    """部门名称 | 某县民政局 | 填报日期 | 2024年4月10日 as the table's first row: the form's fields above its table;
    read as a header they made 全年执行数 another year's (2024年) and lost the year's spending."""
    import docx
    document = docx.Document()
    document.add_paragraph("某县民政局2023年度部门整体支出绩效自评表")
    rows = [["部门名称", "某县民政局", "填报日期", "2024年4月10日", "", "", ""],
            ["年度预算资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "1172.55", "1268.72", "1250.30", "10", "98.5%", "9.85"],
            ["其中:本年财政拨款", "1000.00", "1100.00", "1090.00", "—", "—", "—"],
            ["总分", "", "", "", "", "100", "95.5"]]
    table = document.add_table(rows=len(rows), cols=7)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(tmp_path / "form.docx"))
    extraction = extract_report(tmp_path / "form.docx")
    m = extraction.metrics
    assert (m["budget_total"], m["budget_adjusted_total"], m["final_total"]) == (1172.55, 1268.72, 1250.3)
    assert (m["self_score"], m["report_date"]) == (95.5, "2024-04-10")
    assert extraction.document.tables[0].caption == "某县民政局2023年度部门整体支出绩效自评表"


def test_a_sentence_naming_the_department_as_itself_is_no_name():
    """2022年度本部门支出总计…: a sentence the title pattern once read as 本 naming the department; the
    name is the 决算's title's."""
    found = extract_text("某局2022年度部门决算\n按照预算公开有关要求,现将本部门2022年度决算公开如下。\n"
                         "2022年度本部门支出总计120万元。").metrics
    assert found["dept_name"] == "某局" and found["final_grand_total"] == 120  # the title's name, never 本
