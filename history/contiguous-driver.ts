// Runs a history program on the contiguous model (go1.19, the release the model follows):
// goroutine 0 calls call1k (model/funcs.ts), and a GC is a whole cycle in which its stack is
// scanned (and perhaps shrunk) while it is descheduled.

import {
  FUNCS, defaultModes, defaultScope, initialState, makeConfig, goRuntime, step,
  type Action, type Config, type Modes, type Profile, type Runtime, type State,
} from '../model/index.ts';
import { emptyTally, runProgram, type Measured, type Op, type Program } from './programs.ts';

const call1k = FUNCS.findIndex((f) => f.name === 'call1k');

/** @public */
export function runContiguous(profile: Profile, program: Program, rt: Runtime = goRuntime, modes: Modes = defaultModes): Measured {
  const cfg: Config = makeConfig(profile, { ...defaultScope, arenaPages: 8192, maxstacksize: 1 << 26, procs: 1, maxProcs: 1 }, modes);
  let s: State = initialState(cfg, rt);
  const m = emptyTally();
  const bytes = (): number => s.gs[0].hi - s.gs[0].lo;
  const attempt = (a: Action): { state: State; moved: number; shrunk: number; copied: number } | null => {
    const r = step(cfg, rt, s, a);
    if (r.kind === 'disabled') return null;
    if (r.kind !== 'ok') throw new Error(`history: ${profile.name}: ${a.kind} gave ${r.kind}`);
    // What copystack moved: the used part of the stack as it was when each move began.
    const g = s.gs[0];
    return { state: r.state, moved: r.obs.moves.length, shrunk: r.obs.shrink, copied: r.obs.moves.length * (g.hi - g.sp) };
  };
  const act = (a: Action): boolean => {
    const r = attempt(a);
    if (r === null) return false;
    s = r.state;
    if (m.counting) {
      m.grows += r.moved - r.shrunk;
      m.shrinks += r.shrunk;
      m.bytesCopied += r.copied;
      m.peakBytes = Math.max(m.peakBytes, bytes());
    }
    return true;
  };
  const callAction: Action = { kind: 'call', g: 0, fn: call1k, slots: [], ctxt: { to: 'nil' } };
  const gcCycle = (): void => {
    act({ kind: 'gcStart' });
    act({ kind: 'gosched', g: 0 });
    const work: Action[] = [{ kind: 'scanstack', g: 0, p: 0 }, { kind: 'markrootFreeGStacks', p: 0 }, { kind: 'gcMarkDone' }, { kind: 'freeStackSpans' }, { kind: 'prepareForSweep', p: 0 }];
    while (work.some((a) => act(a)));
    act({ kind: 'execute', g: 0, p: 0 });
  };
  const run = (op: Op): void => {
    if (op.op === 'call') act(callAction);
    else if (op.op === 'ret') act({ kind: 'ret', g: 0 });
    else if (op.op === 'gc') gcCycle();
    else for (let r = attempt(callAction); r !== null && r.moved === 0; r = attempt(callAction)) s = r.state;
  };
  return runProgram(program, run, bytes, m);
}
