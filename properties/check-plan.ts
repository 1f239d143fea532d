// Which invariants a step must look at, by what it changed. The engine used to visit every
// entry on every step and test its masks one by one; a run meets only a few hundred kinds
// of change (the State parts a step replaced, with the goroutine and P fields it changed),
// so the entries each kind must evaluate, and those it leaves as they were, are worked out
// once per kind and kept: a step costs one lookup and the entries it concerns.

import { actionKinds, type ActionKind } from '../model/index.ts';
import type { StateEntry, StepEntry, Tally } from './run-trace.ts';
import { partBit, stackMoves } from './state-parts.ts';

/** The entries one kind of change must look at, and those whose inputs it left alone (indices, in catalog order). @internal */
export interface Plan {
  readonly run: Int32Array;
  readonly skip: Int32Array;
  /** Its number among its list's plans (0 is every entry), for SkipTally. */
  readonly id: number;
}

function planOf(id: number, n: number, needs: (i: number) => boolean): Plan {
  const run: number[] = [], skip: number[] = [];
  for (let i = 0; i < n; i++) (needs(i) ? run : skip).push(i);
  return { run: Int32Array.from(run), skip: Int32Array.from(skip), id };
}

/** Every entry, none skipped: the initial state, or a check that is not incremental. @internal */
function everyEntry(n: number): Plan {
  return planOf(0, n, () => true);
}

/**
 * The `unchanged` tallies of the entries a run's steps skipped, counted per plan and added
 * when the run ends (flush): a step skips some thirty entries, and adding one to each of their
 * tallies on every step cost more than finding the plan (about 1,460 instructions a step,
 * callgrind). A caller that reads its tallies after every step (a search) goes without.
 * @internal
 */
export class SkipTally {
  private counts = new Int32Array(64);
  private readonly used: Plan[] = [];
  private nUsed = 0;

  /** One more step that skipped what `plan` skips. */
  count(plan: Plan): void {
    if (plan.id >= this.counts.length) {
      const more = new Int32Array(plan.id * 2);
      more.set(this.counts);
      this.counts = more;
    }
    if (this.counts[plan.id]++ === 0) this.used[this.nUsed++] = plan;
  }

  /** Adds what was counted to tallies (one per entry of the plans' list) and starts again. */
  flush(tallies: readonly Tally[]): void {
    for (let u = 0; u < this.nUsed; u++) {
      const plan = this.used[u], n = this.counts[plan.id];
      for (let k = 0; k < plan.skip.length; k++) tallies[plan.skip[k]].unchanged += n;
      this.counts[plan.id] = 0;
    }
    this.nUsed = 0;
  }
}

/** Whether a state entry may have something new to check after a step that changed parts, G fields gf and P fields pf. */
function stateNeeds(e: StateEntry, parts: number, gf: number, pf: number): boolean {
  if ((parts & e.mask) === 0) return false;
  // A rule that names the fields it reads of the goroutines or Ps, and reads no other part the step replaced.
  if (e.otherMask !== e.mask && (parts & e.otherMask) === 0) {
    const gSame = e.gMask === 0 || (parts & partBit.gs) === 0 || (gf & e.gMask) === 0;
    const pSame = e.pMask === 0 || (parts & partBit.ps) === 0 || (pf & e.pMask) === 0;
    if (gSame && pSame) return false;
  }
  return true;
}

/** The state entries' plans by kind of change, built on first use. @internal */
export class StatePlans {
  readonly all: Plan;
  /** Whether some entry names goroutine fields, or P fields (else a step's changed fields need not be worked out). */
  readonly usesGFields: boolean;
  readonly usesPFields: boolean;
  // By parts and P fields (parts * 512 + pf: pf has 9 bits), then by goroutine fields; and
  // the last plan given, which the next step often wants again (calls follow calls).
  private readonly byParts = new Map<number, Map<number, Plan>>();
  private lastKey = -1;
  private lastG = -1;
  private last: Plan | null = null;
  private plans = 0;

