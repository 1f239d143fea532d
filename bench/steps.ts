// Steps per second on the default profile and scope: the whole engine (generation,
// model, checks) with every invariant on and with none, then the cost of each invariant
// group on the same pre-generated traces, full and incremental.

import fc from 'fast-check';
import { goRuntime, linuxAmd64, makeConfig } from '../model/index.ts';
import { check, checksOf } from '../properties/check.ts';
import { traceArb } from '../properties/commands.ts';
import { invariants } from '../properties/invariants/catalog.ts';
import type { Invariant } from '../properties/invariants/invariant.ts';
import { runTrace } from '../properties/run-trace.ts';

const cfg = makeConfig(linuxAmd64);
const seed = 20261125;

function engineRate(list: readonly Invariant[], runs: number): { steps: number; rate: number } {
  check({ cfg, rt: goRuntime, seed, runs: 50, maxSteps: 300, invariants: list }); // warm up the JIT
  const r = check({ cfg, rt: goRuntime, seed, runs, maxSteps: 300, invariants: list });
  return { steps: r.steps, rate: r.steps / (r.elapsedMs / 1000) };
}

function replayRate(traces: readonly Parameters<typeof runTrace>[2][], list: readonly Invariant[], incremental: boolean): number {
  const checks = checksOf(list, incremental);
  for (const t of traces.slice(0, 20)) runTrace(cfg, goRuntime, t, checks, null);
  let steps = 0;
  const t0 = performance.now();
  for (const t of traces) steps += runTrace(cfg, goRuntime, t, checks, null).actions.length;
  return steps / ((performance.now() - t0) / 1000);
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(9);

/** Prints the steps-per-second table. @public */
export function benchSteps(): string {
  const lines: string[] = [];
  const runs = 2000;
  const on = engineRate(invariants, runs);
  const off = engineRate([], runs);
  lines.push(`engine on linux/amd64, default scope, seed ${seed}, ${runs} runs of up to 300 steps (${on.steps.toLocaleString('en-US')} steps)`);
  lines.push(`  all ${invariants.length} invariants on : ${fmt(on.rate)} steps/s`);
  lines.push(`  invariants off       : ${fmt(off.rate)} steps/s`);
  lines.push(`  cost of checking     : ${(off.rate / on.rate).toFixed(2)}x`);
  const traces = fc.sample(traceArb(300), { seed, numRuns: 1000 });
  const base = replayRate(traces, [], true);
  lines.push('');
  lines.push('per group, replaying the same 1,000 generated traces (model + checks, no generation):');
  lines.push(`  ${'group'.padEnd(12)} ${'n'.padStart(3)} ${'incremental'.padStart(12)} ${'full'.padStart(10)}  extra µs/step (incremental)`);
  lines.push(`  ${'none'.padEnd(12)} ${'0'.padStart(3)} ${fmt(base).padStart(12)} ${fmt(base).padStart(10)}`);
  const groups = [...new Set(invariants.map((i) => i.group))];
  for (const g of [...groups, 'all']) {
    const list = g === 'all' ? invariants : invariants.filter((i) => i.group === g);
    const inc = replayRate(traces, list, true);
    const full = replayRate(traces, list, false);
    const extra = 1e6 / inc - 1e6 / base;
    lines.push(`  ${g.padEnd(12)} ${String(list.length).padStart(3)} ${fmt(inc).padStart(12)} ${fmt(full).padStart(10)}  ${extra.toFixed(2).padStart(8)}`);
  }
  return lines.join('\n');
}
