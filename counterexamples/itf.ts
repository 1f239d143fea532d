// The replay as an Informal Trace Format trace (Apalache ADR-015, as Quint writes it): one
// ITF state per model state, the state's fields as variables plus the action that led to
// it. Every number is {"#bigint": "..."}, lists and the runtime's linked lists are JSON
// lists, records are objects; the model has no nulls besides empty linked lists.

import type { Action, State } from '../model/index.ts';
import type { CounterexampleDoc } from './format.ts';
import type { Replay } from './replay.ts';

/** An ITF value. @public */
export type ItfValue = boolean | string | { readonly '#bigint': string } | readonly ItfValue[] | { readonly [k: string]: ItfValue };

/** @public */
export interface ItfState {
  readonly '#meta': { readonly index: number };
  readonly [variable: string]: ItfValue | { readonly index: number };
}

/** @public */
export interface ItfTrace {
  readonly '#meta': Readonly<Record<string, unknown>>;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

function isLink(v: object): boolean {
  const keys = Object.keys(v);
  return keys.length === 2 && keys[0] === 'v' && keys[1] === 'next';
}

/** Encodes a model value. @public */
export function toItfValue(v: unknown): ItfValue {
  if (v === null) return []; // an empty Link
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`ITF: not an integer: ${v}`);
    return { '#bigint': String(v) };
  }
  if (Array.isArray(v)) return v.map(toItfValue);
  if (typeof v === 'object') {
    if (isLink(v)) {
      const out: ItfValue[] = [];
      for (let l = v as { v: number; next: unknown } | null; l !== null; l = l.next as typeof l) out.push(toItfValue(l.v));
      return out;
    }
    const o: Record<string, ItfValue> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toItfValue(x);
    return o;
  }
  throw new Error(`ITF: cannot encode ${typeof v}`);
}

/** Decodes an ITF value to plain JSON: #bigint as numbers. @public */
export function ofItfValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ofItfValue);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).length === 1 && typeof o['#bigint'] === 'string') return Number(o['#bigint']);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = ofItfValue(x);
    return out;
  }
  return v;
}

const stateVars = (s: State): string[] => Object.keys(s);

/** The variables: the State's fields, then the action taken (Quint --mbt's mbt::actionTaken) and the action itself. @public */
export const actionVars = ['mbt::actionTaken', 'action'] as const;

function state(index: number, s: State, taken: string, a: Action | { kind: 'init' }): ItfState {
  const vars: Record<string, ItfValue> = {};
  for (const [k, v] of Object.entries(s)) vars[k] = toItfValue(v);
  return { '#meta': { index }, ...vars, 'mbt::actionTaken': taken, action: toItfValue(a) };
}

/** The ITF trace of a replay: the initial state, then the state after each step that produced one. @public */
export function itfTrace(file: string, doc: CounterexampleDoc, r: Replay): ItfTrace {
  const states: ItfState[] = [state(0, r.initial, 'init', { kind: 'init' })];
  for (const s of r.steps) if (s.result === 'ok') states.push(state(states.length, s.after, s.action.kind, s.action));
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: file,
      description: `stackcheck ${doc.tool.version} replay of ${doc.finding.id} (${doc.profile}${doc.mutant === null ? '' : `, mutant ${doc.mutant}`})`,
      profile: doc.profile,
      modes: doc.modes,
      mutant: doc.mutant,
      finding: r.finding,
      verdict: r.verdict,
    },
    vars: [...stateVars(r.initial), ...actionVars],
    states,
  };
}
