// `stackcheck merge SHARD.json ...`: the shards of one campaign (`run --shard k/n --json`, or
// `mutants --shard k/n --json`) put back together into the report the whole campaign on one
// machine prints. Every shard must be there once, and all must have been asked the same
// question (profile, scope, modes, mutant, seed, budget); anything else is one line, exit 2.
// A run campaign merges as `run --workers` merges its chunks (properties/chunks.ts): in run
// order, up to and including the first shard with a finding, so the finding is the one of
// the lowest run index. A mutants campaign's rows are concatenated in registry order.

import { goRuntime } from '../model/index.ts';
import { mutantByName } from '../model/mutants/index.ts';
import type { CheckReport } from '../properties/check.ts';
import { mergeChunks } from '../properties/chunks.ts';
import { readInput } from '../config/read-input.ts';
import { configFrom } from './config.ts';
import { killSummary, mutantsTable, type KillResult } from './mutants.ts';
import { jsonReport, textReport, type RunSetup } from './report.ts';
import { usage } from './usage.ts';

/** Shard reports are small (coverage counts and at most one counterexample). */
const shardCap = 64 * 2 ** 20;

type Json = Record<string, unknown>;

interface ShardFile {
  readonly file: string;
  readonly doc: Json;
  readonly shard: { readonly index: number; readonly count: number; readonly first: number; readonly of: number; readonly taken: number };
}

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function readShard(file: string): ShardFile {
  const r = readInput(file, shardCap, 'shard report');
  if (!r.ok) usage(`merge: cannot read ${file}: ${r.error}`);
  let doc: unknown;
  try {
    doc = JSON.parse(r.bytes.toString('utf8'));
  } catch (e) {
    usage(`merge: ${file} is not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isObject(doc)) usage(`merge: ${file} is not a report (want the --json output of run or mutants)`);
  const s = doc['shard'];
  if (s === null || s === undefined) usage(`merge: ${file} is not a shard's report (it ran without --shard k/n)`);
  const whole = (k: string, x: unknown): number => {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) usage(`merge: ${file}: shard.${k} is not a whole number`);
    return x;
  };
  if (!isObject(s)) usage(`merge: ${file}: shard is not an object`);
  const taken = 'runs' in s ? whole('runs', s['runs']) : whole('mutants', s['mutants']);
  return {
    file, doc,
    shard: { index: whole('index', s['index']), count: whole('count', s['count']), first: whole('first', s['first']), of: whole('of', s['of']), taken },
  };
}

/** The shards in order, checked to be every shard of one campaign asked one question. */
function campaign(files: readonly string[], question: readonly string[]): ShardFile[] {
  const shards = files.map(readShard);
  const first = shards[0];
  for (const s of shards) {
    for (const k of question) {
      if (JSON.stringify(s.doc[k]) !== JSON.stringify(first.doc[k])) {
        usage(`merge: ${s.file} and ${first.file} are not shards of one campaign: ${k} is ${JSON.stringify(s.doc[k])} in one and ${JSON.stringify(first.doc[k])} in the other`);
      }
    }
    if (s.shard.count !== first.shard.count || s.shard.of !== first.shard.of) {
      usage(`merge: ${s.file} is shard ${s.shard.index}/${s.shard.count} of ${s.shard.of}, ${first.file} shard ${first.shard.index}/${first.shard.count} of ${first.shard.of}`);
    }
  }
  const byIndex = new Map<number, ShardFile>();
  for (const s of shards) {
    const other = byIndex.get(s.shard.index);
    if (other !== undefined) usage(`merge: ${s.file} and ${other.file} are both shard ${s.shard.index}/${s.shard.count}`);
    byIndex.set(s.shard.index, s);
  }
  const ordered: ShardFile[] = [];
  for (let k = 1; k <= first.shard.count; k++) {
    const s = byIndex.get(k);
    if (s === undefined) usage(`merge: shard ${k}/${first.shard.count} is missing (given: ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')})`);
    ordered.push(s);
  }
  return ordered;
}

function field<T>(s: ShardFile, k: string, ok: (x: unknown) => boolean, what: string): T {
  const x = s.doc[k];
  if (!ok(x)) usage(`merge: ${s.file}: ${k} is not ${what}`);
  return x as T;
}

const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** A run shard's report as the check returned it (jsonReport's fields). */
function checkReportOf(s: ShardFile): CheckReport {
  const coverage = field<CheckReport['coverage']>(s, 'coverage', (x) => isObject(x) && isObject(x['invariants']) && isObject(x['actions']), 'a coverage object');
  const cx = field<Json | null>(s, 'counterexample', (x) => x === null || (isObject(x) && Array.isArray(x['actions']) && isObject(x['finding'])), 'a counterexample or null');
  return {
    seed: field<number>(s, 'seed', isCount, 'a seed'),
    runs: field<number>(s, 'runs', isCount, 'a count'),
    steps: field<number>(s, 'steps', isCount, 'a count'),
    elapsedMs: field<number>(s, 'elapsedMs', isCount, 'a time'),
    detectedMs: field<number | null>(s, 'detectedMs', (x) => x === null || isCount(x), 'a time or null'),
    coverage,
    counterexample: cx === null ? null : (({ script: _, ...rest }) => rest)(cx) as unknown as NonNullable<CheckReport['counterexample']>,
    interrupted: field<boolean>(s, 'interrupted', (x) => typeof x === 'boolean', 'true or false'),
    stopped: field<boolean>(s, 'stopped', (x) => typeof x === 'boolean', 'true or false'),
  };
}

