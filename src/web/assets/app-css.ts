/** The one stylesheet: plain, calm and dense (a billing tool, not a landing page). */
/** Widths and positions in whole percent, as classes: the CSP allows no inline style attribute. */
const PERCENT_CLASSES = Array.from({ length: 101 }, (_, n) => `.gauge .w${n}{width:${n}%} .gauge .m${n}{left:${n}%}`).join("\n");

export const APP_CSS = `
:root { --ink:#1d2329; --muted:#56606b; --line:#d5dbe1; --bg:#f6f7f9; --panel:#fff; --accent:#1f5fa8;
  --red:#9b1c1c; --red-bg:#fdecec; --amber:#7a4b00; --amber-bg:#fff4d6; --green:#1e5b2f; --green-bg:#e6f4ea; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color:var(--accent); }
.skip { position:absolute; left:-9999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:2; }
header.top { display:flex; align-items:center; gap:16px; background:#fff; border-bottom:1px solid var(--line); padding:6px 16px; flex-wrap:wrap; }
.brand { font-weight:700; text-decoration:none; color:var(--ink); }
nav ul { display:flex; gap:4px; list-style:none; margin:0; padding:0; }
nav a { display:block; padding:4px 10px; border-radius:4px; text-decoration:none; }
nav a[aria-current="page"] { background:var(--accent); color:#fff; }
.sign-out { margin-left:auto; display:flex; gap:8px; align-items:center; color:var(--muted); }
main { padding:12px 16px 32px; max-width:1400px; }
main:focus { outline:none; }
h1 { font-size:20px; margin:4px 0 12px; } h2 { font-size:16px; margin:20px 0 8px; } h3 { font-size:14px; margin:12px 0 6px; }
table { border-collapse:collapse; width:100%; background:var(--panel); border:1px solid var(--line); }
th, td { padding:4px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
th { background:#eef1f4; font-weight:600; white-space:nowrap; }
th button.sort { all:unset; cursor:pointer; } th button.sort:focus-visible { outline:2px solid var(--accent); }
th a.sort-link { color:inherit; text-decoration:none; } th a.sort-link:hover { text-decoration:underline; }
th[aria-sort="ascending"] button.sort::after { content:" ▲"; } th[aria-sort="descending"] button.sort::after { content:" ▼"; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
tfoot td { font-weight:600; }
.badge { display:inline-block; padding:0 6px; border-radius:3px; font-size:12px; border:1px solid currentColor; white-space:nowrap; }
.badge-reject, .badge-invalid, .badge-error, .badge-denied { color:var(--red); background:var(--red-bg); }
.badge-review, .badge-warning, .badge-draft, .badge-partial, .badge-appealed { color:var(--amber); background:var(--amber-bg); }
.badge-clean, .badge-ready, .badge-paid { color:var(--green); background:var(--green-bg); }
.badge-info, .badge-submitted, .badge-void, .badge-replaced { color:var(--muted); background:#f0f2f4; }
form.filters { display:flex; flex-wrap:wrap; gap:8px 12px; align-items:end; margin:0 0 10px; }
label { display:flex; flex-direction:column; gap:2px; font-size:12px; color:var(--muted); }
input, select, button, textarea { font:inherit; }
input, select, textarea { padding:3px 6px; border:1px solid #9aa5b1; border-radius:3px; background:#fff; color:var(--ink); }
button { padding:4px 12px; border:1px solid var(--accent); background:var(--accent); color:#fff; border-radius:3px; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible { outline:2px solid #f0a500; outline-offset:1px; }
.error { border:1px solid var(--red); background:var(--red-bg); color:var(--red); padding:6px 10px; margin:8px 0; }
.notice { border:1px solid var(--green); background:var(--green-bg); color:var(--green); padding:6px 10px; }
.muted { color:var(--muted); }
.sign-in { max-width:320px; margin:60px auto; background:#fff; border:1px solid var(--line); padding:20px; }
.sign-in form { display:flex; flex-direction:column; gap:10px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(420px, 1fr)); gap:12px; }
.panel { background:#fff; border:1px solid var(--line); padding:8px 12px; }
.facts { display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; margin:0; } .facts dt { color:var(--muted); } .facts dd { margin:0; }
.pager { display:flex; gap:12px; align-items:center; margin:8px 0; }
.findings li { margin-bottom:6px; } .findings .fix { display:block; } .findings .source { display:block; color:var(--muted); font-size:12px; }
.gauge { background:#e9edf1; height:14px; position:relative; border:1px solid var(--line); }
.gauge .fill { background:var(--accent); height:100%; }
.gauge .mark { position:absolute; top:-3px; bottom:-3px; width:2px; background:var(--red); }
.actions { display:flex; gap:8px; flex-wrap:wrap; margin:8px 0; }
.chart-box { position:relative; height:240px; }
.charts { grid-template-columns:repeat(auto-fit, minmax(360px, 1fr)); } .charts .chart-box { height:190px; } .charts h3 { margin:2px 0 4px; }
fieldset { border:1px solid var(--line); background:#fff; margin:0 0 10px; } legend { font-weight:600; }
.services td input { width:6em; }
.htmx-request { opacity:0.6; }
.span-all { width:100%; margin:0; }
.date { white-space:nowrap; }
details summary { cursor:pointer; color:var(--accent); }
details.edit { margin:4px 0; }
.fields { display:flex; flex-wrap:wrap; gap:8px 12px; align-items:end; margin:0 0 8px; }
.field { display:inline-flex; flex-direction:column; gap:2px; }
.field > input, .field > select { align-self:flex-start; }
.field-error { color:var(--red); font-size:12px; max-width:28em; }
[aria-invalid="true"] { border-color:var(--red); outline:1px solid var(--red); }
fieldset { border:1px solid #d5d9de; margin:0 0 8px; padding:4px 8px 8px; }
fieldset.address { display:flex; flex-wrap:wrap; gap:8px 12px; align-items:end; }
${PERCENT_CLASSES}
`;
