package io.millrace.quality.report.internal;

/** The report's inline stylesheet and script: the file must open offline, with no external asset. */
public final class Assets {
  private Assets() {}

  public static final String CSS = String.join("\n",
      "body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}",
      "header{background:#1f2d3d;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}",
      "main{padding:16px 24px}.muted{color:#6b7785;font-size:12px}header .muted{color:#c5ced8}",
      ".totals{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}.totals div{background:rgba(255,255,255,.12);padding:4px 10px;border-radius:4px}",
      ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}",
      ".ok{background:#2e7d32}.fail{background:#c62828}.warn{background:#ef6c00}.neutral{background:#607d8b}",
      "table{border-collapse:collapse;width:100%;background:#fff;margin:8px 0}th,td{border-bottom:1px solid #e3e7ec;padding:4px 8px;text-align:left;vertical-align:top}",
      "th{background:#eef1f4;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}",
      "details.table{background:#fff;border:1px solid #dde2e8;border-radius:6px;margin:10px 0;padding:0 12px}",
      "details.table>summary{cursor:pointer;padding:10px 0;font-size:15px}details.table>summary b{margin-right:8px}",
      ".samples code{background:#f1f3f5;margin-right:4px;padding:0 3px;word-break:break-all}",
      ".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{margin:0;background:#fafbfc;border:1px solid #e3e7ec;padding:6px}",
      ".chart figcaption{font-size:12px}.chart polyline{fill:none;stroke:#3f6fb5;stroke-width:1.5}",
      ".chart circle.pt{fill:#3f6fb5}.chart circle.cur{fill:#ff9800;stroke:#000}.chart circle.anom{fill:#c62828}",
      ".bar{background:#3f6fb5;height:10px;display:inline-block;min-width:1px}.bar.failed{background:#c62828}",
      ".controls{margin:8px 0 12px;display:flex;gap:16px;align-items:center}.error{color:#c62828;white-space:pre-wrap}",
      "body.failures-only tr.pass,body.failures-only details.table.pass{display:none}");

  /** Failures-only toggle and table-name filter; plain DOM, no framework. */
  public static final String JS = String.join("\n",
      "document.getElementById('failures-only').addEventListener('change',function(e){",
      "  document.body.classList.toggle('failures-only',e.target.checked);});",
      "document.getElementById('table-filter').addEventListener('input',function(e){",
      "  var q=e.target.value.toLowerCase();",
      "  document.querySelectorAll('details.table').forEach(function(d){",
      "    d.style.display=d.dataset.table.toLowerCase().indexOf(q)>=0?'':'none';});});",
      "document.getElementById('expand-all').addEventListener('click',function(){",
      "  var all=document.querySelectorAll('details.table'),open=!all[0]||!all[0].open;",
      "  all.forEach(function(d){d.open=open;});});");
}
