// fast-check arbitraries for the model's steps. A step is generated as a Template (a kind
// and small relative references) and resolved against the state it runs in (pick.ts), so
// a trace can be shrunk by dropping steps without invalidating the rest.

import fc, { type Random } from 'fast-check';
import type { ActionKind } from '../model/index.ts';
import { shrinkTrace } from './shrink.ts';
import { drawSwarm, fixedSwarm, type Swarm } from './swarm.ts';
import type { Template } from './template.ts';
import { drawTemplate, type Trace } from './trace.ts';

/**
 * How often each kind is drawn. Calls dominate so stacks grow; GC steps come often enough
 * that a run sees several cycles (scans, deferred shrinks, stackLarge, freeStackSpans), but
 * not so often that their cache flushes keep every cache from filling (stackcacherelease);
 * goroutines come and go often enough to spill and refill gFree lists; preemption requests
 * often enough that deferred shrinks get applied; defers and panics often enough that a panic
 * runs a deferred call that grows the stack; freeStackSpans and the flushes after mark
 * termination come late enough that large stacks are reused in between; the flushes of
 * ReadMemStats and procresize are rare. These weights bring every named window (windows.ts)
 * to at least 20 in `npm start`'s budget.
 * @public
 */
export const defaultWeights: Readonly<Record<ActionKind, number>> = {
  call: 30, ret: 10, newproc: 8, goexit: 8, execute: 8, gosched: 3, defer: 3, panic: 2,
  chanrecv: 4, chanparkcommit: 4, chansend: 4, entersyscall: 3, exitsyscall: 3, preemptone: 5, asyncPreempt: 4,
  storeHeap: 2, newm: 1, mexit: 1, gcStart: 2, suspendG: 3, scanstack: 8, markrootFreeGStacks: 3, gcMarkDone: 4,
  freeStackSpans: 1.5, prepareForSweep: 2, readMemStats: 0.25, procresize: 0.5,
};

/** fast-check's interface to drawTemplate: one step, not shrinkable. */
class TemplateArbitrary extends fc.Arbitrary<Template> {
  private readonly swarm: Swarm;
  constructor(swarm: Swarm) {
    super();
    this.swarm = swarm;
  }
  override generate(mrng: Random): fc.Value<Template> {
    return new fc.Value(drawTemplate(mrng, this.swarm), undefined);
  }
  override canShrinkWithoutContext(_value: unknown): _value is Template {
    return false;
  }
  override shrink(): fc.Stream<fc.Value<Template>> {
    return fc.Stream.nil();
  }
}

/** One step. @public */
export function templateArb(weights: Readonly<Record<ActionKind, number>> = defaultWeights): fc.Arbitrary<Template> {
  return new TemplateArbitrary(fixedSwarm(weights));
}

/**
 * A whole trace of up to maxSteps steps generated up front (for properties of your own;
 * the engine draws its steps as a run goes, see runArb). fast-check shrinks it by removing steps.
 * @public
 */
export function traceArb(maxSteps: number, weights?: Readonly<Record<ActionKind, number>>): fc.Arbitrary<Template[]> {
  return fc.array(templateArb(weights), { maxLength: maxSteps, size: 'max' });
}

/** How the engine's runs are drawn. @public */
export interface RunArbOptions {
  readonly maxSteps: number;
  readonly weights?: Readonly<Record<ActionKind, number>>;
  /** Draw a mix per run (swarm testing, default) or use the weights as they are in every run. */
  readonly swarm?: boolean;
}

class RunArbitrary extends fc.Arbitrary<Trace> {
  private readonly o: RunArbOptions;
  private readonly fixed: Swarm;
  constructor(o: RunArbOptions) {
    super();
    this.o = o;
    this.fixed = fixedSwarm(o.weights ?? defaultWeights);
  }
  // Every run may go to maxSteps: steps are drawn only as far as the run gets, so a long
  // bound costs nothing where a run ends early, and long runs are where caches fill and
  // gFree lists spill (drawing the length, as fc.array does, made most runs short).
  override generate(mrng: Random): fc.Value<Trace> {
    const length = this.o.maxSteps;
    const swarm = this.o.swarm === false ? this.fixed : drawSwarm(mrng, this.o.weights ?? defaultWeights, this.fixed);
    return new fc.Value<Trace>({ swarm, length, steps: [], rng: mrng.clone(), used: -1 }, undefined);
  }
  override canShrinkWithoutContext(_value: unknown): _value is Trace {
    return false;
  }
  override shrink(value: Trace, context: unknown): fc.Stream<fc.Value<Trace>> {
    return shrinkTrace(value, context);
  }
}

/** The engine's runs: mix, length and lazily drawn steps; shrinking removes steps, keeping the mix. @public */
export function runArb(o: RunArbOptions): fc.Arbitrary<Trace> {
  return new RunArbitrary(o);
}
