// `explore --workers N`: the breadth-first search of search.ts, one level at a time on N
// worker threads (level-worker.ts) that share one visited table (shared-visited.ts), with
// the report one thread gives, whatever N: the same states, transitions, diameter, coverage
// and counterexample. One thread meets a level's transitions in key order (the rank of the
// state left, then the action's ordinal) and gives each new state the next rank; here each
// next-level state's rank is the order of the smallest key any worker reached it by, its
// parent is that key's state (so paths are one thread's), and a search cut inside a level
// (a violation, --max-states) is cut at the smallest key at which one thread would stop,
// the counts and coverage recounted up to it. Only --time-limit depends on the machine, as
// with one thread.

import { initialState, type Action, type State } from '../model/index.ts';
import { checksOf } from '../properties/check.ts';
import { addCoverage } from '../properties/chunks.ts';
import { emptyCoverage } from '../properties/coverage.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import { CheckContext } from '../properties/invariants/context.ts';
import { checkState } from '../properties/run-trace.ts';
import { planOf } from '../properties/enumerate.ts';
import { makeLift } from './lift.ts';
import { searchFingerprinter } from './p-symmetry.ts';
import { keyBase, type Block, type LevelAnswer, type LevelInit, type LevelRequest, type Violation } from './level-messages.ts';
import { ordinalsTo, type ExploreOptions, type ExploreReport, type StopReason } from './search.ts';
import { grownTable, makeSharedTable, sharedVisited } from './shared-visited.ts';
import { replayOrdinals } from './transition.ts';

/** A worker thread as the search talks to it: one request at a time. @internal */
export interface LevelThread {
  ask(r: LevelRequest): Promise<LevelAnswer>;
  close(): Promise<void>;
}

type Expanded = Extract<LevelAnswer, { kind: 'expanded' }>;

/** How far apart the workers' shares of a level may grow before states are sent to even them out. */
const imbalance = 1.15;

function expect<K extends LevelAnswer['kind']>(a: LevelAnswer, kind: K): Extract<LevelAnswer, { kind: K }> {
  if (a.kind === 'error') throw new Error(a.message);
  if (a.kind !== kind) throw new Error(`explore: a worker answered ${a.kind} where ${kind} was expected`);
  return a as Extract<LevelAnswer, { kind: K }>;
}

/** Who holds each next-level rank: the workers that found them, or even shares when those drift too far apart. */
function owners(holder: Uint8Array, n: number): Uint8Array {
  const per = new Array<number>(n).fill(0);
  for (const w of holder) per[w]++;
  if (Math.max(...per) <= imbalance * (holder.length / n) + 64) return holder;
  const even = new Uint8Array(holder.length);
  for (let j = 0; j < holder.length; j++) even[j] = Math.floor((j * n) / holder.length);
  return even;
}

