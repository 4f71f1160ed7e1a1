"""The fixed parts of ``summary.html``: its style sheet, its script and its Jinja2 templates.

``html.templates()`` loads ``TEMPLATES`` with autoescaping on: every ``{{ value }}`` is
escaped (``None`` renders as nothing), so nothing a document says becomes markup.  The
templates get plain data from ``html.render``; the parts are macros the page imports.
``CSS`` and ``SCRIPT`` go in as they are (template globals): nothing in them comes from a
document.
"""

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ddd;padding:2px 6px;vertical-align:top;font-size:.9em}
th{background:#f3f3f3;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.path{font-family:monospace;word-break:break-all}.note{color:#666;font-size:.9em}
.sev-error .sev{color:#b00020;font-weight:bold}.sev-warning .sev{color:#a65e00}.sev-info .sev{color:#2a6}
.errors{font-weight:bold}.ev{font-size:.85em}.where{color:#666;font-family:monospace}
.basis{color:#777;font-size:.8em}.fid{font-family:monospace;font-size:.8em;color:#555}
.who{color:#777;font-size:.75em}.review-note{width:10em}
tr[data-review=confirmed] td.review{background:#fde2e2}tr[data-review=dismissed] td.review{background:#e6e6e6}
tr[data-review=follow-up] td.review{background:#fff3cd}tr.changed td.review{outline:2px solid #3b6ea5}
.incomplete{background:#fff3cd;border:1px solid #e0c060;padding:.5em}
#filters label{margin-right:.8em;white-space:nowrap}#filters fieldset{margin:.3em 0}
.hidden{display:none}details summary{cursor:pointer;color:#3b6ea5}
"""

SCRIPT = r"""
(function(){
  var KEY='extractor-review';
  function parseHash(){
    var out={};
    location.hash.replace(/^#/,'').split('&').forEach(function(p){
      if(!p)return; var i=p.indexOf('='); if(i<0)return;
      out[decodeURIComponent(p.slice(0,i))]=decodeURIComponent(p.slice(i+1));
    });
    return out;
  }
  function $all(sel,root){return Array.prototype.slice.call((root||document).querySelectorAll(sel));}
  var boxes=function(name){return $all('input[name="'+name+'"]');};
  function chosen(name){return boxes(name).filter(function(b){return b.checked;}).map(function(b){return b.value;});}
  function local(){try{return JSON.parse(localStorage.getItem(KEY)||'{}');}catch(e){return {};}}
  function saveLocal(m){try{localStorage.setItem(KEY,JSON.stringify(m));}catch(e){}}
  var search=document.getElementById('search'), sortSel=document.getElementById('sort');
  var rows=$all('tr.finding');
  function applyLocal(){
    var m=local(), n=0;
    rows.forEach(function(tr){
      var d=m[tr.dataset.id]; if(!d)return;
      n++; tr.dataset.review=d.status; tr.classList.add('changed');
      tr.querySelector('select.review-status').value=d.status;
      tr.querySelector('input.review-note').value=d.note||'';
    });
    document.getElementById('review-status').textContent=n+' decision(s) made in this browser, not yet imported';
  }
  function decide(tr){
    var m=local(), st=tr.querySelector('select.review-status').value;
    m[tr.dataset.id]={id:tr.dataset.id,status:st,note:tr.querySelector('input.review-note').value,
      by:document.getElementById('reviewer').value,at:new Date().toISOString().replace(/\.\d+Z$/,'Z')};
    saveLocal(m); applyLocal(); apply();
  }
  function sortFiles(how){
    var table=document.getElementById('files'); var bodies=$all('tbody.file',table);
    function num(v,dflt){return v===''||v===undefined?dflt:parseFloat(v);}
    var keys={rank:function(b){return num(b.dataset.rank,0);},
      path:function(b){return b.dataset.path;},
      'score-asc':function(b){return num(b.dataset.score,Infinity);},
      'score-desc':function(b){return -num(b.dataset.score,-Infinity);}};
    var k=keys[how]||keys.rank;
    bodies.sort(function(a,b){var x=k(a),y=k(b);return x<y?-1:x>y?1:num(a.dataset.rank,0)-num(b.dataset.rank,0);});
    bodies.forEach(function(b){table.appendChild(b);});
  }
  function apply(){
    var sev=chosen('severity'), codes=chosen('code'), rev=chosen('review');
    var q=(search.value||'').trim().toLowerCase();
    var allCodes=boxes('code').length===codes.length, allSev=boxes('severity').length===sev.length,
        allRev=boxes('review').length===rev.length;
    var narrowed=!(allCodes&&allSev&&allRev)||q!=='';
    var nFind=0,nFiles=0;
    $all('tbody.file').forEach(function(tb){
      var shown=0, fileHit=q!=='' && tb.dataset.path.toLowerCase().indexOf(q)>=0;
      $all('tr.finding',tb).forEach(function(tr){
        var ok=sev.indexOf(tr.dataset.severity)>=0 && codes.indexOf(tr.dataset.code)>=0
          && rev.indexOf(tr.dataset.review||'open')>=0
          && (q===''||fileHit||tr.textContent.toLowerCase().indexOf(q)>=0);
        tr.classList.toggle('hidden',!ok); if(ok)shown++;
      });
      var cell=tb.querySelector('td.shown'); if(cell)cell.textContent=shown;
      var hide=narrowed && shown===0 && !fileHit;
      tb.classList.toggle('hidden',hide);
      if(!hide){nFiles++; nFind+=shown;}
    });
    sortFiles(sortSel.value);
    document.getElementById('filter-status').textContent=
      'Showing '+nFind+' finding(s) in '+nFiles+' file(s)';
    var h=[]; if(!allSev)h.push('severity='+sev.join(',')); if(!allCodes)h.push('code='+codes.join(','));
    if(!allRev)h.push('review='+rev.join(',')); if(q)h.push('q='+encodeURIComponent(search.value.trim()));
    if(sortSel.value!=='rank')h.push('sort='+sortSel.value);
    var want=h.length?'#'+h.join('&'):'';
    if(location.hash!==want && !(want===''&&location.hash==='')) history.replaceState(null,'',want||location.pathname);
  }
  function fromHash(){
    var h=parseHash();
    ['severity','code','review'].forEach(function(name){
      var want=name in h?h[name].split(','):null;
      boxes(name).forEach(function(b){b.checked=want===null||want.indexOf(b.value)>=0;});
    });
    search.value=h.q||''; sortSel.value=h.sort||'rank';
    apply();
  }
  function exportDecisions(){
    var m=local(), ids={}; rows.forEach(function(tr){ids[tr.dataset.id]=1;});
    var list=Object.keys(m).filter(function(k){return ids[k];}).map(function(k){return m[k];});
    var blob=new Blob([JSON.stringify({format:'extractor-review',decisions:list},null,1)],{type:'application/json'});
    var a=document.createElement('a'); a.href=URL.createObjectURL(blob); a.download='decisions.json';
    document.body.appendChild(a); a.click(); a.remove();
  }
  function importDecisions(file){
    var r=new FileReader();
    r.onload=function(){
      try{var data=JSON.parse(r.result); var list=data.decisions||data; var m=local();
        list.forEach(function(d){if(d&&d.id&&d.status)m[d.id]=d;}); saveLocal(m); applyLocal(); apply();}
      catch(e){alert('Not a decisions file: '+e);}
    };
    r.readAsText(file);
  }
  $all('#filters input[type=checkbox]').forEach(function(b){b.addEventListener('change',apply);});
  search.addEventListener('input',apply); sortSel.addEventListener('change',apply);
  document.getElementById('all-codes').addEventListener('click',function(){boxes('code').forEach(function(b){b.checked=true;});apply();});
  document.getElementById('no-codes').addEventListener('click',function(){boxes('code').forEach(function(b){b.checked=false;});apply();});
  rows.forEach(function(tr){
    tr.querySelector('select.review-status').addEventListener('change',function(){decide(tr);});
    tr.querySelector('input.review-note').addEventListener('change',function(){decide(tr);});
  });
  var who=document.getElementById('reviewer');
  who.value=localStorage.getItem(KEY+'-by')||''; who.addEventListener('change',function(){localStorage.setItem(KEY+'-by',who.value);});
  document.getElementById('export').addEventListener('click',exportDecisions);
  document.getElementById('import').addEventListener('change',function(e){if(e.target.files[0])importDecisions(e.target.files[0]);});
  document.getElementById('forget').addEventListener('click',function(){saveLocal({});location.reload();});
  window.addEventListener('hashchange',fromHash);
  applyLocal();
  fromHash();
})();
"""

PAGE = """{% from "file_block" import file_block %}
{%- from "code_overview" import code_overview %}
{%- from "problems" import problems_table %}
{%- from "duplicates" import duplicates_table -%}
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{{ title }} — summary</title>
<style>{{ css }}</style></head>
<body>
<h1>{{ title }} — summary</h1>
{% if pending is not none %}<p class="incomplete" id="incomplete">This scan is not finished: {{ pending }} file(s) still to read. Run the same command again to continue.</p>{% endif %}
<p id="counts">Files: {{ stat }}. Reports read: {{ n_reports }}; findings: {{ n_find }}; reviewed: {{ n_reviewed }}.</p>
<p class="note">extractor {{ v_ext }}, schema {{ v_schema }}, patterns {{ v_pat }}.
Full data: reports.jsonl, reports.parquet, findings.csv, findings.parquet, *.parquet, errors.jsonl, manifest.json.</p>
<h2>Score distribution</h2>
{{ chart }}<p class="note">{{ n_scored }} of {{ n_reports }} report(s) have a score ({{ sources }}).</p>
<h2>Findings by code</h2>
{{ code_overview(code_rows) }}
<h2>Files ranked by errors</h2>
<form id="filters" onsubmit="return false">
<fieldset><legend>Severity</legend>{% for s in severities %}<label><input type="checkbox" name="severity" value="{{ s }}" checked> {{ s }}</label>{% endfor %}</fieldset>
<fieldset><legend>Code</legend>{% for c in code_boxes %}<label title="{{ c.name }}"><input type="checkbox" name="code" value="{{ c.code }}" checked> {{ c.code }}</label>{% else %}<span class="note">no findings</span>{% endfor %}
<button type="button" id="all-codes">all</button><button type="button" id="no-codes">none</button></fieldset>
<fieldset><legend>Review</legend>{% for s in review_states %}<label><input type="checkbox" name="review" value="{{ s }}" checked> {{ s }}</label>{% endfor %}</fieldset>
<fieldset><legend>Search and order</legend>
<input type="search" id="search" placeholder="file, message, evidence…" size="30">
<select id="sort" aria-label="order of files"><option value="rank">most errors first</option>
<option value="path">file name</option><option value="score-asc">score, lowest first</option>
<option value="score-desc">score, highest first</option></select></fieldset>
<fieldset id="review-tools"><legend>Review decisions</legend>
<label>reviewer <input type="text" id="reviewer" size="10"></label>
<button type="button" id="export">export decisions.json</button>
<label>import <input type="file" id="import" accept=".json,application/json"></label>
<button type="button" id="forget">forget this browser's decisions</button>
<span id="review-status" class="note"></span>
<p class="note">This page cannot write files: decisions made here stay in this browser until exported.
Keep them with <code>extractor review OUT import decisions.json</code>; the next scan shows them
(findings.csv, this page), keyed by the finding id, which stays the same while the finding's numbers and place do.</p>
</fieldset>
</form>
<p id="filter-status">Showing {{ n_find }} finding(s) in {{ n_files }} file(s)</p>
<table id="files"><thead><tr><th>#</th><th>file</th><th>format</th><th>kind</th><th>unit / project</th>
<th>score</th><th>grade</th><th>errors</th><th>warnings</th><th>info</th><th>shown</th></tr></thead>
{% for f in files %}{{ file_block(f) }}{% endfor %}</table>
<h2>Files not read</h2>
{{ problems_table(problems) }}
<h2>Duplicates</h2>
{{ duplicates_table(duplicates) }}
<script>{{ script }}</script>
</body></html>
"""

TABLE = (
    '{% macro table(table_id, heads, rows, empty) %}{% if rows %}<table id="{{ table_id }}">'
    "<thead><tr>{% for x in heads %}<th>{{ x }}</th>{% endfor %}</tr></thead>"
    "<tbody>{{ caller() }}</tbody></table>"
    '{% else %}<p class="note">{{ empty }}</p>{% endif %}{% endmacro %}'
)
"""A table under its header row (its rows from the ``call`` block), or a note where it has none."""

EVIDENCE = (
    "{% macro evidence(e, href) %}"
    '<div class="ev"><span class="where">'
    "{% if e.block is not none %}block {{ e.block }}{% endif %}"
    "{% if e.block is not none and e.page is not none %}, {% endif %}"
    '{% if e.page is not none %}<a class="page" href="{{ href }}#page={{ e.page }}">'
    "page {{ e.page }}</a>{% endif %}"
    "</span> {{ e.text }}</div>{% endmacro %}"
)

REVIEW_CELL = (
    "{% macro review_cell(fid, r) %}"
    '<td class="review"><select class="review-status" aria-label="review of {{ fid }}">'
    "{% for s in review_states %}"
    '<option value="{{ s }}"{% if s == r.status %} selected{% endif %}>{{ s }}</option>'
    "{% endfor %}</select>"
    '<input class="review-note" type="text" placeholder="note" value="{{ r.note }}">'
    '{% if r.decided %}<div class="who">{{ r.by }} {{ r.at }}</div>{% endif %}'
    "</td>{% endmacro %}"
)
"""``r``: the finding's review state (``status``, ``note``; ``by`` and ``at`` when ``decided``)."""

FINDING_ROW = (
    '{% from "evidence" import evidence %}{% from "review_cell" import review_cell %}'
    "{% macro finding_row(f, href) %}"
    '<tr class="finding sev-{{ f.sev }}" id="f-{{ f.id }}" data-id="{{ f.id }}" '
    'data-code="{{ f.code }}" data-severity="{{ f.sev }}" data-review="{{ f.review.status }}">'
    '<td class="fid" title="{{ f.id }}">{{ f.id[:10] }}</td>'
    '<td class="code" title="{{ f.title }}">{{ f.code }}</td><td class="sev">{{ f.sev }}</td>'
    '<td>{{ f.message }}<div class="basis">{{ f.basis }}</div></td>'
    '<td class="num">{{ f.expected }}</td><td class="num">{{ f.actual }}</td>'
    '<td class="num">{{ f.difference }}</td><td class="num">{{ f.tolerance }}</td>'
    "<td>{% for e in f.evidence %}{{ evidence(e, href) }}{% endfor %}</td>"
    "{{ review_cell(f.id, f.review) }}</tr>{% endmacro %}"
)

FILE_BLOCK = (
    '{% from "finding_row" import finding_row %}'
    "{% macro file_block(r) %}"
    '<tbody class="file" data-path="{{ r.path }}" data-codes="{{ r.codes }}" '
    'data-rank="{{ r.rank }}" data-score="{{ r.score }}">'
    '<tr class="file-row"><td class="num">{{ r.rank }}</td>'
    '<td class="path"><a href="{{ r.href }}">{{ r.path }}</a></td>'
    "<td>{{ r.format }}</td><td>{{ r.kind }}</td><td>{{ r.who }}</td>"
    '<td class="num">{{ r.score }}</td><td>{{ r.grade }}</td>'
    '<td class="num errors">{{ r.errors }}</td><td class="num">{{ r.warnings }}</td>'
    '<td class="num">{{ r.infos }}</td><td class="num shown">{{ r.n_findings }}</td></tr>'
    "{% if r.n_findings %}"
    '<tr class="detail"><td></td><td colspan="10"><details{% if r.open %} open{% endif %}>'
    "<summary>findings</summary>"
    '<table class="findings"><thead><tr>'
    "{% for x in finding_heads %}<th>{{ x }}</th>{% endfor %}</tr></thead><tbody>"
    "{% for f in r.findings %}{{ finding_row(f, r.href) }}{% endfor %}"
    '{% if r.more %}<tr><td colspan="{{ finding_heads|length }}" class="note">'
    "{{ r.more }} more finding(s) in findings.csv</td></tr>{% endif %}"
    "</tbody></table></details></td></tr>"
    "{% endif %}</tbody>{% endmacro %}"
)
"""One file of the ranking: its row, and its findings (those within the page's budget) folded under it."""

CODE_OVERVIEW = (
    '{% from "table" import table %}'
    "{% macro code_overview(rows) %}"
    '{% call table("codes", ["code", "rule", "what it finds", "severity", "findings", "files"], '
    'rows, "No findings.") %}'
    "{% for c in rows %}"
    '<tr><td class="code"><a href="#code={{ c.code }}">{{ c.code }}</a></td><td>{{ c.name }}</td>'
    "<td>{{ c.meaning }}</td><td>{{ c.sev }}</td>"
    '<td class="num">{{ c.n }}</td><td class="num">{{ c.files }}</td></tr>'
    "{% endfor %}{% endcall %}{% endmacro %}"
)

PROBLEMS = (
    '{% from "table" import table %}'
    "{% macro problems_table(rows) %}"
    '{% call table("problems", ["file", "status", "kind", "problem", "what to do"], '
    'rows, "Every file found was read.") %}'
    "{% for p in rows %}"
    '<tr class="problem status-{{ p.status }}"><td class="path">{{ p.path }}</td>'
    "<td>{{ p.status }}</td><td>{{ p.kind }}</td><td>{{ p.problem }}</td><td>{{ p.fix }}</td></tr>"
    "{% endfor %}{% endcall %}{% endmacro %}"
)

DUPLICATES = (
    '{% from "table" import table %}'
    "{% macro duplicates_table(rows) %}"
    '{% call table("duplicates", ["file", "same content as (read once)", "sha256"], '
    'rows, "No duplicate files.") %}'
    "{% for d in rows %}"
    '<tr class="duplicate"><td class="path">{{ d.path }}</td>'
    '<td class="path">{{ d.duplicate_of }}</td><td class="sha">{{ d.sha }}</td></tr>'
    "{% endfor %}{% endcall %}{% endmacro %}"
)

TEMPLATES = {
    "page": PAGE,
    "table": TABLE,
    "evidence": EVIDENCE,
    "review_cell": REVIEW_CELL,
    "finding_row": FINDING_ROW,
    "file_block": FILE_BLOCK,
    "code_overview": CODE_OVERVIEW,
    "problems": PROBLEMS,
    "duplicates": DUPLICATES,
}
"""Each part by name, for ``jinja2.DictLoader``: the page imports the parts' macros."""
