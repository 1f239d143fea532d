// The replay as one self-contained HTML page, a trace explorer: inline CSS and script, the
// trace embedded as JSON, nothing fetched. Per shown state: the state panel (state-summary.ts,
// with what the step changed highlighted), each goroutine's stack drawn as memory with its
// pointers (stack-picture.ts), the spans (memory-map.ts), the step's changes and violations;
// beside it the whole action list. It opens at the failing step; #step=N links open step N.
// The frames may be a window of the steps (a huge trace): the action list is always whole.

import { invariantById } from '../properties/invariants/catalog.ts';
import type { CounterexampleDoc } from './format.ts';
import { pageScript } from './html-script.ts';
import { pageStyle } from './html-style.ts';
import { memoryMap, owners, type Owner } from './memory-map.ts';
import type { Replay, Violation } from './replay.ts';
import { stackPictures, type StackPicture } from './stack-picture.ts';
import { stateDiff } from './state-diff.ts';
import { stateSummary, summaryChanges, type SummarySection } from './state-summary.ts';
import { verdictLine } from './text-trace.ts';

/** One shown state and how it was reached. @internal */
export interface Frame {
  /** The step that led here, or -1 for the initial state. */
  readonly step: number;
  readonly action: string;
  readonly result: string;
  readonly diff: readonly string[];
  readonly violations: readonly { readonly id: string; readonly title: string; readonly message: string }[];
  /** Memory rows: [title, blocks as [owner index, label, hex address, size]]. */
  readonly rows: readonly (readonly [string, readonly (readonly [number, string, string, number])[]])[];
  readonly summary: readonly SummarySection[];
  /** Keys of summary rows and facts this step changed (state-summary.ts summaryChanges). */
  readonly changed: readonly string[];
  readonly stacks: readonly StackPicture[];
}

/** The data the page embeds. @internal */
export interface PageData {
  readonly title: string;
  readonly verdict: string;
  readonly owners: readonly Owner[];
  /** Every action of the trace, as the command line prints it. */
  readonly actions: readonly string[];
  readonly frames: readonly Frame[];
  /** The frame of the recorded violation. */
  readonly failFrame: number;
  readonly recorded: { readonly id: string; readonly step: number; readonly message: string };
}

function titled(v: Violation): Frame['violations'][number] {
  const inv = invariantById(v.id);
  return { id: v.id, title: v.id === 'throw' ? 'runtime throw' : `${inv?.ref ?? ''}: ${inv?.title ?? ''}`, message: v.message };
}

/** The page's data from a replay (r.steps may be a window of the trace's steps). @internal */
export function pageData(file: string, doc: CounterexampleDoc, r: Replay): PageData {
  const rowsOf = (s: Replay['initial']): Frame['rows'] => memoryMap(r.cfg, s).map((row) => [
    row.title, row.blocks.map((b) => [owners.indexOf(b.owner), b.label, '0x' + b.addr.toString(16), b.size] as const),
  ] as const);
  const first = stateSummary(r.cfg, r.initial);
  const frames: Frame[] = [{
    step: -1, action: 'initial state', result: 'ok', diff: [], violations: r.initialViolations.map(titled), rows: rowsOf(r.initial),
    summary: first, changed: [], stacks: stackPictures(r.cfg, r.initial),
  }];
  let prevState = r.initial, prev = first;
  for (const s of r.steps) {
    const note = s.result === 'ok' ? [] : [s.result === 'disabled' ? 'not enabled: the action no longer applies' : `${s.result}: ${s.message ?? ''}`];
    const before = s.before === prevState ? prev : stateSummary(r.cfg, s.before);
    const summary = s.after === s.before ? before : stateSummary(r.cfg, s.after);
    frames.push({
      step: s.index, action: s.text, result: s.result, diff: [...note, ...stateDiff(r.cfg, s.before, s.after, s.obs)],
      violations: s.violations.map(titled), rows: rowsOf(s.after),
      summary, changed: [...summaryChanges(before, summary)], stacks: stackPictures(r.cfg, s.after),
    });
    prevState = s.after;
    prev = summary;
  }
  const texts = new Map(r.steps.map((s) => [s.index, s.text]));
  const failFrame = frames.findIndex((f) => f.step === doc.finding.step);
  return {
    title: `${doc.finding.id} · ${doc.profile}${doc.mutant === null ? '' : ` · mutant ${doc.mutant}`} · ${file}`,
    verdict: verdictLine(file, doc, r),
    owners,
    actions: doc.script.map((t, i) => texts.get(i) ?? t),
    frames,
    failFrame: failFrame < 0 ? frames.length - 1 : failFrame,
    recorded: doc.finding,
  };
}

/** Steps a page holds at most: enough to read a story, few enough that memory stays small. @public */
export const pageSteps = 2000;

/**
 * The steps a page of this trace holds, as replay()'s keep: all of a trace of up to
 * pageSteps, else a window of pageSteps steps that ends a quarter past the recorded finding
 * (the action list stays whole). Undefined: keep every step.
 * @public
 */
export function pageWindow(doc: Pick<CounterexampleDoc, 'actions' | 'finding'>): ((index: number) => boolean) | undefined {
  const n = doc.actions.length;
  if (n <= pageSteps) return undefined;
  const to = Math.min(n, Math.max(pageSteps, doc.finding.step + 1 + pageSteps / 4));
  const from = to - pageSteps;
  return (i) => i >= from && i < to;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a script element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page. @public */
export function htmlPage(file: string, doc: CounterexampleDoc, r: Replay): string {
  const data = pageData(file, doc, r);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>stackcheck: ${escapeHtml(data.title)}</title>
<style>${pageStyle}</style>
</head>
<body>
<header><h1>stackcheck replay: ${escapeHtml(data.title)}</h1><p id="verdict">${escapeHtml(data.verdict)}</p></header>
<nav class="controls">
<button id="first" title="initial state (Home)">&#xAB; initial</button><button id="prev" title="previous step (&#x2190;)">&#x25C0; prev</button>
<input id="slider" type="range" min="0" value="0" aria-label="step">
<button id="next" title="next step (&#x2192;)">next &#x25B6;</button><button id="last" title="last step (End)">last &#xBB;</button>
<button id="fail">failing step</button>
<a id="link" href="#">link to this step</a>
</nav>
<div id="step-label" aria-live="polite"></div>
<div id="violation" role="alert"></div>
<main>
<section id="state">
<h2 id="state-title">State</h2>
<div id="summary"></div>
<h2>Stacks as memory <span class="hint">(arrows: pointers into the stack; red: into freed memory or outside the stack)</span></h2>
<div id="stacks"></div>
<h2>Spans <span class="hint">(blocks coloured by owner)</span></h2>
<div id="legend" class="legend"></div>
<div id="memory"></div>
</section>
<aside>
<h2>Actions <span class="hint">(&#x2190; &#x2192; Home End)</span></h2>
<ol id="actions" start="0"></ol>
<h2>What this step changed</h2>
<pre id="diff"></pre>
</aside>
</main>
<script id="trace" type="application/json">${scriptJson(data)}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}
