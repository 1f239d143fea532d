import { CACHE_HALF } from '../trace/platform.ts';

/**
 * Bounds on the bytes in each P's cache, per order, from extended traces.
 *
 * Why bounds and not a count: the trace does not say which path an
 * allocation or free took. With a P held, stackalloc/stackfree still bypass
 * the cache when m.preemptoff is set (the global pool path), and
 * `stackcache clear` does not say which P it flushed. So an allocation may
 * or may not have taken a block (lower bound drops, upper stays), a free may
 * or may not have added one (upper rises, lower stays), and a clear zeroes
 * every lower bound. Refill and release are exact: refill only runs on an
 * empty list and fills to 16384 bytes; release trims to 16384 bytes before
 * the freed block is pushed. A refill while the lower bound is positive, or
 * a release while the upper bound is below 32768, is impossible.
 * @internal
 */

type Bounds = { lower: number; upper: number };

export class CacheBounds {
  private readonly caches = new Map<string, Bounds>();

  private at(p: number, order: number): Bounds {
    const key = `${p}/${order}`;
    let b = this.caches.get(key);
    if (b === undefined) {
      b = { lower: 0, upper: Infinity };
      this.caches.set(key, b);
    }
    return b;
  }

  /** The least the cache can hold now. */
  lower(p: number, order: number): number {
    return this.at(p, order).lower;
  }

  /** The most the cache can hold now (after the pending push of a just-printed stackfree). */
  upper(p: number, order: number): number {
    return this.at(p, order).upper;
  }

  refill(p: number, order: number): void {
    const b = this.at(p, order);
    b.lower = CACHE_HALF;
    b.upper = CACHE_HALF;
  }

  /** An allocation of n bytes on P; `fromRefill` when it is the one that just refilled (certainly from the cache). */
  alloc(p: number, order: number, n: number, fromRefill: boolean): void {
    const b = this.at(p, order);
    b.lower = Math.max(0, b.lower - n);
    if (fromRefill) b.upper = Math.max(0, b.upper - n);
  }

  free(p: number, order: number, n: number): void {
    this.at(p, order).upper += n;
  }

  /** Release trimmed to 16384, then stackfree pushed its n-byte block. */
  release(p: number, order: number, n: number): void {
    const b = this.at(p, order);
    b.lower = CACHE_HALF + n;
    b.upper = CACHE_HALF + n;
  }

  /** P's cache of this order was flushed (extended traces name the P). */
  clear(p: number, order: number): void {
    const b = this.at(p, order);
    b.lower = 0;
    b.upper = 0;
  }

  /** Some P's cache was flushed; we do not know which. */
  clearSomeP(): void {
    for (const b of this.caches.values()) b.lower = 0;
  }
}
