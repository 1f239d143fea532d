// Re-running a shrink candidate from the longest prefix it shares with a recorded run
// (prefix.ts) gives exactly what running it from the initial state gives.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { linuxAmd64, makeConfig } from '../../model/index.ts';
import { mutants } from '../../model/mutants/index.ts';
import { checksOf, runTrace, traceArb } from '../../properties/index.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';
import { runFromPrefix } from '../../properties/prefix.ts';

const cfg = makeConfig(linuxAmd64);
const checks = checksOf(invariantsFor(cfg.profile));

test('a candidate re-run from a recorded prefix ends as a fresh run of it does', () => {
  // A mutant, so that some candidates fail and become the recording the next ones start from.
  const rt = mutants.find((x) => x.name === 'shrink-at-half')!.rt;
  fc.assert(fc.property(traceArb(120), fc.array(fc.nat(119), { minLength: 1, maxLength: 6 }), (steps, cuts) => {
    let rec = runFromPrefix(cfg, rt, steps, checks, false, null).rec;
    let current = steps;
    for (const cut of cuts) {
      const at = cut % Math.max(1, current.length);
      const candidate = current.slice(0, at).concat(current.slice(at + 1));
      const fresh = runTrace(cfg, rt, candidate, checks, null);
      const reused = runFromPrefix(cfg, rt, candidate, checks, false, rec);
      expect(reused.result.actions).toEqual(fresh.actions);
      expect(reused.result.finding).toEqual(fresh.finding);
      expect(reused.result.terminal).toEqual(fresh.terminal);
      expect(reused.result.final).toEqual(fresh.final);
      if (fresh.finding !== null) {
        rec = reused.rec;
        current = candidate;
      }
    }
  }), { seed: 11, numRuns: 40 }); // fixed seed: the suite stays deterministic; any seed must pass
});
