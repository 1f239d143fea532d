// The historical model of Go 1.1-1.4 (segmented stacks, then the first contiguous ones): the public surface.

export * from './actions.ts';
export * from './funcs.ts';
export * from './profile.ts';
export * from './runtime.ts';
export type * from './state.ts';
export { segSp, needsSplit } from './split.ts';
export { SegAbort, segObservationKeys, type SegObservation } from './world.ts';
