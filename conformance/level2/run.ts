// Running one model routine on a state through the heap oracle, and finding the one span base
// (if any) that makes the model hand out the address the trace shows. Every outcome is a value:
// the oracle records what the routine asked of the heap, nothing is thrown past the model.

import { isAbort } from '../../model/abort.ts';
import { draftOf, finish, observed, type Draft } from '../../model/draft.ts';
import type { Observation } from '../../model/observation.ts';
import type { Config } from '../../model/profile.ts';
import type { Runtime } from '../../model/runtime.ts';
import type { State } from '../../model/state.ts';
import { oracleRuntime, placement } from './oracle.ts';

/** The model, configured for replay: its configuration, its routine table and that table with the heap oracle (replayModel). @internal */
export interface ReplayModel {
  readonly cfg: Config;
  readonly base: Runtime;
  readonly oracle: ReturnType<typeof oracleRuntime>;
}

/** @internal */
export function replayModel(cfg: Config, base: Runtime): ReplayModel {
  return { cfg, base, oracle: oracleRuntime(base) };
}

/**
 * A routine's effect, or why it could not run (a runtime throw, or the oracle refusing pages).
 * `placed`: the planned bases it took; `guessed`: spans it asked for beyond them, where the
 * model's own allocManual put them.
 * @internal
 */
export type RunResult<T> =
  | {
      readonly ok: true; readonly state: State; readonly obs: Observation; readonly value: T;
      readonly placed: readonly number[]; readonly guessed: readonly { readonly base: number; readonly npages: number }[];
    }
  | { readonly ok: false; readonly message: string };

/** Runs f on a draft of s, its fresh spans at `bases` (in order). @internal */
export function runWith<T>(m: ReplayModel, s: State, bases: readonly number[], f: (d: Draft) => T): RunResult<T> {
  const place = placement(bases);
  m.oracle.use(place);
  const d = draftOf(s, m.cfg, m.oracle.rt);
  try {
    const value = f(d);
    return { ok: true, state: finish(d), obs: observed(d), value, placed: place.placed, guessed: place.guessed };
  } catch (e) {
    if (!isAbort(e)) throw e;
    return { ok: false, message: place.refused ?? `model: ${e.abort === 'throw' ? 'throw' : e.outcome}: ${e.message}` };
  }
}

/** Runs a routine that needs no span (stackfree, stackcache_clear); asking for one is reported. @internal */
export function runNoSpan(m: ReplayModel, s: State, f: (d: Draft) => void): RunResult<void> {
  const r = runWith(m, s, [], f);
  if (r.ok && r.guessed.length > 0) return { ok: false, message: `model asked the heap for a ${r.guessed[0].npages}-page span where it should not` };
  return r;
}

/**
 * The model's stackalloc(n) on P pp, with the heap oracle choosing the span base, if one is
 * needed, so that the model's answer is v. Only a page-aligned base whose pages are free in the
 * model's heap may be chosen; at most one fresh span per allocation.
 * - `hit`: the model answers v (`span`: the base placed, or null);
 * - `miss`: the model answers another address (`predicted`), with no freedom left to explain v;
 * - `error`: the model throws, or no admissible base exists (`message`).
 * @internal
 */
export type AllocAttempt =
  | { readonly kind: 'hit'; readonly state: State; readonly obs: Observation; readonly span: number | null }
  | { readonly kind: 'miss'; readonly predicted: number; readonly state: State; readonly obs: Observation; readonly span: number | null }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The model's stackalloc(n) on pp, answering v if some admissible span base lets it. Where the
 * model takes a fresh span, the stack it hands out sits at a fixed offset into that span (its
 * slot order does not depend on the base), so one probe at the model's own fit gives the one
 * base that can answer v.
 * @internal
 */
export function allocAt(m: ReplayModel, s: State, pp: number, n: number, v: number): AllocAttempt {
  const f = (d: Draft): number => d.rt.stackalloc(d, pp, n);
  const probe = runWith(m, s, [], f);
  if (!probe.ok) return { kind: 'error', message: probe.message };
  if (probe.guessed.length === 0) {
    return probe.value === v ? { kind: 'hit', state: probe.state, obs: probe.obs, span: null } : { kind: 'miss', predicted: probe.value, state: probe.state, obs: probe.obs, span: null };
  }
  const { npages } = probe.guessed[0];
  if (probe.guessed.length > 1) return { kind: 'error', message: `the model needs a fresh ${npages}-page span; the model asked for a second fresh span` };
  const offset = probe.value - probe.guessed[0].base;
  const base = v - offset;
  const r = runWith(m, s, [base], f);
  if (r.ok && r.guessed.length === 0 && r.value === v) return { kind: 'hit', state: r.state, obs: r.obs, span: base };
  const where = base % m.cfg.pageSize !== 0 ? `0x${base.toString(16)}, which is not page-aligned` : `0x${base.toString(16)}, whose pages are not free in the model heap`;
  return { kind: 'error', message: `the model takes a fresh ${npages}-page span and hands out its stack at +0x${offset.toString(16)}, so this address needs a span at ${where}` };
}
