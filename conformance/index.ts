/**
 * Public surface of conformance/: real Go runtime stack traces (stackDebug=1)
 * parsed into typed events, and level-1 trace checks. See README.md.
 * @public
 */
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
  Unattributed,
  UsedStack,
} from './events.ts';
export { EVENT_KINDS } from './events.ts';
export { parseTrace, parseTraceBytes } from './parse.ts';
export { LEVEL1_CHECKS, type CheckDoc, type CheckId } from './checks.ts';
export { checkLevel1, checkTraceBytes, checkTraceText } from './level1.ts';
export { formatReport, type Level1Report, type Level1Summary, type Violation } from './report.ts';
export { CACHE_HALF, FIXED_STACK, NUM_STACK_ORDERS, PAGE_SIZE, STACK_CACHE_SIZE, isCachedSize, isPowerOfTwo, orderOf, orderSize } from './platform.ts';
