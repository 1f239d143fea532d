// `stackcheck mutants`: does the random tester find every seeded bug? For each registered
// mutant: a check with a fixed seed until the first violation (or the budget runs out),
// which invariant or throw caught it, how long and how many runs/steps that took, and how
// short the shrunk counterexample is. Exit 1 if any mutant survives.

import type { Config } from '../model/index.ts';
import { mutants, type Mutant } from '../model/mutants/index.ts';
import { check } from '../properties/check.ts';
import { configFrom, modeList, type ConfigFlags } from './config.ts';
import { loadMutantFile } from './mutant-file.ts';
import { progressEnabled, statusLine } from './progress.ts';
import { runMutants } from './pool.ts';
import { shardFlag, shardSlice, shardText } from './shard.ts';
import { intFlag, onOffFlag, usage } from './usage.ts';
import { workersFlag } from './workers-flag.ts';

/** How one mutant is hunted. @public */
export interface KillOptions {
  readonly cfg: Config;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  /** Budget for finding and shrinking, in ms; shrinking stops early when it is used up. */
  readonly timeLimitMs?: number;
  /** Shrink the counterexample (default true); false stops at the first failing trace. */
  readonly shrink?: boolean;
  /** Swarm testing (default true). */
  readonly swarm?: boolean;
  /** Progress of the hunt (runs and steps so far; then each shrink kept). */
  readonly onProgress?: (runs: number, steps: number) => void;
  readonly onShrink?: (length: number, shrinks: number) => void;
}

/** What hunting one mutant found. @public */
export interface KillResult {
  readonly name: string;
  readonly issue: string;
  readonly found: boolean;
  /** The invariant id or 'throw' that caught it, and its message. */
  readonly caughtBy: string | null;
  readonly message: string | null;
  /** Whether caughtBy is one the mutant's entry lists (a change shows a catalog regression). */
  readonly expected: boolean;
  /** ms from the start to the end of the first failing run. */
  readonly detectedMs: number | null;
  /** Runs and steps up to and including the first failing run (all of them if it survived). */
  readonly runs: number;
  readonly steps: number;
  /** Steps in the first failing trace and in the shrunk counterexample. */
  readonly originalLength: number | null;
  readonly shrunkLength: number | null;
  readonly elapsedMs: number;
  readonly interrupted: boolean;
}

/** Checks one mutant. @public */
export function killMutant(m: Pick<Mutant, 'name' | 'issue' | 'caughtBy' | 'rt'>, o: KillOptions): KillResult {
  return killResultOf(m, checkMutant(m, o));
}

/** The random check killMutant runs on a mutant, with its shrunk counterexample's actions (bench/shortest.ts reads them). @public */
export function checkMutant(m: Pick<Mutant, 'rt'>, o: KillOptions): ReturnType<typeof check> {
  return check({
    cfg: o.cfg, rt: m.rt, seed: o.seed, runs: o.runs, maxSteps: o.maxSteps,
    ...(o.timeLimitMs !== undefined ? { timeLimitMs: o.timeLimitMs } : {}),
    ...(o.shrink === false ? { shrink: false } : {}),
    ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
    ...(o.onShrink !== undefined ? { onShrink: o.onShrink } : {}),
    ...(o.swarm === false ? { swarm: false } : {}),
  });
}

/** A hunt's report row. */
function killResultOf(m: Pick<Mutant, 'name' | 'issue' | 'caughtBy'>, r: ReturnType<typeof check>): KillResult {
  const cx = r.counterexample;
  return {
    name: m.name, issue: m.issue, found: cx !== null,
    caughtBy: cx?.finding.id ?? null, message: cx?.finding.message ?? null,
    // A user's mutant file names no expected catcher: any catch is the one expected.
    expected: cx !== null && (m.caughtBy.length === 0 || m.caughtBy.includes(cx.finding.id)),
    detectedMs: r.detectedMs, runs: r.runs, steps: r.steps,
    originalLength: cx?.originalLength ?? null, shrunkLength: cx?.actions.length ?? null,
    elapsedMs: r.elapsedMs, interrupted: r.interrupted,
  };
}

