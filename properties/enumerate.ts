// Every enabled action of a state, each with a distinct effect: targets are enumerated over
// the goroutines, Ps, Ms and channels the state has, and pointer choices (a call's slots and
// closure context, a heap store's target) are resolved to addresses so that two choices
// meaning the same address are tried once. The order is fixed, so "the k-th action of this
// state" names a transition (the search's parent pointers keep k, not the action).

import { enabled, FUNCS, type Action, type ActionKind, type Config, type G, type PtrSpec, type Runtime, type State } from '../model/index.ts';
import { resolvePtr } from '../model/mutator.ts';

/**
 * Constraints on what the search tries, beyond the model's scope (TLC's state constraint):
 * they keep the reachable space finite where the model alone would not be (frames nest
 * until maxstacksize, and each holds pointer words).
 * @public
 */
export interface Bounds {
  /** A call is tried only while the goroutine has fewer frames. */
  readonly maxFrames: number;
  /** The functions calls may call, by name (model/funcs.ts). */
  readonly fns: readonly string[];
  /** What pointer words may hold: only nil, nil or a heap object, or also the address of a slot of the goroutine's own frames. */
  readonly pointers: 'nil' | 'heap' | 'stack';
  /** The action kinds tried (all when absent): a preset may explore one part of the model exhaustively. */
  readonly kinds?: readonly ActionKind[];
}

/** The distinct pointer choices for a word g writes: nil, each heap object, each slot of g's frames. */
function pointerChoices(cfg: Config, g: G, bounds: Bounds): PtrSpec[] {
  const out: PtrSpec[] = [{ to: 'nil' }];
  if (bounds.pointers === 'nil') return out;
  for (let obj = 0; obj < cfg.scope.heapObjects; obj++) out.push({ to: 'heap', obj });
  if (bounds.pointers === 'heap') return out;
  const seen = new Set<number>([0]);
  for (let frame = 0; frame < g.frames.length; frame++) {
    const f = g.frames[g.frames.length - 1 - frame];
    for (let slot = 0; slot < f.slots.length; slot++) {
      const spec: PtrSpec = { to: 'stack', frame, slot };
      const addr = resolvePtr(cfg, g, spec);
      if (!seen.has(addr)) {
        seen.add(addr);
        out.push(spec);
      }
    }
  }
  return out;
}

/** All slot assignments of a call of fn: the product of the choices over its pointer slots. */
function slotAssignments(choices: readonly PtrSpec[], n: number): PtrSpec[][] {
  let out: PtrSpec[][] = [[]];
  for (let k = 0; k < n; k++) out = out.flatMap((prefix) => choices.map((c) => [...prefix, c]));
  return out;
}

/** Bounds resolved once per search: function indices and the set of kinds tried. @internal */
export interface Plan {
  readonly bounds: Bounds;
  readonly fns: readonly number[];
  readonly kinds: ReadonlySet<ActionKind> | null;
  /** The plan's actions that name only indices, built the first time a state has them (Memo). */
  readonly memo: Memo;
}

// Actions are never changed once built, so each distinct action a plan tries that names only
// goroutine, P, M or process-count indices (and calls, when pointer words cannot point into
// stacks, so their slot choices are the same in every state) is one object, built the first
// time a state has that goroutine or P: enumerating a state allocates its list and nothing
// else. A row holds the wanted kinds of one shape, in the order enabledActions tries them.

/** Kinds of shape { kind, g } tried for a running goroutine, in order. */
const ofRunning = ['newproc', 'gosched', 'ret', 'goexit', 'defer', 'panic', 'entersyscall', 'preemptone', 'asyncPreempt', 'suspendG'] as const;
/** Kinds of shape { kind, g, p }, in order. */
const ofGP = ['execute', 'exitsyscall', 'scanstack'] as const;
/** Kinds of shape { kind, p }, in order. */
const ofP = ['newm', 'markrootFreeGStacks', 'prepareForSweep'] as const;

interface Memo {
  /** The config the rows were built for (a plan may serve several: the minimiser's does); another one empties them. */
  cfg: Config | null;
  /** running[g]: the wanted ofRunning actions of goroutine g. */
  running: Action[][];
  /** park[g]: chanparkcommit of g, when wanted. */
  park: Action[][];
  /** gp[g][p]: the wanted ofGP actions. */
  gp: Action[][][];
  /** p[p]: the wanted ofP actions. */
  p: Action[][];
  /** mexit[p][m-1]: mexit of M m (from 1) on P p, grown as states gain Ms. */
  mexit: Action[][];
  /** calls[g]: every call of g, ctxt variants included, in order; null when the slot choices depend on the state (pointers into stacks). */
  calls: Action[][] | null;
  /** The wanted ones of gcStart, gcMarkDone, freeStackSpans, readMemStats and procresize 1..maxProcs. */
  global: Action[] | null;
}

/** The plan for bounds (a bad function name is the caller's bug: presets are fixed). @internal */
export function planOf(bounds: Bounds): Plan {
  const fns = bounds.fns.map((name) => {
    const i = FUNCS.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`explore bounds: unknown function '${name}'`);
    return i;
  });
  const memo: Memo = { cfg: null, running: [], park: [], gp: [], p: [], mexit: [], calls: null, global: null };
  return { bounds, fns, kinds: bounds.kinds === undefined ? null : new Set(bounds.kinds), memo };
}

