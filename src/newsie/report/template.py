"""The page around the report's parts: inline CSS and a few lines of inline JS
(type filter, text search, map-to-table link). Nothing is fetched: no fonts, no
scripts, no styles from elsewhere, so the file opens the same offline."""

from __future__ import annotations

import html

CSS = """
body{font-family:system-ui,"Segoe UI","Noto Sans","Noto Naskh Arabic","DejaVu Sans",sans-serif;
 margin:0;color:#1d1d1f;background:#fafafa}
header{background:#233142;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d3dd;font-size:13px}
main{padding:12px 24px;max-width:1200px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 16px;margin:12px 0}
h2{font-size:17px;margin:0 0 8px}
.totals{display:flex;flex-wrap:wrap;gap:10px}
.total{background:#f1f4f7;border-radius:6px;padding:8px 14px;min-width:110px}
.total b{display:block;font-size:22px}.total span{font-size:12px;color:#555}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:6px}
.key i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px;
 border-radius:2px}
.cols{display:flex;flex-wrap:wrap;gap:12px}.cols>section{flex:1 1 340px;margin:0}
.bars td{padding:2px 6px;font-size:13px}.bars .bar{background:#4e79a7;height:10px;border-radius:2px}
.gloss{color:#666;font-size:12px}
#map{width:100%;max-width:1000px;height:auto}
.note,.empty{color:#666;font-size:12px}
#map .ev{cursor:pointer}#map .ev:hover{stroke-width:2.5}
.filters{display:flex;gap:10px;align-items:center;margin-bottom:8px;font-size:14px}
.filters input{flex:1;padding:5px 8px;font-size:14px}
table.events{border-collapse:collapse;width:100%;font-size:13px}
table.events th{background:#f1f4f7;text-align:left;position:sticky;top:0}
table.events td,table.events th{border-bottom:1px solid #e6e6e6;padding:5px 6px;vertical-align:top}
table.events tr.hit{background:#fff6cc}
td[dir=rtl]{text-align:right;font-size:14px;line-height:1.6}
mark{background:#ffd54f;padding:0 2px;border-radius:2px}
.type{white-space:nowrap;font-weight:600}
td.date{white-space:nowrap}
"""

JS = """
(function(){
 var sel=document.getElementById('type'),q=document.getElementById('q'),
     rows=[].slice.call(document.querySelectorAll('table.events tbody tr')),
     shown=document.getElementById('shown');
 function apply(){
  var t=sel.value,s=q.value.trim().toLowerCase(),n=0;
  rows.forEach(function(r){
   var ok=(!t||r.getAttribute('data-type')===t)&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);
   r.style.display=ok?'':'none';if(ok)n++;});
  shown.textContent=n+' of '+rows.length+' events shown';
 }
 // A link may carry the filters: report.html#type=ARREST&q=كركوك
 location.hash.slice(1).split('&').forEach(function(kv){
  var i=kv.indexOf('='),k=kv.slice(0,i),v=decodeURIComponent(kv.slice(i+1));
  if(k==='type')sel.value=v;if(k==='q')q.value=v;});
 sel.addEventListener('change',apply);q.addEventListener('input',apply);
 [].slice.call(document.querySelectorAll('#map .ev')).forEach(function(c){
  c.addEventListener('click',function(){
   var r=document.getElementById('row-'+c.getAttribute('data-event'));
   if(!r)return;sel.value='';q.value='';apply();
   rows.forEach(function(x){x.classList.remove('hit');});
   r.classList.add('hit');r.scrollIntoView({block:'center'});});
 });
 apply();
})();
"""


def page(title: str, subtitle: str, body: str) -> str:
    """The whole HTML document; `body` is already escaped HTML."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p></header>"
        f"<main>{body}</main><script>{JS}</script></body></html>\n"
    )