/** @public */
export interface MutantsFlags extends ConfigFlags {
  readonly json?: boolean;
  readonly 'time-limit'?: string;
  readonly seed?: string;
  readonly runs?: string;
  readonly 'max-steps'?: string;
  readonly swarm?: string;
  /** Worker threads hunting mutants side by side (default 1). */
  readonly workers?: string;
  /** `k/n`: only the k-th of n consecutive slices of the mutants (cli/shard.ts). */
  readonly shard?: string;
}

/** Default budget per mutant. @public */
export const mutantDefaults = { seed: 1, runs: 1000, maxSteps: 300, timeLimitSeconds: 10 } as const;

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function caughtText(r: KillResult): string {
  if (!r.found) return 'SURVIVED';
  return r.caughtBy === 'throw' ? `throw "${r.message ?? ''}"` : (r.caughtBy ?? '');
}

/** The text table. @public */
export function mutantsTable(results: readonly KillResult[]): string {
  const lines: string[] = [];
  const w = Math.max(6, ...results.map((r) => r.name.length));
  lines.push(`${pad('mutant', w)}  ${pad('caught by', 36)} ${lpad('detect', 8)} ${lpad('runs', 5)} ${lpad('steps', 7)} ${lpad('shrunk', 12)}  issue`);
  for (const r of results) {
    const caught = caughtText(r);
    const shrunk = r.shrunkLength === null ? '-' : `${r.shrunkLength} of ${r.originalLength ?? '?'}`;
    const detect = r.detectedMs === null ? '-' : `${Math.round(r.detectedMs)} ms`;
    lines.push(`${pad(r.name, w)}  ${pad(caught.length > 36 ? `${caught.slice(0, 35)}…` : caught, 36)} ${lpad(detect, 8)} ${lpad(String(r.runs), 5)} ${lpad(String(r.steps), 7)} ${lpad(shrunk, 12)}  ${r.issue}${r.found && !r.expected ? '  (unexpected catcher)' : ''}`);
  }
  return lines.join('\n');
}

/** The kill-rate line. @public */
export function killSummary(results: readonly KillResult[]): string {
  const killed = results.filter((r) => r.found).length;
  const survivors = results.filter((r) => !r.found).map((r) => r.name);
  const pct = results.length === 0 ? 100 : (100 * killed) / results.length;
  return `killed ${killed}/${results.length} mutants (${pct.toFixed(0)}%)${survivors.length > 0 ? `; survived: ${survivors.join(', ')}` : ''}`;
}

/**
 * The mutants to hunt: the registered ones, or only the user's files when --mutant-file is
 * given (`--mutant-file a.ts b.ts`: the files after the first come as positionals).
 * @public
 */
export async function mutantFilesList(flag: readonly string[] | undefined, positionals: readonly string[]): Promise<readonly Mutant[]> {
  if (flag === undefined) {
    if (positionals.length > 0) usage(`mutants takes no file '${positionals[0]}' (a mutant file goes after --mutant-file)`);
    return mutants;
  }
  const files = [...flag, ...positionals];
  const list: Mutant[] = [];
  for (const f of files) {
    const m = await loadMutantFile(f);
    if (list.some((x) => x.name === m.name)) usage(`--mutant-file ${f}: another file is also named '${m.name}'`);
    list.push(m);
  }
  return list;
}

/** The budget and configuration every mutant of one `stackcheck mutants` is hunted with. */
function huntOf(flags: MutantsFlags): Omit<KillOptions, 'onProgress' | 'onShrink'> & { readonly seconds: number } {
  const seconds = intFlag('time-limit', flags['time-limit'], mutantDefaults.timeLimitSeconds, 1);
  return {
    cfg: configFrom(flags),
    seed: intFlag('seed', flags.seed, mutantDefaults.seed, 0, 0x7fffffff),
    runs: intFlag('runs', flags.runs, mutantDefaults.runs, 1),
    maxSteps: intFlag('max-steps', flags['max-steps'], mutantDefaults.maxSteps, 1, 100_000),
    seconds,
    timeLimitMs: seconds * 1000,
    swarm: onOffFlag('swarm', flags.swarm, true),
  };
}

