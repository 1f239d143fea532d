// The Go functions goroutines in the model call. Their frames are chosen to cover each
// form of the prologue's stack check that cmd/internal/obj/x86/obj6.go:stacksplit emits
// on amd64 (see prologue.ts).

/** A function: its frame (obj6.go's autoffset: locals plus the saved BP), whether it is a leaf, and its pointer slots. @public */
export interface Func {
  readonly name: string;
  readonly frame: number;
  readonly leaf: boolean;
  readonly ptrs: number;
}

/** @public */
export const FUNCS: readonly Func[] = [
  // Leaf, autoffset < StackSmall: obj6.go marks it NOSPLIT, so it has no check at all.
  { name: 'leaf64', frame: 64, leaf: true, ptrs: 1 },
  // Leaf with autoffset == StackSmall (120 bytes of locals): checks SP <= stackguard0.
  { name: 'leaf128', frame: 128, leaf: true, ptrs: 1 },
  // Small frames: CMPQ SP, stackguard0.
  { name: 'call96', frame: 96, leaf: false, ptrs: 2 },
  // Up to StackBig: LEAQ -(framesize-StackSmall)(SP); CMPQ.
  { name: 'call1k', frame: 1024, leaf: false, ptrs: 2 },
  { name: 'call4k', frame: 4096, leaf: false, ptrs: 3 },
  // Beyond StackBig: the wrap-safe SUBQ form.
  { name: 'call12k', frame: 12288, leaf: false, ptrs: 2 },
];

/**
 * Frames of runtime functions the model runs inside an action, for their prologue checks:
 * autoffset as Go 1.19 compiles them for amd64 (runtime.chanrecv: SUBQ $0x88, the
 * SP-(framesize-StackSmall) form; runtime.gopark: SUBQ $0x18, the small form).
 * @public
 */
export const runtimeFrames = {
  chanrecv: { name: 'runtime.chanrecv', frame: 136, leaf: false, ptrs: 0 },
  gopark: { name: 'runtime.gopark', frame: 24, leaf: false, ptrs: 0 },
} as const satisfies Record<string, Func>;

/** The address of the saved-BP slot of a frame (its frame pointer), given the stack's hi. @public */
export function framePointer(hi: number, depth: number, fn: number, ptrSize: number): number {
  return hi - depth + FUNCS[fn].frame - ptrSize;
}

/** The address of pointer slot k of a frame. @public */
export function slotAddr(hi: number, depth: number, k: number, ptrSize: number): number {
  return hi - depth + k * ptrSize;
}
