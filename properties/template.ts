// Actions as generated: data with relative references (the k-th running goroutine, the
// k-th idle P, ...) that resolve against the state they are applied to. A shrunk trace
// therefore stays meaningful: removing a step re-targets later steps instead of making
// them refer to goroutines that no longer exist.

import type { Action, ActionKind, PtrSpec, State } from '../model/index.ts';
import { FUNCS, scansOwnStack } from '../model/index.ts';
import type { Config } from '../model/index.ts';
import { GClass, StatusIndex } from './status-index.ts';

/** One generated step: a kind and small numbers that pick its targets. @public */
export interface Template {
  readonly kind: ActionKind;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly ptrs: readonly PtrSpec[];
}

function kth(n: number, k: number, pick: (i: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (pick(i)) count++;
  if (count === 0) return -1;
  let want = k % count;
  for (let i = 0; i < n; i++) if (pick(i) && want-- === 0) return i;
  return -1;
}

function kthG(s: State, k: number, pick: (g: State['gs'][number]) => boolean): number {
  return kth(s.gs.length, k, (i) => pick(s.gs[i]));
}

/**
 * Resolves a template against the state, or null when it has no target here. `ix` is the
 * run's index of s's goroutines by class (status-index.ts); without one, a fresh one is built.
 * @public
 */
export function resolve(cfg: Config, s: State, t: Template, kind: ActionKind = t.kind, ix: StatusIndex = StatusIndex.of(s)): Action | null {
  const { a, b, c } = t;
  const runningG = ix.kth(GClass.Running, a);
  switch (kind) {
    case 'newproc': case 'gosched': case 'ret': case 'goexit': case 'defer': case 'panic': case 'entersyscall':
    case 'preemptone': case 'asyncPreempt': case 'suspendG': {
      const g = runningG;
      return g < 0 ? null : { kind, g };
    }
    case 'call': {
      const g = runningG;
      if (g < 0) return null;
      const ctxt: PtrSpec = c % 4 === 0 && t.ptrs.length > 0 ? t.ptrs[t.ptrs.length - 1] : { to: 'nil' };
      return { kind, g, fn: b % FUNCS.length, slots: t.ptrs, ctxt };
    }
    case 'chanrecv': {
      const g = runningG;
      return g < 0 ? null : { kind, g, c: b % cfg.scope.chans, slot: (c % 3) - 1 };
    }
    case 'chansend': {
      const g = runningG;
      const ch = kth(s.chans.length, b, (i) => s.chans[i].length > 0);
      return g < 0 || ch < 0 ? null : { kind, g, c: ch, obj: c % cfg.scope.heapObjects };
    }
    case 'storeHeap': {
      const g = runningG;
      return g < 0 ? null : { kind, g, obj: b % cfg.scope.heapObjects, field: c % cfg.scope.heapObjectFields, target: t.ptrs[0] ?? { to: 'nil' } };
    }
    case 'execute': {
      const g = ix.kth(GClass.Runnable, a);
      const p = kth(s.ps.length, b, (i) => s.ps[i].curg < 0);
      return g < 0 || p < 0 ? null : { kind, g, p };
    }
    case 'exitsyscall': {
      const g = ix.kth(GClass.Syscall, a);
      const p = kth(s.ps.length, b, (i) => s.ps[i].curg < 0);
      return g < 0 || p < 0 ? null : { kind, g, p };
    }
    case 'chanparkcommit': {
      const g = ix.kth(GClass.Parking, a);
      return g < 0 ? null : { kind, g };
    }
    case 'scanstack': {
      // A running G is scanned only by its own GC assist, on its own P.
      const g = kthG(s, a, (x) => x.goid < s.stackRoots && !x.gcscandone && (x.status !== 'running' || scansOwnStack(x, x.p)));
      return g < 0 ? null : { kind, g, p: s.gs[g].status === 'running' ? s.gs[g].p : b % s.ps.length };
    }
    case 'markrootFreeGStacks': case 'newm':
      return { kind, p: a % s.ps.length };
    case 'prepareForSweep': {
      const p = kth(s.ps.length, a, (i) => (s.sweepFlushPending & (1 << i)) !== 0);
      return p < 0 ? null : { kind, p };
    }
    case 'mexit': {
      const m = kth(s.ms.length, a, (i) => i >= 1 && !s.ms[i].exited);
      return m < 0 ? null : { kind, m, p: b % s.ps.length };
    }
    case 'procresize':
      return { kind, n: 1 + (a % cfg.scope.maxProcs) };
    case 'gcStart': case 'gcMarkDone': case 'freeStackSpans': case 'readMemStats':
      return { kind };
    default:
      return kind satisfies never;
  }
}
