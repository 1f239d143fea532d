// Which P the M running an allocator routine holds, and whether it may use that P's cache.
// stackalloc and stackfree ask two different questions of the same M: "may I touch
// c.stackcache?" (not without a P, and not with m.preemptoff set, since the cache may be
// flushed concurrently: stack.go) and "whose maxStackScanDelta is this?" (the P the M holds,
// preemptoff or not: mgcpacer.go:addScannableStack). One value answers both.

/**
 * The executing M's P: a P index; `noP` when m.p == 0 (exitsyscall, bootstrap before any P
 * exists); or `{ preemptoff: p }` when the M holds P p with m.preemptoff set (startTheWorld's
 * newm after procresize).
 * @public
 */
export type ExecP = number | { readonly preemptoff: number };

/** m.p == 0. @public */
export const noP = -1;

/** The P whose stack cache the M may use, or -1 when it must go to the global pool. @internal */
export function cacheP(pp: ExecP): number {
  return typeof pp === 'number' ? pp : -1;
}

/** The P the M holds (m.p), whatever m.preemptoff says, or -1. @internal */
export function heldP(pp: ExecP): number {
  return typeof pp === 'number' ? pp : pp.preemptoff;
}
