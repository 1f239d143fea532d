// The API for a user's own mutant file (`stackcheck run --mutant-file PATH`): a module that
// default-exports, or exports as `mutant`, `{ name, doc, replace: { routineName: fn } }`.
// This file only validates the module's value; cli/mutant-file.ts loads it. See README.md.

import { goRuntime, type RoutineName } from '../runtime.ts';
import { defineMutant, type Mutant, type Replacement } from './define.ts';

/** What a mutant file exports. @public */
export interface UserMutant {
  readonly name: string;
  readonly doc?: string;
  /** Routine name → replacement with the same signature as goRuntime's (model/runtime.ts). */
  readonly replace: Replacement;
}

const routineNames = new Set(Object.keys(goRuntime));

/** Whether a string names a routine of the table. @public */
export function isRoutineName(k: string): k is RoutineName {
  return routineNames.has(k);
}

/** The mutant a loaded module describes, or a one-line reason it does not describe one. @public */
export function mutantFromModule(mod: Readonly<Record<string, unknown>>): Mutant | string {
  const value = mod['mutant'] ?? mod['default'];
  if (value === undefined) return 'the module exports neither `mutant` nor a default export';
  if (typeof value !== 'object' || value === null) return 'the exported mutant is not an object';
  const o = value as Record<string, unknown>;
  if (typeof o['name'] !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(o['name'])) return 'mutant.name must be a non-empty name of letters, digits, ".", "_" or "-"';
  if (o['doc'] !== undefined && typeof o['doc'] !== 'string') return 'mutant.doc must be a string';
  const replace = o['replace'];
  if (typeof replace !== 'object' || replace === null) return 'mutant.replace must be an object of routine name -> function';
  const keys = Object.keys(replace);
  if (keys.length === 0) return 'mutant.replace replaces no routine';
  for (const k of keys) {
    if (!isRoutineName(k)) return `mutant.replace.${k} is not a runtime routine (see model/runtime.ts; e.g. ${[...routineNames].slice(0, 4).join(', ')}, ...)`;
    if (typeof (replace as Record<string, unknown>)[k] !== 'function') return `mutant.replace.${k} is not a function`;
  }
  const doc = typeof o['doc'] === 'string' ? o['doc'] : '';
  return defineMutant({
    name: o['name'], title: doc.split('. ')[0] ?? '', doc, issue: 'user mutant', caughtBy: [],
    replace: replace as Replacement,
  });
}
