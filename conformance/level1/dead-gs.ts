import type { GcPhaseEvent, GfputEvent } from '../trace/events.ts';
import { FIXED_STACK, isPowerOfTwo } from '../trace/platform.ts';
import type { Level1Context } from './context.ts';
import { hex, range, sizesText } from './live-stacks.ts';
import { type Verdict, fail } from './violation.ts';

/**
 * The gfput line (extended): the dead G's stack must be one the trace shows live, and its
 * start= field is startingStackSize, which only gcComputeStartingStackSize changes (at a mark
 * termination). Whether a stack of another size is then freed is level 2's
 * (gfput-free-required: it needs the P's next line).
 * @internal
 */
export function onGfput(ctx: Level1Context, e: GfputEvent): Verdict {
  if (!(e.lo === 0 && e.n === 0)) {
    const s = ctx.live.get(e.lo);
    if (s === undefined || !s.sizes.includes(e.n)) {
      return fail(
        e.line,
        'gfput-stack',
        `gfput g=${e.g} names the stack ${range(e.lo, e.n)}, which is not a live stack of that size`,
        `a live ${e.n}-byte stack at ${hex(e.lo)}`,
        s === undefined ? 'no live stack there' : `live stack of ${sizesText(s.sizes)} bytes (line ${s.line})`,
      );
    }
  }
  if (!isPowerOfTwo(e.start) || e.start < FIXED_STACK) {
    return fail(e.line, 'gfput-start', `gfput start=${e.start}: startingStackSize is not a power of two of at least _FixedStack`, `a power of two >= ${FIXED_STACK}`, `${e.start}`);
  }
  const was = ctx.start;
  if (was !== null && was.value !== e.start && !was.markTermination) {
    return fail(e.line, 'gfput-start', `gfput start=${e.start}, but line ${was.line} had start=${was.value} and no mark termination came between (gcComputeStartingStackSize runs only there)`, `start=${was.value}`, `start=${e.start}`);
  }
  ctx.start = { value: e.start, line: e.line, markTermination: false };
  return null;
}

/** setGCPhase 2: gcMarkDone has just run gcComputeStartingStackSize. */
export function onGcPhase(ctx: Level1Context, e: GcPhaseEvent): Verdict {
  if (e.phase === 'marktermination' && ctx.start !== null) ctx.start.markTermination = true;
  return null;
}
