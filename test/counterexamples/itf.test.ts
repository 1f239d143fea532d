// `stackcheck replay FILE --itf OUT`: the Informal Trace Format (Apalache ADR-015). The file
// parses back to the replayed states: every integer a {"#bigint"}, lists as lists, the
// runtime's linked lists as lists head first, records as objects, states numbered in order.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { defaultCorpusDir, loadCounterexample, ofItfValue, replay, runtimeFor, type Replay } from '../../counterexamples/index.ts';
import type { State } from '../../model/index.ts';
import { runCli } from '../cli-helpers.ts';

const file = join(defaultCorpusDir, 'frame-pointer-chain-85969ec6cc.json');

/** A model value as plain JSON, linked lists ({v, next} chains, null when empty) as arrays. */
function plain(v: unknown): unknown {
  if (v === null) return [];
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).join() === 'v,next') {
      const out: unknown[] = [];
      for (let l = o as { v: unknown; next: unknown } | null; l !== null; l = l.next as typeof l) out.push(l.v);
      return out;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function rawNumbers(v: unknown, at: string, out: string[]): void {
  if (typeof v === 'number') out.push(at);
  else if (Array.isArray(v)) v.forEach((x, i) => rawNumbers(x, `${at}[${i}]`, out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) if (k !== '#meta') rawNumbers(x, `${at}.${k}`, out);
}

async function replayed(): Promise<Replay> {
  const l = loadCounterexample(file);
  if (!l.ok) throw new Error(l.error);
  const rt = await runtimeFor(l.doc.mutant);
  if (!rt.ok) throw new Error(rt.error);
  return replay(l.doc, l.cfg, rt.rt);
}

describe('ITF output', () => {
  test('parses back to the replayed states', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stackcheck-itf-')), 'trace.itf.json');
    const r = await runCli('replay', file, '--itf', out);
    expect(r.code).toBe(1);
    const itf = JSON.parse(readFileSync(out, 'utf8')) as {
      '#meta': Record<string, unknown>; vars: string[]; states: ({ '#meta': { index: number } } & Record<string, unknown>)[];
    };
    expect(itf['#meta']).toMatchObject({ format: 'ITF', source: file, verdict: 'reproduced', finding: { id: 'frame-pointer-chain', step: 7 } });
    const rep = await replayed();
    const states: State[] = [rep.initial, ...rep.steps.filter((s) => s.result === 'ok').map((s) => s.after)];
    expect(itf.states).toHaveLength(states.length);
    expect(itf.vars).toEqual([...Object.keys(rep.initial), 'mbt::actionTaken', 'action']);
    const numbers: string[] = [];
    rawNumbers(itf.states, 'states', numbers);
    expect(numbers).toEqual([]);
    itf.states.forEach((st, i) => {
      expect(st['#meta']).toEqual({ index: i });
      expect(Object.keys(st).filter((k) => k !== '#meta')).toEqual(itf.vars);
      for (const k of Object.keys(rep.initial)) expect(ofItfValue(st[k]), `state ${i} ${k}`).toEqual(plain(states[i][k as keyof State]));
      expect(st['mbt::actionTaken']).toBe(i === 0 ? 'init' : rep.steps[i - 1].action.kind);
      expect(ofItfValue(st['action'])).toEqual(i === 0 ? { kind: 'init' } : plain(rep.steps[i - 1].action));
    });
    // A stackguard0 poison is a negative integer: it stays one.
    expect(JSON.stringify(itf.states)).not.toMatch(/"#bigint":"[^"-\d]/);
  });
});
