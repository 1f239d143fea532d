// Random testing of a segmented profile: runs of random actions drawn from a seeded
// generator, every applicable invariant checked after every step, a finding shrunk by
// deleting steps while the same rule still breaks. The same seed gives the same report.

import {
  segDescribe, segEnabled, segInitialState, segObservationKeys, segStep, SEG_FUNCS,
  type SegAction, type SegActionKind, type SegConfig, type SegObservation, type SegRuntime, type SegState,
} from '../../model/segmented/index.ts';
import { segInvariantsFor, type SegInvariant } from './invariants.ts';
import { grouped as n } from '../../config/digits.ts';

/** @public */
export interface SegCheckOptions {
  readonly cfg: SegConfig;
  readonly rt: SegRuntime;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly timeLimitMs?: number;
}

/** @public */
export interface SegFinding {
  readonly rule: string;
  readonly message: string;
  readonly run: number;
  readonly actions: readonly SegAction[];
  readonly shrunkFrom: number;
}

/** @public */
export interface SegReport {
  readonly runs: number;
  readonly steps: number;
  readonly elapsedMs: number;
  readonly outcomes: Record<'completed' | 'stack overflow' | 'out of memory', number>;
  readonly actions: Record<SegActionKind, number>;
  readonly paths: SegObservation;
  readonly invariants: readonly string[];
  readonly finding: SegFinding | null;
}

/** mulberry32: a small seeded generator, so runs do not depend on the engine's. @internal */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Runs alternate every phaseSteps between growing (calls weigh more) and unwinding (returns
// do), so stacks go deep and come back: segments then flow between Ms (a goroutine splits on
// one M and returns on another), which is what fills a ring to stackcacherelease.
const phaseSteps = 100;
const weights: readonly (readonly [SegActionKind, number, number])[] = [
  ['call', 50, 14], ['ret', 14, 50], ['newproc', 6, 6], ['execute', 8, 8], ['gosched', 5, 5], ['goexit', 6, 6], ['gc', 5, 5],
];

/**
 * Swarm testing: each run leaves out some action kinds and some functions, drawn from its own
 * generator. A run without gc lets the caches fill between collections (Go 1.4's lists reach
 * _StackCacheSize and release), one without gosched keeps a goroutine on its M, one calling
 * only FixedStack-sized frames goes deep in cache segments (the 1.1-1.3 ring fills and releases).
 */
interface RunShape {
  readonly weight: Readonly<Record<SegActionKind, readonly [number, number]>>;
  readonly fns: readonly number[];
  /** g0 keeps P0 and creates every goroutine there; the others run, grow and exit on the other Ps. */
  readonly churn: boolean;
}
const optional: readonly SegActionKind[] = ['newproc', 'gosched', 'goexit', 'gc'];
// A quarter of the runs churn goroutines instead: g0 keeps P0 and creates them all there, and
// they grow and exit on the other P with no collection between, so stacks allocated on one M
// are freed on the other: how a cache fills past its limit (1.3's ring and 1.4's lists release).
const churn: Readonly<Record<SegActionKind, readonly [number, number]>> = {
  call: [40, 10], ret: [10, 40], newproc: [20, 20], execute: [15, 15], gosched: [15, 15], goexit: [20, 20], gc: [0, 0],
};
function shape(next: () => number): RunShape {
  const off = new Set(optional.filter(() => next() < 1 / 3));
  const churning = next() < 1 / 4;
  const weight = Object.fromEntries(weights.map(([k, a, b]) => [k, churning ? churn[k] : off.has(k) ? [0, 0] : [a, b]])) as unknown as RunShape['weight'];
  const all = SEG_FUNCS.map((_f, i) => i);
  const some = all.filter(() => next() < 0.5);
  return { weight, fns: some.length > 0 ? some : all, churn: churning };
}

/** One random action enabled in s, or null when none is. */
function draw(cfg: SegConfig, s: SegState, next: () => number, step: number, run: RunShape): SegAction | null {
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(next() * xs.length)]);
  const running = s.gs.flatMap((g, i) => (g.status === 'running' ? [i] : []));
  const runnable = s.gs.flatMap((g, i) => (g.status === 'runnable' ? [i] : []));
  const idle = s.ps.flatMap((p, i) => (p.curg < 0 ? [i] : []));
  const phase = Math.floor(step / phaseSteps) % 2 === 0 ? 1 : 2;
  let r = next() * weights.reduce((n, [k]) => n + run.weight[k][phase - 1], 0);
  let kind: SegActionKind = 'call';
  for (const [k] of weights) if ((r -= run.weight[k][phase - 1]) < 0) { kind = k; break; }
  // Mostly the deepest running goroutine: deep stacks move many segments when it returns on another M.
  const deepest = running.reduce((b, i) => (b < 0 || s.gs[i].frames.length > s.gs[b].frames.length ? i : b), -1);
  const g = run.churn ? (kind === 'newproc' && running.includes(0) ? 0 : pick(running.filter((i) => i !== 0)) ?? -1)
    : next() < 0.7 ? deepest : pick(running) ?? -1;
  const order: SegActionKind[] = [kind, 'call', 'execute', 'ret', 'gosched'];
  for (const k of order) {
    const a: SegAction = k === 'execute' ? { kind: k, g: pick(runnable) ?? -1, p: pick(idle) ?? -1 }
      : k === 'call' ? { kind: k, g, fn: run.fns[Math.floor(next() * run.fns.length)], ptr: next() < 0.5 ? -1 : Math.floor(next() * 8) }
      : k === 'gc' ? { kind: k }
      : { kind: k, g };
    if (segEnabled(cfg, s, a)) return a;
  }
  return null;
}

