// The benchmark: `npm run bench`. Figures, not assertions: a timed test would be flaky.

import { benchMutants } from './mutants.ts';
import { benchSteps } from './steps.ts';

console.log(benchSteps());
console.log(`\n${benchMutants()}`);
