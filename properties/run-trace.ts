// The hot loop: run one trace of templates from the initial state, checking every state
// invariant on every reached state and every step invariant on every step, and stop at
// the first violation, runtime throw or terminal outcome.

import { initialState, step, type Action, type Config, type Observation, type Runtime, type State, type TerminalOutcome } from '../model/index.ts';
import { addPaths, addWindows, type Coverage } from './coverage.ts';
import { CheckContext } from './invariants/context.ts';
import { gFieldsMask } from './invariants/g-fields.ts';
import { pFieldsMask } from './invariants/p-fields.ts';
import { stateScopes, stepScopes, VACUOUS, type StateInvariant, type StepInvariant } from './invariants/invariant.ts';
import { faultAt, faultPlace } from './mutant-fault.ts';
import { pick } from './pick.ts';
import { StatusIndex } from './status-index.ts';
import { actionIndex, actionsMask, SkipTally, statePlansOf, stepPlansOf, type Plan } from './check-plan.ts';
import { partBit, partsMask, stackMoves } from './state-parts.ts';
import type { Template } from './template.ts';
import { templateAt, type Trace } from './trace.ts';

/** A finding: an invariant violated, or a runtime throw. @public */
export interface Finding {
  /** The invariant id, or 'throw' for a runtime throw. */
  readonly id: string;
  readonly message: string;
  /** Index into actions of the step that broke it; -1 for the initial state. */
  readonly step: number;
}

/** @public */
export interface TraceResult {
  readonly actions: readonly Action[];
  readonly finding: Finding | null;
  readonly terminal: { readonly outcome: TerminalOutcome; readonly message: string } | null;
  readonly final: State;
}

/** The invariants one run checks. @public */
export interface Checks {
  readonly state: readonly StateInvariant[];
  readonly step: readonly StepInvariant[];
  /** Skip a state invariant whose inputs are the same objects as in the previous (passing) state. */
  readonly incremental: boolean;
  /** The state and step invariants as the loop below calls them (checksOf builds them). */
  readonly stateEntries: readonly StateEntry[];
  readonly stepEntries: readonly StepEntry[];
  /**
   * Where the checking is, for a watchdog in another thread (cli/watchdog.ts): [1] runs done,
   * [2] the index of the step being run. Written before each step, read only by the watchdog.
   */
  readonly probe?: Int32Array;
}

/**
 * A state invariant as the hot loop calls it. Every entry has this one shape, so the loop's
 * reads of its fields stay monomorphic; the invariants themselves are literals of many shapes.
 * @internal
 */
export interface StateEntry {
  readonly id: string;
  /** The bit set of the State parts the rule and its scope read (state-parts.ts). */
  readonly mask: number;
  /**
   * Its goroutine fields (g-fields.ts) and P fields (p-fields.ts), each 0 when it does not
   * say; and `mask` without the parts whose fields it names.
   */
  readonly gMask: number;
  readonly pMask: number;
  readonly otherMask: number;
  /** The scope's test, or null for 'always'. */
  readonly inScope: ((s: State) => boolean) | null;
  readonly unchangedSince: NonNullable<StateInvariant['unchangedSince']> | null;
  readonly checkSince: NonNullable<StateInvariant['checkSince']> | null;
  readonly check: StateInvariant['check'];
}

/** A step invariant as the hot loop calls it (see StateEntry). @internal */
export interface StepEntry {
  readonly id: string;
  /** The parts of its `about` (0: every step; stackMoves: steps that move a stack). */
  readonly about: number;
  /** The bit set of its `actions` (check-plan.ts actionBit; 0: every kind). */
  readonly kinds: number;
  /** The scope's test, or null for 'every-step'. */
  readonly inScope: ((before: State, after: State) => boolean) | null;
  readonly check: StepInvariant['check'];
}

