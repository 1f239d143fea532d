// The exhaustive search: breadth first from the initial state over every enabled action
// with a distinct effect (enumerate.ts), the whole invariant catalog checked with the same
// code as `run` (properties/run-trace.ts: every state invariant on every new state, every
// step invariant on every transition). States are told apart by fingerprint (fingerprint.ts)
// and remembered only as fingerprints and parent pointers (visited.ts); only the frontier's
// states are kept. Breadth first makes the first violation found a shortest one.

import { initialState, type Action, type Config, type Runtime, type State } from '../model/index.ts';
import { checksOf } from '../properties/check.ts';
import { emptyCoverage, type Coverage } from '../properties/coverage.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import type { Invariant } from '../properties/invariants/invariant.ts';
import { CheckContext } from '../properties/invariants/context.ts';
import { checkState, type Checks, type Finding } from '../properties/run-trace.ts';
import { enabledActions, planOf, type Bounds } from '../properties/enumerate.ts';
import { liftEdge, makeLift } from './lift.ts';
import { searchFingerprinter } from './p-symmetry.ts';
import { transition, replayOrdinals, type Stepper } from './transition.ts';
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
   * Tell states apart only up to renaming interchangeable goroutines (symmetry.ts; default
   * on): the search still expands real states, one per class.
   */
  readonly symmetry?: boolean;
  /**
   * Called about every 1,024 transitions: a transition takes 25-100 µs, so the caller's
   * progress line (and the time limit) are looked at every 0.03-0.1 s, however many actions a state has.
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
  /** Distinct states found (fingerprints stored): with symmetry, one per class of renamed states. */
  readonly states: number;
  readonly symmetry: boolean;
  /** Why Ps 1..n-1 were not renamed (p-symmetry.ts), or null when they were. */
  readonly psKept: string | null;
  /**
   * The real states those stand for (lift.ts): what the same search with symmetry off would
   * count. Without symmetry, states; null where it is not counted: after a violation or a
   * stop by --max-states or --time-limit (the search with symmetry off would stop elsewhere),
   * or beyond 5 goroutines besides runtime.main.
   */
  readonly representedStates: number | null;
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

/** The ordinals (indices into enabledActions) from the initial state to state id, from parent pointers. @internal */
export function ordinalsTo(visited: Pick<Visited, 'parentOf' | 'ordinalOf'>, id: number): number[] {
  const ordinals: number[] = [];
  for (let at = id; visited.parentOf(at) >= 0; at = visited.parentOf(at)) ordinals.push(visited.ordinalOf(at));
  return ordinals.reverse();
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
  const symmetry = o.symmetry ?? true;
  const { fp, psKept } = searchFingerprinter(o);
  // The real states (lift.ts); with Ps renamed, each class stands for fp.orbit classes of goroutine renamings.
  const lift = symmetry ? makeLift(o.cfg.scope.maxGoroutines - 1) : null;
  let orbits = 0;
  const visited = makeVisited();
  const x: Stepper = { cfg: o.cfg, rt: o.rt, checks, ctx, fp, next: null };
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
  // Each frontier state's part hashes, kept when it was found, so expanding it hashes only what its successors change.
  let kept: number[] = [fp.keep()];
  fp.nextLevel();
  lift?.state(0, fp.label, fp.ties, fp.orbit);
  orbits += fp.orbit;
  const first = checkState(o.cfg, checks, ctx, null, s0, -1, stateTallies);
  if (first !== null) counterexample = { finding: first, actions: [] };
  let depth = 0;
  let left = 0;

  search: while (counterexample === null && frontier.length > 0) {
    if (depth >= maxDepth) {
      stoppedBy = 'depth';
      left = frontier.length;
      break;
    }
    const next: State[] = [];
    const nextIds: number[] = [];
    const nextKept: number[] = [];
    for (let i = 0; i < frontier.length; i++) {
      const s = frontier[i];
      x.kept = kept[i];
      const actions = enabledActions(o.cfg, o.rt, s, plan);
      for (let k = 0; k < actions.length; k++) {
        // By transitions, not states: a state of a wide scope has hundreds of actions.
        if ((transitions & 1023) === 1023) {
          const now = performance.now();
          o.onProgress?.({ depth, states: visited.size, queue: frontier.length - i + next.length, transitions, elapsedMs: now - started });
          if (now > deadline) {
            stoppedBy = 'time';
            left = frontier.length - i + next.length;
            break search;
          }
        }
        const a = actions[k];
        transitions++;
        let finding = transition(x, s, a, depth, cov, stepTallies);
        const t = x.next;
        if (finding === null) {
          if (t === null) continue;
          const id = visited.insert(fp.a, fp.b, ids[i], k);
          if (id < 0) {
            if (lift !== null) liftEdge(lift, ids[i], visited.found, fp);
            continue;
          }
          nextKept.push(fp.keep());
          orbits += fp.orbit;
          lift?.state(id, fp.label, fp.ties, fp.orbit);
          if (lift !== null) liftEdge(lift, ids[i], id, fp);
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
        if (finding !== null) {
          counterexample = { finding, actions: replayOrdinals(o.cfg, o.rt, plan, [...ordinalsTo(visited, ids[i]), k]) };
          break search;
        }
      }
    }
    frontier = next;
    ids = nextIds;
    kept = nextKept;
    fp.nextLevel();
    depth++;
  }
  const n = visited.size;
  const counted = counterexample === null && (stoppedBy === null || stoppedBy === 'depth');
  const represented = !symmetry ? n : !counted ? null : lift === null ? (o.cfg.scope.maxGoroutines > 2 ? null : orbits) : lift.count(maxDepth);
  return {
    states: n, symmetry, psKept, representedStates: represented, transitions, diameter,
    complete: counterexample === null && stoppedBy === null,
    stoppedBy, frontier: left, coverage: cov, counterexample,
    elapsedMs: performance.now() - started,
    visitedBytes: visited.bytes() + (lift?.bytes() ?? 0),
    collisionProbability: (n * Math.max(0, transitions + 1 - n)) / 2 ** 64,
  };
}
