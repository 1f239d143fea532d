// The stackcheck command line: wiring only. Each command returns its exit code: 0 nothing
// found, 1 a finding, 2 bad usage or bad input (one line on stderr, never a stack trace).

import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { intFlag, oneLine, UsageError } from './usage.ts';
import { profileNamesText } from '../config/profiles.ts';
import { scopeRangesText } from '../config/scope.ts';
import { modeNames } from '../model/profile.ts';
import { isSegmentedProfile } from '../model/segmented/profile.ts';

const help = `stackcheck: a model checker for the Go runtime's goroutine stack allocator

usage:
  stackcheck run [--runs N] [--max-steps N] [--seed S] [--profile NAME] [--scope k=v,...]
                 [--mode m,...] [--time-limit SECONDS] [--out DIR] [--json] [--swarm on|off]
                 [--mutant NAME | --mutant-file PATH] [--workers N] [--shard k/n]
  stackcheck explore [--scope tiny|medium|small|k=v,...] [--depth D] [--max-states N] [--time-limit SECONDS]
                     [--profile NAME] [--mode m,...] [--out DIR] [--json] [--mutant NAME | --mutant-file PATH]
                     [--workers N] [--symmetry on|off]
                                                   every reachable state, breadth first (default --scope tiny)
  stackcheck replay FILE [--verbose] [--html OUT.html] [--itf OUT.itf.json] [--mutant-file PATH]
  stackcheck conform TRACE [--profile NAME] [--procs N] [--gc-phase evidence|off] [--json]
                                                   (default profile: the one the trace's header names)
  stackcheck go-check GOROOT [--procs 1,2,4] [--programs a,b] [--time-limit SECONDS] [--out DIR]
                 [--patch FILE.patch] [--mutant-file PATH] [--json]
                                                   check a Go 1.19 or 1.26 runtime against the model
  stackcheck invariants [--json | --markdown]
  stackcheck mutants [--json] [--time-limit SECONDS] [--seed S] [--runs N] [--max-steps N] [--swarm on|off]
                     [--profile NAME] [--scope k=v,...] [--mode m,...] [--mutant-file PATH [PATH...]]
                     [--workers N] [--shard k/n]
                                is every seeded bug (model/mutants/), or every file given, found?
  stackcheck merge SHARD.json... [--json]          the report of a campaign run as --shard k/n --json parts
  stackcheck history [--json] [--svg OUT.svg]       the hot split and what came after: segments vs copies by release
  stackcheck --help | --version

profiles: ${wrap(profileNamesText(), 10, 92)}
modes:    ${modeNames.join(', ')}
scope:    ${wrap(scopeRangesText(), 10, 92)}
exit:     0 nothing found, 1 a violation found, 2 bad usage or input`;