/**
 * checks cut down to the invariant id (none for a throw: a step's throw is found without
 * checks). A shrink candidate is run with these first: a run that does not break the rule
 * with them does not with every check either (the full run is the same run, stopped at its
 * first finding), and most candidates fail, so most cost one rule's checks.
 * @internal
 */
export function onlyRule(checks: Checks, id: string): Checks {
  const state = checks.state.filter((i) => i.id === id);
  const step = checks.step.filter((i) => i.id === id);
  return { ...(checks.probe !== undefined ? { probe: checks.probe } : {}), state, step, incremental: checks.incremental, ...entriesOf(state, step) };
}

/** The entries of a catalog's state and step invariants. @internal */
export function entriesOf(state: readonly StateInvariant[], step: readonly StepInvariant[]): Pick<Checks, 'stateEntries' | 'stepEntries'> {
  return {
    stateEntries: state.map((i): StateEntry => {
      const mask = partsMask([...i.reads, ...stateScopes[i.scope].reads]);
      const gMask = i.gFields === undefined ? 0 : gFieldsMask(i.gFields);
      const pMask = i.pFields === undefined ? 0 : pFieldsMask(i.pFields);
      return {
        id: i.id,
        mask,
        gMask,
        pMask,
        otherMask: mask & ~(gMask !== 0 ? partBit.gs : 0) & ~(pMask !== 0 ? partBit.ps : 0),
        inScope: i.scope === 'always' ? null : stateScopes[i.scope].holds,
        unchangedSince: i.unchangedSince ?? null,
        checkSince: i.checkSince ?? null,
        check: i.check,
      };
    }),
    stepEntries: step.map((i): StepEntry => ({
      id: i.id,
      about: i.about === undefined ? 0 : i.about === 'stack-moves' ? stackMoves : partsMask(i.about),
      kinds: i.actions === undefined ? 0 : actionsMask(i.actions),
      inScope: i.scope === 'every-step' ? null : stepScopes[i.scope],
      check: i.check,
    })),
  };
}

/** One invariant's evaluation counts (Coverage.invariants). @internal */
export type Tally = { evaluated: number; vacuous: number; unchanged: number };

/**
 * The run's tallies of these invariants, in their order. Built by push, not map: the array
 * map builds once TurboFan inlines it is holey, so the first run after runTraceFrom is
 * optimized would hand checkState and checkStep a list of another hidden class, and both
 * (among the largest functions a run compiles) would deoptimize and compile again.
 */
function talliesOf(list: readonly { readonly id: string }[], cov: Coverage): Tally[] {
  const out: Tally[] = [];
  for (let k = 0; k < list.length; k++) out.push(cov.invariants[list[k].id]);
  return out;
}

/**
 * Checks every state invariant on s (a step's result, or the initial state when prev is
 * null); with incremental checks, only those whose inputs changed since prev, which passed.
 * The entries it skips are tallied as unchanged at once, or by `skips` (check-plan.ts) when
 * the caller flushes it into the same tallies later.
 * @internal
 */
export function checkState(
  cfg: Config, checks: Checks, ctx: CheckContext, prev: State | null, s: State, at: number, tallies: readonly Tally[] | null,
  skips: SkipTally | null = null,
): Finding | null {
  const list = checks.stateEntries;
  if (list.length === 0) return null;
  const plans = statePlansOf(list);
  const incremental = prev !== null && checks.incremental;
  let plan = plans.all;
  if (incremental) {
    // The entries this kind of change concerns (check-plan.ts): the others' inputs are the very objects they passed on.
    const changed = ctx.changedParts(prev, s);
    const gf = plans.usesGFields && (changed & partBit.gs) !== 0 ? ctx.changedGFields(prev, s) : 0;
    const pf = plans.usesPFields && (changed & partBit.ps) !== 0 ? ctx.changedPFields(prev, s) : 0;
    plan = plans.of(changed, gf, pf);
  }
  const run = plan.run;
  for (let k = 0; k < run.length; k++) {
    const i = run[k];
    const inv = list[i];
    if (incremental && inv.unchangedSince !== null && inv.unchangedSince(prev, s, ctx)) {
      if (tallies !== null) tallies[i].unchanged++;
      continue;
    }
    const v = inv.inScope !== null && !inv.inScope(s) ? VACUOUS
      : incremental && inv.checkSince !== null ? inv.checkSince(cfg, prev, s, ctx) : inv.check(cfg, s, ctx);
    if (tallies !== null) {
      tallies[i].evaluated++;
      if (v === VACUOUS) tallies[i].vacuous++;
    }
    if (v.length > 0) {
      if (tallies !== null) tallySkipped(tallies, plan.skip, i);
      return { id: inv.id, message: v[0], step: at };
    }
  }
  if (tallies !== null) passed(tallies, plan, skips);
  return null;
}

