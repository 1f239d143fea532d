// The loop shapes of the catalog, written once: a rule says what must hold of one span,
// one cache, one stack or one moved goroutine, and the shape walks the state (or the step)
// and turns what the rule collected into a verdict. A state or step with nothing of that
// shape in it holds vacuously. Rules are module-level functions, so a check allocates
// nothing while the rule holds.

import type { Action, Config, Frame, G, Observation, P, Span, StackFreeList, State } from '../../model/index.ts';
import { isSmallStack } from '../../model/index.ts';
import { contextFor, type CheckContext } from './context.ts';
import { verdict, type Out, type Verdict } from './invariant.ts';
import { OwnerKind, ownerKind } from './ownership.ts';
import { clearList, sortIds } from './scratch.ts';

type StateCheck = (cfg: Config, s: State, ctx?: CheckContext) => Verdict;
type StepCheck = (cfg: Config, before: State, a: Action, after: State, obs: Observation, ctx?: CheckContext) => Verdict;

/** A span the stack allocator owns (mSpanManual). @internal */
export function isStackSpan(sp: Span): boolean {
  return sp.state === 'manual';
}

/** A stack span cut into small stacks (stackpool's spans): elemsize below the large threshold. @internal */
export function isPoolSpan(cfg: Config, sp: Span): boolean {
  return sp.state === 'manual' && isSmallStack({ cfg }, sp.elemsize);
}

type SpanRule = (cfg: Config, s: State, sp: Span, out: Out) => Out;
type SinceCheck = (cfg: Config, prev: State, s: State, ctx: CheckContext) => Verdict;
type SpanChecks = { readonly check: StateCheck; readonly checkSince: SinceCheck };

/**
 * For every span that passes `which`: a full check, and one since a passing state that looks
 * only at the spans that are new objects (a merge walk of the two sorted span lists), or at
 * every span when a part in `alsoReads` changed.
 */
function eachSpanWhere(which: (cfg: Config, sp: Span) => boolean, rule: SpanRule, alsoReads: readonly (keyof State)[]): SpanChecks {
  const over = (cfg: Config, prev: State | null, s: State): Verdict => {
    let out: Out = null;
    let saw = false;
    const old = prev === null ? null : prev.spans;
    let j = 0;
    for (const sp of s.spans) {
      if (old !== null) {
        while (j < old.length && old[j].base < sp.base) j++;
        if (j < old.length && old[j] === sp) continue;
      }
      if (!which(cfg, sp)) continue;
      saw = true;
      out = rule(cfg, s, sp, out);
    }
    return verdict(out, saw);
  };
  return {
    check: (cfg, s) => over(cfg, null, s),
    checkSince: (cfg, prev, s) => {
      for (const part of alsoReads) if (prev[part] !== s[part]) return over(cfg, null, s);
      return over(cfg, prev, s);
    },
  };
}

/** For every stack span. @internal */
export function eachStackSpan(rule: SpanRule, alsoReads: readonly (keyof State)[] = []): SpanChecks {
  return eachSpanWhere((_cfg, sp) => isStackSpan(sp), rule, alsoReads);
}

/** For every pool span. @internal */
export function eachPoolSpan(rule: SpanRule, alsoReads: readonly (keyof State)[] = []): SpanChecks {
  return eachSpanWhere(isPoolSpan, rule, alsoReads);
}

/** For every frame of g, outermost first (a per-goroutine rule's inner loop). @internal */
export function eachFrame(cfg: Config, g: G, out: Out, rule: (cfg: Config, g: G, k: number, f: Frame, out: Out) => Out): Out {
  for (let k = 0; k < g.frames.length; k++) out = rule(cfg, g, k, g.frames[k], out);
  return out;
}

/** For every P (a state with no P holds vacuously). @internal */
export function eachP(rule: (cfg: Config, s: State, p: P, out: Out) => Out): StateCheck {
  return (cfg, s) => {
    let out: Out = null;
    for (const p of s.ps) out = rule(cfg, s, p, out);
    return verdict(out, s.ps.length > 0);
  };
}

/** For every p struct the runtime keeps: allp[:len] and those procresize destroyed (allp[len:cap]). @internal */
export function eachPStruct(rule: (cfg: Config, p: P, destroyed: boolean, out: Out) => Out): StateCheck {
  return (cfg, s) => {
    let out: Out = null;
    for (const p of s.ps) out = rule(cfg, p, false, out);
    for (const p of s.retiredPs) out = rule(cfg, p, true, out);
    return verdict(out, s.ps.length > 0);
  };
}

