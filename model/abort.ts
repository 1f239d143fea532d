// How a step ends early. A runtime throw that guards an internal inconsistency is a finding;
// a fate a real program can meet (stack overflow past maxstacksize, the heap running out) is
// a terminal outcome of the run. Both are thrown as plain objects: no stack trace is captured,
// so the hot path pays nothing for them.

/** @public */
export type Abort =
  | { readonly abort: 'throw'; readonly message: string }
  | { readonly abort: 'terminal'; readonly outcome: TerminalOutcome; readonly message: string };

/** @public */
export type TerminalOutcome = 'stack overflow' | 'out of memory';

/** runtime.throw: an internal invariant of the runtime is broken. @public */
export function fatal(message: string): never {
  throw { abort: 'throw', message } satisfies Abort;
}

/** A terminal outcome: the program dies the way a real program can. @public */
export function terminal(outcome: TerminalOutcome, message: string): never {
  throw { abort: 'terminal', outcome, message } satisfies Abort;
}

/** @public */
export function isAbort(e: unknown): e is Abort {
  return typeof e === 'object' && e !== null && 'abort' in e;
}
