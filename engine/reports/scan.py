"""Scan running text sentence by sentence: pair metric cues with figures under a stage
context (预算/决算/上年), and record 其中 groups, shares, changes and claims for checks.

Stage rules, strongest first: a stage word between cue and figure (基本支出预算数798.5万元),
a stage word earlier in the same clause (年初预算安排…支出), the sentence's running
stage context. Stage words inside a comparison (较预算增加…) never set the context. A
figure under no stage at all is read as the 决算 only once the text compares it with its
year-start budget (较年初预算数减少…), and is flagged ``inferred``.

Subjects, when a clause names none: the item a title paragraph names ((二)公务接待费), the
item an earlier 其中 clause gave (…6.74亿元,减少0.04亿元), the total of the sentence before
(…3328万元。其中,…。同口径比2018年减少830万元; also across paragraphs until a heading), one
named after the comparison (与上年相比,…“三公”经费支出减少了…), or one named as last year's
level (相比2016年的总支出7171.97增加…: this year's 总支出).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .document import Paragraph
from .model import Candidate, Change, Claim, Figure, PartsGroup, Provenance, Share
from .coded_rows import HEADER as CODED_HEADER, read_coded_rows
from .joint import spell_out
from .joint_change import name_subject
from .periods import PartsOfYear
from .serving_count import ACTUAL, IN_SERVICE, twin
from .shared_head import name_each
from .lexicon import Cue, Lexicon, named_before, normalise
from .zero_change import read_level
from .run_in_headings import read_run_in_heading
from .dropped_words import read_dropped_words
from .zero_cost import read_zero_cost
from .fleet_used import read_fleet_used
from .self_named import read_self_named
from .criterion_scores import is_criterion_score
from .zero_budget import read_zero_budget
from .weak_stages import budget_only, counts_only, yielded
from ..units import MONEY_UNITS, Quantity, iter_quantities

# the actual staff of each category of 编制 (行政编制0人,实有人数0人;事业编制82人,实有人数61人) add up to
# the staff actually there: (the per-category metric, the total whose parts name the categories)
_PER_PART = ("staff_actual", "staff_authorized")
_CATEGORY_GAP = re.compile(r"[,;，；]?(?:其中)?")
# 其中行政编制20名、事业编制10名;实有人数28人: after categories listed together, the actual count is the total's
_CATEGORY_LIST = re.compile(r"编制[\d.]+[名人个]?(?:、|和|及|,|，)[^,;。:]*?编制[\d.]+[名人个]?$")
# how a category of posts is funded (全额拨款事业编制, 差额事业编制, 参公事业编制): its kinds add up to the category
_FUNDED_KIND = re.compile(r"(全额|差额|自收自支|参公|参照公务员法?管理)(?:拨款)?(?=[^,;。]{0,2}$)")
# a paragraph that ends on the next kind of post after a figure, with none of its own (…全额事业编45个、差额): a copy
# cut off mid-list
_KINDS_CUT_OFF = re.compile(r"\d[人名个]?[、,](?:全额|差额|自收自支|参公|事业编|行政编)[^\d,;。、:]{0,6}$")
_SERVANT_LIKE = re.compile(r"参公|参照")  # posts managed as civil servants' (参照公务员法管理的事业编制)
_BARE_ACTUAL = re.compile(r"[,;，；](?:实际|实有)(?:在职|在岗)?(?:人数|人员)?(?:为|是|有)?")
_SENTENCE = re.compile(r"[^。!?]{1,2000}[。!?]?")  # a run-on line is read in pieces
_CLAUSE = re.compile(r"(?:[^,;:、]|(?<=\d),(?=\d{3}(?!\d))|:(?=\d))+[,;:、]?")  # 1,276.52: a thousands comma parts no clause; nor does 自评得分:91分 a label from its figure
# 和/与 compare only when no other comparison word comes before 相比/持平: in
# 因公出国(境)费和公务用车购置费预算与去年持平 the 和 joins a list, the 与 compares; 经比较 is no comparison
_COMPARE = re.compile(r"(?:和(?=[^,;:。和与较比]{0,14}?(?:相比|持平|比较|无增减|无变化|无变动))|与(?=[^,;:。和与较比]{0,14}?(?:相比|持平|比较|无增减|无变化|无变动)|上年|去年|\d{4}年)|(?<!经比)较|(?<!经)(?<!占)比|同比|相比|低于|高于)")
_CHANGE_VERB = re.compile(r"(?:增加|减少|下降|增长|降低|节约|上升|提高|压减|压缩|缩减|增|减)了?$")
_YEAR = re.compile(r"(\d{4})(?:年度?(?!\d{1,2}月)|-度)")
_UP = ("增加", "增长", "上升", "提高", "超出", "多", "增")
_DOWN = ("减少", "下降", "降低", "节约", "压减", "压缩", "缩减", "少", "减")
_CLAIM = re.compile(r"(预算|决算)数?(?:超过?|大于|高于|多于)(?:了)?(预算|决算)数?")
# the units a count of people or vehicles is printed in (编制12个 counts posts, 206辆 no people)
_COUNTED_AS = {"人": ("人", "名", "个", "位"), "辆": ("辆", "台")}  # 现有车辆1台: cars counted as machines
_KIND_OK = {"money": ("money",), "count": ("count",), "percent": ("percent",), "score": ("count",)}
MAX_GAP = 12
_PRIOR = ("prev_final", "prev_budget")  # comparisons with last year: they give <metric>_change
OTHER_YEAR = "other_year"  # a stage of a year neither the text's nor the one before: no metric has it
_ROW_NUMBER = re.compile(r"(?<![\d.,])\d{1,3} $")  # 合计 39 25,037,565.22元: 39 is the row (行次)
_MONEY = re.compile(r"\d\s*(?:万?亿元?|万元|元)")  # 1.7万亿元, 4亿: a headline's figure makes it no heading
_NEWS_LAST_YEAR = "去年"
_RATE = re.compile(r"\d\s*%")
_NO_CHANGE = ("持平", "无增减", "无变化", "没有变化", "零增长", "无变动", "没有变动")
_LEVEL_AFTER = re.compile(r"[,]?(?:无增减|持平|无变化|没有变化|无变动|没有变动)")  # what says a compared level did not change
# 持平或下降: level or lower, which states no change either
_HEDGED = re.compile(r"(?:基本|大体|大致|略有?|总体)(?:持平|无变化|无增减|无变动)|持平或|或持平")
# 较2024年的2190万元减少221万元, 较上年2.08减少0.03万元: the figure between the comparison
# word and the change verb is the base (last year's level), not the change
# 支出9.07万元,较年初预算数减少…: compared with the budget, the figure is the 决算; compared
# with last year's budget (较2019年预算减少), it is this year's budget
_VS_BUDGET = re.compile(r"^[,;]?(?:较|比|与)(?:年初)?预算数?")
_THEN_BUDGET = re.compile(r"^,(?:年初)?预算数?(?:为|是)")  # 支出2.05万元,年初预算为2.95万元: set against its budget
_VS_PREV_BUDGET = re.compile(r"^[,;]?(?:较|比|与)(?:上年度?|去年|(\d{4})年度?)(?:年初)?预算")
# 支出431万元,比上年累计支出433万元…: compared with last year's spending, it is this year's
_VS_PREV_FINAL = re.compile(r"^[,;]?(?:较|比|与)(?:上年度?|去年|(\d{4})年度?)(?:累计)?(?:实际)?(?:支出|决算)")
# 因公出国(境)经费与公务用车购置及运行维护费分别为0.34亿元和4.23亿元: labels in order
_RESPECTIVELY = re.compile(r"分别(?:为|是|完成|达到|达)")  # 货物类、服务类采购分别完成471.79亿元、1302.08亿元
# what may stand between the last label of a list and its 分别为: 的, 费用, or the stage the list is in
# (因公出国(境)费、公务用车购置及运行维护费、公务接待费预算分别为0.28亿元、2.71亿元和0.69亿元)
_LABELS_TAIL = re.compile(r"的?(?:费用|经费)?(?:支出)?(?:预算|决算)?(?:数|支出|安排)?")
_LIST_JOIN = re.compile(r"^(?:、|和|与|及|以及|,)$")
_LIST_JOIN_RUN = re.compile(r"[,、]*(?:、|和|与|及|以及)[,、]*")  # 公务用车购置及运行费,、公务接待费 (a noisy copy)
_CLAUSE_END = re.compile(r"[,;:、。]")
_NEGATED = re.compile(r"(?:没有|无|未)[^,;:。]{0,6}$")  # 没有购车计划 states no target
_UNSPENT = re.compile(r"(?:未使用完?|未用完|未支出|未执行完?|未花完)了?$")
_BARE_CHANGE = re.compile(r"^(?:增加|减少|下降|增长|降低|上升|压减|压缩|削减|缩减|增|减)了?$")
_NUMBERING = re.compile(r"^(?:\(?[一二三四五六七八九十\d]{1,3}[)、.]|[一二三四五六七八九十]{1,3}是)")
# 与上年比较, 较2019年相比: a comparison phrase whole, which a subject may follow (与上年比较收入总计增加…)
_COMPARISON_PHRASE = re.compile(r"(?:与|较|比)(?:上年度?|去年|上一年度?|(?:19|20)\d{2}年度?)(?:同期)?(?:决算数?|预算数?)?"
                                r"(?:相比|比较)")
# a sentence that opens with its comparison, or with only the stage of what the sentence before stated
# (…预算数1079.23万元。…。本年预算数较去年执行数减少488.91万元)
_OPENS_COMPARISON = re.compile(r"(?:同口径|经比较|经对比|(?P<stage>(?:本年|今年|当年)(?:预算|决算)数?))?,?")
_COMPARED_YEAR = re.compile(r"(?:比|较|与|相比|同比)$")
# what may open a clause before its stage word; a year too (…2010年实际执行数为9995.05万元,2011年预算数为8043.66万元)
# what may stand between that stage word and the figure: 预算数为, 决算支出数为, 执行数是
_STAGE_TO_FIGURE = re.compile(r"(?:支出)?(?:数|额|金额)?(?:为|是|共计|合计)?")
_REPORTED_LEAD = re.compile(r"[^,;。\d]{0,30}(?:\d{1,2}日)?[^,;。\d]{0,12}(?:显示|公布|表示|介绍|称|指出|获悉)[:,]")
_DEPARTMENT_OPENS = re.compile(r"^(?:[一二三四五六七八九十]是)?(?:(?:19|20)\d{2}年度?)?(?:本|我)?(?:部门|单位)(?:(?:19|20)\d{2}年度?)?(?:全年|本年度?|当年)?$")
# …出国(境)费财政拨款支出2688.03万元,2011年财政拨款预算2281万元: the money's source may stand before its stage
_OPENS = re.compile(r"^(?:其中)?[:,]?(?:(?:19|20)\d{2}年度?)?(?:全年|本年度?|当年)?(?:财政拨款)?(?:支出)?$")
# 其中:因公出国(境)费支出决算减少0.00元: an item compared as its total was
# 总支出125.08万元,其中本年支出116.12万元: the total that holds this year's spending and the
# carry-over is the 总计, not the 合计
_GRAND_AFTER = re.compile(r"^[,;]?其中[:]?本年(?:度)?(?:支出|收入)")
# 人均因公出国(境)费用2.4万元, 公务接待费平均每批次0.3万元: an amount per person, car or visit, not the total
# 本年度压缩“三公”经费15.5万元, 节约公务接待费2万元: a verb of change right before the item
_CUT_BEFORE = re.compile(r"(?:压缩|压减|削减|缩减|节约|节省|减少|增加)了?[^,;:。\d]{0,8}$")
# a subordinate unit named as the subject: 新成立的…中心, 下属…站, 该中心 (not 含所属…: the department with it; nor
# the sections it lists as its own: 下设办公室、执法一队、执法二队等4个科室)
_SUB_UNIT = re.compile(r"(?<!含)(?<!包括)(?<!包含)(?:新成立|新组建|新设立|新设|新增|下属|所属|下设|直属)(?:的|了)?[^,;。]{0,16}?"
                       r"(?:中心|站|所|队|馆|院|学校|医院)(?![\u4e00-\u9fff]{0,2}(?:和|及|等)?(?:单位|机构))"
                       r"(?![^,;。]{0,20}?\d+个(?:科室|股室|处室|内设机构|职能科室))|该(?:中心|站|所|队|馆|院)"
                       r"|(?<!含)(?<!包括)下属(?:共有|有)?\d+个[^,;。]{0,6}单位,")  # 下属共有6个事业单位,事业运行经费…
# a department's totals (收入/支出总计, 总收入, 支出预算, 结转结余…), which a government's, a fund's or one kind of
# funds' figures are not
DEPARTMENT_TOTALS = frozenset({"final_total", "final_income_total", "final_grand_total", "final_income_grand_total",
                                "budget_total", "budget_income_total", "budget_adjusted_total",
                                "carryover_prev", "carryover_end"})
# 实有人员35871人,其中在职人员24856人,离休人员291人,退休人员10724人: a head count, retirees included
# 各级单位年末人数50人,其中在职人员33人,离休人员0人,退休人员17人: the in-service part of a head count;
# 实有人数86人(其中:在职36人,离退休50人): the same in parentheses
_HEAD_COUNT = re.compile(r"(?:人数|人员)(?:总数)?(?:为|共|共计)?\d+[人名][,，(]?其中[:：]?$")
_RETIREES_AFTER = re.compile(r"[^。]*?(?:离休|退休)")
_RETIREES_AMONG = re.compile(r"[人名]?[,，(]?其中[:：]?(?:行政|事业|工勤|参公)?在(?:职|岗)[^。]*?(?:离休|退休)")
# …人(其中,退休18人,在职36人): the retired named first among the head count, which is then no count of
# the staff serving (a 其中 list of posts or titles that ends with retirees is read as it was)
_RETIREES_FIRST = re.compile(r"[人名]?[,，(]?其中[:：,，]?(?:离休|退休)")
# 财政供养人数8名,其中在职5名、离退休人数3名: the people the budget pays, retirees among them; only the
# serving part its 其中 gives is a staff count
_SUPPORTED = re.compile(r"财政供养人数")
# …人,其中:在职250人 (no word for whom), …其中:在职编制15人, 在职全额编制23人
_IN_SERVICE_PART = re.compile(r"[人名]?[,，(]?其中[:：,，]?(?:(?:离休|退休)[^。;；()]*?[,，、;；])?在(?:职|岗)(?:全额|差额)?(?:编制|在编|人员|人数|教职工|职工)?(?:小计|合计)?"
                              r"(?:为|有)?(\d+)[人名]")
# 60人(含编内人员+编外长期聘用人员), 111人(含23名聘用制书记员): staff off the establishment taken in
# …50人,其中事业编制4人,聘用人员44人: the part on posts of a head count that also takes in hires
_ON_POSTS_PART = re.compile(r"[人名]?[,，(（]?其中[:：]?(?P<label>(?:在?(?:全额|差额|自收自支)?(?:事业编制?|行政编制?)|在编|编制内|编内)(?:人员|人数|职工|教职工)?(?:为|有)?(?P<count>\d+)[人名])"
                            r"(?=[^。;；]*?(?:聘用|临聘|编外|保安|合同|劳务|临时|外聘|代课|返聘|招聘))")
_OFF_ESTABLISHMENT_IN = re.compile(r"[人名]?[(（](?:含|包括|包含)[^)）。]*(?:编外|聘用|临聘|外聘|合同制|劳务派遣|代课|临时)")
# 实际人数11人,其中在职9人,退休2人: a head count broken down, which the 其中 reads
_BROKEN_DOWN = re.compile(r"[人名]?[,，(（]?(?:其中|含|包括)")
_HEAD_COUNTED = re.compile(r"\d+\s*[人名]")  # a count of people, as categories of 编制 are counted
# 实有校长1人,副校长5人,|在职教师160人: the staff there listed by role, a count after them one role's
_ROLE_WORDS = ("教师", "医生", "护士")  # a cue naming one role (在职教师), not all the staff (在职人员, 教职工)
_ROLES_LISTED = re.compile(r"(?:实有|现有)(?:[^\d,;。、编]{1,6}\d+[人名][,、])+$")
_SERVING_CUE = re.compile(r"在职|在岗")  # 实有在职人数111人(含…聘用…): the staff serving, hires among them
_SOME_RETIRED_APART = re.compile(r"离休(?:人员|干部|人数|职工|教职工)?(?:为|有)?0*[1-9]\d*[人名]")
_LEVEL_STAGES = frozenset({"budget", "final"})
_HALF_PLACE = 0.005  # 万元: half the last place of figures printed to 0.01万元
_COMPLETED_BEFORE = re.compile(r"(?:完成|占)(?:全年|年度|年初)?$")
_CARRIED = ("结转", "结余")
_ADDED_BEFORE = re.compile(r"(?:新增|追加)[^,;:。\d]{0,20}$")
_OVERRUN_BEFORE = re.compile(r"(?:超出|超过|超支)[^,;:。\d]{0,8}$")  # 公务用车费用超出当年预算5.71万元: by how much
_STAFF_COUNTS = frozenset({IN_SERVICE, ACTUAL})
_NEAR = 120  # characters around a head count that may say what it takes in (a bound, for one-line texts)
# the department's totals that balance: a change stated after both, equal, is each one's (收入总计 = 支出总计)
_BALANCING = {"final_grand_total": "final_income_grand_total", "final_income_grand_total": "final_grand_total"}
_BARE_RETIRED, _COUNT_LIST = "退休", (",", "、", ";")
_BARE_KINDS, _PROCURED = frozenset({"货物", "工程", "服务"}), frozenset({"procurement", "goods", "works", "services"})
_PROCUREMENT_TOTALS = frozenset({"budget_procurement", "final_procurement"})
_SPENDING_KINDS = frozenset({"budget_basic", "final_basic", "budget_project", "final_project"})
_PUBLIC_FUNDS = frozenset({"budget_public_funds", "final_public_funds"})
_STAFF_KIND_BEFORE = re.compile(r"(?:学前|小学|初中|高中|幼儿园|专任|临聘|聘用|编外|合同制?|行政|事业|参公|工勤)$")
_STAFF_KIND_AFTER = re.compile(r"(?:人数|人员)?((?:行政|事业|工勤|参公|专任|编外|聘用|临聘)+)(?:人员|编制人员)?(?:为|有|共)?$")  # 参公事业: one kind
_YEAR_START = re.compile(r"年初")
_FUNDS_SUBJECT = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:一般公共预算|政府性基金预算?|国有资本经营预算|财政拨款)")
_FUND_BEFORE = re.compile(r"(?:教育|科研|科技|卫生|文化|体育|农业|水利|社保|就业)经费$")  # 教育经费总收入: a purpose's funds, a region's
# 国有资本经营预算收入0万元, 一般公共预算本年收入77.82万元: one kind of funds named right before
_FUND_KIND_BEFORE = re.compile(r"(?:一般公共|政府性基金|国有资本经营|社会保险基金)(?:预算)?$")
_DEPARTMENT_INCOME = frozenset({"final_income_total", "final_income_grand_total", "budget_income_total"})
_APPROPRIATED_BEFORE = re.compile(r"财政拨款(?:资金)?$")
_FISCAL_BEFORE = re.compile(r"财政(?:总)?$")  # 财政总收入 / 财政|总收入; 财政拨款收入 is what a department receives
_REGION_SUBJECT = re.compile(r"全(?:国|省|市|县|区|镇|乡|州|旗|盟)(?![委局院会部厅办站所队])")
_DUTY_BEFORE = re.compile(r"(?:负责|承担|指导|管理|服务|统筹|协调|组织)$")  # 负责全县党建工作: the duty's scope, no subject
_OWN_SUBJECT = re.compile(r"本部门|本单位|本局|本院|本馆|本委|我部|我局|我单位|我院|我馆|我委|我办|我中心")
_REGION_MONEY = re.compile(r"收支|收入|支出|预算|决算|财政")
# 一、财政收支完成情况, 二、公共财政预算收支决算情况, (一)一般公共预算收支决算情况: a government's own accounts
# (a department's are 财政拨款收支)
_GOVERNMENT_FISCAL = re.compile(r"^\W*(?:[一二三四五六七八九十]+、|[一二三四五六七八九十]+\))?(?:(?:公共)?财政(?:预算)?|一般公共预算)收支")
_TOP_HEADING = re.compile(r"[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分")
# 公车购置及运行维护费用,|总计6.06亿元; (以下简称“三公”经费)支出,|合计…; “三公”经费预算:|合计191.15万元
_TOTALLED = re.compile(r"\)?(?:用|支出)?(?:预算|决算)?(?:数)?[,:：]")
_TOTAL_GAP = re.compile(r"(?:合计|总计|总额)?(?:数|金额)?(?:为|是|共计|合计)?")  # 本年收入合计800.12万元
# 多数部门因公出国费用为零, 部分单位公务接待费…: what some departments spent, no figure of the text's subject
_SOME_UNITS = re.compile(r"(?:大?多数|部分|少数|个别|一些|有的|过半(?:数)?|半数(?:以上)?)(?:市直|区直|县直|省直)?(?:部门|单位)")
_SPENT_BEFORE = re.compile(r"(?:共计|共|合计)?支出$")
# 三公经费支出数为…, 支出,合计…; (以下简称“三公”经费)支出,合计…: the name an abbreviation gives
_SPENT = re.compile(r"\)?(?:(?:一般公共预算|公共)?财政拨款)?(?:支出|开支)(?:数|额|金额)?(?:为|是|共计|合计|共|,(?:共计|合计|总计))?")
# 其中涉外的公务接待费支出140万元, 其他公务接待费支出517.42万元: a kind of the item, not the item
# 其中商业服务业等事务项目支出: one function's projects (事务 ends a function's name)
_QUALIFIED_ITEM = re.compile(r"(?:其中[^,;:。\d]{1,8}的|其他|其余|涉外的?|事务)$")
# 每辆车运行维护费5.57万元, 年人均财政拨款“三公”经费约为2500元
_PER_UNIT_BEFORE = re.compile(r"(?:人均|车均|户均|次均|生均|平均|每(?:辆车?|人|车|批次?|次|个|团|台))(?:财政拨款)?$")
# 结转结余项目50万元: a project's amount; but 工程类项目采购 is the procurement of works, and
# 政府采购项目预算 the procurement's budget
_PROJECT_IN_GAP = re.compile(r"(?<!采购)项目(?!采购)")
_PEOPLE_GAP = re.compile(r"人员|人数|职工")  # after a category of 编制: a count of people, not of posts
_IMPLIED_CHANGE = re.compile(r"(?:增长|下降|增加|减少|降低|上升)了?")  # …9.5亿元,|下降|13.4%: on last year
_YEAR_ASSUMED = "推定：文中未注明本年，以所比年份的次年为本年"
_BREAKDOWN_GAP = re.compile(r"[人名]?[,，]?(?:其中[:：]?|[(（])")  # …38人,其中: | …30(: what follows breaks the count down
_DEFINED = re.compile(r"是指|指的是|包括|用于")  # 98.71万元,是指…日常公用经费: what the figure's item is, no subject
_NEXT_PART_GAP = re.compile(r"[人名]?[、,，;；]")  # …25人、|参公编制20人: the next part of the same list
_POSTS_COUNT = re.compile(r"(?:人数|总数)(?:为|共|是)?\d")  # 事业编制人数5名: the category's 编制人数, its posts
_SCORE = "self_score"
# cues that name the year's total by the year before them (2018年度支出, 2019年收入预算): after the year's digits
# or 本 only, since 上年度支出 is last year's stage and 支出
_DATED_CUES = frozenset({"年度支出", "年收入预算", "年支出预算", "年度收入预算", "年度支出预算"})
_OWN_YEAR_BEFORE = re.compile(r"[\d本]$")
_DEPARTMENT_SPENDING = frozenset({"final_total", "final_grand_total", "budget_total"})
# 一般公共预算财政拨款支出4378.4万元,…。其中: | 区级财政预算拨款合计139.38万元,其中:…; the appropriations' total
_FUNDED_TOTAL_BEFORE = re.compile(r"(?:财政拨款|预算拨款)(?:收入)?(?:支出)?(?:预算)?(?:合计|总计|总额)?(?:为|是|共)?"
                                  r"(\d[\d,]*(?:\.\d+)?(?:亿元|万元|元))[^其。]{0,40}[。,;]?$")
_DEPARTMENT_WHOLE = frozenset({"budget_total", "budget_income_total", "final_total", "final_income_total"})
# 2014年财政拨款支出按用途划分,基本支出…; 财政拨款支出中,…: a sentence whose subject is the appropriations, no amount
_FUNDED_SUBJECT = re.compile(r"(?:(?:19|20)\d{2}年度?)?(?:一般公共预算)?财政拨款支出(?:决算)?"
                             r"(?:按(?:支出)?(?:经济分类|用途)划分|中|的构成)[,，:：]?(?:其中[:：]?)?$")
_FUNDED_OF = re.compile(r"财政拨款支出(?:预算|决算)?数?中的?$")
# 其中:财政拨款支出318.61万元: the appropriations' amount a text states earlier
_FUNDED_AMOUNT = re.compile(r"(?:一般公共预算)?财政拨款支出(?:决算)?(?:合计|总计)?(?:为|是|共)?"
                            r"(\d[\d,]*(?:\.\d+)?(?:亿元|万元|元))")
_RECENT = 500  # candidates looked back through for the department's total (a bound, for one-line texts)
_GOVERNMENT_FUNDS = frozenset({"budget_gov_fund", "final_gov_fund"})
CARRY_OVERS = frozenset({"carryover_prev", "carryover_end"})  # the 决算's: a budget's carry-over is none of them
_ACTUAL_LATER = re.compile(r"实有\d+[人名]")
# 2021年“三公”经费预算安排和使用情况: a heading over the budget and what was spent names no one stage
_BUDGET_AND_USE = re.compile(r"预算(?:安排)?(?:和|及|与|、)(?:实际)?(?:使用|执行|支出|决算)")
_RESTATED_GAP = re.compile(r"[,，]?(?:达到?|即|合)")  # 近22亿元,达216631.68万元: the rough level said exactly
_PER_UNIT_GAP = re.compile(r"人均|车均|户均|次均|生均|平均|每(?:人|辆|车|批|次|个|团)|同口径")  # 同口径规模: a measure restated
_FORMER_GAP = re.compile(r"原有|原来|原为")  # a count as it was before the changes the text goes on to give
_RESPECTIVE_CHANGE = re.compile(r"分别(?:为|是)?(?:增加|减少|下降|增长|降低|上升|节约|压减|压缩|削减|缩减)")
_RATES_AFTER = re.compile(r"[,;]?(增长|增加|上升|提高|下降|降低|减少|压减|压缩|削减|缩减)(?:了|为|是)?(?:分别为?)?"
                          r"\d+(?:\.\d+)?%(?:(?:和|、|,|及)\d+(?:\.\d+)?%)+")
_BOUND_AFTER = re.compile(r"%(?:以上|以下|以内)")  # 占90%以上 bounds a share, states none
_OWN_YEAR = re.compile(r"今年|本年")
_OWN_YEAR_OPENS = re.compile(r"\W*(?:今年|本年度?|当年)")  # a sentence that opens on the text's own year
_NEXT_YEAR = re.compile(r"(下一?年度?|明年|来年|次年)|今年|本年")  # 下一年度“三公”经费预算: the year after the text's
_NEXT, _THIS, _LAST = "next", "this", "last"
_LAST_YEAR = re.compile(r"(?<![比较与和同])去年(?!以来|至今|底|末|同期)")  # 去年…预算总额: dates the stages after it
_GOES_ON = re.compile(r"(?:具体(?:来看|而言|来说|情况|为|是)|分项(?:来)?看|细分来看|分项目看)")  # the detail of what went before
_YEAR_SPENT = re.compile(r"支出|开支|花费|使用")  # what a year's figure says was spent
# 3个编制人员(馆长1人,财务1人…): a bracket opened after the label and not closed before the figure lists its parts,
# unless it holds only the label's stage (支出(决算数为50万元)) or says what the figure takes in (行政编(含工勤3人)60人)
_BRACKETED_PART = re.compile(r"\((?!(?:年初|全年|本年)?(?:预算|决算|实际|执行|支出|合计|共计)?数?(?:为|是)?$|含|包括|包含|其中)[^)]*$")
_PART_IN_GAP = re.compile(r"(?:包括|包含)[\u4e00-\u9fff]{2,}")  # 公务接待费包括外事接待费|80万元
_GAP_YEAR = re.compile(r"(?:19|20)\d{2}年度?(?!\d{1,2}月)")
_NAMED_BASE = re.compile(r"(?:与|较|比|同比|相比)(?:\d{4}年度?|上年度?|上一年度?|去年)(?:同期)?的?")
_GRAND = {"final_total": "final_grand_total", "final_income_total": "final_income_grand_total"}
_ITEM_CHANGE = re.compile(r"^(?:支出)?(?:决算|预算)?数?(?=增加|减少|下降|增长|降低|上升|压缩|缩减|增|减)")
_BASE_BEFORE = re.compile(r"^(?:与|较|比|同比|相比)(?:\d{4}年度?|上年度?|上一年度?|去年)(?:同期)?"
                          r"(?:的|累计支出|支出|决算数?|预算数?)?\(?$")  # 比2022年决算(60万元)减少10万元
# 决算640万元,比年初预算830万元减少190万元: the year's own budget, named before the change
# (比同口径预算安排的7.2万元: the same, counted alike)
_OWN_BUDGET_BEFORE = re.compile(r"^(?:与|较|比|相比)(?:同口径)?(?:本年|年初)?预算(?:安排)?(?:数|额|金额)?的?$")
# 预算由263.48万元减至211.48万元: the first amount is the earlier level, the second the current
_FROM = re.compile(r"(?:由|从)(?:上年度?|去年|上一年度?|\d{4}年度?)?的?$")
_TO = re.compile(r"^(?:减少|下降|降低|压减|压缩|缩减|削减|减|降|增加|增长|上升|提高|增|升|调整|调减|调增|变)?(?:至|到|为)$")
_LIST_TAIL = re.compile(r"(?:的|支出|经费)*(?:预算|决算)?数?(?:均|都|全部)?")  # 公务接待费预算均|与上年持平
_REASON = re.compile(r"原因(?:是|为|在于|主要是|主要为)?[^,;:]*$")
_SAME_PERIOD = re.compile(r"(?:上年|去年|上一年|\d{4}年)度?同期")
# 2011年预算12428.82万元,与2010年支出相比,压减648.62万元: a budget set against last year's spending
_SPENDING_BASE = re.compile(r"(?:上年|去年|上一年|\d{4}年)度?(?:实际)?(?:支出|决算)")
# 减少10万元,下降16.67% / 降幅16.67% / 下降幅度为16.67%: the rate after the amount, signed by its word
_PCT_LISTED = re.compile(r"(?<=、)(\d+(?:,\d{3})*(?:\.\d+)?)%")
# 较上年增长11.1%,增加2万元: the amount said after the rate, in a clause of its own
_AMOUNT_AFTER = re.compile(r"(?<=,)(?:增加|增长|减少|下降|降低|节约|压减|增支|减支)了?(\d+(?:,\d{3})*(?:\.\d+)?(?:亿元|万元|元))")
_PCT_AFTER = re.compile(r"^(?:,|、)?(?:同比|整体|总体)?(增长|增加|上升|提高|下降|降低|减少|压减|压缩|削减|缩减|减|降幅|减幅|增幅|涨幅)(?:幅度)?(?:了|为|是|达到|达)?"
                        r"(\d+(?:,\d{3})*(?:\.\d+)?)%")


def _closes(text: str) -> bool:
    """Whether ``text`` closes a parenthesis it did not open."""
    depth = 0
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if depth < 0:
            return True
    return False


def _unit_of_last(values: list[Quantity]) -> list[Quantity]:
    """A list of amounts whose unit is written once, after the last (``分别为2619和3573万元``):
    each bare number before it takes that unit; a list with any other mix is left as it is."""
    last = values[-1] if values else None
    if last is None or last.unit not in MONEY_UNITS or not all(q.kind == "number" for q in values[:-1]):
        return values
    scale = MONEY_UNITS[last.unit]
    return [Quantity(float(q.raw * scale), q.raw, last.unit, "money", q.approx, q.start, q.end, q.text, q.bound)
            for q in values[:-1]] + [last]


_OPENS_CLAUSE = re.compile(r"[,;](?:实际|全年|本年度?)?$")  # …预算10万元,实际支出合计8万元
# “三公”经费财政拨款支出合计: what funds a concept's spending may stand between it and its total
_INCOME_FIGURE_BEFORE = re.compile(r"收入[^,;。:()]{0,6}?[\d.,]+(?:万元|亿元|元)?$")
_FUNDED = re.compile(r"的?(?:(?:一般公共预算)?(?:财政|财务)?拨款|一般公共预算)?的?")


def _specific(lexicon: Lexicon, cues: list[_Span], text: str) -> list[_Span]:
    """``“三公”经费支出合计`` (``“三公”经费财政拨款支出合计``): a generic total (支出合计, 总支出, 支出预算总额)
    right after a concept (or its name in brackets: …公务接待费(“三公”经费)支出合计), or after it and
    the funds it is paid from, names that concept's total,
    not the department's; so does a bare 支出合计 that opens the clause after the concept's budget
    (“三公”经费预算10万元,支出合计8万元). The generic cue is dropped."""
    kept: list[_Span] = []
    for cue in cues:
        value: Cue = cue.value  # type: ignore[assignment]
        if value.text in _DATED_CUES and not _OWN_YEAR_BEFORE.search(text, max(0, cue.start - 1), cue.start):
            continue  # 2018年度支出 is the year's spending; 上年度支出 is last year's stage and 支出
        previous = kept[-1].value if kept else None
        concept = value.concept if value.concept is not None else lexicon.metric_concept.get(value.metric or "", (None,))[0]
        if (kept and concept is not None and concept in lexicon.generic_concepts
                and isinstance(previous, Cue) and previous.concept is not None
                and previous.concept not in lexicon.generic_concepts
                and (_FUNDED.fullmatch(text[kept[-1].end:cue.start].lstrip(")”\"'"))
                     or value.text in lexicon.weak_stages and _OPENS_CLAUSE.search(text[kept[-1].end:cue.start])
                     and _names_budget(lexicon, text[kept[-1].end:cue.start]))):
            continue
        kept.append(cue)
    return kept


def _names_budget(lexicon: Lexicon, text: str) -> bool:
    return any(lexicon.stage_words[m["word"]] == "budget" for m in lexicon.stage_re.finditer(mask_not_stages(lexicon, text)))


# a purchase named with the running costs after it (公务用车购置及运行经费): the whole item, not its purchase part
_HALF_OF_PAIR = re.compile(r"购置费?$")
_CLAUSE_MARK = re.compile(r"[,;。:、\s①-⑳)]")  # the character before a clause or a numbered label begins
# 行政, 事业, 参公, 车辆, 在职, 全额…编制: a kind of post, a thing or a state (a last character says most of them)
_KIND_OF_POST = re.compile(r"(?:用车|内设|编外|预算|人员|控制|领导|机构|职数|[政业勤公法关辆职额在])$")
_NONE_ARRANGED = re.compile(r"(?:无|未|没有|不)[^,;:。\d]{0,10}$")  # 本年无因公出国(境)相关|安排: a negated weak word
_DATED_FINAL_TOTALS = frozenset({"年支出决算", "年度支出决算", "年收入决算", "年度收入决算"})  # right after a year's digits
# 公务用车0辆, 公务用车共3辆: the fleet held, unless it was bought, sold or moved (购置公务用车2辆) or is one
# kind of the fleet (共有车辆1879辆,其中:…一般公务用车1087辆)
_FLEET_AFTER = re.compile(rf"(?:共计|合计|共|总数|数量)?(?:为|有)?\d+(?:{'|'.join(_COUNTED_AS['辆'])})")  # 公务用车1台(轿车)
_NO_FLEET_BEFORE = re.compile(r"(?:购置|购买|新购|新增|更新|报废|处置|拍卖|租用|租赁|调入|调出|划转|移交|减少|增加|配备|一般)$")
_COUNT_AFTER = re.compile(r"(?:总数|人数|数)?(?:为|是|共|有)?\s*\d+\s*(?:人|名|个)?(?![\d.万元辆%])")
# 2022年经费预算, 本部门经费预算: the department's; 机关运行经费预算, 人员经费预算: a word before names one kind of funds
_FUNDS_BUDGET = "经费预算"
_KIND_OF_FUNDS = re.compile(r"[^\W\d_年度门位局院馆会委办所站心校园社处厅队]")
_OTHER_HALF = re.compile(r"费?(?:及|和|与|以及)(?:其)?(?:运行|运维|运作|运转|维护|维修)")


def cue_spans(lexicon: Lexicon, text: str) -> list[tuple[int, int, Cue]]:
    """The cues of ``text`` (start, end, cue); a cue whose end is the start of a compound that is
    no stage (公务接待费预算|执行数: 预算执行) is cut before that compound (公务接待费), or dropped
    when what is left names nothing; a purchase cue followed by the running costs (公务用车购置|及运行…)
    is dropped: it is half of the whole item's name, which no cue spelled."""
    masked = mask_not_stages(lexicon, text)
    found = []
    for m in lexicon.cue_re.finditer(text):
        if _HALF_OF_PAIR.search(m.group()) and _OTHER_HALF.match(text, m.end()):
            continue  # 公务用车购置|及运行经费: both halves, a pair the vocabulary does not spell, is no part
        opens_clause = m.start() == 0 or _CLAUSE_MARK.match(text, m.start() - 1) is not None
        if m.group() == "支出预算" and (not opens_clause or text.startswith(("表", "总表"), m.end())):
            continue  # “三公”经费支出预算, 工资性支出预算数, 支出预算总表: a part's, an item's, a table; ②支出预算, names the whole
        if m.group() == "编制" and (_KIND_OF_POST.search(text, max(0, m.start() - 2), m.start())
                                    or not _COUNT_AFTER.match(text, m.end())):
            continue  # 参公编制20人, 车辆编制9辆, 预算编制说明: one kind's posts, a thing's, or no count at all
        if m.group() in ("实有车辆", "现有车辆") and text.startswith("编制", m.end()):
            continue  # 实有车辆编制2辆: the cars the establishment allows, not those held (在编实有车辆1辆)
        if m.group() in _DATED_FINAL_TOTALS and not text[m.start() - 1:m.start()].isdigit():
            continue  # 全年支出决算203,842.15万元 after a 三公 budget: the year's 三公 spending, not 2014年支出决算
        if m.group() == "公务用车" and (not _FLEET_AFTER.match(text, m.end())
                                      or _NO_FLEET_BEFORE.search(text, max(0, m.start() - 4), m.start())):
            continue  # 购置公务用车2辆, 一般公务用车0辆: what was bought, one kind; 公务用车运行…: no count
        if m.group() == _FUNDS_BUDGET and _KIND_OF_FUNDS.search(text, max(0, m.start() - 1), m.start()):
            continue  # 机关运行经费预算, 人员经费预算, 该项经费预算: one kind of funds, not the department's budget
        if m.group().endswith("结余") and text.startswith("分配", m.end()):
            continue  # 结余分配40.35万元: what the balance was given to, a row of its own, no balance
        cut = masked.find("\x00", m.start(), m.end())
        if cut < 0 or masked[m.end() - 1:m.end() + 1] != "\x00\x00":
            found.append((m.start(), m.end(), lexicon.cues[m.group()]))
        elif text[m.start():cut] in lexicon.cues:
            found.append((m.start(), cut, lexicon.cues[text[m.start():cut]]))
    return found


