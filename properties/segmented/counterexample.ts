// A finding under a historical profile (go1.1-go1.4) as a counterexample file: one JSON
// document with the profile, scope, mutant and the shrunk trace (every step enabled), marked
// `"model": "historical"` so `stackcheck replay` knows which model replays it. Replay runs
// the trace strictly and says whether the same rule still breaks at the same step.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultSegScope, SEG_FUNCS, segActionKinds, segDescribe, segProfiles, segRuntimeFor,
  type SegAction, type SegConfig, type SegRuntime, type SegScope,
} from '../../model/segmented/index.ts';
import { segMutantRuntime, segMutantsFor } from '../../model/segmented/mutants.ts';
import { writeFileAtomically } from '../../counterexamples/save.ts';
import { toolVersion } from '../../counterexamples/format.ts';
import { bad, BadField, int, kindOf, list, record, str } from '../../counterexamples/read-json.ts';
import { segInvariantsFor } from './invariants.ts';
import { segReplay, type SegCheckOptions, type SegFinding, type SegVerdict } from './run.ts';

/** @public */
export interface SegCounterexampleDoc {
  readonly format: 1;
  readonly model: 'historical';
  readonly tool: { readonly name: 'stackcheck'; readonly version: string };
  readonly profile: string;
  readonly scope: SegScope;
  readonly mutant: string | null;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
  /** The run that found it and the length of its trace before shrinking. */
  readonly run: number;
  readonly originalLength: number;
  /** The rule (an invariant name, or `throw "..."`), the index of the step that broke it, the message. */
  readonly finding: { readonly id: string; readonly step: number; readonly message: string };
  readonly actions: readonly SegAction[];
  /** segDescribe of each action, for people; not read back. */
  readonly script: readonly string[];
}

/** The document for a finding of segCheck. @public */
export function segDocumentFor(o: SegCheckOptions, mutant: string | null, f: SegFinding): SegCounterexampleDoc {
  return {
    format: 1, model: 'historical', tool: { name: 'stackcheck', version: toolVersion() },
    profile: o.cfg.profile.name, scope: o.cfg.scope, mutant, seed: o.seed, runs: o.runs, maxSteps: o.maxSteps,
    run: f.run, originalLength: f.shrunkFrom, finding: { id: f.rule, step: f.actions.length - 1, message: f.message },
    actions: f.actions, script: f.actions.map(segDescribe),
  };
}

/** The file's text: the head indented, one action per line. @public */
export function segSerialize(doc: SegCounterexampleDoc): string {
  const { actions, script, ...head } = doc;
  const lines = (xs: readonly unknown[]): string => (xs.length === 0 ? '[]' : `[\n${xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`);
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "actions": ${lines(actions)},\n  "script": ${lines(script)}\n}\n`;
}

/** Saves doc into dir as RULE-HASH.json (the hash over what replays); the same content reuses the file. @public */
export function saveSegCounterexample(doc: SegCounterexampleDoc, dir: string): { readonly path: string; readonly reused: boolean } {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(JSON.stringify([doc.profile, doc.scope, doc.mutant, doc.actions])).digest('hex').slice(0, 10);
  const path = join(dir, `${doc.finding.id.replace(/[^A-Za-z0-9_-]/g, '_')}-${hash}.json`);
  const text = segSerialize(doc);
  let existing: string | null = null;
  try {
    existing = readFileSync(path, 'utf8');
  } catch {
    existing = null;
  }
  if (existing === text) return { path, reused: true };
  writeFileAtomically(path, text);
  return { path, reused: false };
}

/** Whether a parsed counterexample file is one of the historical model's. @public */
export function isSegDocument(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)['model'] === 'historical';
}

const scopeKeys = Object.keys(defaultSegScope) as (keyof SegScope)[];
/** What a file's scope may hold: small enough that a replay cannot exhaust this machine. */
const scopeRange: Record<keyof SegScope, [number, number]> = {
  sysBatches: [0, 1024], heapBytes: [8192, 1 << 30], maxstacksize: [8192, 1 << 30], procs: [1, 32], maxGoroutines: [1, 1024], gFreeSpill: [2, 64],
};

function readAction(v: unknown, at: string, gs: number): SegAction {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${at}: expected an object, got ${kindOf(v)}`);
  const kind = str((v as Record<string, unknown>)['kind'], `${at}.kind`);
  if (!(segActionKinds as readonly string[]).includes(kind)) bad(`${at}.kind: unknown action '${kind}' (valid: ${segActionKinds.join(', ')})`);
  const need = (k: string, min: number, max: number): number => int(o[k], `${at}.${k}`, min, max);
  const fields = kind === 'gc' ? [] : kind === 'execute' ? ['g', 'p'] : kind === 'call' ? ['g', 'fn', 'ptr'] : ['g'];
  const o = record(v, at, ['kind', ...fields]);
  if (kind === 'gc') return { kind };
  const g = need('g', 0, gs - 1);
  if (kind === 'execute') return { kind, g, p: need('p', 0, 63) };
  if (kind === 'call') return { kind, g, fn: need('fn', 0, SEG_FUNCS.length - 1), ptr: need('ptr', -1, 1 << 20) };
  return { kind: kind as 'newproc' | 'gosched' | 'ret' | 'goexit', g };
}

