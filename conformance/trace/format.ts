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
export class FormatDetector {
  /** The format so far: null until a line with a form. */
  format: TraceFormat | null = null;
  private decidedAt = 0;

  /** A problem if e's form contradicts the format an earlier line set, else null. */
  see(e: RawEvent): ParseProblem | null {
    const form = formOf(e);
    if (form === null) return null;
    if (this.format === null) {
      this.format = form;
      this.decidedAt = e.line;
      return null;
    }
    return form === this.format ? null : { line: e.line, message: `${form} ${e.kind} line in a ${this.format} trace (format set by line ${this.decidedAt})` };
  }
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
