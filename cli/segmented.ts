// `run`, `mutants` and `explore` on the historical profiles (go1.1-go1.4): the same flags
// for seed, runs, steps and time, the historical model's own engine (properties/segmented/),
// and a report in run's shape. Scopes, modes, swarm, workers and mutant files are the
// contiguous model's and are refused here in one line.

import { defaultSegScope, segProfiles, segRuntimeFor, type SegConfig } from '../model/segmented/index.ts';
import { segMutantRuntime, segMutantsFor } from '../model/segmented/mutants.ts';
import { segCheck, segTextReport, type SegCheckOptions } from '../properties/segmented/run.ts';
import { readSegDocument, replaySeg, saveSegCounterexample, segDocumentFor, segVerdictLine } from '../properties/segmented/counterexample.ts';
import { counterexampleCap } from '../counterexamples/load.ts';
import { defaultFindingsDir } from '../counterexamples/save.ts';
import { readInput } from '../config/read-input.ts';
import { whyNotWritable } from './save-finding.ts';
import { segExplore, segTinyScopeFor } from '../explore/segmented.ts';
import { defaultMaxSteps, defaultRuns } from './run.ts';
import { intFlag, oneLine, UsageError } from './usage.ts';
import { grouped as n } from '../config/digits.ts';


type Flags = Readonly<Record<string, string | boolean | undefined>>;

function refuseContiguousFlags(flags: Flags, command: string, extra: readonly string[] = []): void {
  for (const f of ['scope', 'mode', 'swarm', 'workers', 'mutant-file', ...extra]) {
    if (flags[f] !== undefined) throw new UsageError(`${command}: --${f} is not supported with profile ${flags['profile'] as string} (the historical model)`);
  }
}

function mutantRuntime(name: string, mutantName: string | undefined): SegCheckOptions['rt'] {
  if (mutantName === undefined) return segRuntimeFor(segProfiles[name]);
  const m = segMutantsFor(name).find((x) => x.name === mutantName);
  if (m === undefined) throw new UsageError(`unknown mutant '${mutantName}' for ${name} (valid: ${segMutantsFor(name).map((x) => x.name).join(', ')})`);
  return segMutantRuntime(m, segProfiles[name]);
}

function optionsFrom(flags: Flags, command: string): SegCheckOptions {
  const name = flags['profile'] as string;
  refuseContiguousFlags(flags, command);
  const cfg: SegConfig = { profile: segProfiles[name], scope: defaultSegScope };
  const timeLimit = flags['time-limit'] === undefined ? undefined : intFlag('time-limit', flags['time-limit'] as string, 0, 1) * 1000;
  return {
    cfg, rt: segRuntimeFor(cfg.profile),
    seed: intFlag('seed', flags['seed'] as string | undefined, 1, 0, 0x7fffffff),
    runs: intFlag('runs', flags['runs'] as string | undefined, defaultRuns, 1),
    maxSteps: intFlag('max-steps', flags['max-steps'] as string | undefined, defaultMaxSteps, 1, 100_000),
    ...(timeLimit !== undefined ? { timeLimitMs: timeLimit } : {}),
  };
}

/** What a historical profile's design is, in run's header. @public */
export function segDesign(name: string): string {
  const p = segProfiles[name];
  if (!p.copying) return `segmented stacks, ${p.stackMin / 1024} KB segments`;
  if (p.numStackOrders === 0) return `contiguous stacks by copying, ${p.stackMin / 1024} KB minimum, on the segmented runtime`;
  return `contiguous stacks by copying, ${p.stackMin / 1024} KB minimum, stack1.go's pool`;
}
const design = segDesign;

/** `stackcheck run --profile go1.1|go1.2|go1.3 [--mutant NAME]`. @public */
export function runSegmented(flags: Flags, out: (s: string) => void): number {
  const o = optionsFrom(flags, 'run');
  const name = o.cfg.profile.name;
  const mutantName = flags['mutant'] as string | undefined;
  const report = segCheck({ ...o, rt: mutantRuntime(name, mutantName) });
  const header = `stackcheck run: ${name} (${design(name)}), seed ${o.seed}${mutantName !== undefined ? `, mutant ${mutantName}` : ''}`;
  // A finding is kept as a file that `stackcheck replay` re-executes, as run does for go1.19.
  const dir = typeof flags['out'] === 'string' ? flags['out'] : defaultFindingsDir;
  let saved: { path: string; reused: boolean } | null = null;
  let saveError: string | null = null;
  if (report.finding !== null) {
    try {
      saved = saveSegCounterexample(segDocumentFor(o, mutantName ?? null, report.finding), dir);
    } catch (e) {
      saveError = `cannot save the counterexample in ${dir}: ${whyNotWritable(dir, e)}`;
    }
  }
  if (flags['json'] === true) out(JSON.stringify({ profile: name, seed: o.seed, ...report, saved: saved?.path ?? null }, null, 2));
  else {
    out(segTextReport(o, report, header));
    if (saved !== null) out(`${saved.reused ? 'counterexample already saved' : 'counterexample saved'}: ${saved.path}\nreplay: stackcheck replay ${saved.path}`);
  }
  if (saveError !== null) process.stderr.write(`stackcheck: ${oneLine(saveError)}\n`);
  return report.finding === null ? 0 : 1;
}

