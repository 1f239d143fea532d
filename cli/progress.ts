// A progress bar on stderr when it is a terminal; nothing when piped or with --json.

/** @public */
export interface Progress {
  update(runs: number, steps: number): void;
  done(): void;
}

/** @public */
export function progressBar(total: number, enabled: boolean): Progress {
  if (!enabled) return { update() {}, done() {} };
  const started = performance.now();
  let last = 0;
  return {
    update(runs, steps) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      const width = 30;
      const filled = Math.min(width, Math.round((runs / total) * width));
      const rate = Math.round(steps / ((now - started) / 1000));
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${runs}/${total} runs, ${steps} steps, ${rate} steps/s `);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}

/** A one-line status on stderr, redrawn at most every 100 ms, when enabled (a terminal, not --json). @public */
export function statusLine(enabled: boolean): { show(text: () => string): void; done(): void } {
  if (!enabled) return { show() {}, done() {} };
  let last = 0;
  return {
    show(text) {
      const now = performance.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r${text()}\x1b[K`);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}
