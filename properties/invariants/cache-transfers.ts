// What a step moved between the global pool and the P caches, read from the states alone
// (the caches' LIFO lists and the stacks before and after), never from counters the
// routines under test write about themselves. A cache list is pushed and popped at its
// head, so before and after share a tail: the nodes above it in `before` were popped in
// the step, those above it in `after` were pushed. A pushed block that was neither cached
// nor a stack before came from the pool (a refill); a popped block that is neither cached
// nor a stack after went back to it (a release). Blocks that passed through a cache into a
// stack, or from a stack through a cache, within the step count with them.

import type { Config, State } from '../../model/index.ts';
import { aboveSharedTail, length, type Link } from '../../model/list.ts';
import { contextFor, type CheckContext } from './context.ts';
import { add, verdict, type Out, type Verdict } from './invariant.ts';
import type { NumList } from './scratch.ts';

function pushTop(into: NumList, list: Link, n: number): void {
  for (let x = list, i = 0; i < n; i++, x = x!.next) into.push(x!.v);
}

/** The lo of every stack of `size` bytes of s's goroutines in `which`, and of its Ms when `ms`. */
function stacksOfSize(s: State, which: readonly number[], ms: boolean, size: number, into: NumList): void {
  for (const i of which) {
    const g = s.gs[i];
    if (g !== undefined && g.lo !== 0 && g.hi - g.lo === size) into.push(g.lo);
  }
  if (!ms) return;
  for (const m of s.ms) {
    if (m.g0lo !== 0 && m.g0hi - m.g0lo === size) into.push(m.g0lo);
    if (m.gsiglo !== 0 && m.gsighi - m.gsiglo === size) into.push(m.gsiglo);
  }
}

function allEmpty(s: State, p: number): boolean {
  for (const c of s.ps[p].stackcache) if (c.list !== null) return false;
  return true;
}

/** I12b's check (caches.ts). @internal */
export function cacheTransfers(cfg: Config, before: State, after: State, ctx: CheckContext | undefined): Verdict {
  const c = contextFor(cfg, ctx);
  if (c.sameStackCaches(before, after)) return verdict(null, false);
  const changedGs = c.changedGoroutines(before, after);
  const nps = Math.min(before.ps.length, after.ps.length);
  const half = cfg.profile.stackCacheSize / 2;
  let out: Out = null;
  let saw = false;
  for (let k = 0; k < cfg.profile.numStackOrders; k++) {
    let changed = false;
    for (let i = 0; i < nps; i++) if (before.ps[i].stackcache[k] !== after.ps[i].stackcache[k]) changed = true;
    if (!changed) continue;
    const size = cfg.profile.fixedStack << k;
    const perHalf = half / size;
    const [wasStack, isStack, popped, pushed, poppedAt, pushedAt] = c.transferScratch;
    for (const a of c.transferScratch) a.reset();
    stacksOfSize(before, changedGs, before.ms !== after.ms, size, wasStack);
    stacksOfSize(after, changedGs, before.ms !== after.ms, size, isStack);
    for (let i = 0; i < nps; i++) {
      const a = before.ps[i].stackcache[k].list, b = after.ps[i].stackcache[k].list;
      poppedAt.push(popped.n);
      pushedAt.push(pushed.n);
      if (a === b) continue;
      pushTop(popped, a, aboveSharedTail(a, b));
      pushTop(pushed, b, aboveSharedTail(b, a));
    }
    poppedAt.push(popped.n);
    pushedAt.push(pushed.n);
    // Into caches from the pool: pushed blocks that were not stacks or cached before.
    let fromPool = 0, refills = 0, toPool = 0, releases = 0;
    for (let i = 0; i < nps; i++) {
      let took = 0;
      for (let j = pushedAt.at(i); j < pushedAt.at(i + 1); j++) if (!wasStack.has(pushed.at(j)) && !popped.has(pushed.at(j))) took++;
      if (took > 0) {
        refills++;
        fromPool += took;
        const kept = before.ps[i].stackcache[k].list !== null && poppedAt.at(i + 1) - poppedAt.at(i) < length(before.ps[i].stackcache[k].list);
        if (kept) out = add(out, `P${i} stackcache[${k}] took ${took} block(s) from the pool while it still held blocks`);
      }
      if (allEmpty(after, i)) continue; // a flush returns everything
      let gave = 0;
      for (let j = poppedAt.at(i); j < poppedAt.at(i + 1); j++) if (!isStack.has(popped.at(j)) && !pushed.has(popped.at(j))) gave++;
      if (gave > 0) {
        releases++;
        toPool += gave;
      }
    }
    if (refills > 0) {
      saw = true;
      // Blocks that went from the pool through a cache into a new stack in the same step.
      for (let j = 0; j < isStack.n; j++) {
        const b = isStack.at(j);
        if (!wasStack.has(b) && !popped.has(b) && !pushed.has(b)) fromPool++;
      }
      if (fromPool % perHalf !== 0) out = add(out, `${fromPool} order-${k} block(s) left the pool for the caches, not a whole number of halves (${perHalf} blocks each)`);
    }
    if (releases > 0) {
      saw = true;
      for (let j = 0; j < wasStack.n; j++) {
        const b = wasStack.at(j);
        if (!isStack.has(b) && !pushed.has(b) && !popped.has(b)) toPool++;
      }
      if (toPool % perHalf !== 0) out = add(out, `${toPool} order-${k} block(s) went back from the caches to the pool, not a whole number of halves (${perHalf} blocks each)`);
    }
  }
  return verdict(out, saw);
}
