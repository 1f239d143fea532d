// The exhaustive search: breadth first from the initial state over every enabled action
// with a distinct effect (enumerate.ts), the whole invariant catalog checked with the same
// code as `run` (properties/run-trace.ts: every state invariant on every new state, every
// step invariant on every transition). States are told apart by fingerprint (fingerprint.ts)
// and remembered only as fingerprints and parent pointers (visited.ts); only the frontier's
// states are kept. Breadth first makes the first violation found a shortest one.

import { initialState, step, type Action, type Config, type Runtime, type State } from '../model/index.ts';
import { checksOf } from '../properties/check.ts';
import { addPaths, addWindows, emptyCoverage, type Coverage } from '../properties/coverage.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import type { Invariant } from '../properties/invariants/invariant.ts';
import { CheckContext } from '../properties/invariants/context.ts';
import { checkState, checkStep, type Checks, type Finding } from '../properties/run-trace.ts';
import { enabledActions, planOf, type Bounds, type Plan } from '../properties/enumerate.ts';
import { makeFingerprinter } from './fingerprint.ts';
import { makeVisited, type Visited } from './visited.ts';

/** @public */
export interface ExploreOptions {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly bounds: Bounds;
  /** Expand states up to this depth (steps from the initial state); the rest stays as the frontier. */
  readonly maxDepth?: number;
  /** Stop once this many distinct states are known. */
  readonly maxStates?: number;
  readonly timeLimitMs?: number;
  readonly invariants?: readonly Invariant[];
  /**
   * Called about every 1,024 expanded states: an expansion takes 100-300 µs, so the caller's
   * progress line (and the time limit) are looked at every 0.1-0.3 s.
   */
  readonly onProgress?: (p: ExploreProgress) => void;
}

/** @public */
export interface ExploreProgress {
  readonly depth: number;
  readonly states: number;
  readonly queue: number;
  readonly transitions: number;
  readonly elapsedMs: number;
}

/** Why the search ended before the reachable space was exhausted, or null when it was not cut short. @public */
export type StopReason = 'depth' | 'states' | 'time' | null;

/** @public */
export interface ExploreReport {
  /** Distinct states found (fingerprints stored). */
  readonly states: number;
  /** Transitions executed (every enabled action of every expanded state). */
  readonly transitions: number;
  /** The largest depth at which a new state was found. */
  readonly diameter: number;
  /** True when every reachable state was expanded (no violation, nothing cut short). */
  readonly complete: boolean;
  readonly stoppedBy: StopReason;
  /** States found but not expanded when the search stopped. */
  readonly frontier: number;
  readonly coverage: Coverage;
  readonly counterexample: { readonly finding: Finding; readonly actions: readonly Action[] } | null;
  readonly elapsedMs: number;
  /** Bytes of the visited table's typed arrays. */
  readonly visitedBytes: number;
  /**
   * TLC's optimistic estimate of the probability that two distinct states shared a
   * fingerprint (so one was never explored): distinct × (generated − distinct) / 2^64.
   */
  readonly collisionProbability: number;
}

/** The actions from the initial state to state id, re-derived from parent pointers (ordinals into enabledActions). */
function pathTo(o: ExploreOptions, plan: Plan, visited: Visited, id: number): Action[] {
  const ordinals: number[] = [];
  for (let at = id; visited.parentOf(at) >= 0; at = visited.parentOf(at)) ordinals.push(visited.ordinalOf(at));
  ordinals.reverse();
  const actions: Action[] = [];
  let s = initialState(o.cfg, o.rt);
  for (const k of ordinals) {
    const a = enabledActions(o.cfg, o.rt, s, plan)[k];
    const r = step(o.cfg, o.rt, s, a);
    if (r.kind !== 'ok') throw new Error('explore: a stored path no longer replays (the model is not deterministic)');
    actions.push(a);
    s = r.state;
  }
  return actions;
}

