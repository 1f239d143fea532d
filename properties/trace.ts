// A run's steps as the engine draws them: one at a time from the run's own random stream,
// when the run first reaches them (generation on demand).

import type { Random } from 'fast-check';
import type { PtrSpec } from '../model/index.ts';
import { kindAt, type Swarm } from './swarm.ts';
import type { Template } from './template.ts';

// The pointer words a step may store, one shared object each: a third nil, a third one of
// 8 heap objects, a third slot 0-3 of frame 0-3 from the innermost (48 equally likely draws).
const ptrChoices: readonly PtrSpec[] = Array.from({ length: 48 }, (_, x): PtrSpec =>
  x < 16 ? { to: 'nil' } : x < 32 ? { to: 'heap', obj: x & 7 } : { to: 'stack', frame: (x >> 2) & 3, slot: x & 3 });
const noPtrs: readonly PtrSpec[] = Object.freeze([]);

/**
 * One step drawn from rng with the mix's weights: a, b and c uniform in 0..15, up to 3
 * pointer words. One 14-bit draw for the numbers, one per pointer word.
 * @internal
 */
export function drawTemplate(rng: Random, swarm: Swarm): Template {
  const kind = kindAt(swarm, rng.nextDouble() * swarm.total);
  const r = rng.nextInt(0, 0x3fff);
  const n = r >> 12;
  let ptrs = noPtrs;
  if (n > 0) {
    const list: PtrSpec[] = [];
    for (let i = 0; i < n; i++) list.push(ptrChoices[rng.nextInt(0, 47)]);
    ptrs = list;
  }
  return { kind, a: r & 15, b: (r >> 4) & 15, c: (r >> 8) & 15, ptrs };
}

/**
 * One run as the engine generates it: its mix, its length and its steps, drawn from its own
 * random stream only when the run reaches them, so a run that ends at step 40 never draws
 * step 41 and the same seed draws the same steps. A shrunk run has all its steps (rng null).
 * @public
 */
export interface Trace {
  readonly swarm: Swarm;
  /** The most steps the run may take. */
  readonly length: number;
  /** The steps drawn so far (all of them once rng is null). */
  readonly steps: Template[];
  readonly rng: Random | null;
  /** Steps the last run of this trace consumed (set by the engine; shrinking cuts the rest). */
  used: number;
}

/** Step i of a trace (i ≤ steps drawn so far), drawing it when the run first gets there. @internal */
export function templateAt(t: Trace, i: number): Template {
  if (i < t.steps.length) return t.steps[i];
  const next = drawTemplate(t.rng!, t.swarm);
  t.steps.push(next);
  return next;
}

/** A trace of given steps and mix (shrinking, tests). @internal */
export function fixedTrace(swarm: Swarm, steps: Template[]): Trace {
  return { swarm, length: steps.length, steps, rng: null, used: steps.length };
}
