// The functions goroutines call in the historical model: one of each prologue form that
// stack.h describes (frame <= StackSmall, < StackBig, >= StackBig), with argument bytes
// newstack copies into a new segment and oldstack copies back, and one C function: Go 1.1-1.3
// run the runtime's 6c-compiled C code on goroutine stacks, and its frames have no pointer maps.

/** @public */
export interface SegFunc {
  readonly name: string;
  readonly frame: number;
  readonly argsize: number;
  /** FUNCDATA_LocalsPointerMaps / ArgsPointerMaps: every Go function has them; 6c's C code has none (Go 1.3 stack.c:checkframecopy). */
  readonly stackmap: boolean;
}

/** @public */
export const SEG_FUNCS: readonly SegFunc[] = [
  { name: 'f96', frame: 96, argsize: 16, stackmap: true },
  { name: 'f1k', frame: 1024, argsize: 16, stackmap: true },
  { name: 'f3k', frame: 3072, argsize: 32, stackmap: true },
  { name: 'f5k', frame: 5120, argsize: 16, stackmap: true },
  { name: 'f12k', frame: 12288, argsize: 32, stackmap: true },
  { name: 'c2k', frame: 2048, argsize: 16, stackmap: false },
];

/** The index of a function by name (history programs name theirs). @public */
export function segFuncIndex(name: string): number {
  const i = SEG_FUNCS.findIndex((f) => f.name === name);
  if (i < 0) throw new Error(`no segmented function ${name}`);
  return i;
}
