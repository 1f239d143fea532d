#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

// `stackcheck ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
