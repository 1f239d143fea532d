// How short run's shrunk counterexamples are against the shortest one: for every registered
// mutant, the exhaustive search (explore, breadth first, so its first violation is a shortest
// one within the preset's actions) at the tiny preset, next to `stackcheck mutants`' shrunk
// length on the same model scope (seed 1, the mutants command's budget). Where run's is longer,
// the minimiser left steps it could have removed; where it is shorter, run used an action the
// preset's enumerator does not offer (the preset bounds kinds, functions and pointer words),
// so explore's "shortest" is the shortest within those bounds only.

import { go126, linuxAmd64, makeConfig, type Config } from '../model/index.ts';
import { mutants, type Mutant } from '../model/mutants/index.ts';
import { presets } from '../explore/presets.ts';
import { explore } from '../explore/search.ts';
import { killMutant, mutantDefaults } from '../cli/mutants.ts';
import { quiet, type BenchProgress } from './progress.ts';

/** Explore's budget per mutant: tiny is complete at about 51 K states; a mutant may grow it. */
const maxStates = 400_000;
const timeLimitMs = 60_000;

function cfgOf(m: Mutant): Config {
  return makeConfig(m.releases.includes('go1.19') ? linuxAmd64 : go126, presets.tiny.scope);
}

/** The table, saying through progress which mutant it hunts and how. @public */
export function benchShortest(progress: BenchProgress = quiet): string {
  const w = Math.max(...mutants.map((m) => m.name.length));
  const lines: string[] = [];
  lines.push(`shortest counterexamples: explore (breadth first) at --scope tiny against run's shrunk length on the same scope (seed 1, ${mutantDefaults.runs} runs of ${mutantDefaults.maxSteps} steps, ${mutantDefaults.timeLimitSeconds} s)`);
  lines.push(`  ${'mutant'.padEnd(w)}  ${'explore'.padStart(18)}  ${'run shrunk'.padStart(10)}  verdict`);
  let both = 0, equal = 0, longer = 0, shorter = 0;
  mutants.forEach((m, k) => {
    const cfg = cfgOf(m);
    const which = `mutant ${k + 1} of ${mutants.length}, ${m.name}`;
    const e = explore({
      cfg, rt: m.rt, bounds: presets.tiny.bounds, maxStates, timeLimitMs,
      onProgress: (p) => progress(() => `${which}: explore depth ${p.depth}, ${p.states.toLocaleString('en-US')} states`),
    });
    const r = killMutant(m, {
      cfg, seed: mutantDefaults.seed, runs: mutantDefaults.runs, maxSteps: mutantDefaults.maxSteps, timeLimitMs: mutantDefaults.timeLimitSeconds * 1000,
      onProgress: (runs) => progress(() => `${which}: run ${runs}`),
    });
    const shortest = e.counterexample === null ? null : e.counterexample.actions.length;
    const exploreText = shortest !== null ? String(shortest)
      : e.complete ? 'none in the space' : `none to depth ${e.diameter}`;
    const runText = r.shrunkLength === null ? 'not found' : `${r.shrunkLength}${r.interrupted ? '*' : ''}`;
    let verdict = '';
    if (shortest !== null && r.shrunkLength !== null) {
      both++;
      if (r.shrunkLength === shortest) {
        equal++;
        verdict = 'shortest';
      } else if (r.shrunkLength > shortest) {
        longer++;
        verdict = `${r.shrunkLength - shortest} step(s) longer`;
      } else {
        shorter++;
        verdict = 'shorter: uses actions outside the preset';
      }
    } else if (shortest === null && r.shrunkLength !== null) verdict = 'only run finds it at this scope';
    else if (shortest !== null) verdict = 'only explore finds it';
    else verdict = 'neither at this scope';
    lines.push(`  ${m.name.padEnd(w)}  ${exploreText.padStart(18)}  ${runText.padStart(10)}  ${verdict}`);
  });
  lines.push(`  both found ${both}/${mutants.length}: run's shrunk length is the shortest for ${equal}, longer for ${longer}, shorter (actions outside the preset) for ${shorter}; share shortest ${both === 0 ? '-' : `${((100 * equal) / both).toFixed(0)} %`} (* = shrinking stopped by the time limit)`);
  return lines.join('\n');
}
