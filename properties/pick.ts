// Turning a generated template into the action that runs. A template whose kind has no
// target, or is not enabled here, falls through to the next kind in a fixed order, so
// every generated step executes something and no run stalls on a disabled command.

import { actionKinds, enabled, type Action, type ActionKind, type Config, type Runtime, type State } from '../model/index.ts';
import { resolve, type Template } from './template.ts';

const kindIndex = new Map(actionKinds.map((k, i) => [k, i]));

// When the drawn kind cannot run, the scheduler's moves come first: most kinds need a
// running goroutine, and putting one on a P is what a real scheduler would do next.
const schedulerFirst: readonly ActionKind[] = ['execute', 'exitsyscall'];

function tryKind(cfg: Config, rt: Runtime, s: State, t: Template, kind: ActionKind): Action | null {
  const a = resolve(cfg, s, t, kind);
  return a !== null && enabled(cfg, rt, s, a) ? a : null;
}

/** The action a template makes in state s, or null if no kind at all is enabled. @public */
export function pick(cfg: Config, rt: Runtime, s: State, t: Template): Action | null {
  const first = tryKind(cfg, rt, s, t, t.kind);
  if (first !== null) return first;
  for (const kind of schedulerFirst) {
    const a = tryKind(cfg, rt, s, t, kind);
    if (a !== null) return a;
  }
  const start = kindIndex.get(t.kind) ?? 0;
  for (let i = 1; i < actionKinds.length; i++) {
    const a = tryKind(cfg, rt, s, t, actionKinds[(start + i) % actionKinds.length]);
    if (a !== null) return a;
  }
  return null;
}
