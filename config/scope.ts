// The scope's keys and the range of each that the model can run in, and the parser of
// "key=value,..." over the defaults. Every value is checked exactly (digits, own keys of
// the default scope, integer powers of two), so a value that passes here builds a model.

import { defaultScope, type Scope } from '../model/profile.ts';
import { usage } from './usage-error.ts';

/** Inclusive bounds of one scope key, and why the upper one is there. @public */
export interface ScopeRange {
  readonly min: number;
  readonly max: number;
  readonly note?: string;
}

/**
 * The range of every key. Upper bounds keep the model's per-state arrays small enough to
 * copy per step (heap objects × fields, channels, goroutines) and the sweep bit set of Ps
 * within 30 bits; the runtime's own values are within them where it has one (gFree spill 64).
 * @public
 */
export const scopeRanges: Readonly<Record<keyof Scope, ScopeRange>> = {
  arenaPages: { min: 8, max: 65_536, note: 'and enough for the initial state' },
  maxstacksize: { min: 8192, max: 2 ** 30, note: 'a power of two' },
  gFreeSpill: { min: 2, max: 64 },
  procs: { min: 1, max: 30, note: 'at most maxProcs' },
  maxProcs: { min: 1, max: 30 },
  maxGoroutines: { min: 2, max: 1000 },
  maxMs: { min: 0, max: 32 },
  heapObjects: { min: 1, max: 1024 },
  heapObjectFields: { min: 1, max: 64 },
  chans: { min: 1, max: 64 },
};

/** The scope keys, in the default scope's order. @public */
export const scopeKeys = Object.keys(defaultScope) as (keyof Scope)[];

function isScopeKey(k: string): k is keyof Scope {
  return Object.hasOwn(defaultScope, k);
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** The ranges as help text: "arenaPages 8..65536 (and enough ...), ...". @public */
export function scopeRangesText(): string {
  return scopeKeys.map((k) => {
    const r = scopeRanges[k];
    return `${k} ${r.min}..${r.max}${r.note === undefined ? '' : ` (${r.note})`}`;
  }).join(', ');
}

/** Checks one value (given as the user wrote it) against its key's range. */
function scopeValue(key: keyof Scope, text: string): number {
  const r = scopeRanges[key];
  if (!/^\d+$/.test(text)) usage(`scope: ${key} takes a whole number, not '${text}'`);
  // More than 15 digits is beyond every range; Number() would round it before the check.
  const n = text.length > 15 ? Number.POSITIVE_INFINITY : Number(text);
  if (n < r.min || n > r.max) usage(`scope: ${key} must be between ${r.min} and ${r.max}, not ${text}`);
  return n;
}

/** Checks a whole scope: each key's range and the relations between keys. @public */
export function checkScope(s: Scope): Scope {
  for (const k of scopeKeys) {
    const r = scopeRanges[k];
    const v = s[k];
    if (!Number.isSafeInteger(v) || v < r.min || v > r.max) usage(`scope: ${k} must be between ${r.min} and ${r.max}, not ${v}`);
  }
  if (s.procs > s.maxProcs) usage(`scope: procs must be between 1 and maxProcs (${s.maxProcs}), not ${s.procs}`);
  if (!isPowerOfTwo(s.maxstacksize)) usage(`scope: maxstacksize must be a power of two, not ${s.maxstacksize}`);
  return s;
}

/** Parses "key=value,key=value" over the default scope (or base: an explore preset's); a key given twice is refused. @public */
export function parseScope(text: string | undefined, base: Scope = defaultScope): Scope {
  if (text === undefined || text === '') return base;
  const scope: Record<string, number> = { ...base };
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(\S*)\s*$/.exec(part);
    if (m === null) usage(`--scope takes key=value pairs separated by commas, not '${part}'`);
    const [, key, value] = m;
    if (!isScopeKey(key)) usage(`unknown scope key '${key}' (valid: ${scopeKeys.join(', ')})`);
    if (seen.has(key)) usage(`scope: ${key} is given twice`);
    seen.add(key);
    scope[key] = scopeValue(key, value);
  }
  return checkScope(scope as unknown as Scope);
}
