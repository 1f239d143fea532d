// `stackcheck replay`: exit 1 when the recorded violation comes back at the recorded step,
// 0 when the trace passes now, and the --verbose trace shows what each step changed.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { defaultCorpusDir, loadCounterexample, replay } from '../../counterexamples/index.ts';
import { runtimeFor } from '../../counterexamples/mutant-runtime.ts';
import { invariantById } from '../../properties/invariants/catalog.ts';
import { runCli } from '../cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'stackcheck-replay-'));
const fpc = join(defaultCorpusDir, 'frame-pointer-chain-85969ec6cc.json');

function variant(name: string, change: (d: Record<string, unknown> & { finding: Record<string, unknown> }) => void): string {
  const d = JSON.parse(readFileSync(fpc, 'utf8')) as Record<string, unknown> & { finding: Record<string, unknown> };
  change(d);
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(d));
  return file;
}

describe('stackcheck replay', () => {
  test('reproduces the recorded violation: exit 1', async () => {
    const r = await runCli('replay', fpc);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toBe(`${fpc}: reproduced at step 7 of 8: invariant frame-pointer-chain (I31: The frame-pointer chain links each frame to its caller): g0 sched.bp 0xc000017fd0, innermost frame pointer is 0xc00001efd0`);
  });

  test('--verbose: each step, its action and what it changed', async () => {
    const r = await runCli('replay', fpc, '--verbose');
    expect(r.code).toBe(1);
    const out = r.out.split('\n');
    expect(out.filter((l) => /^step \d+: /.test(l))).toHaveLength(8);
    expect(out).toContain('step 7: scanstack g0 by worker on P0   <-- recorded violation');
    expect(out).toContain('  g0: stack [0xc00000e000, 0xc00000e800) 2 KiB → [0xc000016000, 0xc000018000) 8 KiB, frames 0 → 1');
    expect(out).toContain('  stackpool[2]: +0xc000012000');
    expect(out).toContain('  GC: phase off → mark, cycle 1');
    expect(out).toContain('  g0: running → waiting, on no P, parkingOnChan true, waiting 0 → 1');
    expect(out).toContain('    g0 pointers adjusted (delta 28672): sched.sp 0xc000017f78 → 0xc00001ef78');
    expect(out).toContain('    g0 pointers still into the old stack: sched.bp 0xc000017fd0');
    expect(out.filter((l) => l.startsWith('  !! '))).toHaveLength(2);
  });

  test('a trace the runtime now passes: exit 0', async () => {
    const file = variant('fixed.json', (d) => { d.mutant = null; });
    const r = await runCli('replay', file);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${file}: passes now: no violation in 8 steps (recorded frame-pointer-chain at step 7)`);
  });

  test('a different violation than recorded: exit 1, and says so', async () => {
    const file = variant('other.json', (d) => { d.finding.id = 'copystack-adjusts-every-pointer'; });
    const r = await runCli('replay', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/a different violation at step 7: invariant frame-pointer-chain .* \(recorded copystack-adjusts-every-pointer at step 7\)$/);
  });

  test('a changed message is still the same violation, and the recorded message is shown', async () => {
    const file = variant('message.json', (d) => { d.finding.message = 'old words'; });
    const r = await runCli('replay', file);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/reproduced at step 7 of 8: .* \(recorded message: old words\)$/);
  });

  test('every corpus file replays through the command line with exit 1', async () => {
    for (const f of ['alloccount-matches-freelist-e4aacee96a.json', 'cached-blocks-belong-to-their-order-d0ddafd77d.json']) {
      const r = await runCli('replay', join(defaultCorpusDir, f), '--verbose');
      expect(r.code, r.err).toBe(1);
    }
  });
});

// The golden lines above pin one file's exact text; these state what the lines stand for,
// on every corpus file, from the file's own contents, the catalog and the replayed states.
describe('what the replay output says, on every corpus file', () => {
  const files = readdirSync(defaultCorpusDir).filter((f) => f.endsWith('.json')).map((f) => join(defaultCorpusDir, f));
  const hex = (v: number): string => '0x' + v.toString(16);

  test('the verdict line names the file, the recorded step, the invariant as the catalog describes it, and the message', async () => {
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const loaded = loadCounterexample(file);
      if (!loaded.ok) throw new Error(loaded.error);
      const f = loaded.doc.finding;
      const inv = invariantById(f.id);
      const what = f.id === 'throw' ? `runtime throw "${f.message}"` : `invariant ${f.id} (${inv?.ref}: ${inv?.title}): ${f.message}`;
      const at = f.step < 0 ? 'the initial state' : `step ${f.step} of ${loaded.doc.actions.length}`;
      const r = await runCli('replay', file);
      expect(r.code, file).toBe(1);
      expect(r.out, file).toBe(`${file}: reproduced at ${at}: ${what}`);
    }
  });

  test('--verbose lists every action in order, marks the recorded step, and shows every stack move with its old and new bounds', async () => {
    for (const file of files) {
      const loaded = loadCounterexample(file);
      if (!loaded.ok) throw new Error(loaded.error);
      const { doc, cfg } = loaded;
      const rt = await runtimeFor(doc.mutant);
      if (!rt.ok) throw new Error(rt.error);
      const out = (await runCli('replay', file, '--verbose')).out.split('\n');
      const steps = replay(doc, cfg, rt.rt).steps;
      const stepLines = out.filter((l) => /^step \d+: /.test(l));
      expect(steps.length, file).toBe(doc.actions.length);
      expect(stepLines.map((l) => l.replace(/ +<-- recorded violation$/, '')), file).toEqual(steps.map((st) => `step ${st.index}: ${st.text}`));
      expect(stepLines.filter((l) => l.endsWith('<-- recorded violation')), file).toEqual(doc.finding.step < 0 ? [] : [stepLines[doc.finding.step]]);
      for (const st of steps) {
        st.after.gs.forEach((n, i) => {
          const o = st.before.gs[i];
          if (o === undefined || o.lo === 0 || n.lo === 0 || (o.lo === n.lo && o.hi === n.hi)) return;
          const moved = new RegExp(`^  g${i}: (.*, )?stack \\[${hex(o.lo)}, ${hex(o.hi)}\\) .*→ \\[${hex(n.lo)}, ${hex(n.hi)}\\)`);
          expect(out.some((l) => moved.test(l)), `${file} step ${st.index}: g${i}'s move`).toBe(true);
        });
      }
    }
  });
});
