// The model's public surface.
export * from './profile.ts';
export type * from './state.ts';
export { step, enabled, actionKinds, scansOwnStack, type Action, type ActionKind, type StepResult } from './actions.ts';
export { boot, initialState } from './init.ts';
export { pathCounters, reachablePaths, statKeys, zeroStats, quietStep, addStats, type Stats, type Observation, type HeapFree, type StackMove } from './observation.ts';
export { goRuntime, type Runtime, type RoutineName } from './runtime.ts';
export { FUNCS, runtimeFrames, framePointer, slotAddr, type Func } from './funcs.ts';
export { heapObjectAddr, type PtrSpec } from './mutator.ts';
export { stackPreempt, stackFork, stackForceMove, guardHex } from './poison.ts';
export { isSmallStack, stackOrder, log2, stacklog2 } from './stack.ts';
export { noP, type ExecP } from './exec-p.ts';
export { spanIndex } from './draft.ts';
export { topFramePointer, isShrinkStackSafe } from './copystack.ts';
export type { TerminalOutcome } from './abort.ts';
export { actionPrologues, usedAtEntry, type PrologueAt } from './frame-layout.ts';
export { clobbered, frameStamp } from './contents.ts';
