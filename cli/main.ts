// The stackcheck command line: wiring only. Each command returns its exit code: 0 nothing
// found, 1 a finding, 2 bad usage or bad input (one line on stderr, never a stack trace).

import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage.ts';

const help = `stackcheck: a model checker for the Go runtime's goroutine stack allocator

usage:
  stackcheck run [--runs N] [--max-steps N] [--seed S] [--profile NAME] [--scope k=v,...]
                 [--mode m,...] [--time-limit SECONDS] [--out DIR] [--json]
                 [--mutant NAME | --mutant-file PATH]
  stackcheck replay FILE [--verbose] [--html OUT.html] [--itf OUT.itf.json] [--mutant-file PATH]
  stackcheck conform TRACE [--procs N] [--gc-phase evidence|off] [--json]
  stackcheck invariants [--json | --markdown]
  stackcheck mutants [--json] [--time-limit SECONDS] [--seed S] [--runs N] [--max-steps N]
                                                   is every seeded bug (model/mutants/) found?
  stackcheck --help | --version

profiles: linux/amd64 (default), windows/amd64
modes:    stackNoCache, gcshrinkstackoff, noadaptivestackstart
scope:    arenaPages, maxstacksize, gFreeSpill, procs, maxProcs, maxGoroutines, maxMs,
          heapObjects, heapObjectFields, chans
exit:     0 nothing found, 1 a violation found, 2 bad usage or input`;

type Options = NonNullable<ParseArgsConfig['options']>;

type Values = Record<string, string | boolean | undefined>;

// Each command's module is imported when it runs, so `--version` and `--help` load nothing else.

const commands: Record<string, {
  options: Options;
  positionals?: boolean;
  run: (values: Values, out: (s: string) => void, positionals: readonly string[]) => number | Promise<number>;
}> = {
  run: {
    options: {
      runs: { type: 'string' }, 'max-steps': { type: 'string' }, seed: { type: 'string' }, profile: { type: 'string' },
      scope: { type: 'string' }, mode: { type: 'string' }, 'time-limit': { type: 'string' }, json: { type: 'boolean' },
      out: { type: 'string' }, mutant: { type: 'string' }, 'mutant-file': { type: 'string' },
    },
    run: async (v, out) => (await import('./run.ts')).runCommand(v, out, await (await import('./mutant-file.ts')).mutantFromFlags(v)),
  },
  replay: {
    options: { verbose: { type: 'boolean' }, html: { type: 'string' }, itf: { type: 'string' }, 'mutant-file': { type: 'string' } },
    positionals: true,
    run: async (v, out, files) => (await import('./replay.ts')).replayCommand(v, files, out),
  },
  conform: {
    options: { json: { type: 'boolean' }, procs: { type: 'string' }, 'gc-phase': { type: 'string' } },
    positionals: true,
    run: async (v, out, files) => (await import('./conform.ts')).conformCommand(v, files, out),
  },
  invariants: {
    options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } },
    run: async (v, out) => (await import('./invariants.ts')).invariantsCommand(v, out),
  },
  mutants: {
    options: {
      json: { type: 'boolean' }, 'time-limit': { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' },
      'max-steps': { type: 'string' }, profile: { type: 'string' }, scope: { type: 'string' }, mode: { type: 'string' },
    },
    run: async (v, out) => (await import('./mutants.ts')).mutantsCommand(v, out),
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
    let values: Values;
    let positionals: string[];
    try {
      // No option is declared `multiple`, so every value is a string or a boolean.
      const parsed = parseArgs({ args: [...rest], options: cmd.options, strict: true, allowPositionals: cmd.positionals === true });
      values = parsed.values as typeof values;
      positionals = parsed.positionals;
    } catch (e) {
      throw new UsageError(`${name}: ${(e as Error).message.split('\n')[0]}`);
    }
    return await cmd.run(values, out, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`stackcheck: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
