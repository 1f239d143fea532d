// The benchmark: `npm run bench`. Figures, not assertions: a timed test would be flaky.

import { benchSteps } from './steps.ts';

console.log(benchSteps());
