import type {
  CopystackEvent,
  NewstackEvent,
  ShrinkstackEvent,
  StackcacherefillEvent,
  StackfreeEvent,
  Unattributed,
} from '../trace/events.ts';
import { RequestQueue } from '../trace/request-queue.ts';
import { CacheBounds } from './cache-bounds.ts';
import { LiveStacks } from './live-stacks.ts';

/**
 * Everything level 1 remembers while it walks a trace. Handlers mutate it
 * in place: the walk is a single pass over the events in trace order (they
 * are never changed), and the context never escapes Level1Check.
 * @internal
 */
export class Level1Context {
  readonly live = new LiveStacks();
  /** stackalloc requests not yet answered (same rules as the parser's pairing). */
  readonly requests = new RequestQueue();
  /** Latest newstack block per stack base; preemption blocks stay until the stack is freed or copied. */
  readonly newstacks = new Map<number, NewstackEvent>();
  /** 'shrinking stack' lines whose copystack has not come yet. */
  readonly shrinks: ShrinkstackEvent[] = [];
  /** Growth copies not yet closed by 'stack grow done'. */
  readonly growths: CopystackEvent[] = [];
  /** Latest stackfree per P (key 'stock' when the trace has no P ids), until a release claims it. */
  readonly lastFree = new Map<number | 'stock', StackfreeEvent>();
  /** Extended traces: a refill waiting for the allocated line it serves, per P. */
  readonly refills = new Map<number, StackcacherefillEvent>();
  readonly caches = new CacheBounds();
  /** Per G (copystack's gp): the stack its latest copy moved it to, and how many times that base had been freed then. */
  readonly gStacks = new Map<number, { readonly lo: number; readonly frees: number; readonly line: number }>();
  /**
   * copy-frees-old: the old stacks of copies not yet freed, by base (copystack ends with
   * stackfree(old)), with the copystack's line and the line that allocated the old stack.
   */
  readonly copiedOff = new Map<number, { readonly copy: CopystackEvent; readonly allocated: number }>();
  /** How many stackfree lines named each base so far (copy-g-stack: was the G's stack freed since its copy?). */
  readonly frees = new Map<number, number>();
  /** The latest gfput's start= and line, and whether a mark termination (setGCPhase 2) came after it. */
  start: { readonly value: number; readonly line: number; markTermination: boolean } | null = null;
  readonly unattributed: Unattributed[] = [];
}
