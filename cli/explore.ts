// `stackcheck explore`: the exhaustive breadth-first search (explore/), its report, and the
// shortest counterexample saved in the same file format as `run`'s, replayable the same way.

import { documentFor } from '../counterexamples/format.ts';
import { defaultCorpusDir, saveCounterexample, type Saved } from '../counterexamples/save.ts';
import { describeAction } from '../properties/describe.ts';
import { goRuntime, makeConfig, type Config, type Runtime } from '../model/index.ts';
import type { Mutant } from '../model/mutants/index.ts';
import { defaultBounds, presets, type Preset } from '../explore/presets.ts';
import type { Bounds } from '../properties/enumerate.ts';
import { explore, type ExploreOptions, type ExploreReport } from '../explore/search.ts';
import { exploreOnWorkers } from '../explore/parallel.ts';
import { fewPs } from '../explore/p-symmetry.ts';
import { levelThread } from './level-threads.ts';
import { actionKinds } from '../model/index.ts';
import { defaultProfile, modeList, parseModes, parseScope, profileNamed } from './config.ts';
import { checkMutantRelease } from './mutant-file.ts';
import { progressEnabled, statusLine } from './progress.ts';
import { coverageLines, findingLines, n } from './report.ts';
import { intFlag, onOffFlag, usage } from './usage.ts';
import { workersFlag } from './workers-flag.ts';

/** @public */
export interface ExploreFlags {
  readonly depth?: string;
  readonly 'max-states'?: string;
  readonly 'time-limit'?: string;
  readonly profile?: string;
  readonly scope?: string;
  readonly mode?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly 'mutant-file'?: string;
  readonly workers?: string;
  readonly symmetry?: string;
}

/** The preset explore uses without --scope. @public */
export const defaultPreset = 'tiny';

/** `--scope tiny`, `--scope small,arenaPages=32` (a preset, then keys over it) or `--scope k=v,...` (over the default scope). */
function presetFrom(text: string | undefined): { name: string; preset: Preset } {
  const parts = (text ?? defaultPreset).split(',');
  const head = parts[0].trim();
  const named = presets[head];
  if (named === undefined && !head.includes('=')) usage(`unknown scope preset '${head}' (valid: ${Object.keys(presets).join(', ')}, or key=value pairs)`);
  const rest = named === undefined ? parts : parts.slice(1);
  const scope = parseScope(rest.join(','), named?.scope);
  return { name: text ?? defaultPreset, preset: { scope, bounds: named?.bounds ?? defaultBounds } };
}

/** The search the flags ask for: the preset (and its name), the model's config and the bounds on the search. @internal */
export function exploreSetupFrom(flags: ExploreFlags): { name: string; preset: Preset; cfg: Config; symmetry: boolean; depth?: number; maxStates?: number; timeLimit?: number } {
  const profile = profileNamed(flags.profile ?? defaultProfile);
  const { name, preset } = presetFrom(flags.scope);
  const cfg = makeConfig(profile, preset.scope, parseModes(flags.mode));
  const depth = flags.depth === undefined ? undefined : intFlag('depth', flags.depth, 0, 0, 1_000_000);
  const maxStates = flags['max-states'] === undefined ? undefined : intFlag('max-states', flags['max-states'], 0, 1, 2 ** 31 - 1);
  const timeLimit = flags['time-limit'] === undefined ? undefined : intFlag('time-limit', flags['time-limit'], 0, 1) * 1000;
  const symmetry = onOffFlag('symmetry', flags.symmetry, true);
  return { name, preset, cfg, symmetry, ...(depth !== undefined ? { depth } : {}), ...(maxStates !== undefined ? { maxStates } : {}), ...(timeLimit !== undefined ? { timeLimit } : {}) };
}

/** @public */
export async function exploreCommand(
  flags: ExploreFlags, out: (s: string) => void, mutant?: Pick<Mutant, 'name' | 'rt'> & Partial<Pick<Mutant, 'releases'>>,
): Promise<number> {
  const { name, preset, cfg, symmetry, depth, maxStates, timeLimit } = exploreSetupFrom(flags);
  checkMutantRelease(mutant, cfg.profile);
  const workers = workersFlag(flags.workers);
  const status = statusLine(progressEnabled(flags.json));
  const options: ExploreOptions = {
    cfg, rt: mutant?.rt ?? goRuntime, bounds: preset.bounds, symmetry,
    ...(depth !== undefined ? { maxDepth: depth } : {}),
    ...(maxStates !== undefined ? { maxStates } : {}),
    ...(timeLimit !== undefined ? { timeLimitMs: timeLimit } : {}),
    onProgress: (p) => status.show(() =>
      `explore: depth ${p.depth}, states ${n(p.states)}, queue ${n(p.queue)}, ${n(Math.round(p.states / Math.max(p.elapsedMs / 1000, 1e-3)))} states/s, ` +
      `${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`),
  };
  // One worker searches in this thread; N share the search level by level (explore/parallel.ts), with the same report.
  const report = workers === 1 ? explore(options) : await exploreOnWorkers(options, workers, (init) => levelThread({ ...flags, workers: undefined }, init))
    .catch((e: unknown) => usage(String((e as Error)?.message ?? e).split('\n')[0]));
  status.done();
  const saved = saveShortest(cfg, mutant?.name ?? null, report, flags.out);
  const setup = { cfg, rt: mutant?.rt ?? goRuntime, bounds: preset.bounds, name, mutant: mutant?.name, mutantFile: flags['mutant-file'] };
  if (flags.json) out(jsonExploreReport(setup, report, saved));
  else out(textExploreReport(setup, report, saved));
  return report.counterexample === null ? 0 : 1;
}

