// A worker thread of `explore --workers N`: it holds some of a level's states (in rank
// order), expands them into the shared visited table, and remembers, for each next-level
// state it reached, the first transition (smallest key) it reached it by and the state
// itself, checking the state invariants on it from that parent at once (the step's memos
// are fresh). The main thread (parallel.ts) picks each state's smallest key over all
// workers; the worker with it counts that check, the one a single thread makes, and holds
// the state for the next level. Coverage is counted per level and kept only
// once the level is done, so a search cut inside a level recounts that level up to the cut.

import { initialState, type Config, type Runtime, type State } from '../model/index.ts';
import { checksOf } from '../properties/check.ts';
import { addCoverage } from '../properties/chunks.ts';
import { emptyCoverage, type Coverage } from '../properties/coverage.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import { CheckContext } from '../properties/invariants/context.ts';
import type { Invariant } from '../properties/invariants/invariant.ts';
import { checkState, type Finding, type Tally } from '../properties/run-trace.ts';
import { enabledActions, planOf, type Bounds } from '../properties/enumerate.ts';
import { keyBase, type Block, type Edges, type LevelAnswer, type LevelInit, type LevelRequest, type Violation } from './level-messages.ts';
import { Ints, liftEdge, lifted } from './lift.ts';
import { searchFingerprinter } from './p-symmetry.ts';
import { sharedVisited } from './shared-visited.ts';
import { transition, type Stepper } from './transition.ts';
import { maxOrdinal } from './visited.ts';

/** What a worker searches: the same as the main thread's ExploreOptions, rebuilt in the worker. @internal */
export interface LevelSetup {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly bounds: Bounds;
  readonly invariants?: readonly Invariant[];
  /** As ExploreOptions.symmetry (default on): the fingerprints must be the main thread's. */
  readonly symmetry?: boolean;
}

interface Counted {
  readonly cov: Coverage;
  readonly state: readonly Tally[];
  readonly step: readonly Tally[];
}

