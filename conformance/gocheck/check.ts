// go-check: a Go runtime of a supported release (the user's, possibly modified) → a copy with
// stackDebug = 1 and that release's extended-format patch → the trace programs built against it →
// each run at several GOMAXPROCS under a time limit → every trace conformed (level 1, then level
// 2) with the model profile of that release. The verdict is "clean" only if every trace is
// accepted at both levels.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profiles, type Profile } from '../../model/profile.ts';
import type { Runtime } from '../../model/runtime.ts';
import { checkConformanceText, firstFinding, type ConformanceReport } from '../conform.ts';
import type { Level2Options } from '../level2/replay.ts';
import { applyPatch, buildProgram, checkRelease, copyGoroot, goEnv, goRelease, programsIn, setStackDebug } from './toolchain.ts';

/** The package's top folder, found upwards from this module: the same from the sources and from the compiled dist/. */
function packageDir(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json'))) {
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return d;
}

const goDir = join(packageDir(), 'conformance', 'go');

/** @public */
export interface GoCheckOptions {
  readonly goroot: string;
  /** GOMAXPROCS values to run each program at (default 1, 2, 4). */
  readonly procs?: readonly number[];
  /** Program names under conformance/go/ (default: all). */
  readonly programs?: readonly string[];
  /** Seconds each run may take (default 60). */
  readonly timeLimit?: number;
  /** Where the traces are kept (default: a new folder under the system temp dir). */
  readonly out?: string;
  /** A `diff -u` against src/runtime/*.go applied to the copy before the extended patch (a runtime bug to check). */
  readonly patch?: string;
  /** The model side: a routine table level 2 replays instead of the correct model. */
  readonly runtime?: Runtime;
  /** Called as work proceeds, for a progress line. */
  readonly progress?: (what: string, done: number, total: number) => void;
}

/** One program at one GOMAXPROCS. @public */
export interface GoCheckRow {
  readonly program: string;
  readonly procs: number;
  readonly trace: string;
  readonly events: number;
  /** The program's own fate: exited 0, crashed (a runtime throw: `fatal error:` line), or killed at the time limit. */
  readonly run: 'ok' | 'crashed' | 'timeout';
  readonly runNote: string | null;
  readonly level1: 'accepted' | 'violation' | 'unreadable';
  readonly level2: 'accepted' | 'divergence' | 'not-replayable' | 'not run';
  /** The first line where the trace and the rules part: level, line, rule and message. */
  readonly first: { readonly level: 1 | 2; readonly line: number; readonly rule: string; readonly message: string } | null;
}

/** @public */
export interface GoCheckReport {
  readonly goroot: string;
  readonly release: string;
  /** The model profile every trace was replayed with: the GOROOT's release on linux/amd64. */
  readonly profile: string;
  readonly patch: string | null;
  readonly out: string;
  readonly rows: readonly GoCheckRow[];
  /** clean: every run exited 0 and every trace was accepted at both levels. */
  readonly verdict: 'clean' | 'findings';
}

