// Regenerates the corpus entries of the local faults: `npx tsx test/counterexamples/seed-corpus.ts`.
// Each fault is checked with the run defaults and its counterexample saved exactly as
// `stackcheck run` saves one (documentFor + saveCounterexample); existing files are reused.

import { linuxAmd64, makeConfig, windowsAmd64 } from '../../model/index.ts';
import { check } from '../../properties/check.ts';
import { documentFor } from '../../counterexamples/format.ts';
import { saveCounterexample } from '../../counterexamples/save.ts';
import { localFaults } from './faults.ts';

const plan: readonly { mutant: string; cfg: ReturnType<typeof makeConfig> }[] = [
  { mutant: 'local-stackpoolfree-no-decrement', cfg: makeConfig(linuxAmd64) },
  { mutant: 'local-adjustctxt-none', cfg: makeConfig(linuxAmd64) },
  { mutant: 'local-stackcache-clear-keeps', cfg: makeConfig(windowsAmd64) },
  { mutant: 'local-stackpoolfree-frees-during-gc', cfg: makeConfig(linuxAmd64) },
];

for (const { mutant, cfg } of plan) {
  const run = { cfg, mutant, seed: 1, runs: 500, maxSteps: 300 };
  const r = check({ ...run, rt: localFaults[mutant] });
  if (r.counterexample === null) {
    console.log(`${mutant}: nothing found`);
    continue;
  }
  const saved = saveCounterexample(documentFor(run, r.counterexample));
  console.log(`${mutant}: ${r.counterexample.finding.id} at step ${r.counterexample.finding.step}: ${saved.path}${saved.reused ? ' (reused)' : ''}`);
}