_BUDGET_EXECUTION = "预算执行"
_EXECUTED_AMOUNT = re.compile(r"数(?:为|是)?\d")  # 预算执行数为80.95亿元, not 预算数和预算执行数一致


def mask_not_stages(lexicon: Lexicon, text: str, spare: frozenset[str] = frozenset(), executed: bool = False) -> str:
    """``text`` with compounds that contain a stage word (一般公共预算, 预算执行) blanked out, but for those in ``spare``;
    with ``executed``, the 执行 of an amount executed (预算执行数为80.95亿元) is left, a 决算's stage word."""
    if lexicon.not_stage_re is None:
        return text

    def blank(match: re.Match[str]) -> str:
        word = match.group()
        if word in spare:
            return word
        if executed and word == _BUDGET_EXECUTION and _EXECUTED_AMOUNT.match(text, match.end()):
            return "\x00\x00" + word[2:]  # 预算执行数为80.95亿元: the amount executed, a 决算's figure (执行数)
        return "\x00" * len(word)

    return lexicon.not_stage_re.sub(blank, text)


@dataclass
class ScanResult:
    candidates: list[Candidate] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    groups: list[PartsGroup] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # figures seen and deliberately not read, and why
    twins: list[Candidate] = field(default_factory=list)  # one serving head count as the other staff metric


