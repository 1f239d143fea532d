// Invariants of stack ranges (research notes §4.3, I15, I16, I18).

import { isSmallStack, spanIndex, type Config, type State } from '../../model/index.ts';
import { add, hex, verdict, type StateInvariant } from './invariant.ts';
import { ownershipUnchanged } from './ownership.ts';

/** Who owns a stack, as a number (id * 4 + kind) so that no name is built unless one is reported. */
type Owner = number;
const ofG = 0, ofG0 = 1, ofGsignal = 2;

/** The name of a stack's owner, for messages. @internal */
export function stackOwner(o: Owner): string {
  const id = o >> 2;
  return (o & 3) === ofG ? `g${id}` : (o & 3) === ofG0 ? `m${id}.g0` : `m${id}.gsignal`;
}

/** Every live stack: [lo, hi) and who owns it. @internal */
export function forEachStack(s: State, f: (lo: number, hi: number, who: Owner, isG: boolean) => void): void {
  for (const g of s.gs) if (g.lo !== 0 || g.hi !== 0) f(g.lo, g.hi, g.goid * 4 + ofG, true);
  for (const m of s.ms) {
    if (m.g0lo !== 0) f(m.g0lo, m.g0hi, m.id * 4 + ofG0, false);
    if (m.gsiglo !== 0) f(m.gsiglo, m.gsighi, m.id * 4 + ofGsignal, false);
  }
}

export const stackSizePowerOfTwo: StateInvariant = {
  reads: ['gs', 'ms'],
  unchangedSince: ownershipUnchanged,
  id: 'stack-size-power-of-two', ref: 'I15', kind: 'state', scope: 'always', group: 'ownership',
  title: 'Every stack is a power of two within the limits',
  doc: 'hi - lo is a power of two; a goroutine stack is at least fixedStack and at most maxstacksize.',
  source: 'stack.go:stackalloc ("stack size not a power of 2"), stack.go:newstack',
  check(cfg: Config, s) {
    let out: string[] | null = null;
    let saw = false;
    forEachStack(s, (lo, hi, who, isG) => {
      saw = true;
      const n = hi - lo;
      if (n <= 0 || (n & (n - 1)) !== 0) out = add(out, `${stackOwner(who)} stack [${hex(lo)}, ${hex(hi)}) has size ${n}, not a power of 2`);
      else if (isG && (n < cfg.profile.fixedStack || n > cfg.maxstacksize)) out = add(out, `${stackOwner(who)} stack size ${n} outside [${cfg.profile.fixedStack}, ${cfg.maxstacksize}]`);
    });
    return verdict(out, saw);
  },
};

export const stackAligned: StateInvariant = {
  reads: ['gs', 'ms'],
  unchangedSince: ownershipUnchanged,
  id: 'stack-aligned', ref: 'I16', kind: 'state', scope: 'always', group: 'ownership',
  title: 'Stacks are aligned to their size, or to a page',
  doc: 'lo % min(size, pageSize) == 0: small stacks are slots at multiples of their size in a page-aligned span, large stacks are span bases.',
  source: 'stack.go:stackpoolalloc, stack.go:stackalloc',
  check(cfg, s) {
    let out: string[] | null = null;
    let saw = false;
    forEachStack(s, (lo, hi, who) => {
      saw = true;
      if ((lo - cfg.profile.arenaBase) % Math.min(hi - lo, cfg.pageSize) !== 0) out = add(out, `${stackOwner(who)} stack at ${hex(lo)} is misaligned for size ${hi - lo}`);
    });
    return verdict(out, saw);
  },
};

export const stackMatchesSpanClass: StateInvariant = {
  reads: ['gs', 'ms', 'spans'],
  unchangedSince: ownershipUnchanged,
  id: 'stack-matches-span-class', ref: 'I18', kind: 'state', scope: 'always', group: 'ownership',
  title: "A stack's span has the stack's size class",
  doc: 'A small stack lies in a manual span whose elemsize equals its size; a large stack is exactly one whole manual span (lo == base, size == npages*pageSize == elemsize).',
  source: 'stack.go:stackalloc, stack.go:stackfree ("bad span state")',
  check(cfg, s) {
    let out: string[] | null = null;
    let saw = false;
    forEachStack(s, (lo, hi, who) => {
      saw = true;
      const n = hi - lo;
      const i = spanIndex(s.spans, lo, cfg.pageSize);
      const sp = i < 0 ? undefined : s.spans[i];
      if (sp === undefined || sp.state !== 'manual') out = add(out, `${stackOwner(who)} stack at ${hex(lo)} is not in a stack span`);
      else if (isSmallStack({ cfg }, n) ? sp.elemsize !== n : sp.base !== lo || sp.elemsize !== n || sp.npages * cfg.pageSize !== n) {
        out = add(out, `${stackOwner(who)} stack [${hex(lo)}, +${n}) sits in span ${hex(sp.base)} of elemsize ${sp.elemsize}, ${sp.npages} pages`);
      }
    });
    return verdict(out, saw);
  },
};

export const stackInvariants = [stackSizePowerOfTwo, stackAligned, stackMatchesSpanClass];
