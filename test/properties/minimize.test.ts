// The minimiser after fast-check's shrinking: what a random trace did through a second
// goroutine is done by runtime.main, and the steps that no longer apply go (the case the
// shortest-counterexample table found: panic-head-not-adjusted shrank to 5 steps where 3 do),
// and three neighbouring steps become two other ones (stackpoolalloc-keeps-full-span shrank to
// 3 steps where 2 do), and goroutines that play no part leave with what they did (the 25
// steps gfget-keeps-stale-size's minimisation stopped at, 6 goroutines created for 2 needed).
import { describe, expect, test } from 'vitest';
import { FUNCS, linuxAmd64, makeConfig, type Action } from '../../model/index.ts';
import { mutantByName } from '../../model/mutants/index.ts';
import { presets } from '../../explore/presets.ts';
import { checksOf } from '../../properties/check.ts';
import { invariantsFor } from '../../properties/invariants/catalog.ts';
import { minimize } from '../../properties/minimize.ts';
import { runTrace } from '../../properties/run-trace.ts';
import { configFrom } from '../../config/config.ts';

const cfg = makeConfig(linuxAmd64, presets.medium.scope);
const checks = checksOf(invariantsFor(cfg.profile));
const call1k = FUNCS.findIndex((f) => f.name === 'call1k');
const nil = { to: 'nil' } as const;

describe('minimize', () => {
  test('steps of a goroutine created for them move to runtime.main, and its newproc and execute go', () => {
    const rt = (mutantByName('panic-head-not-adjusted') as NonNullable<ReturnType<typeof mutantByName>>).rt;
    const trace: Action[] = [
      { kind: 'newproc', g: 0 }, { kind: 'execute', g: 1, p: 1 }, { kind: 'call', g: 1, fn: call1k, slots: [nil, nil], ctxt: nil },
      { kind: 'panic', g: 1 }, { kind: 'chanrecv', g: 1, c: 0, slot: -1 },
    ];
    const finding = runTrace(cfg, rt, trace, checks, null, true).finding;
    expect(finding?.id).toBe('defer-panic-records-in-own-stack');
    if (finding === null) return;
    const m = minimize(cfg, rt, trace, checks, finding);
    expect(m.finding.id).toBe(finding.id);
    expect(m.actions.map((a) => ('g' in a ? a.g : -1))).toEqual([0, 0, 0]);
    expect(m.actions.slice(0, 2).map((a) => a.kind)).toEqual(['call', 'panic']);
    // Deterministic, and the result breaks the rule at its last step.
    expect(minimize(cfg, rt, trace, checks, finding).actions).toEqual(m.actions);
    expect(runTrace(cfg, rt, m.actions, checks, null, true).finding).toMatchObject({ id: finding.id, step: 2 });
  });

  test('three steps that reach a state one way become two other steps that reach what the failure needs', () => {
    const rt = (mutantByName('stackpoolalloc-keeps-full-span') as NonNullable<ReturnType<typeof mutantByName>>).rt;
    // runtime.main rescheduled onto P1, whose empty cache makes newproc's stack come from the pool.
    const trace: Action[] = [{ kind: 'gosched', g: 0 }, { kind: 'execute', g: 0, p: 1 }, { kind: 'newproc', g: 0 }];
    const finding = runTrace(cfg, rt, trace, checks, null, true).finding;
    expect(finding).toMatchObject({ id: 'pool-lists-spans-with-free-slots', step: 2 });
    if (finding === null) return;
    // No step of it can go alone, nor any two: only a rewrite shortens it.
    const m = minimize(cfg, rt, trace, checks, finding);
    expect(m.actions).toHaveLength(2);
    expect(m.finding.id).toBe(finding.id);
    expect(runTrace(cfg, rt, m.actions, checks, null, true).finding).toMatchObject({ id: finding.id, step: 1 });
    expect(minimize(cfg, rt, trace, checks, finding).actions).toEqual(m.actions);
  });

  test('goroutines that play no part go, the ones created after them renamed to the ids they then get', () => {
    const cfg1 = configFrom({});
    const checks1 = checksOf(invariantsFor(cfg1.profile));
    const rt = (mutantByName('gfget-keeps-stale-size') as NonNullable<ReturnType<typeof mutantByName>>).rt;
    const g = (kind: string, gid: number, more: object = {}): Action => ({ kind, g: gid, ...more }) as Action;
    // Where minimisation stopped before this move: no step, pair or rewrite of one step can go,
    // but g2 and g4 (and the goroutines g4 creates) are not needed, and leaving g2 out renames
    // every goroutine created after it.
    const trace: Action[] = [
      g('newproc', 0), g('execute', 1, { p: 1 }), g('newproc', 1), g('newproc', 1), g('newproc', 1), g('gosched', 1),
      g('execute', 4, { p: 1 }), { kind: 'gcStart' }, g('scanstack', 1, { p: 1 }), g('gosched', 0), g('scanstack', 2, { p: 0 }),
      g('newproc', 4), g('entersyscall', 4), g('execute', 3, { p: 1 }), g('call', 3, { fn: 5, slots: [nil, nil], ctxt: nil }),
      g('newproc', 3), g('scanstack', 3, { p: 1 }), g('execute', 5, { p: 0 }), { kind: 'markrootFreeGStacks', p: 1 },
      g('goexit', 5), g('execute', 6, { p: 0 }), g('scanstack', 4, { p: 0 }), g('scanstack', 0, { p: 1 }), { kind: 'gcMarkDone' },
      g('newproc', 6),
    ];
    const finding = runTrace(cfg1, rt, trace, checks1, null, true).finding;
    expect(finding).toMatchObject({ id: 'new-goroutine-gets-starting-stack', step: 24 });
    if (finding === null) return;
    const m = minimize(cfg1, rt, trace, checks1, finding);
    expect(m.finding.id).toBe(finding.id);
    expect(m.actions.length).toBeLessThanOrEqual(14);
    expect(m.actions.filter((a) => a.kind === 'newproc').length).toBeLessThanOrEqual(3);
    expect(runTrace(cfg1, rt, m.actions, checks1, null, true).finding).toMatchObject({ id: finding.id, step: m.actions.length - 1 });
  });
});
