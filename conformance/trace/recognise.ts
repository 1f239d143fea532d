import { LineProblem, decField, hexField } from './numbers.ts';
import type { RawEvent } from './raw.ts';

/**
 * One-line recognisers for the stackDebug=1 prints (research notes §6.5),
 * stock and extended forms. A line that starts like a known print but does
 * not match its exact shape is a problem (a truncated or tampered line must
 * not be silently skipped); any other line (program output, fatal errors,
 * goroutine dumps) is not ours and is ignored. The runtime's throws that
 * mention these names ("stackalloc not on scheduler stack", "copystack: bad
 * status") print after "fatal error: ", so they never start a line.
 * @internal
 */

const HEX = '0x([0-9a-f]+)';

type Recogniser = {
  readonly prefix: string;
  readonly what: string;
  readonly pattern: RegExp;
  readonly build: (m: RegExpExecArray, line: number) => RawEvent;
};

// P ids print as decimal int32; -1 is the extended format's "no P".
const pid = (text: string | undefined): number | null => (text === undefined ? null : decField(text, 'P id'));
// An optional decimal field (orders, block counts): null where the line's form has none.
const count = (text: string | undefined): number | null => (text === undefined ? null : decField(text, 'count'));

const recognisers: readonly Recogniser[] = [
  {
    prefix: 'stackalloc',
    what: 'stackalloc',
    pattern: /^stackalloc (\d+)$/,
    build: (m, line) => ({ kind: 'stackalloc', line, n: decField(m[1], 'size') }),
  },
  {
    prefix: '  allocated',
    what: 'allocated',
    pattern: new RegExp(`^  allocated ${HEX}(?: n=(\\d+) p=(-?\\d+))?$`),
    build: (m, line) => ({
      kind: 'allocated',
      line,
      v: hexField(m[1], 'address'),
      n: m[2] === undefined ? null : decField(m[2], 'size'),
      p: pid(m[3]),
    }),
  },
  {
    prefix: 'stackfree',
    what: 'stackfree',
    pattern: new RegExp(`^stackfree ${HEX} (\\d+)(?: p=(-?\\d+))?$`),
    build: (m, line) => ({
      kind: 'stackfree',
      line,
      v: hexField(m[1], 'address'),
      n: decField(m[2], 'size'),
      p: pid(m[3]),
    }),
  },
  {
    prefix: 'stackcacherefill',
    what: 'stackcacherefill',
    pattern: /^stackcacherefill order=(\d+)(?: p=(-?\d+) blocks=(\d+))?$/,
    build: (m, line) => ({ kind: 'stackcacherefill', line, order: decField(m[1], 'order'), p: pid(m[2]), blocks: count(m[3]) }),
  },
  {
    prefix: 'stackcacherelease',
    what: 'stackcacherelease',
    pattern: /^stackcacherelease order=(\d+)(?: p=(-?\d+) blocks=(\d+))?$/,
    build: (m, line) => ({ kind: 'stackcacherelease', line, order: decField(m[1], 'order'), p: pid(m[2]), blocks: count(m[3]) }),
  },
  {
    prefix: 'stackcache clear',
    what: 'stackcache clear',
    pattern: /^stackcache clear(?: p=(-?\d+) order=(\d+) blocks=(\d+))?$/,
    build: (m, line) => ({ kind: 'stackcache_clear', line, p: pid(m[1]), order: count(m[2]), blocks: count(m[3]) }),
  },
  {
    prefix: 'copystack',
    what: 'copystack',
    pattern: new RegExp(`^copystack gp=${HEX} \\[${HEX} ${HEX} ${HEX}\\] -> \\[${HEX} ${HEX} ${HEX}\\]/(\\d+)(?: fp=(\\d+) fpend=${HEX} dead=(\\d+) ctxt=${HEX} stale=${HEX})?$`),
    build: (m, line) => ({
      kind: 'copystack',
      line,
      gp: hexField(m[1], 'gp'),
      old: { lo: hexField(m[2], 'old.lo'), sp: hexField(m[3], 'old.sp'), hi: hexField(m[4], 'old.hi') },
      new: { lo: hexField(m[5], 'new.lo'), sp: hexField(m[6], 'new.sp'), hi: hexField(m[7], 'new.hi') },
      newsize: decField(m[8], 'newsize'),
      adjusted: m[9] === undefined ? null : { fp: decField(m[9], 'count'), fpend: hexField(m[10], 'fpend'), dead: decField(m[11], 'count'), ctxt: hexField(m[12], 'ctxt'), stale: hexField(m[13], 'stale') },
    }),
  },
  {
    prefix: 'shrinking stack',
    what: 'shrinking stack',
    // Go 1.26's extended form adds the goroutine's status and, when it waits, its wait reason
    // (waitReason.String(): words and spaces, last on the line).
    pattern: /^shrinking stack (\d+)->(\d+)(?: status=(\d+)(?: wait=([ -~]+))?)?$/,
    build: (m, line) => ({
      kind: 'shrinkstack',
      line,
      oldsize: decField(m[1], 'old size'),
      newsize: decField(m[2], 'new size'),
      status: count(m[3]),
      wait: m[4] ?? null,
    }),
  },
  {
    prefix: 'stackspan',
    what: 'stackspan',
    pattern: new RegExp(`^stackspan (alloc|free) ${HEX} npages=(\\d+) (?:order=(\\d+)|large)$`),
    build: (m, line) => ({
      kind: 'stackspan',
      line,
      op: m[1] === 'alloc' ? 'alloc' : 'free',
      base: hexField(m[2], 'span base'),
      npages: decField(m[3], 'npages'),
      order: count(m[4]),
    }),
  },
  {
    prefix: 'stacklarge',
    what: 'stacklarge',
    pattern: new RegExp(`^stacklarge (?:(pop|push|free) ${HEX}|empty) npages=(\\d+)$`),
    build: (m, line) =>
      m[1] === undefined
        ? { kind: 'stacklarge', line, op: 'empty', npages: decField(m[3], 'npages') }
        : {
            kind: 'stacklarge',
            line,
            op: m[1] === 'pop' ? 'pop' : m[1] === 'push' ? 'push' : 'free',
            base: hexField(m[2], 'span base'),
            npages: decField(m[3], 'npages'),
          },
  },
  {
    prefix: 'stackpool',
    what: 'stackpool',
    pattern: new RegExp(`^stackpool (alloc|free) ${HEX} order=(\\d+) p=(-?\\d+)$`),
    build: (m, line) => ({
      kind: 'stackpool',
      line,
      op: m[1] === 'alloc' ? 'alloc' : 'free',
      v: hexField(m[2], 'address'),
      order: decField(m[3], 'order'),
      p: decField(m[4], 'P id'),
    }),
  },
  {
    prefix: 'freeStackSpans',
    what: 'freeStackSpans',
    pattern: /^freeStackSpans (?:order=(\d+)|large)$/,
    build: (m, line) => ({ kind: 'freestackspans', line, order: count(m[1]) }),
  },
  {
    prefix: 'setGCPhase',
    what: 'setGCPhase',
    pattern: /^setGCPhase ([012])$/,
    build: (m, line) => ({ kind: 'gcphase', line, phase: m[1] === '0' ? 'off' : m[1] === '1' ? 'mark' : 'marktermination' }),
  },
  {
    prefix: 'procresize',
    what: 'procresize',
    pattern: /^procresize (\d+) -> (\d+)$/,
    build: (m, line) => ({ kind: 'procresize', line, from: decField(m[1], 'old procs'), to: decField(m[2], 'new procs') }),
  },
  {
    prefix: 'gfput',
    what: 'gfput',
    pattern: new RegExp(`^gfput g=(\\d+) stack=${HEX} n=(\\d+) start=(\\d+) p=(-?\\d+)$`),
    build: (m, line) => ({
      kind: 'gfput',
      line,
      g: decField(m[1], 'goid'),
      lo: hexField(m[2], 'stack.lo'),
      n: decField(m[3], 'size'),
      start: decField(m[4], 'starting size'),
      p: decField(m[5], 'P id'),
    }),
  },
  {
    prefix: 'gfree',
    what: 'gfree',
    pattern: new RegExp(`^gfree (push|pop) g=(\\d+) stack=${HEX} n=(\\d+)$`),
    build: (m, line) => ({
      kind: 'gfree',
      line,
      op: m[1] === 'push' ? 'push' : 'pop',
      g: decField(m[2], 'goid'),
      lo: hexField(m[3], 'stack.lo'),
      n: decField(m[4], 'size'),
    }),
  },
  {
    prefix: 'markrootFreeGStacks',
    what: 'markrootFreeGStacks',
    pattern: /^markrootFreeGStacks n=(\d+) p=(-?\d+)$/,
    build: (m, line) => ({ kind: 'markrootfreegstacks', line, count: decField(m[1], 'count'), p: decField(m[2], 'P id') }),
  },
  {
    prefix: 'stack grow done',
    what: 'stack grow done',
    pattern: /^stack grow done$/,
    build: (_m, line) => ({ kind: 'stackgrowdone', line }),
  },
];

/** The event on a single line, null if the line is not a stack print. Throws LineProblem if malformed. */
export function recogniseLine(text: string, line: number): RawEvent | null {
  for (const r of recognisers) {
    if (!text.startsWith(r.prefix)) continue;
    const m = r.pattern.exec(text);
    if (m === null) throw new LineProblem(`malformed ${r.what} line`);
    return r.build(m, line);
  }
  return null;
}
