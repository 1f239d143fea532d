// The benchmark: `npm run bench [-- steps|scaling|mutants|explore ...]` (all by default).
// Figures, not assertions: a timed test would be flaky.

import { benchExplore } from './explore.ts';
import { benchMutants } from './mutants.ts';
import { benchScaling } from './scaling.ts';
import { benchSteps } from './steps.ts';

const parts: Record<string, () => string> = { steps: benchSteps, scaling: benchScaling, mutants: benchMutants, explore: benchExplore };
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(a in parts));
if (unknown.length > 0) {
  console.error(`bench: unknown part ${unknown.join(', ')} (parts: ${Object.keys(parts).join(', ')})`);
  process.exit(2);
}
const run = asked.length > 0 ? asked : Object.keys(parts);
console.log(run.map((p) => parts[p]()).join('\n\n'));