function saveShortest(cfg: Config, mutant: string | null, r: ExploreReport, dir: string = defaultCorpusDir): Saved | null {
  const cx = r.counterexample;
  if (cx === null) return null;
  // The file records the search as one run whose length bound is the counterexample's own.
  const doc = documentFor(
    { cfg, mutant, seed: 0, runs: 1, maxSteps: Math.max(1, cx.actions.length) },
    { finding: cx.finding, actions: cx.actions, originalLength: cx.actions.length, path: '', shrinks: 0 },
  );
  try {
    return saveCounterexample(doc, dir);
  } catch (e) {
    return usage(`cannot save the counterexample in ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

interface ExploreSetup {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly bounds: Bounds;
  readonly name: string;
  readonly mutant: string | undefined;
  readonly mutantFile: string | undefined;
}

/** The result line without a violation: complete, or how far the search got. @public */
export function resultLine(r: ExploreReport, depth?: number): string {
  if (r.complete) return `no violation in ${n(r.states)} states, ${n(r.transitions)} transitions, diameter ${r.diameter} — complete for this scope`;
  const frontier = `(frontier of ${n(r.frontier)} states left)`;
  if (r.stoppedBy === 'depth') return `none within depth ${depth ?? r.diameter} ${frontier}`;
  if (r.stoppedBy === 'states') return `none within ${n(r.states)} states, depth ${r.diameter} ${frontier}`;
  return `none within the time limit, ${n(r.states)} states, depth ${r.diameter} ${frontier}`;
}

/** What the search tries in every state (its bounds), so "never ran" is read against it. */
function alphabetLine(b: Bounds): string {
  const kinds = b.kinds ?? actionKinds;
  const left = actionKinds.filter((k) => !kinds.includes(k));
  return `search: ${kinds.length}/${actionKinds.length} action kinds${left.length > 0 ? ` (not tried: ${left.join(', ')})` : ''}; ` +
    `calls to ${b.fns.join(', ')}, at most ${b.maxFrames} frames; pointer words: ${b.pointers}`;
}

/** What symmetry reduction did: how many real states the canonical ones stand for (lift.ts). @public */
export function symmetryLine(r: ExploreReport): string {
  if (!r.symmetry) return 'symmetry: off (goroutines are not renamed)';
  const m = r.representedStates;
  // Where there are Ps to rename but the bounds make their order observable, say why they were not.
  const ps = r.psKept === null ? '; goroutines and Ps other than P0 renamed' : r.psKept === fewPs ? '' : `; Ps not renamed: ${r.psKept}`;
  if (m === null) {
    return `symmetry: on, ${n(r.states)} canonical states (the real states they stand for are counted only for a search that ends ` +
      `without a violation, complete or at its depth bound, of at most 5 goroutines besides runtime.main)${ps}`;
  }
  return `symmetry: on, ${n(r.states)} canonical states stand for ${n(m)} states (factor ${(m / Math.max(1, r.states)).toFixed(2)})${ps}`;
}

function textExploreReport(s: ExploreSetup, r: ExploreReport, saved: Saved | null): string {
  const modes = modeList(s.cfg.modes);
  const secs = r.elapsedMs / 1000;
  const lines = [
    `stackcheck explore: ${s.cfg.profile.name}, scope ${s.name}, modes ${modes.length ? modes.join(',') : 'default'}${s.mutant ? `, mutant ${s.mutant}` : ''}`,
    `states ${n(r.states)}, transitions ${n(r.transitions)}, diameter ${r.diameter}, ` +
      `${n(Math.round(r.states / Math.max(secs, 1e-9)))} states/s (${secs.toFixed(1)} s), ${(r.visitedBytes / Math.max(1, r.states)).toFixed(1)} bytes/state`,
    `outcomes: stack overflow ${n(r.coverage.outcomes['stack overflow'])}, out of memory ${n(r.coverage.outcomes['out of memory'])} (transitions that end the program)`,
    alphabetLine(s.bounds),
    symmetryLine(r),
    ...coverageLines(r.coverage, 'checked on every new state and every transition'),
    `fingerprint collision probability (TLC's optimistic estimate): ${r.collisionProbability.toExponential(1)}`,
  ];
  const cx = r.counterexample;
  if (cx === null) {
    lines.push(`result: ${resultLine(r)}`);
    return lines.join('\n');
  }
  lines.push(...findingLines(s.cfg, cx, `${cx.actions.length} steps, a shortest one (breadth first)`, s.rt));
  if (saved !== null) {
    const extra = s.mutantFile === undefined ? '' : ` --mutant-file ${s.mutantFile}`;
    lines.push(`${saved.reused ? 'counterexample already saved' : 'counterexample saved'}: ${saved.path}`, `replay: stackcheck replay ${saved.path}${extra}`);
  }
  return lines.join('\n');
}

function jsonExploreReport(s: ExploreSetup, r: ExploreReport, saved: Saved | null): string {
  return JSON.stringify({
    profile: s.cfg.profile.name, scope: s.cfg.scope, preset: s.name, modes: modeList(s.cfg.modes), mutant: s.mutant ?? null,
    states: r.states, symmetry: r.symmetry, psKept: r.psKept, representedStates: r.representedStates, transitions: r.transitions, diameter: r.diameter, complete: r.complete, stoppedBy: r.stoppedBy,
    frontier: r.frontier, elapsedMs: Math.round(r.elapsedMs), visitedBytes: r.visitedBytes,
    collisionProbability: r.collisionProbability, coverage: r.coverage,
    counterexample: r.counterexample === null ? null : { ...r.counterexample, script: r.counterexample.actions.map(describeAction) },
    ...(saved === null ? {} : { counterexampleFile: saved.path }),
  }, null, 2);
}
