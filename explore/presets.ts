// Scope presets for the exhaustive search: the model's scope (model/profile.ts) plus the
// search's bounds (properties/enumerate.ts). `tiny` has a finite reachable space explored to completion
// in well under a minute; `medium` and `small` are for bounded runs (--depth, --max-states).

import { defaultScope, type Scope } from '../model/index.ts';
import type { Bounds } from '../properties/enumerate.ts';

/** @public */
export interface Preset {
  readonly scope: Scope;
  readonly bounds: Bounds;
}

/** @public */
export const presets: Readonly<Record<string, Preset>> = {
  // The stack allocator under one goroutine (runtime.main) through whole GC cycles: calls
  // that grow its stack (call1k, call4k) two frames deep, scans that shrink it, the caches,
  // the pool and the heap of a 16-page arena (which runs out), no pointer words. The space
  // is finite: 51,220 states, explored to completion.
  tiny: {
    scope: {
      ...defaultScope, arenaPages: 16, maxstacksize: 8192, gFreeSpill: 2, procs: 1, maxProcs: 1, maxGoroutines: 2,
      maxMs: 0, heapObjects: 1, heapObjectFields: 1, chans: 1,
    },
    bounds: {
      maxFrames: 2, fns: ['call1k', 'call4k'], pointers: 'nil',
      kinds: [
        'execute', 'gosched', 'call', 'ret', 'gcStart', 'suspendG', 'scanstack', 'markrootFreeGStacks', 'gcMarkDone',
        'freeStackSpans', 'prepareForSweep', 'readMemStats',
      ],
    },
  },
  // Where goroutine symmetry matters (symmetry.ts): runtime.main and two more goroutines that
  // start, run, call a 4 KiB function (growing), return and exit, their Gs and stacks reused
  // through the gFree lists, on the tiny heap. No GC: with it the space is far larger. It is
  // finite and explored to completion in seconds with symmetry on or off.
  spawn: {
    scope: {
      ...defaultScope, arenaPages: 16, maxstacksize: 8192, gFreeSpill: 2, procs: 1, maxProcs: 1, maxGoroutines: 3,
      maxMs: 0, heapObjects: 1, heapObjectFields: 1, chans: 1,
    },
    bounds: { maxFrames: 1, fns: ['call4k'], pointers: 'nil', kinds: ['execute', 'gosched', 'newproc', 'goexit', 'call', 'ret'] },
  },
  // Between tiny and small: every action kind (goroutines created, parked, exiting, in syscalls,
  // with defers and panics), pointer words into stacks, two Ps and three goroutines in a
  // 24-page arena, but calls only of leaf64, call1k and call4k and two frames deep. The space
  // is not finite in practice either: a search of 150,000 states completes depth 3 and most of
  // depth 4, where most of the mutants tiny cannot reach break (bench/shortest.ts).
  medium: {
    scope: {
      ...defaultScope, arenaPages: 24, maxstacksize: 16384, gFreeSpill: 2, procs: 2, maxProcs: 2, maxGoroutines: 3,
      maxMs: 1, heapObjects: 1, heapObjectFields: 1, chans: 1,
    },
    bounds: { maxFrames: 2, fns: ['leaf64', 'call1k', 'call4k'], pointers: 'stack' },
  },
  // Every action kind, pointer words into stacks, two Ps and three goroutines: too large to
  // finish, for bounded runs (--depth, --max-states, --time-limit).
  small: {
    scope: {
      ...defaultScope, arenaPages: 24, maxstacksize: 16384, gFreeSpill: 2, procs: 2, maxProcs: 2, maxGoroutines: 3,
      maxMs: 1, heapObjects: 1, heapObjectFields: 1, chans: 1,
    },
    bounds: { maxFrames: 3, fns: ['leaf64', 'call96', 'call1k', 'call4k'], pointers: 'stack' },
  },
};

/** Bounds for a scope given as key=value pairs rather than a preset. @public */
export const defaultBounds: Bounds = { maxFrames: 3, fns: ['leaf64', 'call96', 'call1k', 'call4k', 'call12k'], pointers: 'stack' };