  constructor(readonly list: readonly StateEntry[]) {
    this.all = everyEntry(list.length);
    this.usesGFields = list.some((e) => e.gMask !== 0);
    this.usesPFields = list.some((e) => e.pMask !== 0);
  }

  /** The plan of a step that changed `parts`, goroutine fields gf and P fields pf (0 where not worked out). */
  of(parts: number, gf: number, pf: number): Plan {
    const key = parts * 512 + pf;
    if (key === this.lastKey && gf === this.lastG) return this.last!;
    let byG = this.byParts.get(key);
    if (byG === undefined) {
      byG = new Map();
      this.byParts.set(key, byG);
    }
    let plan = byG.get(gf);
    if (plan === undefined) {
      plan = planOf(++this.plans, this.list.length, (i) => stateNeeds(this.list[i], parts, gf, pf));
      byG.set(gf, plan);
    }
    this.lastKey = key;
    this.lastG = gf;
    return (this.last = plan);
  }
}

/** Each action kind's index, for a step rule's `actions` as a bit set (there are fewer than 31 kinds). @internal */
export const actionIndex: Readonly<Record<ActionKind, number>> = Object.fromEntries(actionKinds.map((k, i) => [k, i])) as Record<ActionKind, number>;
if (actionKinds.length > 30) throw new Error('check-plan.ts: more action kinds than bits in a step rule\'s action set');

/** The bit set of a list of action kinds. @internal */
export function actionsMask(list: readonly ActionKind[]): number {
  let m = 0;
  for (const k of list) m |= 1 << actionIndex[k];
  return m;
}

/** The step entries' plans by the parts a step replaced, whether it moved a stack and its action's kind. @internal */
export class StepPlans {
  readonly all: Plan;
  /** Whether some entry is about stack moves, or names action kinds (else a step's moves or kind need not be found). */
  readonly usesMoves: boolean;
  readonly usesKinds: boolean;
  private readonly byParts = new Map<number, Plan>();
  private lastKey = -1;
  private last: Plan | null = null;
  private plans = 0;

  constructor(readonly list: readonly StepEntry[]) {
    this.all = everyEntry(list.length);
    this.usesMoves = list.some((e) => e.about === stackMoves);
    this.usesKinds = list.some((e) => e.kinds !== 0);
  }

  /** The plan of a step that replaced `parts`, moved a stack or not, of action kind index `kind` (0 where not worked out). */
  of(parts: number, moved: boolean, kind: number): Plan {
    const key = (parts * 2 + (moved ? 1 : 0)) * 32 + kind;
    if (key === this.lastKey) return this.last!;
    let plan = this.byParts.get(key);
    if (plan === undefined) {
      plan = planOf(++this.plans, this.list.length, (i) => {
        const { about, kinds } = this.list[i];
        return (about === 0 || (about === stackMoves ? moved : (parts & about) !== 0)) && (kinds === 0 || (kinds & (1 << kind)) !== 0);
      });
      this.byParts.set(key, plan);
    }
    this.lastKey = key;
    return (this.last = plan);
  }
}

// The plans of each list of entries (one per Checks: a run, a search, a minimiser's subset),
// with the last one asked for in front: every step asks, almost always for the same list.
function plansBy<E extends object, P extends { readonly list: readonly E[] }>(make: (list: readonly E[]) => P): (list: readonly E[]) => P {
  const cache = new WeakMap<readonly E[], P>();
  let last: P | null = null;
  return (list) => {
    if (last !== null && last.list === list) return last;
    let p = cache.get(list);
    if (p === undefined) {
      p = make(list);
      cache.set(list, p);
    }
    return (last = p);
  };
}

/** The plans of a list of state entries. @internal */
export const statePlansOf = plansBy((list: readonly StateEntry[]) => new StatePlans(list));
/** The plans of a list of step entries. @internal */
export const stepPlansOf = plansBy((list: readonly StepEntry[]) => new StepPlans(list));
