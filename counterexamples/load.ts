// Loading a counterexample file: strict checks of the version, every field and every
// action against the model's Action union and the recorded config. A bad file gives one
// line naming the file and the problem, never a stack trace.

import { readInput } from '../config/read-input.ts';
import { buildableConfig, checkScope, parseModes, profileNamed, scopeKeys, UsageError } from '../config/index.ts';
import { modeNames, type Config, type Scope } from '../model/index.ts';
import { invariantById } from '../properties/invariants/catalog.ts';
import { readAction } from './action-schema.ts';
import { formatVersion, type CounterexampleDoc } from './format.ts';
import { BadField, bad, int, kindOf, list, record, str } from './read-json.ts';

/** A loaded file: the document and the config it replays under, or a one-line error. @public */
export type LoadResult =
  | { readonly ok: true; readonly doc: CounterexampleDoc; readonly cfg: Config }
  | { readonly ok: false; readonly error: string };

const docKeys = [
  'format', 'tool', 'profile', 'scope', 'modes', 'mutant', 'seed', 'path', 'runs', 'maxSteps', 'originalLength',
  'shrinks', 'finding', 'actions', 'script',
] as const satisfies readonly (keyof CounterexampleDoc)[];

function readScope(v: unknown): Scope {
  const o = record(v, 'scope', scopeKeys);
  const out: Record<string, number> = {};
  for (const k of scopeKeys) out[k] = int(o[k], `scope.${k}`, 0, Number.MAX_SAFE_INTEGER);
  return out as unknown as Scope;
}

function readModes(v: unknown): string[] {
  const modes = list(v, 'modes').map((m, i) => str(m, `modes[${i}]`));
  for (const m of modes) if (!(modeNames as readonly string[]).includes(m)) bad(`modes: unknown mode '${m}' (valid: ${modeNames.join(', ')})`);
  if (new Set(modes).size !== modes.length) bad('modes: a mode is listed twice');
  return modes;
}

function readConfig(profile: string, scope: Scope, modes: readonly string[]): Config {
  try {
    return buildableConfig(profileNamed(profile), checkScope(scope), parseModes(modes.join(',')));
  } catch (e) {
    if (e instanceof UsageError) return bad(e.message);
    throw e;
  }
}

/** Checks a parsed JSON value as a counterexample document. Throws BadField. */
function readDoc(v: unknown): { doc: CounterexampleDoc; cfg: Config } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`expected a JSON object, got ${kindOf(v)}`);
  const version = (v as Record<string, unknown>)['format'];
  if (version === undefined) bad("missing field 'format' (not a stackcheck counterexample?)");
  if (typeof version !== 'number') bad(`format: expected the number ${formatVersion}, got ${typeof version === 'string' ? `the string ${kindOf(version)}` : kindOf(version)}`);
  if (version !== formatVersion) bad(`unknown format version ${kindOf(version)} (this stackcheck reads version ${formatVersion})`);
  const o = record(v, 'document', docKeys);
  const tool = record(o['tool'], 'tool', ['name', 'version']);
  if (tool['name'] !== 'stackcheck') bad(`tool.name: expected 'stackcheck', got ${kindOf(tool['name'])}`);
  const profile = str(o['profile'], 'profile');
  const scope = readScope(o['scope']);
  const modes = readModes(o['modes']);
  const cfg = readConfig(profile, scope, modes);
  const mutant = o['mutant'] === null ? null : str(o['mutant'], 'mutant');
  if (mutant === '') bad('mutant: empty name (use null for the correct runtime)');
  const actions = list(o['actions'], 'actions').map((a, i) => readAction(cfg, a, `actions[${i}]`));
  const script = list(o['script'], 'script').map((s, i) => str(s, `script[${i}]`));
  if (script.length !== actions.length) bad(`script: ${script.length} lines for ${actions.length} actions`);
  const f = record(o['finding'], 'finding', ['id', 'step', 'message']);
  const id = str(f['id'], 'finding.id');
  if (id !== 'throw' && invariantById(id) === undefined) bad(`finding.id: unknown invariant '${id}'`);
  const doc: CounterexampleDoc = {
    format: formatVersion,
    tool: { name: 'stackcheck', version: str(tool['version'], 'tool.version') },
    profile, scope, modes, mutant,
    seed: int(o['seed'], 'seed', 0, 0x7fffffff),
    path: str(o['path'], 'path'),
    runs: int(o['runs'], 'runs', 1, Number.MAX_SAFE_INTEGER),
    maxSteps: int(o['maxSteps'], 'maxSteps', 1, Number.MAX_SAFE_INTEGER),
    originalLength: int(o['originalLength'], 'originalLength', 0, Number.MAX_SAFE_INTEGER),
    shrinks: int(o['shrinks'], 'shrinks', 0, Number.MAX_SAFE_INTEGER),
    finding: { id, step: int(f['step'], 'finding.step', -1, actions.length - 1), message: str(f['message'], 'finding.message') },
    actions, script,
  };
  if (!/^[0-9:]*$/.test(doc.path)) bad(`path: not a fast-check path: ${kindOf(doc.path)}`);
  return { doc, cfg };
}

/** Parses a file's text; `file` names it in the error. @public */
export function parseCounterexample(text: string, file: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = text.trim() === '' ? 'empty file' : `not JSON (${(e as Error).message.split('\n')[0]}${looksTruncated(text) ? '; truncated?' : ''})`;
    return { ok: false, error: `${file}: ${why}` };
  }
  try {
    return { ok: true, ...readDoc(value) };
  } catch (e) {
    if (e instanceof BadField) return { ok: false, error: `${file}: ${e.message}` };
    throw e;
  }
}

function looksTruncated(text: string): boolean {
  const t = text.trimEnd();
  return t.startsWith('{') && !t.endsWith('}');
}

/** The largest counterexample file replay reads (a 10^6-step trace is about 60 MiB). @public */
export const counterexampleCap = 128 * 2 ** 20;

/** Reads and parses a counterexample file. @public */
export function loadCounterexample(file: string): LoadResult {
  const r = readInput(file, counterexampleCap, 'counterexample file');
  if (!r.ok) return { ok: false, error: `${file}: ${r.error}` };
  return parseCounterexample(r.bytes.toString('utf8'), file);
}