/** Explores the reachable states breadth first. @public */
export function explore(o: ExploreOptions): ExploreReport {
  const started = performance.now();
  const list = o.invariants ?? invariantsFor(o.cfg.profile);
  const checks: Checks = checksOf(list);
  const cov = emptyCoverage(list);
  // One checker state for the whole search: its views follow any jump between states (context.ts).
  const ctx = new CheckContext(o.cfg, checks.incremental);
  const stateTallies = checks.state.map((i) => cov.invariants[i.id]);
  const stepTallies = checks.step.map((i) => cov.invariants[i.id]);
  const plan = planOf(o.bounds);
  const fp = makeFingerprinter();
  const visited = makeVisited();
  const maxDepth = o.maxDepth ?? Infinity;
  const maxStates = o.maxStates ?? Infinity;
  const deadline = o.timeLimitMs === undefined ? Infinity : started + o.timeLimitMs;

  let transitions = 0;
  let diameter = 0;
  let stoppedBy: StopReason = null;
  let counterexample: ExploreReport['counterexample'] = null;
  const s0 = initialState(o.cfg, o.rt);
  fp.of(s0);
  let frontier: State[] = [s0];
  let ids: number[] = [visited.insert(fp.a, fp.b, -1, 0)];
  const first = checkState(o.cfg, checks, ctx, null, s0, -1, stateTallies);
  if (first !== null) counterexample = { finding: first, actions: [] };
  let depth = 0;
  let expanded = 0;
  let left = 0;

  search: while (counterexample === null && frontier.length > 0) {
    if (depth >= maxDepth) {
      stoppedBy = 'depth';
      left = frontier.length;
      break;
    }
    const next: State[] = [];
    const nextIds: number[] = [];
    for (let i = 0; i < frontier.length; i++) {
      if ((++expanded & 1023) === 0) {
        const now = performance.now();
        o.onProgress?.({ depth, states: visited.size, queue: frontier.length - i + next.length, transitions, elapsedMs: now - started });
        if (now > deadline) {
          stoppedBy = 'time';
          left = frontier.length - i + next.length;
          break search;
        }
      }
      const s = frontier[i];
      const actions = enabledActions(o.cfg, o.rt, s, plan);
      for (let k = 0; k < actions.length; k++) {
        const a = actions[k];
        const r = step(o.cfg, o.rt, s, a);
        transitions++;
        cov.actions[a.kind]++;
        cov.steps++;
        let finding: Finding | null = null;
        if (r.kind === 'throw') finding = { id: 'throw', message: r.message, step: depth };
        else if (r.kind === 'terminal') {
          cov.outcomes[r.outcome]++;
          continue;
        } else if (r.kind === 'ok') {
          const t = r.state;
          addPaths(cov, r.obs);
          addWindows(cov, o.cfg, s, a, t, r.obs);
          finding = checkStep(o.cfg, checks, ctx, s, a, t, r.obs, depth, stepTallies);
          if (finding === null) {
            fp.of(t);
            const id = visited.insert(fp.a, fp.b, ids[i], k);
            if (id < 0) continue;
            finding = checkState(o.cfg, checks, ctx, s, t, depth, stateTallies);
            next.push(t);
            nextIds.push(id);
            diameter = depth + 1;
            if (finding === null && visited.size >= maxStates) {
              stoppedBy = 'states';
              left = frontier.length - i - 1 + next.length;
              break search;
            }
          }
        }
        if (finding !== null) {
          counterexample = { finding, actions: [...pathTo(o, plan, visited, ids[i]), a] };
          break search;
        }
      }
    }
    frontier = next;
    ids = nextIds;
    depth++;
  }
  const n = visited.size;
  return {
    states: n, transitions, diameter,
    complete: counterexample === null && stoppedBy === null,
    stoppedBy, frontier: left, coverage: cov, counterexample,
    elapsedMs: performance.now() - started,
    visitedBytes: visited.bytes(),
    collisionProbability: (n * Math.max(0, transitions + 1 - n)) / 2 ** 64,
  };
}
