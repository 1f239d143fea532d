import type { StackfreeEvent } from '../trace/events.ts';
import { orderOf } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { hex, range, sizesText } from './live-stacks.ts';
import { type Verdict, fail, pow2 } from './violation.ts';

/**
 * stackfree: pow2-size and free-live; remembers the free for a following
 * release and, in extended traces, for the P's cache bounds.
 * @internal
 */
export function onStackfree(ctx: Level1Context, e: StackfreeEvent): Verdict {
  const verdict = pow2(e.line, e.n, 'stackfree size')
    ?? freesLive(ctx, e);
  if (verdict !== null) return verdict;
  ctx.live.remove(e.v);
  ctx.copiedOff.delete(e.v);
  ctx.frees.set(e.v, (ctx.frees.get(e.v) ?? 0) + 1);
  ctx.newstacks.delete(e.v); // a preemption newstack for this stack can no longer lead to a copy
  ctx.lastFree.set(e.p ?? 'stock', e);
  const order = orderOf(e.n);
  if (order !== null && e.p !== null && e.p >= 0) ctx.caches.free(e.p, order, e.n);
  return null;
}

function freesLive(ctx: Level1Context, e: StackfreeEvent): Verdict {
  const s = ctx.live.get(e.v);
  if (s === undefined) {
    return fail(e.line, 'free-live', `stackfree of ${range(e.v, e.n)}, which is not a live stack`, `a live stack based at ${hex(e.v)}`, 'no live stack there');
  }
  if (!s.sizes.includes(e.n)) {
    return fail(
      e.line,
      'free-live',
      `stackfree of ${e.n} bytes at ${hex(e.v)}, a live stack of another size`,
      `size ${sizesText(s.sizes)} (allocated at line ${s.line})`,
      `${e.n}`,
    );
  }
  return null;
}
