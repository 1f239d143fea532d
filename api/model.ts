// `stackcheck/model`: what a mutant file (--mutant-file, anywhere on disk) imports from the
// model, by the package's own name (package.json "exports"), so it does not depend on where
// the checkout is. Every routine of the table under its runtime name (shrinkstack, stackalloc,
// ...), the draft helpers a replacement writes through, fatal/terminal, and the model's types.
export * from '../model/index.ts';
export * from '../model/draft.ts';
export { fatal, terminal, type Abort } from '../model/abort.ts';
export * from '../model/chan.ts';
export * from '../model/copystack.ts';
export * from '../model/gc.ts';
export * from '../model/heap.ts';
export * from '../model/mutator.ts';
export * from '../model/proc.ts';
export * from '../model/prologue.ts';
export * from '../model/stack.ts';
export * from '../model/stackpool.ts';
export type { UserMutant } from '../model/mutants/user-api.ts';
export type { Replacement } from '../model/mutants/define.ts';
