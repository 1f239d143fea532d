import type { AllocatedEvent, StackallocEvent } from '../trace/events.ts';
import { PAGE_SIZE, orderOf, orderSize } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { hex, range, sizesText } from './live-stacks.ts';
import { type Verdict, fail, pow2 } from './violation.ts';

/**
 * stackalloc entry and exit: pow2-size, alloc-requested, aligned,
 * no-overlap, and the extended refill follow-up (refill-requested).
 * @internal
 */

export function onStackalloc(ctx: Level1Context, e: StackallocEvent): Verdict {
  ctx.requests.push({ line: e.line, n: e.n });
  return pow2(e.line, e.n, 'stackalloc size');
}

export function onAllocated(ctx: Level1Context, e: AllocatedEvent): Verdict {
  const sizes = e.by === 'unattributed' ? e.candidates : [e.n];
  const verdict = (e.by === 'printed' ? pow2(e.line, e.n, 'allocated size') : null)
    ?? answer(ctx, e)
    ?? aligned(e.line, e.v, sizes[0])
    ?? overlap(ctx, e.line, e.v, sizes)
    ?? (e.by === 'printed' ? refillServed(ctx, e) : null);
  if (verdict === null) ctx.live.add({ lo: e.v, sizes, line: e.line });
  return verdict;
}

// alloc-requested; keeps the request list in step with the parser's pairing.
function answer(ctx: Level1Context, e: AllocatedEvent): Verdict {
  if (e.by === 'unattributed') {
    if (e.candidates.length === 0) {
      return fail(e.line, 'alloc-requested', 'allocated line with no pending stackalloc', 'an earlier unanswered stackalloc line', 'none pending');
    }
    ctx.requests.take();
    return null;
  }
  if (ctx.requests.takeSized(e.n) !== null) return null;
  const pending = ctx.requests.sizes();
  return fail(
    e.line,
    'alloc-requested',
    `allocated ${e.n} bytes with no pending stackalloc ${e.n}`,
    `a pending stackalloc ${e.n}`,
    pending.length === 0 ? 'none pending' : `pending sizes ${pending.join(', ')}`,
  );
}

function aligned(line: number, v: number, n: number): Verdict {
  const align = Math.min(n, PAGE_SIZE);
  if (v % align === 0) return null;
  return fail(line, 'aligned', `stack ${range(v, n)} is misaligned`, `base a multiple of ${align}`, `${hex(v)} % ${align} = ${v % align}`);
}

function overlap(ctx: Level1Context, line: number, v: number, sizes: readonly number[]): Verdict {
  const other = ctx.live.overlapping(v, sizes[0]);
  if (other === null) return null;
  return fail(
    line,
    'no-overlap',
    `new stack ${range(v, sizes[0])} overlaps a live stack`,
    `no live stack within ${range(v, sizes[0])}`,
    `live stack ${range(other.lo, other.sizes[0])} (${sizesText(other.sizes)} bytes) allocated at line ${other.line}`,
  );
}

// Extended: the allocation after a refill on the same P must be of the refilled order; cache bounds follow it.
function refillServed(ctx: Level1Context, e: AllocatedEvent & { by: 'printed' }): Verdict {
  const refill = ctx.refills.get(e.p);
  const order = orderOf(e.n);
  if (refill !== undefined) {
    ctx.refills.delete(e.p);
    const want = orderSize(refill.order);
    if (want !== e.n) {
      return fail(
        e.line,
        'refill-requested',
        `refill of order ${refill.order} at line ${refill.line} is followed on p=${e.p} by an allocation of ${e.n} bytes`,
        `allocated n=${want} p=${e.p}`,
        `allocated n=${e.n} p=${e.p}`,
      );
    }
  }
  if (order !== null && e.p >= 0) ctx.caches.alloc(e.p, order, e.n, refill !== undefined);
  return null;
}