/** How a trace ran: the rule it broke at step `at`, how it ended, or (a strict replay) the first step that was disabled. @public */
export type SegVerdict =
  | { readonly kind: 'violation'; readonly rule: string; readonly message: string; readonly at: number }
  | { readonly kind: 'end'; readonly outcome: keyof SegReport['outcomes'] }
  | { readonly kind: 'disabled'; readonly at: number };
type Verdict = SegVerdict;

/** Runs actions from the initial state, checking every invariant; skips disabled actions (a shrink candidate), or with strict stops at the first. */
function execute(o: SegCheckOptions, invs: readonly SegInvariant[], actions: readonly SegAction[], strict = false): Verdict {
  let s = segInitialState(o.cfg, o.rt);
  for (const [i, a] of actions.entries()) {
    const r = segStep(o.cfg, o.rt, s, a);
    if (r.kind === 'disabled' && strict) return { kind: 'disabled', at: i };
    if (r.kind === 'disabled') continue;
    if (r.kind === 'throw') return { kind: 'violation', rule: `throw "${r.message}"`, message: r.message, at: i };
    if (r.kind === 'terminal') return { kind: 'end', outcome: r.outcome };
    for (const inv of invs) {
      const m = inv.check(o.cfg, r.state, s);
      if (m !== null) return { kind: 'violation', rule: inv.name, message: m, at: i };
    }
    s = r.state;
  }
  return { kind: 'end', outcome: 'completed' };
}

/** Deletes single steps while the same rule still breaks (the trace stays a valid replay: disabled steps are skipped). */
function shrink(o: SegCheckOptions, invs: readonly SegInvariant[], actions: readonly SegAction[], rule: string): { actions: SegAction[]; message: string } {
  let best = actions.slice();
  let message = '';
  for (let changed = true; changed;) {
    changed = false;
    for (let i = best.length - 1; i >= 0; i--) {
      const cand = [...best.slice(0, i), ...best.slice(i + 1)];
      const v = execute(o, invs, cand);
      if (v.kind === 'violation' && v.rule === rule) {
        best = cand.slice(0, v.at + 1);
        message = v.message;
        changed = true;
      }
    }
  }
  // Drop the steps that were disabled where they stood: they did nothing, and a saved trace replays strictly.
  let st = segInitialState(o.cfg, o.rt);
  best = best.filter((a) => {
    const r = segStep(o.cfg, o.rt, st, a);
    if (r.kind === 'ok') st = r.state;
    return r.kind !== 'disabled';
  });
  const v = execute(o, invs, best, true);
  return { actions: best, message: v.kind === 'violation' ? v.message : message };
}

/** Replays a saved trace strictly (every step must be enabled) under o's profile, scope and routines. @public */
export function segReplay(o: Pick<SegCheckOptions, 'cfg' | 'rt'>, actions: readonly SegAction[]): SegVerdict {
  return execute({ ...o, seed: 0, runs: 1, maxSteps: actions.length }, segInvariantsFor(o.cfg.profile.name), actions, true);
}

