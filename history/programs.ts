// The programs `stackcheck history` runs under every release: each is a list of what one
// goroutine does (call a function with a 1 KB frame, return, collect garbage), written once
// and run by each design's driver, so every figure in the table comes from the models.

/** One thing the goroutine does. 'descend' calls until the next call would need more stack. @public */
export type Op = { readonly op: 'call' } | { readonly op: 'ret' } | { readonly op: 'gc' } | { readonly op: 'descend' };

/** @public */
export interface Program {
  readonly name: string;
  /** What it shows, in one line for the table's notes. */
  readonly doc: string;
  /** What a per-step figure is divided by (iterations of the loop). */
  readonly iterations: number;
  /** Ops before the measured part (not counted). */
  readonly setup: readonly Op[];
  readonly body: readonly Op[];
}

const repeat = (n: number, ops: readonly Op[]): Op[] => Array.from({ length: n }, () => ops).flat();

/** The hot split: a call whose frame straddles the end of the stack, made again and again. @public */
export const boundaryLoop: Program = {
  name: 'boundary loop', doc: 'a 1 KB-frame call at the end of the stack, called and returned 1000 times', iterations: 1000,
  setup: [{ op: 'descend' }], body: repeat(1000, [{ op: 'call' }, { op: 'ret' }]),
};

/** A deep recursion: 200 frames of 1 KB down, then all the way back. @public */
export const deepRecursion: Program = {
  name: 'deep recursion', doc: '200 nested 1 KB-frame calls, then 200 returns', iterations: 200,
  setup: [], body: [...repeat(200, [{ op: 'call' }]), ...repeat(200, [{ op: 'ret' }])],
};

/** A stack that breathes: 20 times 48 frames down, back up, and a garbage collection. @public */
export const breathing: Program = {
  name: 'breathing stack', doc: '20 times: 48 nested 1 KB-frame calls, 48 returns, a GC', iterations: 20,
  setup: [], body: repeat(20, [...repeat(48, [{ op: 'call' }]), ...repeat(48, [{ op: 'ret' }]), { op: 'gc' }]),
};

/**
 * The quarter rule: a goroutine resting at 24 of 40 frames (over a quarter of its 64 KB stack)
 * through 20 GCs, going 16 frames deeper between them: shrinking it would make it grow again.
 * @public
 */
export const restingAboveQuarter: Program = {
  name: 'resting at 3/8', doc: '40 calls and 16 returns, then 20 times: 16 calls, 16 returns, a GC', iterations: 20,
  setup: [...repeat(40, [{ op: 'call' }]), ...repeat(16, [{ op: 'ret' }])],
  body: repeat(20, [...repeat(16, [{ op: 'call' }]), ...repeat(16, [{ op: 'ret' }]), { op: 'gc' }]),
};

/** @public */
export const programs: readonly Program[] = [boundaryLoop, deepRecursion, breathing, restingAboveQuarter];

/** What running a program's body measured. @public */
export interface Measured {
  /** Segments newstack linked and oldstack freed (segmented releases). */
  readonly segAllocs: number;
  readonly segFrees: number;
  /** Copies to a bigger stack; halvings (by a copy, or in Go 1.3 in place); the bytes all copies moved. */
  readonly grows: number;
  readonly shrinks: number;
  readonly bytesCopied: number;
  /** The most stack memory the goroutine held at once (all its segments, or its one stack). */
  readonly peakBytes: number;
  /** The goroutine's stack memory when the body ended. */
  readonly endBytes: number;
}

/** A Measured being added up by a driver. @internal */
export type Tally = { -readonly [K in keyof Measured]: Measured[K] } & { counting: boolean };

/** @internal */
export function emptyTally(): Tally {
  return { segAllocs: 0, segFrees: 0, grows: 0, shrinks: 0, bytesCopied: 0, peakBytes: 0, endBytes: 0, counting: false };
}

/** Runs the setup uncounted and the body counted (a driver adds to the tally only while counting). @internal */
export function runProgram(program: Program, run: (op: Op) => void, bytes: () => number, t: Tally): Measured {
  program.setup.forEach(run);
  t.counting = true;
  t.peakBytes = bytes();
  program.body.forEach(run);
  t.endBytes = bytes();
  const { counting: _, ...m } = t;
  return m;
}
