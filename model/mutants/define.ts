// What a mutant is: a named, documented variant of one or two runtime routines, built as
// the correct routine table with those entries replaced, so every caller runs the bug.

import { releases, type Release } from '../profile.ts';
import { goRuntime, type RoutineName, type Runtime } from '../runtime.ts';

/** A replacement for some routines of the table, each with the routine's own signature. @public */
export type Replacement = { readonly [K in RoutineName]?: Runtime[K] };

/** A seeded bug. @public */
export interface Mutant {
  /** Stable kebab-case name, used by `stackcheck run --mutant` and in counterexample files. */
  readonly name: string;
  /** One line: what is wrong. */
  readonly title: string;
  /** One paragraph: the bug, where it comes from, and why the checker sees it. */
  readonly doc: string;
  /** The Go issue (golang/go#N) or runtime throw it reproduces. */
  readonly issue: string;
  /** The routines replaced. */
  readonly routines: readonly RoutineName[];
  /** The invariant ids (or 'throw') expected to catch it, most likely first. */
  readonly caughtBy: readonly string[];
  /** The routine table with the bug in it. */
  readonly rt: Runtime;
  /** The releases whose runtime has the code the bug is in (a profile of another release runs without it). */
  readonly releases: readonly Release[];
}

/** The parts of a mutant its file writes; routines and rt follow from `replace`. @public */
export interface MutantSpec {
  readonly name: string;
  readonly title: string;
  readonly doc: string;
  readonly issue: string;
  readonly caughtBy: readonly string[];
  readonly replace: Replacement;
  /** The releases whose runtime has the code the bug is in (default: every release). */
  readonly releases?: readonly Release[];
}

/** Builds a mutant: goRuntime with spec.replace's entries swapped in. @public */
export function defineMutant(spec: MutantSpec): Mutant {
  const routines = Object.keys(spec.replace) as RoutineName[];
  if (routines.length === 0) throw new Error(`mutant ${spec.name} replaces no routine`);
  return {
    name: spec.name, title: spec.title, doc: spec.doc, issue: spec.issue, routines,
    caughtBy: spec.caughtBy, rt: { ...goRuntime, ...spec.replace } as Runtime, releases: spec.releases ?? releases,
  };
}
