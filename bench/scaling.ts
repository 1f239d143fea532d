// How the per-step cost scales with the state (issue 16): steps/s and µs/step with every
// invariant on at arenaPages 64/1024/16384, maxGoroutines 12/48/192 (with 3,000-step runs,
// so traces create many goroutines) and max-steps 300/3,000/30,000. Each figure is the
// median of 5 repetitions, with the smallest and largest; the configurations take turns
// within each repetition, so a change in machine load hits them alike.

import { goRuntime, linuxAmd64, makeConfig, type Config } from '../model/index.ts';
import { check } from '../properties/check.ts';
import { parseScope } from '../cli/config.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { cpuTimed, median, spread } from './stats.ts';
import { grouped } from '../config/digits.ts';

const seed = 20261125;
const reps = 5;
/** Steps each measurement aims at: runs = steps / maxSteps, at least 2. */
const stepsPerMeasurement = 60_000;

interface Case {
  readonly label: string;
  readonly cfg: Config;
  readonly maxSteps: number;
}

const cases: readonly Case[] = [
  ...[64, 1024, 16384].map((p) => ({ label: `arenaPages=${p}`, cfg: makeConfig(linuxAmd64, parseScope(`arenaPages=${p}`)), maxSteps: 300 })),
  ...[12, 48, 192].map((g) => ({ label: `maxGoroutines=${g}, max-steps 3000`, cfg: makeConfig(linuxAmd64, parseScope(`maxGoroutines=${g}`)), maxSteps: 3000 })),
  ...[300, 3000, 30000].map((n) => ({ label: `max-steps ${n}`, cfg: makeConfig(linuxAmd64), maxSteps: n })),
];

function measure(c: Case, progress: BenchProgress, what: string): number {
  const runs = Math.max(2, Math.round(stepsPerMeasurement / c.maxSteps));
  const { value: r, seconds } = cpuTimed(() => check({ cfg: c.cfg, rt: goRuntime, seed, runs, maxSteps: c.maxSteps, onProgress: (k) => progress(() => `${what}, run ${k} of ${runs}`) }));
  return r.steps / seconds;
}

/** The scaling table, saying through progress which configuration it measures. @public */
export function benchScaling(progress: BenchProgress = quiet): string {
  cases.forEach((c, i) => measure({ ...c, maxSteps: Math.min(c.maxSteps, 300) }, progress, `warming up, ${c.label} (${i + 1} of ${cases.length})`)); // warm up the JIT on each shape
  const rates: number[][] = cases.map(() => []);
  for (let r = 0; r < reps; r++) cases.forEach((c, i) => rates[i].push(measure(c, progress, `repetition ${r + 1} of ${reps}, ${c.label} (${i + 1} of ${cases.length})`)));
  const base = median(rates[0]);
  const lines = [`scaling, every invariant on, seed ${seed}, about ${grouped(stepsPerMeasurement)} steps per measurement, median of ${reps} (min-max), per CPU-second`];
  lines.push(`  ${'configuration'.padEnd(36)} ${'steps/s'.padStart(9)} ${'min-max'.padStart(17)} ${'µs/step'.padStart(8)} ${'vs default'.padStart(10)}`);
  cases.forEach((c, i) => {
    const m = median(rates[i]);
    const s = spread(rates[i]);
    const range = `${grouped(s.min)}-${grouped(s.max)}`;
    lines.push(`  ${c.label.padEnd(36)} ${grouped(m).padStart(9)} ${range.padStart(17)} ${(1e6 / m).toFixed(1).padStart(8)} ${`${(base / m).toFixed(2)}x`.padStart(10)}`);
  });
  return lines.join('\n');
}
