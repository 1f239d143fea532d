// A minimisation pass after fast-check's shrinking: fast-check stops once no chunk it
// tries can go (shrink.ts), which can leave removable steps behind (fast-check #254, #279).
// Here single steps, then neighbouring pairs are deleted from the resolved action list while
// the same invariant (or throw) still breaks. Deleting alone cannot reach a shortest trace
// that does with fewer steps what the random trace did another way, so rewrites follow,
// cheapest first, each kept only when it is shorter and keeps the failure, with deletion
// again after each: fewer goroutines (one left out with what it created, or its steps done
// by a lower one: goroutine-rewrite.ts); any two steps deleted (a call and its ret with
// steps between); a step replaced by each single action enabled where it began
// (properties/enumerate.ts, pointer words nil) while another step goes, its neighbour first
// (a call of a bigger function instead of two calls); last, three neighbouring steps
// replaced by any two actions enabled one after the other where they began (what the random
// trace reached one way, two other steps reach). Every candidate is shorter than the
// best trace, so the trace never grows, and the order of candidates is fixed. Each re-runs
// from the state the current best trace had before the changed steps (prefix.ts), checking
// first only the rule it must break.

import { FUNCS, step, type Action, type Config, type Runtime, type State } from '../model/index.ts';
import { enabledActions, planOf, type Plan } from './enumerate.ts';
import { createdGoroutines, withGoroutine, type Fate } from './goroutine-rewrite.ts';
import { runFromPrefix, type Recording } from './prefix.ts';
import { onlyRule, type Checks, type Finding } from './run-trace.ts';

/** The minimal trace. @public */
export function minimize(
  cfg: Config, rt: Runtime, actions: readonly Action[], checks: Checks, finding: Finding, rec: Recording | null = null,
): Minimal {
  const steps = minimizing(cfg, rt, actions, checks, finding, rec);
  for (;;) {
    const n = steps.next();
    if (n.done === true) return n.value;
  }
}

/** @public */
export interface Minimal { readonly actions: Action[]; readonly finding: Finding }

/**
 * minimize() one candidate at a time: it yields the best trace so far after each candidate
 * (so a caller can stop it, check.ts on a SIGINT) and returns the minimal one.
 * @public
 */
