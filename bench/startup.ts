// Start-up as a user meets it: wall-clock seconds of fresh processes of the command
// (the compiled dist/ when it is fresh, as `npm start` uses it; else the sources through
// tsx), beside `node -e 0`, the floor no command can go below. Each figure is the median of
// repetitions interleaved across the commands (so a change in the machine's load hits all
// alike), with its spread; the load is printed with them.

import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread } from './stats.ts';

const reps = 11;
const bin = fileURLToPath(new URL('../bin/stackcheck.mjs', import.meta.url));

/** What is timed: a label, the arguments to node, and the target the issue sets (seconds). */
const commands: readonly { label: string; args: readonly string[]; target?: number }[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'stackcheck --version', args: [bin, '--version'], target: 0.2 },
  { label: 'stackcheck run --runs 1', args: [bin, 'run', '--runs', '1'], target: 0.3 },
];

function seconds(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: exit ${r.status}: ${String(r.stderr).split('\n')[0]}`);
  return (performance.now() - t0) / 1000;
}

/** The figures, saying through progress which repetition runs. @public */
export function benchStartup(progress: BenchProgress = quiet): string {
  const times = commands.map(() => [] as number[]);
  const load = loadavg()[0];
  for (let i = 0; i < reps; i++) {
    progress(() => `repetition ${i + 1} of ${reps}`);
    commands.forEach((c, k) => times[k].push(seconds(c.args)));
  }
  const lines = [`start-up, wall clock, median of ${reps} fresh processes (min-max), interleaved; load ${load.toFixed(1)} at the start`];
  commands.forEach((c, k) => {
    const m = median(times[k]);
    const { min, max } = spread(times[k]);
    const target = c.target === undefined ? '' : `   target < ${c.target.toFixed(1)} s: ${m < c.target ? 'met' : 'not met'}`;
    lines.push(`  ${c.label.padEnd(26)} ${m.toFixed(3)} s (${min.toFixed(3)}-${max.toFixed(3)})${target}`);
  });
  return lines.join('\n');
}
