// Exhaustive breadth-first search of a historical profile (go1.1-go1.4) in a tiny scope:
// every enabled action with a distinct effect from every reached state, every applicable
// invariant on every new state and transition, and the shortest trace to a violation.
// States are told apart by their whole content (a canonical string; the scope keeps them few).

import {
  SEG_FUNCS, segDescribe, segEnabled, segInitialState, segStep,
  type SegAction, type SegConfig, type SegProfile, type SegRuntime, type SegScope, type SegState,
} from '../model/segmented/index.ts';
import { segInvariantsFor } from '../properties/segmented/invariants.ts';

/** The tiny scope: one P, two goroutines, one SysAlloc batch, a 64 KiB heap and 48 KiB stacks. @public */
export const segTinyScope = { sysBatches: 1, heapBytes: 64 * 1024, maxstacksize: 48 * 1024, procs: 1, maxGoroutines: 2, gFreeSpill: 4 } as const;

/** The tiny scope of a profile: Go 1.4's pool takes the heap in 32 KiB spans, so its heap holds 8 of them. @public */
export function segTinyScopeFor(p: SegProfile): SegScope {
  return p.numStackOrders > 0 ? { ...segTinyScope, heapBytes: 8 * p.stackCacheBytes } : segTinyScope;
}

/** Calls explore two functions, 5 KB and 12 KB frames (bigger than StackBig: Go 1.1 always splits for them; 12 KB needs more than StackMin), pointing at the outermost frame. */
const exploredFuncs = ['f5k', 'f12k'].map((n) => SEG_FUNCS.findIndex((f) => f.name === n));

/** @public */
export interface SegExploreReport {
  readonly states: number;
  readonly transitions: number;
  readonly diameter: number;
  readonly complete: boolean;
  readonly frontier: number;
  readonly terminal: number;
  readonly elapsedMs: number;
  readonly violation: { readonly rule: string; readonly message: string; readonly trace: readonly string[] } | null;
}

function actionsOf(cfg: SegConfig, s: SegState): SegAction[] {
  const out: SegAction[] = [{ kind: 'gc' }];
  s.gs.forEach((g, i) => {
    out.push({ kind: 'newproc', g: i }, { kind: 'gosched', g: i }, { kind: 'ret', g: i }, { kind: 'goexit', g: i });
    for (const fn of exploredFuncs) out.push({ kind: 'call', g: i, fn, ptr: 0 });
    s.ps.forEach((_p, p) => out.push({ kind: 'execute', g: i, p }));
  });
  return out.filter((a) => segEnabled(cfg, s, a));
}

const key = (s: SegState): string => JSON.stringify(s, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));

/** @public */
export function segExplore(o: { cfg: SegConfig; rt: SegRuntime; maxDepth?: number; maxStates?: number }): SegExploreReport {
  const start = Date.now();
  const invs = segInvariantsFor(o.cfg.profile.name);
  const maxStates = o.maxStates ?? 1_000_000;
  const first = segInitialState(o.cfg, o.rt);
  const seen = new Map<string, { parent: string | null; action: SegAction | null }>([[key(first), { parent: null, action: null }]]);
  let frontier: SegState[] = [first];
  let transitions = 0;
  let terminal = 0;
  let depth = 0;
  const traceTo = (k: string): string[] => {
    const out: string[] = [];
    for (let at = seen.get(k); at !== undefined && at.action !== null && at.parent !== null; at = seen.get(at.parent)) out.unshift(segDescribe(at.action));
    return out;
  };
  while (frontier.length > 0 && (o.maxDepth === undefined || depth < o.maxDepth) && seen.size < maxStates) {
    const next: SegState[] = [];
    for (const s of frontier) {
      const sk = key(s);
      for (const a of actionsOf(o.cfg, s)) {
        const r = segStep(o.cfg, o.rt, s, a);
        transitions++;
        if (r.kind === 'disabled') continue;
        if (r.kind === 'terminal') { terminal++; continue; }
        if (r.kind === 'throw') return done({ rule: `throw "${r.message}"`, message: r.message, trace: [...traceTo(sk), segDescribe(a)] });
        const broken = invs.map((inv) => ({ inv, m: inv.check(o.cfg, r.state, s) })).find((x) => x.m !== null);
        if (broken !== undefined) return done({ rule: broken.inv.name, message: broken.m as string, trace: [...traceTo(sk), segDescribe(a)] });
        const k = key(r.state);
        if (seen.has(k)) continue;
        seen.set(k, { parent: sk, action: a });
        next.push(r.state);
      }
    }
    frontier = next;
    if (next.length > 0) depth++;
  }
  return done(null);
  function done(violation: SegExploreReport['violation']): SegExploreReport {
    return { states: seen.size, transitions, diameter: depth, complete: violation === null && frontier.length === 0, frontier: frontier.length, terminal, elapsedMs: Date.now() - start, violation };
  }
}
