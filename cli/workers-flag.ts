// --workers N of run, mutants and explore: by default the machine's cores (issue 11), so a
// newcomer's `npm start` uses them; the report is the same for any N.

import { availableParallelism } from 'node:os';
import { intFlag } from './usage.ts';

/** The machine's cores (the default of --workers). @public */
export const defaultWorkers = availableParallelism();

/** --workers as given (1 to 256), else fallback: the cores, or 1 where the work cannot be split yet (--mutant-file for run and mutants). @internal */
export function workersFlag(value: string | undefined, fallback: number = defaultWorkers): number {
  return intFlag('workers', value, fallback, 1, 256);
}
