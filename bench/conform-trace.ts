// Long extended-format traces for `npm run bench -- conform`: no committed trace is longer than
// 130 KB, and a real one cannot be repeated (a second copy starts from a fresh runtime while the
// model's caches, pools and heap hold the first copy's state). So the model itself runs a Go-like
// workload through the routine table that prints what the patched runtime prints
// (conformance/tools/model-printer.ts) — every stackalloc, stackfree, refill, release, span,
// stackLarge, GC and clear line is the model's own, hence replayable exactly — and this file adds
// the lines of the goroutine side the model's allocator does not print, as the runtime does: a
// newstack block, the copystack line (used size kept, nothing left pointing into the old stack)
// and `stack grow done` around each growth. The mix follows the fixtures': goroutines of 2 KiB
// growing to up to 64 KiB on 4 Ps, exiting (their G structs reused, as gfget reuses them), and a
// GC cycle every few thousand operations.

import { closeSync, openSync, writeSync } from 'node:fs';
import { draftOf, finish, type Draft } from '../model/draft.ts';
import { emptyState } from '../model/init.ts';
import { initialPs } from '../model/proc.ts';
import { defaultScope, linuxAmd64, makeConfig } from '../model/profile.ts';
import type { State } from '../model/state.ts';
import { printingRuntime } from '../conformance/tools/model-printer.ts';
import { rng } from '../properties/segmented/run.ts';

const hex = (v: number): string => `0x${v.toString(16)}`;
const PROCS = 4;

interface G {
  readonly gp: number;
  lo: number;
  size: number;
  readonly p: number;
}

/** Writes an extended trace of about `bytes` bytes to `path`; its size, lines and operations. @internal */
export function writeBenchTrace(path: string, bytes: number, seed = 1): { bytes: number; lines: number } {
  const cfg = makeConfig(linuxAmd64, { ...defaultScope, arenaPages: 1 << 16, procs: PROCS, maxProcs: PROCS });
  const out: string[] = [];
  const rt = printingRuntime(out);
  let s: State = emptyState(cfg);
  const run = <T>(f: (d: Draft) => T): T => {
    const d = draftOf(s, cfg, rt);
    const v = f(d);
    s = finish(d);
    return v;
  };
  run((d) => initialPs(d, PROCS));
  const fd = openSync(path, 'w');
  let written = 0;
  let lines = 0;
  const flush = (): void => {
    if (out.length === 0) return;
    const text = out.join('\n') + '\n';
    lines += out.length;
    out.length = 0;
    written += writeSync(fd, text);
  };
  const random = rng(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  try {
    // m0's gsignal stack before any P exists, then procinit's procresize and the trace programs' header.
    run((d) => d.rt.stackalloc(d, -1, 32768));
    out.push(`procresize 0 -> ${PROCS}`, 'stackcheck-trace go1.19.8 linux/amd64');
    const live: G[] = [];
    const deadGps: number[] = [];
    let nextGp = 0xc000082000;
    let ops = 0;
    let marking = false;
    while (written < bytes) {
      ops++;
      if (ops % 4000 === 0) {
        // A GC cycle: gcStart, the root job, work during mark (below), then mark termination,
        // freeStackSpans and every P's prepareForSweep.
        run((d) => d.rt.gcStart(d));
        run((d) => d.rt.markrootFreeGStacks(d, pick(PROCS)));
        marking = true;
      } else if (marking && ops % 4000 === 300) {
        run((d) => d.rt.gcMarkTermination(d));
        run((d) => d.rt.freeStackSpans(d));
        for (let p = 0; p < PROCS; p++) run((d) => d.rt.prepareForSweep(d, p));
        marking = false;
      }
      const r = random();
      if (live.length < 40 || (r < 0.3 && live.length < 400)) {
        const p = pick(PROCS);
        const gp = deadGps.pop() ?? (nextGp += 0x1a0);
        const lo = run((d) => d.rt.stackalloc(d, p, 2048));
        live.push({ gp, lo, size: 2048, p });
      } else if (r < 0.75) {
        const g = live[pick(live.length)];
        if (g.size < 65536) grow(g);
      } else {
        const k = pick(live.length);
        const g = live[k];
        live[k] = live[live.length - 1];
        live.pop();
        run((d) => d.rt.stackfree(d, g.p, g.lo, g.lo + g.size));
        deadGps.push(g.gp);
      }
      if (out.length > 8192) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes: written, lines };

  // newstack → stackalloc(2×) → copystack (after the adjustment: the used part kept, nothing into the old stack) → stackfree(old) → stack grow done.
  function grow(g: G): void {
    const hi = g.lo + g.size;
    const used = Math.min(g.size - 0x40, 0x188 + 8 * pick(g.size / 16));
    const sp = hi - used;
    out.push(`runtime: newstack sp=${hex(sp - 8)} stack=[${hex(g.lo)}, ${hex(hi)}]`, `\tmorebuf={pc:0x4828d3 sp:${hex(sp + 8)} lr:0x0}`, `\tsched={pc:0x482905 sp:${hex(sp)} lr:0x0 ctxt:0x0}`);
    const n = g.size * 2;
    const lo = run((d) => d.rt.stackalloc(d, g.p, n));
    out.push(`copystack gp=${hex(g.gp)} [${hex(g.lo)} ${hex(sp)} ${hex(hi)}] -> [${hex(lo)} ${hex(lo + n - used)} ${hex(lo + n)}]/${n} fp=${1 + pick(6)} fpend=0x0 dead=0 ctxt=0x0 stale=0x0`);
    run((d) => d.rt.stackfree(d, g.p, g.lo, hi));
    out.push('stack grow done');
    g.lo = lo;
    g.size = n;
  }
}