/** The worker's side: a handler for each request, answering through post. @internal */
export function levelWorker(o: LevelSetup, init: LevelInit, post: (a: LevelAnswer) => void): (r: LevelRequest) => void {
  const list = o.invariants ?? invariantsFor(o.cfg.profile);
  const checks = checksOf(list);
  const counted = (): Counted => {
    const cov = emptyCoverage(list);
    return { cov, state: checks.state.map((i) => cov.invariants[i.id]), step: checks.step.map((i) => cov.invariants[i.id]) };
  };
  const total = counted();
  let level = counted();
  const plan = planOf(o.bounds);
  const symmetry = o.symmetry ?? true;
  const { fp } = searchFingerprinter(o);
  // The main thread counts the real states (lift.ts) from each level's transitions and labels.
  const lifting = symmetry && lifted(o.cfg.scope.maxGoroutines - 1);
  const x: Stepper = { cfg: o.cfg, rt: o.rt, checks, ctx: new CheckContext(o.cfg, checks.incremental), fp, next: null };
  let table = sharedVisited(init.table);
  let tableNow = init.table.slots;
  const counters = new Float64Array(init.counters);
  const deadline = init.deadline ?? Infinity;

  // This level's states, in rank order.
  let frontier: State[] = init.index === 0 ? [initialState(o.cfg, o.rt)] : [];
  let ranks: number[] = init.index === 0 ? [0] : [];
  let depth = 0;
  let nextStart = 0;
  // Where expansion is (it pauses between states while the table is resized) and what it found.
  let at = 0;
  let counts = new Int32Array(0);
  let transitions = 0;
  let violation: Violation | null = null;
  let timedOut = false;
  // Next-level states reached: id → index into the candidate arrays (the first, smallest key wins).
  let seen = new Map<number, number>();
  let candIds: number[] = [], candKeys: number[] = [], candStates: State[] = [], candParents: number[] = [];
  let candFindings: (Finding | null)[] = [];
  let candLabels = new Ints(), candTies = new Ints(), candOrbits = new Ints();
  let edgeRanks = new Ints(), edgeIds = new Ints(), edgeLabels = new Ints();
  // The lift's transitions as the main thread will replay them (lift.ts:liftEdge), by the rank of the state left.
  const edgeSink = { edge(rank: number, id: number, label: number): void { edgeRanks.push(rank); edgeIds.push(id); edgeLabels.push(label); } };
  let stateViolation = false;
  // The candidates this worker won (id → key), and the next level's states it holds.
  let won = new Map<number, number>();
  let heldRanks: number[] = [], held: State[] = [];

  function expand(): LevelAnswer {
    for (; at < frontier.length; at++) {
      if (violation !== null || stateViolation || timedOut) break; // every later transition has a larger key
      if (table.wantsResize()) return { kind: 'paused' };
      const s = frontier[at];
      const actions = enabledActions(o.cfg, o.rt, s, plan);
      if (actions.length > maxOrdinal + 1) throw new Error(`explore: a state has more than ${maxOrdinal + 1} actions`);
      counts[at] = actions.length;
      const base = ranks[at] * keyBase;
      for (let k = 0; k < actions.length; k++) {
        if ((transitions & 255) === 255 && Date.now() > deadline) {
          timedOut = true;
          break;
        }
        transitions++;
        const finding = transition(x, s, actions[k], depth, level.cov, level.step);
        if (finding !== null) {
          violation = { key: base + k, finding, onState: false };
          break;
        }
        const t = x.next;
        if (t === null) continue;
        let id = table.insert(fp.a, fp.b);
        const known = id < 0;
        if (known) id = -id - 1;
        if (lifting) liftEdge(edgeSink, ranks[at], id, fp);
        if (known && (id < nextStart || seen.has(id))) continue;
        const c = candIds.length;
        seen.set(id, c);
        candIds.push(id);
        candKeys.push(base + k);
        candStates.push(t);
        candParents.push(at);
        if (lifting) {
          candLabels.push(fp.label);
          candTies.push(fp.ties);
        }
        candOrbits.push(fp.orbit);
        // Checked now, while the step's memos are fresh; counted only if this is the state's smallest key.
        const found = checkState(o.cfg, checks, x.ctx, s, t, depth, scratch);
        candFindings.push(found);
        record(c);
        if (found !== null) {
          stateViolation = true;
          break;
        }
      }
      counters[2 * init.index] += 1;
      counters[2 * init.index + 1] = transitions;
    }
    return {
      kind: 'expanded', ids: Int32Array.from(candIds), keys: Float64Array.from(candKeys), labels: candLabels.copy(), ties: candTies.copy(), orbits: candOrbits.copy(),
      edges: lifting ? edgesSoFar() : null, ranks: Int32Array.from(ranks), counts,
      expanded: at, transitions, violation, timedOut,
    };
  }

  /** This level's transitions so far, handed over (a paused expansion's are sent with the rest when it ends). */
  function edgesSoFar(): Edges {
    return { ranks: edgeRanks.copy(), ids: edgeIds.copy(), labels: edgeLabels.copy() };
  }

  function check(ids: Int32Array, rankOf: Int32Array, keys: Float64Array): LevelAnswer {
    for (let j = 0; j < ids.length; j++) {
      const c = seen.get(ids[j]) as number;
      won.set(ids[j], keys[j]);
      replay(c);
      heldRanks.push(rankOf[j]);
      held.push(candStates[c]);
      const finding = candFindings[c];
      if (finding !== null) return { kind: 'checked', violation: { key: keys[j], finding, onState: true } };
    }
    return { kind: 'checked', violation: null };
  }

  // Each candidate's state-invariant tallies, one code per invariant: 0 not reached (after a
  // finding), 1 unchanged, 2 evaluated, 3 evaluated and vacuous.
  const nState = checks.state.length;
  const scratch: Tally[] = checks.state.map(() => ({ evaluated: 0, vacuous: 0, unchanged: 0 }));
  let codes = new Uint8Array(1024 * nState);
  function record(c: number): void {
    if ((c + 1) * nState > codes.length) {
      const grown = new Uint8Array(codes.length * 2);
      grown.set(codes);
      codes = grown;
    }
    for (let i = 0; i < nState; i++) {
      const t = scratch[i];
      codes[c * nState + i] = t.unchanged !== 0 ? 1 : t.evaluated === 0 ? 0 : t.vacuous !== 0 ? 3 : 2;
      t.evaluated = t.vacuous = t.unchanged = 0;
    }
  }
  function replay(c: number): void {
    for (let i = 0; i < nState; i++) {
      const code = codes[c * nState + i], t = level.state[i];
      if (code === 1) t.unchanged++;
      else if (code >= 2) {
        t.evaluated++;
        if (code === 3) t.vacuous++;
      }
    }
  }

  function advance(owner: Uint8Array): LevelAnswer {
    addCoverage(total.cov, level.cov);
    level = counted();
    const keep: number[] = [], keepStates: State[] = [];
    const out = new Map<number, { ranks: number[]; states: State[] }>();
    for (let j = 0; j < held.length; j++) {
      const w = owner[heldRanks[j]];
      if (w === init.index) {
        keep.push(heldRanks[j]);
        keepStates.push(held[j]);
      } else {
        const b = out.get(w) ?? { ranks: [], states: [] };
        b.ranks.push(heldRanks[j]);
        b.states.push(held[j]);
        out.set(w, b);
      }
    }
    ranks = keep;
    frontier = keepStates;
    resetLevel();
    return { kind: 'advanced', sent: [...out].map(([to, b]) => ({ to, block: { ranks: Int32Array.from(b.ranks), states: b.states } })) };
  }

  function resetLevel(): void {
    seen = new Map();
    candIds = [];
    candKeys = [];
    candStates = [];
    candParents = [];
    candFindings = [];
    candLabels = new Ints();
    candTies = new Ints();
    candOrbits = new Ints();
    edgeRanks = new Ints();
    edgeIds = new Ints();
    edgeLabels = new Ints();
    won = new Map();
    heldRanks = [];
    held = [];
  }

  /** This level's coverage again, of the transitions up to key cut only (one thread would have stopped there). */
  function recount(cut: number): void {
    level = counted();
    for (let i = 0; i < frontier.length && ranks[i] * keyBase <= cut; i++) {
      const s = frontier[i];
      const actions = enabledActions(o.cfg, o.rt, s, plan);
      const base = ranks[i] * keyBase;
      for (let k = 0; k < actions.length && base + k <= cut; k++) {
        if (transition(x, s, actions[k], depth, level.cov, level.step) !== null || x.next === null) continue;
        const id = table.lookup(fp.a, fp.b);
        if (won.get(id) === base + k) checkState(o.cfg, checks, x.ctx, s, x.next, depth, level.state);
      }
    }
  }

  function received(blocks: readonly Block[]): void {
    if (blocks.length === 0) return;
    const all = ranks.map((r, i) => ({ r, s: frontier[i] }));
    for (const b of blocks) b.ranks.forEach((r, i) => all.push({ r, s: b.states[i] }));
    all.sort((p, q) => p.r - q.r);
    ranks = all.map((e) => e.r);
    frontier = all.map((e) => e.s);
  }

  return (r) => {
    try {
      if ('table' in r && r.table.slots !== tableNow) [tableNow, table] = [r.table.slots, sharedVisited(r.table)];
      switch (r.kind) {
        case 'expand':
          received(r.received);
          depth = r.depth;
          nextStart = r.nextStart;
          at = 0;
          counts = new Int32Array(frontier.length);
          transitions = 0;
          violation = null;
          stateViolation = false;
          timedOut = false;
          return post(expand());
        case 'resume':
          return post(expand());
        case 'check':
          return post(check(r.ids, r.ranks, r.keys));
        case 'advance':
          return post(advance(r.owner));
        case 'finish':
          if (r.cut !== null) recount(r.cut);
          addCoverage(total.cov, level.cov);
          return post({ kind: 'coverage', coverage: total.cov });
      }
    } catch (e) {
      post({ kind: 'error', message: String((e as Error)?.message ?? e).split('\n')[0] });
    }
  };
}
