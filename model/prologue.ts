// The function prologue's stack check as cmd/internal/obj/x86/obj6.go:stacksplit emits it
// in Go 1.19. Poison values in stackguard0 (stackPreempt, ...) are huge unsigned numbers,
// so every compare against them fails over to morestack. Go 1.19's large-frame form only
// guards against SP - framesize wrapping; it has no explicit stackPreempt compare (older
// releases had one), and with a poisoned guard the compare sends it to morestack anyway.

import type { Draft } from './draft.ts';
import type { Func } from './funcs.ts';
import type { G } from './state.ts';
import { entrySP } from './frame-layout.ts';

/** Whether f's prologue has a stack check at all: obj6.go:preprocess marks a small leaf NOSPLIT. @public */
export function hasStackCheck(d: Pick<Draft, 'cfg'>, f: Func): boolean {
  return !(f.leaf && f.frame < d.cfg.profile.stackSmall);
}

/** True when calling f from g's current SP must go through morestack (obj6.go:stacksplit). */
export function stacksplit(d: Draft, g: G, f: Func): boolean {
  const { stackSmall, stackBig, ptrSize } = d.cfg.profile;
  if (!hasStackCheck(d, f)) return false;
  const sp = entrySP(g.sp, ptrSize); // CALL has pushed the return address
  if (g.stackguard0 < 0) return true; // poisoned: compares above every SP
  if (f.frame <= stackSmall) return sp <= g.stackguard0;
  const tmp = sp - (f.frame - stackSmall);
  if (f.frame <= stackBig) return tmp <= g.stackguard0;
  return tmp < 0 || tmp <= g.stackguard0; // JCS on wrap, then the compare
}
