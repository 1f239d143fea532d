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
  readonly stackcacherefill: (w: World) => void;
  readonly stackcacherelease: (w: World) => void;
  readonly newstack: (w: World, rt: SegRuntime, g: number, fn: number, ptr: number) => 'split' | 'copied';
  readonly oldstack: (w: World, rt: SegRuntime, g: number) => void;
  readonly copystack: (w: World, rt: SegRuntime, g: number, newsize: number) => void;
  readonly adjustPtr: (ptr: number, lo: number, hi: number, delta: number) => number;
  readonly shrinkstack: (w: World, rt: SegRuntime, g: number) => void;
  readonly malg: (w: World, rt: SegRuntime, goid: number, stacksize: number) => SegG;
  readonly gfput: (w: World, p: number, g: number) => void;
  readonly gfget: (w: World, p: number) => number;
}
