// Findings under the historical profiles are files that replay exactly: run saves one per
// finding, replay reproduces the same rule at the same step (exit 1), the same trace with the
// release's own routines passes (exit 0), and a file that is bad or no longer applies is one
// line on stderr with exit 2.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { segProfiles } from '../../model/segmented/index.ts';
import { segMutantsFor } from '../../model/segmented/mutants.ts';
import { runCli } from '../cli-helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'stackcheck-historical-'));

/** Runs the profile's first mutant into a fresh directory and returns the one file it saved. */
async function saved(profile: string): Promise<{ file: string; out: string }> {
  const dir = mkdtempSync(join(root, `${profile}-`));
  const mutant = segMutantsFor(profile)[0].name;
  const r = await runCli('run', '--profile', profile, '--mutant', mutant, '--out', dir);
  expect(r.code).toBe(1);
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  return { file: join(dir, files[0]), out: r.out };
}

describe('historical counterexample files', () => {
  test.each(Object.keys(segProfiles))('%s: run saves the finding and replay reproduces it at the same step', async (profile) => {
    const { file, out } = await saved(profile);
    expect(out).toContain(`counterexample saved: ${file}\nreplay: stackcheck replay ${file}`);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { finding: { id: string; step: number; message: string }; actions: unknown[] };
    expect(doc.finding.step).toBe(doc.actions.length - 1);
    const r = await runCli('replay', file);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toBe(`${file}: reproduced at step ${doc.finding.step} of ${doc.actions.length} (${profile}, mutant ${segMutantsFor(profile)[0].name}): ${doc.finding.id}: ${doc.finding.message}`);
    // The report names the same rule and the same trace the file holds.
    expect(out).toContain(`result: VIOLATION: ${doc.finding.id}`);
    expect(out).toContain(`counterexample: ${doc.actions.length} steps`);
  }, 120_000);

  test('the same run saves the same file again (reused), and the release\'s own routines pass the trace', async () => {
    const { file } = await saved('go1.2');
    const again = await runCli('run', '--profile', 'go1.2', '--mutant', segMutantsFor('go1.2')[0].name, '--out', join(file, '..'));
    expect(again.out).toContain(`counterexample already saved: ${file}`);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const fixed = join(root, 'fixed.json');
    writeFileSync(fixed, JSON.stringify({ ...doc, mutant: null }));
    const r = await runCli('replay', fixed);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/passes now \(go1\.2\): no rule breaks in its \d+ steps$/);
  }, 120_000);

  test('a bad or stale file is one line and exit 2', async () => {
    const { file } = await saved('go1.4');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { actions: Record<string, unknown>[]; finding: Record<string, unknown> };
    const write = (name: string, d: unknown): string => {
      const f = join(root, name);
      writeFileSync(f, typeof d === 'string' ? d : JSON.stringify(d));
      return f;
    };
    const cases: [string, RegExp][] = [
      [write('profile.json', { ...doc, profile: 'go1.0' }), /profile: 'go1\.0' is no historical profile/],
      [write('action.json', { ...doc, actions: [{ kind: 'jump', g: 0 }, ...doc.actions.slice(1)] }), /actions\[0\]\.kind: unknown action 'jump'/],
      [write('field.json', { ...doc, actions: [{ ...doc.actions[0], p: 3 }, ...doc.actions.slice(1)] }), /actions\[0\]: unknown field 'p'/],
      [write('rule.json', { ...doc, finding: { ...doc.finding, id: 'no-such-rule' } }), /finding\.id: 'no-such-rule' is no rule of go1\.4/],
      [write('stale.json', { ...doc, finding: { ...doc.finding, step: 0 } }), /stale \(go1\.4, mutant .*\): recorded .* at step 0, now .* at step \d+/],
    ];
    for (const [f, want] of cases) {
      const r = await runCli('replay', f);
      expect(r.code, f).toBe(2);
      expect(r.err.split('\n').filter(Boolean), f).toHaveLength(1);
      expect(r.err).toMatch(want);
    }
    const html = await runCli('replay', file, '--html', join(root, 'x.html'));
    expect(html.code).toBe(2);
    expect(html.err).toMatch(/--html is not supported/);
  }, 120_000);
});