/** Hunts one mutant as `stackcheck mutants` with these flags does (a pool worker's job). @internal */
export function huntMutant(flags: MutantsFlags, m: Mutant, progress?: Pick<KillOptions, 'onProgress' | 'onShrink'>): KillResult {
  const { seconds: _, ...o } = huntOf(flags);
  return killMutant(m, { ...o, ...progress });
}

/** `stackcheck mutants`. @public */
export async function mutantsCommand(flags: MutantsFlags, out: (s: string) => void, only?: readonly Mutant[]): Promise<number> {
  const hunt = huntOf(flags);
  const { cfg, seed, runs, maxSteps, seconds, swarm } = hunt;
  const shard = shardFlag(flags.shard);
  const fromFiles = only !== undefined && only !== mutants;
  // Mutant files are loaded one after another in this thread: not split over workers yet.
  const asked = workersFlag(flags.workers, fromFiles ? 1 : undefined);
  if (asked > 1 && fromFiles) usage('--workers with --mutant-file: not yet; the mutant files run one after another');
  // The profile's release decides which bugs exist: a bug in code only Go 1.26 has is not one of Go 1.19's.
  const all = (only ?? mutants).filter((m) => m.releases.includes(cfg.profile.release));
  const slice = shard === undefined ? { first: 0, taken: all.length } : shardSlice(all.length, shard);
  if (shard !== undefined && slice.taken === 0) usage(`--shard ${shardText(shard)}: ${all.length} mutants leave shard ${shard.index} of ${shard.count} none`);
  const list = all.slice(slice.first, slice.first + slice.taken);
  const workers = Math.min(asked, list.length);
  const line = statusLine(progressEnabled(flags.json));
  const verdict = (k: number, r: KillResult): void => line.note(`mutant ${k + 1} of ${list.length}: ${r.name}: ${r.found ? `caught by ${caughtText(r)}` : 'SURVIVED'}`);
  let results: KillResult[];
  if (workers > 1) {
    // Each worker hunts whole mutants; the table keeps the registry's order, whatever order they finish in.
    let done = 0;
    line.show(() => `mutants: ${done} of ${list.length} done on ${Math.min(workers, list.length)} workers`);
    results = await runMutants(list.map((m) => ({ flags: { ...flags, workers: undefined, shard: undefined }, name: m.name })), workers, (k, r) => {
      done++;
      verdict(k, r);
      line.show(() => `mutants: ${done} of ${list.length} done on ${Math.min(workers, list.length)} workers`);
    });
  } else {
    results = list.map((m, k) => {
      const head = `mutants: ${k + 1} of ${list.length}, ${m.name}:`;
      const r = huntMutant(flags, m, {
        onProgress: (rs, st) => line.show(() => `${head} ${rs} runs, ${st} steps`),
        onShrink: (len, sh) => line.show(() => `${head} found, shrinking: ${len} steps now, ${sh} shrinks done`),
      });
      verdict(k, r);
      return r;
    });
  }
  line.done();
  const survived = results.some((r) => !r.found);
  if (flags.json) {
    out(JSON.stringify({
      profile: cfg.profile.name, scope: cfg.scope, scopeText: flags.scope ?? '', modes: modeList(cfg.modes), seed, runs, maxSteps, timeLimitSeconds: seconds, swarm,
      // A shard's report says which mutants of how many it hunted, for `stackcheck merge`.
      shard: shard === undefined ? null : { index: shard.index, count: shard.count, first: slice.first, mutants: slice.taken, of: all.length },
      killed: results.filter((r) => r.found).length, total: results.length,
      mutants: results.map((r) => ({ ...r, detectedMs: r.detectedMs === null ? null : Math.round(r.detectedMs), elapsedMs: Math.round(r.elapsedMs) })),
    }, null, 2));
  } else {
    const part = shard === undefined ? '' : `, shard ${shardText(shard)} (mutants ${slice.first + 1} to ${slice.first + slice.taken} of ${all.length})`;
    out(`stackcheck mutants: ${cfg.profile.name}, scope ${flags.scope || 'default'}, modes ${modeList(cfg.modes).join(',') || 'default'}, seed ${seed}, up to ${runs} runs of ${maxSteps} steps and ${seconds} s per mutant${swarm ? '' : ', swarm off'}${part}`);
    out(mutantsTable(results));
    out(killSummary(results));
  }
  return survived ? 1 : 0;
}
