// The run report: a summary for people, or JSON for machines.

import { findingStateLines } from '../counterexamples/finding-state.ts';
import { replay } from '../counterexamples/replay.ts';
import type { Action, Config, Runtime } from '../model/index.ts';
import type { CheckReport } from '../properties/check.ts';
import { rareWindows, unreached, vacuity, type Coverage } from '../properties/coverage.ts';
import type { Finding } from '../properties/run-trace.ts';
import { describeAction } from '../properties/describe.ts';
import { invariantById } from '../properties/invariants/catalog.ts';
import { windows, windowTarget } from '../properties/windows.ts';
import { modeList } from './config.ts';
import { shardText, type Shard } from './shard.ts';
import { grouped } from '../config/digits.ts';

/** A count with thousands separators. @internal */
export const n = grouped;

/** What the run was asked to do, echoed in the report and the reproduce line. @public */
export interface RunSetup {
  readonly cfg: Config;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  readonly scopeText: string;
  /** Swarm testing (properties/swarm.ts); the reproduce line says --swarm off when it was off. */
  readonly swarm: boolean;
  readonly mutant?: string;
  /** Where a user's mutant came from (--mutant-file), so the reproduce line can say so. */
  readonly mutantFile?: string;
  /** `--shard k/n`: this check ran runs [first, first + taken) of the `runs` (cli/shard.ts). */
  readonly shard?: Shard & { readonly first: number; readonly taken: number };
}

/** The command that reruns exactly this check. @public */
export function reproduceLine(s: RunSetup): string {
  const parts = ['stackcheck run', `--seed ${s.seed}`, `--runs ${s.runs}`, `--max-steps ${s.maxSteps}`, `--profile ${s.cfg.profile.name}`];
  if (s.scopeText !== '') parts.push(`--scope ${s.scopeText}`);
  const modes = modeList(s.cfg.modes);
  if (modes.length > 0) parts.push(`--mode ${modes.join(',')}`);
  if (!s.swarm) parts.push('--swarm off');
  if (s.shard !== undefined) parts.push(`--shard ${shardText(s.shard)}`);
  if (s.mutantFile !== undefined) parts.push(`--mutant-file ${s.mutantFile}`);
  else if (s.mutant !== undefined) parts.push(`--mutant ${s.mutant}`);
  return parts.join(' ');
}