/** A loaded historical file: the document with the config and routines it replays under. @public */
export type SegLoaded = { readonly doc: SegCounterexampleDoc; readonly cfg: SegConfig; readonly rt: SegRuntime };

/** Checks a parsed JSON value as a historical counterexample; a problem is one line naming the file. @public */
export function readSegDocument(v: unknown, file: string): { ok: true; loaded: SegLoaded } | { ok: false; error: string } {
  try {
    const o = record(v, 'document', ['format', 'model', 'tool', 'profile', 'scope', 'mutant', 'seed', 'runs', 'maxSteps', 'run', 'originalLength', 'finding', 'actions', 'script']);
    if (o['format'] !== 1) bad(`unknown format version ${kindOf(o['format'])} (this stackcheck reads version 1)`);
    const tool = record(o['tool'], 'tool', ['name', 'version']);
    if (tool['name'] !== 'stackcheck') bad(`tool.name: expected 'stackcheck', got ${kindOf(tool['name'])}`);
    const profile = str(o['profile'], 'profile');
    if (!Object.hasOwn(segProfiles, profile)) bad(`profile: '${profile}' is no historical profile (valid: ${Object.keys(segProfiles).join(', ')})`);
    const so = record(o['scope'], 'scope', scopeKeys);
    const scope = Object.fromEntries(scopeKeys.map((k) => [k, int(so[k], `scope.${k}`, ...scopeRange[k])])) as unknown as SegScope;
    const p = segProfiles[profile];
    const mutant = o['mutant'] === null ? null : str(o['mutant'], 'mutant');
    const m = mutant === null ? undefined : segMutantsFor(profile).find((x) => x.name === mutant);
    if (mutant !== null && m === undefined) bad(`mutant: unknown mutant '${mutant}' for ${profile} (valid: ${segMutantsFor(profile).map((x) => x.name).join(', ')})`);
    const actions = list(o['actions'], 'actions', 1_000_000).map((a, i) => readAction(a, `actions[${i}]`, scope.maxGoroutines));
    const script = list(o['script'], 'script').map((x, i) => str(x, `script[${i}]`));
    if (script.length !== actions.length) bad(`script: ${script.length} lines for ${actions.length} actions`);
    const f = record(o['finding'], 'finding', ['id', 'step', 'message']);
    const id = str(f['id'], 'finding.id');
    if (!id.startsWith('throw "') && !segInvariantsFor(profile).some((i) => i.name === id)) bad(`finding.id: '${id}' is no rule of ${profile}`);
    const doc: SegCounterexampleDoc = {
      format: 1, model: 'historical', tool: { name: 'stackcheck', version: str(tool['version'], 'tool.version') }, profile, scope, mutant,
      seed: int(o['seed'], 'seed', 0, 0x7fffffff), runs: int(o['runs'], 'runs', 1, Number.MAX_SAFE_INTEGER),
      maxSteps: int(o['maxSteps'], 'maxSteps', 1, Number.MAX_SAFE_INTEGER), run: int(o['run'], 'run', 0, Number.MAX_SAFE_INTEGER),
      originalLength: int(o['originalLength'], 'originalLength', 0, Number.MAX_SAFE_INTEGER),
      finding: { id, step: int(f['step'], 'finding.step', 0, Math.max(0, actions.length - 1)), message: str(f['message'], 'finding.message') },
      actions, script,
    };
    const rt = m === undefined ? segRuntimeFor(p) : segMutantRuntime(m, p);
    return { ok: true, loaded: { doc, cfg: { profile: p, scope }, rt } };
  } catch (e) {
    if (e instanceof BadField) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}

/** What replaying a file found: the same finding, none (the routines no longer break), or something else. @public */
export function replaySeg(l: SegLoaded): { readonly verdict: 'reproduces' | 'passes' | 'stale'; readonly got: SegVerdict } {
  const got = segReplay({ cfg: l.cfg, rt: l.rt }, l.doc.actions);
  if (got.kind === 'violation' && got.rule === l.doc.finding.id && got.at === l.doc.finding.step && got.message === l.doc.finding.message) return { verdict: 'reproduces', got };
  if (got.kind === 'end' && got.outcome === 'completed') return { verdict: 'passes', got };
  return { verdict: 'stale', got };
}

/** The line replay prints. @public */
export function segVerdictLine(file: string, doc: SegCounterexampleDoc, r: ReturnType<typeof replaySeg>): string {
  const what = `${doc.profile}${doc.mutant === null ? '' : `, mutant ${doc.mutant}`}`;
  if (r.verdict === 'reproduces') return `${file}: reproduced at step ${doc.finding.step} of ${doc.actions.length} (${what}): ${doc.finding.id}: ${doc.finding.message}`;
  if (r.verdict === 'passes') return `${file}: passes now (${what}): no rule breaks in its ${doc.actions.length} steps`;
  const g = r.got;
  const now = g.kind === 'violation' ? `${g.rule} at step ${g.at}` : g.kind === 'disabled' ? `step ${g.at} (${doc.script[g.at]}) is not enabled` : `the run ends in ${g.outcome}`;
  return `${file}: stale (${what}): recorded ${doc.finding.id} at step ${doc.finding.step}, now ${now}`;
}
