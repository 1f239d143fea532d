// Replaying a counterexample: the recorded actions from the initial state under the recorded
// config and runtime, every invariant checked after every step (no incremental skipping:
// a replay also reports every rule a step breaks, not only the first), and a verdict
// against what the file recorded.

import { initialState, quietStep, step, type Action, type Config, type Observation, type Runtime, type State, type TerminalOutcome } from '../model/index.ts';
import { describeStep } from '../properties/describe.ts';
import { faultAt, faultPlace } from '../properties/mutant-fault.ts';
import { invariantsFor } from '../properties/invariants/catalog.ts';
import { evaluateState, evaluateStep, type Invariant } from '../properties/invariants/invariant.ts';
import type { CounterexampleDoc, RecordedFinding } from './format.ts';

/** One invariant broken in one state. @public */
export interface Violation {
  readonly id: string;
  readonly message: string;
}

/** One replayed step. `after` is `before` when the step did not produce a state. @public */
export interface ReplayStep {
  readonly index: number;
  readonly action: Action;
  /** The action as it acted in `before` (describeStep: pointers as what they resolved to). */
  readonly text: string;
  readonly result: 'ok' | 'throw' | 'terminal' | 'disabled';
  /** The throw's or terminal outcome's message. */
  readonly message: string | null;
  readonly before: State;
  readonly after: State;
  /** What the step did (the shared quiet observation when it produced no state). */
  readonly obs: Observation;
  /** Every invariant (or the throw) this step broke. */
  readonly violations: readonly Violation[];
}

/**
 * The verdict: the recorded finding again at the recorded step ('reproduced'), a different
 * one ('different'), none at all ('passes'), or the actions no longer apply ('stale').
 * @public
 */
export type ReplayVerdict = 'reproduced' | 'different' | 'passes' | 'stale';

/** @public */
export interface Replay {
  readonly cfg: Config;
  readonly initial: State;
  readonly initialViolations: readonly Violation[];
  readonly steps: readonly ReplayStep[];
  /** The first finding, as the checker reports it (same id, step and message as runTrace). */
  readonly finding: RecordedFinding | null;
  readonly terminal: { readonly outcome: TerminalOutcome; readonly message: string } | null;
  readonly verdict: ReplayVerdict;
  /** For 'stale': which step stopped applying and why. */
  readonly problem: string | null;
}

function violations(list: readonly Invariant[], cfg: Config, before: State | null, a: Action | null, after: State, obs: Observation): Violation[] {
  const out: Violation[] = [];
  for (const inv of list) {
    if (inv.kind === 'state') {
      const v = evaluateState(inv, cfg, after);
      if (v.length > 0) out.push({ id: inv.id, message: v[0] });
    }
  }
  if (before !== null && a !== null) {
    for (const inv of list) {
      if (inv.kind === 'step') {
        const v = evaluateStep(inv, cfg, before, a, after, obs);
        if (v.length > 0) out.push({ id: inv.id, message: v[0] });
      }
    }
  }
  return out;
}

function verdictOf(doc: Pick<CounterexampleDoc, 'finding'>, f: RecordedFinding | null): ReplayVerdict {
  if (f === null) return 'passes';
  return f.id === doc.finding.id && f.step === doc.finding.step ? 'reproduced' : 'different';
}

/** Replays a loaded document (or a run's counterexample: its actions and finding) under cfg and rt. @public */
export function replay(
  doc: Pick<CounterexampleDoc, 'actions' | 'finding'>, cfg: Config, rt: Runtime, list: readonly Invariant[] = invariantsFor(cfg.profile),
  /** Called before each step (a progress line for long traces). */
  onStep?: (index: number, total: number) => void,
  /**
   * Which steps Replay.steps holds (default all): a huge trace's page keeps a window
   * (html.ts pageWindow), so memory stays bounded. The step the replay ends at is always kept.
   */
  keep?: (index: number) => boolean,
): Replay {
  let at = -1;
  try {
    return replayFrom(doc, cfg, rt, list, (i, n) => { at = i; onStep?.(i, n); }, keep ?? (() => true));
  } catch (e) {
    // A user mutant's fault (properties/mutant-fault.ts) is one line; a model defect stays loud.
    throw faultAt(rt, e, faultPlace(at, at < 0 ? null : doc.actions[at]));
  }
}

function replayFrom(
  doc: Pick<CounterexampleDoc, 'actions' | 'finding'>, cfg: Config, rt: Runtime, list: readonly Invariant[],
  track: (index: number, total: number) => void, keep: (index: number) => boolean,
): Replay {
  const initial = initialState(cfg, rt);
  const initialViolations = violations(list, cfg, null, null, initial, quietStep);
  const steps: ReplayStep[] = [];
  let finding: RecordedFinding | null = initialViolations.length > 0 ? { ...initialViolations[0], step: -1 } : null;
  let terminal: Replay['terminal'] = null;
  let problem: string | null = null;
  let s = initial;
  for (let i = 0; i < doc.actions.length && finding === null && terminal === null; i++) {
    track(i, doc.actions.length);
    const a = doc.actions[i];
    const text = describeStep(cfg, s, a);
    const r = step(cfg, rt, s, a);
    const base = { index: i, action: a, text, before: s, obs: r.kind === 'ok' ? r.obs : quietStep };
    if (r.kind === 'disabled') {
      steps.push({ ...base, result: 'disabled', message: null, after: s, violations: [] });
      problem = `actions no longer apply: step ${i} (${text}) is not enabled in the state it meets`;
      break;
    }
    if (r.kind === 'throw') {
      const v = { id: 'throw', message: r.message };
      steps.push({ ...base, result: 'throw', message: r.message, after: s, violations: [v] });
      finding = { ...v, step: i };
      break;
    }
    if (r.kind === 'terminal') {
      steps.push({ ...base, result: 'terminal', message: r.message, after: s, violations: [] });
      terminal = { outcome: r.outcome, message: r.message };
      if (i < doc.actions.length - 1) {
        problem = `actions no longer apply: step ${i} (${text}) ends the run (${r.message}) with ${doc.actions.length - 1 - i} steps left`;
      }
      break;
    }
    const v = violations(list, cfg, s, a, r.state, r.obs);
    if (v.length > 0 || keep(i) || i === doc.actions.length - 1) steps.push({ ...base, result: 'ok', message: null, after: r.state, violations: v });
    if (v.length > 0) finding = { ...v[0], step: i };
    s = r.state;
  }
  const verdict: ReplayVerdict = problem !== null ? 'stale' : verdictOf(doc, finding);
  return { cfg, initial, initialViolations, steps, finding, terminal, verdict, problem };
}
