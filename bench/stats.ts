// The benchmark's statistics: medians and spreads of repeated measurements.

/** The median (NaN for no values). @public */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The smallest and largest value. @public */
export function spread(xs: readonly number[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}

/**
 * Seconds of CPU this process spent running f, and f's result. The benchmark's rates are per
 * CPU-second: on a machine other work keeps busy, wall-clock time counts the time the
 * scheduler gave to others, CPU time much less so. (Process time includes V8's helper
 * threads, the parallel garbage collector's among them: work the checked run caused.)
 * @public
 */
export function cpuTimed<T>(f: () => T): { value: T; seconds: number } {
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, seconds: (c.user + c.system) / 1e6 };
}

/** A ratio's median with its spread, as the report prints it: "2.72x (2.54-3.00)". @public */
export function timesFigure(xs: readonly number[]): string {
  const { min, max } = spread(xs);
  return `${median(xs).toFixed(2)}x (${min.toFixed(2)}-${max.toFixed(2)})`;
}
