import type { StacklargeEvent, StackspanEvent } from '../trace/events.ts';
import { PAGE_SIZE, POOL_SPAN_PAGES } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { type Verdict, fail } from './violation.ts';

/**
 * Extended traces' span lines: span-aligned (every stack span starts on a page) and
 * pool-span-size (stackpoolalloc takes _StackCacheSize>>_PageShift pages from the heap).
 * @internal
 */

export function onStackspan(_ctx: Level1Context, e: StackspanEvent): Verdict {
  return aligned(e.line, e.base)
    ?? (e.order === null || e.npages === POOL_SPAN_PAGES
        ? null
        : fail(e.line, 'pool-span-size', `pool span of order ${e.order} with ${e.npages} pages`, `${POOL_SPAN_PAGES} pages (_StackCacheSize >> _PageShift)`, `npages=${e.npages}`));
}

export function onStacklarge(_ctx: Level1Context, e: StacklargeEvent): Verdict {
  return e.op === 'empty' ? null : aligned(e.line, e.base);
}

function aligned(line: number, base: number): Verdict {
  return base % PAGE_SIZE === 0 ? null : fail(line, 'span-aligned', `stack span at 0x${base.toString(16)} is not page-aligned`, `a multiple of ${PAGE_SIZE}`, `0x${base.toString(16)}`);
}
