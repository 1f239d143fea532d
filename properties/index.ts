// The engine's public surface: write your own properties over the model with these
// (see test/properties/user-property.test.ts for a @fast-check/vitest example).
export { traceArb, templateArb, runArb, defaultWeights, type RunArbOptions } from './commands.ts';
export { drawSwarm, fixedSwarm, type Swarm } from './swarm.ts';
export type { Trace } from './trace.ts';
export { resolve, type Template } from './template.ts';
export { pick } from './pick.ts';
export { runTrace, type TraceResult, type Finding, type Checks } from './run-trace.ts';
export { check, checksOf, type CheckOptions, type CheckReport, type Counterexample } from './check.ts';
export { minimize } from './minimize.ts';
export { emptyCoverage, rareWindows, unreached, vacuity, type Coverage } from './coverage.ts';
export { windows, windowTarget, type Window } from './windows.ts';
export { describeAction, describeStep } from './describe.ts';
export { invariants, stateInvariants, stepInvariants, invariantById } from './invariants/catalog.ts';
export { OK, VACUOUS, evaluateState, evaluateStep, type Invariant, type StateInvariant, type StepInvariant, type Verdict } from './invariants/invariant.ts';