function mergeRuns(shards: readonly ShardFile[], json: boolean, out: (s: string) => void): number {
  // In run order up to the first finding; a shard that did not finish its runs (time limit,
  // SIGINT) ends the merge too: the runs after it were not a continuation of a whole check.
  const taken: CheckReport[] = [];
  let counterexampleFile: unknown = undefined;
  let foundBy = 0;
  let incomplete: ShardFile | null = null;
  for (const s of shards) {
    const r = checkReportOf(s);
    taken.push(r);
    if (r.counterexample !== null) {
      counterexampleFile = s.doc['counterexampleFile'];
      foundBy = s.shard.index;
      break;
    }
    if (r.runs < s.shard.taken) {
      incomplete = s;
      break;
    }
  }
  const merged = mergeChunks(taken, taken.reduce((t, r) => t + r.elapsedMs, 0));
  const d = shards[0].doc;
  const modes = field<unknown[]>(shards[0], 'modes', Array.isArray, 'a list of modes');
  const mutant = d['mutant'];
  const m = typeof mutant === 'string' ? mutantByName(mutant) : undefined;
  const scopeText = typeof d['scopeText'] === 'string' ? d['scopeText'] : '';
  const setup: RunSetup = {
    cfg: configFrom({ profile: String(d['profile']), scope: scopeText, mode: modes.join(',') }),
    seed: merged.seed, runs: shards[0].shard.of, maxSteps: field<number>(shards[0], 'maxSteps', isCount, 'a count'), scopeText,
    swarm: d['swarm'] !== false,
    ...(typeof mutant === 'string' ? { mutant } : {}),
  };
  const report: CheckReport = incomplete === null ? merged : { ...merged, interrupted: true };
  const files = shards.map((s) => s.file);
  if (json) {
    out(jsonReport(setup, report, {
      merged: { shards: shards.length, files, ...(incomplete !== null ? { incompleteShard: incomplete.shard.index } : {}) },
      ...(typeof counterexampleFile === 'string' ? { counterexampleFile } : {}),
    }));
  } else {
    out(`merged ${shards.length} shards: ${files.join(', ')}`);
    if (incomplete !== null) out(`shard ${incomplete.shard.index} of ${shards.length} did not finish its runs (${incomplete.file}); the report ends there`);
    out(textReport(setup, report, mutant === undefined || mutant === null ? goRuntime : m?.rt));
    if (typeof counterexampleFile === 'string') out(`counterexample saved (by shard ${foundBy}): ${counterexampleFile}\nreplay: stackcheck replay ${counterexampleFile}`);
  }
  return report.counterexample === null ? 0 : 1;
}

function mergeMutants(shards: readonly ShardFile[], json: boolean, out: (s: string) => void): number {
  const rows: KillResult[] = [];
  for (const s of shards) {
    const list = field<unknown[]>(s, 'mutants', Array.isArray, 'a list of mutants');
    if (list.length !== s.shard.taken) usage(`merge: ${s.file} holds ${list.length} mutants, its shard ${s.shard.taken}`);
    for (const r of list) {
      if (!isObject(r) || typeof r['name'] !== 'string' || typeof r['found'] !== 'boolean') usage(`merge: ${s.file}: a mutant row without a name and a verdict`);
      rows.push(r as unknown as KillResult);
    }
  }
  const d = shards[0].doc;
  const killed = rows.filter((r) => r.found).length;
  if (json) {
    const { shard: _, killed: _k, total: _t, mutants: _m, ...question } = d;
    out(JSON.stringify({ ...question, shard: null, merged: { shards: shards.length, files: shards.map((s) => s.file) }, killed, total: rows.length, mutants: rows }, null, 2));
  } else {
    out(`merged ${shards.length} shards: ${shards.map((s) => s.file).join(', ')}`);
    const modes = Array.isArray(d['modes']) ? d['modes'].join(',') : '';
    const scopeText = typeof d['scopeText'] === 'string' && d['scopeText'] !== '' ? d['scopeText'] : 'default';
    out(`stackcheck mutants: ${String(d['profile'])}, scope ${scopeText}, modes ${modes || 'default'}, seed ${String(d['seed'])}, up to ${String(d['runs'])} runs of ${String(d['maxSteps'])} steps and ${String(d['timeLimitSeconds'])} s per mutant${d['swarm'] === false ? ', swarm off' : ''}`);
    out(mutantsTable(rows));
    out(killSummary(rows));
  }
  return rows.some((r) => !r.found) ? 1 : 0;
}

/** `stackcheck merge`. @public */
export function mergeCommand(flags: { readonly json?: boolean }, files: readonly string[], out: (s: string) => void): number {
  if (files.length === 0) usage('merge needs the --json reports of the shards (stackcheck merge a.json b.json ...)');
  const kind = (f: ShardFile): 'run' | 'mutants' => (Array.isArray(f.doc['mutants']) ? 'mutants' : 'run');
  const probe = readShard(files[0]);
  if (kind(probe) === 'mutants') {
    const shards = campaign(files, ['profile', 'scope', 'modes', 'seed', 'runs', 'maxSteps', 'timeLimitSeconds', 'swarm']);
    for (const s of shards) if (kind(s) !== 'mutants') usage(`merge: ${s.file} is a run report, ${files[0]} a mutants report`);
    return mergeMutants(shards, flags.json === true, out);
  }
  const shards = campaign(files, ['profile', 'scope', 'modes', 'mutant', 'seed', 'maxSteps', 'swarm']);
  for (const s of shards) if (kind(s) !== 'run') usage(`merge: ${s.file} is a mutants report, ${files[0]} a run report`);
  return mergeRuns(shards, flags.json === true, out);
}
