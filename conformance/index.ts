/**
 * Public surface of conformance/: real Go runtime stack traces (stackDebug=1) parsed into typed
 * events (trace/), the checks a trace must pass on its own (level1/), the replay through the
 * model (level2/), and both levels on one trace (conform.ts). See README.md.
 * @public
 */
export * from './trace/index.ts';
export * from './level1/index.ts';
export * from './level2/index.ts';
