// A state rule's `gFields` (and `pFields`) let the incremental engine skip it on steps that
// change its goroutines (Ps) only in other fields (most calls and returns; a curg change).
// That is sound only if the rule reads no other field of a goroutine (a P): evaluate every
// such rule on the states of random traces of the correct model and of every registered
// mutant (whose states break the rules, so the paths that write messages run too), with each
// goroutine and each P behind a Proxy that records the fields read, and require every field
// read to be declared.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { go126, goRuntime, linuxAmd64, makeConfig, type Config, type G, type P, type Runtime, type State } from '../../model/index.ts';
import { mutantsOf } from '../../model/mutants/index.ts';
import { checksOf, runTrace, traceArb } from '../../properties/index.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';
import { CheckContext } from '../../properties/invariants/context.ts';
import type { StateInvariant } from '../../properties/invariants/invariant.ts';
import { spWithinStack } from '../../properties/invariants/goroutines.ts';
import { gFieldBit, gFieldsChanged } from '../../properties/invariants/g-fields.ts';
import { pFieldBit, pFieldsChanged } from '../../properties/invariants/p-fields.ts';
import { initialState } from '../../model/init.ts';

/** The fields of one kind of record a rule declares, and where the state keeps those records. */
interface Kind {
  readonly name: 'gFields' | 'pFields';
  readonly declared: (inv: StateInvariant) => readonly string[] | undefined;
  readonly wrap: (s: State, seen: Set<string>) => State;
}

function recording<T extends object>(o: T, seen: Set<string>): T {
  return new Proxy(o, { get: (x, k) => (seen.add(String(k)), x[k as keyof T]) });
}

const gKind: Kind = { name: 'gFields', declared: (i) => i.gFields, wrap: (s, seen) => ({ ...s, gs: s.gs.map((g) => recording<G>(g, seen)) }) };
const pKind: Kind = { name: 'pFields', declared: (i) => i.pFields, wrap: (s, seen) => ({ ...s, ps: s.ps.map((p) => recording<P>(p, seen)) }) };

/** The fields of `kind` each rule read, over every state of `runs` traces of the model rt. */
function fieldsRead(cfg: Config, rt: Runtime, kind: Kind, rules: readonly StateInvariant[], runs: number, read: Map<string, Set<string>>): number {
  let states = 0;
  // Any seed would do: the sample is fixed so that a failure names the same trace again.
  for (const t of fc.sample(traceArb(150), { seed: 17, numRuns: runs })) {
    const rec: State[] = [];
    try {
      runTrace(cfg, rt, t, checksOf([], false), null, false, { state: null, actions: [], record: rec });
    } catch {
      // a mutant that breaks the model itself: the states before it are kept
    }
    for (const s of rec) {
      states++;
      for (const inv of rules) {
        const seen = read.get(inv.id) ?? new Set<string>();
        read.set(inv.id, seen);
        inv.check(cfg, kind.wrap(s, seen), new CheckContext(cfg, false));
      }
    }
  }
  return states;
}

/** The rules that read a field they do not declare, with the fields. */
function undeclared(kind: Kind, rules: readonly StateInvariant[], read: Map<string, Set<string>>): string[] {
  return rules.flatMap((inv) => {
    const extra = [...(read.get(inv.id) ?? [])].filter((f) => !kind.declared(inv)!.includes(f));
    return extra.length === 0 ? [] : [`${inv.id} reads ${extra.join(', ')}`];
  });
}

describe("a state rule's gFields and pFields list every goroutine and P field it reads", () => {
  for (const [kind, least] of [[gKind, 8], [pKind, 5]] as const) {
    for (const profile of [linuxAmd64, go126]) {
      const cfg = makeConfig(profile);
      const rules = invariantsFor(profile).filter((i): i is StateInvariant => i.kind === 'state' && kind.declared(i) !== undefined);
      const models: readonly (readonly [string, Runtime])[] = [['correct model', goRuntime], ...mutantsOf(profile.release).map((m) => [m.name, m.rt] as const)];

      test(`${kind.name}, ${profile.name}: ${models.length} models, 12 traces each, every field read is declared`, () => {
        expect(rules.length, `rules that declare ${kind.name}`).toBeGreaterThan(least);
        const read = new Map<string, Set<string>>();
        let states = 0;
        for (const [, rt] of models) states += fieldsRead(cfg, rt, kind, rules, 12, read);
        expect(states).toBeGreaterThan(10000);
        expect(undeclared(kind, rules, read)).toEqual([]);
        // Every rule did read such records (else its list was never put to the test).
        for (const inv of rules) expect(read.get(inv.id)?.size ?? 0, inv.id).toBeGreaterThan(0);
      });
    }
  }

  test('the check fails a rule that leaves out a field it reads', () => {
    const cfg = makeConfig(linuxAmd64);
    const short: StateInvariant = { ...spWithinStack, gFields: spWithinStack.gFields!.filter((f) => f !== 'sp') };
    const read = new Map<string, Set<string>>();
    fieldsRead(cfg, goRuntime, gKind, [short], 3, read);
    expect(undeclared(gKind, [short], read)).toEqual([`${short.id} reads sp`]);
  });
});

test('gFieldsChanged gives each field its own bit, and nothing for an equal goroutine', () => {
  const g = initialState(makeConfig(linuxAmd64), goRuntime).gs[0];
  expect(gFieldsChanged(g, { ...g })).toBe(0);
  for (const f of Object.keys(gFieldBit) as (keyof G)[]) {
    const other = typeof g[f] === 'object' ? [] : typeof g[f] === 'boolean' ? !g[f] : typeof g[f] === 'number' ? (g[f] as number) + 1 : 'waiting';
    expect(gFieldsChanged(g, { ...g, [f]: other }), f).toBe(gFieldBit[f]);
  }
});

test('pFieldsChanged gives each field its own bit, and nothing for an equal P', () => {
  const p = initialState(makeConfig(linuxAmd64), goRuntime).ps[0];
  expect(pFieldsChanged(p, { ...p })).toBe(0);
  for (const f of Object.keys(pFieldBit) as (keyof P)[]) {
    const other = typeof p[f] === 'object' ? [] : (p[f] as number) + 1;
    expect(pFieldsChanged(p, { ...p, [f]: other }), f).toBe(pFieldBit[f]);
  }
});