/** Whether P i's list of order k in s is not the very object of prev's (always, when prev is null or its Ps differ in number). */
function listReplaced(prev: State | null, s: State, i: number, k: number): boolean {
  return prev === null || prev.ps.length !== s.ps.length || prev.ps[i].stackcache[k] !== s.ps[i].stackcache[k];
}

type CacheChecks = { readonly check: StateCheck; readonly checkSince: SinceCheck; readonly unchangedSince: (prev: State, s: State, ctx: CheckContext) => boolean };

// A step that replaced Ps but none of their stack caches (execute, gosched: curg; newproc: the
// pacer's delta) leaves every cache rule's input as it was.
const cachesUnchanged = (prev: State, s: State, ctx: CheckContext): boolean => ctx.sameStackCaches(prev, s);
const cachesAndSpansUnchanged = (prev: State, s: State, ctx: CheckContext): boolean => prev.spans === s.spans && ctx.sameStackCaches(prev, s);

/**
 * For every P and order; after a passing state, only the lists the step replaced (a list
 * is immutable, so one that is the same object holds what it held).
 * @internal
 */
export function eachCacheOrder(rule: (cfg: Config, s: State, p: P, order: number, c: StackFreeList, out: Out) => Out): CacheChecks {
  const over = (cfg: Config, prev: State | null, s: State): Verdict => {
    let out: Out = null;
    for (let i = 0; i < s.ps.length; i++) {
      const p = s.ps[i];
      if (prev !== null && prev.ps.length === s.ps.length && prev.ps[i].stackcache === p.stackcache) continue;
      for (let k = 0; k < p.stackcache.length; k++) if (listReplaced(prev, s, i, k)) out = rule(cfg, s, p, k, p.stackcache[k], out);
    }
    return verdict(out, s.ps.length > 0);
  };
  return { check: (cfg, s) => over(cfg, null, s), checkSince: (cfg, prev, s) => over(cfg, prev, s), unchangedSince: cachesUnchanged };
}

/**
 * For every block in every P's stack cache; after a passing state with the same spans, only
 * the blocks of the lists the step replaced (the rule reads the block's span too).
 * @internal
 */
export function eachCachedBlock(rule: (cfg: Config, s: State, p: P, order: number, block: number, out: Out) => Out): CacheChecks {
  const over = (cfg: Config, prev: State | null, s: State): Verdict => {
    const since = prev !== null && prev.spans === s.spans ? prev : null;
    let out: Out = null;
    let saw = false;
    for (let i = 0; i < s.ps.length; i++) {
      const p = s.ps[i];
      for (let k = 0; k < p.stackcache.length; k++) {
        const c = p.stackcache[k];
        if (c.list === null) continue;
        saw = true;
        if (listReplaced(since, s, i, k)) for (let x: StackFreeList['list'] = c.list; x !== null; x = x.next) out = rule(cfg, s, p, k, x.v, out);
      }
    }
    return verdict(out, saw);
  };
  return { check: (cfg, s) => over(cfg, null, s), checkSince: (cfg, prev, s) => over(cfg, prev, s), unchangedSince: cachesAndSpansUnchanged };
}

/** Who owns a stack, as a number (id * 4 + kind) so that no name is built unless one is reported. @internal */
export type StackOwner = number;
const ofG = 0, ofG0 = 1, ofGsignal = 2;

/** The name of a stack's owner, for messages. @internal */
export function stackOwner(o: StackOwner): string {
  const id = o >> 2;
  return (o & 3) === ofG ? `g${id}` : (o & 3) === ofG0 ? `m${id}.g0` : `m${id}.gsignal`;
}

type StackRule = (cfg: Config, s: State, lo: number, hi: number, who: StackOwner, isG: boolean, out: Out) => Out;

function gStack(cfg: Config, s: State, g: G, rule: StackRule, out: Out): Out {
  return g.lo !== 0 || g.hi !== 0 ? rule(cfg, s, g.lo, g.hi, g.goid * 4 + ofG, true, out) : out;
}

function mStacks(cfg: Config, s: State, rule: StackRule, out: Out): Out {
  for (const m of s.ms) {
    if (m.g0lo !== 0) out = rule(cfg, s, m.g0lo, m.g0hi, m.id * 4 + ofG0, false, out);
    if (m.gsiglo !== 0) out = rule(cfg, s, m.gsiglo, m.gsighi, m.id * 4 + ofGsignal, false, out);
  }
  return out;
}

/**
 * For every live stack (goroutines', then Ms' g0 and gsignal): a full check, and a check
 * since a passing state that looks only at the goroutines the step replaced (and the Ms if
 * they changed). With `inSpans`, the rule also reads the span a stack lies in: then the
 * stacks lying in a span the step replaced, added or removed are checked too (found through
 * the run's ownership view, which names each cell's owner).
 * @internal
 */
