// A mutant file anywhere on disk, as a user writes one: .ts, .mts, .js or .mjs in a directory
// with no package.json, importing the model by the package's name (`stackcheck/model`,
// package.json "exports"). Run through the real command (bin/), since loading it is the point.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const bin = resolve(import.meta.dirname, '../../bin/stackcheck.mjs');
const dir = mkdtempSync(join(tmpdir(), 'stackcheck-outside-'));

const typed = (name: string): string => `import { shrinkstack, type Draft, type ExecP, type ShrinkOwner, type UserMutant } from 'stackcheck/model';
export const mutant: UserMutant = {
  name: '${name}',
  replace: { shrinkstack(d: Draft, goid: number, pp: ExecP, owner: ShrinkOwner): void { shrinkstack(d, goid, pp, owner); } },
};
`;
const plain = (name: string): string => `import { shrinkstack } from 'stackcheck/model';
export default { name: '${name}', replace: { shrinkstack(d, goid, pp, owner) { shrinkstack(d, goid, pp, owner); } } };
`;

function stackcheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('--mutant-file outside the repository', () => {
  test('.ts, .mts, .js and .mjs files load and run, importing stackcheck/model', () => {
    writeFileSync(join(dir, 'a.ts'), typed('from-ts'));
    writeFileSync(join(dir, 'b.mts'), typed('from-mts'));
    writeFileSync(join(dir, 'c.js'), plain('from-js'));
    writeFileSync(join(dir, 'd.mjs'), plain('from-mjs'));
    const r = stackcheck('mutants', '--mutant-file', 'a.ts', 'b.mts', 'c.js', 'd.mjs', '--runs', '3', '--max-steps', '30');
    expect(r.stderr).toBe('');
    // The proposals change nothing, so each survives (exit 1) — but each was loaded and run.
    expect(r.status).toBe(1);
    for (const n of ['from-ts', 'from-mts', 'from-js', 'from-mjs']) expect(r.stdout).toMatch(new RegExp(`^${n}\\s+SURVIVED`, 'm'));
  });

  test.each([['broken.ts'], ['broken.mjs']])('a syntax error in %s names the file, line and column', (file) => {
    writeFileSync(join(dir, file), 'export default {\n  name: "broken",\n  replace: { ret(d) { return d +* 2; } },\n};\n');
    const r = stackcheck('run', '--mutant-file', file, '--runs', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`stackcheck: --mutant-file ${file}: cannot load it: syntax error at ${file}:3:33: Unexpected "*"\n`);
  });
});
