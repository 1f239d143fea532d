// `node scripts/mutants-vs.mjs REV [REPS]`: `stackcheck mutants`' hunts at git revision REV
// against the working tree, in one process. Each tree's check is bundled with esbuild; every
// mutant REV has for go1.19 is hunted with the default budget (seed 1, 1000 runs of 300
// steps, 10 s), the two trees alternating, REPS times each (default 3), after one warm-up
// hunt each. It prints each mutant's median CPU time and shrunk length in both, the totals
// and their ratio, and the mutants whose counterexample got longer. CPU time, not wall
// clock, and interleaved, so that load from other processes hits both trees alike.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';

const [rev, repsText = '3'] = process.argv.slice(2);
const reps = Number(repsText);
if (rev === undefined || !Number.isInteger(reps) || reps < 1) {
  console.error('usage: node scripts/mutants-vs.mjs REV [REPS]');
  process.exit(2);
}
const here = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'stackcheck-vs-'));

// What each tree runs: the same few entry points, which every revision since the mutants existed has.
const entry = `
import { check } from './properties/check.ts';
import { mutantDefaults } from './cli/mutants.ts';
import { mutants } from './model/mutants/index.ts';
import { linuxAmd64, makeConfig } from './model/index.ts';
const cfg = makeConfig(linuxAmd64);
export const names = mutants.filter((m) => m.releases === undefined || m.releases.includes('go1.19')).map((m) => m.name);
export function hunt(name) {
  const m = mutants.find((x) => x.name === name);
  const c0 = process.cpuUsage();
  const r = check({ cfg, rt: m.rt, seed: mutantDefaults.seed, runs: mutantDefaults.runs, maxSteps: mutantDefaults.maxSteps, timeLimitMs: mutantDefaults.timeLimitSeconds * 1000 });
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, len: r.counterexample?.actions.length ?? null, by: r.counterexample?.finding.id ?? null };
}
`;

/** Bundles the entry against the tree at root into work/name.mjs and loads it. */
async function load(root, name) {
  const file = join(root, '.mutants-vs-entry.ts');
  writeFileSync(file, entry);
  try {
    buildSync({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', outfile: join(work, `${name}.mjs`), packages: 'external', logLevel: 'error' });
  } finally {
    rmSync(file);
  }
  return import(pathToFileURL(join(work, `${name}.mjs`)).href);
}

try {
  const old = join(work, 'tree');
  execFileSync('sh', ['-c', `mkdir -p "${old}" && git -C "${here}" archive "${rev}" | tar -x -C "${old}"`]);
  symlinkSync(join(here, 'node_modules'), join(old, 'node_modules'));
  symlinkSync(join(here, 'node_modules'), join(work, 'node_modules'));
  const before = await load(old, 'before');
  const now = await load(here, 'now');
  const names = before.names.filter((n) => now.names.includes(n));
  before.hunt(names[0]);
  now.hunt(names[0]);
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  let tb = 0, tn = 0;
  const longer = [];
  const w = Math.max(...names.map((n) => n.length));
  console.log(`mutants at ${rev} against the working tree: CPU ms, median of ${reps}, and shrunk length`);
  for (const n of names) {
    const b = [], c = [];
    let rb, rn;
    for (let i = 0; i < reps; i++) {
      rb = before.hunt(n);
      b.push(rb.ms);
      rn = now.hunt(n);
      c.push(rn.ms);
    }
    tb += median(b);
    tn += median(c);
    if (rn.len === null || (rb.len !== null && rn.len > rb.len)) longer.push(`${n} (${rb.len} -> ${rn.len})`);
    console.log(`  ${n.padEnd(w)}  ${median(b).toFixed(0).padStart(6)} ms ${String(rb.len).padStart(3)}  |  ${median(c).toFixed(0).padStart(6)} ms ${String(rn.len).padStart(3)}  ${rn.by ?? 'not found'}`);
  }
  console.log(`total: ${tb.toFixed(0)} ms at ${rev}, ${tn.toFixed(0)} ms now: ${(tb / tn).toFixed(2)}x; longer or lost: ${longer.length === 0 ? 'none' : longer.join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