/** Wraps a comma-separated list to width, indenting continuation lines. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(', ')) {
    const next = line === '' ? part : `${line}, ${part}`;
    if (indent + next.length > width && line !== '') {
      lines.push(`${line},`);
      line = part;
    } else line = next;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

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
      out: { type: 'string' }, mutant: { type: 'string' }, 'mutant-file': { type: 'string' }, swarm: { type: 'string' },
      workers: { type: 'string' }, shard: { type: 'string' },
    },
    run: async (v, out) => {
      if (isSegmentedProfile(v['profile'] as string | undefined)) return (await import('./segmented.ts')).runSegmented(v, out);
      const fromFile = typeof v['mutant-file'] === 'string' && v['mutant'] === undefined;
      // A mutant file runs in one worker of its own (cli/watchdog.ts): not split over workers yet.
      const workers = (await import('./workers-flag.ts')).workersFlag(v['workers'] as string | undefined, fromFile ? 1 : undefined);
      if (workers > 1) return (await import('./run-workers.ts')).runOnWorkers(v, out, workers);
      return fromFile
        ? (await import('./watchdog.ts')).mutantFileCommand('run', v, out)
        : (await import('./run.ts')).runCommand(v, out, await (await import('./mutant-file.ts')).mutantFromFlags(v));
    },
  },
  explore: {
    options: {
      depth: { type: 'string' }, 'max-states': { type: 'string' }, 'time-limit': { type: 'string' }, profile: { type: 'string' },
      scope: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' },
      mutant: { type: 'string' }, 'mutant-file': { type: 'string' }, workers: { type: 'string' }, symmetry: { type: 'string' },
    },
    run: async (v, out) => isSegmentedProfile(v['profile'] as string | undefined)
      ? (await import('./segmented.ts')).exploreSegmented(v, out)
      : typeof v['mutant-file'] === 'string' && v['mutant'] === undefined
      ? (await import('./watchdog.ts')).mutantFileCommand('explore', v, out)
      : (await import('./explore.ts')).exploreCommand(v, out, await (await import('./mutant-file.ts')).mutantFromFlags(v)),
  },
  replay: {
    options: { verbose: { type: 'boolean' }, html: { type: 'string' }, itf: { type: 'string' }, 'mutant-file': { type: 'string' } },
    positionals: true,
    run: async (v, out, files) => (await import('./replay.ts')).replayCommand(v, files, out),
  },
  conform: {
    options: { json: { type: 'boolean' }, procs: { type: 'string' }, 'gc-phase': { type: 'string' }, profile: { type: 'string' } },
    positionals: true,
    run: async (v, out, files) => (await import('./conform.ts')).conformCommand(v, files, out),
  },
  'go-check': {
    options: {
      json: { type: 'boolean' }, out: { type: 'string' }, procs: { type: 'string' }, programs: { type: 'string' },
      'time-limit': { type: 'string' }, patch: { type: 'string' }, 'mutant-file': { type: 'string' },
    },
    positionals: true,
    run: async (v, out, files) => (await import('./go-check.ts')).goCheckCommand(v, files, out),
  },
  invariants: {
    options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } },
    run: async (v, out) => (await import('./invariants.ts')).invariantsCommand(v, out),
  },
  merge: {
    options: { json: { type: 'boolean' } },
    positionals: true,
    run: async (v, out, files) => (await import('./merge.ts')).mergeCommand(v, files, out),
  },
  history: {
    options: { json: { type: 'boolean' }, svg: { type: 'string' } },
    run: async (v, out) => (await import('./history.ts')).historyCommand(v, out),
  },
  mutants: {
    options: {
      json: { type: 'boolean' }, 'time-limit': { type: 'string' }, seed: { type: 'string' }, runs: { type: 'string' },
      'max-steps': { type: 'string' }, profile: { type: 'string' }, scope: { type: 'string' }, mode: { type: 'string' },
      swarm: { type: 'string' }, 'mutant-file': { type: 'string', multiple: true }, workers: { type: 'string' }, shard: { type: 'string' },
    },
    positionals: true,
    run: async (v, out, files) => {
      if (isSegmentedProfile(v['profile'] as string | undefined)) return (await import('./segmented.ts')).mutantsSegmented(v, out);
      const { mutantsCommand, mutantFilesList } = await import('./mutants.ts');
      return mutantsCommand(v, out, await mutantFilesList(v['mutant-file'] as string[] | undefined, files));
    },
  },
};

/**
 * parseArgs, with two refusals it does not make: a flag given twice (it would keep the last),
 * and a negative number as a value ("--runs -1"), which it calls ambiguous; that one is
 * passed on as the value so the flag's own check names it.
 */
function parseFlags(name: string, rest: readonly string[], options: Options, allowPositionals: boolean): { values: Values; positionals: string[] } {
  const args = rest.map((a, i) => {
    const prev = rest[i - 1];
    return /^-\d/.test(a) && prev !== undefined && /^--[\w-]+$/.test(prev) && options[prev.slice(2)]?.type === 'string' ? `\0${a}` : a;
  }).reduce<string[]>((acc, a) => {
    if (a.startsWith('\0')) acc[acc.length - 1] = `${acc[acc.length - 1]}=${a.slice(1)}`;
    else acc.push(a);
    return acc;
  }, []);
  try {
    // No option is declared `multiple`, so every value is a string or a boolean.
    const parsed = parseArgs({ args, options, strict: true, allowPositionals, tokens: true });
    const seen = new Set<string>();
    for (const t of parsed.tokens) {
      if (t.kind !== 'option') continue;
      if (seen.has(t.name)) throw new UsageError(`${name}: --${t.name} is given twice`);
      seen.add(t.name);
    }
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${name}: ${(e as Error).message.split('\n')[0]}`);
  }
}

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
    const { values, positionals } = parseFlags(name, rest, cmd.options, cmd.positionals === true);
    return await cmd.run(values, out, positionals);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`stackcheck: ${oneLine(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}
