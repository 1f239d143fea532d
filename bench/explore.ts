// The exhaustive search on the tiny preset: distinct states per second and bytes per
// visited state, the median of 3 searches with its spread, wall clock and CPU time (the
// CPU figure is the one that holds on a shared machine), on one thread and then on every
// core (explore/parallel.ts; the worker threads' start, which transpiles the sources
// through tsx here, is part of each search's time). The two reports are checked equal.
// Then goroutine symmetry on the spawn preset, where it matters, on one thread: on and off
// in interleaved pairs (so a change in the machine's load falls on both), CPU time.

import { availableParallelism, loadavg } from 'node:os';
import { goRuntime, linuxAmd64, makeConfig } from '../model/index.ts';
import { levelThread } from '../cli/level-threads.ts';
import { presets } from '../explore/presets.ts';
import { exploreOnWorkers } from '../explore/parallel.ts';
import { explore, type ExploreOptions, type ExploreReport } from '../explore/search.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread } from './stats.ts';
import { grouped } from '../config/digits.ts';

const reps = 3;

/** The peers' figures from issue 11 (same 2-core machine class). */
const peers = [
  'Spin, 3-order 2-goroutine stackpool core: 681,366 states in 3.7 s, 182 K states/s',
  'naive JavaScript BFS of the same core: 34.5 K states/s, 806 MB',
];

/** The search's figures, saying through progress which search runs and how far it got. @public */
export async function benchExplore(progress: BenchProgress = quiet): Promise<string> {
  const cfg = makeConfig(linuxAmd64, presets.tiny.scope);
  const cores = availableParallelism();
  const load = loadavg()[0];
  const figures = async (workers: number): Promise<{ wall: number[]; cpu: number[]; last: ExploreReport }> => {
    const wall: number[] = [];
    const cpu: number[] = [];
    let last: ExploreReport | undefined;
    for (let i = 0; i < reps; i++) {
      const o: ExploreOptions = {
        cfg, rt: goRuntime, bounds: presets.tiny.bounds,
        onProgress: (p) => progress(() => `${workers} worker${workers > 1 ? 's' : ''}, search ${i + 1} of ${reps}, depth ${p.depth}, ${grouped(p.states)} states`),
      };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const r = workers === 1 ? explore(o) : await exploreOnWorkers(o, workers, (init) => levelThread({}, init));
      const seconds = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      wall.push(r.states / seconds);
      cpu.push(r.states / ((c.user + c.system) / 1e6));
      last = r;
    }
    return { wall, cpu, last: last as ExploreReport };
  };
  const one = await figures(1);
  const all = cores > 1 ? await figures(cores) : one;
  const same = (['states', 'transitions', 'diameter', 'complete'] as const).every((k) => one.last[k] === all.last[k]) &&
    JSON.stringify(one.last.coverage) === JSON.stringify(all.last.coverage);
  const k = (x: number): string => `${(x / 1000).toFixed(1)} K`;
  const fmt = (xs: number[]): string => `${k(median(xs))} states/s (${k(spread(xs).min)}..${k(spread(xs).max)})`;
  const speedup = median(all.wall) / median(one.wall);
  return [
    `explore --scope tiny: ${grouped(one.last.states)} states, complete; median of ${reps}; ${cores} cores, load ${load.toFixed(1)} at the start`,
    `  1 worker:  ${fmt(one.wall)} wall clock, ${fmt(one.cpu)} CPU time; ${(one.last.visitedBytes / one.last.states).toFixed(1)} bytes per visited state (target: 200 K states/s, 32 bytes)`,
    cores > 1
      ? `  ${cores} workers: ${fmt(all.wall)} wall clock (${speedup.toFixed(2)}x 1 worker), ${fmt(all.cpu)} CPU time; ${(all.last.visitedBytes / all.last.states).toFixed(1)} bytes per visited state; ` +
        `${same ? 'the same report as 1 worker' : 'REPORTS DIFFER from 1 worker'}`
      : '  all cores: this machine has one core',
    ...peers.map((p) => `  peer: ${p}`),
    ...benchSymmetry(progress),
  ].join('\n');
}

/** Symmetry on and off at --scope spawn: states, the reduction factor, states per CPU second. */
function benchSymmetry(progress: BenchProgress): string[] {
  const { scope, bounds } = presets.spawn;
  const cfg = makeConfig(linuxAmd64, scope);
  const rate = { on: [] as number[], real: [] as number[], off: [] as number[] };
  let on = { states: 0, real: 0 };
  let off = 0;
  for (let i = 0; i < reps; i++) {
    for (const symmetry of [true, false]) {
      const c0 = process.cpuUsage();
      const r = explore({
        cfg, rt: goRuntime, bounds, symmetry,
        onProgress: (p) => progress(() => `symmetry ${symmetry ? 'on' : 'off'}, pair ${i + 1} of ${reps}, depth ${p.depth}, ${grouped(p.states)} states`),
      });
      const c = process.cpuUsage(c0);
      const secs = (c.user + c.system) / 1e6;
      if (symmetry) {
        on = { states: r.states, real: r.representedStates ?? 0 };
        rate.on.push(r.states / secs);
        rate.real.push((r.representedStates ?? 0) / secs);
      } else {
        off = r.states;
        rate.off.push(r.states / secs);
      }
    }
  }
  const k = (xs: number[]): string => `${(median(xs) / 1000).toFixed(1)} K`;
  const n = grouped;
  return [
    `explore --scope spawn (3 goroutines), symmetry on and off: median of ${reps} interleaved pairs, CPU time`,
    `  on:  ${n(on.states)} canonical states stand for ${n(on.real)} (factor ${(on.real / on.states).toFixed(2)}); ${k(rate.on)} canonical states/s, ${k(rate.real)} real states/s`,
    `  off: ${n(off)} states${off === on.real ? ' (the count on predicts)' : ` (on predicts ${n(on.real)}: MISMATCH)`}; ${k(rate.off)} states/s`,
  ];
}
