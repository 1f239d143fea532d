// `stackcheck history`: the same programs under every design Go's goroutine stacks have had,
// measured by running the models (no figure is typed in), printed as a table.

import { linuxAmd64 } from '../model/index.ts';
import { shrinkAtHalf } from '../model/mutants/shrink-at-half.ts';
import { segProfiles } from '../model/segmented/index.ts';
import { runContiguous } from './contiguous-driver.ts';
import { programs, type Measured, type Program } from './programs.ts';
import { runSegmented } from './segmented-driver.ts';

/** A release as the history table shows it. @public */
export interface HistoryProfile {
  readonly name: string;
  readonly design: string;
  readonly run: (p: Program) => Measured;
}

/** Every design, oldest first. @public */
export const historyProfiles: readonly HistoryProfile[] = [
  { name: 'go1.1', design: 'segmented, 4 KB', run: (p) => runSegmented(segProfiles['go1.1'], p) },
  { name: 'go1.2', design: 'segmented, 8 KB', run: (p) => runSegmented(segProfiles['go1.2'], p) },
  { name: 'go1.3', design: 'copied, 8 KB', run: (p) => runSegmented(segProfiles['go1.3'], p) },
  { name: 'go1.4', design: 'copied, 2 KB', run: (p) => runSegmented(segProfiles['go1.4'], p) },
  { name: 'go1.19', design: 'copied, 2 KB', run: (p) => runContiguous(linuxAmd64, p) },
  // What the quarter rule buys: the same release with shrinkstack's test at a half (the shrink-at-half mutant).
  { name: 'go1.19*', design: 'shrink at 1/2', run: (p) => runContiguous(linuxAmd64, p, shrinkAtHalf.rt) },
];

/** One row: a program under a release. @public */
export interface HistoryRow {
  readonly program: string;
  readonly profile: string;
  readonly design: string;
  readonly iterations: number;
  readonly m: Measured;
}

/** Runs every program under every release. @public */
export function measureHistory(): HistoryRow[] {
  return programs.flatMap((p) => historyProfiles.map((h) => ({ program: p.name, profile: h.name, design: h.design, iterations: p.iterations, m: h.run(p) })));
}

const kib = (n: number): string => `${(n / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`;
const per = (n: number, d: number): string => (n === 0 ? '0' : (n / d).toLocaleString('en-US', { maximumFractionDigits: 3 }));

/** Stack operations (segments linked or freed, grows, shrinks) per iteration of the program's loop. @public */
export function opsPerIteration(r: HistoryRow): number {
  return (r.m.segAllocs + r.m.segFrees + r.m.grows + r.m.shrinks) / r.iterations;
}

/** The table `stackcheck history` prints. @public */
export function historyTable(rows: readonly HistoryRow[]): string {
  const head = ['program', 'release', 'design', 'iter', 'seg alloc', 'seg free', 'grows', 'shrinks', 'ops/iter', 'copied', 'peak', 'at end'];
  const body = rows.map((r) => [
    r.program, r.profile, r.design, String(r.iterations), String(r.m.segAllocs), String(r.m.segFrees), String(r.m.grows), String(r.m.shrinks),
    per(opsPerIteration(r) * r.iterations, r.iterations), kib(r.m.bytesCopied), kib(r.m.peakBytes), kib(r.m.endBytes),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}

/** What the table shows, in sentences whose numbers are the rows'. @public */
export function historySummary(rows: readonly HistoryRow[]): string {
  const row = (program: string, profile: string): HistoryRow => {
    const r = rows.find((x) => x.program === program && x.profile === profile);
    if (r === undefined) throw new Error(`history: no row ${program} ${profile}`);
    return r;
  };
  const loop12 = row(programs[0].name, 'go1.2');
  const loop13 = row(programs[0].name, 'go1.3');
  const loop119 = row(programs[0].name, 'go1.19');
  const rest119 = row(programs[3].name, 'go1.19');
  const restHalf = row(programs[3].name, 'go1.19*');
  return [
    `hot split: under go1.2 the boundary loop links and frees a segment on each of its ${loop12.iterations} calls ` +
      `(${loop12.m.segAllocs} allocations, ${loop12.m.segFrees} frees); go1.3 copies once (${loop13.m.grows} grow) and go1.19 once (${loop119.m.grows}), then every call fits.`,
    `growth is one-time: a copied stack keeps its size until a GC finds it less than a quarter used, so the deep recursion costs ` +
      `${row(programs[1].name, 'go1.19').m.grows} copies under go1.19 against ${row(programs[1].name, 'go1.2').m.segAllocs} segments under go1.2.`,
    `the quarter rule: resting at 3/8 of its stack through ${rest119.iterations} GCs, go1.19 shrinks ${rest119.m.shrinks} times; ` +
      `with the test at a half (go1.19*) it shrinks ${restHalf.m.shrinks} times and grows back ${restHalf.m.grows} (${kib(restHalf.m.bytesCopied)} copied).`,
  ].join('\n');
}
