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
}

/** The plan for bounds (a bad function name is the caller's bug: presets are fixed). @internal */
export function planOf(bounds: Bounds): Plan {
  const fns = bounds.fns.map((name) => {
    const i = FUNCS.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`explore bounds: unknown function '${name}'`);
    return i;
  });
  return { bounds, fns, kinds: bounds.kinds === undefined ? null : new Set(bounds.kinds) };
}

/** The enabled actions of s with distinct effects, in a fixed order. @public */
export function enabledActions(cfg: Config, rt: Runtime, s: State, plan: Plan): Action[] {
  const { bounds, fns, kinds } = plan;
  const out: Action[] = [];
  const add = (a: Action): void => {
    if ((kinds === null || kinds.has(a.kind)) && enabled(cfg, rt, s, a)) out.push(a);
  };
  const { scope } = cfg;
  for (let g = 0; g < s.gs.length; g++) {
    const G = s.gs[g];
    if (G.status === 'running') {
      add({ kind: 'newproc', g });
      add({ kind: 'gosched', g });
      add({ kind: 'ret', g });
      add({ kind: 'goexit', g });
      add({ kind: 'defer', g });
      add({ kind: 'panic', g });
      add({ kind: 'entersyscall', g });
      add({ kind: 'preemptone', g });
      add({ kind: 'asyncPreempt', g });
      add({ kind: 'suspendG', g });
      const choices = pointerChoices(cfg, G, bounds);
      if (G.frames.length < bounds.maxFrames) {
        for (const fn of fns) {
          for (const slots of slotAssignments(choices, FUNCS[fn].ptrs)) {
            add({ kind: 'call', g, fn, slots, ctxt: { to: 'nil' } });
            // The closure context, as generated: the address of the last slot's target.
            const last = slots[slots.length - 1];
            if (last !== undefined && last.to !== 'nil') add({ kind: 'call', g, fn, slots, ctxt: last });
          }
        }
      }
      const top = G.frames[G.frames.length - 1];
      const slotsHere = top === undefined ? 0 : top.slots.length;
      for (let c = 0; c < s.chans.length; c++) for (let slot = -1; slot < slotsHere; slot++) add({ kind: 'chanrecv', g, c, slot });
      for (let c = 0; c < s.chans.length; c++) for (let obj = 0; obj < scope.heapObjects; obj++) add({ kind: 'chansend', g, c, obj });
      for (let obj = 0; obj < scope.heapObjects; obj++) {
        for (let field = 0; field < scope.heapObjectFields; field++) {
          for (const target of choices) add({ kind: 'storeHeap', g, obj, field, target });
        }
      }
    }
    add({ kind: 'chanparkcommit', g });
    for (let p = 0; p < s.ps.length; p++) {
      add({ kind: 'execute', g, p });
      add({ kind: 'exitsyscall', g, p });
      add({ kind: 'scanstack', g, p });
    }
  }
  for (let p = 0; p < s.ps.length; p++) {
    add({ kind: 'newm', p });
    add({ kind: 'markrootFreeGStacks', p });
    add({ kind: 'prepareForSweep', p });
    for (let m = 1; m < s.ms.length; m++) add({ kind: 'mexit', m, p });
  }
  add({ kind: 'gcStart' });
  add({ kind: 'gcMarkDone' });
  add({ kind: 'freeStackSpans' });
  add({ kind: 'readMemStats' });
  for (let n = 1; n <= scope.maxProcs; n++) add({ kind: 'procresize', n });
  return out;
}