/** Counts as unchanged the skipped entries before entry `upTo` (the one that failed): as many as the loop reached. */
function tallySkipped(tallies: readonly Tally[], skip: Int32Array, upTo: number): void {
  for (let k = 0; k < skip.length && skip[k] < upTo; k++) tallies[skip[k]].unchanged++;
}

/** Counts as unchanged every entry a passing check skipped: now, or through skips. */
function passed(tallies: readonly Tally[], plan: Plan, skips: SkipTally | null): void {
  if (skips !== null) skips.count(plan);
  else tallySkipped(tallies, plan.skip, 0x7fffffff);
}

/** Checks every step invariant on (before, a, after) and the step's observation (skips: as checkState). @internal */
export function checkStep(
  cfg: Config, checks: Checks, ctx: CheckContext, before: State, a: Action, after: State, obs: Observation, at: number,
  tallies: readonly Tally[] | null, skips: SkipTally | null = null,
): Finding | null {
  const list = checks.stepEntries;
  if (list.length === 0) return null;
  const plans = stepPlansOf(list);
  let plan = plans.all;
  if (checks.incremental) {
    // With incremental checks, a rule whose `about` the step did not change has nothing to check.
    const changed = ctx.changedParts(before, after);
    const moved = plans.usesMoves && (changed & partBit.gs) !== 0 && ctx.movedGoroutines(before, after).length > 0;
    plan = plans.of(changed, moved, plans.usesKinds ? actionIndex[a.kind] : 0);
  }
  const run = plan.run;
  for (let k = 0; k < run.length; k++) {
    const j = run[k];
    const inv = list[j];
    const v = inv.inScope === null || inv.inScope(before, after) ? inv.check(cfg, before, a, after, obs, ctx) : VACUOUS;
    if (tallies !== null) {
      tallies[j].evaluated++;
      if (v === VACUOUS) tallies[j].vacuous++;
    }
    if (v.length > 0) {
      if (tallies !== null) tallySkipped(tallies, plan.skip, j);
      return { id: inv.id, message: v[0], step: at };
    }
  }
  if (tallies !== null) passed(tallies, plan, skips);
  return null;
}

/** Where a run starts and what it keeps (prefix.ts). @internal */
export interface RunFrom {
  /** Start at step actions.length in `state`, which passed every check (a prefix already run); null: the initial state. */
  readonly state: State | null;
  readonly actions: readonly Action[];
  /** Receives the state before each step run (passing states only). */
  readonly record: State[] | null;
}

function isTrace(x: readonly (Template | Action)[] | Trace): x is Trace {
  return !Array.isArray(x);
}

/**
 * Runs templates (a Trace drawn on demand, or a list), or already resolved actions, and
 * reports what happened.
 * @public
 */
