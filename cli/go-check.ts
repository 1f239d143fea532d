// `stackcheck go-check GOROOT`: checks a (possibly modified) Go 1.19 runtime. Copies GOROOT, sets
// stackDebug = 1, applies the extended-format patch, builds conformance/go's programs, runs each
// at GOMAXPROCS 1, 2 and 4 and conforms every trace. Exit 0 clean, 1 any violation, divergence
// or crash, 2 bad usage or setup (not a GOROOT, no toolchain, another release, a patch that does
// not apply, a build failure).

import { formatGoCheck, goCheck } from '../conformance/gocheck/check.ts';
import { GoCheckSetupError } from '../conformance/gocheck/toolchain.ts';
import { loadMutantFile } from './mutant-file.ts';
import { intFlag, usage } from './usage.ts';

/** @public */
export interface GoCheckFlags {
  readonly json?: boolean;
  readonly out?: string;
  readonly procs?: string;
  readonly programs?: string;
  readonly 'time-limit'?: string;
  readonly patch?: string;
  readonly 'mutant-file'?: string;
}

/** @public */
export async function goCheckCommand(flags: GoCheckFlags, positionals: readonly string[], out: (s: string) => void): Promise<number> {
  if (positionals.length !== 1) usage(`go-check takes one GOROOT${positionals.length > 1 ? `, not ${positionals.length}` : ' (e.g. /usr/lib/go-1.19)'}`);
  const procs = flags.procs === undefined ? undefined : flags.procs.split(',').map((p) => intFlag('procs', p, 1, 1, 64));
  const programs = flags.programs?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const timeLimit = flags['time-limit'] === undefined ? undefined : intFlag('time-limit', flags['time-limit'], 60, 1, 3600);
  const mutant = flags['mutant-file'] === undefined ? undefined : await loadMutantFile(flags['mutant-file']);
  const tty = process.stderr.isTTY === true && !flags.json;
  const progress = tty
    ? (what: string, done: number, total: number) => process.stderr.write(`\r\x1b[Kgo-check [${done}/${total}] ${what}`)
    : undefined;
  try {
    const report = goCheck({ goroot: positionals[0], procs, programs, timeLimit, out: flags.out, patch: flags.patch, runtime: mutant?.rt, progress });
    if (tty) process.stderr.write('\r\x1b[K');
    out(flags.json ? JSON.stringify(report, null, 2) : formatGoCheck(report));
    return report.verdict === 'clean' ? 0 : 1;
  } catch (e) {
    if (tty) process.stderr.write('\r\x1b[K');
    if (e instanceof GoCheckSetupError) usage(`go-check: ${e.message}`);
    throw e;
  }
}
