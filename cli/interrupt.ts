// Ctrl-C while `run` checks: the first SIGINT asks the check to stop (properties/check.ts
// stop): generating, the run ends with the report of what ran so far (exit 130); shrinking,
// the best counterexample so far is saved and printed (exit 1). A second SIGINT exits at
// once (130). A file being written at that moment is finished first: the listener runs only
// between JavaScript tasks, and counterexamples/signals.ts holds signals during a save.

/** What a SIGINT asked, while installed. @internal */
export interface Interrupt {
  /** True once a SIGINT came. */
  readonly stop: () => boolean;
  /** Removes the listener. */
  readonly dispose: () => void;
}

/** The exit code after a SIGINT: 128 + signal 2, as a shell reports it. @public */
export const sigintExit = 130;

/** On a terminal, the start of a line with a progress line (cli/progress.ts) cleared. */
const clear = (): string => (process.stderr.isTTY === true ? '\r\x1b[K' : '');

/** Installs the SIGINT listener; onFirst runs once, at the first (to pass it on to a worker). @internal */
export function onSigint(onFirst?: () => void): Interrupt {
  let asked = false;
  const listener = (): void => {
    if (asked) {
      process.stderr.write(`${clear()}stackcheck: interrupted again: exiting at once\n`);
      process.exit(sigintExit);
    }
    asked = true;
    process.stderr.write(`${clear()}stackcheck: interrupted: stopping (Ctrl-C again to exit at once)\n`);
    onFirst?.();
  };
  process.on('SIGINT', listener);
  return { stop: () => asked, dispose: () => void process.off('SIGINT', listener) };
}
