// The counterexamples' public surface: the file format, save, load, replay and renderings.
export { formatVersion, documentFor, serialize, toolVersion, type CounterexampleDoc, type RecordedFinding, type RunRecord } from './format.ts';
export { saveCounterexample, writeFileAtomically, defaultCorpusDir, defaultFindingsDir, fileName, traceHash, type Saved } from './save.ts';
export { loadCounterexample, parseCounterexample, type LoadResult } from './load.ts';
export { readAction } from './action-schema.ts';
export { runtimeFor, type LocalMutants, type RuntimeResult } from './mutant-runtime.ts';
export { replay, type Replay, type ReplayStep, type ReplayVerdict, type Violation } from './replay.ts';
export { stateDiff } from './state-diff.ts';
export { textTrace, verdictLine } from './text-trace.ts';
export { itfTrace, toItfValue, ofItfValue, type ItfTrace, type ItfState, type ItfValue } from './itf.ts';
export { htmlPage } from './html.ts';
