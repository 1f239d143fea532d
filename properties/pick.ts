// Turning a generated template into the action that runs. A template whose kind has no
// target, or is not enabled here, falls through to the next kind in a fixed order, so
// every generated step executes something and no run stalls on a disabled command.

import { actionKinds, enabled, type Action, type ActionKind, type Config, type Runtime, type State } from '../model/index.ts';
import { StatusIndex } from './status-index.ts';
import { resolve, type Template } from './template.ts';

// When the drawn kind cannot run, try others in this order: the scheduler's moves first
// (most kinds need a running goroutine, and putting one on a P is what a real scheduler
// does next), then the mutator, then GC progress; the flushes that empty every cache
// (ReadMemStats, procresize) last, so falling through does not keep the caches empty.
const fallback: readonly ActionKind[] = [
  'execute', 'exitsyscall', 'call', 'newproc', 'ret', 'chanparkcommit', 'chansend', 'goexit', 'scanstack',
  'markrootFreeGStacks', 'gcMarkDone', 'freeStackSpans', 'prepareForSweep', 'gcStart', 'gosched', 'defer', 'panic',
  'chanrecv', 'entersyscall', 'preemptone', 'asyncPreempt', 'storeHeap', 'suspendG', 'newm', 'mexit', 'readMemStats',
  'procresize',
];
if (new Set(fallback).size !== actionKinds.length) throw new Error('pick.ts: fallback must list every action kind once');

function tryKind(cfg: Config, rt: Runtime, s: State, t: Template, kind: ActionKind, ix: StatusIndex): Action | null {
  const a = resolve(cfg, s, t, kind, ix);
  return a !== null && enabled(cfg, rt, s, a) ? a : null;
}

/**
 * The action a template makes in state s, or null if no kind at all is enabled. `ix` is the
 * run's index of s's goroutines (status-index.ts), brought to s by the caller; without one,
 * a fresh one is built.
 * @public
 */
export function pick(cfg: Config, rt: Runtime, s: State, t: Template, ix: StatusIndex = StatusIndex.of(s)): Action | null {
  const first = tryKind(cfg, rt, s, t, t.kind, ix);
  if (first !== null) return first;
  for (const kind of fallback) {
    const a = kind === t.kind ? null : tryKind(cfg, rt, s, t, kind, ix);
    if (a !== null) return a;
  }
  return null;
}
