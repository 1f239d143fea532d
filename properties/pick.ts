// Turning a generated template into the action that runs. A template whose kind has no
// target, or is not enabled here, falls through to the next kind in a fixed order, so
// every generated step executes something and no run stalls on a disabled command.

import { actionKinds, enabled, type Action, type Config, type Runtime, type State } from '../model/index.ts';
import { resolve, type Template } from './template.ts';

const kindIndex = new Map(actionKinds.map((k, i) => [k, i]));

/** The action a template makes in state s, or null if no kind at all is enabled. @public */
export function pick(cfg: Config, rt: Runtime, s: State, t: Template): Action | null {
  const start = kindIndex.get(t.kind) ?? 0;
  for (let i = 0; i < actionKinds.length; i++) {
    const kind = actionKinds[(start + i) % actionKinds.length];
    const a = resolve(cfg, s, i === 0 ? t : { ...t, kind });
    if (a !== null && enabled(cfg, rt, s, a)) return a;
  }
  return null;
}
