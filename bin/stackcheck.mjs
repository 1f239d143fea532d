#!/usr/bin/env node
// The stackcheck command. It runs the compiled JavaScript in dist/ (built by `npm ci` through
// the `prepare` script, or `npm run build`), so a user's start-up transpiles nothing. While a
// source file is newer than that build (development), it runs the TypeScript sources through
// tsx instead, so an edit is never hidden by a stale build.
import { readFileSync, statSync } from 'node:fs';

// `stackcheck ... | head` closes the pipe early: that is not an error. Any other failure to
// write the output (a full disk, /dev/full) is one line on stderr and exit 2.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`stackcheck: cannot write the output: ${e.code ?? e.message}\n`);
  process.exit(2);
});

function freshBuild() {
  const root = new URL('../', import.meta.url);
  try {
    const built = statSync(new URL('dist/cli.mjs', root)).mtimeMs;
    const inputs = JSON.parse(readFileSync(new URL('dist/inputs.json', root), 'utf8'));
    return inputs.every((p) => statSync(new URL(p, root)).mtimeMs <= built);
  } catch {
    return false;
  }
}

let main;
if (freshBuild()) {
  ({ main } = await import('../dist/cli.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
