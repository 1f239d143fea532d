// Actions as one-line scripts a person can read (and that counterexample files keep).

import { match } from 'ts-pattern';
import { FUNCS, slotAddr, type Action, type Config, type G, type PtrSpec, type State } from '../model/index.ts';
import { resolvePtr } from '../model/mutator.ts';

function ptr(p: PtrSpec): string {
  return match(p)
    .with({ to: 'nil' }, () => 'nil')
    .with({ to: 'heap' }, ({ obj }) => `heap${obj}`)
    .with({ to: 'stack' }, ({ frame, slot }) => `&frame${frame}.slot${slot}`)
    .exhaustive();
}

/** @public */
export function describeAction(a: Action): string {
  return match(a)
    .with({ kind: 'call' }, ({ g, fn, slots, ctxt }) => {
      const extra = slots.length > 0 ? ` slots=[${slots.map(ptr).join(', ')}]` : '';
      return `call g${g} ${FUNCS[fn].name}${extra}${ctxt.to === 'nil' ? '' : ` ctxt=${ptr(ctxt)}`}`;
    })
    .with({ kind: 'execute' }, { kind: 'exitsyscall' }, ({ kind, g, p }) => `${kind} g${g} on P${p}`)
    .with({ kind: 'scanstack' }, ({ g, p }) => `scanstack g${g} by worker on P${p}`)
    .with({ kind: 'chanrecv' }, ({ g, c, slot }) => `chanrecv g${g} c${c}${slot < 0 ? '' : ` into slot${slot}`}`)
    .with({ kind: 'chansend' }, ({ g, c, obj }) => `chansend g${g} c${c} heap${obj}`)
    .with({ kind: 'storeHeap' }, ({ g, obj, field, target }) => `storeHeap g${g} heap${obj}.f${field} = ${ptr(target)}`)
    .with({ kind: 'mexit' }, ({ m, p }) => `mexit m${m} on P${p}`)
    .with({ kind: 'newm' }, { kind: 'markrootFreeGStacks' }, { kind: 'prepareForSweep' }, ({ kind, p }) => `${kind} P${p}`)
    .with({ kind: 'procresize' }, ({ n }) => `procresize ${n}`)
    .with({ kind: 'gcStart' }, { kind: 'gcMarkDone' }, { kind: 'freeStackSpans' }, { kind: 'readMemStats' }, ({ kind }) => kind)
    .with(
      { kind: 'newproc' }, { kind: 'gosched' }, { kind: 'ret' }, { kind: 'goexit' }, { kind: 'defer' }, { kind: 'panic' },
      { kind: 'chanparkcommit' }, { kind: 'entersyscall' }, { kind: 'preemptone' }, { kind: 'asyncPreempt' }, { kind: 'suspendG' },
      ({ kind, g }) => `${kind} g${g}`,
    )
    .exhaustive();
}

/** The spec that names what `spec` resolves to in g: nil, the heap object, or the slot it picks. */
function resolved(cfg: Config, g: G | undefined, spec: PtrSpec): PtrSpec {
  if (g === undefined || spec.to === 'nil') return spec;
  const v = resolvePtr(cfg, g, spec);
  if (v === 0) return { to: 'nil' };
  if (spec.to === 'heap') return { to: 'heap', obj: spec.obj % cfg.scope.heapObjects };
  const n = g.frames.length;
  for (let k = 0; k < n; k++) {
    const f = g.frames[n - 1 - k];
    for (let j = 0; j < f.slots.length; j++) if (slotAddr(g.hi, f.depth, j, cfg.profile.ptrSize) === v) return { to: 'stack', frame: k, slot: j };
  }
  return spec;
}

/**
 * The action as it acts in state s: each pointer it stores printed as what it resolves to
 * (nil when the referenced frame or slot does not exist, indices reduced), so a script shows
 * what the step actually stored rather than the generator's relative reference.
 * @public
 */
export function describeStep(cfg: Config, s: State, a: Action): string {
  if (a.kind === 'call') {
    const g = s.gs[a.g];
    const slots = Array.from({ length: FUNCS[a.fn].ptrs }, (_, k) => resolved(cfg, g, a.slots[k] ?? { to: 'nil' }));
    return describeAction({ ...a, slots: slots.every((x) => x.to === 'nil') ? [] : slots, ctxt: resolved(cfg, g, a.ctxt) });
  }
  if (a.kind === 'storeHeap') return describeAction({ ...a, target: resolved(cfg, s.gs[a.g], a.target) });
  if (a.kind === 'chanrecv') {
    const top = s.gs[a.g]?.frames.at(-1);
    return describeAction(top !== undefined && a.slot < top.slots.length ? a : { ...a, slot: -1 });
  }
  return describeAction(a);
}
