// Faulty routine tables for the counterexample tests and the corpus: goRuntime with one
// routine broken (fault-routines.ts). Until model/mutants/ provides named mutants, corpus
// files made from these name them, and the corpus test supplies them.

import { goRuntime, type Runtime } from '../../model/index.ts';
import { adjustctxtNone, stackcacheClearKeeps, stackpoolfreeFreesDuringGC, stackpoolfreeNoDecrement } from './fault-routines.ts';

/** The local faults by the mutant name their corpus files record. */
export const localFaults: Readonly<Record<string, Runtime>> = {
  'local-stackpoolfree-no-decrement': { ...goRuntime, stackpoolfree: stackpoolfreeNoDecrement },
  'local-adjustctxt-none': { ...goRuntime, adjustctxt: adjustctxtNone },
  'local-stackcache-clear-keeps': { ...goRuntime, stackcache_clear: stackcacheClearKeeps },
  'local-stackpoolfree-frees-during-gc': { ...goRuntime, stackpoolfree: stackpoolfreeFreesDuringGC },
};
