// The invariant catalog: every rule the checker enforces, in a fixed order.

import { releases, type Profile, type Release } from '../../model/profile.ts';
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

/** The releases a rule applies to (the catalog's `releases`, every release when it names none). @public */
export function releasesOf(i: Invariant): readonly Release[] {
  return i.releases ?? releases;
}

const byRelease = new Map<Release, readonly Invariant[]>();

/** The rules a profile is checked against: its release's. @public */
export function invariantsFor(profile: Pick<Profile, 'release'>): readonly Invariant[] {
  let list = byRelease.get(profile.release);
  if (list === undefined) {
    list = invariants.every((i) => i.releases === undefined) ? invariants : invariants.filter((i) => releasesOf(i).includes(profile.release));
    byRelease.set(profile.release, list);
  }
  return list;
}
