// How short run's shrunk counterexamples are against the shortest one: for every registered
// mutant, the exhaustive search (explore, breadth first, so its first violation is a shortest
// one within the preset's actions) at the tiny preset, and for a mutant tiny's whole space has
// no counterexample for, at the medium preset (bounded by a state budget: the table gives the
// depth it completed). Next to it, `stackcheck mutants`' shrunk length on the same model scope
// (seed 1, the mutants command's budget). Where run's is longer, the minimiser left steps it
// could have removed; where it is shorter, run used an action the preset's enumerator does not
// offer (the preset bounds kinds, functions, frames and pointer words): the table names it,
// since explore's "shortest" is the shortest within those bounds only.

import { FUNCS, go126, initialState, linuxAmd64, makeConfig, step, type Action, type Config, type PtrSpec, type Runtime } from '../model/index.ts';
import { resolvePtr } from '../model/mutator.ts';
import { mutants, type Mutant } from '../model/mutants/index.ts';
import type { Bounds } from '../properties/enumerate.ts';
import { presets } from '../explore/presets.ts';
import { explore, type ExploreReport } from '../explore/search.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import { checkMutant, mutantDefaults } from '../cli/mutants.ts';
import { quiet, type BenchProgress } from './progress.ts';
import { grouped } from '../config/digits.ts';

/** Explore's budget per mutant: tiny is complete at about 60 K states (a mutant may grow it); medium stops at its state budget. */
const stages = [
  { preset: 'tiny', maxStates: 400_000 },
  { preset: 'medium', maxStates: 150_000 },
] as const;
/** A safety net only: the state budgets bound the search, so the table does not depend on the machine's speed. */
const timeLimitMs = 300_000;

function stageOf(preset: string): (typeof stages)[number] {
  return stages.find((st) => st.preset === preset) as (typeof stages)[number];
}

function cfgOf(m: Mutant, preset: string): Config {
  return makeConfig(m.releases.includes('go1.19') ? linuxAmd64 : go126, presets[preset].scope);
}

/** What of a pointer word the bounds allow: nil, a heap object, or a slot of the goroutine's own frames (by what it resolves to). */
function pointerClass(cfg: Config, g: Parameters<typeof resolvePtr>[1], spec: PtrSpec): 'nil' | 'heap' | 'stack' {
  if (resolvePtr(cfg, g, spec) === 0) return 'nil';
  return spec.to === 'heap' ? 'heap' : 'stack';
}

const allowed = { nil: ['nil'], heap: ['nil', 'heap'], stack: ['nil', 'heap', 'stack'] } as const;

/**
 * The first step of a trace that the bounds' enumerator does not offer (an action kind, a
 * function, a frame past maxFrames, a pointer word of a class it does not try), said in a few
 * words, or null when every step is within them.
 */
export function outsideBounds(cfg: Config, rt: Runtime, actions: readonly Action[], bounds: Bounds): string | null {
  let s = initialState(cfg, rt);
  const ptrOk = (g: number, spec: PtrSpec): boolean => (allowed[bounds.pointers] as readonly string[]).includes(pointerClass(cfg, s.gs[g], spec));
  for (const a of actions) {
    if (bounds.kinds !== undefined && !bounds.kinds.includes(a.kind)) return `a ${a.kind} step`;
    if (a.kind === 'call') {
      const name = FUNCS[a.fn].name;
      if (!bounds.fns.includes(name)) return `a call of ${name}`;
      if (s.gs[a.g].frames.length >= bounds.maxFrames) return `a call ${bounds.maxFrames + 1} frames deep`;
      if (![...a.slots, a.ctxt].every((spec) => ptrOk(a.g, spec))) return 'a pointer word it does not try';
    }
    if (a.kind === 'storeHeap' && !ptrOk(a.g, a.target)) return 'a pointer word it does not try';
    const r = step(cfg, rt, s, a);
    if (r.kind !== 'ok') return null;
    s = r.state;
  }
  return null;
}

/** One mutant's row: the preset it was compared at, explore's result there and run's shrunk length. */
interface Row {
  readonly preset: string;
  readonly explore: ExploreReport;
  readonly shrunk: number | null;
  readonly interrupted: boolean;
  readonly outside: string | null;
  /** When run's trace is longer and breaks another rule than explore's: explore's shortest for run's rule. */
  readonly ownRule: { readonly id: string; readonly shortest: number | null } | null;
}

