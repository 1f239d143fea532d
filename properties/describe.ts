// Actions as one-line scripts a person can read (and that counterexample files keep).

import { match } from 'ts-pattern';
import { FUNCS, type Action, type PtrSpec } from '../model/index.ts';

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