export function runTrace(
  cfg: Config, rt: Runtime, steps: readonly (Template | Action)[] | Trace, checks: Checks, cov: Coverage | null, resolved = false,
  from: RunFrom | null = null,
): TraceResult {
  // Where a user mutant's fault happened (mutant-fault.ts); plain numbers, no per-step text.
  let at = -1;
  let acting: Action | null = null;
  try {
    return runTraceFrom(cfg, rt, steps, checks, cov, resolved, from, (i, a) => {
      at = i;
      acting = a;
    });
  } catch (e) {
    throw faultAt(rt, e, faultPlace(at, acting));
  }
}

function runTraceFrom(
  cfg: Config, rt: Runtime, steps: readonly (Template | Action)[] | Trace, checks: Checks, cov: Coverage | null, resolved: boolean,
  from: RunFrom | null, track: (i: number, a: Action | null) => void,
): TraceResult {
  const trace = isTrace(steps) ? steps : null;
  const list = isTrace(steps) ? null : steps;
  const record = from === null ? null : from.record;
  let s = from?.state ?? initialState(cfg, rt);
  // The checker state of this run (context.ts): nothing is shared with any other run.
  const ctx = new CheckContext(cfg, checks.incremental);
  // The goroutines by class for pick, brought from each state to the next (status-index.ts);
  // resolved actions need no picking.
  const ix = resolved ? null : new StatusIndex();
  let last: State | null = null;
  const actions: Action[] = from === null ? [] : from.actions.slice();
  const stateTallies = cov === null ? null : talliesOf(checks.state, cov);
  const stepTallies = cov === null ? null : talliesOf(checks.step, cov);
  // The skipped entries' tallies, added when the run ends (check-plan.ts SkipTally).
  const stateSkips = cov === null ? null : new SkipTally();
  const stepSkips = cov === null ? null : new SkipTally();
  let finding = from !== null && from.state !== null ? null : checkState(cfg, checks, ctx, null, s, -1, stateTallies);
  let terminal: TraceResult['terminal'] = null;
  const probe = checks.probe;
  if (probe !== undefined && cov !== null) probe[1] = cov.runs;
  try {
    for (let i = actions.length; i < steps.length && finding === null; i++) {
      if (probe !== undefined) {
        probe[2] = i;
        probe[4]++;
      }
      track(i, null);
      const t = list === null ? templateAt(trace!, i) : list[i];
      if (ix !== null) ix.sync(s, last, last === null ? null : ctx.changedGoroutines(last, s));
      last = s;
      const a = ix === null ? (t as Action) : pick(cfg, rt, s, t as Template, ix);
      if (a === null) break;
      track(i, a);
      const r = step(cfg, rt, s, a);
      if (r.kind === 'disabled') {
        if (resolved) {
          finding = { id: 'disabled', message: `step ${actions.length} (${a.kind}) does not apply to the state it meets`, step: actions.length };
        }
        break;
      }
      actions.push(a);
      if (record !== null) record.push(s);
      if (cov !== null) {
        cov.actions[a.kind]++;
        cov.steps++;
      }
      if (r.kind === 'throw') {
        finding = { id: 'throw', message: r.message, step: actions.length - 1 };
        break;
      }
      if (r.kind === 'terminal') {
        terminal = { outcome: r.outcome, message: r.message };
        break;
      }
      const next = r.state;
      if (cov !== null) {
        addPaths(cov, r.obs);
        addWindows(cov, cfg, s, a, next, r.obs);
      }
      finding = checkState(cfg, checks, ctx, s, next, actions.length - 1, stateTallies, stateSkips) ??
        checkStep(cfg, checks, ctx, s, a, next, r.obs, actions.length - 1, stepTallies, stepSkips);
      s = next;
    }
  } finally {
    if (stateSkips !== null) stateSkips.flush(stateTallies!);
    if (stepSkips !== null) stepSkips.flush(stepTallies!);
  }
  if (trace !== null) trace.used = actions.length;
  if (cov !== null) {
    cov.runs++;
    if (terminal !== null) cov.outcomes[terminal.outcome]++;
    else if (finding === null) cov.outcomes.completed++;
  }
  return { actions, finding, terminal, final: s };
}