@dataclass
class _Span:
    start: int
    end: int
    value: object


def _rate_fits(level: Figure, amount: Quantity, rate: Figure, direction: int) -> bool:
    """Whether ``amount`` is ``rate`` percent of the level before it changed, to the rate's printed precision."""
    before = level.value - direction * amount.value
    printed = re.search(r"\d+(?:\.(\d+))?%", normalise(rate.provenance.text)[0])  # as printed, full-width or not
    if before <= 0 or printed is None:
        return False
    decimals = len(printed[1] or "")
    return abs(amount.value / before * 100 - rate.printed) <= 0.5 * 10 ** -decimals + 0.01


class TextScanner:
    """Scans paragraphs of one report; ``year`` makes ``2023年决算`` a prior-year stage in 2024."""

    def __init__(self, lexicon: Lexicon, year: int | None):
        self.lexicon = lexicon
        self.year = year
        self.result = ScanResult()
        self.heading_stage: str | None = None
        self.region_heading = False  # the section's heading names a whole region's money (一、2020年全区收支决算)
        self.region_ends: list[int] = []  # where this paragraph names a whole region as a subject (全县), not a duty's scope
        self.own_subject_ends: list[int] = []  # where it names the department itself (本部门, 我局)
        self.heading_budget = False  # the heading names the budget and nothing of its spending
        self.running: str | None = None
        self.carried: str | None = None  # the stage of the last staged figure of this paragraph
        self.compared: tuple[str, ...] = ()  # the bases of the last comparison read
        self.deadline = float("inf")  # time.monotonic() past which a long paragraph is left unread
        self.stopped = False
        self.titled: Cue | None = None  # the item a title paragraph named: (二)公务接待费
        self.previous: Figure | None = None  # what the last sentence of this paragraph was about
        self.unstaged: list[tuple[int, Candidate]] = []  # concept figures read under no stage, metric to come
        self.parts: dict[str, list[Figure]] = {}  # parts of a total (行政编制, 事业编制) this paragraph names
        self.part_end: int | None = None  # where the last part figure of this paragraph ends (行政编制0人|)
        self.whole_end: int | None = None  # where the department's own 编制 figure ends (编制7人|,实有5人)
        self.part_actuals: list[Candidate] = []  # actual staff counts of one category each (…,实有人数0人)
        self.funded: dict[str, list[tuple[str, Candidate]]] = {}  # a category by its funding: 参公/全额事业编制
        self.unfunded: dict[str, list[Candidate]] = {}  # a category named with no funding beside those (事业编制8人)
        self.defaulted: list[Candidate] = []  # figures given their concept's stage for none stated (政府采购规模)
        self.budget_named = False  # whether any paragraph names a budget: then no stage is assumed
        self.final_named = False  # whether a paragraph so far names the 决算
        self.written: int | None = None  # the year the page is dated (its stamp or 落款), when it states one
        self.dated_year: str | None = None  # the year the last sentence's last stage word was dated with
        self.leads_last_year = False  # whether the text names 去年 before any other year (news_year.py)
        self.last_year_before = False  # whether the text says 今年 or 本年: its 去年 is the year before (news_year.py)
        self.spent_is_final = False  # whether 支出 under no stage is the 决算 (spent_text.reads_as_spent)
        self.year_assumed = False  # whether ``year`` is no year the text states, only the one after what it compares with
        self.budget_only_text = False  # whether a figure under no stage is the budget (spent_text.reads_as_budget)
        self.budget_year = False  # whether the text is its year's budget beside last year's 决算 (two_years.is_budget_text)
        self.parts_of_year = PartsOfYear()  # 1至10月, 一季度: figures of part of the year, left unread
        self.appropriated_parts = False  # whether the paragraph's basic and project parts are the appropriations' only
        self.funded_spending: str | None = None  # the appropriations' spending an earlier sentence states (318.61万元)
        self.coded_rows = False  # whether a statistical return's header (项目代码单位指标) came before

    def last_year_is_own(self) -> bool:
        """Whether 去年, counted from when the page was written, is the text's own year: on a page
        dated the year after the text's, or on an undated page that names 去年 before any other
        year (news of a year's accounts, printed the year after: 去年…“三公”经费支出572.23万元)."""
        if self.written is not None:
            return self.year is not None and self.written == self.year + 1
        return self.leads_last_year

    def finish(self) -> ScanResult:
        """The result, with the figures read under their concept's assumed stage only when no
        paragraph names a budget (货物类采购10000元,占政府 | 采购预算58.8%: a budget after all)."""
        if not self.budget_named:
            self.result.candidates.extend(self.defaulted)
        self.defaulted = []
        note = self.parts_of_year.note()
        if note is not None:
            self.result.notes.append(note)
        return self.result

    def scan(self, paragraph: Paragraph) -> None:
        text, offsets = normalise(paragraph.text)
        self.coded_rows = self.coded_rows or CODED_HEADER.search(text) is not None
        if self.coded_rows:
            text, offsets = read_coded_rows(text, offsets)
        text, offsets = read_self_named(*read_fleet_used(*read_zero_budget(*read_zero_cost(*read_dropped_words(*read_level(*name_each(*name_subject(
            *spell_out(*read_run_in_heading(text, offsets))))))))))
        offsets = [*offsets, len(paragraph.text)]
        heading = self.is_heading(text)
        self.region_ends = [m.end() for m in _REGION_SUBJECT.finditer(text)
                            if not _DUTY_BEFORE.search(text, max(0, m.start() - 4), m.start())]
        self.own_subject_ends = [m.end() for m in _OWN_SUBJECT.finditer(text)]
        if not (self.budget_named and self.final_named):
            named = {self.lexicon.stage_words[m["word"]] for m in self.lexicon.stage_re.finditer(mask_not_stages(self.lexicon, text))
                     if m["word"] not in self.lexicon.weak_stages}  # 经费安排, 根据…批复: no budget named
            self.budget_named = self.budget_named or bool(named & {"budget", "prev_budget"})
            self.final_named = self.final_named or "final" in named
        if heading:
            self.heading_stage = None if _BUDGET_AND_USE.search(text) else self.last_stage(text, headline=True)
            self.heading_budget = budget_only(text, self.heading_stage)
            self.titled = None
            regional = bool(_REGION_SUBJECT.search(text)) and _REGION_MONEY.search(text) is not None \
                or _GOVERNMENT_FISCAL.search(text) is not None
            if regional or _TOP_HEADING.match(text):  # 一、2020年全区收支决算 | 1.一般公共预算收支…: the region's
                self.region_heading = regional
        title = _NUMBERING.sub("", text)
        if len(title) <= 30 and not any(True for _ in iter_quantities(title)):
            cue = self.lexicon.cues.get(title) or self.lexicon.cues.get(title + ":") \
                or self.lexicon.cues.get(title.rstrip(":"))  # a heading is a label: (一)基本支出:
            if cue is not None and (cue.concept is not None or cue.metric in self.lexicon.metric_concept):
                self.titled = cue  # (一)因公出国(境)经费 | 2022年预算安排0万元; (一)收入预算 | 2025年年初预算数…
        # a paragraph under no staged heading keeps the stage of the last figure its
        # predecessor staged (支出预算为3.1万元。| (一)公务接待费支出3.1万元: still the budget)
        self.running = self.heading_stage or self.carried
        carried, self.carried = self.carried, None
        para_figures: list[Figure] = []
        self.dated_year = None
        self.appropriated_parts = False
        self.parts_of_year.new_paragraph()
        if heading:
            self.previous = None
        for sentence in _SENTENCE.finditer(text):
            if time.monotonic() >= self.deadline:
                self.stopped = True
                return
            if _NUMBERING.match(sentence.group()):  # 2、公务接待费。2012年预算数99.23万元: a title within the paragraph
                cue = self.lexicon.cues.get(_NUMBERING.sub("", sentence.group()).rstrip("。"))
                self.titled = cue if cue is not None and cue.concept is not None else self.titled
            scan = _SentenceScan(self, paragraph, text, offsets, sentence.start(), sentence.end(), para_figures)
            scan.run()
            funded = _FUNDED_AMOUNT.findall(sentence.group())
            self.funded_spending = funded[-1] if funded else self.funded_spending
            self.previous = scan.leading()
            self.running = scan.context or self.running
        self.add_part_sums(cut_off=_KINDS_CUT_OFF.search(text) is not None)
        if not para_figures and not heading:  # a title line ((二)公务接待费) between staged paragraphs keeps their stage
            self.carried = self.carried or carried

    def add_part_sums(self, cut_off: bool = False) -> None:
        """A total from the parts one paragraph names (行政编制12名,事业编制7名 → 19); a part
        named alone is the whole (事业编制25名: the 编制 is 25). A part named twice is counted once
        (事业编制4名。…年末实有事业编制4名: one category, 4), and twice with two values gives no total;
        a category's kinds by funding add up to it (参公事业编制0名,全额事业编制95名: 事业编制 95).
        The actual counts of the categories (行政编制0人,实有人数0人;事业编制82人,实有人数61人) state the
        staff actually there only when every category states its own and all but one of them are
        none (61); two categories staffed state no total (实有6人,…实有8人), and a category whose
        actual count is not given leaves it unknown. A paragraph cut off inside its list of kinds
        (``全额事业编45个、差额``: the copy ends there, ``cut_off``) states no category's sum of kinds."""
        categories = 0
        for metric, named in self.parts.items():
            parts = _once_each(named)
            if metric == _PER_PART[1]:
                categories = len(named) if parts is None else len(parts)
            if parts is None:
                continue
            total = sum(p.value for p in parts)
            value = int(total) if float(total).is_integer() else round(total, 6)
            text = " + ".join(p.provenance.text for p in parts)
            prov = Provenance(parts[0].provenance.where, parts[0].provenance.line, text, parts[0].provenance.context)
            note = "分项之和" if len(parts) > 1 else ""
            self.result.candidates.append(Candidate(metric, value, prov, 2 if len(parts) > 1 else 1,
                                                    any(p.unit == "" for p in parts), note))
        for metric, kinds in self.funded.items():
            if cut_off:
                break
            plain = self.unfunded.get(metric, [])
            if plain and all(_SERVANT_LIKE.match(kind) for kind, _ in kinds):  # 参公事业编制1人,事业编制8人
                if any(c.value for _, c in kinds):  # two kinds of 事业 posts: no one figure is the category's
                    self.result.candidates = [c for c in self.result.candidates if all(c is not p for p in plain)]
                continue  # none of them 参公: the plain figure is the category's
            if len({kind for kind, _ in kinds}) < len(kinds):  # one kind named twice: which figure is unknown
                self.result.candidates.extend(c for _, c in kinds)
                continue
            first = kinds[0][1]
            total = sum(c.value for _, c in kinds)  # type: ignore[misc]
            text = " + ".join(c.provenance.text for _, c in kinds)
            prov = Provenance(first.provenance.where, first.provenance.line, text, first.provenance.context)
            self.result.candidates.append(Candidate(metric, total, prov, first.rank, any(c.approx for _, c in kinds),
                                                    "分项之和" if len(kinds) > 1 else first.note))
        staffed = [c for c in self.part_actuals if c.value]
        if self.part_actuals and len(self.part_actuals) == categories and len(staffed) <= 1:
            actual = staffed[0] if staffed else self.part_actuals[0]
            self.result.candidates.append(actual)
            self.result.twins += [copied for copied in [twin(actual)] if copied is not None]
        self.parts, self.part_end, self.part_actuals, self.funded, self.unfunded = {}, None, [], {}, {}
        self.whole_end = None

    def spent(self, only: Provenance | None = None, unless_budgeted: bool = False) -> None:
        """A comparison with the year-start budget (较年初预算数减少4万元) shows the text states
        决算 figures: the concept figures it gave under no stage are the 决算. A comparison with
        the same period last year (与去年同期相比) shows it of the one figure compared (``only``);
        one with last year (较上年减少330万元) in a text that names the 决算, whose change is read as the
        决算's, shows it only ``unless_budgeted``: when no paragraph of the text names a budget."""
        kept = []
        for concept, found in self.unstaged:
            metric = self.lexicon.concept_metric(concept, "final")
            if only is not None and found.provenance != only:
                kept.append((concept, found))
            elif metric is not None:
                into = self.defaulted if unless_budgeted else self.result.candidates
                into.append(Candidate(metric, found.value, found.provenance, found.rank, found.approx, found.note))
        self.unstaged = kept

    def is_heading(self, text: str) -> bool:
        """A short line without a money figure that names its subject (…情况, …说明, …表) or
        its stage (二、2023年度“三公”经费决算; (二)“三公”经费决算支出:)."""
        if not ((len(text) <= 40 and not text.endswith(("。", ";")) or len(text) <= 25) and not _MONEY.search(text)):
            return False
        if text.endswith("。") and _COMPARE.search(text) and any(w in text for w in (*_NO_CHANGE, *_UP[:4], *_DOWN[:3])):
            return False  # 公务接待费与去年预算持平。: a sentence stating a change, not a title
        if any(m in text for m in self.lexicon.heading_markers):
            return True
        return len(text) <= 30 and not _RATE.search(text) and self.last_stage(text) is not None

    def last_stage(self, text: str, headline: bool = False) -> str | None:
        """The stage the last stage word of ``text`` names; in a ``headline`` a bare 去年 (去年全国
        政府采购…) is the news's way of dating, counted from the day it was printed, and names none
        (unless compared with: 较去年约减60万)."""
        found = None
        for match in self.lexicon.stage_re.finditer(mask_not_stages(self.lexicon, text)):
            if headline and match["word"] in self.lexicon.weak_stages and self.lexicon.cue_re.search(text) is None:
                continue  # 三、下一步工作安排: a plan of work, no money's stage
            if headline and match["word"] == _NEWS_LAST_YEAR and not match["year"] \
                    and not _COMPARED_YEAR.search(text, 0, match.start()):  # 较去年约减60万 still compares
                continue
            year = match["year"] or next((m[1] for m in reversed(list(_YEAR.finditer(text, 0, match.start())))
                                          if not _COMPARED_YEAR.search(text, 0, m.start())), None)
            found = self.stage_of(year, match["word"]) or found  # 一、2010年“三公经费”财政拨款决算: 2010's
        return found

    def stage_of(self, year: str | None, word: str) -> str | None:
        stage = self.lexicon.stage_words[word]
        if year and self.year:
            if int(year) == self.year - 1 and stage in ("final", "budget"):
                return "prev_" + stage  # 2023年决算 / 2023年预算 in a 2024 text: last year's
            if int(year) not in (self.year, self.year - 1):
                return None
        if not year and self.budget_year and stage == "final":
            return "prev_final"  # 其中,因公出国(境)费决算数为… in a text dated by its budget: the year before's
        return stage


