// The counterexample file: one versioned JSON document per finding, holding everything a
// replay needs (profile, scope, modes, mutant, the resolved actions) and what the run that
// found it was (seed, fast-check path, runs, steps), so a file is both a test and a record.

import { readFileSync } from 'node:fs';
import type { Action, Config, Scope } from '../model/index.ts';
import type { Counterexample } from '../properties/check.ts';
import { describeAction } from '../properties/describe.ts';
import { modeList } from '../config/index.ts';

/** The version of the file format this code writes and reads. @public */
export const formatVersion = 1;

/** What broke: an invariant id (or 'throw' for a runtime throw), the step index, the message. @public */
export interface RecordedFinding {
  readonly id: string;
  /** Index into actions of the step that broke it; -1 for the initial state. */
  readonly step: number;
  readonly message: string;
}

/** One counterexample file, version 1. @public */
export interface CounterexampleDoc {
  readonly format: typeof formatVersion;
  readonly tool: { readonly name: 'stackcheck'; readonly version: string };
  readonly profile: string;
  readonly scope: Scope;
  /** Mode names as on the command line (config/config.ts modeList). */
  readonly modes: readonly string[];
  /** The mutant's name, or null for the correct runtime. */
  readonly mutant: string | null;
  readonly seed: number;
  /** fast-check's replay path of the failing run. */
  readonly path: string;
  readonly runs: number;
  readonly maxSteps: number;
  /** Steps in the first failing trace, and fast-check's shrink count, before the minimisation. */
  readonly originalLength: number;
  readonly shrinks: number;
  readonly finding: RecordedFinding;
  /** The shrunk trace, every reference resolved to an id. */
  readonly actions: readonly Action[];
  /** describeAction of each action, for people; not read back. */
  readonly script: readonly string[];
}

let cachedVersion: string | null = null;

/** The package.json version of this stackcheck. @public */
export function toolVersion(): string {
  if (cachedVersion === null) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

/** What the run was, besides the counterexample itself. @public */
export interface RunRecord {
  readonly cfg: Config;
  readonly mutant: string | null;
  readonly seed: number;
  readonly runs: number;
  readonly maxSteps: number;
}

/** The document for a counterexample check() found. @public */
export function documentFor(run: RunRecord, cx: Counterexample): CounterexampleDoc {
  return {
    format: formatVersion,
    tool: { name: 'stackcheck', version: toolVersion() },
    profile: run.cfg.profile.name,
    scope: { ...run.cfg.scope },
    modes: modeList(run.cfg.modes),
    mutant: run.mutant,
    seed: run.seed,
    path: cx.path,
    runs: run.runs,
    maxSteps: run.maxSteps,
    originalLength: cx.originalLength,
    shrinks: cx.shrinks,
    finding: { id: cx.finding.id, step: cx.finding.step, message: cx.finding.message },
    actions: cx.actions,
    script: cx.actions.map(describeAction),
  };
}

/**
 * The file's text: two-space JSON in a fixed key order with one action (and one script
 * line) per line, so a diff of two files reads step by step. Ends in a newline.
 * @public
 */
export function serialize(doc: CounterexampleDoc): string {
  const head = {
    format: doc.format, tool: { name: doc.tool.name, version: doc.tool.version }, profile: doc.profile,
    scope: doc.scope, modes: doc.modes, mutant: doc.mutant, seed: doc.seed, path: doc.path, runs: doc.runs,
    maxSteps: doc.maxSteps, originalLength: doc.originalLength, shrinks: doc.shrinks,
    finding: { id: doc.finding.id, step: doc.finding.step, message: doc.finding.message },
  };
  const text = JSON.stringify(head, null, 2);
  const list = (items: readonly unknown[]): string =>
    items.length === 0 ? '[]' : `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  return `${text.slice(0, -2)},\n  "actions": ${list(doc.actions)},\n  "script": ${list(doc.script)}\n}\n`;
}
