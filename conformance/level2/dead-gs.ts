// The dead-G side of an extended trace: the stack frees the runtime owes when a goroutine dies
// (proc.go:gfput frees a stack of any size but startingStackSize) and when the GC's root job
// takes sched.gFree.stack (mgcmark.go:markrootFreeGStacks frees every stack on it). The model
// replays the allocator, not goroutines (traces name a G only on these lines), so this is the
// replay's own account of that one list, built from its `gfree push|pop` lines, which are its
// whole history (printed under sched.gFree.lock). Every check here is a forced event or the
// bookkeeping that makes one exact.

import type { GfputEvent, GfreeEvent, MarkrootFreeGStacksEvent, TraceEvent } from '../trace/events.ts';
import type { Level2CheckId } from './checks.ts';
import type { Divergence } from './report.ts';

const hex = (v: number): string => `0x${v.toString(16)}`;

/** A stack free the runtime owes on a P: the next lines of that P must be these stackfrees. */
interface OwedFree {
  readonly g: number;
  readonly lo: number;
  readonly n: number;
  /** The gfput or markrootFreeGStacks line that owes it. */
  readonly line: number;
  readonly by: 'gfput' | 'markrootFreeGStacks';
}

/** The P an event's line was printed on, or null for lines that name none (span, stackLarge, GC lines). */
function printedOn(e: TraceEvent): number | null {
  switch (e.kind) {
    case 'allocated': return e.by === 'printed' ? e.p : null;
    case 'stackfree': case 'stackcacherefill': case 'stackcacherelease': case 'stackcache_clear': return e.p;
    case 'stackpool': case 'gfput': case 'markrootfreegstacks': return e.p;
    default: return null;
  }
}

/** @internal */
export class DeadGs {
  /** sched.gFree.stack as the gfree lines built it: goid → its stack and the line that put it there. */
  private readonly sched = new Map<number, { lo: number; n: number; line: number }>();
  /** The same list by stack base: a stack on it is held by its dead G, so no stackfree may name it. */
  private readonly onList = new Map<number, number>();
  /** Per P: the frees owed there, in no particular order (the runtime frees markroot's list head first). */
  private readonly owed: OwedFree[][];
  /** The line of the current mark phase's setGCPhase 1, and whether markrootFreeGStacks ran in it. */
  private markFrom: number | null = null;
  private markrootRan = false;

  constructor(private readonly procs: number) {
    this.owed = Array.from({ length: procs }, () => []);
  }

  /**
   * Every line printed on a P that owes frees must be one of them (its stackfree), or part of
   * one (the release or pool line a stackfree makes); anything else proves the free was skipped.
   */
  check(e: TraceEvent): Divergence | null {
    if (e.kind === 'stackfree') {
      const g = this.onList.get(e.v);
      if (g !== undefined) {
        const s = this.sched.get(g)!;
        return { line: e.line, rule: 'gfree-list', message: `stackfree of ${hex(e.v)}, the stack of dead g ${g}, which the gfree push at line ${s.line} put on sched.gFree.stack, and neither gfget nor markrootFreeGStacks has taken it off`, expected: `gfree pop g=${g} or markrootFreeGStacks before this line`, seen: `stackfree ${hex(e.v)} ${e.n}` };
      }
    }
    const p = printedOn(e);
    if (p === null || p < 0 || p >= this.procs) return null;
    const owed = this.owed[p];
    if (owed.length === 0) return null;
    if (e.kind === 'stackfree') {
      const i = owed.findIndex((o) => o.lo === e.v && o.n === e.n);
      if (i >= 0) {
        owed.splice(i, 1);
        return null;
      }
    }
    if (e.kind === 'stackcacherelease' || (e.kind === 'stackpool' && e.op === 'free')) return null;
    const o = owed[0];
    const rule: Level2CheckId = o.by === 'gfput' ? 'gfput-free-required' : 'markroot-free-required';
    const why = o.by === 'gfput' ? `gfput at line ${o.line} should have freed the stack of g ${o.g} at [${hex(o.lo)}, ${hex(o.lo + o.n)}) (${o.n} bytes, not startingStackSize)` : `markrootFreeGStacks at line ${o.line} should have freed the stack of g ${o.g} at [${hex(o.lo)}, ${hex(o.lo + o.n)})`;
    return { line: e.line, rule, message: `${why} before this line of P${p}`, expected: `stackfree ${hex(o.lo)} ${o.n} p=${p} before this line`, seen: e.kind };
  }

