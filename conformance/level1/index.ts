/**
 * Public surface of conformance/level1/: the checks a trace must pass on its own, in one pass,
 * stopping at the first violation. See ../README.md.
 * @public
 */
export { LEVEL1_CHECKS, type CheckDoc, type CheckId } from './checks.ts';
export { checkLevel1, checkTraceBytes, checkTraceText } from './check.ts';
export { formatReport, type Level1Report, type Level1Summary, type Violation } from './report.ts';