/**
 * `stackcheck replay FILE` for a file of a historical profile; null when the file is not one
 * (the contiguous model's loader then reads it). Only --verbose applies.
 * @public
 */
export async function replayHistorical(flags: Flags, file: string, out: (s: string) => void): Promise<number | null> {
  const r = readInput(file, counterexampleCap, 'counterexample file');
  if (!r.ok) return null;
  const text = r.bytes.toString('utf8');
  if (!/^\{\s*"format":\s*1,\s*"model":\s*"historical"/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const loaded = readSegDocument(value, file);
  if (!loaded.ok) throw new UsageError(loaded.error);
  for (const f of ['html', 'itf', 'mutant-file']) {
    if (flags[f] !== undefined) throw new UsageError(`replay: --${f} is not supported for ${file} (profile ${loaded.loaded.doc.profile}, the historical model)`);
  }
  const v = replaySeg(loaded.loaded);
  if (flags['verbose'] === true) loaded.loaded.doc.script.forEach((line, i) => out(`step ${i}: ${line}`));
  const line = segVerdictLine(file, loaded.loaded.doc, v);
  if (v.verdict === 'stale') throw new UsageError(line);
  out(line);
  return v.verdict === 'passes' ? 0 : 1;
}

/** `stackcheck mutants --profile go1.1|go1.2|go1.3`: is every mutant of that release found? @public */
export function mutantsSegmented(flags: Flags, out: (s: string) => void): number {
  const o = optionsFrom(flags, 'mutants');
  const name = o.cfg.profile.name;
  const runs = flags['runs'] === undefined ? 1000 : o.runs;
  const rows = segMutantsFor(name).map((m) => ({ m, r: segCheck({ ...o, runs, rt: segMutantRuntime(m, o.cfg.profile) }) }));
  const lines = [`stackcheck mutants: ${name} (${design(name)}), seed ${o.seed}, up to ${runs} runs of ${o.maxSteps} steps per mutant`,
    `${'mutant'.padEnd(34)} ${'caught by'.padEnd(34)} ${'runs'.padStart(5)}  shrunk`];
  for (const { m, r } of rows) {
    const f = r.finding;
    lines.push(`${m.name.padEnd(34)} ${(f?.rule ?? 'SURVIVED').padEnd(34)} ${String(r.runs).padStart(5)}  ${f === null ? '-' : `${f.actions.length} of ${f.shrunkFrom}`}`);
  }
  const killed = rows.filter((x) => x.r.finding !== null).length;
  lines.push(`killed ${killed}/${rows.length} mutants (${Math.round((100 * killed) / Math.max(rows.length, 1))}%)`);
  if (flags['json'] === true) out(JSON.stringify(rows.map(({ m, r }) => ({ name: m.name, found: r.finding !== null, caughtBy: r.finding?.rule ?? null, runs: r.runs })), null, 2));
  else out(lines.join('\n'));
  return killed === rows.length ? 0 : 1;
}

/** The depth `explore --profile go1.1|go1.2|go1.3` searches to without --depth (its scope is not finite). @public */
export const segExploreDepth = 12;

/** `stackcheck explore --profile go1.1|go1.2|go1.3 [--depth D] [--max-states N] [--mutant NAME]`. @public */
export function exploreSegmented(flags: Flags, out: (s: string) => void): number {
  refuseContiguousFlags(flags, 'explore', ['time-limit', 'symmetry']);
  const name = flags['profile'] as string;
  const mutantName = flags['mutant'] as string | undefined;
  const depth = intFlag('depth', flags['depth'] as string | undefined, segExploreDepth, 0, 1000);
  const maxStates = intFlag('max-states', flags['max-states'] as string | undefined, 2_000_000, 1, 2 ** 31 - 1);
  const scope = segTinyScopeFor(segProfiles[name]);
  const r = segExplore({ cfg: { profile: segProfiles[name], scope }, rt: mutantRuntime(name, mutantName), maxDepth: depth, maxStates });
  if (flags['json'] === true) {
    out(JSON.stringify({ profile: name, scope, depth, ...r }, null, 2));
    return r.violation === null ? 0 : 1;
  }
  const lines = [
    `stackcheck explore: ${name} (${design(name)}), scope 1 P, 2 goroutines, 1 cache batch, ${scope.heapBytes / 1024} KiB heap, ${scope.maxstacksize / 1024} KiB stacks; calls of f5k and f12k${mutantName !== undefined ? `, mutant ${mutantName}` : ''}`,
    `states ${n(r.states)}, transitions ${n(r.transitions)}, diameter ${r.diameter}, terminal ${n(r.terminal)} (stack overflow or out of memory), ${(r.elapsedMs / 1000).toFixed(1)} s`,
  ];
  if (r.violation !== null) {
    lines.push(`result: VIOLATION: ${r.violation.rule}`, `  ${r.violation.message}`, `shortest counterexample: ${r.violation.trace.length} steps`);
    r.violation.trace.forEach((t, i) => lines.push(`  ${String(i).padStart(3)}  ${t}${i === r.violation!.trace.length - 1 ? '   <-- breaks here' : ''}`));
  } else if (r.complete) lines.push(`result: no violation in ${n(r.states)} states — complete for this scope`);
  else lines.push(`result: none within depth ${r.diameter} (frontier of ${n(r.frontier)} states left)`);
  out(lines.join('\n'));
  return r.violation === null ? 0 : 1;
}
