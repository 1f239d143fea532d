#!/usr/bin/env node
// Compiles the command line to plain JavaScript in dist/ (npm's `prepare` runs this on
// `npm ci`), so `stackcheck` starts without transpiling TypeScript. esbuild comes with tsx,
// a dependency already. bin/stackcheck.mjs uses dist/ only while it is newer than every
// source file it was built from (dist/inputs.json), and the sources through tsx otherwise.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The compiled entry points: the command line and the worker threads it starts. */
export const entryPoints = { cli: 'cli/main.ts', worker: 'cli/worker-main.ts' };

/** Builds into outDir (default dist/), replacing it whole so no stale chunk survives. */
export async function buildDist(outDir = join(root, 'dist')) {
  const tmp = `${outDir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entryPoints).map(([k, v]) => [k, join(root, v)])),
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // fast-check and ts-pattern stay in node_modules: one copy shared with user mutant files.
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, resolve(root, p)));
  writeFileSync(join(tmp, 'inputs.json'), JSON.stringify(inputs) + '\n');
  mkdirSync(dirname(outDir), { recursive: true });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return inputs;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] === undefined ? undefined : resolve(process.argv[2]);
  await buildDist(outDir);
}
