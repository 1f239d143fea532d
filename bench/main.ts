// The benchmark: `npm run bench [-- steps|scaling|mutants|explore|shortest|workers|conform|startup ...]` (all by default).
// Figures, not assertions: a timed test would be flaky.

import { progressEnabled, statusLine } from '../cli/progress.ts';
import type { BenchProgress } from './progress.ts';
import { benchConform } from './conform.ts';
import { benchExplore } from './explore.ts';
import { benchMutants } from './mutants.ts';
import { benchScaling } from './scaling.ts';
import { benchShortest } from './shortest.ts';
import { benchStartup } from './startup.ts';
import { benchSteps } from './steps.ts';
import { benchWorkers } from './workers.ts';

const parts: Record<string, (progress: BenchProgress) => string | Promise<string>> = {
  steps: benchSteps, scaling: benchScaling, mutants: benchMutants, explore: benchExplore, shortest: benchShortest, workers: benchWorkers, conform: benchConform, startup: benchStartup,
};
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in parts));
if (unknown.length > 0) {
  console.error(`bench: unknown part ${unknown.join(', ')} (parts: ${Object.keys(parts).join(', ')})`);
  process.exit(2);
}
const run = asked.length > 0 ? asked : Object.keys(parts);
// Each part prints when it is done; on a terminal a line on stderr says which part runs,
// what inside it (the part reports its phase from its inner loops, so the line moves at
// least every half second), the time so far and the parts left.
const line = statusLine(progressEnabled(false));
const started = performance.now();
for (const [k, p] of run.entries()) {
  const left = run.slice(k + 1);
  const head = `bench: part ${k + 1} of ${run.length}: ${p}`;
  const tail = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s so far; left: ${left.length > 0 ? left.join(', ') : 'nothing'}`;
  line.show(() => `${head} (${tail()})`);
  const text = await parts[p]((phase) => line.show(() => `${head}: ${phase()} (${tail()})`));
  line.done();
  console.log(k > 0 ? `\n${text}` : text);
}
