// The replay as one self-contained HTML page: inline CSS and script, the trace embedded as
// JSON, nothing fetched. It shows the memory (memory-map.ts) at each step beside the action
// list, with a slider and buttons to move through the steps, what each step changed, and
// the violated invariant highlighted at the failing step.

import { invariantById } from '../properties/invariants/catalog.ts';
import type { CounterexampleDoc } from './format.ts';
import { memoryMap, owners, type Owner } from './memory-map.ts';
import type { Replay, Violation } from './replay.ts';
import { stateDiff } from './state-diff.ts';
import { verdictLine } from './text-trace.ts';

/** One frame of the page: a state and how it was reached. @internal */
export interface Frame {
  /** The step that led here, or -1 for the initial state. */
  readonly step: number;
  readonly action: string;
  readonly result: string;
  readonly diff: readonly string[];
  readonly violations: readonly { readonly id: string; readonly title: string; readonly message: string }[];
  /** Rows: [title, blocks as [owner index, label, hex address, size]]. */
  readonly rows: readonly (readonly [string, readonly (readonly [number, string, string, number])[]])[];
}

/** The data the page embeds. @internal */
export interface PageData {
  readonly title: string;
  readonly verdict: string;
  readonly owners: readonly Owner[];
  readonly frames: readonly Frame[];
  /** The frame of the recorded violation. */
  readonly failFrame: number;
  readonly recorded: { readonly id: string; readonly step: number; readonly message: string };
}

function titled(v: Violation): Frame['violations'][number] {
  const inv = invariantById(v.id);
  return { id: v.id, title: v.id === 'throw' ? 'runtime throw' : `${inv?.ref ?? ''}: ${inv?.title ?? ''}`, message: v.message };
}

