// A write that must not be cut in half: while it runs, SIGINT and SIGTERM are held (a
// listener keeps Node from dying at once) and delivered when it has finished — to the
// program's own listeners if it has any, otherwise by raising the signal again, so the
// process still ends the way the signal asked, with the file whole and no temporary left.
// Node hands a signal to JavaScript some loop turns after it came, so the listener stays
// installed once a write has run; outside a write it passes each signal straight on.

let depth = 0;
let pending: NodeJS.Signals | null = null;
let installed = false;
const held: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function deliver(signal: NodeJS.Signals): void {
  // Other listeners (the command line's own handling) take it from here.
  if (process.listenerCount(signal) > 1) return;
  for (const s of held) process.off(s, hold);
  installed = false;
  process.kill(process.pid, signal);
}

function hold(signal: NodeJS.Signals): void {
  if (depth > 0) pending ??= signal;
  else deliver(signal);
}

/** Runs fn (synchronous) with SIGINT and SIGTERM held until it returns or throws. @public */
export function withSignalsDeferred<T>(fn: () => T): T {
  if (!installed) {
    for (const s of held) process.on(s, hold);
    installed = true;
  }
  depth++;
  try {
    return fn();
  } finally {
    depth--;
    const signal = pending;
    if (depth === 0 && signal !== null) {
      pending = null;
      deliver(signal);
    }
  }
}
