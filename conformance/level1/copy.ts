import type { CopystackEvent, NewstackEvent, ShrinkstackEvent, StackGrowDoneEvent } from '../trace/events.ts';
import { PTR_SIZE, STACK_LIMIT, isPowerOfTwo } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { hex, range, sizesText } from './live-stacks.ts';
import { type Verdict, fail, pow2 } from './violation.ts';

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
  const frames = newstackFrames(e);
  if (frames !== null) return frames;
  ctx.live.settle(e.lo, e.hi - e.lo);
  ctx.newstacks.set(e.lo, e); // replaces a stale preemption block for the same stack
  return null;
}

export function onShrinkstack(ctx: Level1Context, e: ShrinkstackEvent): Verdict {
  const verdict = pow2(e.line, e.oldsize, 'shrink old size')
    ?? pow2(e.line, e.newsize, 'shrink new size')
    ?? (e.newsize * 2 === e.oldsize
        ? null
        : fail(e.line, 'shrink-halves', `shrinking stack ${e.oldsize}->${e.newsize} does not halve`, `${e.oldsize}->${e.oldsize / 2}`, `${e.oldsize}->${e.newsize}`));
  if (verdict === null) ctx.shrinks.push(e);
  return verdict;
}

export function onCopystack(ctx: Level1Context, e: CopystackEvent): Verdict {
  const oldsize = e.old.hi - e.old.lo;
  const allocated = ctx.live.get(e.old.lo)?.line ?? e.line;
  const verdict = pow2(e.line, e.newsize, 'copystack new size')
    ?? liveCopyEnd(ctx, e, 'copy-old-live', e.old.lo, oldsize, 'old')
    ?? liveCopyEnd(ctx, e, 'copy-new-live', e.new.lo, e.newsize, 'new')
    ?? (e.new.hi - e.new.lo === e.newsize ? null : fail(e.line, 'copy-new-live', 'copystack new range disagrees with its printed size', `new.hi - new.lo == ${e.newsize}`, `${e.new.hi - e.new.lo}`))
    ?? used(e)
    ?? gStack(ctx, e)
    ?? adjusted(e)
    ?? (e.newsize < oldsize ? shrink(ctx, e, oldsize) : growth(ctx, e, oldsize));
  if (verdict === null) {
    ctx.gStacks.set(e.gp, { lo: e.new.lo, frees: ctx.frees.get(e.new.lo) ?? 0, line: e.line });
    ctx.copiedOff.set(e.old.lo, { copy: e, allocated });
  }
  return verdict;
}

/**
 * A copy followed by fewer than this many events may still be owed its free: a
 * process exits while other threads run, and one can be between copystack's print and its
 * stackfree(old). Older copies cannot: nothing runs between the two but the print's return.
 */
export const EXIT_TOLERANCE = 16;

/**
 * copy-frees-old, at the end of the trace: copystack frees the old stack last (stackfree(old)),
 * so a stack a copy moved a G off and the trace never freed is leaked. Nothing later in the
 * trace contradicts such a skip (the leaked stack simply stays out of use), so only the end
 * can show it; the report names the copy and the line that allocated the old stack. `tail`: the
 * line of the EXIT_TOLERANCE-th event from the end (0 in a shorter trace).
 */
export function copiesFreedAtEnd(ctx: Level1Context, tail: number, lastLine: number): Verdict {
  if (ctx.copiedOff.size === 0) return null;
  let owed: { readonly copy: CopystackEvent; readonly allocated: number } | null = null;
  for (const c of ctx.copiedOff.values()) if (c.copy.line < tail && (owed === null || c.copy.line < owed.copy.line)) owed = c;
  if (owed === null) return null;
  const { copy, allocated } = owed;
  const n = copy.old.hi - copy.old.lo;
  return fail(
    lastLine,
    'copy-frees-old',
    `the trace ends without freeing ${range(copy.old.lo, n)} (allocated at line ${allocated}), the stack that copystack at line ${copy.line} moved gp=${hex(copy.gp)} off: copystack frees the old stack last${ctx.copiedOff.size > 1 ? ` (${ctx.copiedOff.size} copied-off stacks are never freed)` : ''}`,
    `stackfree ${hex(copy.old.lo)} ${n} after line ${copy.line}`,
    'none by the end of the trace',
  );
}

/**
 * Extended: after copystack's adjustment nothing of the G may still point into the old stack,
 * which is freed next: not its frame-pointer chain (adjustctxt's sched.bp, adjustframe's saved
 * frame pointers), not sched.ctxt (adjustctxt), not its defer, panic or sudog records.
 */
function adjusted(e: CopystackEvent): Verdict {
  const a = e.adjusted;
  if (a === null) return null;
  const { lo, hi } = e.old;
  const stale = (
    [
      ['the frame-pointer chain (fpend)', a.fpend, 'adjustframe / adjustctxt did not move a saved frame pointer'],
      ['sched.ctxt', a.ctxt, 'adjustctxt did not move it'],
      ['a defer, panic or sudog record (stale)', a.stale, 'adjustdefers / adjustpanics / adjustsudogs did not move it'],
    ] as const
  ).find(([, v]) => lo <= v && v < hi);
  if (stale === undefined) return null;
  const [what, v, why] = stale;
  return fail(
    e.line,
    'copy-adjusted',
    `after copystack moved gp=${hex(e.gp)} off ${range(lo, hi - lo)}, ${what} still points into the old stack at ${hex(v)} (${why})${what.startsWith('the frame') ? `, after ${a.fp} frame pointer${a.fp === 1 ? '' : 's'} in the new stack` : ''}`,
    `no pointer into ${range(lo, hi - lo)}`,
    hex(v),
  );
}

/** newstack prints sp = gp.sched.sp - PtrSize (morestack's CALL pushed f's return address) and morebuf, f's caller. */
function newstackFrames(e: NewstackEvent): Verdict {
  if (e.sp !== e.sched.sp - PTR_SIZE) {
    return fail(e.line, 'newstack-frames', `newstack sp=${hex(e.sp)} is not sched.sp - 8 (sched.sp ${hex(e.sched.sp)})`, hex(e.sched.sp - PTR_SIZE), hex(e.sp));
  }
  if (!(e.sched.sp < e.morebuf.sp && e.morebuf.sp <= e.hi)) {
    return fail(e.line, 'newstack-frames', `newstack: the caller's sp (morebuf.sp ${hex(e.morebuf.sp)}) is not above sched.sp within the stack`, `${hex(e.sched.sp)} < morebuf.sp <= ${hex(e.hi)}`, hex(e.morebuf.sp));
  }
  if (e.morebuf.lr !== 0 || e.sched.lr !== 0) {
    return fail(e.line, 'newstack-frames', 'newstack prints a link register on amd64', 'lr:0x0 in morebuf and sched', `morebuf lr ${hex(e.morebuf.lr)}, sched lr ${hex(e.sched.lr)}`);
  }
  return null;
}

/** The G's stack as its previous copy left it must be the one it copies from now, unless it was freed since. */
function gStack(ctx: Level1Context, e: CopystackEvent): Verdict {
  const was = ctx.gStacks.get(e.gp);
  if (was === undefined || was.lo === e.old.lo || (ctx.frees.get(was.lo) ?? 0) > was.frees) return null;
  return fail(
    e.line,
    'copy-g-stack',
    `copystack gp=${hex(e.gp)} copies from ${hex(e.old.lo)}, but its copy at line ${was.line} moved it to ${hex(was.lo)}, which no stackfree has freed since`,
    `old.lo ${hex(was.lo)}`,
    hex(e.old.lo),
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
