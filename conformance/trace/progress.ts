// How far conform has got, for the command's progress line: lines read while parsing, then
// events checked by level 1, then events replayed by level 2. The loops report every
// PROGRESS_EVERY items (and at their end), so the hook costs nothing per line; the caller
// throttles its own redraws.

/** @public */
export type ConformPhase = 'reading' | 'level 1' | 'level 2';

/** Called with the phase, the items done and the items in all (lines for reading, events after). @public */
export type ConformProgress = (phase: ConformPhase, done: number, total: number) => void;

/** How many lines or events pass between two reports (a power of two: a mask tests it). @internal */
export const PROGRESS_EVERY = 1024;

/**
 * Reports done of total when tick (a count that grows by one a call: done itself, or the
 * search's steps, which go back and forth over the events) is a multiple of PROGRESS_EVERY.
 * @internal
 */
export function reportEvery(progress: ConformProgress | undefined, phase: ConformPhase, done: number, total: number, tick = done): void {
  if (progress !== undefined && (tick & (PROGRESS_EVERY - 1)) === 0) progress(phase, done, total);
}
