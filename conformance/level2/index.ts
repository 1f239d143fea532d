/**
 * Public surface of conformance/level2/: replaying a real trace's allocator lines through the
 * model, with the heap's span bases as the only thing taken from the trace. See ../README.md.
 * @public
 */
export { replayLevel2, type Level2Options } from './replay.ts';
export { checkConformance, checkConformanceBytes, checkConformanceText, exitCodeOf, firstFinding, formatConformance, type ConformanceReport, type ConformOptions } from '../conform.ts';
export { ALLOCATOR_STATS, formatLevel2, type AllocatorStat, type Divergence, type GcPhaseMode, type Level2Report, type Level2Summary } from './report.ts';
export type { AllocPath, Decision, FreePath } from './cursor.ts';
export { LEVEL2_CHECKS, type Level2CheckDoc, type Level2CheckId, type Level2Direction } from './checks.ts';
export { chooseProfile, type ChosenProfile } from './profile.ts';
