// The segmented-stack model of Go 1.1-1.3: the public surface.

export * from './actions.ts';
export * from './funcs.ts';
export * from './profile.ts';
export * from './runtime.ts';
export type * from './state.ts';
export { segSp, needsSplit } from './split.ts';
export { SegAbort, segObservationKeys, type SegObservation } from './world.ts';
