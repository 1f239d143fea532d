// Mutation benchmark: for every registered mutant, how many runs and milliseconds the
// random tester needs to find it with `stackcheck mutants`' default budget, over seeds
// 1-10, with swarm testing on and off (same commit, each seed's on/off pair run back to
// back so machine load hits both alike), what catches it, and how short seed 1's
// counterexample gets and how long finding plus shrinking it takes.

import { killMutant, mutantDefaults, type KillResult } from '../cli/mutants.ts';
import { go126, linuxAmd64, makeConfig, type Config } from '../model/index.ts';
import { mutants } from '../model/mutants/index.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { median, spread } from './stats.ts';

// Each mutant is hunted on a profile of a release that has its code: Go 1.19's default
// (linux/amd64) unless the bug is in code only Go 1.26 has.
const go119Cfg = makeConfig(linuxAmd64);
const go126Cfg = makeConfig(go126);
const cfgOf = (m: (typeof mutants)[number]): Config => (m.releases.includes('go1.19') ? go119Cfg : go126Cfg);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const { runs, maxSteps, timeLimitSeconds } = mutantDefaults;
const budget = { runs, maxSteps, timeLimitMs: timeLimitSeconds * 1000, shrink: false } as const;

const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

/** Median over all seeds, a seed that did not find the mutant counting as more than any that did. */
function medianOf(rs: readonly KillResult[], f: (r: KillResult) => number): string {
  const xs = rs.map((r) => (r.found ? f(r) : Infinity));
  const m = median(xs);
  return Number.isFinite(m) ? m.toFixed(0) : '>budget';
}

/** Runs the mutation benchmark and returns its table, saying through progress which mutant and seed it runs. @public */
export function benchMutants(progress: BenchProgress = quiet): string {
  killMutant(mutants[0], { ...budget, cfg: cfgOf(mutants[0]), seed: 99, runs: 50, onProgress: (k) => progress(() => `warming up, run ${k} of 50`) }); // warm up the JIT
  const w = Math.max(...mutants.map((m) => m.name.length));
  const lines: string[] = [];
  lines.push(`mutants on linux/amd64 (go1.26 for the ${mutants.filter((m) => !m.releases.includes('go1.19')).length} in code only Go 1.26 has), default scope, stackcheck mutants' budget (${runs} runs of up to ${maxSteps} steps, ${timeLimitSeconds} s), seeds 1-10: swarm on | off`);
  lines.push(`  ${pad('mutant', w)}  ${lpad('found', 11)}  ${lpad('median runs', 13)}  ${lpad('median ms', 15)}  ${lpad('ms range (on)', 13)}  ${pad('caught by (on)', 33)} ${lpad('shrunk', 8)} ${lpad('shrink s', 8)}`);
  const totals = { on: 0, off: 0 };
  const survivors: string[] = [];
  mutants.forEach((m, k) => {
    const cfg = cfgOf(m);
    const on: KillResult[] = [];
    const off: KillResult[] = [];
    const which = `mutant ${k + 1} of ${mutants.length}, ${m.name}`;
    const report = (what: string) => (r: number): void => progress(() => `${which}, ${what}, run ${r}`);
    for (const seed of seeds) {
      on.push(killMutant(m, { ...budget, cfg, seed, onProgress: report(`seed ${seed} of ${seeds.length}, swarm on`) }));
      off.push(killMutant(m, { ...budget, cfg, seed, swarm: false, onProgress: report(`seed ${seed} of ${seeds.length}, swarm off`) }));
    }
    const foundOn = on.filter((r) => r.found).length;
    const foundOff = off.filter((r) => r.found).length;
    if (foundOn === seeds.length) totals.on++;
    if (foundOff === seeds.length) totals.off++;
    if (foundOn < seeds.length) survivors.push(`${m.name} (${seeds.length - foundOn} seeds)`);
    const catchers = new Map<string, number>();
    for (const r of on) if (r.found) catchers.set(r.caughtBy ?? '', (catchers.get(r.caughtBy ?? '') ?? 0) + 1);
    const top = [...catchers.entries()].sort((a, b) => b[1] - a[1]);
    const caught = top.length === 0 ? 'SURVIVED' : `${top[0][0]}${top.length > 1 ? ` +${top.length - 1}` : ''}`;
    const ms = on.filter((r) => r.found).map((r) => r.detectedMs ?? 0);
    const s = spread(ms);
    const shrunk = killMutant(m, { cfg, seed: 1, runs, maxSteps, timeLimitMs: timeLimitSeconds * 1000, onProgress: report('seed 1, finding and shrinking') });
    const shrinkText = shrunk.shrunkLength === null ? '-' : `${shrunk.shrunkLength}/${shrunk.originalLength}${shrunk.interrupted ? '*' : ''}`;
    lines.push(`  ${pad(m.name, w)}  ${lpad(`${foundOn}/${seeds.length} | ${foundOff}/${seeds.length}`, 11)}  ${lpad(`${medianOf(on, (r) => r.runs)} | ${medianOf(off, (r) => r.runs)}`, 13)}  ${lpad(`${medianOf(on, (r) => r.detectedMs ?? 0)} | ${medianOf(off, (r) => r.detectedMs ?? 0)}`, 15)}  ${lpad(ms.length === 0 ? '-' : `${s.min.toFixed(0)}-${s.max.toFixed(0)}`, 13)}  ${pad(caught.length > 33 ? `${caught.slice(0, 32)}…` : caught, 33)} ${lpad(shrinkText, 8)} ${lpad((shrunk.elapsedMs / 1000).toFixed(1), 8)}`);
  });
  lines.push(`  found on 10 of 10 seeds: swarm on ${totals.on}/${mutants.length}, off ${totals.off}/${mutants.length}${survivors.length > 0 ? `; missed with swarm on: ${survivors.join(', ')}` : ''}`);
  lines.push('  runs, ms: medians over the 10 seeds up to and including the first failing run (>budget: most seeds missed it); shrunk: seed 1, swarm on, steps after shrinking / in the first failing trace (* = stopped by the budget); shrink s: finding plus shrinking');
  return lines.join('\n');
}
