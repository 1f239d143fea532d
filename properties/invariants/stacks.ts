// Invariants of stack ranges (research notes §4.3, I15, I16, I18).

import { isSmallStack, spanIndex } from '../../model/index.ts';
import { eachStack, stackOwner } from './each.ts';
import { add, hex, stateRule, verdict, type Out } from './invariant.ts';
import { ownershipUnchanged } from './ownership-invariants.ts';
import { ownershipGFields } from './ownership.ts';

export const stackSizePowerOfTwo = stateRule('Every stack is a power of two within the limits', {
  id: 'stack-size-power-of-two', ref: 'I15', group: 'stacks', reads: ['gs', 'ms'], gFields: ownershipGFields, unchangedSince: ownershipUnchanged, source: 'stack.go:stackalloc ("stack size not a power of 2"), stack.go:newstack',
  doc: 'hi - lo is a power of two; a goroutine stack is at least fixedStack and at most maxstacksize.',
  ...eachStack((cfg, _s, lo, hi, who, isG, out) => {
    const n = hi - lo;
    if (n <= 0 || (n & (n - 1)) !== 0) return add(out, `${stackOwner(who)} stack [${hex(lo)}, ${hex(hi)}) has size ${n}, not a power of 2`);
    if (isG && (n < cfg.profile.fixedStack || n > cfg.maxstacksize)) return add(out, `${stackOwner(who)} stack size ${n} outside [${cfg.profile.fixedStack}, ${cfg.maxstacksize}]`);
    return out;
  }),
});

export const stackAligned = stateRule('Stacks are aligned to their size, or to a page', {
  id: 'stack-aligned', ref: 'I16', group: 'stacks', reads: ['gs', 'ms'], gFields: ownershipGFields, unchangedSince: ownershipUnchanged, source: 'stack.go:stackpoolalloc, stack.go:stackalloc',
  doc: 'lo % min(size, pageSize) == 0: small stacks are slots at multiples of their size in a page-aligned span, large stacks are span bases.',
  ...eachStack((cfg, _s, lo, hi, who, _isG, out) => {
    if ((lo - cfg.profile.arenaBase) % Math.min(hi - lo, cfg.pageSize) === 0) return out;
    return add(out, `${stackOwner(who)} stack at ${hex(lo)} is misaligned for size ${hi - lo}`);
  }),
});

export const stackMatchesSpanClass = stateRule("A stack's span has the stack's size class", {
  id: 'stack-matches-span-class', ref: 'I18', group: 'stacks', reads: ['gs', 'ms', 'spans'], gFields: ownershipGFields, unchangedSince: ownershipUnchanged, source: 'stack.go:stackalloc, stack.go:stackfree ("bad span state")',
  doc: 'A small stack lies in a manual span whose elemsize equals its size; a large stack is exactly one whole manual span (lo == base, size == npages*pageSize == elemsize).',
  ...eachStack((cfg, s, lo, hi, who, _isG, out) => {
    const n = hi - lo;
    const i = spanIndex(s.spans, lo, cfg.pageSize);
    const sp = i < 0 ? undefined : s.spans[i];
    if (sp === undefined || sp.state !== 'manual') return add(out, `${stackOwner(who)} stack at ${hex(lo)} is not in a stack span`);
    const fits = isSmallStack({ cfg }, n) ? sp.elemsize === n : sp.base === lo && sp.elemsize === n && sp.npages * cfg.pageSize === n;
    return fits ? out : add(out, `${stackOwner(who)} stack [${hex(lo)}, +${n}) sits in span ${hex(sp.base)} of elemsize ${sp.elemsize}, ${sp.npages} pages`);
  }, true),
});

/** malg's size for a requested stacksize: round2(stackSystem + stacksize) (proc.go:malg). */
function malgSize(stackSystem: number, stacksize: number): number {
  let n = 1;
  while (n < stackSystem + stacksize) n *= 2;
  return n;
}

export const mStacksSizedByRelease = stateRule("An M's g0 and gsignal stacks have the sizes its release gives them", {
  id: 'm-stacks-sized-by-release', ref: 'I15b', group: 'stacks', reads: ['ms'], source: 'proc.go:allocm, proc.go:malg, os_linux.go:mpreinit',
  doc: "allocm gives a new M a malg(8192) g0 stack in Go 1.19 and a malg(16384) one in Go 1.26 (none where the OS allocates it: windows), and mpreinit a malg(32 KiB) gsignal stack (none on windows): round2(stackSystem + size) bytes each.",
  check(cfg, s) {
    const { stackSystem, g0StackSize, gsignalStackSize } = cfg.profile;
    const g0 = g0StackSize > 0 ? malgSize(stackSystem, g0StackSize) : 0;
    const gsignal = gsignalStackSize > 0 ? malgSize(stackSystem, gsignalStackSize) : 0;
    // Every M is subject to it: where the OS allocates a stack (windows), the M must have none of the runtime's.
    let out: Out = null;
    for (const m of s.ms) {
      if (m.g0lo !== 0 && m.g0hi - m.g0lo !== g0) out = add(out, `m${m.id}.g0 stack is ${m.g0hi - m.g0lo} bytes, ${cfg.profile.release} allocm makes ${g0 === 0 ? 'none' : g0}`);
      if (m.gsiglo !== 0 && m.gsighi - m.gsiglo !== gsignal) out = add(out, `m${m.id}.gsignal stack is ${m.gsighi - m.gsiglo} bytes, mpreinit makes ${gsignal === 0 ? 'none' : gsignal}`);
    }
    return verdict(out, s.ms.length > 0);
  },
});

export const stackInvariants = [stackSizePowerOfTwo, stackAligned, stackMatchesSpanClass, mStacksSizedByRelease];