export function* minimizing(
  cfg: Config, rt: Runtime, actions: readonly Action[], checks: Checks, finding: Finding, rec: Recording | null = null,
): Generator<Minimal, Minimal> {
  let best = actions.slice(0, finding.step + 1);
  let bestFinding = finding;
  // A recording of best itself: its steps must be best's very objects.
  let bestRec: Recording | null = rec === null ? null : { steps: best, actions: rec.actions, states: rec.states };
  // A candidate is first run checking only the rule it must break: a run that does not break
  // it there does not with every check either (the full run is the same run, stopped at its
  // first finding), and most candidates fail, so most cost one rule's checks, not all of them.
  const own = onlyRule(checks, finding.id);
  /**
   * Runs a candidate; true (and it becomes best) when it breaks the same rule. via: a
   * recording of a trace checked for the own rule alone that shares a longer prefix with the
   * candidate than best does (the sieve resumes from it; the full run only ever from best's).
   */
  const keeps = (candidate: Action[], via: Recording | null = null): boolean => {
    const sieve = runFromPrefix(cfg, rt, candidate, own, true, via ?? bestRec).result.finding;
    if (sieve === null || sieve.id !== finding.id) return false;
    const { result, rec: candidateRec } = runFromPrefix(cfg, rt, candidate, checks, true, bestRec);
    const f = result.finding;
    if (f === null || f.id !== finding.id) return false;
    best = candidate.slice(0, f.step + 1);
    bestRec = { steps: best, actions: candidateRec.actions, states: candidateRec.states };
    bestFinding = f;
    return true;
  };
  for (;;) {
    for (let width = 1; width <= 2; width++) {
      let changed = true;
      while (changed) {
        changed = false;
        for (let i = best.length - width; i >= 0; i--) {
          if (keeps(best.slice(0, i).concat(best.slice(i + width)))) {
            changed = true;
            i = Math.min(i, best.length - width + 1);
          }
          yield { actions: best, finding: bestFinding };
        }
      }
    }
    // Fewer goroutines (the random trace created a goroutine to do what runtime.main could, or
    // one that plays no part): each created goroutine left out, then its steps done by each
    // lower one, latest created first (goroutine-rewrite.ts); kept only when that leaves fewer steps.
    let moved = false;
    for (const fate of goroutineFates(cfg, rt, best)) {
      const candidate = withGoroutine(cfg, rt, best, fate);
      if (candidate === null || candidate.length >= best.length) continue;
      moved = keeps(candidate);
      yield { actions: best, finding: bestFinding };
      if (moved) break;
    }
    if (moved) continue;
    // Two steps that are not neighbours: a call and its ret with other steps between them,
    // which neither goes alone (the ret would pop another frame, or the frame would stay).
    let dropped = false;
    for (let j = best.length - 1; j >= 2 && !dropped; j--) {
      for (let i = j - 2; i >= 0 && !dropped; i--) {
        dropped = keeps(best.slice(0, i).concat(best.slice(i + 1, j), best.slice(j + 1)));
        yield { actions: best, finding: bestFinding };
      }
    }
    if (dropped) continue;
    // Two steps into one: step i replaced by an action enabled where it began and another
    // step dropped, its neighbour first; the first replacement that keeps the failure, then
    // delete again.
    let merged = false;
    // Recordings the sieve resumes from (checked for the own rule alone): best without step j,
    // for the drops before the replaced step, and best with step i replaced by each alt, for
    // the drops after it. A candidate then re-runs only the steps after the later of i and j.
    const without: (Recording | null)[] = best.map(() => null);
    const ownRec = (trace: readonly Action[]): Recording => runFromPrefix(cfg, rt, trace, own, true, bestRec).rec;
    for (let i = best.length - 1; i >= 0 && !merged; i--) {
      const before = stateBefore(cfg, rt, best, i, bestRec);
      const alts = enabledActions(cfg, rt, before, mergePlan);
      const replaced: (Recording | null)[] = alts.map(() => null);
      for (const j of dropOrder(best.length, i)) {
        for (let k = 0; k < alts.length; k++) {
          const via = j < i ? (without[j] ??= ownRec(best.slice(0, j).concat(best.slice(j + 1)))) : (replaced[k] ??= ownRec(replacedWithout(best, i, alts[k], -1)));
          merged = keeps(replacedWithout(best, i, alts[k], j), via);
          yield { actions: best, finding: bestFinding };
          if (merged) break;
        }
        if (merged) break;
      }
    }
    if (merged) continue;
    // Three neighbouring steps into two others: the random trace reached a state one way
    // (parked a goroutine so a scan could run, rescheduled it onto another P) where two other
    // actions reach what the failure needs (a call and its ret; a call that grows the stack
    // and an M started on that P). Each pair is two actions enabled one after the other from
    // the state before the three, latest window first; the first that keeps the failure wins.
    let rewritten = false;
    for (let i = best.length - 3; i >= 0 && !rewritten; i--) {
      const before = stateBefore(cfg, rt, best, i, bestRec);
      for (const x of enabledActions(cfg, rt, before, mergePlan)) {
        const r = step(cfg, rt, before, x);
        if (r.kind !== 'ok') continue;
        for (const y of enabledActions(cfg, rt, r.state, mergePlan)) {
          rewritten = keeps(best.slice(0, i).concat([x, y], best.slice(i + 3)));
          yield { actions: best, finding: bestFinding };
          if (rewritten) break;
        }
        if (rewritten) break;
      }
    }
    if (!rewritten) return { actions: best, finding: bestFinding };
  }
}

/**
 * What the goroutine move tries on trace, for each goroutine its steps name, highest first:
 * left out if the trace created it, then given to each lower one (following ids if created).
 */
function goroutineFates(cfg: Config, rt: Runtime, trace: readonly Action[]): Fate[] {
  const created = createdGoroutines(cfg, rt, trace);
  const named = [...new Set(trace.flatMap((x) => ('g' in x ? [x.g] : [])))].sort((x, y) => y - x);
  const out: Fate[] = [];
  for (const from of named) {
    if (created.has(from)) out.push({ from, to: -1, follow: true });
    for (let to = 0; to < from; to++) {
      if (created.has(from)) out.push({ from, to, follow: true });
      out.push({ from, to, follow: false });
    }
  }
  return out;
}

/** The steps to drop beside a replacement at i: i+1 (two neighbours into one), then the later ones, then the earlier ones nearest first. */
function dropOrder(n: number, i: number): number[] {
  const out: number[] = [];
  for (let j = i + 1; j < n; j++) out.push(j);
  for (let j = i - 1; j >= 0; j--) out.push(j);
  return out;
}

/** trace with step i replaced by alt and step j (j != i; -1 for none) left out. */
function replacedWithout(trace: readonly Action[], i: number, alt: Action, j: number): Action[] {
  const out: Action[] = [];
  for (let k = 0; k < trace.length; k++) if (k !== j) out.push(k === i ? alt : trace[k]);
  return out;
}

/** What a merged step may be: every action kind and function, pointer words nil (the simplest value of each choice). */
const mergePlan: Plan = planOf({ maxFrames: Number.MAX_SAFE_INTEGER, fns: FUNCS.map((f) => f.name), pointers: 'nil' });

/** The state best's step i starts from: the recording's when it has it, else by replaying the prefix. */
function stateBefore(cfg: Config, rt: Runtime, best: readonly Action[], i: number, rec: Recording | null): State {
  if (rec !== null && i < rec.states.length && rec.steps[i] === best[i]) return rec.states[i];
  return runFromPrefix(cfg, rt, best.slice(0, i), { state: [], step: [], incremental: true, stateEntries: [], stepEntries: [] }, true, null).result.final;
}
