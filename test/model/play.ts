// Test helpers: run hand-written action sequences through the model, and collect the
// states and steps of random traces (fixed fast-check seeds) for checks over many states.

import fc from 'fast-check';
import {
  FUNCS, addStats, goRuntime, initialState, quietStep, step, zeroStats, type Action, type Config, type Observation, type PtrSpec, type Runtime,
  type State, type Stats,
} from '../../model/index.ts';
import { pick, traceArb } from '../../properties/index.ts';

/** The index of a FUNCS entry by name. */
export function fn(name: string): number {
  const i = FUNCS.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`no function ${name}`);
  return i;
}

/** A call action with its pointer slots and no closure context. */
export function call(g: number, name: string, slots: readonly PtrSpec[] = []): Action {
  return { kind: 'call', g, fn: fn(name), slots, ctxt: { to: 'nil' } };
}

// The path counts of the steps that led to each state apply() made: states carry no
// statistics (model/observation.ts), so the tests sum the steps' observations here.
const totals = new WeakMap<State, Stats>();
const lastStep = new WeakMap<State, Observation>();

/** The observation of the apply() step that made s (the quiet one for a state no step made). */
export function obsOf(s: State): Observation {
  return lastStep.get(s) ?? quietStep;
}

/** The path counts summed over the apply() steps that led to s (zero for a state no step made). */
export function statsOf(s: State): Stats {
  return totals.get(s) ?? zeroStats;
}

/** Applies one action that must succeed; the error names the step and what happened. */
export function apply(cfg: Config, s: State, a: Action, rt: Runtime = goRuntime): State {
  const r = step(cfg, rt, s, a);
  if (r.kind !== 'ok') throw new Error(`${JSON.stringify(a)}: ${r.kind}${'message' in r ? ` (${r.message})` : ''}`);
  const sum = { ...statsOf(s) };
  addStats(sum, r.obs);
  totals.set(r.state, sum);
  lastStep.set(r.state, r.obs);
  return r.state;
}

/** Runs actions from `from` (default: the initial state) and returns every state, the first one included. */
export function play(cfg: Config, actions: readonly Action[], from?: State, rt: Runtime = goRuntime): State[] {
  const states = [from ?? initialState(cfg, rt)];
  for (const a of actions) states.push(apply(cfg, states[states.length - 1], a, rt));
  return states;
}

/** The last state of play(). */
export function reach(cfg: Config, actions: readonly Action[], from?: State, rt: Runtime = goRuntime): State {
  const states = play(cfg, actions, from, rt);
  return states[states.length - 1];
}

/** One executed step of a random trace. */
export interface Step {
  readonly before: State;
  readonly action: Action;
  readonly after: State;
  readonly obs: Observation;
}

/**
 * Every step of `runs` random traces of up to maxSteps steps (fast-check seed `seed`) through
 * the model, stopping a trace at a throw or a terminal outcome as the engine does.
 */
export function randomSteps(cfg: Config, seed: number, runs: number, maxSteps: number, rt: Runtime = goRuntime): Step[] {
  const out: Step[] = [];
  for (const templates of fc.sample(traceArb(maxSteps), { seed, numRuns: runs })) {
    let s = initialState(cfg, rt);
    for (const t of templates) {
      const a = pick(cfg, rt, s, t);
      if (a === null) break;
      const r = step(cfg, rt, s, a);
      if (r.kind !== 'ok') break;
      out.push({ before: s, action: a, after: r.state, obs: r.obs });
      s = r.state;
    }
  }
  return out;
}

/** Runs a whole GC cycle from GC off: every stack root is stopped (gosched) and scanned, then mark termination, freeStackSpans and every P's flush; the Gs that were running are put back on their Ps. */
export function gcCycle(cfg: Config, s0: State, rt: Runtime = goRuntime): State {
  const running = s0.gs.filter((g) => g.status === 'running').map((g) => [g.goid, g.p] as const);
  let s = apply(cfg, s0, { kind: 'gcStart' }, rt);
  for (const [g] of running) s = apply(cfg, s, { kind: 'gosched', g }, rt);
  for (let g = 0; g < s.stackRoots; g++) s = apply(cfg, s, { kind: 'scanstack', g, p: 0 }, rt);
  s = apply(cfg, s, { kind: 'markrootFreeGStacks', p: 0 }, rt);
  s = apply(cfg, s, { kind: 'gcMarkDone' }, rt);
  s = apply(cfg, s, { kind: 'freeStackSpans' }, rt);
  for (let p = 0; p < s.ps.length; p++) s = apply(cfg, s, { kind: 'prepareForSweep', p }, rt);
  for (const [g, p] of running) s = apply(cfg, s, { kind: 'execute', g, p }, rt);
  return s;
}
