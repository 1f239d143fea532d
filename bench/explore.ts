// The exhaustive search on the tiny preset: distinct states per second and bytes per
// visited state, the median of 3 searches with its spread, wall clock and CPU time (the
// CPU figure is the one that holds on a shared machine). Workers: explore runs on one
// thread today, so "all cores" is the same search (see the note printed).

import { goRuntime, linuxAmd64, makeConfig } from '../model/index.ts';
import { presets } from '../explore/presets.ts';
import { explore } from '../explore/search.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread } from './stats.ts';

const reps = 3;

/** The peers' figures from issue 11 (same 2-core machine class). */
const peers = [
  'Spin, 3-order 2-goroutine stackpool core: 681,366 states in 3.7 s, 182 K states/s',
  'naive JavaScript BFS of the same core: 34.5 K states/s, 806 MB',
];

/** The search's figures, saying through progress which search runs and how far it got. @public */
export function benchExplore(progress: BenchProgress = quiet): string {
  const cfg = makeConfig(linuxAmd64, presets.tiny.scope);
  const wall: number[] = [];
  const cpu: number[] = [];
  let states = 0;
  let bytes = 0;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const r = explore({
      cfg, rt: goRuntime, bounds: presets.tiny.bounds,
      onProgress: (p) => progress(() => `search ${i + 1} of ${reps}, depth ${p.depth}, ${p.states.toLocaleString('en-US')} states`),
    });
    const c = process.cpuUsage(c0);
    states = r.states;
    bytes = r.visitedBytes / r.states;
    wall.push(r.states / (r.elapsedMs / 1000));
    cpu.push(r.states / ((c.user + c.system) / 1e6));
  }
  const k = (x: number): string => `${(x / 1000).toFixed(1)} K`;
  const fmt = (xs: number[]): string => `${k(median(xs))} states/s (${k(spread(xs).min)}..${k(spread(xs).max)})`;
  return [
    `explore --scope tiny: ${states.toLocaleString('en-US')} states, complete; median of ${reps}`,
    `  1 worker:  ${fmt(wall)} wall clock, ${fmt(cpu)} CPU time; ${bytes.toFixed(1)} bytes per visited state (target: 200 K states/s, 32 bytes)`,
    `  all cores: explore does not split its search over workers yet; the figure is the 1-worker one`,
    ...peers.map((p) => `  peer: ${p}`),
  ].join('\n');
}
