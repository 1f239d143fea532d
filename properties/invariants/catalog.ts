// The invariant catalog: every rule the checker enforces, in a fixed order.

import { cacheInvariants } from './caches.ts';
import { contentInvariants } from './contents.ts';
import { goroutineInvariants } from './goroutines.ts';
import type { Invariant, StateInvariant, StepInvariant } from './invariant.ts';
import { ownershipInvariants } from './ownership-invariants.ts';
import { pointerInvariants } from './pointers.ts';
import { spanInvariants } from './spans.ts';
import { stackInvariants } from './stacks.ts';
import { transitionInvariants } from './transitions.ts';

/** @public */
export const invariants: readonly Invariant[] = [
  ...spanInvariants, ...cacheInvariants, ...ownershipInvariants, ...stackInvariants, ...goroutineInvariants,
  ...pointerInvariants, ...transitionInvariants, ...contentInvariants,
];

/** @public */
export const stateInvariants = invariants.filter((i): i is StateInvariant => i.kind === 'state');
/** @public */
export const stepInvariants = invariants.filter((i): i is StepInvariant => i.kind === 'step');

/** @public */
export function invariantById(id: string): Invariant | undefined {
  return invariants.find((i) => i.id === id);
}
