// Running one model routine on a state through the heap oracle, and searching the one span
// base (if any) that makes the model hand out the address the trace shows.

import { isAbort } from '../../model/abort.ts';
import { draftOf, finish, observed, type Draft } from '../../model/draft.ts';
import type { Observation } from '../../model/observation.ts';
import type { Config } from '../../model/profile.ts';
import type { Runtime } from '../../model/runtime.ts';
import type { State } from '../../model/state.ts';
import { baseCandidates, NeedSpan, SpanRefused, type SpanPlan } from './oracle.ts';

/** The model, configured for replay: its routine table with the oracle's allocManual. @internal */
export interface ReplayModel {
  readonly cfg: Config;
  readonly rt: Runtime;
  readonly plan: SpanPlan;
}

/** A routine's effect, or why it could not run (a runtime throw, or the oracle refusing pages). @internal */
export type RunResult<T> =
  | { readonly ok: true; readonly state: State; readonly obs: Observation; readonly value: T; readonly span: number | null }
  | { readonly ok: false; readonly message: string };

/** Runs f on a draft of s with the given span bases; NeedSpan propagates to the caller. @internal */
export function runWith<T>(m: ReplayModel, s: State, bases: readonly number[], f: (d: Draft) => T): RunResult<T> {
  m.plan.bases = bases.slice();
  m.plan.placed = [];
  const d = draftOf(s, m.cfg, m.rt);
  try {
    const value = f(d);
    return { ok: true, state: finish(d), obs: observed(d), value, span: m.plan.placed[0] ?? null };
  } catch (e) {
    if (isAbort(e)) return { ok: false, message: `model: ${e.abort === 'throw' ? 'throw' : e.outcome}: ${e.message}` };
    if (e instanceof SpanRefused) {
      return { ok: false, message: `heap: no span at 0x${e.base.toString(16)} (${e.npages} pages): ${e.reason}` };
    }
    throw e;
  }
}

/** Runs a routine that needs no span (stackfree, stackcache_clear); a request for one is reported. @internal */
export function runNoSpan(m: ReplayModel, s: State, f: (d: Draft) => void): RunResult<void> {
  try {
    return runWith(m, s, [], f);
  } catch (e) {
    if (e instanceof NeedSpan) return { ok: false, message: `model asked the heap for a ${e.npages}-page span where it should not` };
    throw e;
  }
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

/** The model's stackalloc(n) on pp, answering v if some admissible span base lets it (see AllocAttempt). @internal */
export function allocAt(m: ReplayModel, s: State, pp: number, n: number, v: number): AllocAttempt {
  const f = (d: Draft): number => d.rt.stackalloc(d, pp, n);
  let npages: number;
  try {
    const r = runWith(m, s, [], f);
    if (!r.ok) return { kind: 'error', message: r.message };
    return r.value === v ? { kind: 'hit', state: r.state, obs: r.obs, span: null } : { kind: 'miss', predicted: r.value, state: r.state, obs: r.obs, span: null };
  } catch (e) {
    if (!(e instanceof NeedSpan)) throw e;
    npages = e.npages;
  }
  const large = !(n < m.cfg.smallStackLimit);
  let why = '';
  for (const b of baseCandidates(v, n, npages, m.cfg.pageSize, large)) {
    try {
      const r = runWith(m, s, [b], f);
      if (r.ok && r.value === v) return { kind: 'hit', state: r.state, obs: r.obs, span: b };
      if (!r.ok && why === '') why = r.message;
    } catch (e) {
      if (!(e instanceof NeedSpan)) throw e;
      if (why === '') why = 'the model asked for a second fresh span';
    }
  }
  return { kind: 'error', message: freshSpanMessage(m, s, f, npages, v, why) };
}

// Explains the failure: where the model would put v inside a fresh span, and why that base is refused.
function freshSpanMessage(m: ReplayModel, s: State, f: (d: Draft) => number, npages: number, v: number, why: string): string {
  const probe = s.free.find((r) => r.npages >= npages);
  if (probe === undefined) return `the model needs a fresh ${npages}-page span and its heap has none free`;
  let offset: number | null = null;
  try {
    const r = runWith(m, s, [probe.base], f);
    if (r.ok) offset = r.value - probe.base;
  } catch {
    offset = null;
  }
  if (offset === null) return `the model needs a fresh ${npages}-page span; ${why || 'no base reproduces it'}`;
  const base = v - offset;
  const where = base % m.cfg.pageSize !== 0 ? `0x${base.toString(16)}, which is not page-aligned` : `0x${base.toString(16)}, whose pages are not free in the model heap`;
  return `the model takes a fresh ${npages}-page span and hands out its stack at +0x${offset.toString(16)}, so this address needs a span at ${where}`;
}