  gfput(e: GfputEvent): Divergence | null {
    if (e.p < 0 || e.p >= this.procs) return { line: e.line, rule: 'gfree-list', message: 'gfput without a P', expected: 'a P (goexit0 runs on one)', seen: `p=${e.p}` };
    if (e.lo !== 0 && e.n !== e.start) this.owed[e.p].push({ g: e.g, lo: e.lo, n: e.n, line: e.line, by: 'gfput' });
    return null;
  }

  /** `live`: whether the trace shows the stack at lo live (allocated, not freed). */
  gfree(e: GfreeEvent, live: (lo: number, n: number) => boolean): Divergence | null {
    const held = this.sched.get(e.g);
    if (e.op === 'push') {
      if (held !== undefined) return { line: e.line, rule: 'gfree-list', message: `g ${e.g} pushed on sched.gFree.stack twice (first at line ${held.line})`, expected: 'each dead G once', seen: `gfree push g=${e.g}` };
      if (!live(e.lo, e.n)) return { line: e.line, rule: 'gfree-list', message: `g ${e.g} goes on sched.gFree.stack with the stack [${hex(e.lo)}, ${hex(e.lo + e.n)}), which the trace does not show live`, expected: 'a live stack', seen: `gfree push g=${e.g} stack=${hex(e.lo)}` };
      this.sched.set(e.g, { lo: e.lo, n: e.n, line: e.line });
      this.onList.set(e.lo, e.g);
      return null;
    }
    if (held === undefined || held.lo !== e.lo || held.n !== e.n) {
      return { line: e.line, rule: 'gfree-list', message: `gfget takes g ${e.g} with the stack ${hex(e.lo)} from sched.gFree.stack, which ${held === undefined ? 'does not hold it' : `holds it with the stack ${hex(held.lo)} ${held.n}`}`, expected: held === undefined ? 'a G the gfree lines pushed' : `stack=${hex(held.lo)} n=${held.n}`, seen: `gfree pop g=${e.g}` };
    }
    this.sched.delete(e.g);
    this.onList.delete(e.lo);
    return null;
  }

  markroot(e: MarkrootFreeGStacksEvent): Divergence | null {
    this.markrootRan = true;
    if (this.markFrom === null) return { line: e.line, rule: 'markroot-each-cycle', message: 'markrootFreeGStacks outside a mark phase', expected: 'setGCPhase 1 first', seen: 'markrootFreeGStacks' };
    if (e.p < 0 || e.p >= this.procs) return { line: e.line, rule: 'gfree-list', message: 'markrootFreeGStacks without a P', expected: 'a P (a GC worker or assist holds one)', seen: `p=${e.p}` };
    if (e.count !== this.sched.size) {
      return { line: e.line, rule: 'gfree-list', message: `markrootFreeGStacks takes ${e.count} Gs from sched.gFree.stack; the gfree lines left ${this.sched.size} there`, expected: `n=${this.sched.size}`, seen: `n=${e.count}` };
    }
    for (const [g, s] of this.sched) this.owed[e.p].push({ g, lo: s.lo, n: s.n, line: e.line, by: 'markrootFreeGStacks' });
    this.sched.clear();
    this.onList.clear();
    return null;
  }

  /** setGCPhase 1: a mark phase starts; 2: it ends, and markrootFreeGStacks must have run in it (gcMarkDone drains every root job first). */
  phase(line: number, phase: 'off' | 'mark' | 'marktermination'): Divergence | null {
    if (phase === 'mark') {
      this.markFrom = line;
      this.markrootRan = false;
      return null;
    }
    if (phase !== 'marktermination' || this.markFrom === null) return null;
    const from = this.markFrom;
    this.markFrom = null;
    if (this.markrootRan) return null;
    return { line, rule: 'markroot-each-cycle', message: `the mark phase from line ${from} ends without markrootFreeGStacks (a root job of every cycle: gcMarkDone waits for all of them)`, expected: `markrootFreeGStacks n=${this.sched.size} before this line`, seen: 'setGCPhase 2' };
  }

  /** What is still owed when the trace ends (a process that exits mid-print cuts it): notes. */
  endNotes(): string[] {
    const notes: string[] = [];
    this.owed.forEach((list, p) => {
      for (const o of list) notes.push(`${o.by} at line ${o.line} owes the stackfree of g ${o.g}'s stack ${hex(o.lo)} on P${p}: the trace ends first`);
    });
    return notes;
  }
}
