/**
 * Public surface of conformance/trace/: a Go 1.19 or 1.26 `stackDebug = 1` trace (stock or extended)
 * parsed into typed events, and the linux/amd64 constants both levels read. See ../README.md.
 * @public
 */
export type { ConformProgress, ConformStatus } from './progress.ts';
export { readTrace, utf8Chunks, type ReadResult, type ReadState, type TraceMeta } from './parse.ts';
export type {
  AllocatedEvent,
  CopystackEvent,
  EventKind,
  Gobuf,
  NewstackEvent,
  ParseProblem,
  ParseResult,
  ShrinkstackEvent,
  StackallocEvent,
  StackcacheClearEvent,
  StackcacherefillEvent,
  StackcachereleaseEvent,
  StackfreeEvent,
  StackGrowDoneEvent,
  Trace,
  TraceEvent,
  TraceFormat,
  TraceHeader,
  Unattributed,
  UsedStack,
} from './events.ts';
export { EVENT_KINDS } from './events.ts';
export { parseTrace, parseTraceBytes } from './parse.ts';
export { CACHE_HALF, FIXED_STACK, NUM_STACK_ORDERS, PAGE_SIZE, STACK_CACHE_SIZE, isCachedSize, isPowerOfTwo, orderOf, orderSize } from './platform.ts';
