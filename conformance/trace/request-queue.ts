/**
 * Pending `stackalloc <n>` requests, for attributing stock `allocated` lines.
 *
 * Why it is needed: stackalloc prints its request and its result in two
 * print statements, so with several Ms the lines of different threads
 * interleave (`stackalloc 2048`, `stackalloc 65536`, `allocated A`,
 * `allocated B`). Each thread prints its request before its result, so the
 * request behind an `allocated` line is always among the pending ones; when
 * they all have the same size the size is certain, otherwise it is not and
 * we say so instead of guessing. After such a line the list over-approximates
 * the truly pending requests (one unknown entry is answered) until it drains
 * or a later line reveals the size that was taken (`resolve`).
 * @internal
 */

export type Request = { readonly line: number; readonly n: number };

export type Take =
  | { readonly by: 'paired'; readonly request: Request }
  | { readonly by: 'unattributed'; readonly candidates: readonly number[]; readonly ticket: Ticket | null };

/** Identifies one unknown answer, so a later resolve can settle it (if the list has not drained meanwhile). */
export type Ticket = { readonly generation: number };

export class RequestQueue {
  private pending: Request[] = [];
  // answers whose request is an unknown member of `pending`
  private unknown = 0;
  // bumped whenever the list drains, which voids older tickets
  private generation = 0;

  push(request: Request): void {
    this.pending.push(request);
  }

  /** Stock `allocated`: FIFO among requests of one size, else unattributed. */
  take(): Take {
    const sizes = this.sizes();
    if (sizes.length === 1) {
      const request = this.pending.shift() as Request;
      this.settle();
      return { by: 'paired', request };
    }
    if (sizes.length === 0) return { by: 'unattributed', candidates: [], ticket: null };
    this.unknown++;
    const ticket = { generation: this.generation };
    this.settle();
    return { by: 'unattributed', candidates: sizes, ticket };
  }

  /**
   * A later line showed that the unknown answer behind `ticket` took a request
   * of size n: drop one such request (which one does not matter, only sizes do).
   */
  resolve(ticket: Ticket, n: number): void {
    if (ticket.generation !== this.generation) return;
    const index = this.pending.findIndex((r) => r.n === n);
    if (index < 0) return;
    this.pending.splice(index, 1);
    this.unknown--;
  }

  /** Extended `allocated` (size printed): the first pending request of that size, if any. */
  takeSized(n: number): Request | null {
    const index = this.pending.findIndex((r) => r.n === n);
    if (index < 0) return null;
    const [request] = this.pending.splice(index, 1);
    this.settle();
    return request;
  }

  /** Whether a request of size n may be pending (every truly pending request is listed). */
  has(n: number): boolean {
    return this.pending.some((r) => r.n === n);
  }

  /** Distinct pending sizes, ascending. */
  sizes(): number[] {
    return [...new Set(this.pending.map((r) => r.n))].sort((a, b) => a - b);
  }

  /** Requests still listed; `exact` is false while some of them may already be answered. */
  remaining(): { readonly requests: readonly Request[]; readonly exact: boolean } {
    return { requests: [...this.pending], exact: this.unknown === 0 };
  }

  // When as many unknown answers as listed requests remain, all are answered.
  private settle(): void {
    if (this.unknown > 0 && this.pending.length <= this.unknown) {
      this.pending = [];
      this.unknown = 0;
      this.generation++;
    }
  }
}
