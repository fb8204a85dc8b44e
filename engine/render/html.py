"""The HTML report: one self-contained file, for a batch the summary, charts and every department's 评分表.

A batch's page holds the profile (name, version, sha256), the grade distribution and the points
lost per criterion as SVG charts (drawn by :mod:`.svg`), the ranked summary table (sortable by a
click on a header, filtered by a text box and a grade select) and each department's 评分表, shown
by a click on its row (or its address ``#d-N``) with the input's sha256, reasons and flags. One
department's page is its 评分表 alone. Everything is inline — the style, a small hand-written
script, the charts — so the file opens offline and fetches nothing; fonts are the system's
(a CJK font stack). The 评分表 are sent as one JSON block the script lays out on demand: the
评分标准 once for all departments and each reason text once, so 3,000 departments stay a few MB.

Pure layout of :mod:`.form`'s words: ranks, grade counts and losses come in a :class:`.form.Standing`
computed by the job. Every text is escaped (HTML, and ``<``/``>``/``&`` inside the JSON block), and
the bytes depend on the input alone: no time, no random id, iteration in the cards' order.

May import: ``rubric`` (the plan), ``atomic``, ``form``, ``numfmt``, ``svg``.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any, Callable, Sequence

from ..atomic import write_bytes
from ..rubric.plan import Plan
from .form import FORM_HEADERS, Context, Form, Standing, Summary, department_form, standards, summary_table, tab_names
from .numfmt import points_text
from .svg import grade_chart, loss_chart

FONTS = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", SimSun, sans-serif'

STYLE = """
*{box-sizing:border-box}
body{font-family:%s;margin:0 auto;padding:16px 24px 48px;max-width:1280px;color:#1f2328;font-size:14px;line-height:1.5}
h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:2px 0;word-break:break-all}
.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.chart{flex:1 1 420px;min-width:0}.chart svg{width:100%%;height:auto;display:block}
table{border-collapse:collapse;width:100%%}th,td{border:1px solid #d0d7de;padding:3px 6px;vertical-align:middle}
th{background:#ddebf7;font-weight:600}
table.small{width:auto}table.small td,table.small th{text-align:center;min-width:56px}
#rank th{cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}
#rank th[aria-sort=ascending]::after{content:" ▲"}#rank th[aria-sort=descending]::after{content:" ▼"}
#rank td.n{text-align:right;font-variant-numeric:tabular-nums}
#rank tbody tr{cursor:pointer}#rank tbody tr:hover{background:#f6f8fa}#rank tbody tr.on{background:#fff8c5}
.controls{display:flex;gap:12px;align-items:center;margin:8px 0;flex-wrap:wrap}
.controls input{font:inherit;padding:3px 6px;width:260px}.controls select{font:inherit;padding:2px 4px}
#sheet{margin-top:24px;border-top:3px solid #0969da;padding-top:8px}
#sheet h2{text-align:center;border:0;font-size:19px}
#sheet th{white-space:nowrap}#rank td:nth-child(2){white-space:nowrap}
#sheet table td.c{text-align:center}#sheet tr.sum td{font-weight:600}
#sheet .notes li{color:#9a6700}
a{color:#0969da}
@media print{.controls,#back{display:none}}
""" % FONTS

SCRIPT = r"""
(function(){
"use strict";
var data=JSON.parse(document.getElementById("data").textContent);
var sheet=document.getElementById("sheet");
function el(tag,text,cls){var e=document.createElement(tag);if(text!=null)e.textContent=text;if(cls)e.className=cls;return e;}
function show(k){
  var d=data.d[k];if(!d)return;
  sheet.textContent="";
  if(data.batch){var back=el("a","返回排名表");back.href="#rank";back.id="back";sheet.appendChild(back);}
  sheet.appendChild(el("h2",d.t));
  d.h.forEach(function(line){sheet.appendChild(el("p",line,"meta"));});
  sheet.appendChild(el("p","输入数据 sha256："+d.i,"meta"));
  var t=el("table"),head=t.createTHead().insertRow();
  data.cols.forEach(function(c){head.appendChild(el("th",c));});
  var body=t.createTBody(),starts=[{},{}];
  data.spans.forEach(function(runs,depth){runs.forEach(function(r){starts[depth][r[0]]=r[1]-r[0]+1;});});
  data.c.forEach(function(c,j){
    var tr=body.insertRow();
    for(var depth=0;depth<2;depth++){if(starts[depth][j]){var td=el("td",c[depth]);td.rowSpan=starts[depth][j];tr.appendChild(td);}}
    tr.appendChild(el("td",c[2]));tr.appendChild(el("td",d.p[j],"c"));tr.appendChild(el("td",c[3]));
    tr.appendChild(el("td",d.s[j],"c"));tr.appendChild(el("td",data.R[d.r[j]]));
  });
  var sum=body.insertRow();sum.className="sum";
  var label=el("td","合计","c");label.colSpan=3;sum.appendChild(label);
  sum.appendChild(el("td",d.m,"c"));sum.appendChild(el("td"));sum.appendChild(el("td",d.s_,"c"));sum.appendChild(el("td"));
  sheet.appendChild(t);
  if(d.n.length){var ul=el("ul",null,"notes");d.n.forEach(function(n){ul.appendChild(el("li",n));});sheet.appendChild(ul);}
  sheet.hidden=false;
  var rows=document.querySelectorAll("#rank tbody tr.on");for(var i=0;i<rows.length;i++)rows[i].className="";
  var row=document.getElementById("r-"+k);if(row)row.className="on";
}
function fromHash(){var m=/^#d-(\d+)$/.exec(location.hash);if(m){show(+m[1]);sheet.scrollIntoView();}}
window.addEventListener("hashchange",fromHash);
var table=document.getElementById("rank");
if(!table){show(0);return;}
var tbody=table.tBodies[0],rows=Array.prototype.slice.call(tbody.rows),keys={},heads=table.tHead.rows[0].cells;
tbody.addEventListener("click",function(ev){
  if(ev.target.tagName==="A")return;
  var tr=ev.target.closest("tr");if(!tr)return;
  var k=+tr.id.slice(2);show(k);sheet.scrollIntoView();history.pushState(null,"","#d-"+k);
});
function key(col,numeric){
  if(keys[col])return keys[col];
  var out=rows.map(function(r,i){
    var cell=r.cells[col],v=cell.getAttribute("data-v");if(v==null)v=cell.textContent;
    if(numeric){v=v===""?null:parseFloat(v);if(isNaN(v))v=null;}
    return {row:r,v:v,i:i};
  });
  return keys[col]=out;
}
var collator=new Intl.Collator("zh-CN");
Array.prototype.forEach.call(heads,function(th,col){
  th.addEventListener("click",function(){
    var asc=th.getAttribute("aria-sort")!=="ascending",numeric=th.getAttribute("data-t")==="n";
    Array.prototype.forEach.call(heads,function(h){h.removeAttribute("aria-sort");});
    th.setAttribute("aria-sort",asc?"ascending":"descending");
    var list=key(col,numeric).slice(),dir=asc?1:-1;
    list.sort(function(a,b){
      if(a.v==null||b.v==null)return a.v==null?(b.v==null?a.i-b.i:1):-1;
      var c=numeric?a.v-b.v:collator.compare(a.v,b.v);
      return c?c*dir:a.i-b.i;
    });
    table.removeChild(tbody);  // reordered detached: one layout, not one per row
    list.forEach(function(e){tbody.appendChild(e.row);});
    table.appendChild(tbody);
  });
});
var q=document.getElementById("q"),g=document.getElementById("g"),count=document.getElementById("count");
var texts=rows.map(function(r){return r.getAttribute("data-q").toLowerCase();});
var grades=rows.map(function(r){return r.getAttribute("data-g");});
function filter(){
  var text=q.value.trim().toLowerCase(),grade=g.value,shown=0;
  rows.forEach(function(r,i){var ok=(!text||texts[i].indexOf(text)>=0)&&(!grade||grades[i]===grade);r.hidden=!ok;if(ok)shown++;});
  count.textContent="显示 "+shown+" / "+rows.length+" 个部门";
}
q.addEventListener("input",filter);g.addEventListener("change",filter);filter();
fromHash();
})();
"""


def _number(value: Any) -> str:
    return "" if value is None else points_text(value)


def _json_block(value: Any) -> str:
    """JSON safe inside a <script> element: no ``<``, ``>`` or ``&`` can end it or start a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_html(cards: list[dict[str, Any]], plan: Plan, path: str | Path, standing: Standing | None,
               context: Context = Context(), progress: Callable[[int], Any] | None = None) -> None:
    """The report (``standing`` given: a batch) or one department's 评分表 as one HTML file at ``path``, atomically;
    ``progress`` is called with 1 as each department is laid out."""
    write_bytes(path, page(cards, plan, standing, context, progress).encode("utf-8"))


def page(cards: Sequence[dict[str, Any]], plan: Plan, standing: Standing | None, context: Context = Context(),
         progress: Callable[[int], Any] | None = None) -> str:
    """The whole document as text."""
    tabs = tab_names(cards)
    texts = standards(plan)
    forms = []
    for card, tab in zip(cards, tabs):
        forms.append(department_form(card, plan, tab, context, texts))
        if progress is not None:
            progress(1)
    profile = plan.profile
    if standing is None:
        title = forms[0].title if forms else "评分表"
    else:
        title = f"部门整体支出绩效评价结果报告（{len(cards)} 个部门）"
    parts = ['<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
             'script-src \'unsafe-inline\'">\n',
             f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
             f'<header>\n<h1>{escape(title)}</h1>\n',
             f'<p class="meta">评分依据：{escape(profile.name)}（{escape(profile.version)}版）</p>\n',
             f'<p class="meta" id="profile-sha">评分规则 sha256：{escape(profile.sha256)}</p>\n']
    if context.evaluator or context.date:
        parts.append(f'<p class="meta">评价单位：{escape(context.evaluator or "")}　'
                     f'评价日期：{escape(context.date or "")}</p>\n')
    parts.append("</header>\n<noscript><p>评分表和排序由页面内的脚本显示，请启用 JavaScript。</p></noscript>\n")
    if standing is not None:
        parts.append(_summary(summary_table(cards, plan, standing, tabs), standing, tabs))
    parts.append('<section id="sheet" hidden></section>\n')
    parts.append(f'<script type="application/json" id="data">{_json_block(_sheets(forms, cards, standing))}</script>\n')
    parts.append(f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
    return "".join(parts)


def _sheets(forms: Sequence[Form], cards: Sequence[dict[str, Any]], standing: Standing | None) -> dict[str, Any]:
    """The 评分表 as data: the criterion columns once (c, spans), each reason text once (R), per department
    its title, header lines, points, scores, reason numbers, notes and input hash."""
    reasons: dict[str, int] = {"": 0}
    first = forms[0] if forms else None
    departments = []
    for form, card in zip(forms, cards):
        departments.append({
            "t": form.title, "h": form.header, "i": (card.get("input") or {}).get("sha256", ""),
            "p": [_number(row.points) for row in form.rows], "s": [_number(row.score) for row in form.rows],
            "r": [reasons.setdefault(row.reason, len(reasons)) for row in form.rows],
            "n": form.notes, "m": _number(form.max_total), "s_": _number(form.total)})
    return {"batch": standing is not None, "cols": list(FORM_HEADERS),
            "c": [[row.first, row.second, row.third, row.standard] for row in first.rows] if first else [],
            "spans": first.spans if first else [[], []], "R": list(reasons), "d": departments}


def _summary(summary: Summary, standing: Standing, tabs: Sequence[str]) -> str:
    """Charts, the distribution table and the ranked table (rows keep the cards' numbers in their ids)."""
    index = {tab: k for k, tab in enumerate(tabs)}
    grades = {label: str(k) for k, label in enumerate(standing.grade_labels)}
    headers = summary.headers[:-1]  # the sheet-name column becomes the row's link
    numeric = [k for k, h in enumerate(headers) if h not in ("地区", "部门", "年度", "等级")]
    out = ['<section id="summary">\n<h2>等级分布与失分</h2>\n<div class="charts">\n',
           '<figure class="chart" id="chart-grades"><figcaption>等级分布（部门数）</figcaption>\n',
           grade_chart(standing.grade_labels, standing.distribution), "</figure>\n",
           '<figure class="chart" id="chart-losses"><figcaption>各指标平均每个部门失分（分）</figcaption>\n',
           loss_chart(standing.losses), "</figure>\n</div>\n",
           '<table class="small" id="distribution"><thead><tr>',
           "".join(f"<th>{escape(h)}</th>" for h in summary.distribution_headers), "</tr></thead><tbody>\n"]
    for values in summary.distribution:
        out.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in values) + "</tr>\n")
    out.append(f'</tbody></table>\n<h2>排名</h2>\n<p class="meta">{escape(summary.subtitle)}</p>\n')
    out.append('<div class="controls"><input id="q" type="search" placeholder="按地区、部门或年度筛选" '
               'aria-label="筛选"><select id="g" aria-label="等级"><option value="">全部等级</option>')
    out += [f'<option value="{escape(label)}">{escape(label)}</option>' for label in standing.grade_labels]
    out.append('</select><span id="count"></span></div>\n<table id="rank"><thead><tr>')
    numeric_mark = ' data-t="n"'
    out += [f'<th{numeric_mark if k in numeric else ""} title="点击排序">{escape(h)}</th>' for k, h in enumerate(headers)]
    out.append("<th>评分表</th></tr></thead><tbody>\n")
    grade_at = headers.index("等级")
    for values, tab in zip(summary.rows, summary.tabs):
        k = index[tab]
        region, name, year = (str(v or "") for v in values[1:4])
        cells = []
        for j, value in enumerate(values[:-1]):
            if j == grade_at:
                cells.append(f'<td data-v="{grades.get(value, "")}">{escape(str(value))}</td>')
            elif j in numeric:
                cells.append(f'<td class="n">{_number(value)}</td>')
            else:
                cells.append(f"<td>{escape(str(value or ''))}</td>")
        out.append(f'<tr id="r-{k}" data-g="{escape(str(values[grade_at]))}" '
                   f'data-q="{escape(region + " " + name + " " + year)}">{"".join(cells)}'
                   f'<td><a href="#d-{k}">查看</a></td></tr>\n')
    out.append("</tbody></table>\n</section>\n")
    return "".join(out)