function reset(m: Memo, cfg: Config, bounds: Bounds): void {
  m.cfg = cfg;
  m.running = [];
  m.park = [];
  m.gp = [];
  m.p = [];
  m.mexit = [];
  m.calls = bounds.pointers === 'stack' ? null : [];
  m.global = null;
}

function wanted(plan: Plan, kind: ActionKind): boolean {
  return plan.kinds === null || plan.kinds.has(kind);
}

/** Every call g may make, in order: each function, each slot assignment, ctxt nil then the last slot's target. */
function callRow(cfg: Config, plan: Plan, G: G, g: number): Action[] {
  const row: Action[] = [];
  const choices = pointerChoices(cfg, G, plan.bounds);
  for (const fn of plan.fns) {
    for (const slots of slotAssignments(choices, FUNCS[fn].ptrs)) {
      row.push({ kind: 'call', g, fn, slots, ctxt: { to: 'nil' } });
      // The closure context, as generated: the address of the last slot's target.
      const last = slots[slots.length - 1];
      if (last !== undefined && last.to !== 'nil') row.push({ kind: 'call', g, fn, slots, ctxt: last });
    }
  }
  return row;
}

// The other rows, built the first time (each `??` in enabledActions builds only a missing row).
const runningRow = (plan: Plan, g: number): Action[] => ofRunning.filter((k) => wanted(plan, k)).map((kind) => ({ kind, g }));
const parkRow = (plan: Plan, g: number): Action[] => (wanted(plan, 'chanparkcommit') ? [{ kind: 'chanparkcommit', g }] : []);
const gpRow = (plan: Plan, g: number, p: number): Action[] => ofGP.filter((k) => wanted(plan, k)).map((kind) => ({ kind, g, p }));
const pRow = (plan: Plan, p: number): Action[] => ofP.filter((k) => wanted(plan, k)).map((kind) => ({ kind, p }));
const globalRow = (cfg: Config, plan: Plan): Action[] => [
  ...(['gcStart', 'gcMarkDone', 'freeStackSpans', 'readMemStats'] as const).map((kind) => ({ kind })),
  ...Array.from({ length: cfg.scope.maxProcs }, (_, i) => ({ kind: 'procresize' as const, n: i + 1 })),
].filter((a) => wanted(plan, a.kind));

/** The enabled actions of s with distinct effects, in a fixed order. @public */
export function enabledActions(cfg: Config, rt: Runtime, s: State, plan: Plan): Action[] {
  const { bounds, memo } = plan;
  if (memo.cfg !== cfg) reset(memo, cfg, bounds);
  const out: Action[] = [];
  const addAll = (row: readonly Action[]): void => {
    for (let i = 0; i < row.length; i++) if (enabled(cfg, rt, s, row[i])) out.push(row[i]);
  };
  const add = (a: Action): void => {
    if (enabled(cfg, rt, s, a)) out.push(a);
  };
  const { scope } = cfg;
  for (let g = 0; g < s.gs.length; g++) {
    const G = s.gs[g];
    if (G.status === 'running') {
      addAll(memo.running[g] ?? (memo.running[g] = runningRow(plan, g)));
      if (G.frames.length < bounds.maxFrames && wanted(plan, 'call')) {
        addAll(memo.calls === null ? callRow(cfg, plan, G, g) : memo.calls[g] ?? (memo.calls[g] = callRow(cfg, plan, G, g)));
      }
      const top = G.frames[G.frames.length - 1];
      const slotsHere = top === undefined ? 0 : top.slots.length;
      if (wanted(plan, 'chanrecv')) for (let c = 0; c < s.chans.length; c++) for (let slot = -1; slot < slotsHere; slot++) add({ kind: 'chanrecv', g, c, slot });
      if (wanted(plan, 'chansend')) for (let c = 0; c < s.chans.length; c++) for (let obj = 0; obj < scope.heapObjects; obj++) add({ kind: 'chansend', g, c, obj });
      if (wanted(plan, 'storeHeap')) {
        const choices = pointerChoices(cfg, G, bounds);
        for (let obj = 0; obj < scope.heapObjects; obj++) {
          for (let field = 0; field < scope.heapObjectFields; field++) {
            for (const target of choices) add({ kind: 'storeHeap', g, obj, field, target });
          }
        }
      }
    }
    addAll(memo.park[g] ?? (memo.park[g] = parkRow(plan, g)));
    const gp = memo.gp[g] ?? (memo.gp[g] = []);
    for (let p = 0; p < s.ps.length; p++) addAll(gp[p] ?? (gp[p] = gpRow(plan, g, p)));
  }
  for (let p = 0; p < s.ps.length; p++) {
    addAll(memo.p[p] ?? (memo.p[p] = pRow(plan, p)));
    if (wanted(plan, 'mexit')) {
      const mexit = memo.mexit[p] ?? (memo.mexit[p] = []);
      for (let m = mexit.length + 1; m < s.ms.length; m++) mexit.push({ kind: 'mexit', m, p });
      for (let m = 1; m < s.ms.length; m++) if (enabled(cfg, rt, s, mexit[m - 1])) out.push(mexit[m - 1]);
    }
  }
  addAll(memo.global ?? (memo.global = globalRow(cfg, plan)));
  return out;
}
