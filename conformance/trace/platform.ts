/**
 * The linux/amd64 Go 1.19 constants the trace checks need (research notes
 * §1.2). Kept here rather than imported from model/ so conformance can judge
 * the model against the runtime without depending on it.
 * @public
 */
export const FIXED_STACK = 2048; // _FixedStack: smallest stack, order 0
export const NUM_STACK_ORDERS = 4; // _NumStackOrders: cached orders 0..3
export const STACK_CACHE_SIZE = 32 * 1024; // _StackCacheSize: per-P per-order cap
export const PAGE_SIZE = 8192; // _PageSize: large stacks are whole spans of pages
export const PTR_SIZE = 8; // goarch.PtrSize: morestack's CALL pushes one word

/** _StackLimit: the bytes a NOSPLIT chain may use below the guard (800 on linux/amd64); shrinkstack adds it to the used size. */
export const STACK_LIMIT = 800;

/** stackpoolalloc's span: _StackCacheSize >> _PageShift pages, carved into blocks of one order. */
export const POOL_SPAN_PAGES = STACK_CACHE_SIZE / PAGE_SIZE;

/** stackcacherefill fills an order's cache to exactly this many bytes; release trims back to it. */
export const CACHE_HALF = STACK_CACHE_SIZE / 2;

/** Bytes of a stack of the given cache order (2 KiB << order). */
export function orderSize(order: number): number {
  return FIXED_STACK * 2 ** order;
}

/**
 * Whether stackalloc/stackfree take the per-P cache path for n bytes
 * (stack.go: `n < _FixedStack<<_NumStackOrders && n < _StackCacheSize`).
 */
export function isCachedSize(n: number): boolean {
  return n < orderSize(NUM_STACK_ORDERS) && n < STACK_CACHE_SIZE;
}

/** The cache order of a cached size, or null for large (span) stacks and non-powers of two. */
export function orderOf(n: number): number | null {
  if (!isCachedSize(n)) return null;
  for (let order = 0; order < NUM_STACK_ORDERS; order++) {
    if (orderSize(order) === n) return order;
  }
  return null;
}

/** Exact for every integer a trace can carry (< 2^53); no 32-bit bitwise tricks. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1 && 2 ** Math.round(Math.log2(n)) === n;
}
