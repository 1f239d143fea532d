// Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012; Hypothesis's stateful swarm,
// HypothesisWorks/hypothesis#2238): every run draws its own configuration, leaving out
// about half of the action kinds and skewing the weights of the rest. Actions that mask
// each other (frees that keep a cache from filling, GCs that keep a gFree list short,
// flushes that empty every cache) are then sometimes absent, so a run can reach states
// the full mix keeps away from. The configuration is drawn with the run (commands.ts), so
// the same seed gives the same configurations and shrinking keeps a run's configuration.

import type { Random } from 'fast-check';
import { actionKinds, type ActionKind } from '../model/index.ts';

/** One run's action mix: the weight of each kind (0 = left out), as a cumulative table. @public */
export interface Swarm {
  /** Per kind, in actionKinds order: the weight it is drawn with (0 when left out). */
  readonly weights: readonly number[];
  /** Cumulative weights (cumulative[i] = sum of weights[0..i]) and their total. */
  readonly cumulative: readonly number[];
  readonly total: number;
}

/**
 * What a mix leaves out or keeps, as groups of kinds that only make progress together (a
 * GC cycle needs its start, its scans, markroot, mark termination and the flushes after
 * it; a channel receive needs the park commit and the send). `core` is always in: without
 * calls no stack grows, without execute nothing runs again.
 */
const features: readonly (readonly ActionKind[])[] = [
  ['ret'], ['gosched'], ['newproc', 'goexit'], ['defer', 'panic'], ['chanrecv', 'chanparkcommit', 'chansend'],
  ['entersyscall', 'exitsyscall'], ['preemptone', 'asyncPreempt'], ['storeHeap'], ['newm', 'mexit'],
  ['gcStart', 'suspendG', 'scanstack', 'markrootFreeGStacks', 'gcMarkDone', 'freeStackSpans', 'prepareForSweep'],
  ['readMemStats', 'procresize'],
];
const core: readonly ActionKind[] = ['call', 'execute'];
if (new Set([...core, ...features.flat()]).size !== actionKinds.length || core.length + features.flat().length !== actionKinds.length) {
  throw new Error('swarm.ts: core and features must list every action kind once');
}

/** The mix with the given weights and every kind they weigh in. @public */
export function fixedSwarm(weights: Readonly<Record<ActionKind, number>>): Swarm {
  return swarmOf(weights);
}

/**
 * The mix of these weights, per kind in actionKinds order. The list is built by push, not
 * map: once TurboFan inlines map, the array it builds is holey, a hidden class the base
 * mix's list lacks, and the readers of a run's mix would deoptimize on the first such run.
 */
function swarmOf(byKind: Readonly<Record<string, number>>): Swarm {
  const weights: number[] = [];
  for (let i = 0; i < actionKinds.length; i++) weights.push(byKind[actionKinds[i]]);
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i];
    cumulative.push(total);
  }
  if (total <= 0) throw new Error('swarm: no action kind has a positive weight');
  return { weights, cumulative, total };
}

/**
 * A run's mix drawn from rng: every other run (on average) keeps the base mix as it is, so
 * a bug the base mix finds costs at most about twice the runs; in the others each feature
 * stays with probability 3/4, and each kind's weight is scaled by 1/4, 1/2, 1, 2 or 4.
 * @public
 */
export function drawSwarm(rng: Random, weights: Readonly<Record<ActionKind, number>>, base: Swarm): Swarm {
  if (rng.nextInt(0, 1) === 0) return base;
  const w: Record<string, number> = {};
  for (const k of core) w[k] = weights[k] * 2 ** rng.nextInt(-2, 2);
  for (const f of features) {
    const keep = rng.nextInt(0, 3) !== 0;
    for (const k of f) w[k] = keep ? weights[k] * 2 ** rng.nextInt(-2, 2) : 0;
  }
  return swarmOf(w);
}

/** The kind a uniform draw r in [0, total) selects. @internal */
export function kindAt(s: Swarm, r: number): ActionKind {
  const c = s.cumulative;
  for (let i = 0; i < c.length; i++) if (r < c[i]) return actionKinds[i];
  return actionKinds[c.length - 1];
}
