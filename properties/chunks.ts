// Splitting a check into chunks of consecutive runs, and merging their reports. fast-check
// derives run i's input from the seed by jumping the generator i times, so a chunk that
// starts at run k (fast-check's replay path "k") runs exactly the runs k, k+1, ... of the
// whole check, and shrinks a failure exactly as the whole check would. Merged in order up to
// the first chunk with a finding, the report is the one a single check gives, whatever the
// number of chunks or of the workers that ran them.

import type { CheckReport } from './check.ts';
import type { Coverage } from './coverage.ts';

/** Runs per chunk: small enough to spread over the workers, large enough to cost little per chunk. @public */
export const chunkRuns = 25;

/** The [first, count) of every chunk of a check of `runs` runs. @public */
export function chunksOf(runs: number, size = chunkRuns): { first: number; count: number }[] {
  const out: { first: number; count: number }[] = [];
  for (let first = 0; first < runs; first += size) out.push({ first, count: Math.min(size, runs - first) });
  return out;
}

function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const k of Object.keys(from)) into[k] = (into[k] ?? 0) + from[k];
}

/** Adds c's counts into `into`. @public */
export function addCoverage(into: Coverage, c: Coverage): void {
  addCounts(into.actions, c.actions);
  addCounts(into.paths, c.paths);
  addCounts(into.windows, c.windows);
  addCounts(into.outcomes, c.outcomes);
  for (const [id, t] of Object.entries(c.invariants)) {
    const u = into.invariants[id] ?? (into.invariants[id] = { evaluated: 0, vacuous: 0, unchanged: 0 });
    u.evaluated += t.evaluated;
    u.vacuous += t.vacuous;
    u.unchanged += t.unchanged;
  }
  into.runs += c.runs;
  into.steps += c.steps;
}

/**
 * The report of a whole check from its chunks' reports, in chunk order: every chunk up to
 * and including the first with a counterexample (later chunks are not part of the check).
 * Timings: elapsedMs as measured by the caller; detectedMs of the finding's chunk.
 * @public
 */
export function mergeChunks(reports: readonly CheckReport[], elapsedMs: number): CheckReport {
  const first = reports[0];
  const coverage = structuredClone(first.coverage);
  let counterexample = first.counterexample;
  let detectedMs = first.detectedMs;
  let interrupted = first.interrupted;
  let stopped = first.stopped;
  for (let i = 1; i < reports.length && counterexample === null; i++) {
    const r = reports[i];
    addCoverage(coverage, r.coverage);
    counterexample = r.counterexample;
    detectedMs = r.detectedMs;
    interrupted ||= r.interrupted;
    stopped ||= r.stopped;
  }
  return {
    seed: first.seed, runs: coverage.runs, steps: coverage.steps, elapsedMs, detectedMs, coverage, counterexample, interrupted, stopped,
  };
}
