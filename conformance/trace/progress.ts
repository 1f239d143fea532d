// How far conform has got, for the command's progress line: the lines read, the events level 1
// has checked and the events level 2 has replayed, all moving together as the trace streams
// through both levels. The stages report every PROGRESS_EVERY lines or steps, so the hook costs
// nothing per line; the caller throttles its own redraws.

/** @public */
export interface ConformStatus {
  readonly lines: number;
  readonly checked: number;
  readonly replayed: number;
}

/** Called with where conform stands. @public */
export type ConformProgress = (status: ConformStatus) => void;

/** How many lines or steps pass between two reports (a power of two: a mask tests it). @internal */
export const PROGRESS_EVERY = 1024;
