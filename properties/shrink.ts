// How fast-check shrinks a failing run, by removing steps only, over the steps the run
// actually took (the run's mix stays). First chunks, big ones first and from the end of
// the trace backwards (delta debugging's order, Zeller 2002), keeping the step that broke:
// such a candidate keeps a long prefix of the failing trace and re-runs from the state
// the failing run had after it (prefix.ts), so it is cheap. When no chunk can go, fast-check's
// own array shrinking (shorter suffixes, then the same with the first step kept) follows.
// A step's numbers are never shrunk: that multiplies the candidates (a 47-step sudog
// counterexample took 80 s that way, 5 s without), and they matter little once the trace
// is short; the minimisation pass (minimize.ts) then deletes what fast-check left.

import fc from 'fast-check';
import type { Template } from './template.ts';
import { fixedTrace, type Trace } from './trace.ts';

// Only its shrinker is used, on steps already drawn; items are never shrunk.
const stepsArb = fc.array(fc.noShrink(fc.constant(null as unknown as Template)));

function* chunks(t: Trace, steps: Template[]): Generator<fc.Value<Trace>> {
  const removable = steps.length - 1;
  for (let size = removable >> 1; size >= 1; size >>= 1) {
    for (let start = removable - size; start > -size; start -= size) {
      const from = Math.max(0, start);
      yield new fc.Value(fixedTrace(t.swarm, steps.slice(0, from).concat(steps.slice(start + size))), undefined);
    }
  }
}

/** The shrink candidates of a failing run. @internal */
export function shrinkTrace(t: Trace, context: unknown): fc.Stream<fc.Value<Trace>> {
  const cut = t.used >= 0 && t.used < t.steps.length;
  const steps = cut ? t.steps.slice(0, t.used) : t.steps;
  const own = stepsArb.shrink(steps, cut ? undefined : context).map((v) => new fc.Value(fixedTrace(t.swarm, v.value), v.context));
  return new fc.Stream(chunks(t, steps)).join(own);
}
