// Validation of recorded actions against the model's Action union and the current config.
// The schema is typed from the union itself: a new action kind, or a new field of one,
// that is not listed here is a compile error, so files cannot carry fields the model ignores.

import { FUNCS, actionKinds, type Action, type ActionKind, type Config, type PtrSpec } from '../model/index.ts';
import { bad, int, kindOf, list, record, str, type Obj } from './read-json.ts';

/** @internal */
export type FieldType = 'g' | 'p' | 'm' | 'fn' | 'chan' | 'slot' | 'obj' | 'field' | 'nprocs' | 'slots' | 'ptr';
type Fields<K extends ActionKind> = Readonly<Record<Exclude<keyof Extract<Action, { kind: K }>, 'kind'>, FieldType>>;

/** Each kind's fields and what they hold. @internal */
export const actionSchema: { readonly [K in ActionKind]: Fields<K> } = {
  newproc: { g: 'g' },
  execute: { g: 'g', p: 'p' },
  gosched: { g: 'g' },
  call: { g: 'g', fn: 'fn', slots: 'slots', ctxt: 'ptr' },
  ret: { g: 'g' },
  goexit: { g: 'g' },
  defer: { g: 'g' },
  panic: { g: 'g' },
  chanrecv: { g: 'g', c: 'chan', slot: 'slot' },
  chanparkcommit: { g: 'g' },
  chansend: { g: 'g', c: 'chan', obj: 'obj' },
  entersyscall: { g: 'g' },
  exitsyscall: { g: 'g', p: 'p' },
  preemptone: { g: 'g' },
  asyncPreempt: { g: 'g' },
  storeHeap: { g: 'g', obj: 'obj', field: 'field', target: 'ptr' },
  newm: { p: 'p' },
  mexit: { m: 'm', p: 'p' },
  gcStart: {},
  suspendG: { g: 'g' },
  scanstack: { g: 'g', p: 'p' },
  markrootFreeGStacks: { p: 'p' },
  gcMarkDone: {},
  freeStackSpans: {},
  prepareForSweep: { p: 'p' },
  readMemStats: {},
  procresize: { n: 'nprocs' },
};

const maxPtrs = Math.max(...FUNCS.map((f) => f.ptrs));
/** Relative references (k-th frame, heap object mod n) are taken modulo; any int32 is meaningful. */
const maxRef = 0x7fffffff;

function ptrSpec(v: unknown, at: string): PtrSpec {
  const to = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj)['to'] : undefined;
  if (to === 'nil') {
    record(v, at, ['to']);
    return { to: 'nil' };
  }
  if (to === 'heap') {
    const o = record(v, at, ['to', 'obj']);
    return { to: 'heap', obj: int(o['obj'], `${at}.obj`, 0, maxRef) };
  }
  if (to === 'stack') {
    const o = record(v, at, ['to', 'frame', 'slot']);
    return { to: 'stack', frame: int(o['frame'], `${at}.frame`, 0, maxRef), slot: int(o['slot'], `${at}.slot`, 0, maxRef) };
  }
  return bad(`${at}: expected a pointer {to: 'nil' | 'heap' | 'stack'}, got ${kindOf(to ?? v)}`);
}

function field(cfg: Config, type: FieldType, v: unknown, at: string): unknown {
  const { scope } = cfg;
  switch (type) {
    case 'g': return int(v, at, 0, scope.maxGoroutines - 1);
    case 'p': return int(v, at, 0, scope.maxProcs - 1);
    case 'm': return int(v, at, 1, scope.maxMs);
    case 'fn': return int(v, at, 0, FUNCS.length - 1);
    case 'chan': return int(v, at, 0, scope.chans - 1);
    case 'slot': return int(v, at, -1, maxPtrs - 1);
    case 'obj': return int(v, at, 0, scope.heapObjects - 1);
    case 'field': return int(v, at, 0, scope.heapObjectFields - 1);
    case 'nprocs': return int(v, at, 1, scope.maxProcs);
    case 'slots': return list(v, at, maxPtrs).map((x, i) => ptrSpec(x, `${at}[${i}]`));
    case 'ptr': return ptrSpec(v, at);
    default: return type satisfies never;
  }
}

/** Reads one recorded action: a known kind with exactly its fields, each in range for cfg. @public */
export function readAction(cfg: Config, v: unknown, at: string): Action {
  const kind = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj)['kind'] : undefined;
  if (typeof kind !== 'string' || !(actionKinds as readonly string[]).includes(kind)) {
    bad(`${at}: unknown action ${kind === undefined ? kindOf(v) : `kind ${kindOf(str(kind, `${at}.kind`))}`}`);
  }
  const fields = actionSchema[kind as ActionKind] as Readonly<Record<string, FieldType>>;
  const o = record(v, at, ['kind', ...Object.keys(fields)]);
  const out: Record<string, unknown> = { kind };
  for (const [name, type] of Object.entries(fields)) out[name] = field(cfg, type, o[name], `${at}.${name}`);
  // The schema is typed from the union: every key of this kind's member is present and checked.
  return out as unknown as Action;
}
