// Mutation benchmark: for every registered mutant, the time, runs and steps the random
// tester needs to find it (median over 10 seeds, stopping at the first failing run), what
// catches it, and how short fast-check's shrinking plus the minimisation pass get the
// counterexample of seed 1 within a time budget.

import { killMutant, type KillResult } from '../cli/mutants.ts';
import { linuxAmd64, makeConfig } from '../model/index.ts';
import { mutants } from '../model/mutants/index.ts';

const cfg = makeConfig(linuxAmd64);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const runs = 2000;
const maxSteps = 300;
const detectBudgetMs = 30_000;
const shrinkBudgetMs = 10_000;

function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

/** Runs the mutation benchmark and returns its table. @public */
export function benchMutants(): string {
  killMutant(mutants[0], { cfg, seed: 99, runs: 50, maxSteps, shrink: false }); // warm up the JIT
  const w = Math.max(...mutants.map((m) => m.name.length));
  const lines: string[] = [];
  lines.push(`mutants on linux/amd64, default scope: detection over seeds 1-10 (up to ${runs} runs of ${maxSteps} steps), shrinking seed 1 within ${shrinkBudgetMs / 1000} s`);
  lines.push(`  ${pad('mutant', w)}  ${pad('caught by', 33)} ${lpad('found', 5)} ${lpad('median ms', 9)} ${lpad('max ms', 7)} ${lpad('runs', 5)} ${lpad('steps', 6)} ${lpad('shrunk', 10)} ${lpad('total s', 8)}`);
  let killed = 0;
  const medians: number[] = [];
  for (const m of mutants) {
    const found: KillResult[] = [];
    const catchers = new Map<string, number>();
    for (const seed of seeds) {
      const r = killMutant(m, { cfg, seed, runs, maxSteps, timeLimitMs: detectBudgetMs, shrink: false });
      if (!r.found) continue;
      found.push(r);
      catchers.set(r.caughtBy ?? '', (catchers.get(r.caughtBy ?? '') ?? 0) + 1);
    }
    if (found.length > 0) killed++;
    const top = [...catchers.entries()].sort((a, b) => b[1] - a[1]);
    const caught = top.length === 0 ? 'SURVIVED' : `${top[0][0]}${top.length > 1 ? ` +${top.length - 1}` : ''}`;
    const det = median(found.map((r) => r.detectedMs ?? 0));
    if (found.length > 0) medians.push(det);
    const shrunk = killMutant(m, { cfg, seed: 1, runs, maxSteps, timeLimitMs: shrinkBudgetMs });
    const shrinkText = shrunk.shrunkLength === null ? '-' : `${shrunk.shrunkLength}/${shrunk.originalLength}${shrunk.interrupted ? '*' : ''}`;
    lines.push(`  ${pad(m.name, w)}  ${pad(caught, 33)} ${lpad(`${found.length}/${seeds.length}`, 5)} ${lpad(found.length ? det.toFixed(0) : '-', 9)} ${lpad(found.length ? Math.max(...found.map((r) => r.detectedMs ?? 0)).toFixed(0) : '-', 7)} ${lpad(found.length ? median(found.map((r) => r.runs)).toFixed(0) : '-', 5)} ${lpad(found.length ? median(found.map((r) => r.steps)).toFixed(0) : '-', 6)} ${lpad(shrinkText, 10)} ${lpad((shrunk.elapsedMs / 1000).toFixed(1), 8)}`);
  }
  lines.push(`  killed ${killed}/${mutants.length}; median time to detection ${median(medians).toFixed(0)} ms, worst median ${Math.max(...medians).toFixed(0)} ms`);
  lines.push('  runs, steps: medians up to and including the first failing run; shrunk: steps after shrinking / in the first failing trace (* = shrinking stopped by the budget); total s: seed 1 found and shrunk');
  return lines.join('\n');
}
