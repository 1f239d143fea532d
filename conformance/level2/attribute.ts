// Which P ran each allocator line, as far as the trace says. Extended traces print it; a stock
// trace says nothing, which is enough only when one P ran everything (GOMAXPROCS=1). For stock
// multi-P traces the P-dependent lines are counted and reported, never guessed.

import type { Trace, TraceEvent } from '../trace/events.ts';
import { isCachedSize } from '../trace/platform.ts';

/** @internal */
export type Attribution =
  | { readonly ok: true; readonly procs: number; readonly procsFrom: 'printed' | 'option' | 'assumed' }
  | { readonly ok: false; readonly reason: string; readonly lines: readonly number[] };

/**
 * The most Ps a replay models. The runtime sets no bound of its own (allp is a slice), but the
 * replay builds every P up front, so a P id far beyond any machine's (a corrupt trace) is
 * reported at its line instead of being replayed.
 */
const MAX_REPLAY_PROCS = 4096;

/** @internal */
export function attribute(trace: Trace, procsOption: number | undefined): Attribution {
  const unsized = trace.events.filter((e) => e.kind === 'allocated' && e.by === 'unattributed').map((e) => e.line);
  if (trace.format === 'extended') {
    const ps = new PrintedPs();
    for (const e of trace.events) if (!ps.see(e)) break;
    return ps.attribution(procsOption);
  }
  if (procsOption === undefined) {
    const overlap = interleaved(trace.events);
    if (overlap !== null || unsized.length > 0) {
      const why = overlap !== null ? `two stackalloc requests pending at once at line ${overlap}` : 'allocations of unknown size';
      return {
        ok: false,
        reason: `stock trace with interleaved threads (${why}), so more than one P may have run it; a stock trace names no P — pass procs 1 (--procs 1) if it ran with GOMAXPROCS=1`,
        lines: pDependent(trace.events),
      };
    }
    return { ok: true, procs: 1, procsFrom: 'assumed' };
  }
  if (procsOption > 1) {
    return { ok: false, reason: `stock trace with GOMAXPROCS=${procsOption}: it names no P on any line`, lines: pDependent(trace.events) };
  }
  if (unsized.length > 0) return { ok: false, reason: 'allocations of unknown size (the parser could not pair them)', lines: unsized };
  return { ok: true, procs: 1, procsFrom: 'option' };
}

/**
 * An extended trace's Ps, one event at a time: the highest P a line names (or a procresize
 * creates), and the first line naming one beyond MAX_REPLAY_PROCS.
 * @internal
 */
export class PrintedPs {
  maxP = 0;
  tooMany: { readonly line: number; readonly p: number } | null = null;

  /** False once a line has named too many Ps (nothing after it matters). */
  see(e: TraceEvent): boolean {
    if (this.tooMany !== null) return false;
    this.maxP = Math.max(this.maxP, printedP(e), e.kind === 'procresize' ? e.to - 1 : -1);
    if (this.maxP >= MAX_REPLAY_PROCS) this.tooMany = { line: e.line, p: this.maxP };
    return this.tooMany === null;
  }

  attribution(procsOption: number | undefined): Attribution {
    const t = this.tooMany;
    if (t !== null) return { ok: false, reason: `line ${t.line} names P ${t.p}; the replay models at most ${MAX_REPLAY_PROCS} Ps`, lines: [t.line] };
    return { ok: true, ...printedProcs(this.maxP, procsOption) };
  }
}

/** The Ps an extended replay models: the highest P printed + 1, or more if asked. @internal */
export function printedProcs(maxP: number, procsOption: number | undefined): { readonly procs: number; readonly procsFrom: 'printed' | 'option' } {
  const printed = maxP + 1;
  return procsOption !== undefined && procsOption > printed ? { procs: procsOption, procsFrom: 'option' } : { procs: printed, procsFrom: 'printed' };
}

function printedP(e: TraceEvent): number {
  if (e.kind === 'allocated') return e.by === 'printed' ? e.p : -1;
  if (e.kind === 'stackfree' || e.kind === 'stackcacherefill' || e.kind === 'stackcacherelease' || e.kind === 'stackcache_clear' || e.kind === 'stackpool') return e.p ?? -1;
  return -1;
}

/** The line of the first stackalloc request made while another was still unanswered, or null. */
function interleaved(events: readonly TraceEvent[]): number | null {
  let pending = 0;
  for (const e of events) {
    if (e.kind === 'stackalloc') {
      if (pending > 0) return e.line;
      pending++;
    } else if (e.kind === 'allocated') pending = Math.max(0, pending - 1);
  }
  return null;
}

/** Lines whose effect depends on which P ran them: small allocations and frees, refills, releases, clears. */
function pDependent(events: readonly TraceEvent[]): number[] {
  return events
    .filter((e) => {
      if (e.kind === 'allocated') return e.by === 'unattributed' || isCachedSize(e.n);
      if (e.kind === 'stackfree') return isCachedSize(e.n);
      return e.kind === 'stackcacherefill' || e.kind === 'stackcacherelease' || e.kind === 'stackcache_clear';
    })
    .map((e) => e.line);
}
