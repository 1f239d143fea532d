// The page's stylesheet (html.ts): one column of state beside the action list from 1200 px,
// the action list and the step's changes above the state below that, so 900 px still shows
// full addresses without tooltips.

/** @internal */
export const pageStyle = `
:root { --stack:#4a7fd4; --dead-stack:#9fb3cf; --m-stack:#8e5cc4; --cache:#f0a030; --span-free:#9ad38a; --stack-large:#2fa79a;
  --heap-objects:#a57a52; --free-pages:#f2f2f2; --unowned:#ffffff; --conflict:#e0302a; --chg:#fff1a8; --bad:#c8201a; --mono: ui-monospace, 'DejaVu Sans Mono', monospace; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
header { padding: 8px 16px; background: #1d2330; color: #fff; }
header h1 { font-size: 15px; margin: 0 0 2px; overflow-wrap: anywhere; }
header p { margin: 0; font: 12px var(--mono); opacity: .9; overflow-wrap: anywhere; }
nav.controls { position: sticky; top: 0; z-index: 2; display: flex; align-items: center; gap: 6px; padding: 6px 16px; background: #e9edf3; border-bottom: 1px solid #ccd3de; }
nav.controls input[type=range] { flex: 1; min-width: 120px; }
nav.controls a { font-size: 12px; white-space: nowrap; }
button { font: inherit; font-size: 13px; padding: 2px 8px; white-space: nowrap; }
#step-label { font: 600 14px var(--mono); padding: 8px 16px 4px; overflow-wrap: anywhere; }
#step-label .note { font-weight: normal; color: #5a6475; }
#violation { display: none; border: 2px solid var(--conflict); background: #fdecea; padding: 6px 10px; margin: 4px 16px; border-radius: 4px; font-size: 13px; }
#violation.show { display: block; }
#violation.recorded { box-shadow: 0 0 0 3px rgba(224,48,42,.25); }
#violation b { color: var(--conflict); font-family: var(--mono); }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(320px, 27%); gap: 14px; padding: 4px 16px 24px; align-items: start; }
aside { position: sticky; top: 46px; }
@media (max-width: 1199px) {
  main { grid-template-columns: minmax(0, 1fr); }
  aside { position: static; order: -1; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 14px; }
  aside h2:nth-of-type(1) { grid-column: 1; grid-row: 1; } aside ol { grid-column: 1; grid-row: 2; max-height: 220px; }
  aside h2:nth-of-type(2) { grid-column: 2; grid-row: 1; } aside pre { grid-column: 2; grid-row: 2; max-height: 220px; }
}
h2 { font-size: 14px; margin: 14px 0 6px; }
h2 .hint, h3 .hint { font-weight: normal; color: #5a6475; font-size: 12px; }
h3 { font-size: 13px; margin: 10px 0 4px; }
.tablewrap { overflow-x: auto; background: #fff; border: 1px solid #d5dae2; }
table { border-collapse: collapse; font: 12px/1.35 var(--mono); }
.tablewrap { display: inline-block; max-width: 100%; vertical-align: top; }
.facts { display: flex; flex-wrap: wrap; gap: 2px 16px; font: 12px/1.5 var(--mono); background: #fff; border: 1px solid #d5dae2; padding: 3px 8px; }
.facts .k { color: #5a6475; margin-right: 6px; font-family: system-ui, sans-serif; font-size: 11px; }
th, td { text-align: left; padding: 2px 6px; border-bottom: 1px solid #eceff3; vertical-align: top; }
thead th { font: 600 11px system-ui, sans-serif; color: #5a6475; background: #f4f6f9; vertical-align: bottom; }
tbody th { white-space: nowrap; }
td { white-space: normal; }
.nb { white-space: nowrap; }
td.chg, span.chg, tr.new > * { background: var(--chg); }
td.bad, span.bad { color: var(--bad); font-weight: 700; }
tr.sub td { padding-left: 22px; white-space: normal; color: #343c4a; }
tr.sub .part { display: inline-block; margin-right: 14px; }
tr.sub .part b { font-weight: 600; }
.gone { font: 12px var(--mono); color: #5a6475; margin: 4px 0; }
#stacks { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.card { position: relative; background: #fff; border: 1px solid #d5dae2; padding: 6px 8px 8px 56px; font: 12px/1.3 var(--mono); min-width: 360px; }
.card.chg { border-color: #d8b400; box-shadow: 0 0 0 2px var(--chg); }
.card h4 { margin: 0 0 4px -48px; font-size: 12px; }
.card svg { position: absolute; left: 0; top: 0; pointer-events: none; overflow: visible; }
.w { display: grid; grid-template-columns: 11.5ch minmax(12ch, auto) minmax(0, 1fr); gap: 0 10px; padding: 1px 4px; border-left: 3px solid transparent; }
.w .a { color: #5a6475; }
.w.frame { background: #e8eef9; font-weight: 600; margin-top: 3px; grid-template-columns: 1fr; }
.w.gap { color: #8a93a3; grid-template-columns: 1fr; font-style: italic; }
.w.source { background: #f6f2fb; }
.w.sources-end { margin-bottom: 6px; }
.w.bad { border-left-color: var(--bad); }
.w.bad .v { color: var(--bad); font-weight: 700; }
.w.target { border-left-color: #4a7fd4; }
.row { margin: 6px 0; }
.row .title { font: 12px var(--mono); overflow-wrap: anywhere; }
.row .blocks { display: flex; height: 22px; border: 1px solid #8893a5; background: #fff; }
.row .caption { font: 11px var(--mono); color: #343c4a; overflow-wrap: anywhere; }
.block { border-right: 1px solid #8893a5; min-width: 3px; overflow: hidden; white-space: nowrap; font: 10px/20px var(--mono); color: #fff; padding-left: 3px; text-shadow: 0 0 2px rgba(0,0,0,.6); }
.block[data-owner=free-pages], .block[data-owner=unowned], .block[data-owner=span-free], .block[data-owner=dead-stack] { color: #1d2330; text-shadow: none; }
.block:last-child { border-right: none; }
.block.changed { outline: 2px solid #1d2330; outline-offset: -2px; }
.block[data-owner=unowned] { background: repeating-linear-gradient(45deg, #fff 0 4px, #f6c4c1 4px 8px); }
.block[data-owner=free-pages] { background: repeating-linear-gradient(90deg, #f2f2f2 0 6px, #e4e4e4 6px 7px); }
.legend { display: flex; flex-wrap: wrap; gap: 10px; margin: 4px 0; font-size: 12px; }
.legend span::before { content: ''; display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border: 1px solid #8893a5; background: var(--c); }
aside ol { margin: 0; padding-left: 40px; font: 12px var(--mono); max-height: 50vh; overflow: auto; background: #fff; border: 1px solid #d5dae2; }
aside li { padding: 1px 4px; }
aside li a { color: inherit; text-decoration: none; display: block; }
aside li.current { background: #dbe6fa; }
aside li.fail { color: var(--conflict); font-weight: bold; }
aside li.nowin { color: #9aa2b0; }
aside li.empty { list-style: none; }
#diff { font: 11px var(--mono); white-space: pre-wrap; background: #fff; border: 1px solid #d5dae2; padding: 6px; max-height: 40vh; overflow: auto; margin: 0; }
`;
