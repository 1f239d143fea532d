// `stackcheck history`: the hot split and the designs after it, measured by running the same
// programs on every release's model (history/), printed as a table and what it shows.

import { historySummary, historyTable, measureHistory, opsPerIteration } from '../history/measure.ts';
import { programs } from '../history/programs.ts';
import { historySvg } from '../history/svg.ts';
import { write } from './replay.ts';

/** @public */
export function historyCommand(flags: Readonly<Record<string, string | boolean | undefined>>, out: (s: string) => void): number {
  const rows = measureHistory();
  if (typeof flags['svg'] === 'string') write('svg', flags['svg'], historySvg(rows));
  if (flags['json'] === true) {
    out(JSON.stringify(rows.map((r) => ({ ...r, opsPerIteration: opsPerIteration(r) })), null, 2));
    return 0;
  }
  out([
    'stackcheck history: the same programs under each design of Go\'s goroutine stacks (linux/amd64, one goroutine, 1 KB frames)',
    ...programs.map((p) => `  ${p.name}: ${p.doc}`),
    '  go1.19* is go1.19 with shrinkstack halving a stack under half used instead of a quarter (the shrink-at-half mutant)',
    '',
    historyTable(rows),
    '',
    historySummary(rows),
  ].join('\n'));
  return 0;
}
