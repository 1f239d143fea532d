// Which goroutines hold a pointer that could point into another goroutine's stack: one that
// is not nil, not into the holder's own current stack and not into the heap. Escape
// analysis and copystack keep this set empty in a sound run, so the copystack rule walks
// the moved stack and the few holders here instead of every goroutine's frames. Kept up to
// date from the goroutines each step replaced.

import { heapObjectAddr, type Config, type G, type State } from '../../model/index.ts';
import { clearList, sortIds } from './scratch.ts';

/** Calls f on every pointer word a goroutine holds: sched.bp/ctxt, defers, panics, sudogs, frames. @internal */
export function anyPointer(g: G, f: (p: number) => boolean): boolean {
  if (f(g.bp) || f(g.ctxt)) return true;
  for (const r of g.defers) if (f(r.rec) || f(r.sp) || f(r.fn) || f(r.panic)) return true;
  for (const p of g.panics) if (f(p)) return true;
  for (const w of g.waiting) if (f(w.elem)) return true;
  for (const fr of g.frames) {
    if (f(fr.bp)) return true;
    for (const p of fr.slots) if (f(p)) return true;
  }
  return false;
}

/** @public */
export class PointerIndex {
  private state: State | null = null;
  private readonly holders = new Set<number>();
  private readonly sorted: number[] = [];
  private readonly heapLo: number;
  private readonly heapHi: number;
  // The goroutine being classified (a field, so the test below is not a closure per call).
  private lo = 0;
  private hi = 0;
  private readonly foreign = (p: number): boolean => p !== 0 && !(p >= this.lo && p < this.hi) && !(p >= this.heapLo && p < this.heapHi);

  constructor(cfg: Config, private readonly incremental = true) {
    this.heapLo = cfg.profile.arenaBase;
    this.heapHi = heapObjectAddr(cfg, cfg.scope.heapObjects);
  }

  /** The goids of s's goroutines that hold a pointer outside their own stack and the heap, ascending. */
  holdersAt(s: State): readonly number[] {
    if (s !== this.state) this.update(s);
    return this.sorted;
  }

  private update(s: State): void {
    const e = this.incremental ? this.state : null;
    if (e === null) this.holders.clear();
    for (let i = 0; e?.gs !== s.gs && i < s.gs.length; i++) {
      const g = s.gs[i];
      if (e !== null && i < e.gs.length && e.gs[i] === g) continue;
      this.lo = g.lo;
      this.hi = g.hi;
      if (anyPointer(g, this.foreign)) this.holders.add(i);
      else this.holders.delete(i);
    }
    this.state = s;
    clearList(this.sorted);
    for (const i of this.holders) this.sorted.push(i);
    sortIds(this.sorted);
  }
}
