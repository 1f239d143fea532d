// The stackcheck command line: wiring only. Each command returns its exit code: 0 nothing
// found, 1 a finding, 2 bad usage or bad input (one line on stderr, never a stack trace).

import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { invariantsCommand } from './invariants.ts';
import { runCommand } from './run.ts';
import { UsageError } from './usage.ts';

const help = `stackcheck: a model checker for the Go runtime's goroutine stack allocator

usage:
  stackcheck run [--runs N] [--max-steps N] [--seed S] [--profile NAME] [--scope k=v,...]
                 [--mode m,...] [--time-limit SECONDS] [--json]
  stackcheck invariants [--json | --markdown]
  stackcheck --help | --version

profiles: linux/amd64 (default), windows/amd64
modes:    stackNoCache, gcshrinkstackoff, noadaptivestackstart
scope:    arenaPages, maxstacksize, gFreeSpill, procs, maxProcs, maxGoroutines, maxMs,
          heapObjects, heapObjectFields, chans
exit:     0 nothing found, 1 a violation found, 2 bad usage or input`;

type Options = NonNullable<ParseArgsConfig['options']>;

const commands: Record<string, { options: Options; run: (values: Record<string, string | boolean | undefined>, out: (s: string) => void) => number }> = {
  run: {
    options: {
      runs: { type: 'string' }, 'max-steps': { type: 'string' }, seed: { type: 'string' }, profile: { type: 'string' },
      scope: { type: 'string' }, mode: { type: 'string' }, 'time-limit': { type: 'string' }, json: { type: 'boolean' },
    },
    run: (v, out) => runCommand(v, out),
  },
  invariants: {
    options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } },
    run: (v, out) => invariantsCommand(v, out),
  },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the command line; returns the exit code. @public */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => console.log(s)): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      out(help);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      out(version());
      return 0;
    }
    const cmd = commands[name];
    if (cmd === undefined) throw new UsageError(`unknown command '${name}' (valid: ${Object.keys(commands).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      out(help);
      return 0;
    }
    let values: Record<string, string | boolean | undefined>;
    try {
      // No option is declared `multiple`, so every value is a string or a boolean.
      values = parseArgs({ args: [...rest], options: cmd.options, strict: true, allowPositionals: false }).values as typeof values;
    } catch (e) {
      throw new UsageError(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
    return cmd.run(values, out);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`stackcheck: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
