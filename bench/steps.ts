// Steps per second on the default profile and scope: the whole engine (generation, model,
// checks) with every invariant on and with none, then the cost of each invariant group on
// the same pre-generated traces, full and incremental. Every figure is the median of 5
// repetitions with its smallest and largest value, per second of CPU time (stats.ts); within
// a repetition the variants take turns (on, off; none, each group), so machine load hits them alike.

import fc from 'fast-check';
import { goRuntime, linuxAmd64, makeConfig } from '../model/index.ts';
import { check, checksOf } from '../properties/check.ts';
import { traceArb } from '../properties/commands.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import type { Invariant } from '../properties/invariants/invariant.ts';
import { runTrace } from '../properties/run-trace.ts';
import type { Template } from '../properties/template.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { cpuTimed, median, spread, timesFigure } from './stats.ts';
import { grouped } from '../config/digits.ts';

const cfg = makeConfig(linuxAmd64);
// The profile's own rules: a rule of another release (go1.26's self-scan rule) would fail on
// go1.19's traces, and the engine would measure shrinking instead of checking.
const invariants = invariantsFor(cfg.profile);
const seed = 20261125;
const reps = 5;
const engineRuns = 600;

function engineRate(list: readonly Invariant[], swarm: boolean, progress: BenchProgress, what: string): { steps: number; rate: number } {
  const { value: r, seconds } = cpuTimed(() => check({
    cfg, rt: goRuntime, seed, runs: engineRuns, maxSteps: 300, invariants: list, swarm,
    onProgress: (runs) => progress(() => `${what}, run ${runs} of ${engineRuns}`),
  }));
  return { steps: r.steps, rate: r.steps / seconds };
}

function replayRate(traces: readonly Template[][], list: readonly Invariant[], incremental: boolean, progress: BenchProgress, what: string): number {
  const checks = checksOf(list, incremental);
  const { value: steps, seconds } = cpuTimed(() => {
    let n = 0;
    for (let k = 0; k < traces.length; k++) {
      n += runTrace(cfg, goRuntime, traces[k], checks, null).actions.length;
      progress(() => `${what}, trace ${k + 1} of ${traces.length}`);
    }
    return n;
  });
  return steps / seconds;
}

const fig = (xs: readonly number[]): string => {
  const s = spread(xs);
  return `${grouped(median(xs)).padStart(9)} (${grouped(s.min)}-${grouped(s.max)})`.padEnd(30);
};

/** Prints the steps-per-second tables, saying through progress what it measures. @public */
export function benchSteps(progress: BenchProgress = quiet): string {
  const lines: string[] = [];
  engineRate(invariants, true, progress, 'engine: warming up, checks on'); // warm up the JIT
  engineRate([], true, progress, 'engine: warming up, checks off');
  const on: number[] = [], off: number[] = [], offSwarm: number[] = [], onNoSwarm: number[] = [];
  let steps = 0;
  for (let r = 0; r < reps; r++) {
    const rep = `engine: repetition ${r + 1} of ${reps}`;
    const a = engineRate(invariants, true, progress, `${rep}, checks on`);
    steps = a.steps;
    on.push(a.rate);
    off.push(engineRate([], true, progress, `${rep}, checks off`).rate);
    onNoSwarm.push(engineRate(invariants, false, progress, `${rep}, checks on, swarm off`).rate);
    offSwarm.push(engineRate([], false, progress, `${rep}, checks off, swarm off`).rate);
  }
  lines.push(`engine on linux/amd64, default scope, seed ${seed}, ${engineRuns} runs of up to 300 steps (${grouped(steps)} steps), median of ${reps} (min-max), steps per CPU-second`);
  lines.push(`  all ${invariants.length} invariants on : ${fig(on)} swarm off: ${fig(onNoSwarm)}`);
  lines.push(`  invariants off       : ${fig(off)} swarm off: ${fig(offSwarm)}`);
  // Each repetition's own ratio too: on and off ran back to back, so a change in the load
  // between repetitions moves both, and the median of the ratios is steadier than the ratio of
  // the medians.
  const paired = (a: readonly number[], b: readonly number[]): string => timesFigure(a.map((x, i) => x / b[i]));
  lines.push(`  cost of checking     : ${(median(off) / median(on)).toFixed(2)}x${' '.repeat(25)} swarm off: ${(median(offSwarm) / median(onNoSwarm)).toFixed(2)}x`);
  lines.push(`    per repetition     : ${paired(off, on).padEnd(30)} swarm off: ${paired(offSwarm, onNoSwarm)}`);

  const traces = fc.sample(traceArb(300), { seed, numRuns: 1000 });
  const groups = [...new Set(invariants.map((i) => i.group)), 'all'];
  const listOf = (g: string): readonly Invariant[] => (g === 'all' ? invariants : invariants.filter((i) => i.group === g));
  replayRate(traces.slice(0, 50), invariants, true, progress, 'groups: warming up'); // warm up
  const base: number[] = [];
  const inc = groups.map((): number[] => []);
  const full = groups.map((): number[] => []);
  const extra = groups.map((): number[] => []);
  for (let r = 0; r < reps; r++) {
    const rep = `groups: repetition ${r + 1} of ${reps}`;
    const b = replayRate(traces, [], true, progress, `${rep}, none`);
    base.push(b);
    groups.forEach((g, i) => {
      const x = replayRate(traces, listOf(g), true, progress, `${rep}, ${g} (group ${i + 1} of ${groups.length}), incremental`);
      inc[i].push(x);
      full[i].push(replayRate(traces, listOf(g), false, progress, `${rep}, ${g} (group ${i + 1} of ${groups.length}), full`));
      extra[i].push(1e6 / x - 1e6 / b);
    });
  }
  lines.push('');
  lines.push(`per group, replaying the same 1,000 generated traces (model + checks, no generation), median of ${reps} (min-max), steps per CPU-second:`);
  lines.push(`  ${'group'.padEnd(12)} ${'n'.padStart(3)} ${'incremental'.padEnd(30)} ${'full'.padEnd(30)} extra µs/step (incremental, paired with none)`);
  lines.push(`  ${'none'.padEnd(12)} ${'0'.padStart(3)} ${fig(base)}`);
  groups.forEach((g, i) => {
    const s = spread(extra[i]);
    lines.push(`  ${g.padEnd(12)} ${String(listOf(g).length).padStart(3)} ${fig(inc[i])} ${fig(full[i])} ${median(extra[i]).toFixed(2).padStart(6)} (${s.min.toFixed(2)} to ${s.max.toFixed(2)})`);
  });
  return lines.join('\n');
}
