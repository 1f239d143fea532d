import type { ParseProblem, TraceFormat } from '../events.ts';
import type { RawEvent } from './raw.ts';

/**
 * Stock or extended? Decided by the first line that has both forms
 * (allocated, stackfree, refill, release); every later such line must
 * agree, since one binary prints one form. A trace with none of them is
 * stock. (`stackalloc`, `stackcache clear`, copystack and the newstack block
 * are the same in both forms.)
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
      return e.p === null ? 'stock' : 'extended';
    default:
      return null;
  }
}