/** The page's data from a replay. @internal */
export function pageData(file: string, doc: CounterexampleDoc, r: Replay): PageData {
  const rowsOf = (s: Replay['initial']): Frame['rows'] => memoryMap(r.cfg, s).map((row) => [
    row.title, row.blocks.map((b) => [owners.indexOf(b.owner), b.label, '0x' + b.addr.toString(16), b.size] as const),
  ] as const);
  const frames: Frame[] = [{ step: -1, action: 'initial state', result: 'ok', diff: [], violations: r.initialViolations.map(titled), rows: rowsOf(r.initial) }];
  for (const s of r.steps) {
    const note = s.result === 'ok' ? [] : [s.result === 'disabled' ? 'not enabled: the action no longer applies' : `${s.result}: ${s.message ?? ''}`];
    frames.push({
      step: s.index, action: s.text, result: s.result, diff: [...note, ...stateDiff(r.cfg, s.before, s.after, s.obs)],
      violations: s.violations.map(titled), rows: rowsOf(s.after),
    });
  }
  return {
    title: `${doc.finding.id} · ${doc.profile}${doc.mutant === null ? '' : ` · mutant ${doc.mutant}`} · ${file}`,
    verdict: verdictLine(file, doc, r),
    owners,
    frames,
    failFrame: Math.min(doc.finding.step + 1, frames.length - 1),
    recorded: doc.finding,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a script element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const css = `
:root { --stack:#4a7fd4; --dead-stack:#9fb3cf; --m-stack:#8e5cc4; --cache:#f0a030; --span-free:#9ad38a; --stack-large:#2fa79a;
  --heap-objects:#a57a52; --free-pages:#f2f2f2; --unowned:#ffffff; --conflict:#e0302a; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
header { padding: 10px 16px; background: #1d2330; color: #fff; }
header h1 { font-size: 16px; margin: 0 0 4px; }
header p { margin: 0; font-size: 12px; opacity: .85; font-family: ui-monospace, monospace; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 360px; gap: 12px; padding: 12px 16px; }
.controls { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
.controls input[type=range] { flex: 1; }
button { font: inherit; padding: 2px 10px; }
#step-label { font-family: ui-monospace, monospace; margin-bottom: 8px; min-height: 1.4em; }
#violation { display: none; border: 2px solid var(--conflict); background: #fdecea; padding: 6px 10px; margin-bottom: 8px; border-radius: 4px; }
#violation.show { display: block; }
#violation.recorded { box-shadow: 0 0 0 3px rgba(224,48,42,.3); }
#violation b { color: var(--conflict); }
.row { display: flex; align-items: center; margin: 3px 0; }
.row .title { width: 440px; flex: none; font: 11px ui-monospace, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 8px; }
.row .blocks { display: flex; flex: 1; height: 22px; border: 1px solid #8893a5; background: #fff; }
.block { border-right: 1px solid #8893a5; min-width: 3px; overflow: hidden; white-space: nowrap; font: 10px/20px ui-monospace, monospace; color: #fff; padding-left: 3px; text-shadow: 0 0 2px rgba(0,0,0,.6); }
.block[data-owner=free-pages], .block[data-owner=unowned], .block[data-owner=span-free], .block[data-owner=dead-stack] { color: #1d2330; text-shadow: none; }
.block:last-child { border-right: none; }
.block.changed { outline: 2px solid #1d2330; outline-offset: -2px; }
.block[data-owner=unowned] { background: repeating-linear-gradient(45deg, #fff 0 4px, #f6c4c1 4px 8px); }
.block[data-owner=free-pages] { background: repeating-linear-gradient(90deg, #f2f2f2 0 6px, #e4e4e4 6px 7px); }
.legend { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; font-size: 12px; }
.legend span::before { content: ''; display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border: 1px solid #8893a5; background: var(--c); }
aside ol { margin: 0; padding-left: 36px; font: 12px ui-monospace, monospace; max-height: 45vh; overflow: auto; background: #fff; border: 1px solid #d5dae2; }
aside li { padding: 1px 4px; cursor: pointer; }
aside li.current { background: #dbe6fa; }
aside li.fail { color: var(--conflict); font-weight: bold; }
aside h2 { font-size: 13px; margin: 10px 0 4px; }
#diff { font: 11px ui-monospace, monospace; white-space: pre-wrap; background: #fff; border: 1px solid #d5dae2; padding: 6px; max-height: 40vh; overflow: auto; margin: 0; }
`;

const script = `
const data = JSON.parse(document.getElementById('trace').textContent);
const $ = (id) => document.getElementById(id);
const slider = $('slider');
slider.max = String(data.frames.length - 1);
let cur = 0;
const legend = $('legend');
for (const o of data.owners) {
  const s = document.createElement('span');
  s.style.setProperty('--c', 'var(--' + o + ')');
  s.textContent = o.replace('-', ' ');
  legend.appendChild(s);
}
const list = $('actions');
data.frames.forEach((f, i) => {
  if (i === 0) return;
  const li = document.createElement('li');
  li.value = f.step;
  li.textContent = f.action;
  if (i === data.failFrame) li.classList.add('fail');
  li.addEventListener('click', () => show(i));
  list.appendChild(li);
});
function key(b) { return b[2] + ' ' + b[0] + ' ' + b[1]; }
function show(i) {
  cur = Math.max(0, Math.min(data.frames.length - 1, i));
  const f = data.frames[cur];
  const prev = cur > 0 ? new Set(data.frames[cur - 1].rows.flatMap((r) => r[1].map(key))) : null;
  slider.value = String(cur);
  $('step-label').textContent = (f.step < 0 ? 'initial state' : 'after step ' + f.step + ': ' + f.action) + '  (' + cur + '/' + (data.frames.length - 1) + ')';
  const mem = $('memory');
  mem.replaceChildren();
  for (const [title, blocks] of f.rows) {
    const row = document.createElement('div');
    row.className = 'row';
    const t = document.createElement('div');
    t.className = 'title';
    t.textContent = title;
    t.title = title;
    const bs = document.createElement('div');
    bs.className = 'blocks';
    for (const b of blocks) {
      const d = document.createElement('div');
      const owner = data.owners[b[0]];
      d.className = 'block' + (prev !== null && !prev.has(key(b)) ? ' changed' : '');
      d.dataset.owner = owner;
      d.style.flex = String(b[3]);
      d.style.background = 'var(--' + owner + ')';
      if (owner === 'unowned' || owner === 'free-pages') d.style.background = '';
      d.textContent = owner === 'span-free' ? '' : owner === 'conflict' ? 'twice' : owner === 'unowned' ? '?' : b[1].split(' ').slice(0, owner === 'free-pages' ? 3 : 1).join(' ');
      d.title = b[2] + ' (' + (b[3] % 1024 === 0 ? b[3] / 1024 + ' KiB' : b[3] + ' B') + '): ' + b[1];
      bs.appendChild(d);
    }
    row.append(t, bs);
    mem.appendChild(row);
  }
  [...list.children].forEach((li, k) => li.classList.toggle('current', k + 1 === cur));
  const cl = list.children[cur - 1];
  if (cl) cl.scrollIntoView({ block: 'nearest' });
  $('diff').textContent = f.diff.length > 0 ? f.diff.join('\\n') : (cur === 0 ? 'the state after the runtime starts' : '(no change)');
  const v = $('violation');
  v.replaceChildren();
  v.className = f.violations.length > 0 ? 'show' + (cur === data.failFrame ? ' recorded' : '') : '';
  for (const x of f.violations) {
    const p = document.createElement('div');
    const b = document.createElement('b');
    b.textContent = x.id;
    p.append(b, ' (' + x.title + '): ' + x.message + (cur === data.failFrame && x.id === data.recorded.id ? '  \\u2190 recorded violation' : ''));
    v.appendChild(p);
  }
  $('prev').disabled = cur === 0;
  $('first').disabled = cur === 0;
  $('next').disabled = cur === data.frames.length - 1;
  $('last').disabled = cur === data.frames.length - 1;
}
slider.addEventListener('input', () => show(Number(slider.value)));
$('first').addEventListener('click', () => show(0));
$('prev').addEventListener('click', () => show(cur - 1));
$('next').addEventListener('click', () => show(cur + 1));
$('last').addEventListener('click', () => show(data.frames.length - 1));
$('fail').addEventListener('click', () => show(data.failFrame));
document.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowRight') show(cur + 1);
  else if (e.key === 'ArrowLeft') show(cur - 1);
});
show(0);
`;

/** The page. @public */
export function htmlPage(file: string, doc: CounterexampleDoc, r: Replay): string {
  const data = pageData(file, doc, r);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>stackcheck: ${escapeHtml(data.title)}</title>
<style>${css}</style>
</head>
<body>
<header><h1>stackcheck replay: ${escapeHtml(data.title)}</h1><p id="verdict">${escapeHtml(data.verdict)}</p></header>
<main>
<section>
<div class="controls">
<button id="first" title="initial state">&#xAB; first</button><button id="prev">&#x25C0; prev</button>
<input id="slider" type="range" min="0" value="0" aria-label="step">
<button id="next">next &#x25B6;</button><button id="last" title="last step">last &#xBB;</button>
<button id="fail">failing step</button>
</div>
<div id="step-label"></div>
<div id="violation" role="alert"></div>
<div id="legend" class="legend"></div>
<div id="memory"></div>
</section>
<aside>
<h2>Actions</h2>
<ol id="actions" start="0"></ol>
<h2>What this step changed</h2>
<pre id="diff"></pre>
</aside>
</main>
<script id="trace" type="application/json">${scriptJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
