// The functions goroutines call in the segmented model: one of each prologue form that
// stack.h describes (frame <= StackSmall, < StackBig, >= StackBig), with argument bytes
// newstack copies into a new segment and oldstack copies back.

/** @public */
export interface SegFunc {
  readonly name: string;
  readonly frame: number;
  readonly argsize: number;
}

/** @public */
export const SEG_FUNCS: readonly SegFunc[] = [
  { name: 'f96', frame: 96, argsize: 16 },
  { name: 'f1k', frame: 1024, argsize: 16 },
  { name: 'f3k', frame: 3072, argsize: 32 },
  { name: 'f5k', frame: 5120, argsize: 16 },
  { name: 'f12k', frame: 12288, argsize: 32 },
];

/** The index of a function by name (history programs name theirs). @public */
export function segFuncIndex(name: string): number {
  const i = SEG_FUNCS.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`no segmented function ${name}`);
  return i;
}