export function eachStack(rule: StackRule, inSpans = false): {
  readonly check: StateCheck;
  readonly checkSince: (cfg: Config, prev: State, s: State, ctx: CheckContext) => Verdict;
} {
  const check: StateCheck = (cfg, s) => {
    let out: Out = null;
    for (const g of s.gs) out = gStack(cfg, s, g, rule, out);
    out = mStacks(cfg, s, rule, out);
    return verdict(out, s.gs.length > 0 || s.ms.length > 0);
  };
  const checkSince = (cfg: Config, prev: State, s: State, ctx: CheckContext): Verdict => {
    // The changed goroutines come sorted and once each; only stacks found through changed
    // spans need merging into them.
    let which = ctx.changedGoroutines(prev, s);
    let ms = prev.ms !== s.ms;
    if (inSpans && prev.spans !== s.spans) {
      const more = ctx.scratchGoids;
      clearList(more);
      for (const i of which) more.push(i);
      ms = stacksInChangedSpans(cfg, prev, s, ctx, more) || ms;
      sortIds(more);
      which = more;
    }
    let out: Out = null;
    for (let j = 0; j < which.length; j++) if (j === 0 || which[j] !== which[j - 1]) out = gStack(cfg, s, s.gs[which[j]], rule, out);
    if (ms) out = mStacks(cfg, s, rule, out);
    return verdict(out, s.gs.length > 0 || s.ms.length > 0);
  };
  return { check, checkSince };
}

/** Adds to `into` the goroutines whose stacks lie in spans one of prev and s has and the other lacks; true if an M's does. */
function stacksInChangedSpans(cfg: Config, prev: State, s: State, ctx: CheckContext, into: number[]): boolean {
  const own = ctx.owners.at(s);
  const page = cfg.pageSize;
  let m = false;
  const scan = (sp: Span): void => {
    const first = (sp.base - own.base) / own.cellSize;
    const count = (sp.npages * page) / own.cellSize;
    for (let i = first; i < first + count && i < own.cells.length; i++) {
      const code = own.cells[i], kind = ownerKind(code);
      // The cells of one stack are consecutive: name its goroutine once, so the list stays short to sort.
      if (kind === OwnerKind.GStack && (into.length === 0 || into[into.length - 1] !== (code & 0xffff))) into.push(code & 0xffff);
      else if (kind === OwnerKind.G0Stack || kind === OwnerKind.GsignalStack) m = true;
    }
  };
  for (const sp of s.spans) if (!sameSpanIn(prev.spans, sp, page)) scan(sp);
  for (const sp of prev.spans) if (!sameSpanIn(s.spans, sp, page)) scan(sp);
  return m;
}

function sameSpanIn(list: readonly Span[], sp: Span, page: number): boolean {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = list[mid];
    if (sp.base < x.base) hi = mid - 1;
    else if (sp.base >= x.base + x.npages * page) lo = mid + 1;
    else return x === sp;
  }
  return false;
}

/** Which moves a step rule looks at. */
type MoveKind = 'any' | 'shrink' | 'growth';

function isKind(kind: MoveKind, o: G, n: G): boolean {
  const oldsize = o.hi - o.lo, newsize = n.hi - n.lo;
  return kind === 'any' || (kind === 'shrink' ? newsize < oldsize : newsize > oldsize);
}

/** For every goroutine whose live stack the step moved (of one kind): its before and after. @internal */
export function eachMove(kind: MoveKind, rule: (cfg: Config, o: G, n: G, a: Action, after: State, out: Out) => Out): StepCheck {
  return (cfg, before, a, after, _obs, ctx) => {
    const c = contextFor(cfg, ctx);
    let out: Out = null;
    let saw = false;
    for (const i of c.movedGoroutines(before, after)) {
      const o = before.gs[i], n = after.gs[i];
      if (!isKind(kind, o, n)) continue;
      saw = true;
      out = rule(cfg, o, n, a, after, out);
      if (out !== null) break;
    }
    return verdict(out, saw);
  };
}

/** For every goroutine present before the step that the step replaced and that `applies` selects (by its state before). @internal */
export function eachChangedG(applies: (o: G, n: G) => boolean, rule: (cfg: Config, o: G, n: G, after: State, out: Out) => Out): StepCheck {
  return (cfg, before, _a, after, _obs, ctx) => {
    const c = contextFor(cfg, ctx);
    let out: Out = null;
    let saw = false;
    for (const i of c.changedGoroutines(before, after)) {
      if (i >= before.gs.length) continue;
      const o = before.gs[i], n = after.gs[i];
      if (!applies(o, n)) continue;
      saw = true;
      out = rule(cfg, o, n, after, out);
    }
    return verdict(out, saw);
  };
}