/** The coverage lines of a report: actions, model paths, windows, invariants (`checked` says how they were checked). @public */
export function coverageLines(c: Coverage, checked: string): string[] {
  const lines: string[] = [];
  const u = unreached(c);
  const acts = Object.entries(c.actions).sort((a, b) => b[1] - a[1]);
  lines.push(`actions: ${acts.length - u.actions.length}/${acts.length} reached: ${acts.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  if (u.actions.length > 0) lines.push(`  never ran: ${u.actions.join(', ')}`);
  const paths = Object.entries(c.paths);
  lines.push(`model paths: ${paths.length - u.paths.length}/${paths.length} reached: ${paths.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  if (u.paths.length > 0) lines.push(`  never taken: ${u.paths.join(', ')}`);
  const ws = Object.entries(c.windows);
  const rare = rareWindows(c, windowTarget);
  lines.push(`windows: ${ws.length - rare.length}/${ws.length} reached ${windowTarget}+ times: ${ws.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  for (const w of rare) {
    lines.push(`  warning: window ${w.id} reached ${w.count === 0 ? 'never' : `only ${n(w.count)} time${w.count === 1 ? '' : 's'}`} (${windows.find((x) => x.id === w.id)?.title ?? ''})`);
  }
  const invs = Object.keys(c.invariants).length;
  const v = vacuity(c);
  const exercised = invs - v.neverEvaluated.length - v.onlyVacuous.length;
  lines.push(`invariants: ${invs}, ${checked}; ${exercised}/${invs} evaluated where they could fail`);
  if (v.onlyVacuous.length > 0) lines.push(`  held only vacuously (nothing in the runs was subject to them): ${v.onlyVacuous.join(', ')}`);
  if (v.neverEvaluated.length > 0) lines.push(`  never evaluated: ${v.neverEvaluated.join(', ')}`);
  return lines;
}

/**
 * A finding's lines: what broke and where, the counterexample line given, the script (with
 * what each step stored, given the routine table) and the state that explains the finding.
 * @public
 */
export function findingLines(cfg: Config, cx: { readonly finding: Finding; readonly actions: readonly Action[] }, counterexample: string, rt?: Runtime): string[] {
  const lines: string[] = [];
  const inv = invariantById(cx.finding.id);
  const what = cx.finding.id === 'throw' ? `runtime throw "${cx.finding.message}"` : `invariant ${cx.finding.id} (${inv?.ref ?? ''}: ${inv?.title ?? ''})`;
  lines.push(`result: VIOLATION: ${what}`);
  lines.push(`  at step ${cx.finding.step} of ${cx.actions.length}: ${cx.finding.message}`);
  lines.push(`counterexample: ${counterexample}`);
  const rep = rt === undefined ? null : replay(cx, cfg, rt);
  cx.actions.forEach((a, i) => lines.push(`  ${String(i).padStart(3)}  ${rep?.steps[i]?.text ?? describeAction(a)}${i === cx.finding.step ? '   <-- breaks here' : ''}`));
  if (rep !== null) lines.push(...findingStateLines(rep));
  return lines;
}

/**
 * The human summary. Given the routine table the run used, a finding's script shows what each
 * step stored (describeStep) and the state that explains the finding follows it.
 * @public
 */
export function textReport(s: RunSetup, r: CheckReport, rt?: Runtime): string {
  const lines: string[] = [];
  const modes = modeList(s.cfg.modes);
  lines.push(`stackcheck run: ${s.cfg.profile.name}, scope ${s.scopeText || 'default'}, modes ${modes.length ? modes.join(',') : 'default'}${s.mutant ? `, mutant ${s.mutant}` : ''}, seed ${s.seed}${s.swarm ? '' : ', swarm off'}${shardHead(s)}`);
  const secs = r.elapsedMs / 1000;
  lines.push(`runs ${n(r.runs)}, steps ${n(r.steps)}, ${n(Math.round(r.steps / Math.max(secs, 1e-9)))} steps/s (${secs.toFixed(1)} s)${r.interrupted ? ', stopped by --time-limit' : ''}${r.stopped && r.counterexample === null ? ', stopped by SIGINT' : ''}`);
  const o = r.coverage.outcomes;
  lines.push(`outcomes: completed ${n(o.completed)}, stack overflow ${n(o['stack overflow'])}, out of memory ${n(o['out of memory'])}${r.counterexample ? ', violation 1' : ''}`);
  lines.push(...coverageLines(r.coverage, 'each re-checked after every step that changed what it reads'));
  const cx = r.counterexample;
  if (cx === null) {
    lines.push(r.stopped ? 'result: no violation found in the runs done before SIGINT' : 'result: no violation found');
    return lines.join('\n');
  }
  // Cut by a SIGINT, the trace is the best so far; the reproduce line's run shrinks it further.
  const cut = r.stopped ? '; shrinking stopped by SIGINT: the best so far' : '';
  lines.push(...findingLines(s.cfg, cx, `${cx.actions.length} steps (shrunk from ${cx.originalLength}, ${cx.shrinks} fast-check shrinks; path ${cx.path}${cut})`, rt));
  lines.push(`reproduce: ${reproduceLine(s)}`);
  return lines.join('\n');
}

/** A shard's place in the campaign, for the report's first line. */
function shardHead(s: RunSetup): string {
  const h = s.shard;
  return h === undefined ? '' : `, shard ${shardText(h)} (runs ${n(h.first)} to ${n(h.first + h.taken - 1)} of ${n(s.runs)})`;
}

/** The machine summary. @public */
export function jsonReport(s: RunSetup, r: CheckReport, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    profile: s.cfg.profile.name, scope: s.cfg.scope, modes: modeList(s.cfg.modes), mutant: s.mutant ?? null,
    seed: r.seed, runs: r.runs, maxSteps: s.maxSteps, steps: r.steps,
    // Time to the end of the first failing run (null: none), and the whole run with shrinking.
    detectedMs: r.detectedMs === null ? null : Math.round(r.detectedMs), elapsedMs: Math.round(r.elapsedMs), interrupted: r.interrupted, stopped: r.stopped,
    swarm: s.swarm, scopeText: s.scopeText,
    // A shard's report says which runs it holds and of how many, so `stackcheck merge` can
    // check that the shards it is given are one whole campaign.
    shard: s.shard === undefined ? null : { index: s.shard.index, count: s.shard.count, first: s.shard.first, runs: s.shard.taken, of: s.runs },
    coverage: r.coverage, unreached: unreached(r.coverage), vacuity: vacuity(r.coverage),
    windowsBelowTarget: rareWindows(r.coverage, windowTarget),
    counterexample: r.counterexample === null ? null : {
      ...r.counterexample,
      script: r.counterexample.actions.map(describeAction),
    },
    reproduce: reproduceLine(s),
    ...extra,
  }, null, 2);
}