/** `stackcheck run --profile go1.1|go1.2|go1.3`. @public */
export function segCheck(o: SegCheckOptions): SegReport {
  const invs = segInvariantsFor(o.cfg.profile.name);
  const start = Date.now();
  const outcomes = { completed: 0, 'stack overflow': 0, 'out of memory': 0 };
  const actions = Object.fromEntries(weights.map(([k]) => [k, 0])) as Record<SegActionKind, number>;
  const paths = Object.fromEntries(segObservationKeys.map((k) => [k, 0])) as unknown as SegObservation;
  let steps = 0;
  let runs = 0;
  let finding: SegFinding | null = null;
  for (let run = 0; run < o.runs && finding === null; run++) {
    if (o.timeLimitMs !== undefined && Date.now() - start > o.timeLimitMs) break;
    runs++;
    const next = rng(o.seed * 1_000_003 + run);
    const runShape = shape(next);
    let s = segInitialState(o.cfg, o.rt);
    const trace: SegAction[] = [];
    let outcome: keyof typeof outcomes = 'completed';
    for (let i = 0; i < o.maxSteps; i++) {
      const a = draw(o.cfg, s, next, i, runShape);
      if (a === null) break;
      trace.push(a);
      const r = segStep(o.cfg, o.rt, s, a);
      steps++;
      if (r.kind === 'disabled') continue;
      if (r.kind === 'terminal') { outcome = r.outcome; break; }
      if (r.kind === 'throw') { finding = found(o, invs, run, trace, `throw "${r.message}"`); break; }
      actions[a.kind]++;
      for (const k of segObservationKeys) paths[k] += r.obs[k];
      const broken = invs.find((inv) => inv.check(o.cfg, r.state, s) !== null);
      if (broken !== undefined) { finding = found(o, invs, run, trace, broken.name); break; }
      s = r.state;
    }
    if (finding === null) outcomes[outcome]++;
  }
  return { runs, steps, elapsedMs: Date.now() - start, outcomes, actions, paths, invariants: invs.map((i) => i.name), finding };
}

function found(o: SegCheckOptions, invs: readonly SegInvariant[], run: number, trace: readonly SegAction[], rule: string): SegFinding {
  const { actions, message } = shrink(o, invs, trace, rule);
  return { rule, message, run, actions, shrunkFrom: trace.length };
}

/**
 * The paths a release can take (the others it does not have): segments linked and freed where
 * stacks are segmented (and in 1.3 where a C frame makes the top segment uncopyable), copies
 * and shrinks where stacks are copied, and so gfput's freeing of a dead G's grown stack and
 * gfget's new FixedStack, SysAlloc'ed batches for 1.1-1.3's ring, the pool paths for 1.4. bytesCopied is a measure, not a path.
 * @public
 */
export function segPathsOf(p: SegConfig['profile']): readonly (keyof SegObservation)[] {
  const pool = p.numStackOrders > 0;
  return segObservationKeys.filter((k) => {
    if (k === 'bytesCopied') return false;
    if (k === 'segAlloc' || k === 'segFree') return !p.copying || p.cOnGoStack;
    if (k === 'copies' || k === 'shrinks') return p.copying;
    if (k === 'sysAlloc') return !pool;
    if (k === 'poolDirect' || k === 'spanFreed') return pool;
    if (k === 'deadStackFreed' || k === 'deadStackAlloc') return p.copying;
    return true;
  });
}

function pathsLine(p: SegConfig['profile'], paths: SegObservation): string {
  const keys = segPathsOf(p);
  const never = keys.filter((k) => paths[k] === 0);
  return `paths: ${keys.length - never.length}/${keys.length} reached: ${keys.map((k) => `${k} ${n(paths[k])}`).join(', ')}` +
    `${never.length > 0 ? `; never: ${never.join(', ')}` : ''}; bytesCopied ${n(paths.bytesCopied)}`;
}

/** The report as `run` prints it. @public */
export function segTextReport(o: SegCheckOptions, r: SegReport, header: string): string {
  const secs = r.elapsedMs / 1000;
  const acts = Object.entries(r.actions).filter(([k]) => k !== 'gc' || o.cfg.profile.shrinkAtGC);
  const reached = acts.filter(([, v]) => v > 0).length;
  const lines = [
    header,
    `runs ${n(r.runs)}, steps ${n(r.steps)}, ${n(Math.round(r.steps / Math.max(secs, 0.001)))} steps/s (${secs.toFixed(1)} s)`,
    `outcomes: ${Object.entries(r.outcomes).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`,
    `actions: ${reached}/${acts.length} reached: ${acts.sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`,
    pathsLine(o.cfg.profile, r.paths),
    `invariants: ${r.invariants.length} apply to ${o.cfg.profile.name}, each checked after every step: ${r.invariants.join(', ')}`,
  ];
  if (r.finding === null) lines.push('result: no violation found');
  else {
    const f = r.finding;
    lines.push(`result: VIOLATION: ${f.rule}`, `  ${f.message}`, `counterexample: ${f.actions.length} steps (shrunk from ${f.shrunkFrom}; run ${f.run})`);
    f.actions.forEach((a, i) => lines.push(`  ${String(i).padStart(3)}  ${segDescribe(a)}${i === f.actions.length - 1 ? '   <-- breaks here' : ''}`));
  }
  return lines.join('\n');
}