/** Explores the reachable states breadth first on n worker threads made by spawn. @internal */
export async function exploreOnWorkers(o: ExploreOptions, n: number, spawn: (init: LevelInit) => LevelThread): Promise<ExploreReport> {
  const started = performance.now();
  const list = o.invariants ?? invariantsFor(o.cfg.profile);
  const checks = checksOf(list);
  const cov = emptyCoverage(list);
  const plan = planOf(o.bounds);
  const symmetry = o.symmetry ?? true;
  const { fp, psKept } = searchFingerprinter(o);
  // The real states, counted here as one thread counts them, from the transitions and labels the workers send.
  const lift = symmetry ? makeLift(o.cfg.scope.maxGoroutines - 1) : null;
  // The classes of goroutine renamings the states found stand for (the real states where no goroutine renaming moves anything).
  let orbits = 0;
  let table = makeSharedTable();
  let visited = sharedVisited(table);
  // Parent pointers by id, kept here: the workers never need them.
  let parent = new Int32Array(1 << 12);
  let ordinal = new Uint16Array(1 << 12);
  const tree = { parentOf: (id: number) => parent[id], ordinalOf: (id: number) => ordinal[id] };
  const maxDepth = o.maxDepth ?? Infinity;
  const maxStates = o.maxStates ?? Infinity;
  const report = (r: Omit<ExploreReport, 'elapsedMs' | 'visitedBytes' | 'collisionProbability' | 'coverage' | 'complete' | 'symmetry' | 'psKept' | 'representedStates'>): ExploreReport => ({
    ...r, coverage: cov, complete: r.counterexample === null && r.stoppedBy === null,
    symmetry, psKept,
    representedStates: !symmetry ? r.states
      : r.counterexample !== null || (r.stoppedBy !== null && r.stoppedBy !== 'depth') ? null
      : lift !== null ? lift.count(maxDepth) : o.cfg.scope.maxGoroutines <= 2 ? orbits : null,
    elapsedMs: performance.now() - started,
    visitedBytes: visited.bytes() + parent.byteLength + ordinal.byteLength + (lift?.bytes() ?? 0),
    collisionProbability: (r.states * Math.max(0, r.transitions + 1 - r.states)) / 2 ** 64,
  });

  const s0 = initialState(o.cfg, o.rt);
  fp.of(s0);
  visited.insert(fp.a, fp.b);
  lift?.state(0, fp.label, fp.ties, fp.orbit);
  orbits += fp.orbit;
  parent[0] = -1;
  const first = checkState(o.cfg, checks, new CheckContext(o.cfg, checks.incremental), null, s0, -1, checks.state.map((i) => cov.invariants[i.id]));
  if (first !== null) return report({ states: 1, transitions: 0, diameter: 0, stoppedBy: null, frontier: 0, counterexample: { finding: first, actions: [] } });

  const counters = new SharedArrayBuffer(16 * n);
  const progress = new Float64Array(counters);
  const deadline = o.timeLimitMs === undefined ? undefined : Date.now() + o.timeLimitMs;
  const threads = Array.from({ length: n }, (_, index) => spawn({ table, counters, index, ...(deadline !== undefined ? { deadline } : {}) }));
  let depth = 0;
  let rankIds = Int32Array.of(0); // this level's ids by rank
  let transitions = 0;
  let levelStart = 0;
  const timer = o.onProgress === undefined ? undefined : setInterval(() => {
    let done = 0, run = 0;
    for (let w = 0; w < n; w++) [done, run] = [done + progress[2 * w], run + progress[2 * w + 1]];
    o.onProgress?.({ depth, states: visited.size(), queue: Math.max(0, rankIds.length - done) + visited.size() - levelStart, transitions: transitions + run, elapsedMs: performance.now() - started });
  }, 250);
  try {
    let diameter = 0;
    let received: Block[][] = threads.map(() => []);
    for (;;) {
      if (rankIds.length === 0 || depth >= maxDepth) await finish(null);
      if (rankIds.length === 0) return report({ states: visited.size(), transitions, diameter, stoppedBy: null, frontier: 0, counterexample: null });
      if (depth >= maxDepth) return report({ states: visited.size(), transitions, diameter, stoppedBy: 'depth', frontier: rankIds.length, counterexample: null });
      const nextStart = visited.size();
      levelStart = nextStart;
      progress.fill(0);
      const expanded = await expandLevel(depth, nextStart, received);
      const count = visited.size() - nextStart;

      // Each next-level state's smallest key, and which worker reached it by that key.
      const best = new Float64Array(count).fill(Infinity);
      const holder = new Uint8Array(count);
      const at = new Int32Array(count); // the index of that key among the worker's candidates
      const actionsAt = new Int32Array(rankIds.length);
      let cut: Violation | null = null;
      let timedOut = false;
      let executed = 0;
      expanded.forEach((e, w) => {
        for (let j = 0; j < e.ids.length; j++) {
          const x = e.ids[j] - nextStart;
          if (e.keys[j] < best[x]) [best[x], holder[x], at[x]] = [e.keys[j], w, j];
        }
        e.ranks.forEach((r, i) => (actionsAt[r] = e.counts[i]));
        if (e.violation !== null && (cut === null || e.violation.key < cut.key)) cut = e.violation;
        timedOut ||= e.timedOut;
        executed += e.transitions;
      });
      // Ranks: the order of the smallest keys (distinct: a key is one transition to one state).
      const byRank = Array.from({ length: count }, (_, x) => x).sort((p, q) => best[p] - best[q]);
      const nextIds = Int32Array.from(byRank, (x) => x + nextStart);
      growParents(nextStart + count);
      for (const x of byRank) {
        parent[x + nextStart] = rankIds[Math.floor(best[x] / keyBase)];
        ordinal[x + nextStart] = best[x] % keyBase;
      }
      // State invariants, by the worker that reached each state first, up to the first step violation.
      const limit = (cut as Violation | null)?.key ?? Infinity;
      const checked = await Promise.all(threads.map(async (t, w) => {
        const mine = byRank.flatMap((x, j) => (holder[x] === w && best[x] < limit ? [j] : []));
        return expect(await t.ask({
          kind: 'check', ids: Int32Array.from(mine, (j) => nextIds[j]), ranks: Int32Array.from(mine), keys: Float64Array.from(mine, (j) => best[byRank[j]]),
        }), 'checked').violation;
      }));
      for (const v of checked) if (v !== null && (cut === null || v.key < cut.key)) cut = v;
      const v = cut as Violation | null;
      // --max-states: one thread stops at the new state that makes the count reach the bound.
      const last = Math.max(0, maxStates - nextStart - 1);
      const budget = timedOut || last >= count ? Infinity : best[byRank[last]];
      const stop = Math.min(v?.key ?? Infinity, budget);
      if (stop < Infinity) {
        const rank = Math.floor(stop / keyBase), k = stop % keyBase;
        let before = 0;
        for (let r = 0; r < rank; r++) before += actionsAt[r];
        await finish(stop);
        const t = transitions + before + k + 1;
        if (v !== null && v.key === stop) {
          const found = byRank.filter((x) => best[x] < stop).length + (v.onState ? 1 : 0);
          const actions: Action[] = replayOrdinals(o.cfg, o.rt, plan, [...ordinalsTo(tree, rankIds[rank]), k]);
          return report({
            states: nextStart + found, transitions: t, diameter: found > 0 ? depth + 1 : diameter, stoppedBy: null, frontier: 0,
            counterexample: { finding: v.finding, actions },
          });
        }
        return report({ states: nextStart + last + 1, transitions: t, diameter: depth + 1, stoppedBy: 'states', frontier: rankIds.length - rank - 1 + last + 1, counterexample: null });
      }
      if (timedOut) {
        await finish(null);
        const done = expanded.reduce((s, e) => s + e.expanded, 0);
        return report({
          states: visited.size(), transitions: transitions + executed, diameter: count > 0 ? depth + 1 : diameter, stoppedBy: 'time' as StopReason,
          frontier: rankIds.length - done + count, counterexample: null,
        });
      }
      transitions += executed;
      if (count > 0) diameter = depth + 1;
      for (let x = 0; x < count; x++) orbits += expanded[holder[x]].orbits[at[x]];
      if (lift !== null) {
        // Each new state as the transition of its smallest key reached it, then every transition of the level (the count does not depend on their order).
        for (let x = 0; x < count; x++) {
          const e = expanded[holder[x]];
          lift.state(x + nextStart, e.labels[at[x]], e.ties[at[x]], e.orbits[at[x]]);
        }
        for (const e of expanded) {
          const g = e.edges as NonNullable<Expanded['edges']>;
          for (let j = 0; j < g.ranks.length; j++) lift.edge(rankIds[g.ranks[j]], g.ids[j], g.labels[j]);
        }
      }
      // The next level: each state stays with the worker that holds it unless the shares drifted apart.
      const byRankHolder = Uint8Array.from(byRank, (x) => holder[x]);
      const owner = owners(byRankHolder, n);
      received = threads.map(() => []);
      for (const t of threads) for (const s of expect(await t.ask({ kind: 'advance', owner }), 'advanced').sent) received[s.to].push(s.block);
      rankIds = nextIds;
      depth++;
    }
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await Promise.all(threads.map((t) => t.close()));
  }

  function growParents(size: number): void {
    if (size <= parent.length) return;
    let cap = parent.length;
    while (cap < size) cap *= 2;
    const p = new Int32Array(cap), q = new Uint16Array(cap);
    p.set(parent);
    q.set(ordinal);
    [parent, ordinal] = [p, q];
  }

  /** Expands a level on every worker; when one asks for a bigger table, all stop between states while it is grown. */
  async function expandLevel(d: number, nextStart: number, received: readonly Block[][]): Promise<Expanded[]> {
    let answers = await Promise.all(threads.map((t, w) => t.ask({ kind: 'expand', depth: d, nextStart, received: received[w], table })));
    while (answers.some((a) => a.kind === 'paused')) {
      table = grownTable(table);
      visited = sharedVisited(table);
      answers = await Promise.all(answers.map((a, w) => (a.kind === 'paused' ? threads[w].ask({ kind: 'resume', table }) : a)));
    }
    return answers.map((a) => expect(a, 'expanded'));
  }

  async function finish(cut: number | null): Promise<void> {
    for (const t of threads) addCoverage(cov, expect(await t.ask({ kind: 'finish', cut, table }), 'coverage').coverage);
  }
}

/** The states a level-worker block holds (for tests). @internal */
export type { State };
