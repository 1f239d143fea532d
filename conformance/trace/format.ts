import type { ParseProblem, TraceFormat } from './events.ts';
import type { RawEvent } from './raw.ts';

/**
 * Stock or extended? Decided by the first line that has both forms
 * (allocated, stackfree, refill, release, clear) or only the extended one
 * (span, stackLarge, pool-path, GC-phase, procresize and dead-G lines, Go 1.26's shrink line
 * with a status); every later
 * such line must agree, since one binary prints one form. A trace with none
 * of them is stock. (`stackalloc`, the newstack block and a copystack without its
 * adjustment fields are the same in both forms.)
 * @internal
 */
export function detectFormat(raw: readonly RawEvent[]): { format: TraceFormat; problems: ParseProblem[] } {
  let format: TraceFormat | null = null;
  let decidedAt = 0;
  const problems: ParseProblem[] = [];
  for (const e of raw) {
    const form = formOf(e);
    if (form === null) continue;
    if (format === null) {
      format = form;
      decidedAt = e.line;
    } else if (form !== format) {
      problems.push({ line: e.line, message: `${form} ${e.kind} line in a ${format} trace (format set by line ${decidedAt})` });
    }
  }
  return { format: format ?? 'stock', problems };
}

function formOf(e: RawEvent): TraceFormat | null {
  switch (e.kind) {
    case 'allocated':
      return e.n === null ? 'stock' : 'extended';
    case 'stackfree':
    case 'stackcacherefill':
    case 'stackcacherelease':
    case 'stackcache_clear':
      return e.p === null ? 'stock' : 'extended';
    case 'stackspan':
    case 'stacklarge':
    case 'stackpool':
    case 'freestackspans':
    case 'gcphase':
    case 'procresize':
    case 'gfput':
    case 'gfree':
    case 'markrootfreegstacks':
      return 'extended';
    case 'shrinkstack':
      // Go 1.19's extended patch leaves this line in its stock form, so only the extended form decides.
      return e.status === null ? null : 'extended';
    case 'copystack':
      return e.adjusted === null ? null : 'extended';
    default:
      return null;
  }
}
