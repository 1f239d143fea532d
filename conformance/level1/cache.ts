import type { StackcacheClearEvent, StackcacherefillEvent, StackcachereleaseEvent } from '../trace/events.ts';
import { CACHE_HALF, NUM_STACK_ORDERS, STACK_CACHE_SIZE, orderSize } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { type Verdict, fail } from './violation.ts';

/**
 * Per-P stack cache lines: refill-small, refill-requested, refill-empty,
 * release-small, release-after-free, release-full. Stock traces carry no P,
 * so there the refill check is "some pending stackalloc has this order's
 * size", and a release whose latest stackfree is of another order is
 * reported as unattributed (another thread may have printed in between).
 * @internal
 */

export function onRefill(ctx: Level1Context, e: StackcacherefillEvent): Verdict {
  const n = orderSize(e.order);
  return cachedOrder(e.line, 'refill-small', 'stackcacherefill', e.order)
    ?? movesHalf(e.line, 'refill-half', e.order, e.blocks)
    ?? (ctx.requests.has(n)
        ? null
        : fail(e.line, 'refill-requested', `refill of order ${e.order} outside any stackalloc ${n}`, `a pending stackalloc ${n}`, `pending sizes ${ctx.requests.sizes().join(', ') || 'none'}`))
    ?? (e.p === null ? null : refillOnP(ctx, e, e.p));
}

export function onRelease(ctx: Level1Context, e: StackcachereleaseEvent): Verdict {
  return cachedOrder(e.line, 'release-small', 'stackcacherelease', e.order)
    ?? movesHalf(e.line, 'release-half', e.order, e.blocks)
    ?? (e.p === null ? releaseStock(ctx, e) : releaseOnP(ctx, e, e.p));
}

export function onClear(ctx: Level1Context, e: StackcacheClearEvent): Verdict {
  if (e.p === null || e.order === null || e.blocks === null || e.p < 0) {
    ctx.caches.clearSomeP();
    return null;
  }
  const bytes = e.blocks * orderSize(e.order);
  const lower = ctx.caches.lower(e.p, e.order), upper = ctx.caches.upper(e.p, e.order);
  ctx.caches.clear(e.p, e.order);
  if (bytes < lower || bytes > upper) {
    return fail(e.line, 'clear-bounds', `stackcache clear of P${e.p}'s order-${e.order} cache returns ${bytes} bytes`, `between ${lower} and ${upper} bytes`, `blocks=${e.blocks}`);
  }
  return null;
}

/** refill-half / release-half: an extended line's block count moves exactly half of _StackCacheSize. */
function movesHalf(line: number, check: 'refill-half' | 'release-half', order: number, blocks: number | null): Verdict {
  if (blocks === null || blocks * orderSize(order) === CACHE_HALF) return null;
  return fail(line, check, `${check === 'refill-half' ? 'refill' : 'release'} of order ${order} moves ${blocks} blocks (${blocks * orderSize(order)} bytes)`, `${CACHE_HALF / orderSize(order)} blocks (${CACHE_HALF} bytes)`, `blocks=${blocks}`);
}

function cachedOrder(line: number, check: 'refill-small' | 'release-small', what: string, order: number): Verdict {
  if (order < NUM_STACK_ORDERS) return null;
  return fail(line, check, `${what} for order ${order} (${orderSize(order)}-byte stacks), which is not cached`, `order < ${NUM_STACK_ORDERS} (stacks < ${STACK_CACHE_SIZE} bytes)`, `order=${order}`);
}

function refillOnP(ctx: Level1Context, e: StackcacherefillEvent, p: number): Verdict {
  if (p < 0) return fail(e.line, 'refill-requested', 'refill without a P', 'p >= 0 (only a P has a cache)', `p=${p}`);
  const waiting = ctx.refills.get(p);
  if (waiting !== undefined) {
    return fail(e.line, 'refill-requested', `second refill on p=${p} before the allocation of line ${waiting.line}'s refill`, 'an allocated line on this P first', `refill at line ${waiting.line} still waiting`);
  }
  const lower = ctx.caches.lower(p, e.order);
  if (lower > 0) {
    return fail(e.line, 'refill-empty', `refill of order ${e.order} on p=${p} while its cache is not empty`, 'an empty cache', `at least ${lower} bytes cached`);
  }
  ctx.refills.set(p, e);
  ctx.caches.refill(p, e.order);
  return null;
}

function releaseOnP(ctx: Level1Context, e: StackcachereleaseEvent, p: number): Verdict {
  const n = orderSize(e.order);
  const free = ctx.lastFree.get(p);
  if (free === undefined || free.n !== n) {
    return fail(
      e.line,
      'release-after-free',
      `release of order ${e.order} on p=${p} not right after a stackfree of ${n} bytes there`,
      `latest stackfree on p=${p} of ${n} bytes`,
      free === undefined ? 'no unclaimed stackfree on this P' : `stackfree of ${free.n} bytes at line ${free.line}`,
    );
  }
  ctx.lastFree.delete(p);
  // upper() already counts the freed block's pending push; the cache held at most upper - n before it.
  const before = ctx.caches.upper(p, e.order) - n;
  if (before < STACK_CACHE_SIZE) {
    return fail(e.line, 'release-full', `release of order ${e.order} on p=${p} while its cache is not full`, `at least ${STACK_CACHE_SIZE} bytes cached`, `at most ${before} bytes cached`);
  }
  ctx.caches.release(p, e.order, n);
  return null;
}

function releaseStock(ctx: Level1Context, e: StackcachereleaseEvent): Verdict {
  const n = orderSize(e.order);
  const free = ctx.lastFree.get('stock');
  ctx.lastFree.delete('stock');
  if (free !== undefined && free.n === n) return null;
  ctx.unattributed.push({
    line: e.line,
    kind: 'stackcacherelease',
    reason:
      free === undefined
        ? 'no unclaimed stackfree before it; stock traces do not say which thread freed what'
        : `latest stackfree (line ${free.line}) is ${free.n} bytes; another thread may have printed in between`,
  });
  return null;
}
