// fast-check arbitraries for the model's steps. A step is generated as a Template (a kind
// and small relative references) and resolved against the state it runs in (pick.ts), so
// fast-check can shrink a trace by dropping steps without invalidating the rest.

import fc from 'fast-check';
import { actionKinds, type ActionKind, type PtrSpec } from '../model/index.ts';
import type { Template } from './template.ts';

/**
 * How often each kind is drawn. Calls dominate so stacks grow; GC steps come often enough
 * that short traces see several cycles (scans, deferred shrinks, stackLarge, freeStackSpans).
 * @public
 */
export const defaultWeights: Readonly<Record<ActionKind, number>> = {
  call: 30, ret: 10, newproc: 6, goexit: 4, execute: 8, gosched: 3, defer: 2, panic: 1,
  chanrecv: 4, chanparkcommit: 4, chansend: 4, entersyscall: 3, exitsyscall: 3, preemptone: 3, asyncPreempt: 3,
  storeHeap: 2, newm: 1, mexit: 1, gcStart: 4, suspendG: 3, scanstack: 8, markrootFreeGStacks: 3, gcMarkDone: 4,
  freeStackSpans: 3, prepareForSweep: 4, readMemStats: 1, procresize: 1,
};

const ptrSpec: fc.Arbitrary<PtrSpec> = fc.oneof(
  fc.constant<PtrSpec>({ to: 'nil' }),
  fc.nat(7).map((obj): PtrSpec => ({ to: 'heap', obj })),
  fc.record({ frame: fc.nat(3), slot: fc.nat(3) }).map(({ frame, slot }): PtrSpec => ({ to: 'stack', frame, slot })),
);

/** One step. @public */
export function templateArb(weights: Readonly<Record<ActionKind, number>> = defaultWeights): fc.Arbitrary<Template> {
  const kind = fc.oneof(...actionKinds.filter((k) => weights[k] > 0).map((k) => ({ arbitrary: fc.constant(k), weight: weights[k] })));
  return fc.record({ kind, a: fc.nat(15), b: fc.nat(15), c: fc.nat(15), ptrs: fc.array(ptrSpec, { maxLength: 3 }) });
}

/**
 * A trace of up to maxSteps steps. fast-check shrinks it by removing steps only: shrinking
 * each step's numbers too multiplies the shrink tree (a 47-step sudog counterexample took
 * 80 s that way, 5 s without), and a step's numbers matter little once the trace is short;
 * check.ts's minimisation pass then deletes what fast-check left.
 * @public
 */
export function traceArb(maxSteps: number, weights?: Readonly<Record<ActionKind, number>>): fc.Arbitrary<Template[]> {
  return fc.array(fc.noShrink(templateArb(weights)), { maxLength: maxSteps, size: 'max' });
}
