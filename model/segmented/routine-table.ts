// The signatures of the segmented model's routine table (runtime.ts builds it), in a leaf
// module so that the routines, which call each other through the table, do not import the
// module that imports them (test/architecture: no import cycle under model/).

import type { SegG } from './state.ts';
import type { World } from './world.ts';

/** A segment stackalloc handed out, and (Go 1.3 Stktop.malloced) whether mallocgc made it. @internal */
export interface Allocated {
  readonly v: number;
  readonly malloced: boolean;
}

/** @public */
export interface SegRuntime {
  readonly stackalloc: (w: World, rt: SegRuntime, n: number) => Allocated;
  readonly stackfree: (w: World, rt: SegRuntime, v: number, n: number, malloced: boolean) => void;
  /** The order is Go 1.4's (stack1.go); the ring of 1.1-1.3 holds one size and ignores it. */
  readonly stackcacherefill: (w: World, rt: SegRuntime, order: number) => void;
  readonly stackcacherelease: (w: World, rt: SegRuntime, order: number) => void;
  /** Go 1.4 stack1.go:stackpoolfree (unused before 1.4). */
  readonly stackpoolfree: (w: World, x: number, order: number) => void;
  readonly newstack: (w: World, rt: SegRuntime, g: number, fn: number, ptr: number) => 'split' | 'copied';
  readonly oldstack: (w: World, rt: SegRuntime, g: number) => void;
  readonly copystack: (w: World, rt: SegRuntime, g: number, newsize: number) => void;
  readonly adjustPtr: (ptr: number, lo: number, hi: number, delta: number) => number;
  readonly shrinkstack: (w: World, rt: SegRuntime, g: number) => void;
  readonly malg: (w: World, rt: SegRuntime, goid: number, stacksize: number) => SegG;
  readonly gfput: (w: World, rt: SegRuntime, p: number, g: number) => void;
  readonly gfget: (w: World, rt: SegRuntime, p: number) => number;
  /** A garbage collection's work on stacks (mgc0.c's markroot for every G, and in 1.4 the cache flush first). */
  readonly gc: (w: World, rt: SegRuntime) => void;
  /** Go 1.4 stack1.go:shrinkfinish, at the end of the GC (unused before 1.4). */
  readonly shrinkfinish: (w: World, rt: SegRuntime) => void;
}