class _SentenceScan:
    def __init__(self, owner: TextScanner, paragraph: Paragraph, text: str, offsets: list[int],
                 start: int, end: int, para_figures: list[Figure]):
        self.o, self.lex, self.p = owner, owner.lexicon, paragraph
        self.text, self.offsets, self.start, self.end = text, offsets, start, end
        self.s = text[start:end]
        self.para_figures = para_figures
        period = owner.parts_of_year.in_sentence(self.s)  # (where, which) part of the year the sentence is about
        self.part_of_year = (period[0] + start, period[1]) if period is not None else None
        unmarked = self.s
        for word in self.lex.not_targets:  # 采购计划金额: the budgeted amount, no target
            unmarked = unmarked.replace(word, "\0" * len(word))
        self.targets = sorted(found.start() + start for marker in self.lex.target_markers
                              for found in re.finditer(re.escape(marker), unmarked)
                              if not _NEGATED.search(self.s[:found.start()]))
        self.cues = _specific(self.lex, [_Span(a + start, b + start, cue) for a, b, cue in cue_spans(self.lex, self.s)], text)
        self.stages = [s for s in self._stages() if not any(c.start <= s.start < c.end for c in self.cues)]
        self.quantities = [q for q in iter_quantities(self.s)]
        self.context: str | None = owner.running
        if self.context in _PRIOR and _OWN_YEAR_OPENS.match(self.s):  # 上年度…24.67万元。本年度“三公”经费支出比上年度减少…
            heading = owner.heading_stage  # the text's own year: its stage is the heading's (as in dated())
            self.context = heading if heading in ("budget", "final") else None
        self.subject: Cue | None = next((c.value for c in self.cues if c.value.concept is not None), None)
        self.figures: list[Figure] = []
        self.figure_ends: list[int] = []  # where each figure ends in the text
        self.level: tuple[Figure, int] | None = None  # the last figure compared, and len(figures) then
        self.group: tuple[Figure, list[Figure]] | None = None
        self.group_depth = 0  # parentheses open at the group's total
        self.group_stage: str | None = None  # the stage in force where the group's total was read
        self.first_total: Figure | None = None  # the total of this sentence's first 其中 list
        self.pending: tuple[int, int] | None = None
        self.compared_each: tuple[int, int] | None = None  # a comparison opening the sentence, said for each subject
        self.pending_base: Quantity | None = None  # 与上年的2513.6万元相比, | …减少了4万元: the base
        self.pending_own_budget: Quantity | None = None  # 比预算安排的7.2万元, | 减少0.16万元: the year's own budget
        self.consumed: set[int] = set()  # figures a 分别为 list has read
        self.people_by_category = False  # whether this sentence breaks a head count down by category of post
        self.listed: list[str] = []  # the metrics it named: 均与去年持平 speaks of each
        self.cut_end: int | None = None  # where the last amount cut (压缩…3万元) ends: a list may go on
        self.rough: tuple[Candidate, int, int, list[Candidate]] | None = None  # a level said roughly, where it is read

    def in_part_of_year(self, at: int) -> bool:
        """Whether the sentence is about a part of the year before ``at``; the place is kept for
        the note that says figures were left unread (:meth:`TextScanner.finish`)."""
        if self.part_of_year is None or self.part_of_year[0] >= at:
            return False
        start, period = self.part_of_year
        self.o.parts_of_year.left_unread(self.p.index, self.p.line_at(self.offsets[start]), period)
        return True

    def targeted(self, at: int) -> bool:
        """Whether a target marker (目标, 计划) comes before the end of the clause holding ``at``, within
        the part of the sentence a semicolon closes: a reason given after the figure (…万元,主要原因是
        预发目标考核奖) makes it no target, and neither does one in an earlier part (…根据出国计划
        调整预算安排;公务接待费同比减少897万元), nor a budget's 预计."""
        if not self.targets:
            return False
        end = _CLAUSE_END.search(self.text, at, self.end)
        part = self.text.rfind(";", self.start, at) + 1 or self.start
        return any(part <= found < (end.start() if end else self.end) and not self.budget_expected(found, part)
                   for found in self.targets)

    def budget_expected(self, marker: int, part: int) -> bool:
        """Whether the target marker at ``marker`` is a budget's 预计 (``2025年预算总收入预计3486.95万元``):
        what a budget expects is the budget, not a target beside it (一般公共预算收入预计完成… names no budget)."""
        return self.text.startswith("预计", marker) and any(
            s.value == "budget" and max(part, marker - 8) <= s.end <= marker for s in self.stages)

    def _stages(self) -> list[_Span]:
        spans = []
        # 决算数比2016年度减少…,其中:因公出国(境)费支出决算减少: a compared year dates nothing after it
        years = [(m.start(), m[1]) for m in _YEAR.finditer(self.s) if not _COMPARED_YEAR.search(self.s, 0, m.start())]
        years = sorted(years + [(m.start(), _NEXT if m[1] else _THIS)  # 下一年度预算: another year's; 今年决算: the text's
                                for m in _NEXT_YEAR.finditer(self.s)]
                       + [(m.start(), _LAST) for m in _LAST_YEAR.finditer(self.s)])  # 去年…预算总额: last year's
        # …2013年“三公”经费的预算数和预算执行数一致。具体来看,预算总数为…: the detail of that year's
        inherited = self.o.dated_year if _GOES_ON.match(self.s) else None
        self.o.dated_year = None
        found = list(self.lex.stage_re.finditer(mask_not_stages(self.lex, self.s, executed=True)))
        budgets = [m.start() for m in found if self.lex.stage_words[m["word"]] == "budget"]
        for m in found:
            year = m["year"] or next((y for at, y in reversed(years) if at < m.start()), inherited)
            year = None if year == _THIS else year
            if year == _LAST:
                if self.o.last_year_before and self.lex.stage_words[m["word"]] in ("budget", "final"):
                    spans.append(_Span(m.start() + self.start, m.end() + self.start,
                                       "prev_" + self.lex.stage_words[m["word"]]))
                    self.o.dated_year = None
                    continue
                year = None
            if year == _NEXT:
                self.o.dated_year = None
                spans.append(_Span(m.start() + self.start, m.end() + self.start, OTHER_YEAR))
                continue
            self.o.dated_year = year
            stage = self.o.stage_of(year, m["word"]) or (OTHER_YEAR if year and self.o.year else None)
            if stage in _PRIOR and m["word"].startswith("去年") and self.o.last_year_is_own() \
                    and not _COMPARED_YEAR.search(self.s, 0, m.start()):
                stage = stage.removeprefix("prev_")  # 去年 written the year after the text's: the text's year
            if m["word"] in self.lex.weak_stages and counts_only(self.s, m.start(), m.end()):
                continue  # 共计安排因公出国(境)团组0个: trips arranged, no stage of money
            if m["word"] in self.lex.weak_stages and _NONE_ARRANGED.search(self.s, max(0, m.start() - 12), m.start()):
                continue  # 主要原因是本年无因公出国(境)相关安排: nothing was arranged, no budget named
            if stage == "final" and spans and spans[-1].value == "prev_final" and spans[-1].end == m.start() + self.start:
                continue  # 较上年支出数: last year's spending, named in two words, one stage
            if stage and spans and spans[-1].end == m.start() + self.start and m["word"] not in self.lex.weak_stages \
                    and self.s[spans[-1].start - self.start:spans[-1].end - self.start] in self.lex.weak_stages:
                spans.pop()  # 支出合计预算数1691.24万元: the total's budget; the weak word only says money is spent
            if stage == "final" and m["word"] in self.lex.weak_stages \
                    and not any(at > m.start() for at in budgets):  # 部门预算…情况说明 | “三公”经费支出合计5.6万元
                stage = yielded([(s.start, s.end, str(s.value)) for s in spans], self.text, m.start() + self.start,
                                self.o.heading_budget) or stage
            if stage == "final" and year is None and m["word"] in self.lex.weak_stages and self.o.running == "prev_final":
                stage = "prev_final"  # 一、2010年“三公经费”决算 | 1、因公出国(境)费支出数为374.93万元 (a 2011 text): that year's
            if stage:  # 2024年预算 in a 2023 text: another year's stage, read as no stage of this text's
                spans.append(_Span(m.start() + self.start, m.end() + self.start, stage))
        return spans

    def other_year(self, at: int) -> bool:
        """Whether the last year this sentence names before offset ``at`` (a year compared with
        excepted) is neither the text's nor the one before."""
        years = [int(m[1]) for m in _YEAR.finditer(self.text, self.start, at)
                 if not _COMPARED_YEAR.search(self.text, self.start, m.start())]
        return bool(years) and self.o.year is not None and years[-1] not in (self.o.year, self.o.year - 1)

    def dated(self, cs: int, qs: int, running: str | None) -> str | None:
        """The stage of a figure whose clause dates it where no stage word names one, given the
        ``running`` one: a year other than the text's makes it last year's spending when the words
        after the year say it was spent (``公务接待费2015年年末支出1.36万元`` in a 2016 text), else
        another year's (no metric); the text's own year (2023年, 本年, 今年) ends a running
        last-year stage (上年…支出20万元。本年公务接待费5万元: this year's, under the heading's stage)."""
        years = [m for m in _YEAR.finditer(self.text, cs, qs) if not _COMPARED_YEAR.search(self.text, cs, m.start())]
        if not years and self.opened_by_last_year(cs, qs):
            return "prev_final"
        own = int(years[-1][1]) == self.o.year if years else _OWN_YEAR.search(self.text, cs, qs) is not None
        if own and running in _PRIOR:
            heading = self.o.heading_stage
            return heading if heading in ("budget", "final") else None
        if not years or self.o.year is None or int(years[-1][1]) == self.o.year:
            return running
        spent = _YEAR_SPENT.search(self.text, years[-1].end(), qs)
        return "prev_final" if int(years[-1][1]) == self.o.year - 1 and spent else OTHER_YEAR

    def opened_by_last_year(self, cs: int, qs: int) -> bool:
        """Whether the part of the sentence holding the clause at ``cs`` opens with last year and
        names no other before ``qs``, and the words after it say it was spent (``2011年某局因公出国(境)
        团组8次,…经费支出36万元`` in a 2012 text), after whoever reports it (``…18日公布的数据显示,2010年,…``):
        a count in between does not end the year's reach."""
        part = max(self.start, self.text.rfind(";", self.start, cs) + 1)
        lead = _REPORTED_LEAD.match(self.text, part)
        opening = _YEAR.match(self.text, lead.end() if lead is not None else part)
        return opening is not None and self.o.year is not None and int(opening[1]) == self.o.year - 1 \
            and not any(_YEAR.finditer(self.text, opening.end(), qs)) \
            and _YEAR_SPENT.search(self.text, opening.end(), qs) is not None

    def of_kind_named_before(self, metric: str, at: int) -> str:
        """A procurement total's metric, or the kind's when the text named one kind, and only one, before it in
        this part of the sentence (``其中货物类采购项目231个,采购计划金额共计48962.44万元``: the goods' planned amount)."""
        part = max(self.start, self.text.rfind(";", self.start, at) + 1)
        kinds = set()
        for cue in reversed(self.cues):  # in text order: only this part's, read back from the figure
            if cue.start < part:
                break
            if cue.end <= at and cue.value.concept in self.lex.kinds.get(metric, ()):  # type: ignore[union-attr]
                kinds.add(cue.value.concept)  # type: ignore[union-attr]
        if len(kinds) != 1:
            return metric  # 政府采购货物、服务、零星工程类预算金额60355万元: the kinds together, the total
        return self.lex.concept_metric(kinds.pop(), self.lex.metric_concept[metric][1]) or metric  # type: ignore[arg-type]

    def another_years(self, start: int, end: int) -> bool:
        """Whether the text between ``start`` and ``end`` dates what follows by a year other than the text's
        (``2017年末在编在岗人数13名`` in a 2018 budget: last year's count, which a count of now outranks)."""
        return self.o.year is not None and any(int(m[1]) != self.o.year for m in _YEAR.finditer(self.text, start, end))

    def year_before(self, at: int) -> int | None:
        """The last fiscal year named in this sentence before offset ``at``."""
        found = [int(m[1]) for m in _YEAR.finditer(self.text, self.start, at)]
        return found[-1] if found else None

    def prov(self, start: int, end: int, context: tuple[int, int] | None = None) -> Provenance:
        a, b = self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]
        if a > 0 and self.p.text[a - 1] in "“\"‘「":
            a -= 1  # quote the opening mark of “三公”
        cs, ce = context or (self.start, self.end)
        ctx = self.p.text[self.offsets[cs]:self.offsets[ce - 1] + 1] if ce > cs else ""
        return Provenance(self.p.where(), self.p.line_at(a), self.p.text[a:b], ctx.strip())

    def respectively(self) -> None:
        """Pair ``A、B分别为X、Y`` label by label; a list whose lengths differ pairs nothing,
        and its figures are not attached to the label next to them either."""
        for match in _RESPECTIVELY.finditer(self.text, self.start, self.end):
            at, end = match.start(), match.end()
            labels: list[_Span] = []
            for cue in reversed([c for c in self.cues if c.end <= at]):
                joint = self.text[cue.end:labels[0].start if labels else at]
                if (labels and not _LIST_JOIN.match(joint)) or (not labels and not _LABELS_TAIL.fullmatch(joint)):
                    break
                labels.insert(0, cue)
            values: list[Quantity] = []
            for q in self.quantities:
                qs = q.start + self.start
                if qs < end:
                    continue
                joint = self.text[end if not values else values[-1].end + self.start:qs]
                if (values and not _LIST_JOIN.match(joint)) or (not values and joint):
                    break
                values.append(q)
            self.consumed.update(q.start for q in values)
            values = _unit_of_last(values)
            if len(labels) >= 2 and len(labels) == len(values):
                last: Cue = labels[-1].value  # type: ignore[assignment]
                implied = self.lex.metric_concept.get(last.metric or "", (None, None))[1]
                if implied in ("budget", "final") and last.stage is None:
                    self.context = implied  # A、B、公务接待费预算分别为…: the stage the last label carries is the list's
                for cue, q in zip(labels, values):
                    self.figure(q, self.start, cue)
                self.listed = [f.metric for f in self.figures[-len(values):] if f.metric]

    def run(self) -> None:
        self.respectively()
        for clause in _CLAUSE.finditer(self.s):
            self.clause(clause.start() + self.start, clause.end() + self.start)
        self.close_group()
        self.para_figures.extend(self.figures)

    def notes_figure_before(self, at: int, cs: int, ce: int, quantities: list[Quantity]) -> bool:
        """Whether ``at`` lies in brackets opened after a figure of the clause and holding none after it
        (``713.22万元(包括使用当年财政拨款和上年财政拨款结转资金发生的支出)``): a note on what the figure
        takes in, whose stage word is no stage of the figure."""
        opened = self.text.rfind("(", cs, at)
        if opened < 0 or self.text.find(")", opened, at) >= 0:
            return False
        closed = self.text.find(")", at, ce)
        inside = range(at, closed if closed >= 0 else ce)
        return any(q.start + self.start < opened for q in quantities) \
            and not any(q.start + self.start in inside for q in quantities)

    def leading(self) -> Figure | None:
        """What this sentence is about, for a next one that opens with a comparison: the
        total of its first 其中 list (also a list that opens the sentence: …3328万元。其中,…),
        else its only figure (收入:792.22万元。同比上年度增加189.25万元)."""
        if self.first_total is not None and self.first_total.metric:
            return self.first_total
        figures = [f for f in self.figures if f.kind != "number"]  # 1、收入总计…: a list numeral is no figure
        return figures[0] if len(figures) == 1 and figures[0].metric else None

    def clause(self, cs: int, ce: int) -> None:
        ctext = self.text[cs:ce]
        compare = _COMPARE.search(ctext)
        cmp_at = cs + compare.start() if compare else ce
        of_which = cs + ctext.find("其中") if "其中" in ctext else None
        quantities = [q for q in self.quantities if cs <= q.start + self.start < ce]
        named = False
        for stage in self.stages:
            if cs <= stage.start < cmp_at and stage.value != OTHER_YEAR and not self.rate_of_completion(stage) \
                    and (quantities or self.text[stage.start:stage.end] not in self.lex.weak_stages
                         or any(cs <= c.start < ce for c in self.cues)) \
                    and not self.notes_figure_before(stage.start, cs, ce, quantities):
                self.context = str(stage.value)  # another year's sets none; 统筹安排各项工作, (no figure, no item) sets none
                named = True
        if not named and self.group is not None and self.group_stage and self.depth(cs) > self.group_depth:
            # 支出决算为769.70万元(其中:购置费0万元,本年无预算;运行维护费769.70万元): a part in the brackets is
            # the bracketed total's, whatever stage a sibling clause named
            self.context = self.group_stage
        before = [q for q in quantities if q.start + self.start < cmp_at]
        percent = next((q for q in before if q.kind == "percent"), None)
        for q in before:
            if q.start in self.consumed:
                continue
            if of_which is not None and q.start + self.start > of_which:
                self.open_group()
                of_which = None
            if q is percent and self.share(q, cs, ce, before):
                continue
            if _CHANGE_VERB.search(self.text[max(cs, q.start + self.start - 4):q.start + self.start]):
                continue  # 减少了1,276.52万元 is a change, not a level
            if _UNSPENT.search(self.text, max(cs, q.start + self.start - 6), q.start + self.start):
                continue  # 接待费、公车运行维护费未使用完1.88万元: what was left unspent, no level
            earlier = self.moved_from(q)
            if earlier is q:
                continue  # 由263.48万元减至…: the earlier level, not this year's
            self.figure(q, cs, self.cue_before(earlier.start + self.start, cs) if earlier is not None else None)
            if earlier is not None:
                self.moved_on_last_year(earlier, q)
        if of_which is not None:
            self.open_group()
        if compare:
            after = [q for q in quantities if q.start + self.start >= cmp_at]
            verb = any(w in self.text[cmp_at:ce] for w in (*_UP, *_DOWN, *_NO_CHANGE))
            self.pending = (cs, cmp_at) if not verb else None  # 与2022年的60万元相比, | 减少10万元
            first = after[0] if not verb and after and after[0].kind in ("money", "number") else None
            before_first = self.text[cmp_at:first.start + self.start] if first is not None else ""
            self.pending_base = first if _BASE_BEFORE.match(before_first) else None
            self.pending_own_budget = first if _OWN_BUDGET_BEFORE.match(before_first) else None
            self.change(cs, cmp_at, ce, after, subject=self.named_after_comparison(cs, cmp_at) if verb else None)
        elif self.item_change(cs, ce, quantities) or self.bare_change(cs, ce, quantities) \
                or self.implied_change(cs, ce, quantities):
            pass
        elif self.pending is not None:  # 与上年相比, | 减少了1,276.52万元
            changed = [q for q in quantities
                       if _CHANGE_VERB.search(self.text[max(cs, q.start + self.start - 4):q.start + self.start])]
            if changed and _RESPECTIVE_CHANGE.search(self.text, cs, ce):  # 分别减少0.18亿元和0.56亿元: every amount
                changed = [q for q in quantities if q.start >= changed[0].start]
            if changed:  # 与上年相比, | 2020年度的“三公”经费支出减少了…: the subject comes after
                cue = next((c for c in reversed(self.cues) if cs <= c.start and c.end <= changed[0].start + self.start),
                           None)
                self.change(self.pending[0], self.pending[1], ce, changed, subject=cue, base=self.pending_base,
                            own_budget=self.pending_own_budget)
                # 与2022年度相比,收入总计增加100万元,…;支出总计增加100万元: the comparison opening the
                # sentence goes on for each later subject a semicolon sets apart
                self.compared_each = self.pending if cue is not None and self.pending[0] == self.start else None
            self.pending = None
        elif self.compared_each is not None and self.text[self.start:cs].endswith(";"):
            changed = [q for q in quantities
                       if _CHANGE_VERB.search(self.text[max(cs, q.start + self.start - 4):q.start + self.start])]
            cue = next((c for c in self.cues if cs <= c.start and changed and c.end <= changed[0].start + self.start
                        and c.value.concept is not None), None)  # type: ignore[union-attr]
            if cue is not None:
                self.change(self.compared_each[0], self.compared_each[1], ce, changed, subject=cue)
        claim = _CLAIM.search(ctext)
        if claim and claim[1] != claim[2]:
            self.claim(claim, cs)

    def rate_of_completion(self, stage: _Span) -> bool:
        """Whether ``stage`` names only what a rate is of (``支出决算为769.70万元,完成预算的69.85%``): it
        measures the 决算 before it and is no stage for the clauses after it."""
        return bool(_COMPLETED_BEFORE.search(self.text, max(self.start, stage.start - 4), stage.start)) \
            and self.text.startswith("的", stage.end)

    def item_change(self, cs: int, ce: int, quantities: list[Quantity]) -> bool:
        """``…比上年减少450.00元。其中:公务接待费支出决算减少450.00元``: under 其中 an item's bare
        change is against what its total was compared with in the sentence before."""
        if not self.o.compared or "其中" not in self.text[self.start:ce]:
            return False
        cue = next((c for c in reversed(self.cues) if cs <= c.start < ce), None)
        verb = _ITEM_CHANGE.match(self.text[cue.end:ce]) if cue is not None else None
        if cue is None or verb is None:
            return False
        at = cue.end + verb.end()
        self.change(cs, at, ce, [q for q in quantities if q.start + self.start >= at], self.o.compared)
        return True

    def bare_change(self, cs: int, ce: int, quantities: list[Quantity]) -> bool:
        """``…比2020年预算减少3.3亿元,其中:因公出国(境)费6.74亿元,减少0.04亿元``: a clause that
        is only a change, after an item under 其中, compares that item as its total was."""
        if (not self.o.compared or "其中" not in self.text[self.start:cs] or not quantities
                or quantities[0].kind != "money" or not _BARE_CHANGE.match(self.text[cs:quantities[0].start + self.start])):
            return False
        self.change(cs, cs, ce, quantities, self.o.compared)
        return True

    def implied_change(self, cs: int, ce: int, quantities: list[Quantity]) -> bool:
        """``…“三公”经费财政拨款支出9.5亿元,下降13.4%``: a clause of a rate alone, right after the level
        it follows, is that level's change on last year's of the same stage (a figure compared with
        nothing named is compared with last year, as 同比 says)."""
        if len(quantities) != 1 or quantities[0].kind != "percent" or not self.figures \
                or not _IMPLIED_CHANGE.fullmatch(self.text, cs, quantities[0].start + self.start) \
                or self.figure_ends[-1] + 1 != cs or self.text[self.figure_ends[-1]] != ",":
            return False
        stage = self.lex.metric_concept.get(self.figures[-1].metric or "", (None, ""))[1]
        if stage not in ("budget", "final"):
            return False
        self.change(cs, cs, ce, quantities, (f"prev_{stage}",))
        return True

    def moved_from(self, q: Quantity) -> Quantity | None:
        """For a move ``由X减至Y`` (``从X增加到Y``): ``q`` itself when it is the earlier level X,
        X when ``q`` is the level Y it moved to (Y is named as X was), else None."""
        index = next(k for k, x in enumerate(self.quantities) if x is q)
        following = self.quantities[index + 1] if index + 1 < len(self.quantities) else None
        if following is not None and self.moves(q, following):
            return q
        previous = self.quantities[index - 1] if index else None
        return previous if previous is not None and self.moves(previous, q) else None

    def moved_on_last_year(self, earlier: Quantity, later: Quantity) -> None:
        """``由上年的80.5万元减至62万元``: a move from last year's level gives that level and the
        change (62 − 80.5) of the figure just read; a move from an unnamed level gives neither."""
        fig = self.figures[-1] if self.figures else None
        named = self.from_before(earlier)
        year = re.search(r"\d{4}", named.group()) if named else None
        if fig is None or fig.metric is None or fig.kind != "money" or earlier.kind != "money" or named is None \
                or not re.search(r"上年|去年|上一年|\d{4}年", named.group()) \
                or (year is not None and not self.last_year(year.group())) or self.targeted(later.start + self.start):
            return
        prior = self.lex.prior(fig.metric)
        es, ee = earlier.start + self.start, earlier.end + self.start
        if prior and prior in self.lex.vocabulary.metrics:
            self.o.result.candidates.append(Candidate(prior, earlier.value, self.prov(es, ee), 2))
        if f"{fig.metric}_change" in self.lex.vocabulary.metrics:
            change = round(later.value - earlier.value, 6) + 0.0
            self.o.result.candidates.append(Candidate(f"{fig.metric}_change", change, self.prov(es, later.end + self.start), 2,
                                                      note="由增减前后两数相减"))

    def moves(self, earlier: Quantity, later: Quantity) -> bool:
        """Whether the text reads ``由<earlier>…至<later>``."""
        return earlier.kind == later.kind and bool(
            self.from_before(earlier) and _TO.match(self.text[earlier.end + self.start:later.start + self.start]))

    def from_before(self, q: Quantity) -> re.Match[str] | None:
        """``由上年的`` (``从``, ``由2023年``) right before ``q``."""
        return _FROM.search(self.text, max(self.start, q.start + self.start - 8), q.start + self.start)

    def cue_before(self, qstart: int, cs: int) -> _Span | None:
        best = None
        for cue in self.cues:
            if not ((cs <= cue.start or cue.end == cs or self.totalled(cue.end, cs))
                    and cue.end <= qstart and qstart - cue.end <= 2 * MAX_GAP):
                continue
            raw_gap = _GAP_YEAR.sub("", self.text[cue.end:qstart])  # 公务接待费2016年预算8万元: a year is no figure
            if _PART_IN_GAP.search(raw_gap) or _BRACKETED_PART.search(raw_gap):
                continue  # 公务接待费包括外事接待费80万元, 编制人员(馆长1人: the figure of a part it includes
            if len(raw_gap) <= MAX_GAP:  # nor does it count in the gap's length
                gap = _ROW_NUMBER.sub("", raw_gap)
                if gap != raw_gap and re.match(r"\d{3}(?:\.|$|[^\d,])", self.text[qstart:qstart + 5]):
                    continue  # 1 234.5万元: a row number or a thousands group? neither is safe
                if not re.search(r"\d", gap):
                    best = cue
        return best

    def totalled(self, cue_end: int, cs: int) -> bool:
        """Whether the clause at ``cs`` totals the item named right before it (``公车购置及运行维护费用,
        总计6.06亿元``)."""
        return cue_end < cs and bool(_TOTALLED.fullmatch(self.text, cue_end, cs)) \
            and self.text.startswith(("总计", "合计", "共计"), cs)

    def figure(self, q: Quantity, cs: int, listed: _Span | None = None) -> None:
        qs, qe = q.start + self.start, q.end + self.start
        cue_span = listed or self.cue_before(qs, cs)
        if cue_span is None and self.restates(q, qs):
            return
        metric, stage, rank, label, note = None, None, 0, "", ""
        assumed = False  # the stage is the concept's own for a text that states none
        no_level = False  # an amount per unit, cut, or a sub-unit's: no level of the department at any stage
        if cue_span is not None:
            cue: Cue = cue_span.value  # type: ignore[assignment]
            label = cue.text
            gap_stage = next((str(s.value) for s in self.stages if cue_span.end <= s.start < qs), None)
            clause_stage = next((str(s.value) for s in reversed(self.stages) if cs <= s.start < cue_span.start), None)
            stage = gap_stage or clause_stage or self.context
            rank = 3 if gap_stage else 2 if clause_stage else 1
            if not gap_stage:
                compared = self.stage_by_comparison(qe)
                if compared == "budget" and self.said_final(qs):
                    compared = None  # 决算数35.5万元,…;其中公务接待费15.5万元,比上年预算下降: still the 决算
                if compared:
                    stage, gap_stage, rank = compared, compared, 2
                elif not clause_stage and cue.concept is not None:
                    stage = self.dated(cs, qs, stage)  # 公务接待费2015年年末支出1.36万元 in a 2016 budget text
            if cue.part_of:
                metric = cue.part_of
            elif cue.metric:
                metric = cue.metric
                implied = self.lex.metric_concept.get(metric, (None, None))[1]
                if cue.stage and cue.stage != stage:
                    metric = None
                elif implied and not cue.stage and self.other_year(cue_span.start):
                    metric = None  # 2024年…公务接待费预算10万元 in a 2023 text: another year's budget
                elif implied and not cue.stage and clause_stage in _PRIOR:
                    # 上年度“三公”经费决算数为20万元: last year's 决算; 去年政府采购规模达…: last year's, no metric
                    if implied in ("final", "budget"):
                        stage = gap_stage = f"prev_{implied}"
                    metric = self.lex.counterpart(metric, stage) if stage in _PRIOR else None
                elif implied and not cue.stage:
                    stage, gap_stage = implied, implied  # 基本支出预算数: the label carries the stage
                    named_year = self.year_before(cue_span.start)
                    if implied == "final" and (named_year == (self.o.year or 0) - 1
                                               or (named_year is None and self.o.budget_year)):
                        stage = gap_stage = "prev_final"  # 2021年的三公经费决算数 in a 2022 text; any, in a budget's
                        metric = self.lex.counterpart(metric, "prev_final")
                rank = 3 if not cue.stage else rank
            elif cue.concept is not None:
                only = self.lex.concepts[cue.concept]
                if stage is None and len(only) == 1:  # 收入总计 is always the 决算 figure
                    stage = next(iter(only))
                elif stage is None and cue.concept in self.lex.unstaged:  # 政府采购规模 under no stage: what was bought
                    stage, note, assumed = self.lex.unstaged[cue.concept], "推定为决算：文中未注明预算或决算", True
                elif stage is None and self.spent_under_no_stage(cue_span, qs):
                    stage, note = "final", "推定为决算：文中称支出，未注明预算"
                    self.context = stage  # 其中:因公出国(境)经费0.3亿元: the items of what was spent
                elif stage is None and self.o.budget_only_text:
                    stage, note = "budget", "推定为预算：全文只称预算，未称决算或执行"
                metric = self.lex.concept_metric(cue.concept, stage)
            if not named_before(cue, self.text[:cue_span.start]) \
                    and not (self.o.titled is not None and named_before(cue, self.o.titled.text)):
                metric, no_level = None, True  # 其中:运行维护费 only after 公务用车购置及运行费 (or under a title naming it)
            elif self.listed_kinds(cue, cue_span.start):
                metric = None  # 政府采购货物、服务、工程类预算金额…: the kinds together, not the last one
            if listed is None and self.joint_subject(cue_span):
                metric = self.total_of_every_kind(cue_span, metric)
            elif listed is None and (self.income_of(cue_span, qs) or _PROJECT_IN_GAP.search(self.text, cue_span.end, qs)):
                metric = None
            if self.others_total(metric, cue_span):
                metric, no_level = None, True
            if metric in _STAFF_COUNTS and (_STAFF_KIND_BEFORE.search(self.text, max(cs, cue_span.start - 3), cue_span.start)
                                            or self.one_kind_after(cue_span.end, qs)
                                            or _YEAR_START.search(self.text, cs, cue_span.start)):
                metric, no_level = None, True  # 小学在编教职工35人, 实有在职行政人员9人: one kind's staff; 年初…: not the year-end's
            if metric in CARRY_OVERS and stage == "budget":
                metric, no_level = None, True  # 收入预算…,其中…上年结转结余198.9万元: what the budget carries in, no 决算's
            if metric in _STAFF_COUNTS and cue.text.startswith("现有") \
                    and _ACTUAL_LATER.search(self.text, qe, min(self.end, qe + _NEAR)):
                metric, no_level = None, True  # 现有职工25人,…,实有13人: those on posts are counted apart
            if metric == _SCORE and is_criterion_score(self.text, max(self.start, cue_span.start - _NEAR), cue_span.start,
                                                        cue_span.end, cue.text, qs, qe):
                metric, no_level = None, True  # 预算执行率(10分):…,得分9.8分: one criterion's score, not the total
            if metric in _STAFF_COUNTS and self.another_years(cs, cue_span.start):
                rank = 0  # 2017年末在编在岗人数13名 beside 现有在编在岗人员15名 in a 2018 text: the count of now wins
            if metric == "staff_retired" and _YEAR_START.search(
                    self.text, max(self.start, self.text.rfind(";", self.start, cue_span.start) + 1), cue_span.start):
                rank = 0  # 年初实有人数345人,其中:在职256人,退休89人;年末…退休人员91人: the year-end's count wins
            if cue.text in _BARE_KINDS and not (self.figures and (self.figures[-1].metric or "").split("_")[-1] in _PROCURED):
                metric, no_level = None, True  # 政府采购总额45.24万元,其中:货物13.99万元: only in the list after the total
            if cue.text == _BARE_RETIRED and self.text[cue_span.start - 1:cue_span.start] not in _COUNT_LIST:
                metric, no_level = None, True  # 现有教职工73人,退休12人 (a count listed), not 原因是本年退休3人 (a flow)
            if _ADDED_BEFORE.search(self.text, cs, cue_span.start):
                metric, no_level = None, True  # 批复新增…出国(境)费预算80万元: what was added, not the level
            if metric in _STAFF_COUNTS and cue.text.endswith(_ROLE_WORDS) \
                    and _ROLES_LISTED.search(self.text, self.start, cue_span.start):
                metric, no_level = None, True  # 实有校长1人,副校长5人,在职教师160人: one role of those there
            if _OVERRUN_BEFORE.search(self.text, cue_span.end, qs):
                metric, no_level = None, True  # 公务用车费用超出当年预算5.71万元: the overrun, not the level
            if self.text.startswith(_CARRIED, cue_span.end):
                metric, no_level = None, True  # 项目支出结转和结余27.80万元: what is carried over, not what was spent
            if _CUT_BEFORE.search(self.text, cs, cue_span.start) or (
                    self.cut_end is not None and _LIST_JOIN_RUN.fullmatch(self.text[self.cut_end:cue_span.start])):
                metric, no_level = None, True  # 压缩“三公”经费15.5万元(、公务接待费3万元): the amounts cut, not the levels
                self.cut_end = qe
            if _SUB_UNIT.search(self.text, self.start, cue_span.start) or _SOME_UNITS.search(self.text, cs, cue_span.start):
                metric, no_level = None, True  # 新成立的应急指挥中心,该中心年初预算支出120万元: a subordinate unit's
            prefix = self.text[max(cs, cue_span.start - 7):cue_span.start]
            if _PER_UNIT_BEFORE.search(prefix) or _PER_UNIT_GAP.search(self.text[cue_span.end:qs]) \
                    or _FORMER_GAP.search(self.text[cue_span.end:qs]) or prefix.endswith(("原有", "原来")):
                # 离退休原有42人,新增1人,现有43人; 原有行政编制2人: what was
                metric, no_level = None, True
            if _QUALIFIED_ITEM.search(self.text, cs, cue_span.start) \
                    or (cue_span.value.text == "项目支出" and self.text.startswith("类", cue_span.start - 1)):  # type: ignore[union-attr]
                metric = None  # 人员类项目支出375.95万元, 运转类…, 特定目标类…: one class of the projects, not all of them
            if metric in _PROCUREMENT_TOTALS:
                metric = self.of_kind_named_before(metric, cue_span.start)
            if metric in _SPENDING_KINDS and self.of_appropriations_only(cue_span.start):
                self.o.appropriated_parts = True  # …其中:基本支出…,项目支出…: the rest of the paragraph's parts too
            if metric in _SPENDING_KINDS and (self.funded_part(cue_span, cue_span.value.concept)  # type: ignore[union-attr,arg-type]
                                              or self.o.appropriated_parts):
                metric, no_level = None, True  # 一般公共预算财政拨款基本支出911.7万元: the appropriations' part of it
            if metric in _PUBLIC_FUNDS and self.o.appropriated_parts:
                metric, no_level = None, True  # …基本支出…,其中:商品和服务支出28.61万元: the appropriations' too
            if cue.part_of and self.figures and (
                    self.figures[-1].metric in _STAFF_COUNTS
                    and _BREAKDOWN_GAP.fullmatch(self.text, self.figure_ends[-1], cue_span.start)
                    or self.people_by_category and _NEXT_PART_GAP.fullmatch(self.text, self.figure_ends[-1], cue_span.start)):
                metric, no_level = None, True  # 实有在职人数38人,其中:事业编制36人: the staff by category, not posts
                self.people_by_category = True  # …73人,其中行政编制25人、参公编制20人、事业编制26人: each of them
            if cue.part_of and _PEOPLE_GAP.search(self.text[cue_span.end:qs]) and not _POSTS_COUNT.match(self.text, cue_span.end):
                metric, no_level = None, True  # 行政编制财政供养人员1,845人: the people on those posts, not the posts
            if any(prefix.endswith(m) for m in self.lex.total_markers):
                rank, note = 4, "合计"
            if gap_stage or clause_stage:
                self.context = stage
        else:
            opening = next((s for s in self.stages  # the clause opens with the stage: 年初预算为0.95万元
                            if s.start >= cs and _STAGE_TO_FIGURE.fullmatch(self.text, s.end, qs)
                            and (_OPENS.match(self.text[cs:s.start]) or _DEPARTMENT_OPENS.match(self.text[cs:s.start]))),
                           None)
            stage = str(opening.value) if opening is not None else None
            if stage is None and self.o.spent_is_final and _SPENT.fullmatch(self.text, cs, qs):
                stage, note = "final", "推定为决算：文中称支出，未注明预算"  # (1)公务用车购置 | …,支出614万元: what was spent
            subject = next((c.value for c in reversed(self.cues)  # type: ignore[misc]
                            if c.end <= qs and self.concept_of(c.value) is not None),
                           self.o.titled or self.later_subject(qe))  # type: ignore[arg-type]
            concept = self.concept_of(subject) if subject is not None else None
            named_here = subject is not None and any(c.value.concept is not None and self.start <= c.start < qs  # type: ignore[union-attr]
                                                     for c in self.cues)
            if opening is not None and not named_here and _DEPARTMENT_OPENS.match(self.text[cs:opening.start]):
                concept = self.lex.metric_concept["budget_total"][0]  # 本部门2023年年初预算为820万元: the department's
                label, note, rank = self.text[cs:opening.end], "部门总额", 2
                metric = self.lex.concept_metric(concept, stage)  # type: ignore[arg-type]
            elif stage and concept is not None:
                metric = self.lex.concept_metric(concept, stage)
                clause = self.text[cs:qs]
                if metric in _DEPARTMENT_INCOME and "支出" in clause or metric in _DEPARTMENT_SPENDING and "收入" in clause:
                    metric = None  # 本年收入1095.76万元,支出1193.35万元 | 实际支出1460.5万元: not the income named before
                label, note, rank = subject.text, note or "承前省略主语", 2  # type: ignore[union-attr]  # 年初预算为0.95万元
        if metric in _GRAND and cue_span is not None and self.text.startswith("总计", cue_span.end) \
                and not cue_span.value.text.startswith("本年"):  # type: ignore[union-attr]
            metric = _GRAND[metric]  # 本单位收入|总计4,076.79万元: the longer cue took 收入 from 收入总计; 本年收入总计: the year's
        if metric and not self._kind_ok(metric, q):
            metric = None
        if q.bound and metric is not None:  # 政府采购规模超过3万亿: a bound passed, no level stated
            self.in_part_of_year(qs)  # 1至10月…6.3亿多元: still noted as a part of the year's, left unread
            metric, no_level = None, True
        if cue_span is not None and cue_span.value.concept is not None and metric in (None, *_GRAND) \
                and _GRAND_AFTER.match(self.text[qe:qe + 12]):  # type: ignore[union-attr]
            final = self.lex.concept_metric(cue_span.value.concept, "final")  # type: ignore[union-attr]
            metric = _GRAND.get(final or "", metric)  # the 总计 is a 决算 figure whatever the stage
        fig = Figure(q.value, float(q.raw), q.unit, q.kind, label, metric, stage, self.prov(qs, qe))
        if cue_span is not None:
            fig = Figure(fig.value, fig.printed, fig.unit, fig.kind, label, metric, stage,
                         self.prov(cue_span.start, qe))
        self.figures.append(fig)
        self.figure_ends.append(qe)
        if self.group is not None and fig.kind == self.group[0].kind and self.depth(qs) == self.group_depth:
            self.group[1].append(fig)  # not an item's own breakdown in parentheses
        if metric is None and stage is None and cue_span is not None and not no_level and not self.targeted(qs) \
                and q.kind == "money":
            concept = cue_span.value.concept  # type: ignore[union-attr]
            # “三公”经费41万元 under no stage: a later 较年初预算 may tell
            if concept is not None and not self.funded_part(cue_span, concept) and not self.a_governments(cue_span) \
                    and not self.others_total(self.lex.concept_metric(concept, "final"), cue_span):
                self.o.unstaged.append((concept, Candidate("", q.value, fig.provenance, 1, q.approx, "推定为决算：文中与年初预算比较")))
        if cue_span is None and q.kind == "count" and self._kind_ok(_PER_PART[0], q):
            after = self.o.part_end if self.o.part_end is not None else self.o.whole_end
            if after is not None and _BARE_ACTUAL.fullmatch(self.text[after:qs]):
                actual = Candidate(_PER_PART[0], int(q.value) if self._integral(_PER_PART[0], q) else q.value,
                                   fig.provenance, 2, q.approx, "")
                if self.o.part_end is None or self.after_categories(qs):
                    # 编制7人,实有5人; 行政编制0人;事业编制166人;工勤编制0名;实际166人: the department's
                    if not _BROKEN_DOWN.match(self.text, qe, self.end):
                        self.o.result.candidates.append(actual)
                        self.o.result.twins += [copied for copied in [twin(actual)] if copied is not None]
                else:
                    self.o.part_actuals.append(actual)  # 事业编制30人,实际25人: the category's
                return
        if metric is None or self.targeted(qs) or self.in_reason(qs) or self.in_part_of_year(qs):
            return
        if stage in ("budget", "final") and not assumed:
            self.o.carried = stage
        if cue_span is not None and cue_span.value.part_of:  # type: ignore[union-attr]
            funded = _FUNDED_KIND.search(self.text, max(cs, cue_span.start - 10), cue_span.start)
            # 参公事业编制0人,事业编制3人: two kinds of post, each a part of the whole (not one named twice); a
            # kind by funding (差额拨款事业编制5人 … 事业编制总数5人) may be the category named again
            servants = funded is not None and _SERVANT_LIKE.match(funded[1]) is not None
            self.o.parts.setdefault(metric, []).append(replace(fig, label=funded[1] + fig.label) if servants else fig)  # type: ignore[index]
            if metric == _PER_PART[1]:
                self.o.part_end = qe
            own = cue_span.value.metric  # type: ignore[union-attr]
            if own and self._kind_ok(own, q):  # 行政编制12名 is also staff_admin
                found = Candidate(own, int(q.value) if self._integral(own, q) else q.value, fig.provenance, rank,
                                  q.approx, note)
                if funded is not None:  # 全额事业编制95名: one kind of the category, added up in add_part_sums
                    self.o.funded.setdefault(own, []).append((funded[1], found))
                else:
                    self.o.result.candidates.append(found)
                    self.o.unfunded.setdefault(own, []).append(found)
            return
        value = int(q.value) if self._integral(metric, q) else q.value
        serving = _IN_SERVICE_PART.match(self.text, qe, self.end) if metric in _STAFF_COUNTS else None
        on_posts = _ON_POSTS_PART.match(self.text, qe, self.end) if metric in _STAFF_COUNTS else None
        if on_posts is not None and int(on_posts["count"]) < value and not _RETIREES_AMONG.match(self.text, qe, self.end):
            self.o.result.candidates += [Candidate(IN_SERVICE, value, fig.provenance, rank, q.approx, note),
                                         Candidate(ACTUAL, int(on_posts["count"]), self.prov(on_posts.start("label"), on_posts.end()),
                                                   rank, q.approx, note)]
            return  # 实有人数50人,其中事业编制4人,聘用人员44人: 50 serve, 4 of them on posts
        cue_text = cue_span.value.text if cue_span is not None else ""  # type: ignore[union-attr]
        if self.takes_in_others(metric, cue_text, qe) \
                or serving is not None and int(serving[1]) < value:  # 现有教职工125人,其中:在职人员90人: more than serve
            if serving is not None:  # 实有人数341人,其中:在职250人,退休91人: the 250 in service are the staff
                at = self.prov(serving.start(1), serving.end())
                for counted in _STAFF_COUNTS:
                    self.o.result.candidates.append(Candidate(counted, int(serving[1]), at, rank, q.approx, note))
            elif _SERVING_CUE.search(cue_text) and not _RETIREES_AMONG.match(self.text, qe, self.end):
                self.o.result.candidates.append(Candidate(IN_SERVICE, value, fig.provenance, rank, q.approx, note))
            return  # 实有人员35871人,其中在职人员24856人,…退休人员10724人; 实有人员60人(含编内人员+编外…): not on posts alone
        if metric == "staff_retired" and cue_span is not None and "离" not in cue_span.value.text \
                and _SOME_RETIRED_APART.search(self.text, self.start, self.end):  # type: ignore[union-attr]
            return  # 离休人员2名,退休人员25名: the retired are one part of 离退休, the whole is not stated
        if metric == "staff_in_service" and cue_span is not None and _RETIREES_AFTER.match(self.text, qe, self.end) \
                and _HEAD_COUNT.search(self.text, self.start, cue_span.start):
            found = self.o.defaulted if assumed else self.o.result.candidates  # the staff there are those in service
            found.append(Candidate(_PER_PART[0], value, fig.provenance, rank, q.approx, note))
        if metric == _PER_PART[0] and cue_span is not None and self.of_category(cue_span.start):
            self.o.part_actuals.append(Candidate(metric, value, fig.provenance, rank, q.approx, note))
            return  # 事业编制82人,实有人数61人: the category's, counted in add_part_sums
        found = self.o.defaulted if assumed else self.o.result.candidates
        found.append(Candidate(metric, value, fig.provenance, rank, q.approx, note))
        if metric == _PER_PART[1]:
            self.o.whole_end = qe
        if q.approx:
            self.rough = (found[-1], cue_span.start if cue_span is not None else qs, qe, found)
        if metric in _STAFF_COUNTS and not assumed:
            copied = twin(found[-1], self.text[max(cs, qs - _NEAR):qs], self.text[qe:min(self.end, qe + _NEAR)])
            if copied is not None:
                self.o.result.twins.append(copied)

    def restates(self, q: Quantity, qs: int) -> bool:
        """Whether ``q`` states exactly the level just read roughly (``“三公”决算近22亿元,达216631.68万元``):
        then the exact figure is read in the rough one's place."""
        if self.rough is None or q.approx or q.bound or q.kind != "money":
            return False
        rough, start, end, found = self.rough
        if not _RESTATED_GAP.fullmatch(self.text, end, qs):
            return False
        value = int(q.value) if self._integral(rough.metric, q) else q.value
        found[found.index(rough)] = Candidate(rough.metric, value, self.prov(start, q.end + self.start), rough.rank,
                                              False, rough.note)
        self.rough = None
        return True

    def later_subject(self, qe: int) -> Cue | None:
        """The sentence's subject named after a figure that opens with its stage (``年初预算为0.95万元``),
        unless it is named among the parts a 其中 lists after the figure (``年初预算数5941.79万元,其中:一般公共
        预算拨款5941.79万元,政府性基金预算拨款0万元``): a part is no subject of the whole; nor one named where the
        sentence goes on to say what the figure's item is (``98.71万元,是指…日常公用经费``)."""
        first = next((c for c in self.cues if c.value.concept is not None), None)  # type: ignore[union-attr]
        if first is None or first.start >= qe and ("其中" in self.text[qe:first.start]
                                                   or _DEFINED.search(self.text, qe, first.start)):
            return None
        return self.subject

    def takes_in_others(self, metric: str | None, cue_text: str, qe: int) -> bool:
        """Whether the head count ending at ``qe``, named by ``cue_text``, takes in more than the staff serving
        on posts: the retired named first in its 其中 (…人(其中,退休18人,在职36人)), the people the budget pays
        (财政供养人数), the retired its 其中 lists after the serving when its word names none serving
        (共有职工42人,其中:在职…,退休职工12人), or, for an actual count, the retired or staff off the
        establishment it takes in (实有人数341人,其中:在职250人,退休91人; 实有人员60人(含…编外…))."""
        def after(pattern: re.Pattern[str]) -> bool:
            return pattern.match(self.text, qe, self.end) is not None
        if metric in _STAFF_COUNTS and (after(_RETIREES_FIRST) or _SUPPORTED.search(cue_text) is not None):
            return True
        if metric == IN_SERVICE and not _SERVING_CUE.search(cue_text) and after(_RETIREES_AMONG):
            return True
        return metric == _PER_PART[0] and (after(_RETIREES_AMONG) or after(_OFF_ESTABLISHMENT_IN))

    def one_kind_after(self, cue_end: int, qs: int) -> bool:
        """Whether a staff count's cue is followed by the kind of staff it counts (``实有在职行政人员9人``)
        where that kind is one of several: 行政 beside 事业 named in the paragraph, or a kind never the whole
        (工勤, 专任, 编外 …). Where the paragraph names only administrative posts, its 行政人员 are all."""
        kind = _STAFF_KIND_AFTER.match(self.text, cue_end, qs)
        if kind is None:
            return False
        other = {"行政": "事业", "事业": "行政"}.get(kind[1])
        return other is None or other in self.text

    def after_categories(self, at: int) -> bool:
        """Whether the figure at ``at`` comes right after two or more categories of 编制 listed with no
        other count between (``行政编制0人;事业编制166人;工勤编制0名;实际166人``): it is then the total's."""
        listed = len(self.o.parts.get(_PER_PART[1], []))
        return listed >= 2 and not self.o.part_actuals \
            and len(_HEAD_COUNTED.findall(self.text, self.start, at)) == listed

    def of_category(self, at: int) -> bool:
        """Whether an actual staff count's cue at ``at`` follows right after a category's 编制
        (``事业编制82人,实有人数61人``): then it counts that category's staff only."""
        end = self.o.part_end
        return end is not None and end <= at and _CATEGORY_GAP.fullmatch(self.text[end:at]) is not None \
            and not _CATEGORY_LIST.search(self.text, self.start, end)

    def spent_under_no_stage(self, cue: _Span, qs: int) -> bool:
        """``三公经费支出数为22738.55万元`` where nothing names a stage: 支出 right after the item,
        in a text that reads as a 决算 text (:func:`.spent_text.reads_as_spent`), is what was spent;
        so is a department's total named as what came in or went out (本年收入合计800.12万元), and an item
        the verb 支出 comes right before (``2014年共计支出“三公经费”247.15万元``)."""
        gap = self.text[cue.end:qs]
        total = cue.value.concept in self.lex.generic_concepts  # type: ignore[union-attr]
        spent_before = _SPENT_BEFORE.search(self.text, self.start, cue.start) and _TOTAL_GAP.fullmatch(gap)
        return self.o.spent_is_final and bool(_SPENT.fullmatch(gap) or total and _TOTAL_GAP.fullmatch(gap) or spent_before)

    def listed_kinds(self, cue: Cue, at: int) -> bool:
        """Whether a short cue that needs a word before it (工程类 after 采购) ends a list of kinds
        named right after that word (采购货物、服务、工程类): no figure between, a 、 or 和 joining, in one
        clause (采购规模增长,主要是落实新旧动能转换、加快建设,全年完成工程类项目采购…: no list)."""
        if cue.after is None:
            return False
        ends = [self.text.rfind(word, self.start, at) + len(word) for word in cue.after.split("|")
                if self.text.rfind(word, self.start, at) >= 0]
        gap = self.text[max(ends):at] if ends else ""
        return bool(gap) and not re.search(r"[\d,;。:]", gap) and re.search(r"[、和及]", gap) is not None

    def in_reason(self, at: int) -> bool:
        """``…增加424.15万元,主要原因文化建设工程结转政府采购207.44万元``: a figure in the clause
        that gives the reason for a change is a detail of the cause, not a level the text reports
        (a reason introduced with a colon, ``原因是:``, states its figures as the text's own)."""
        return _REASON.search(self.text[self.start:at]) is not None

    def funded_part(self, cue: _Span, concept: int) -> bool:
        """``财政拨款项目支出1153万元``: the part of a department's spending or income paid from one
        source, which no comparison makes the department's 决算 (“三公”经费 are all 财政拨款)."""
        return self.text[max(0, cue.start - 2):cue.start] == "拨款" \
            and not (self.lex.concept_metric(concept, "final") or "").startswith("sangong")

    def of_appropriations_only(self, at: int) -> bool:
        """Whether the part named at ``at`` opens the 其中 of the appropriations' total (``一般公共预算财政拨款支出
        4378.4万元,比2016年减少91.04万元。其中:基本支出…``) in a text that has stated no department total of the
        same amount: then the parts are the appropriations', not known to be the department's. So are the parts
        of a sentence whose subject is the appropriations (``2014年财政拨款支出按用途划分,基本支出…``), set against
        the amount the text stated for them before. Where the department's total equals the appropriations'
        (the whole budget is appropriated), they are its own."""
        opening = self.text.rfind("其中", max(0, at - 4), at)
        funded = _FUNDED_TOTAL_BEFORE.search(self.text, max(0, opening - 80), opening) if opening >= 0 else None
        wholes = [c for c in self.o.result.candidates[-_RECENT:] if c.metric in _DEPARTMENT_WHOLE]
        stated = funded[1] if funded is not None else None
        if stated is None and wholes and _FUNDED_SUBJECT.fullmatch(self.text, self.start, at):
            # 2014年财政拨款支出按用途划分,基本支出…, after 支出决算531.86万元,其中:财政拨款支出318.61万元: the
            # appropriations' amount stated before, set against the department's totals as read (their best readings)
            stated = self.o.funded_spending
            wholes = [max((c for c in wholes if c.metric == metric), key=lambda c: c.rank)
                      for metric in {c.metric for c in wholes}]
        if stated is None:
            # 财政拨款支出预算中的项目支出14743.51万元 in a text stating no department total: the appropriations'
            return not wholes and _FUNDED_OF.search(self.text, max(self.start, at - 16), at) is not None
        amount = next(iter_quantities(stated), None)
        if amount is None:
            return False
        return not any(isinstance(c.value, float) and abs(c.value - amount.value) < 0.005 for c in wholes)

    def total_of_every_kind(self, cue: _Span, metric: str | None) -> str | None:
        """The total whose every kind the list of items ending with ``cue`` names, for the figure after the list
        (``因公出国(境)经费、公务用车购置及运行费、公务接待费决算支出94.7亿元``: the “三公” total); None for another list,
        whose joint figure no metric names."""
        listed = [cue]
        for before in reversed([c for c in self.cues if c.end <= cue.start]):
            if not _LIST_JOIN_RUN.fullmatch(self.text, before.end, listed[0].start):
                break
            listed.insert(0, before)
        concepts = {self.concept_of(c.value) for c in listed}  # type: ignore[arg-type]  # 公务接待费决算: its metric's concept
        stage = self.lex.metric_concept.get(metric or "", (None, None))[1]
        return next((t for t, kinds in self.lex.kinds.items() if kinds == concepts and len(concepts) == len(listed)
                     and self.lex.metric_concept[t][1] == stage), None)

    def joint_subject(self, cue: _Span) -> bool:
        """``因公出国(境)经费、公务用车购置及运行费、公务接待费决算支出94.7亿元``: the figure after
        a list of items is their joint total, not the last item's."""
        before = [c for c in self.cues if c.end <= cue.start]
        return bool(before) and self.concept_of(before[-1].value) is not None \
            and _LIST_JOIN_RUN.fullmatch(self.text[before[-1].end:cue.start]) is not None  # type: ignore[arg-type]

    def others_total(self, metric: str | None, cue: _Span) -> bool:
        """Whether the department total ``metric`` named by ``cue`` is another's: a government's
        (:meth:`a_governments`), the appropriations' within the whole (``财政拨款收入总计2951.23万元``, a
        sentence about one kind of funds: ``2018年度一般公共预算收入总计…,年末结转和结余30.65万元``) or a
        fund's (``国家财政性教育经费总收入18.96亿元``, ``国有资本经营预算收入0万元``)."""
        if metric in _GOVERNMENT_FUNDS:
            return self.a_governments(cue)  # 2023年我镇政府性基金支出总计3319万元 under 一、全镇收支决算情况
        if metric not in DEPARTMENT_TOTALS:
            return False
        return self.a_governments(cue) or bool(_APPROPRIATED_BEFORE.search(self.text, self.start, cue.start)) \
            or metric in _DEPARTMENT_INCOME and bool(_FUND_BEFORE.search(self.text, self.start, cue.start)) \
            or bool(_FUNDS_SUBJECT.match(self.text, self.start)) \
            or bool(_FUND_KIND_BEFORE.search(self.text, max(self.start, cue.start - 8), cue.start))

    def a_governments(self, cue: _Span) -> bool:
        """Whether the total named by ``cue`` is a government's: its fiscal revenue or spending
        (``财政总收入``, ``市级财政总支出``; not ``财政拨款收入``), or the sentence's subject is a whole
        region anywhere before it in the paragraph (``全镇政府性基金收入…。加上…,收入总计0万元``) or in the
        heading of its section (``一、2020年全区收支决算``)."""
        return bool(_FISCAL_BEFORE.search(self.text, max(self.start, cue.start - 4), cue.start)) \
            or self.region_subject_before(cue.start) or self.o.region_heading

    def region_subject_before(self, at: int) -> bool:
        """Whether a whole region is the subject last named before ``at`` in the paragraph: not a duty's
        scope (负责全县党建工作), nor one the department named after it takes over from (…全县…。本部门决算…)."""
        last = bisect_right(self.o.region_ends, at) - 1  # the paragraph's marks, found once (a long line has many totals)
        if last < 0:
            return False
        own = bisect_right(self.o.own_subject_ends, at) - 1
        return own < 0 or self.o.own_subject_ends[own] <= self.o.region_ends[last]

    def income_of(self, cue: _Span, qs: int) -> bool:
        """``政府性基金预算财政拨款收入0万元``, ``政府性基金预算拨款0万元``: income from a source, not the
        source's spending; so is a source in the breakdown of an income figure (财政拨款收入4352.47万元(其中,…
        政府性基金预算0万元)."""
        value: Cue = cue.value  # type: ignore[assignment]
        if value.concept is None or "收入" in value.text:
            return False
        opened = self.text.rfind("(", self.start, cue.start)
        return "收入" in self.text[cue.end:qs] or self.text.startswith("拨款", cue.end) or (
            opened >= 0 and ")" not in self.text[opened:cue.start]
            and _INCOME_FIGURE_BEFORE.search(self.text, self.start, opened) is not None)

    def stated_stage(self, fig: Figure, before: int) -> bool:
        """Whether this sentence states ``fig``'s stage before offset ``before``: a stage word
        (决算数共计35.5万元) or a label that carries one (三公经费决算数)."""
        cue = self.lex.cues.get(fig.label)
        if cue is not None and cue.metric and cue.metric in self.lex.metric_concept and cue.stage is None:
            return True
        return fig.stage in {str(s.value) for s in self.stages if self.start <= s.start < before}

    def said_final(self, at: int) -> bool:
        """Whether this sentence named the 决算 (and no budget) before offset ``at``."""
        named = {str(s.value) for s in self.stages if self.start <= s.start < at} | {f.stage for f in self.figures}
        return "final" in named and "budget" not in named

    def concept_of(self, cue: Cue) -> int | None:
        """The concept a cue names, also when it names one stage of it (三公经费预算数)."""
        if cue.concept is not None:
            return cue.concept
        found = self.lex.metric_concept.get(cue.metric) if cue.metric else None
        return found[0] if found else None

    def last_year(self, year: str | None) -> bool:
        """Whether a comparison with ``year`` (None: 上年) is with last year: the year before the
        text's own, or any named year in a text that names none of its own."""
        return year is None or self.o.year is None or int(year) == self.o.year - 1

    def stage_by_comparison(self, qe: int) -> str | None:
        """The stage a comparison right after the figure implies (see ``_VS_BUDGET``)."""
        after = self.text[qe:min(self.end, qe + 16)]
        prev = _VS_PREV_BUDGET.match(after)
        if prev:
            year = prev[1]
            if year is not None and self.o.year is not None and int(year) == self.o.year:
                return "final"  # 比2010年预算数减少 in a 2010 text: set against the year's own budget
            return "budget" if self.last_year(year) else None
        spent = _VS_PREV_FINAL.match(after)
        if spent and self.last_year(spent[1]):
            # a budget set against last year's spending (2011年…预算总额575.48万元,比2010年实际支出761.33万元…
            # 其中:因公出国(境)费303万元,比2010年实际支出…): under a running budget it stays the budget
            return None if self.context == "budget" else "final"
        return "final" if _VS_BUDGET.match(after) or _THEN_BUDGET.match(after) else None

    def _kind_ok(self, metric: str, q: Quantity) -> bool:
        spec = self.lex.vocabulary.get(metric)
        if spec is None:
            return False
        if spec.kind == "score":
            return q.unit == "分"
        if q.kind == "count" and q.unit and q.unit not in _COUNTED_AS.get(spec.unit, (q.unit,)):
            return False  # 车辆编制数为206辆: vehicles, not staff
        return q.kind in _KIND_OK.get(spec.kind, ())

    def _integral(self, metric: str, q: Quantity) -> bool:
        spec = self.lex.vocabulary.get(metric)
        return bool(spec and spec.kind in ("count", "score") and float(q.value).is_integer())

    def depth(self, at: int) -> int:
        """Parentheses open in this sentence before offset ``at``."""
        before = self.text[self.start:at]
        return max(before.count("(") - before.count(")"), 0)

    def open_group(self) -> None:
        if self.group is not None and self.group[1] and self.figures and self.group[1][-1] is self.figures[-1]:
            self.group[1].pop()  # the figure before this 其中 is the new total, not an old part
        self.close_group()
        if self.figures:
            total = self.figures[-1]
            self.group = (total, [])
            self.first_total = self.first_total or total
            self.group_depth = self.depth(self.figure_ends[-1])
            self.group_stage = total.stage or self.context
        elif self.s.startswith("其中") and self.para_figures:  # …3328万元。其中,…: about the last sentence's total
            self.first_total = self.first_total or self.para_figures[-1]

    def close_group(self) -> None:
        if self.group is None:
            return
        total, parts = self.group
        if parts:
            self.restage(total, parts)
            self.o.result.groups.append(PartsGroup(total, tuple(parts)))
        self.group = None

    def restage(self, total: Figure, parts: list[Figure]) -> None:
        """``“三公”经费预算54万元,其中:因公出国(境)费支出决算0万元;…支出决算12万元;…支出决算42万元``: parts
        that add up to their total as printed are that total's breakdown, so at its stage, whatever
        stage word a slip of the page gave them; their candidates are read at the total's stage."""
        stages = {part.stage for part in parts}
        if len(parts) < 2 or total.stage not in _LEVEL_STAGES or len(stages) != 1 or stages <= {total.stage} \
                or not stages <= _LEVEL_STAGES or abs(sum(part.value for part in parts) - total.value) > _HALF_PLACE:
            return
        where = {part.provenance for part in parts}
        for index, found in enumerate(self.o.result.candidates):
            moved = self.lex.counterpart(found.metric, total.stage) if found.provenance in where else None
            if moved is not None:
                self.o.result.candidates[index] = replace(found, metric=moved)

    def share(self, q: Quantity, cs: int, ce: int, before: list[Quantity]) -> bool:
        qs = q.start + self.start
        if "占" in self.text[cs:qs] and _BOUND_AFTER.search(self.text, qs, q.end + self.start + 2) \
                or self.in_part_of_year(qs):
            return True  # 占90%以上: a bound, not the share; nor is a quarter's share the year's
        inline = [x for x in before if x.kind == "money" and x.start + self.start < qs]
        if inline:  # 完成预算数8.85万元的0.56%: the denominator is in this clause
            if len(self.figures) < 2 or self.figures[-2].kind != "money":
                return False
            numerator, denominator = self.figures[-2], self.figures[-1]
            self.share_budget(numerator, denominator, cs, inline[-1].start + self.start)
        else:  # 占总支出的6.08%: the denominator is named
            # the last amount, not a rate of change between (授予中小微企业1744.9亿元,…增幅20.2%,占…86.1%)
            numerator = next((f for f in reversed(self.figures) if f.kind != "percent"), None)
            if numerator is None or numerator.kind != "money" or "占" not in self.text[cs:qs]:
                return False
            cue = next((c for c in self.cues if cs <= c.start < qs), None)
            found = self._figure_for(cue.value) if cue is not None else None  # type: ignore[arg-type]
            if found is None:
                if cue is None and re.fullmatch(r"占(?:比)?(?:为)?", self.text[cs:qs].rstrip(",")):
                    self.share_figure(numerator, q)  # 公务接待费20.10万元，占88.86%
                    return True
                # …,占全国政府采购规模的74.1%: the total named, not read
                return cue is not None and "占" in self.text[cs:cue.start] \
                    and self.share_figure(numerator, q, cue.value)  # type: ignore[arg-type]
            denominator = found
        percent = Figure(q.value, float(q.raw), "%", "percent", "", None, None, self.prov(qs, q.end + self.start))
        self.o.result.shares.append(Share(numerator, denominator, percent))
        if "占" in self.text[cs:qs]:
            self.share_figure(numerator, q)
        return True

    def share_budget(self, numerator: Figure, denominator: Figure, cs: int, at: int) -> None:
        """``支出决算为62.07万元,完成全年预算84.82万元的73.2%``: a denominator named only by the
        budget stage is the budget of what the numerator is."""
        if denominator.metric is not None or numerator.metric is None or self.targeted(at):
            return
        if not any(s.value == "budget" and cs <= s.start < at for s in self.stages):
            return
        found = self.lex.metric_concept.get(numerator.metric)
        metric = self.lex.counterpart(numerator.metric, "budget") if found and found[1] == "final" else None
        if metric is not None:
            self.o.result.candidates.append(Candidate(metric, denominator.value, denominator.provenance, 2))

    def share_figure(self, numerator: Figure, q: Quantity, base: Cue | None = None) -> bool:
        """A share the vocabulary names (``<metric>_share`` of the 三公 total, ``<metric>_pct``); with
        ``base``, the total named but not read, only a share of that total. Whether one was read."""
        if numerator.metric is None or self.targeted(q.start + self.start):
            return False
        for suffix in ("_share", "_pct"):
            if base is not None and not self.lex.names_base(f"{numerator.metric}{suffix}", base):
                continue
            if f"{numerator.metric}{suffix}" in self.lex.vocabulary.metrics:
                qs = q.start + self.start
                self.o.result.candidates.append(Candidate(f"{numerator.metric}{suffix}", q.value,
                                                          self.prov(qs, q.end + self.start), 2))
                return True
        return False

    def _figure_for(self, cue: Cue) -> Figure | None:
        metric = cue.metric or (self.lex.concept_metric(cue.concept, self.context) if cue.concept is not None else None)
        for fig in reversed(self.figures + self.para_figures):
            if fig.label == cue.text or (metric and fig.metric == metric):
                return fig
        return None

    def base_value(self, cmp_at: int, amounts: list[Quantity],
                   named: re.Pattern[str] = _BASE_BEFORE) -> tuple[Quantity | None, list[Quantity]]:
        """Split ``较上年433万元减少2万元`` (or, with ``named`` the year's own budget,
        ``比年初预算830万元减少190万元``) into the base and the change amounts."""
        if not amounts:
            return None, amounts
        first = amounts[0]
        if named.match(self.text[cmp_at:first.start + self.start]) and first.kind in ("money", "number"):
            rest = amounts[1:]
            if any(_CHANGE_VERB.search(self.text[first.end + self.start:q.start + self.start]) for q in rest[:1]):
                return first, rest
            if _LEVEL_AFTER.match(self.text, first.end + self.start):  # 较预算数0万元无增减: the base, unchanged
                return first, rest
        return None, amounts

    def change(self, cs: int, cmp_at: int, ce: int, amounts: list[Quantity], inherited: tuple[str, ...] = (),
               subject: _Span | None = None, base: Quantity | None = None, own_budget: Quantity | None = None) -> None:
        if self.in_part_of_year(cmp_at) or _SOME_UNITS.search(self.text, cs, cmp_at):
            return  # 超过半数部门的“三公”预算和去年持平: what some departments did, not the subject's change
        if self.in_reason(cmp_at):
            return  # …,原因为公务接待量与去年一致: the cause compared, not the subject
        base_q, amounts = self.base_value(cmp_at, amounts)
        own_named = None
        if base_q is not None and "预算" in (named := self.text[cmp_at:base_q.start + self.start]) \
                and not self.names_other_year(named):
            own_named, base_q = base_q, None  # 比2010年预算数757.17万元减少… in a 2010 text: the year's own budget
        elif base_q is None:
            own_named, amounts = self.base_value(cmp_at, amounts, _OWN_BUDGET_BEFORE)
        own_budget = own_named or own_budget
        base_q = base_q or base
        region = self.text[cmp_at:ce]
        direction = 1 if any(w in region for w in _UP) else -1 if any(w in region for w in _DOWN) else 0
        if _HEDGED.search(region):
            return  # 与2020年预算基本持平: roughly level, no figure
        if any(w in region for w in _NO_CHANGE):
            direction = 0
        elif direction == 0:
            return
        compared_end = subject.start if subject is not None else ce  # what is compared with ends at a late subject
        compared = self.text[cmp_at:compared_end]
        bases = [str(s.value) for s in self.stages if cmp_at <= s.start < compared_end]
        year = re.match(r"(?:与|较|比|同比|相比)(\d{4})年", region)
        if year and self.o.year is None:  # 比2023年预算减少 in a text that names no year of its own: an earlier year's
            bases = [f"prev_{b}" if b in ("budget", "final") else b for b in bases]
        if year and self.o.year and int(year[1]) == self.o.year - 1 and "prev_budget" not in bases:
            bases.append("prev_final")
        if region.startswith("同比") and not bases:  # 同比减少63.96万元: against the same period last year
            bases.append("prev_final")
        if not bases and self.text[cmp_at - 1:cmp_at + 1] == "对比":
            # …2016年预算8万元,2015年预算12.5万元;对比减少4.35万元: against the year before the sentence states
            earlier = next((f.stage for f in reversed(self.figures) if f.stage in _PRIOR), None)
            bases += [earlier] if earlier else []
        bases = [b for b in (*bases, *inherited) if b != OTHER_YEAR]
        if not bases:
            return
        items = self.items_before(cmp_at) if subject is None and not _RESPECTIVE_CHANGE.search(self.text, cmp_at, ce) else []
        if len(items) >= 2:  # A和B预算与去年持平, A、B、C均与上年持平: each item; A和B减少5万元: their sum, no item's
            if direction == 0 and set(_PRIOR) & set(bases) and not self.targeted(cmp_at):
                for item in items:
                    metric = self.item_metric(item, cmp_at, ce)
                    if metric:
                        self.change_figures(metric, 0, None, None, self.prov(cs, ce))
            return
        if self.text[cs:cmp_at].startswith(("均", "都")):  # 均与去年持平: each item of a list
            if direction == 0 and set(_PRIOR) & set(bases) and not self.targeted(cmp_at):
                for metric in self.listed or self.stated_in_part(cs):
                    self.change_figures(metric, 0, None, None, self.prov(cs, ce))
            return
        if _RESPECTIVE_CHANGE.search(self.text, cmp_at, ce):
            self.respective_changes(cmp_at, ce, amounts, bases)
            return
        cue = subject or next((c for c in reversed(self.cues) if cs <= c.start < cmp_at
                               and not _closes(self.text[c.end:cmp_at])), None)  # (…运行维护费28万元),较上年: the outer item
        opened = self.text.rfind("(", self.start, cs)
        if cue is None and self.text[self.start:cs].rstrip(",").endswith(")") and opened >= 0:
            cue = next((c for c in reversed(self.cues) if self.start <= c.start and c.end <= opened), None)
        unstaged: Figure | None = None  # the figure under no stage right before the comparison
        if cue is None and not self.figures:
            cue = self.named_base(cmp_at)
        elif cue is None and self.figures[-1].metric is None:
            cue = self.unstaged_before(cmp_at)
            unstaged = self.figures[-1] if cue is not None else None
        subject_fig = None
        staged = False  # the subject's stage is stated between it and the comparison
        if cue is not None and cue.value.metric in self.lex.metric_concept:  # type: ignore[union-attr]
            subject_metric = cue.value.metric  # type: ignore[union-attr]
            staged = cue.value.stage is None  # type: ignore[union-attr]  # 三公经费决算数: the label says its stage
        elif cue is not None and cue.value.concept is not None:  # type: ignore[union-attr]
            gap_end = cmp_at if subject is None else amounts[0].start + self.start if amounts else ce
            gap_stage = next((str(s.value) for s in self.stages if cue.end <= s.start < gap_end), None)
            subject_metric = self.lex.concept_metric(cue.value.concept, gap_stage or self.context or "final")  # type: ignore[union-attr]
            staged = gap_stage is not None
        else:
            subject_fig = next((f for f in reversed(self.figures) if f.metric), None)
            prior = self.lex.metric_concept.get(subject_fig.metric or "", (None, ""))[1] if subject_fig else ""
            if subject_fig is not None and prior in _PRIOR:
                # 2016年…预算33万元,2015年…预算57.55万元,与上年对比减少24.55万元: this year's level changed, not last year's
                now = self.lex.counterpart(subject_fig.metric, prior.removeprefix("prev_"))  # type: ignore[arg-type]
                subject_fig = next((f for f in reversed(self.figures) if now and f.metric == now), subject_fig)
            opening = _OPENS_COMPARISON.fullmatch(self.text[self.start:cmp_at])
            if subject_fig is None and opening is not None and (
                    not opening["stage"] or self.o.previous is not None
                    and self.o.previous.stage == ("budget" if "预算" in opening["stage"] else "final")):
                subject_fig = self.o.previous  # …3328万元,其中:…。同口径比2018年减少830万元: that total
            subject_metric = subject_fig.metric if subject_fig else None
            staged = subject_fig is not None and self.stated_stage(subject_fig, cmp_at)
        if subject is None and (fitted := self.level_changed(subject_metric, amounts, direction, ce)) is not None:
            subject_fig, subject_metric = fitted, fitted.metric
            staged = self.stated_stage(fitted, cmp_at)
        if cue is not None and self.others_total(subject_metric, cue):
            subject_metric = None  # 全年财政总收入37.70亿元,比上年增长18.6%: a government's change
        if subject is None and subject_metric and subject_metric in self.lex.metric_concept and not staged:  # a late subject says its own
            named = "决算" if "决算" in compared else "预算" if "预算" in compared else None
            prior = self.names_other_year(compared)
            if named:  # 比上年决算数增加: this year's 决算; 较年初预算数减少: the 决算 against its budget
                stage = "final" if named == "决算" or not prior else "budget"
                subject_metric = self.lex.counterpart(subject_metric, stage) or subject_metric
        money = next((q for q in amounts if q.kind in ("money", "count")  # a change follows its verb: in
                      and any(w in self.text[cs:q.start + self.start] for w in (*_UP, *_DOWN, *_NO_CHANGE))), None)
        if money is not None and money.approx:
            money = None  # 多出近74万元, 下降200万元以上: a change said roughly, or bounded, states no amount
        amount = None  # 比2022年决算(60万元)减少10万元 the 60 is the base, not the change
        if money is not None:
            ms, me = money.start + self.start, money.end + self.start
            amount = Figure(money.value, float(money.raw), money.unit, money.kind, "", None, None, self.prov(ms, me))
        elif any(q.kind == "percent" for q in amounts) and (said := _AMOUNT_AFTER.match(self.text, ce, self.end)):
            after = next(iter_quantities(said[1]))
            amount = Figure(after.value, float(after.raw), after.unit, after.kind, "", None, None,
                            self.prov(said.start(1), said.end()))
        percent = self.change_percent(amounts, direction, ce)
        base = self.base_level(base_q, money)
        level = subject_fig or unstaged or self.compared_level(subject_metric, cs, cmp_at)
        self.level = (level, len(self.figures)) if level is not None else None
        prov = self.prov(cs, ce)
        if "budget" in bases and not self.names_other_year(compared) and not self.targeted(cmp_at):
            self.o.spent()
            self.own_budget_figure(subject_metric, self.base_level(own_budget, money))
        elif unstaged is not None and _SAME_PERIOD.search(compared) and not self.targeted(cmp_at):
            self.o.spent(unstaged.provenance)  # 总收入40724.80万元,与去年同期相比增加…: what was received
        elif unstaged is not None and self.o.final_named and set(_PRIOR) & set(bases) and subject_metric \
                and self.lex.metric_concept.get(subject_metric, (None, ""))[1] == "final" and not self.targeted(cmp_at):
            self.o.spent(unstaged.provenance, unless_budgeted=True)  # 公务用车运行维护费7,190万元,较上年减少330万元
        self.o.compared = tuple(dict.fromkeys(bases))
        for stage in dict.fromkeys(bases):
            self.o.result.changes.append(Change(subject_metric, level, stage, direction, amount, prov, percent,
                                                base if stage in _PRIOR else None))
        if self.lex.metric_concept.get(subject_metric or "", (None, ""))[1] == "final" and "prev_final" not in bases:
            bases = [b for b in bases if b != "prev_budget"]  # 决算比上年预算数下降35.45%: no change on last year's 决算
        against_spending = _SPENDING_BASE.search(compared) is not None \
            and self.lex.metric_concept.get(subject_metric or "", (None, ""))[1] == "budget"
        if set(_PRIOR) & set(bases) and subject_metric and not self.targeted(cmp_at) and not against_spending:
            self.change_figures(subject_metric, direction, amount, percent, prov)
            balancing = _BALANCING.get(subject_metric)
            if balancing and level is not None and any(f.metric == balancing and f.value == level.value for f in self.figures):
                self.change_figures(balancing, direction, amount, percent, prov)  # type: ignore[arg-type]  # 收入总计X,支出总计X,与上年相比,各增加…
            if base is not None:
                self.base_figure(subject_metric, base)

    def names_other_year(self, compared: str) -> bool:
        """Whether what a figure is compared with names last year or a year other than the text's
        own: 比2017年年初预算数 in a 2017 text is the year's own budget (as 比年初预算数)."""
        return re.search(r"上年|去年|上一年", compared) is not None or any(
            self.o.year is None or int(year) != self.o.year for year in re.findall(r"(\d{4})年", compared))

    def stated_in_part(self, cs: int) -> list[str]:
        """The metrics of the figures this sentence stated since its last semicolon (or 其中:) before
        ``cs``, when they are two or more (…;A预算304.35万元,B预算1666.85万元,均较2011年预算零增长)."""
        opened = max(self.text.rfind(";", self.start, cs), self.text.rfind("其中:", self.start, cs), self.start)
        found = [f.metric for f, end in zip(self.figures, self.figure_ends) if opened < end <= cs and f.metric]
        return found if len(found) >= 2 and len(set(found)) == len(found) else []

    def items_before(self, cmp_at: int) -> list[_Span]:
        """The items of a list that is the subject of a comparison right after it
        (``因公出国(境)费和公务用车购置费预算与去年持平``, ``A、B、C均与…``): cues joined by 和/、/及, the
        last followed only by a stage word and 均/都 before the comparison."""
        before = [c for c in self.cues if self.start <= c.start and c.end <= cmp_at]
        if not before or not _LIST_TAIL.fullmatch(self.text[before[-1].end:cmp_at]):
            return []
        items = [before[-1]]
        for cue in reversed(before[:-1]):
            if not _LIST_JOIN_RUN.fullmatch(self.text[cue.end:items[0].start]):
                break
            items.insert(0, cue)
        return items if all(self.concept_of(c.value) is not None for c in items) else []  # type: ignore[arg-type]

    def item_metric(self, item: _Span, cmp_at: int, ce: int) -> str | None:
        """The metric of one item of a list compared as a whole: its concept at the stage the list
        or the comparison names (预算与去年持平, 均与2012年预算数持平), else the running one."""
        concept = self.concept_of(item.value)  # type: ignore[arg-type]
        named = next((str(s.value) for s in self.stages if item.end <= s.start < ce), None)
        stage = named if named in ("budget", "final") else "budget" if named == "prev_budget" else \
            "final" if named == "prev_final" else self.context or "final"
        return self.lex.concept_metric(concept, stage) if concept is not None else None

    def unstaged_before(self, cmp_at: int) -> _Span | None:
        """``经比较2020年度“三公”经费41万元,较上年减少19万元``: the comparison right after a figure
        its concept names under no stage (so no metric yet) is about that concept."""
        last = self.figures[-1]
        if not re.fullmatch(r"[,;]?", self.text[self.figure_ends[-1]:cmp_at]):
            return None
        return next((c for c in reversed(self.cues) if c.end <= self.figure_ends[-1]
                     and c.value.text == last.label and c.value.concept is not None), None)  # type: ignore[union-attr]

    def named_after_comparison(self, cs: int, cmp_at: int) -> _Span | None:
        """The subject named right after a whole comparison phrase, before its change (``与上年比较收入总计增加
        777.71万元``), when the clause names none before the phrase."""
        phrase = _COMPARISON_PHRASE.match(self.text, cmp_at)
        if phrase is None or any(cs <= c.start < cmp_at for c in self.cues):
            return None
        return next((c for c in self.cues if c.start == phrase.end() and c.value.concept is not None), None)  # type: ignore[union-attr]

    def named_base(self, cmp_at: int) -> _Span | None:
        """``相比2016年的总支出7171.97增加606.58万元``: a sentence that states no figure of its own
        compares what it names as last year's level, this year's total of the same concept."""
        opening = _NAMED_BASE.match(self.text, cmp_at, self.end)
        if opening is None:
            return None
        return next((c for c in self.cues if c.start == opening.end() and c.value.concept is not None  # type: ignore[union-attr]
                     and c.value.metric is None), None)  # type: ignore[union-attr]

    def respective_changes(self, cmp_at: int, ce: int, amounts: list[Quantity], bases: list[str]) -> None:
        """``购置费0.14亿元和运行费1.27亿元,与2015年相比,分别减少0.18亿元和0.56亿元,下降133.1%和43.7%``:
        each change is that of the figure stated in the same place of the list before it. Lists of
        different lengths, a figure the text names nothing for, or changes both up and down pair nothing."""
        money = self.amount_list(next((q for q in amounts if q.kind == "money"), None))
        end = money[-1].end + self.start if money else ce
        region = self.text[cmp_at:end]
        up, down = any(w in region for w in _UP), any(w in region for w in _DOWN)
        stated = [f for f, end in zip(self.figures, self.figure_ends) if end <= cmp_at]
        if not stated and _OPENS_COMPARISON.fullmatch(self.text[self.start:cmp_at]):
            stated = self.para_figures  # …公务接待费14.34亿元。与2012年相比,分别减少…: the list before
        listed = stated[-len(money):] if len(money) >= 2 else []
        if (up == down or len(listed) != len(money) or not all(f.metric for f in listed)
                or len({f.metric for f in listed}) != len(listed) or not set(_PRIOR) & set(bases)
                or self.targeted(cmp_at)):
            return
        direction = 1 if up else -1
        rates = self.listed_rates(end, direction, len(money))
        for fig, q, rate in zip(listed, money, rates):
            qs, qe = q.start + self.start, q.end + self.start
            amount = Figure(q.value, float(q.raw), q.unit, q.kind, "", None, None, self.prov(qs, qe))
            self.change_figures(str(fig.metric), direction, amount, rate, amount.provenance)

    def amount_list(self, first: Quantity | None) -> list[Quantity]:
        """``first`` and the amounts listed after it (``0.29亿元、0.33亿元、0.64亿元``, ``…和…``)."""
        if first is None:
            return []
        listed = [first]
        for q in self.quantities:
            if q.start > listed[-1].start and q.kind == "money":
                if not _LIST_JOIN.match(self.text[listed[-1].end + self.start:q.start + self.start]):
                    break
                listed.append(q)
        return listed

    def listed_rates(self, ce: int, direction: int, count: int) -> list[Figure | None]:
        """The rates a list of changes states after its amounts (``,下降133.1%和43.7%``), one per
        amount, signed by its word and the list's direction; none unless there are ``count``."""
        found = _RATES_AFTER.match(self.text, ce, self.end)
        rates = list(re.finditer(r"(\d+(?:\.\d+)?)%", found.group(), )) if found else []
        if found is None or len(rates) != count or (found[1] in _DOWN) != (direction < 0):
            return [None] * count
        return [Figure(round(direction * float(r[1]), 6) + 0.0, float(r[1]), "%", "percent", "", None, None,
                       self.prov(ce + r.start(), ce + r.end())) for r in rates]

    def level_changed(self, subject: str | None, amounts: list[Quantity], direction: int, ce: int) -> Figure | None:
        """An earlier figure of the sentence a change is about instead of the one it follows, when only the
        earlier one fits the change's amount and rate (``收入总计231.24万元,其中年初结转和结余0万元,较2019年
        增加5.24万元,增长2.3%``: 5.24 is 2.3% of the total's 226, and no rate of 0)."""
        money = next((q for q in amounts if q.kind == "money"), None)
        rate = self.change_percent(amounts, direction, ce)
        at = next((k for k in reversed(range(len(self.figures))) if subject and self.figures[k].metric == subject), None)
        if money is None or rate is None or not money.value or not rate.value or at is None \
                or _rate_fits(self.figures[at], money, rate, direction):
            return None
        return next((f for f in reversed(self.figures[:at]) if f.metric and f.kind == "money"
                     and _rate_fits(f, money, rate, direction)), None)

    def compared_level(self, subject: str | None, cs: int, cmp_at: int) -> Figure | None:
        """The figure a comparison is about when this sentence states it: the last figure of
        the subject's metric, else (no metric known) a figure right before the comparison
        (``“三公”经费41万元,较上年减少19万元``)."""
        if subject is not None:
            return next((f for f in reversed(self.figures) if f.metric == subject), None)
        if not self.figures or self.figures[-1].kind != "money":
            return None
        if re.fullmatch(r"[,;]?", self.text[self.figure_ends[-1]:cmp_at]):
            return self.figures[-1]
        # …41万元,较上年减少19万元,下降43.78%,较年初预算数减少4万元: the same figure again
        return self.level[0] if self.level and self.level[1] == len(self.figures) else None

    def change_percent(self, amounts: list[Quantity], direction: int, ce: int) -> Figure | None:
        """The rate a change states (``减少2.28万元,下降6.1%``), signed by its own verb."""
        found = next((q for q in amounts if q.kind == "percent"), None)
        if found is not None:
            if not direction:
                return None
            ps, pe = found.start + self.start, found.end + self.start
            return Figure(round(direction * found.value, 6) + 0.0, float(found.raw), "%", "percent", "", None, None,
                          self.prov(ps, pe))
        follow = _PCT_AFTER.match(self.text[ce:self.end])
        listed = _PCT_LISTED.match(self.text, ce, self.end) if follow is None else None
        if listed is not None and direction:  # 比上年增加2万元、11.1%: the rate listed after the amount
            printed = float(listed[1].replace(",", ""))
            return Figure(round(direction * printed, 6) + 0.0, printed, "%", "percent", "", None, None,
                          self.prov(listed.start(1), listed.end()))
        if follow is None:
            return None
        sign = -1 if follow[1] in _DOWN or follow[1] in ("下降", "降低", "减", "削减", "降幅", "减幅") else 1
        printed = float(follow[2].replace(",", ""))
        return Figure(round(sign * printed, 6) + 0.0, printed, "%", "percent", "", None, None,
                      self.prov(ce + follow.start(2), ce + follow.end()))

    def base_level(self, base: Quantity | None, change: Quantity | None) -> Figure | None:
        """The level a comparison names (``较2024年的2190万元``) in 万元: a bare number takes
        the unit of the change amount after it; with neither unit there is none."""
        if base is None:
            return None
        if base.kind == "number":
            if change is None or change.unit not in MONEY_UNITS:
                return None
            value, unit = float(base.raw * MONEY_UNITS[change.unit]), change.unit
        else:
            value, unit = base.value, base.unit
        bs, be = base.start + self.start, base.end + self.start
        return Figure(round(value, 6), float(base.raw), unit, "money", "", None, None, self.prov(bs, be))

    def own_budget_figure(self, subject: str | None, base: Figure | None) -> None:
        """The year's own budget a 决算 is compared with (``比年初预算830万元减少``), as the budget
        metric of ``subject``."""
        metric = self.lex.counterpart(subject, "budget") if subject and base is not None else None
        if metric and metric != subject and base is not None and base.kind == "money":
            self.o.result.candidates.append(Candidate(metric, base.value, base.provenance, 2))

    def base_figure(self, subject: str, base: Figure) -> None:
        """The prior-year level a comparison states, as last year's metric of ``subject``."""
        metric = self.lex.prior(subject)
        if metric and metric in self.lex.vocabulary.metrics:
            self.o.result.candidates.append(Candidate(metric, base.value, base.provenance, 2,
                                                      note=_YEAR_ASSUMED if self.o.year_assumed else ""))

    def change_figures(self, subject: str, direction: int, amount: Figure | None, percent: Figure | None,
                       prov: Provenance) -> None:
        """``比上年减少2.28万元，下降6.1%`` → ``<subject>_change`` −2.28 and ``<subject>_change_pct`` −6.1;
        ``与上年持平`` → 0. A blank (``比上年减少 万元``) gives nothing."""
        vocabulary = self.lex.vocabulary
        note = _YEAR_ASSUMED if self.o.year_assumed else ""
        if f"{subject}_change" in vocabulary.metrics:
            if direction == 0 and (amount is None or amount.value == 0):
                self.o.result.candidates.append(Candidate(f"{subject}_change", 0, prov, 2, note=note or "持平"))
            elif amount is not None and amount.kind == "money" and direction:
                value = round(direction * amount.value, 6) + 0.0  # never −0.0
                self.o.result.candidates.append(Candidate(f"{subject}_change", value, amount.provenance, 2, note=note))
        if percent is not None and f"{subject}_change_pct" in vocabulary.metrics:
            self.o.result.candidates.append(Candidate(f"{subject}_change_pct", percent.value, percent.provenance, 2,
                                                      note=note))

    def claim(self, match: re.Match[str], cs: int) -> None:
        stage = {"预算": "budget", "决算": "final"}
        larger, smaller = stage[match[1]], stage[match[2]]
        metrics = None
        for fig in reversed(self.para_figures + self.figures):
            if fig.metric and fig.metric in self.lex.metric_concept:
                budget = self.lex.counterpart(fig.metric, "budget")
                final = self.lex.counterpart(fig.metric, "final")
                if budget and final:
                    metrics = (budget, final)
                    break
        start = cs + match.start()
        self.o.result.claims.append(Claim(larger, smaller, metrics, self.prov(start, cs + match.end(), (self.start, self.end))))


def _once_each(parts: list[Figure]) -> list[Figure] | None:
    """Each part once (a category named twice with one value is one category), or None when a
    category is named twice with two values: which one the total holds is unknown."""
    seen: dict[str, Figure] = {}
    for part in parts:
        if part.label in seen and seen[part.label].value != part.value:
            return None
        seen.setdefault(part.label, part)
    return list(seen.values())
