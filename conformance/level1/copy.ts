import type { CopystackEvent, NewstackEvent, ShrinkstackEvent, StackGrowDoneEvent } from '../trace/events.ts';
import { STACK_LIMIT, isPowerOfTwo } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { hex, range, sizesText } from './live-stacks.ts';
import { type Verdict, fail, first, pow2 } from './violation.ts';

/**
 * Stack moves: the newstack block, 'shrinking stack', copystack and
 * 'stack grow done'. A copystack is matched to its reason by identity,
 * not by adjacency, so interleaved threads do not confuse it: a growth by
 * the newstack block that printed the same old stack (and sp), a shrink by
 * a pending 'shrinking stack' line of the same old size.
 * @internal
 */

export function onNewstack(ctx: Level1Context, e: NewstackEvent): Verdict {
  const s = ctx.live.get(e.lo);
  if (s === undefined || !s.sizes.includes(e.hi - e.lo)) {
    return fail(
      e.line,
      'newstack-live',
      `newstack on ${range(e.lo, e.hi - e.lo)}, which is not a live stack`,
      `a live stack ${range(e.lo, e.hi - e.lo)}`,
      s === undefined ? 'no live stack there' : `live stack of ${sizesText(s.sizes)} bytes`,
    );
  }
  ctx.live.settle(e.lo, e.hi - e.lo);
  ctx.newstacks.set(e.lo, e); // replaces a stale preemption block for the same stack
  return null;
}

export function onShrinkstack(ctx: Level1Context, e: ShrinkstackEvent): Verdict {
  const verdict = first(
    () => pow2(e.line, e.oldsize, 'shrink old size'),
    () => pow2(e.line, e.newsize, 'shrink new size'),
    () =>
      e.newsize * 2 === e.oldsize
        ? null
        : fail(e.line, 'shrink-halves', `shrinking stack ${e.oldsize}->${e.newsize} does not halve`, `${e.oldsize}->${e.oldsize / 2}`, `${e.oldsize}->${e.newsize}`),
  );
  if (verdict === null) ctx.shrinks.push(e);
  return verdict;
}

export function onCopystack(ctx: Level1Context, e: CopystackEvent): Verdict {
  const oldsize = e.old.hi - e.old.lo;
  return first(
    () => pow2(e.line, e.newsize, 'copystack new size'),
    () => liveCopyEnd(ctx, e, 'copy-old-live', e.old.lo, oldsize, 'old'),
    () => liveCopyEnd(ctx, e, 'copy-new-live', e.new.lo, e.newsize, 'new'),
    () => (e.new.hi - e.new.lo === e.newsize ? null : fail(e.line, 'copy-new-live', 'copystack new range disagrees with its printed size', `new.hi - new.lo == ${e.newsize}`, `${e.new.hi - e.new.lo}`)),
    () => used(e),
    () => (e.newsize < oldsize ? shrink(ctx, e, oldsize) : growth(ctx, e, oldsize)),
  );
}

export function onStackGrowDone(ctx: Level1Context, e: StackGrowDoneEvent): Verdict {
  if (ctx.growths.shift() !== undefined) return null;
  return fail(e.line, 'grow-done', "'stack grow done' without an open growth copy", 'an earlier growth copystack', 'none open');
}

function liveCopyEnd(ctx: Level1Context, e: CopystackEvent, check: 'copy-old-live' | 'copy-new-live', lo: number, n: number, which: string): Verdict {
  const s = ctx.live.get(lo);
  if (s !== undefined && s.sizes.includes(n)) {
    ctx.live.settle(lo, n);
    return null;
  }
  return fail(
    e.line,
    check,
    `copystack ${which} stack ${range(lo, n)} is not live`,
    `a live stack ${range(lo, n)}`,
    s === undefined ? `no live stack at ${hex(lo)}` : `live stack of ${sizesText(s.sizes)} bytes (line ${s.line})`,
  );
}

function used(e: CopystackEvent): Verdict {
  const before = e.old.hi - e.old.sp;
  const after = e.new.hi - e.new.sp;
  if (before === after) return null;
  return fail(e.line, 'copy-used', `copystack changes the used size from ${before} to ${after} bytes`, `new.hi - new.sp == ${before}`, `${after}`);
}

function shrink(ctx: Level1Context, e: CopystackEvent, oldsize: number): Verdict {
  const index = ctx.shrinks.findIndex((s) => s.oldsize === oldsize);
  if (index < 0) {
    return fail(e.line, 'copy-reason', `copystack shrinks ${oldsize}->${e.newsize} without a 'shrinking stack' line`, `an earlier 'shrinking stack ${oldsize}->…'`, 'none pending');
  }
  const [announced] = ctx.shrinks.splice(index, 1);
  // shrinkstack: used := gp.stack.hi - gp.sched.sp + _StackLimit; if used >= avail/4 { return }.
  // copystack prints the same sp, so every shrink shows its used size.
  const used = e.old.hi - e.old.sp;
  if (used + STACK_LIMIT >= oldsize / 4) {
    return fail(e.line, 'shrink-quarter', `copystack shrinks ${oldsize}->${e.newsize} with ${used} bytes used (+ _StackLimit ${STACK_LIMIT} = ${used + STACK_LIMIT})`, `used + ${STACK_LIMIT} < ${oldsize / 4} (a quarter of the old stack)`, `${used + STACK_LIMIT}`);
  }
  if (announced.newsize === e.newsize) return null;
  return fail(
    e.line,
    'shrink-halves',
    `copystack shrinks ${oldsize}->${e.newsize} but line ${announced.line} announced ${oldsize}->${announced.newsize}`,
    `newsize ${announced.newsize}`,
    `${e.newsize}`,
  );
}

function growth(ctx: Level1Context, e: CopystackEvent, oldsize: number): Verdict {
  const block = ctx.newstacks.get(e.old.lo);
  if (block === undefined || block.hi !== e.old.hi) {
    return fail(e.line, 'copy-reason', `copystack ${oldsize}->${e.newsize} without a newstack block for ${range(e.old.lo, oldsize)}`, 'an earlier runtime: newstack for this stack', 'none pending');
  }
  if (block.sched.sp !== e.old.sp) {
    return fail(e.line, 'copy-reason', `growth copy's old sp differs from the newstack block at line ${block.line}`, `old sp ${hex(block.sched.sp)}`, hex(e.old.sp));
  }
  ctx.newstacks.delete(e.old.lo);
  const ratio = e.newsize / oldsize;
  if (!(ratio >= 2 && isPowerOfTwo(ratio))) {
    return fail(e.line, 'grow-doubles', `growth copy ${oldsize}->${e.newsize} does not at least double`, `${oldsize}·2^k with k >= 1`, `${e.newsize}`);
  }
  ctx.growths.push(e);
  return null;
}
