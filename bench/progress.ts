// How a bench part says what it is measuring while it runs: it calls progress with a thunk
// naming the phase ("engine: repetition 2 of 5, checks on, run 312 of 600") as often as it
// likes, from inside its loops; main.ts draws that on the terminal's status line, which
// redraws at most every 100 ms and calls the thunk only when it does, so a part pays for
// no string it does not show. Off a terminal nothing is drawn.

/** @public */
export type BenchProgress = (phase: () => string) => void;

/** Progress that goes nowhere (a part called from a test, or piped). @public */
export const quiet: BenchProgress = () => {};
