// A user's mutant file that fails in its own code (a TypeError, `throw 42`, an async routine,
// a draft field set to null, a throw while booting): one line naming the routine, the step and
// the message, exit 2, nothing saved — in run, mutants and replay alike. A throw of the
// model's own (fatal: a runtime throw) stays a finding.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'stackcheck-faulty-'));
const out = join(dir, 'findings');

function mutantFile(name: string, replace: string): string {
  const f = join(dir, `${name}.mjs`);
  writeFileSync(f, `export default { name: '${name}', replace: { ${replace} } };\n`);
  return f;
}

const faults: readonly [string, string, RegExp][] = [
  ['type-error', 'ret() { const g = null; return g.frames; }', /routine ret failed at step \d+ \(ret g\d+\): TypeError: Cannot read properties of null \(reading 'frames'\)$/],
  ['throw-42', 'ret() { throw 42; }', /routine ret failed at step \d+ \(ret g\d+\): threw 42 \(not an Error\)$/],
  ['async-ret', 'async ret() { throw new Error("later"); }', /routine ret failed at step \d+ \(ret g\d+\): returned a Promise/],
  ['null-draft', 'ret(d) { d.gs = null; }', /the state the mutant left broke the checker at step \d+ \(ret g\d+\): TypeError: /],
  ['boot-throw', 'newproc1() { throw new RangeError("no goroutines today"); }', /routine newproc1 failed while building the initial state: RangeError: no goroutines today$/],
];

describe('a mutant file whose own code fails', () => {
  test.each(faults)('%s: run and mutants say so in one line, exit 2, nothing saved', async (name, replace, message) => {
    const file = mutantFile(name, replace);
    for (const argv of [['run', '--mutant-file', file, '--runs', '50', '--out', out], ['mutants', '--workers', '1', '--mutant-file', file, '--runs', '50']]) {
      const r = await runCli(...argv);
      expect(r.code).toBe(2);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err).toContain(`stackcheck: --mutant-file ${file}: `);
      expect(r.err.trimEnd()).toMatch(message);
      expect(r.out).not.toMatch(/no violation found|killed/);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
  });

  test('replay with a failing mutant file: one line naming the step, exit 2', async () => {
    const file = mutantFile('replay-fault', 'ret() { throw new TypeError("boom"); }');
    const doc = {
      format: 1, tool: { name: 'stackcheck', version: '0.1.0' }, profile: 'linux/amd64',
      scope: JSON.parse(readFileSync('counterexamples/corpus/throw-341a24809d.json', 'utf8')).scope,
      modes: [], mutant: 'replay-fault', seed: 1, path: '0', runs: 1, maxSteps: 2, originalLength: 2, shrinks: 0,
      finding: { id: 'throw', step: 1, message: 'boom' },
      actions: [{ kind: 'call', g: 0, fn: 4, slots: [], ctxt: { to: 'nil' } }, { kind: 'ret', g: 0 }],
      script: ['call g0 call1k', 'ret g0'],
    };
    const cx = join(dir, 'replay-fault.json');
    writeFileSync(cx, JSON.stringify(doc));
    const r = await runCli('replay', cx, '--mutant-file', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`stackcheck: --mutant-file ${file}: routine ret failed at step 1 (ret g0): TypeError: boom\n`);
  });

  test("the model's own throw in a mutant routine is still a finding, saved (exit 1)", async () => {
    const file = join(dir, 'fatal-ret.ts');
    writeFileSync(file, `import { fatal } from '${join(process.cwd(), 'model', 'abort.ts')}';\nexport default { name: 'fatal-ret', replace: { ret() { fatal('ret of a bad frame'); } } };\n`);
    const r = await runCli('run', '--mutant-file', file, '--runs', '50', '--out', join(dir, 'kept'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/result: VIOLATION: runtime throw "ret of a bad frame"/);
    expect(readdirSync(join(dir, 'kept'))).toHaveLength(1);
  });
});
