// Progress on long work: one status line on stderr, redrawn in place, only when stderr is a
// terminal and the output is not --json (piped output and JSON stay clean). Every long
// command builds its line from statusLine: run (runs, steps, steps/s, findings; while
// shrinking the current length and shrinks done), mutants (mutant k of n and each verdict),
// replay (steps replayed), conform (lines, events), explore, and npm run bench (phase, what
// is left). Callers report as often as they like; the line is redrawn at most every 100 ms.

import { grouped as n } from '../config/digits.ts';

/** Whether progress is shown: stderr is a terminal and the command prints no JSON. @public */
export function progressEnabled(json: boolean | undefined): boolean {
  return json !== true && process.stderr.isTTY === true;
}

/** @public */
export interface StatusLine {
  /** Redraws the line with text() unless it was drawn less than 100 ms ago (text is not called then). */
  show(text: () => string): void;
  /** Prints a permanent line above the status line. */
  note(text: string): void;
  /** Clears the line. */
  done(): void;
}

/** A one-line status on stderr, redrawn at most every 100 ms, when enabled. @public */
export function statusLine(enabled: boolean): StatusLine {
  if (!enabled) return { show() {}, note() {}, done() {} };
  let last = -Infinity;
  // A terminal that reports no width (a bare pseudo-terminal says 0) gets 160 columns.
  const width = (): number => Math.max(20, (process.stderr.columns || 160) - 1);
  return {
    show(text) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r${text().slice(0, width())}\x1b[K`);
    },
    note(text) {
      process.stderr.write(`\r\x1b[K${text}\n`);
      last = -Infinity;
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

/** `run`'s line: runs of the total, steps, steps/s, findings; then the shrinking. @public */
export interface RunProgress {
  update(runs: number, steps: number): void;
  shrinking(length: number, shrinks: number): void;
  done(): void;
}

/** @public */
export function runProgress(total: number, enabled: boolean, line: StatusLine = statusLine(enabled)): RunProgress {
  const started = performance.now();
  let runs = 0, steps = 0;
  const rate = (): string => n(Math.round(steps / Math.max((performance.now() - started) / 1000, 1e-3)));
  return {
    update(r, s) {
      runs = r;
      steps = s;
      line.show(() => `run: ${n(runs)}/${n(total)} runs, ${n(steps)} steps, ${rate()} steps/s, findings 0`);
    },
    shrinking(length, shrinks) {
      line.show(() => `run: finding 1 after ${n(runs)} runs (${n(steps)} steps); shrinking: ${n(length)} steps now, ${n(shrinks)} shrinks done`);
    },
    done: () => line.done(),
  };
}