function rowOf(m: Mutant, which: string, progress: BenchProgress): Row {
  let preset = '';
  let e: ExploreReport | null = null;
  for (const st of stages) {
    preset = st.preset;
    const { bounds } = presets[st.preset];
    e = explore({
      cfg: cfgOf(m, st.preset), rt: m.rt, bounds, maxStates: st.maxStates, timeLimitMs,
      onProgress: (p) => progress(() => `${which}: explore --scope ${st.preset} depth ${p.depth}, ${grouped(p.states)} states`),
    });
    if (e.counterexample !== null) break;
  }
  const ex = e as ExploreReport;
  const cfg = cfgOf(m, preset);
  const r = checkMutant(m, {
    cfg, seed: mutantDefaults.seed, runs: mutantDefaults.runs, maxSteps: mutantDefaults.maxSteps, timeLimitMs: mutantDefaults.timeLimitSeconds * 1000,
    onProgress: (runs) => progress(() => `${which}: run ${runs} at --scope ${preset}`),
  });
  const cx = r.counterexample;
  const outside = cx === null ? null : outsideBounds(cfg, m.rt, cx.actions, presets[preset].bounds);
  let ownRule: Row['ownRule'] = null;
  const shortest = ex.counterexample;
  if (cx !== null && shortest !== null && cx.actions.length > shortest.actions.length && cx.finding.id !== shortest.finding.id) {
    // The minimiser keeps the rule the random run broke: compare with the shortest trace that breaks that rule.
    const id = cx.finding.id;
    const own = explore({
      cfg, rt: m.rt, bounds: presets[preset].bounds, maxStates: stageOf(preset).maxStates, timeLimitMs,
      invariants: invariantsFor(cfg.profile).filter((i) => i.id === id),
      onProgress: (p) => progress(() => `${which}: explore --scope ${preset} for ${id} only, depth ${p.depth}`),
    });
    ownRule = { id, shortest: own.counterexample === null ? null : own.counterexample.actions.length };
  }
  return { preset, explore: ex, shrunk: cx === null ? null : cx.actions.length, interrupted: r.interrupted, outside, ownRule };
}

/** The table, saying through progress which mutant it hunts and how. @public */
export function benchShortest(progress: BenchProgress = quiet): string {
  const w = Math.max(...mutants.map((m) => m.name.length));
  const lines: string[] = [];
  lines.push(`shortest counterexamples: explore (breadth first) at --scope tiny, or at --scope medium (${grouped(stages[1].maxStates)} states) for a mutant tiny's whole space has none for, against run's shrunk length on the same scope (seed 1, ${mutantDefaults.runs} runs of ${mutantDefaults.maxSteps} steps, ${mutantDefaults.timeLimitSeconds} s)`);
  lines.push(`  ${'mutant'.padEnd(w)}  ${'preset'.padEnd(6)}  ${'explore'.padStart(18)}  ${'run shrunk'.padStart(10)}  verdict`);
  const tally = new Map<string, { both: number; equal: number; ownRule: number; longer: number; shorter: number; found: number }>();
  for (const st of stages) tally.set(st.preset, { both: 0, equal: 0, ownRule: 0, longer: 0, shorter: 0, found: 0 });
  mutants.forEach((m, k) => {
    const row = rowOf(m, `mutant ${k + 1} of ${mutants.length}, ${m.name}`, progress);
    const t = tally.get(row.preset) as NonNullable<ReturnType<typeof tally.get>>;
    const e = row.explore;
    const shortest = e.counterexample === null ? null : e.counterexample.actions.length;
    if (shortest !== null) t.found++;
    const exploreText = shortest !== null ? String(shortest)
      : e.complete ? 'none in the space' : `none to depth ${e.stoppedBy === 'depth' ? e.diameter : e.diameter - 1}`;
    const runText = row.shrunk === null ? 'not found' : `${row.shrunk}${row.interrupted ? '*' : ''}`;
    let verdict: string;
    if (shortest !== null && row.shrunk !== null) {
      t.both++;
      if (row.shrunk === shortest) {
        t.equal++;
        verdict = 'shortest';
      } else if (row.ownRule !== null && row.ownRule.shortest === row.shrunk) {
        t.ownRule++;
        verdict = `shortest for the rule it breaks (${row.ownRule.id}; explore's ${shortest} breaks another)`;
      } else if (row.shrunk > shortest) {
        t.longer++;
        verdict = `${row.shrunk - shortest} step(s) longer${row.outside !== null ? ` (uses ${row.outside})` : ''}`;
      } else {
        t.shorter++;
        verdict = row.outside !== null ? `shorter: uses ${row.outside}, outside the preset` : 'shorter within the preset (explore missed it)';
      }
    } else if (shortest === null && row.shrunk !== null) verdict = 'only run finds it at this scope';
    else if (shortest !== null) verdict = 'only explore finds it';
    else verdict = 'neither at this scope';
    lines.push(`  ${m.name.padEnd(w)}  ${row.preset.padEnd(6)}  ${exploreText.padStart(18)}  ${runText.padStart(10)}  ${verdict}`);
  });
  let found = 0, both = 0, equal = 0, ownRule = 0, shorter = 0;
  for (const [preset, t] of tally) {
    found += t.found;
    both += t.both;
    equal += t.equal;
    ownRule += t.ownRule;
    shorter += t.shorter;
    lines.push(`  at ${preset}: explore found ${t.found}; both found ${t.both}: run's shrunk length is the shortest for ${t.equal}, the shortest for the other rule it breaks for ${t.ownRule}, longer for ${t.longer}, shorter (actions outside the preset) for ${t.shorter}`);
  }
  const share = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(0)} %`);
  const like = both - shorter;
  lines.push(`  explore found a shortest counterexample for ${found}/${mutants.length} mutants; both found ${both}, ${like} like for like (${shorter} where run's is shorter through actions outside the preset left out)`);
  lines.push(`  run's shrunk length is the shortest for ${equal}/${like} (${share(equal, like)}), or the shortest for the rule it breaks for ${equal + ownRule}/${like} (${share(equal + ownRule, like)}); of all both found, ${equal}/${both} (${share(equal, both)}) (* = shrinking stopped by the time limit)`);
  return lines.join('\n');
}
