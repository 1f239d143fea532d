import fc from 'fast-check';
import {
  addStats, boot, goRuntime, linuxAmd64, makeConfig, defaultScope, step, zeroStats, type Action, type ActionKind, type Config, type Runtime, type State,
  type Stats,
} from '../../model/index.ts';
import { defaultWeights, pick, traceArb } from '../../properties/index.ts';
import { printingRuntime } from '../../conformance/tools/model-printer.ts';

// A trace in the extended stackDebug format, written by the model itself: the routine table
// is wrapped so each allocator routine prints the line the patched runtime prints. Level 2
// must replay such a trace exactly, with the model's own counters.

export interface ModelTrace {
  readonly text: string;
  readonly cfg: Config;
  readonly final: State;
  /** The model's path counts over the whole run, the bootstrap included. */
  readonly stats: Stats;
  readonly actions: readonly Action[];
}

/**
 * Runs the model from its initial state over generated steps, leaving out the kinds in `skip`,
 * and returns the lines its allocator routines printed (lines of a failed step are dropped,
 * as that step did not happen).
 */
export function modelTrace(seed: number, steps: number, skip: readonly ActionKind[], procs = 2): ModelTrace {
  const cfg = makeConfig(linuxAmd64, { ...defaultScope, procs, maxProcs: procs, arenaPages: 512 });
  const lines: string[] = [];
  const buf: string[] = [];
  const rt = printingRuntime(buf);
  const booted = boot(cfg, rt);
  let s = booted.state;
  // The replay counts every path from the first line, the bootstrap's allocations included.
  const stats = { ...zeroStats };
  addStats(stats, booted.obs);
  lines.push(...buf.splice(0));
  const weights = { ...defaultWeights };
  for (const k of skip) weights[k] = 0;
  const [templates] = fc.sample(traceArb(steps, weights), { seed, numRuns: 1 });
  const actions: Action[] = [];
  for (const t of templates) {
    const a = pick(cfg, rt, s, t);
    if (a === null || skip.includes(a.kind)) continue;
    const r = step(cfg, rt, s, a);
    if (r.kind === 'ok') {
      s = r.state;
      addStats(stats, r.obs);
      lines.push(...buf);
      actions.push(a);
    }
    buf.length = 0;
    if (r.kind !== 'ok' && r.kind !== 'disabled') break;
  }
  return { text: lines.join('\n') + '\n', cfg, final: s, stats, actions };
}
