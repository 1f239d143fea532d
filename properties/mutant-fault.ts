// A user's mutant file can fail in ways the model never does: a TypeError, `throw 42`, a
// routine that returns a promise, a draft field set to null that breaks a later routine or
// the checker itself. That is a defect of the mutant file, not a finding: the table it
// supplies is wrapped so any throw that is not the model's own (fatal/terminal, abort.ts)
// becomes a MutantFault naming the routine, and the engine adds the step where it happened.
// A MutantFault is bad input (a UsageError): one line, exit 2, nothing saved.

import { UsageError } from '../config/usage-error.ts';
import { isAbort } from '../model/abort.ts';
import type { Action, Runtime } from '../model/index.ts';
import { describeAction } from './describe.ts';

/** What a mutant's routine did wrong, and where. @public */
export class MutantFault extends UsageError {
  constructor(
    /** Who supplied the table, e.g. "--mutant-file my-change.ts". */
    readonly source: string,
    /** The routine that threw or misbehaved, or null when the checker met the broken state. */
    readonly routine: string | null,
    /** What it threw, as one line. */
    readonly detail: string,
    /** Where: "at step 3 (call g0 call1k)" or "while building the initial state"; '' until known. */
    readonly where = '',
  ) {
    super(`${source}: ${routine === null ? 'the state the mutant left broke the checker' : `routine ${routine} failed`}${where === '' ? '' : ` ${where}`}: ${detail}`);
  }

  /** The same fault, placed. */
  at(where: string): MutantFault {
    return this.where === '' ? new MutantFault(this.source, this.routine, this.detail, where) : this;
  }
}

const guarded = new WeakMap<Runtime, string>();

/** One line for anything thrown. */
function thrownText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  let text: string;
  try {
    text = typeof e === 'string' ? JSON.stringify(e) : String(e);
  } catch {
    text = typeof e;
  }
  return `threw ${text.length > 120 ? `${text.slice(0, 120)}…` : text} (not an Error)`;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * The routine table with the user's routines guarded (the others are the model's own and
 * cost nothing extra); `source` names the file in messages. A throw elsewhere, say in a
 * correct routine tripping over a draft the user's routine broke, still becomes a fault of
 * the table (faultAt), only without a routine name.
 * @public
 */
export function guardedRuntime(rt: Runtime, source: string, routines: readonly string[]): Runtime {
  const out: Record<string, unknown> = { ...rt };
  for (const name of routines) {
    const fn = (rt as unknown as Record<string, (...args: unknown[]) => unknown>)[name];
    out[name] = function guardedRoutine(this: unknown, ...args: unknown[]): unknown {
      let r: unknown;
      try {
        r = fn.apply(this, args);
      } catch (e) {
        if (isAbort(e) || e instanceof MutantFault) throw e;
        throw new MutantFault(source, name, thrownText(e));
      }
      if (isThenable(r)) {
        // Its rejection would surface later as an unhandled one; the fault is reported now.
        Promise.resolve(r).catch(() => undefined);
        throw new MutantFault(source, name, 'returned a Promise (routines run synchronously inside one step: no async, no await)');
      }
      return r;
    };
  }
  const table = out as unknown as Runtime;
  guarded.set(table, source);
  return table;
}

/**
 * What the engine rethrows for an exception at a place (`where`): a MutantFault placed there,
 * or, for a guarded table, any other exception as a fault of the state the mutant left.
 * Anything else (a defect of the model itself) is rethrown as it is.
 * @public
 */
export function faultAt(rt: Runtime, e: unknown, where: string): unknown {
  if (e instanceof MutantFault) return e.at(where);
  const source = guarded.get(rt);
  if (source === undefined) return e;
  if (isAbort(e)) return new MutantFault(source, null, `the model's ${e.abort} "${e.message}" escaped a step`, where);
  return new MutantFault(source, null, thrownText(e), where);
}

/** Where in a trace: the step index (-1 while booting) and the action, if picked yet. @public */
export function faultPlace(at: number, a: Action | null): string {
  if (at < 0) return 'while building the initial state';
  return a === null ? `at step ${at}` : `at step ${at} (${describeAction(a)})`;
}
