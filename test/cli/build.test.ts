// The compiled entry (scripts/build.mjs → dist/): it builds, runs without tsx, and says what
// the sources say. Built into a scratch folder beside dist/ so the real build is untouched.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { invariantsMarkdown } from '../../cli/invariants.ts';

const outDir = `dist.test-${process.pid}`;
let inputs: string[] = [];

beforeAll(async () => {
  const { buildDist } = await import('../../scripts/build.mjs');
  inputs = await buildDist(`${process.cwd()}/${outDir}`);
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function built(...args: string[]): string {
  const code = `const { main } = await import('./${outDir}/cli.mjs'); process.exitCode = await main(${JSON.stringify(args)});`;
  // --input-type=module evaluates the snippet as ESM; no tsx loader is registered here.
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
}

test('the build records the sources it was made from (bin/ compares their times)', () => {
  expect(inputs).toEqual(expect.arrayContaining(['cli/main.ts', 'model/actions.ts', 'properties/check.ts']));
  expect(inputs.every((p) => !p.startsWith('node_modules'))).toBe(true);
});

test('the compiled command line runs as plain JavaScript and agrees with the sources', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  expect(built('--version').trim()).toBe(pkg.version);
  expect(built('invariants', '--markdown')).toBe(invariantsMarkdown() + '\n');
  expect(built('run', '--workers', '1', '--runs', '3', '--max-steps', '40')).toMatch(/result: no violation found/);
});

test('package.json builds on install (prepare) and bin/ prefers the build', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts['prepare']).toBe('node scripts/build.mjs');
  expect(readFileSync('bin/stackcheck.mjs', 'utf8')).toMatch(/dist\/cli\.mjs/);
});