/** Runs the whole check. Setup problems throw GoCheckSetupError (exit 2). @public */
export function goCheck(o: GoCheckOptions): GoCheckReport {
  const goroot = resolve(o.goroot);
  const release = goRelease(goroot);
  const family = checkRelease(release);
  const profile: Profile = profiles[family];
  const all = programsIn(goDir);
  const programs = o.programs ?? all;
  const procsList = o.procs ?? [1, 2, 4];
  const timeLimit = o.timeLimit ?? 60;
  const out = resolve(o.out ?? mkdtempSync(join(tmpdir(), 'stackcheck-go-check-')));
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'stackcheck-goroot-'));
  const progress = o.progress ?? (() => {});
  const total = 1 + programs.length * (1 + procsList.length);
  let done = 0;
  try {
    progress(`copying ${goroot}`, done, total);
    const root = copyGoroot(goroot, work);
    if (o.patch !== undefined) applyPatch(root, resolve(o.patch), `the patch ${o.patch}`);
    setStackDebug(root);
    applyPatch(root, join(goDir, family, 'extended-format.patch'), `the ${family} extended-format patch`);
    done++;
    const bins = new Map<string, string>();
    for (const p of programs) {
      progress(`building ${p}${bins.size === 0 ? ' (the first build also rebuilds std)' : ''}`, done, total);
      bins.set(p, buildProgram(root, work, goDir, p));
      done++;
    }
    const rows: GoCheckRow[] = [];
    for (const p of programs) {
      for (const procs of procsList) {
        progress(`running ${p} at GOMAXPROCS=${procs}`, done, total);
        rows.push(runOne(bins.get(p)!, p, procs, timeLimit, out, goEnv(root, work), { profile, ...(o.runtime === undefined ? {} : { runtime: o.runtime }) }));
        done++;
      }
    }
    progress('done', done, total);
    const clean = rows.every((r) => r.run === 'ok' && r.level1 === 'accepted' && r.level2 === 'accepted');
    return { goroot, release, profile: profile.name, patch: o.patch ?? null, out, rows, verdict: clean ? 'clean' : 'findings' };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function runOne(bin: string, program: string, procs: number, timeLimit: number, out: string, env: NodeJS.ProcessEnv, level2: Level2Options): GoCheckRow {
  const r = spawnSync(bin, [], { env: { ...env, GOMAXPROCS: String(procs), GODEBUG: '' }, encoding: 'utf8', timeout: timeLimit * 1000, maxBuffer: 256 * 2 ** 20, stdio: ['ignore', 'ignore', 'pipe'] });
  const text = r.stderr ?? '';
  const trace = join(out, `${program}.p${procs}.trace`);
  writeFileSync(trace, text);
  const timedOut = r.error !== undefined && /ETIMEDOUT/.test(String((r.error as NodeJS.ErrnoException).code ?? r.error.message));
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('fatal error:') || l.startsWith('panic:'));
  // The runtime's own explanation, if it printed one just before ("runtime: ..."), is the first line that shows the crash.
  const first = at > 0 && lines[at - 1].startsWith('runtime: ') ? at - 1 : at;
  const fatal = at < 0 ? null : `line ${first + 1}: ${lines[at]}`;
  const runState: GoCheckRow['run'] = timedOut ? 'timeout' : r.status === 0 ? 'ok' : 'crashed';
  const runNote = runState === 'timeout' ? `killed after ${timeLimit} s` : runState === 'crashed' ? (fatal ?? `exit status ${r.status ?? r.signal}`) : null;
  const report = checkConformanceText(text, level2);
  return { program, procs, trace, run: runState, runNote, ...verdicts(report) };
}

function verdicts(r: ConformanceReport): Pick<GoCheckRow, 'events' | 'level1' | 'level2' | 'first'> {
  if (r.status === 'unreadable') {
    const p = r.level1.problems[0];
    return { events: 0, level1: 'unreadable', level2: 'not run', first: { level: 1, line: p.line ?? 0, rule: 'unreadable', message: p.message } };
  }
  const level2 = r.level2 !== null ? r.level2.status : 'not run';
  return { events: r.level1.eventsRead, level1: r.level1.status, level2, first: firstFinding(r) };
}

/** The table and the verdict, as the terminal shows them. @public */
export function formatGoCheck(r: GoCheckReport): string {
  const head = ['program', 'P', 'events', 'run', 'level 1', 'level 2', 'first divergence', 'trace'];
  const body = r.rows.map((x) => [
    x.program, String(x.procs), String(x.events), x.run, x.level1, x.level2,
    x.first === null ? (x.runNote ?? '-') : `L${x.first.level} line ${x.first.line} [${x.first.rule}]`, x.trace,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const lines = [`go-check ${r.goroot} (${r.release}, profile ${r.profile})${r.patch === null ? '' : ` with ${r.patch}`}`, fmt(head), ...body.map(fmt)];
  const bad = r.rows.filter((x) => x.first !== null || x.run !== 'ok');
  for (const x of bad) {
    if (x.first !== null) lines.push(`${x.program} P=${x.procs}: level ${x.first.level}, line ${x.first.line} [${x.first.rule}]: ${x.first.message}`);
    if (x.runNote !== null) lines.push(`${x.program} P=${x.procs}: the program ${x.run}: ${x.runNote}`);
  }
  lines.push(r.verdict === 'clean'
    ? `verdict: clean — ${r.rows.length} traces accepted at level 1 and level 2 (traces in ${r.out})`
    : `verdict: FINDINGS — ${bad.length} of ${r.rows.length} runs part from the rules (traces in ${r.out})`);
  return lines.join('\n');
}
